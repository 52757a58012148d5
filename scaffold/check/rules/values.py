"""V: a note's values against its type: each bound field's value fits its question's type, and
a field bound to several places says the same thing in each.

A field is a question with ``bind:`` (see :mod:`scaffold.types.fields`). Values are compared
after inline markup and a trailing ``(as-of)`` note are stripped, so ``**1.2B+** (Apr 2025)``
agrees with ``1.2B+``. A place the note does not have is skipped: the S-rules report missing
sections, and a field may be left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from scaffold.check.context import NoteContext
from scaffold.check.diagnostic import Diagnostic, Fix, Severity, edit_between
from scaffold.check.rule import Rule
from scaffold.edit import ops
from scaffold.errors import ScaffoldError
from scaffold.note import address as addr
from scaffold.note.inline import fold, strip_markup
from scaffold.note.locate import name_segment, read
from scaffold.note.resolve import TableTarget, resolve
from scaffold.types.convert import AnswerProblem
from scaffold.types.fields import Field

MISFIT = "V001"
DISAGREE = "V002"

RULES = (
    Rule(
        MISFIT,
        "value-type",
        Severity.WARNING,
        "a field's value does not fit its question: not a date, a number, one of the choices",
        needs_type=True,
    ),
    Rule(
        DISAGREE,
        "metric-disagrees",
        Severity.WARNING,
        "a field bound to several places has different values in them",
        fixable=True,
        needs_type=True,
    ),
)

_TRAILING_PAREN = re.compile(r"\s*\([^()]*\)\s*$")
_LINK_TARGET = re.compile(r"\[\[([^\]|\\#]+)[^\]]*\]\]")
# What people write in a cell for "no value yet".
_PLACEHOLDERS = frozenset({"", "\u2014", "\u2013", "-", "?", "n/a", "na", "tbd", "unknown", "none"})
_TYPED = frozenset({"integer", "number", "bool", "choice", "multi", "date", "wikilink"})


@dataclass(frozen=True, slots=True)
class _Value:
    address: str
    value: Any
    start: int
    end: int


def core(value: object) -> str:
    """A value as compared: markup, a trailing ``(as-of)`` and outer space stripped."""
    text = strip_markup(value if isinstance(value, str) else _text(value))
    return _TRAILING_PAREN.sub("", text).strip()


def _text(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _present(ctx: NoteContext, field: Field, rows: dict[str, set[str] | None]) -> list[_Value]:
    found: list[_Value] = []
    for address in field.addresses(ctx.name):
        if not _may_exist(ctx, address, rows):
            continue
        hit = read(ctx.note, address)
        if hit is None or (isinstance(hit[0], list | dict) and ">" in address):
            continue  # missing, or a whole table: not one value
        found.append(_Value(address, *hit))
    return found


def _may_exist(ctx: NoteContext, address: str, rows: dict[str, set[str] | None]) -> bool:
    """A cheap look before the resolver, whose "not found" errors (with their "Did you
    mean") cost more than a note's parse: is there a heading and a row of that name?"""
    try:
        target = addr.parse(address)
    except ScaffoldError:
        return False
    if not isinstance(target, addr.TableAddress) or target.row is None:
        return True
    if target.section not in rows:
        keys: set[str] | None = None
        try:
            found = resolve(ctx.note, f"{name_segment(target.section)} >")
        except ScaffoldError:
            found = None
        if isinstance(found, TableTarget):
            keys = set()
            for row in found.table.rows:
                key = row.cells[0].text if row.cells else ""
                keys.add(fold(strip_markup(key)))
                if (m := _LINK_TARGET.search(key)) is not None:
                    keys.add(fold(m.group(1)))
        rows[target.section] = keys
    keys = rows[target.section]
    return keys is not None and fold(strip_markup(target.row)) in keys


def check(ctx: NoteContext) -> Iterator[Diagnostic]:
    if ctx.note_type is None:
        return
    rows: dict[str, set[str] | None] = {}
    for field in ctx.note_type.fields.values():
        typed = field.question.type in _TYPED
        if not typed and len(field.places) < 2:
            continue  # free text in one place: nothing to check, so nothing to look up
        values = _present(ctx, field, rows)
        if typed:
            for value in values:
                yield from _misfit(ctx, field, value)
        if len(values) > 1:
            yield from _disagree(ctx, field, values)


def _misfit(ctx: NoteContext, field: Field, value: _Value) -> Iterator[Diagnostic]:
    question = field.question
    raw = value.value
    if isinstance(raw, str):
        raw = core(raw)
        if raw.casefold() in _PLACEHOLDERS:
            return
        if question.type in ("integer", "number"):
            raw = raw.replace(",", "").replace("_", "")
    elif raw is None:
        return
    try:
        question.parse(raw)
    except AnswerProblem as problem:
        yield ctx.diag(
            MISFIT,
            value.start,
            value.end,
            f"{value.address}: {problem} (field {field.name!r} is a {question.type})",
            hint=_hint(field),
        )


def _hint(field: Field) -> str:
    question = field.question
    if question.choices:
        return "use one of: " + ", ".join(c.value for c in question.choices)
    return {
        "date": "write the date as YYYY-MM-DD",
        "integer": "write a whole number",
        "number": "write a number",
        "bool": "write yes or no",
        "wikilink": "write a note name or [[link]]",
    }.get(question.type, "see `scaffold templates show TYPE`")


def _disagree(ctx: NoteContext, field: Field, values: list[_Value]) -> Iterator[Diagnostic]:
    """Each place whose value differs from the one most places hold (ties: the earliest
    place's, the template's own first)."""
    keys = [fold(core(v.value)) for v in values]
    counts = {key: keys.count(key) for key in keys}
    want = max(keys, key=lambda key: (counts[key], -keys.index(key)))
    reference = values[keys.index(want)]
    for value, key in zip(values, keys, strict=True):
        if key == want:
            continue
        fixes = [
            fix
            for source, other in zip(values, keys, strict=True)
            if other != key and source is values[keys.index(other)]
            for fix in _agree(ctx, value, source)
        ]
        yield ctx.diag(
            DISAGREE,
            value.start,
            value.end,
            f"{field.name}: {value.address!r} says {core(value.value)!r}, "
            f"but {reference.address!r} says {core(reference.value)!r}",
            hint="make every place of the field say the same (scaffold update sets them all)",
            fixes=sorted(fixes, key=lambda f: reference.address not in f.title),
        )


def _agree(ctx: NoteContext, target: _Value, source: _Value) -> Iterator[Fix]:
    """Set ``target`` so that it reads as ``source``, keeping the target's markup and as-of
    note around the value when it has them."""
    new_core = core(source.value)
    raw = target.value if isinstance(target.value, str) else _text(target.value)
    old_core = core(target.value)
    new = raw.replace(old_core, new_core, 1) if old_core and old_core in raw else new_core
    try:
        changed = ops.set_value(ctx.note, target.address, new)
    except ScaffoldError:
        return
    yield Fix(
        f"Make {target.address!r} agree with {source.address!r} ({new_core})",
        (edit_between(ctx.note.text, changed.text),),
    )
