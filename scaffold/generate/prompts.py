"""Interactive prompts: the only module that imports questionary.

:func:`ask` asks one :class:`~scaffold.types.questions.Question` and returns its converted value.
Validation runs at the prompt through the same ``Question.parse`` that scripted answers use,
so the user fixes an answer where they typed it. Ctrl-C raises ``KeyboardInterrupt`` (questionary's
``unsafe_ask``), which the CLI turns into exit 130 with nothing written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import questionary
from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from scaffold.types.questions import Question

NONE_CHOICE = "(none)"


class _LinkCompleter(Completer):
    """Completes the note name being typed after the last comma, from the vault's notes."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = list(names)

    def get_completions(
        self, document: Document, complete_event: CompleteEvent
    ) -> Iterable[Completion]:
        before = document.text_before_cursor
        current = before.rsplit(",", 1)[-1].lstrip().lstrip("[")
        folded = current.casefold()
        starts = [n for n in self.names if n.casefold().startswith(folded)]
        middle = [n for n in self.names if folded in n.casefold() and n not in starts]
        for name in (starts + middle)[:50]:
            yield Completion(name, start_position=-len(current))


def ask(
    question: Question,
    default: object,
    answers: Mapping[str, object],
    *,
    suggestions: Sequence[str] = (),
) -> object:
    """Ask ``question`` on the terminal; returns its converted, validated value.

    ``default`` is the converted default (Enter accepts it); ``answers`` are the earlier answers
    (unused by the prompt itself, part of the :data:`~scaffold.types.questions.Asker` signature);
    ``suggestions`` are note names offered for wikilink questions.
    """
    message = question.prompt_label
    try:
        if question.type == "bool":
            return bool(questionary.confirm(message, default=bool(default)).unsafe_ask())
        if question.type == "choice":
            return _ask_choice(question, default, message)
        if question.type == "multi":
            chosen = questionary.checkbox(
                message,
                choices=[
                    questionary.Choice(c.label, value=c.value, checked=c.value in _list(default))
                    for c in question.choices
                ],
                validate=lambda picked: question.problem(picked) or True,
            ).unsafe_ask()
            return question.parse(chosen)
        if question.type == "rows":
            return _ask_rows(question, default, message)
        return _ask_text(question, default, message, suggestions)
    except EOFError:  # Ctrl-D: treat as giving up, like Ctrl-C
        raise KeyboardInterrupt from None


def _list(value: object) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _ask_text(
    question: Question, default: object, message: str, suggestions: Sequence[str]
) -> object:
    def validate(text: str) -> bool | str:
        return question.problem(text) or True

    instruction = f"({question.help})" if question.help else None
    text_default = question.to_text(default)
    if question.type in ("wikilink", "wikilinks") and question.suggest and suggestions:
        raw = questionary.autocomplete(
            f"{message} {instruction}" if instruction else message,
            choices=list(suggestions),
            default=text_default,
            completer=_LinkCompleter(suggestions),
            validate=validate,
        ).unsafe_ask()
    else:
        raw = questionary.text(
            message, default=text_default, validate=validate, instruction=instruction
        ).unsafe_ask()
    return question.parse(raw)


def _ask_choice(question: Question, default: object, message: str) -> object:
    choices = [questionary.Choice(c.label, value=c.value) for c in question.choices]
    if not question.required:
        choices.append(questionary.Choice(NONE_CHOICE, value=""))
    values = [c.value for c in question.choices]
    start = default if isinstance(default, str) and default in values else None
    if start is None and not question.required:
        start = ""
    picked = questionary.select(message, choices=choices, default=start).unsafe_ask()
    return question.parse(picked)


def _ask_rows(question: Question, default: object, message: str) -> object:
    """One prompt per row (``Metric=Value``); an empty line ends the table."""
    rows: list[tuple[str, str]] = []
    preset = [f"{k}={v}" for k, v in _list(default)]
    while True:
        number = len(rows) + 1
        hint = question.help or "Metric=Value"
        taken = {k.casefold() for k, _ in rows}

        def validate(text: str, taken: set[str] = taken) -> bool | str:
            if not text.strip():
                if question.required and not rows:
                    return "at least one row is required"
                return True
            problem = question.problem(text)
            if problem:
                return problem
            key = text.partition("=")[0].strip()
            return f"row {key!r} is already there" if key.casefold() in taken else True

        raw = questionary.text(
            f"{message} — row {number}",
            default=preset[len(rows)] if len(rows) < len(preset) else "",
            validate=validate,
            instruction=f"({hint}; empty line to finish)",
        ).unsafe_ask()
        if not raw or not raw.strip():
            break
        parsed = question.convert(raw)
        rows.extend(parsed if isinstance(parsed, list) else [])
    return question.parse(rows)
