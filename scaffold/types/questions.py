"""Questions are data: one ``Question`` per entry of a type's ``questions.yaml``, and the
parser of that file.

The same ``Question`` converts and validates an answer whether it came from ``--set``, an
``--answers`` file, a default or a prompt, so every flow shares one path. What each type
converts to, and answering a whole question file, are in :mod:`scaffold.types.convert`. Nothing here
talks to a terminal: :mod:`scaffold.generate.prompts` is the only module that imports questionary.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scaffold.errors import TemplateError
from scaffold.types.convert import (
    CONVERTERS,
    LIST_TYPES,
    TYPES,
    AnswerProblem,
    Choice,
    as_date,
    num_text,
)

if TYPE_CHECKING:
    from jinja2.sandbox import ImmutableSandboxedEnvironment

# The converters' names, re-exported: a question file's reader sees them as the question model's.
__all__ = [
    "LIST_TYPES",
    "TYPES",
    "AnswerProblem",
    "Asker",
    "Choice",
    "History",
    "Question",
    "QuestionFile",
    "parse_question_file",
]


_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_QUESTION_KEYS = frozenset(
    {
        "name",
        "type",
        "label",
        "help",
        "default",
        "required",
        "pattern",
        "min",
        "max",
        "choices",
        "when",
        "ask",
        "bind",
        "backlink",
        "suggest",
        "history",
    }
)
_FILE_KEYS = frozenset({"description", "path", "link_back", "questions", "sections"})
_SECTION_KEYS = frozenset({"required", "recommended"})

Asker = Callable[["Question", object, Mapping[str, object]], object]
"""Asks one question: ``(question, default value, earlier answers) -> converted value``."""


@dataclass(frozen=True, slots=True)
class History:
    """A history table: one row per date, the date in the first column."""

    table: str
    """The section whose first table holds the history (a section address, may use
    ``{{ name }}``)."""
    column: str | None = None
    """The header of the value's column; None: the second column."""


