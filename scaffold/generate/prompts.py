"""Interactive prompts: the only module that imports questionary (and prompt_toolkit).

:func:`ask` asks one :class:`~scaffold.entities.questions.Question` and returns its converted value.
Validation runs at the prompt through the same ``Question.parse`` that scripted answers use,
plus any check that needs the vault (a name already taken), so the user fixes an answer where
they typed it. A question's help sits in the bottom toolbar, never beside the prompt, so a long
help text does not wrap the line being typed. Links complete from the vault's note names and
aliases, tags from the vault's tags, each item of a comma-separated list on its own.

Ctrl-C raises ``KeyboardInterrupt`` (questionary's ``unsafe_ask``), and so does Ctrl-D; the
CLI turns it into exit 130 with nothing written.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import IO, Any

import questionary
from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from scaffold.entities.questions import Question
from scaffold.generate.suggest import LinkChoice, Suggestions

NONE_CHOICE = "(none)"

Check = Callable[[object, Mapping[str, object]], "str | None"]
"""A check that needs more than the question: ``(converted value, earlier answers) -> problem``."""


# --- completion -----------------------------------------------------------------------------


def _current_item(text: str, separators: str) -> str:
    """The item being typed: the text after the last unescaped separator, left-trimmed."""
    start = 0
    i = 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] in separators:
            start = i + 1
        i += 1
    return text[start:].lstrip()


class ItemCompleter(Completer):
    """Completes the item being typed (after the last comma) from a list of candidates.

    Candidates that start with the typed text come first, then those that contain it; a link
    candidate that is an alias shows the note it belongs to, and completes to that note's name.
    """

    def __init__(self, candidates: Sequence[LinkChoice], *, separators: str = ",") -> None:
        self.candidates = list(candidates)
        self.separators = separators

    def get_completions(
        self, document: Document, complete_event: CompleteEvent
    ) -> Iterable[Completion]:
        current = _current_item(document.text_before_cursor, self.separators).lstrip("[#")
        folded = current.casefold()
        starts = [c for c in self.candidates if c.text.casefold().startswith(folded)]
        middle = [c for c in self.candidates if folded in c.text.casefold() and c not in starts]
        offered: set[str] = set()
        for link in (starts + middle)[:50]:
            if link.note in offered and link.text != link.note:
                continue
            offered.add(link.note)
            yield Completion(
                link.note,
                start_position=-len(current),
                display=link.text,
                display_meta=link.meta,
            )


class RowKeyCompleter(ItemCompleter):
    """Completes the row name (before ``=``) of a ``Note=relation`` row from note names."""

    def get_completions(
        self, document: Document, complete_event: CompleteEvent
    ) -> Iterable[Completion]:
        if "=" in document.text_before_cursor:
            return
        yield from super().get_completions(document, complete_event)


def _completer(question: Question, suggestions: Suggestions | None) -> Completer | None:
    if suggestions is None:
        return None
    if question.links_notes and question.suggest and suggestions.links:
        if question.type == "rows":
            return RowKeyCompleter(suggestions.links)
        return ItemCompleter(
            suggestions.links, separators="," if question.type != "wikilink" else ""
        )
    if question.type == "tags" and suggestions.tags:
        return ItemCompleter([LinkChoice(t, t) for t in suggestions.tags])
    return None


# --- asking ---------------------------------------------------------------------------------


def ask(
    question: Question,
    default: object,
    answers: Mapping[str, object],
    *,
    suggestions: Suggestions | None = None,
    check: Check | None = None,
) -> object:
    """Ask ``question`` on the terminal; returns its converted, validated value.

    ``default`` is the converted default (Enter accepts it); ``answers`` are the earlier
    answers, which fill ``{{ }}`` in the label and help; ``suggestions`` complete links and
    tags; ``check`` refuses a value for a reason the question alone cannot know.
    """
    label, help_text = question.prompt_texts(answers)

    def problem(raw: object) -> str | None:
        found = question.problem(raw)
        if found is None and check is not None:
            found = check(question.parse(raw), answers)
        return found

    try:
        if question.type == "bool":
            toolbar = _toolbar(help_text)
            # Enter accepts: with questionary's auto_enter, `no` answered at the `n` and the
            # `o` went into the next question. Other keys are ignored until Enter.
            confirm = questionary.confirm(label, default=bool(default), auto_enter=False, **toolbar)
            return bool(confirm.unsafe_ask())
        if question.type == "choice":
            return _ask_choice(question, default, label)
        if question.type == "multi":
            chosen = questionary.checkbox(
                label,
                choices=[
                    questionary.Choice(c.label, value=c.value, checked=c.value in _list(default))
                    for c in question.choices
                ],
                validate=lambda picked: problem(picked) or True,
            ).unsafe_ask()
            return question.parse(chosen)
        if question.type == "rows":
            return _ask_rows(question, default, label, help_text, _completer(question, suggestions))
        raw = questionary.text(
            label,
            default=question.to_text(default),
            validate=lambda text: problem(text) or True,
            completer=_completer(question, suggestions),
            complete_while_typing=True,
            **_toolbar(help_text),
        ).unsafe_ask()
        return question.parse(raw)
    except EOFError:  # Ctrl-D: treat as giving up, like Ctrl-C
        raise KeyboardInterrupt from None


def choose(message: str, options: Sequence[tuple[str, str]], default: str | None = None) -> str:
    """Pick one of ``options`` (``(value, label)`` pairs) with the arrow keys and Enter, or
    the first letter of a label; returns the value."""
    keys: set[str] = set()
    choices = []
    for value, label in options:
        key = next((ch for ch in label.lower() if ch.isalpha() and ch not in keys), None)
        if key is not None:
            keys.add(key)
        choices.append(questionary.Choice(label, value=value, shortcut_key=key or True))
    try:
        picked = questionary.select(
            message, choices=choices, default=default, use_shortcuts=True
        ).unsafe_ask()
    except EOFError:
        raise KeyboardInterrupt from None
    return str(picked)


def _toolbar(help_text: str) -> dict[str, Any]:
    # The help on a line of its own at the bottom: beside the prompt it wraps the input line.
    return {"bottom_toolbar": f" {help_text} "} if help_text else {}


def _list(value: object) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


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


def _ask_rows(
    question: Question,
    default: object,
    message: str,
    help_text: str,
    completer: Completer | None,
) -> object:
    """One prompt per row (``Metric=Value``); an empty line ends the table."""
    from scaffold.entities.convert import escape_item

    rows: list[tuple[str, str]] = []
    preset = [f"{escape_item(k, ';=')}={escape_item(v, ';')}" for k, v in _list(default)]
    hint = help_text or "Metric=Value"
    while True:
        number = len(rows) + 1
        taken = {k.casefold() for k, _ in rows}

        def validate(text: str, taken: set[str] = taken) -> bool | str:
            if not text.strip():
                if question.required and not rows:
                    return "at least one row is required"
                return True
            problem = question.problem(text)
            if problem:
                return problem
            parsed = question.convert(text)
            keys = [k for k, _ in parsed] if isinstance(parsed, list) else []
            repeated = next((k for k in keys if k.casefold() in taken), None)
            return f"row {repeated!r} is already there" if repeated else True

        raw = questionary.text(
            f"{message} — row {number}",
            default=preset[len(rows)] if len(rows) < len(preset) else "",
            validate=validate,
            completer=completer,
            complete_while_typing=True,
            bottom_toolbar=f" {hint}; an empty line finishes ",
        ).unsafe_ask()
        if not raw or not raw.strip():
            break
        parsed = question.convert(raw)
        rows.extend(parsed if isinstance(parsed, list) else [])
    return question.parse(rows)


# --- the terminal ---------------------------------------------------------------------------


@contextlib.contextmanager
def terminal() -> Iterator[IO[str]]:
    """Where the conversation happens: standard output when it is a terminal; otherwise
    (``scaffold new product | cat``) the controlling terminal, ``/dev/tty``, so prompts still
    reach the person typing while the result goes down the pipe. Yields the stream that
    previews and messages should be printed to."""
    if sys.stdout.isatty():
        yield sys.stdout
        return
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_input
    from prompt_toolkit.output import create_output

    with (
        open(os.ctermid(), encoding="utf-8") as keyboard,
        open(os.ctermid(), "w", encoding="utf-8") as tty,
        create_app_session(input=create_input(keyboard), output=create_output(tty)),
    ):
        yield tty
