"""Fields: the named, bound questions of an entity type, as the updater and the checker see
them.

A note's type is its frontmatter ``type:``, the same type ``scaffold new`` used. A **field** is
a question of that type with a binding (``bind:``), for example
``downloads -> Quick stats > Downloads``. A field may be bound to several places (the seed note
states Downloads in its Why table and in Quick stats), and may name a history table of dated
values (``history: Download trajectory``).

Places may use ``{{ name }}``, the note's name (its file stem); a place that needs any other
answer can only be resolved by the generator, so it is not a place of the field here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scaffold.entities.questions import History, Question, QuestionFile

_NAME_SLOT = re.compile(r"\{\{\s*name\s*\}\}")
_ANY_SLOT = re.compile(r"\{\{|\{%")


@dataclass(frozen=True, slots=True)
class Field:
    """One bound question of a type."""

    name: str
    """The question's name, which ``scaffold update`` accepts wherever it takes an address."""
    question: Question
    places: tuple[str, ...]
    """Address patterns, the template's own first; ``{{ name }}`` stands for the note name."""
    history: History | None

    @property
    def is_frontmatter(self) -> bool:
        """Bound to a frontmatter key (an address without ``>``)."""
        return bool(self.places) and ">" not in self.places[0]

    def addresses(self, note_name: str) -> tuple[str, ...]:
        """The field's places in the note called ``note_name``."""
        return tuple(fill_name(place, note_name) for place in self.places)

    def places_in(self, note_name: str, data: object) -> tuple[str, ...]:
        """The field's places in one note: its bound places, and a frontmatter key of the
        field's own name when the note has one (``downloads:`` beside Quick stats >
        Downloads), so that an update never leaves a copy of the value stale and ``check``
        compares it too."""
        places = self.addresses(note_name)
        if (
            isinstance(data, dict)
            and self.name in data
            and self.name not in places
            and not isinstance(data[self.name], list | dict)
        ):
            return (*places, self.name)
        return places

    def history_table(self, note_name: str) -> str | None:
        """The section address of the field's history table in that note, or None."""
        return fill_name(self.history.table, note_name) if self.history else None


def fill_name(pattern: str, note_name: str) -> str:
    """``Why {{ name }} matters`` -> ``Why Llama matters``."""
    return _NAME_SLOT.sub(lambda _: note_name, pattern)


def _resolvable(pattern: str) -> bool:
    return not _ANY_SLOT.search(_NAME_SLOT.sub("", pattern))


def fields_of(spec: QuestionFile) -> dict[str, Field]:
    """The type's fields by name, in question order.

    ``rows`` questions bind a whole table, not one value, so they are not fields.
    """
    found: dict[str, Field] = {}
    for question in spec.questions:
        if question.type == "rows":
            continue
        places = tuple(p for p in question.places if _resolvable(p))
        history = question.history
        if history is not None and not _resolvable(history.table):
            history = None
        if places or history is not None:
            found[question.name] = Field(question.name, question, places, history)
    return found