@dataclass(frozen=True, slots=True)
class Question:
    """One question of an entity type, as written in ``questions.yaml``."""

    name: str
    """The answer's key: a Python identifier, used in templates and in ``--set NAME=VALUE``."""
    type: str = "text"
    """One of :data:`TYPES`."""
    label: str = ""
    """The prompt text; defaults to the name."""
    help: str = ""
    """One line shown beside the prompt and in ``scaffold templates show``."""
    default: object = None
    """A value, or a string with Jinja ``{{ }}`` over earlier answers and ``today``."""
    required: bool = False
    """An empty answer is refused."""
    pattern: str | None = None
    """A regular expression every non-empty text (or list item) must match in full."""
    min: float | str | None = None
    """Lowest allowed number (``integer``/``number``) or ISO date (``date``)."""
    max: float | str | None = None
    """Highest allowed number or ISO date."""
    choices: tuple[Choice, ...] = ()
    """The options of a ``choice`` or ``multi`` question."""
    when: str | bool = True
    """A Jinja expression over earlier answers; when false the question is skipped (empty)."""
    ask: bool = True
    """False: never prompted; the default is used unless an answer is given."""
    places: tuple[str, ...] = ()
    """The note addresses this answer is bound to (``bind:``, a string or a list). The first is
    where the template writes it; ``scaffold update`` sets every one a note has."""
    history: History | None = None
    """A table of dated values that ``scaffold update --as-of`` adds a row to (``history:``)."""
    backlink: str | None = None
    """For wikilink questions: the relation written into each linked note's Related list."""
    suggest: bool = True
    """For wikilink questions: offer the vault's note names while typing."""
    line: int | None = field(default=None, compare=False)
    """1-based line of the entry in its question file, for error messages."""

    @property
    def bind(self) -> str | None:
        """The first bound address: where the template writes the answer (or None)."""
        return self.places[0] if self.places else None

    @property
    def prompt_label(self) -> str:
        """The text a prompt shows."""
        return self.label or self.name.replace("_", " ").capitalize()

    def empty(self) -> object:
        """The value of an unanswered question."""
        if self.type in LIST_TYPES:
            return []
        if self.type in ("integer", "number", "date"):
            return None
        if self.type == "bool":
            return False
        return ""

    def is_empty(self, value: object) -> bool:
        """True when ``value`` means "no answer" (a ``bool`` is never empty)."""
        return value is None or value == "" or value == []

    def convert(self, raw: object) -> object:
        """Turn a raw answer (text from ``--set`` or a prompt, or a YAML/JSON value) into this
        question's value type. Raises :class:`AnswerProblem` with a message for the user."""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return self.empty()
        converter = CONVERTERS[self.type]
        return converter(self.choices, raw)

    def check(self, value: object) -> None:
        """Validate a converted value: ``required``, ``pattern``, ``min``/``max``."""
        if self.is_empty(value):
            if self.required:
                raise AnswerProblem("an answer is required")
            return
        if self.pattern is not None:
            items = value if isinstance(value, list) else [value]
            for item in items:
                if isinstance(item, str) and not re.fullmatch(self.pattern, item):
                    raise AnswerProblem(f"{item!r} does not match the pattern {self.pattern}")
        if isinstance(value, int | float) and not isinstance(value, bool):
            if self.min is not None and value < float(self.min):
                raise AnswerProblem(f"must be at least {num_text(self.min)}")
            if self.max is not None and value > float(self.max):
                raise AnswerProblem(f"must be at most {num_text(self.max)}")
        if isinstance(value, dt.date):
            if self.min is not None and value < as_date(self.min):
                raise AnswerProblem(f"must be on or after {self.min}")
            if self.max is not None and value > as_date(self.max):
                raise AnswerProblem(f"must be on or before {self.max}")

    def parse(self, raw: object) -> object:
        """:meth:`convert` then :meth:`check`: the one path every answer goes through."""
        value = self.convert(raw)
        self.check(value)
        return value

    def problem(self, raw: object) -> str | None:
        """The reason ``raw`` is refused, or None when it is fine (for prompt validation)."""
        try:
            self.parse(raw)
        except AnswerProblem as exc:
            return str(exc)
        return None

    def to_text(self, value: object) -> str:
        """The value as a user would type it (prompt defaults, ``templates show``)."""
        if value is None or (value is False and self.type != "bool"):
            return ""
        if self.type == "rows" and isinstance(value, list):
            return "; ".join(f"{k}={v}" for k, v in value)
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, float):
            return num_text(value)
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value)

    def applies(self, context: Mapping[str, object]) -> bool:
        """Evaluate ``when`` over the earlier answers."""
        if isinstance(self.when, bool):
            return self.when
        try:
            result = _expression_env().compile_expression(self.when)(**context)
        except Exception as exc:  # any Jinja failure is the question file's bug
            raise TemplateError(
                f"question {self.name!r}: cannot evaluate when: {self.when!r}: {exc}",
                line=self.line,
                hint="`when` may only use answers of questions asked before this one",
            ) from None
        return bool(result)

    def default_value(self, context: Mapping[str, object]) -> object:
        """The converted default. A string default is rendered as Jinja over ``context``."""
        raw = self.default
        if isinstance(raw, str) and ("{{" in raw or "{%" in raw):
            try:
                raw = _expression_env().from_string(raw).render(**context)
            except Exception as exc:
                raise TemplateError(
                    f"question {self.name!r}: cannot render default {self.default!r}: {exc}",
                    line=self.line,
                    hint="a default may only use answers of questions asked before this one",
                ) from None
        try:
            return self.convert(raw)
        except AnswerProblem as exc:
            raise TemplateError(
                f"question {self.name!r}: its default {raw!r} is not valid: {exc}",
                line=self.line,
            ) from None


@dataclass(frozen=True, slots=True)
class QuestionFile:
    """A type's ``questions.yaml``: its questions and what it declares about the note."""

    questions: tuple[Question, ...]
    description: str = ""
    """One line for ``scaffold templates list``."""
    path: str = "{{ name }}.md"
    """Jinja pattern for the note's path, relative to the vault."""
    link_back: bool = False
    """Whether ``scaffold new`` adds the new note to linked notes' Related lists by default."""
    required_sections: tuple[str, ...] = ()
    """Headings every note of the type must have (``sections: required:``); section
    patterns, which may use ``{{ name }}`` and ``*`` globs. ``scaffold check`` reports a
    missing one."""
    recommended_sections: tuple[str, ...] = ()
    """Headings a note of the type should have (``sections: recommended:``), reported as
    information when missing."""

    def get(self, name: str) -> Question | None:
        """The question called ``name``, if any."""
        for question in self.questions:
            if question.name == name:
                return question
        return None


