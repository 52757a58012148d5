"""What a note's type would write for it now: its answers read back from the note (through
``bind``, ``history`` and its frontmatter), the defaults for the rest, and the type's current
template rendered with them.

A migration's ``add_section`` and ``add_row`` copy their text from this rendering, so a new
section reads exactly as a note made today with the same answers would have it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from scaffold.entities.clock import today
from scaffold.entities.convert import AnswerProblem
from scaffold.entities.fields import fill_name
from scaffold.entities.library import Library, TemplateType
from scaffold.entities.questions import Question
from scaffold.errors import AddressError, ScaffoldError
from scaffold.note.addressing.resolve import get
from scaffold.note.parsed import ParsedNote
from scaffold.note.values.placeholders import is_placeholder


def recover_answers(ttype: TemplateType, note: ParsedNote, stem: str) -> dict[str, object]:
    """Every question's answer as the note holds it, else its default, else empty."""
    data = note.data if isinstance(note.data, dict) else {}
    answers: dict[str, object] = {}
    for question in ttype.spec.questions:
        found, raw = _read(question, note, data, stem)
        value: object = None
        if found:
            try:
                value = _convert(question, raw)
            except AnswerProblem:
                found = False
        if not found:
            try:
                value = question.default_value(_context(ttype, answers))
            except ScaffoldError:
                value = question.empty()
        answers[question.name] = value
    return answers


def _read(
    question: Question, note: ParsedNote, data: Mapping[str, Any], stem: str
) -> tuple[bool, object]:
    if question.name == "name":
        return True, stem
    for place in question.places:
        try:
            value = get(note, fill_name(place, stem))
        except AddressError:
            continue
        if isinstance(value, str) and is_placeholder(value):
            continue  # "—": a place kept for a value nobody gave yet
        return True, value
    if question.name in data:
        return True, data[question.name]
    return False, None


def _convert(question: Question, raw: object) -> object:
    if question.type == "rows" and isinstance(raw, list):
        pairs = []
        for row in raw:
            if isinstance(row, Mapping):
                cells = [str(v) for v in row.values()]
                pairs.append((cells[0] if cells else "", cells[1] if len(cells) > 1 else ""))
        return pairs
    if isinstance(raw, dt.date | bool | int | float | list):
        return question.convert(raw)
    return question.convert(str(raw) if raw is not None else None)


def _context(ttype: TemplateType, answers: Mapping[str, object]) -> dict[str, object]:
    day = today()
    return {"today": day, "created": day, **answers, "type_name": ttype.name}


def render_current(
    library: Library, ttype: TemplateType, note: ParsedNote, stem: str
) -> ParsedNote:
    """The note the type's current template writes for ``note``'s answers."""
    answers = recover_answers(ttype, note, stem)
    context = _context(ttype, answers)
    if answers.get("created") is None:
        context.pop("created", None)
        context["created"] = context["today"]
    return ParsedNote(library.render(ttype, context))
