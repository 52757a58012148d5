"""Questions are data: one ``Question`` per entry of a type's ``questions.yaml``.

The file's parser is :mod:`scaffold.entities.question_file`.

The same ``Question`` converts and validates an answer whether it came from ``--set``, an
``--answers`` file, a default or a prompt, so every flow shares one path. What each type
converts to, and answering a whole question file, are in :mod:`scaffold.entities.convert`.
Nothing here talks to a terminal: :mod:`scaffold.generate.prompts` is the only module that
imports questionary.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from scaffold.entities.convert import (
    CONVERTERS,
    LIST_TYPES,
    TYPES,
    AnswerProblem,
    Choice,
    as_date,
    escape_item,
    num_text,
)
from scaffold.errors import TemplateError

if TYPE_CHECKING:
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from scaffold.entities.migrations import Migration, Step

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
]


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
    """For wikilink questions (and ``rows`` with ``row_links``): offer the vault's note names
    and aliases while typing."""
    row_links: bool = False
    """For ``rows`` questions: each row's name is a note (a Related list), so it is completed
    from the vault and written with the note's real name."""
    monotonic: str | None = None
    """``increasing`` or ``decreasing``: ``update`` warns when a new value goes the other way
    (as read by :mod:`scaffold.note.values.metric`)."""
    max_change: float | None = None
    """The largest relative change ``update`` takes without a warning: 0.5 is 50% up or down."""
    max_age: str | None = None
    """How old the field's value may be before ``scaffold stale`` lists it (``90d``, ``6mo``,
    ``1y``; :func:`scaffold.note.values.ages.parse_age`)."""
    external_id: bool = False
    """The value names the entity outside the vault (a GitHub repository, a ticker): two notes
    with the same value are probably one entity (``scaffold report``'s duplicates)."""
    line: int | None = field(default=None, compare=False)
    """1-based line of the entry in its question file, for error messages."""

    @property
    def bind(self) -> str | None:
        """The first bound address: where the template writes the answer (or None)."""
        return self.places[0] if self.places else None

    @property
    def prompt_label(self) -> str:
        """The text a prompt shows (its Jinja ``{{ }}`` not filled in)."""
        return self.label or self.name.replace("_", " ").capitalize()

    @property
    def links_notes(self) -> bool:
        """Whether the answer names vault notes: a wikilink question, or rows of notes."""
        return self.type in ("wikilink", "wikilinks") or (self.type == "rows" and self.row_links)

    def prompt_texts(self, context: Mapping[str, object]) -> tuple[str, str]:
        """``(label, help)`` for a prompt, with ``{{ }}`` filled in from the earlier answers
        (``completes "{{ name }} — …"``). An answer not given yet reads as its name in capitals,
        so a help text never fails to render."""
        return self._fill(self.prompt_label, context), self._fill(self.help, context)

    def _fill(self, text: str, context: Mapping[str, object]) -> str:
        if "{{" not in text and "{%" not in text:
            return text
        try:
            return _prompt_env().from_string(text).render(**context)
        except Exception:  # a prompt's text must never stop the prompt
            return text

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
            return "; ".join(f"{escape_item(k, ';=')}={escape_item(v, ';')}" for k, v in value)
        if isinstance(value, list):
            return ", ".join(escape_item(str(v)) for v in value)
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
    version: int = 1
    """The type's version (``version:``); notes written by an older one are migrated with
    ``scaffold migrate``."""
    version_key: str | None = None
    """A frontmatter key that records a note's version (``version_key:``); without it a
    note's version is read from its structure."""
    migrations: tuple[Migration, ...] = ()
    """The steps to each version from 2 up (``migrations:``)."""

    def steps_after(self, version: int) -> tuple[Step, ...]:
        """Every step of the versions after ``version``, in order."""
        return tuple(s for m in self.migrations if m.to > version for s in m.steps)

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


@cache
def _prompt_env() -> ImmutableSandboxedEnvironment:
    # Prompt texts render forgivingly: an answer not given yet shows as its NAME in capitals.
    from jinja2 import Undefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class Placeholder(Undefined):
        def __str__(self) -> str:
            return (self._undefined_name or "").upper()

    return ImmutableSandboxedEnvironment(undefined=Placeholder, keep_trailing_newline=False)


# --- parsing question files -----------------------------------------------------------------