@cache
def _expression_env() -> ImmutableSandboxedEnvironment:
    # Question files may come from a shared vault: defaults and `when` always run sandboxed.
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return ImmutableSandboxedEnvironment(undefined=StrictUndefined, keep_trailing_newline=False)


# --- parsing question files -----------------------------------------------------------------


def parse_question_file(text: str, path: Path | None = None) -> QuestionFile:
    """Parse a ``questions.yaml``; raises :class:`TemplateError` naming the file and line."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    yaml = YAML(typ="rt")
    try:
        data = yaml.load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise TemplateError(
            f"the question file is not valid YAML: {getattr(exc, 'problem', exc)}",
            path=path,
            line=mark.line + 1 if mark is not None else None,
        ) from None
    if not isinstance(data, Mapping):
        raise TemplateError(
            "the question file must be a mapping with a `questions:` list",
            path=path,
            hint="see docs/templates.md",
        )
    unknown = set(data) - _FILE_KEYS
    if unknown:
        raise TemplateError(
            f"unknown key(s) {', '.join(sorted(map(str, unknown)))} in the question file",
            path=path,
            hint=f"allowed: {', '.join(sorted(_FILE_KEYS))}",
        )
    entries = data.get("questions")
    if not isinstance(entries, list) or not entries:
        raise TemplateError("the question file needs a non-empty `questions:` list", path=path)
    questions: list[Question] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        line = _line_of(entries, index)
        question = _parse_question(entry, path, line)
        if question.name in seen:
            raise TemplateError(
                f"question {question.name!r} is defined twice", path=path, line=line
            )
        seen.add(question.name)
        questions.append(question)
    if "name" not in seen:
        raise TemplateError(
            "every type needs a question called `name`: it names the note", path=path
        )
    link_back = data.get("link_back", False)
    if not isinstance(link_back, bool):
        raise TemplateError("`link_back` must be true or false", path=path)
    required, recommended = _parse_sections(data.get("sections"), path)
    return QuestionFile(
        questions=tuple(questions),
        description=str(data.get("description") or ""),
        path=str(data.get("path") or "{{ name }}.md"),
        link_back=link_back,
        required_sections=required,
        recommended_sections=recommended,
    )


def _parse_sections(raw: object, path: Path | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``sections: {required: [...], recommended: [...]}`` -> the two tuples of headings."""
    if raw is None:
        return (), ()
    shape = "`sections` must be a mapping with `required` and/or `recommended` lists of headings"
    if not isinstance(raw, Mapping) or set(raw) - _SECTION_KEYS:
        raise TemplateError(shape, path=path, hint="e.g. sections: {required: [Quick stats]}")
    found: list[tuple[str, ...]] = []
    for key in ("required", "recommended"):
        items = raw.get(key) or []
        if isinstance(items, str):
            items = [items]
        if not isinstance(items, list) or not all(
            isinstance(item, str) and item.strip() for item in items
        ):
            raise TemplateError(f"`sections.{key}` must be a list of headings", path=path)
        found.append(tuple(str(item).strip() for item in items))
    return found[0], found[1]


def _line_of(container: Any, index: int) -> int | None:
    try:
        return int(container.lc.item(index)[0]) + 1
    except (AttributeError, KeyError, TypeError, IndexError):
        return None


