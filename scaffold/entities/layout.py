"""The layout a type's template writes: its sections, and the rows of each section's first
table, in the template's order.

It is read from the template itself, rendered once with a sample answer for every question
(a text ``x``, a link ``[[X]]``, the first choice...), so that a row the template writes only
when its answer is given still shows where it goes. ``scaffold update`` uses it to put a
missing bound row where a new note would have it. :func:`optional_sections` renders it once
more per type with every answer empty, to tell the sections the template always writes from
those it writes only when an answer is given (``Why NAME matters``): a note without such a
section has no place there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scaffold.errors import ScaffoldError
from scaffold.note.addressing.matching import first_table
from scaffold.note.parsed import ParsedNote

if TYPE_CHECKING:
    from scaffold.entities.library import Library, TemplateType
    from scaffold.entities.questions import Question


@dataclass(frozen=True, slots=True)
class Layout:
    """Sections in order, each with its first table's row keys (casefolded)."""

    sections: tuple[tuple[str, tuple[str, ...]], ...]

    def rows(self, section: str) -> tuple[str, ...]:
        """The row keys of ``section``'s table, or none when the template writes no such
        section (matched case-insensitively)."""
        want = section.casefold()
        return next((rows for name, rows in self.sections if name.casefold() == want), ())


def sample(question: Question) -> object:
    """An answer the question accepts, for laying out the template."""
    first = question.choices[0].value if question.choices else "x"
    return {
        "integer": 1,
        "number": 1.5,
        "bool": True,
        "choice": first,
        "multi": [first],
        "date": dt.date(2000, 1, 1),
        "list": ["x"],
        "wikilink": "X",
        "wikilinks": ["X"],
        "rows": [("x", "x")],
        "tags": ["x"],
    }.get(question.type, "x")


def layout_of(library: Library, ttype: TemplateType, note_name: str) -> Layout | None:
    """The layout ``ttype`` writes for a note called ``note_name``, or None when its template
    cannot be rendered with sample answers (then nothing is assumed)."""
    answers: dict[str, object] = {q.name: sample(q) for q in ttype.spec.questions}
    answers.update(name=note_name, type_name=ttype.name, today=dt.date(2000, 1, 1))
    try:
        text = library.render(ttype, answers)
        note = ParsedNote(text)
    except Exception:  # a template that fails on sample answers: assume nothing
        return None
    sections: list[tuple[str, tuple[str, ...]]] = []
    for section in note.body.sections:
        if section.heading is None:
            continue
        try:
            table = first_table(section)
        except ScaffoldError:
            sections.append((section.heading.name, ()))
            continue
        keys = tuple(row.cells[0].text.casefold() for row in table.rows if row.cells)
        sections.append((section.heading.name, keys))
    return Layout(tuple(sections))


NAME_SLOT = "{name}"
"""Where the note's name stands in a heading :func:`optional_sections` returns."""
_SAMPLE_NAME = "Zzsamplenamezz"


def optional_sections(library: Library, ttype: TemplateType) -> frozenset[str]:
    """The headings ``ttype``'s template writes only when some answer is given, casefolded,
    with :data:`NAME_SLOT` for the note's name: sample answers render them, empty answers do
    not. None of them when either render fails (then no section is taken as optional)."""
    base = {"name": _SAMPLE_NAME, "type_name": ttype.name, "today": dt.date(2000, 1, 1)}
    headings = []
    for answer in (sample, lambda q: q.empty()):
        answers: dict[str, object] = {q.name: answer(q) for q in ttype.spec.questions}
        try:
            note = ParsedNote(library.render(ttype, {**answers, **base}))
        except Exception:  # a template that fails on these answers: assume nothing
            return frozenset()
        headings.append({s.heading.name.casefold() for s in note.body.sections if s.heading})
    sampled, always = headings
    slot = _SAMPLE_NAME.casefold()
    return frozenset(h.replace(slot, NAME_SLOT) for h in sampled - always)