def _parse_question(entry: object, path: Path | None, line: int | None) -> Question:
    if not isinstance(entry, Mapping):
        raise TemplateError(
            "each question must be a mapping with at least `name:`", path=path, line=line
        )

    def fail(message: str, hint: str | None = None) -> TemplateError:
        return TemplateError(message, path=path, line=line, hint=hint)

    unknown = set(entry) - _QUESTION_KEYS
    if unknown:
        raise fail(
            f"unknown field(s) {', '.join(sorted(map(str, unknown)))}",
            hint=f"allowed: {', '.join(sorted(_QUESTION_KEYS))}",
        )
    name = entry.get("name")
    if not isinstance(name, str) or not _NAME_RE.fullmatch(name) or name == "today":
        raise fail(f"question name {name!r} must be an identifier like `parent_company`")
    qtype = str(entry.get("type", "text"))
    if qtype not in TYPES:
        import difflib

        close = difflib.get_close_matches(qtype, TYPES, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"types: {', '.join(TYPES)}"
        raise fail(f"question {name!r}: unknown type {qtype!r}", hint=hint)
    choices = _parse_choices(entry.get("choices"), fail, name)
    if qtype in ("choice", "multi") and not choices:
        raise fail(f"question {name!r}: a {qtype} question needs `choices`")
    pattern = entry.get("pattern")
    if pattern is not None:
        try:
            re.compile(str(pattern))
        except re.error as exc:
            raise fail(f"question {name!r}: bad pattern: {exc}") from None
    when = entry.get("when", True)
    if not isinstance(when, bool | str):
        raise fail(f"question {name!r}: `when` must be true, false or a Jinja expression")
    places = _parse_places(entry.get("bind"), fail, name)
    history = _parse_history(entry.get("history"), fail, name)
    for key in ("backlink", "label", "help"):
        if entry.get(key) is not None and not isinstance(entry.get(key), str):
            raise fail(f"question {name!r}: `{key}` must be a string")
    if entry.get("backlink") and qtype not in ("wikilink", "wikilinks"):
        raise fail(f"question {name!r}: `backlink` only applies to wikilink questions")
    default = entry.get("default")
    default = _plain(default)
    return Question(
        name=name,
        type=qtype,
        label=str(entry.get("label") or ""),
        help=str(entry.get("help") or ""),
        default=default,
        required=bool(entry.get("required", False)),
        pattern=None if pattern is None else str(pattern),
        min=_limit(entry.get("min")),
        max=_limit(entry.get("max")),
        choices=choices,
        when=when if isinstance(when, bool) else str(when),
        ask=bool(entry.get("ask", True)),
        places=places,
        history=history,
        backlink=entry.get("backlink"),
        suggest=bool(entry.get("suggest", True)),
        line=line,
    )


def _parse_places(raw: object, fail: Callable[..., TemplateError], name: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    items = raw if isinstance(raw, list) else [raw]
    if not items or not all(isinstance(item, str) and item.strip() for item in items):
        raise fail(f"question {name!r}: `bind` must be an address or a list of addresses")
    return tuple(str(item) for item in items)


def _parse_history(raw: object, fail: Callable[..., TemplateError], name: str) -> History | None:
    if raw is None:
        return None
    if isinstance(raw, str) and raw.strip():
        return History(raw)
    if (
        isinstance(raw, Mapping)
        and isinstance(raw.get("table"), str)
        and not set(raw)
        - {
            "table",
            "column",
        }
    ):
        column = raw.get("column")
        if column is not None and not isinstance(column, str):
            raise fail(f"question {name!r}: `history.column` must be a column header")
        return History(str(raw["table"]), column)
    raise fail(
        f"question {name!r}: `history` must be a section name, or a mapping with `table` "
        "and an optional `column`"
    )


def _parse_choices(
    raw: object, fail: Callable[..., TemplateError], name: str
) -> tuple[Choice, ...]:
    if raw is None:
        return ()
    if isinstance(raw, Mapping):
        return tuple(Choice(str(k), str(v)) for k, v in raw.items())
    if isinstance(raw, list):
        return tuple(Choice(str(v), str(v)) for v in raw)
    raise fail(f"question {name!r}: `choices` must be a list or a value: label mapping")


def _limit(raw: object) -> float | str | None:
    if raw is None:
        return None
    if isinstance(raw, dt.date):
        return raw.isoformat()
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return float(raw)
    return str(raw)


def _plain(value: object) -> object:
    """ruamel's round-trip types → plain Python, so defaults compare and print simply."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    return value
