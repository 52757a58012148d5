"""V: a note's values against its type: each bound field's value fits its question's type, and
a field bound to several places says the same thing in each.

A field is a question with ``bind:`` (see :mod:`scaffold.entities.fields`). Two values that read
as metrics (:mod:`scaffold.note.values.metric`) agree when they state the same number, qualifier and
unit, so ``**1.2B+** (Apr 2025)`` agrees with ``1.2B+`` and ``1,200M+``; other values are
compared as text after inline markup and a trailing ``(as-of)`` note are stripped. A place the
note does not have is skipped: the S-rules report missing sections, and a field may be left
out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from scaffold.check.context import NoteContext
from scaffold.check.diagnostic import Diagnostic, Fix, Severity, edit_between
from scaffold.check.rule import Rule
from scaffold.edit import ops
from scaffold.entities.convert import AnswerProblem
from scaffold.entities.fields import Field
from scaffold.errors import ScaffoldError
from scaffold.note.addressing import address as addr
from scaffold.note.addressing import matching
from scaffold.note.addressing.address import quote_name
from scaffold.note.addressing.locate import read
from scaffold.note.addressing.resolve import TableTarget, column_of, resolve
from scaffold.note.body.inline import fold, strip_markup
from scaffold.note.values import metric
from scaffold.note.values.placeholders import is_placeholder
from scaffold.note.yaml.frontmatter import scalar_text

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
    return scalar_text(value)


def _present(ctx: NoteContext, field: Field, tables: _Tables) -> list[_Value]:
    found: list[_Value] = []
    for address in field.places_in(ctx.name, ctx.note.data):
        target = _parse(address)
        if target is None or not tables.may_exist(target):
            continue
        hit = tables.cell(target) if _is_cell(target) else read(ctx.note, address)
        if hit is None or (isinstance(hit[0], list | dict) and ">" in address):
            continue  # missing, or a whole table: not one value
        found.append(_Value(address, *hit))
    return found


@lru_cache(maxsize=4096)
def _parse(address: str) -> addr.Address | None:
    """A field's address, parsed once per run: every note of a type has the same ones."""
    try:
        return addr.parse(address)
    except ScaffoldError:
        return None


@lru_cache(maxsize=8192)
def _row_keys(name: str) -> tuple[str, ...]:
    """The names a row's first cell answers to: the text without markup, and a link's
    target; cached, since a type's notes share their row names."""
    keys: tuple[str, ...] = (fold(strip_markup(name)),)
    if (m := _LINK_TARGET.search(name)) is not None:
        keys += (fold(m.group(1)),)
    return keys


def _is_cell(target: addr.Address) -> bool:
    return (
        isinstance(target, addr.TableAddress)
        and target.row is not None
        and target.section_pick is None
    )


class _Tables:
    """One note's sections' first tables and their row names, looked up once per section
    rather than once per address (the resolver's path would find the section again for every
    bound place)."""

    def __init__(self, ctx: NoteContext) -> None:
        self.note = ctx.note
        self.tables: dict[str, TableTarget | None] = {}
        self.rows: dict[str, set[str] | None] = {}

    def table(self, section: str) -> TableTarget | None:
        """The first table under ``section`` (as ``SECTION >`` resolves), else ``None``."""
        if section not in self.tables:
            whole = _parse(f"{quote_name(section)} >")
            try:
                found = resolve(self.note, whole) if whole is not None else None
            except ScaffoldError:
                found = None
            self.tables[section] = found if isinstance(found, TableTarget) else None
        return self.tables[section]

    def may_exist(self, target: addr.Address) -> bool:
        """A cheap look before the resolver, whose "not found" errors (with their "Did you
        mean") cost more than a note's parse: is there a heading and a row of that name?"""
        if not isinstance(target, addr.TableAddress) or target.row is None:
            return True
        if target.section not in self.rows:
            keys: set[str] | None = None
            found = self.table(target.section)
            if found is not None:
                keys = set()
                for row in found.table.rows:
                    keys.update(_row_keys(row.cells[0].text if row.cells else ""))
            self.rows[target.section] = keys
        keys = self.rows[target.section]
        return keys is not None and _row_keys(target.row)[0] in keys

    def cell(self, target: addr.Address) -> tuple[Any, int, int] | None:
        """What :func:`~scaffold.note.addressing.locate.read` gives for a row's cell, from the
        section's table found once: the resolver's own row and column matching on it."""
        assert isinstance(target, addr.TableAddress) and target.row is not None
        found = self.table(target.section)
        if found is None:
            return None
        table, heading = found.table, found.section_name
        try:
            row = matching.find_row(
                table,
                target.row,
                heading,
                pick=target.row_pick,
                spell=lambda n: target.spelled(1, n),
            )
            column = column_of(table, target, heading)
        except ScaffoldError:
            return None
        cell = table.rows[row].cells[column]
        return cell.text, cell.start, cell.end


def check(ctx: NoteContext) -> Iterator[Diagnostic]:
    if ctx.note_type is None:
        return
    tables = _Tables(ctx)
    for field in ctx.note_type.fields.values():
        typed = field.question.type in _TYPED
        if not typed and len(field.places_in(ctx.name, ctx.note.data)) < 2:
            continue  # free text in one place: nothing to check, so nothing to look up
        values = _present(ctx, field, tables)
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
        if is_placeholder(raw):
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
    keys = [_agreement_key(v.value) for v in values]
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
            fixes=[
                *sorted(fixes, key=lambda f: reference.address not in f.title),
                *_everywhere(
                    ctx, value, [v for v, k in zip(values, keys, strict=True) if k != key]
                ),
            ],
        )


def _everywhere(ctx: NoteContext, source: _Value, others: list[_Value]) -> Iterator[Fix]:
    """Set every place in ``others`` so that it reads as ``source`` (one edit): "this value
    is the right one"."""
    if not others:
        return
    new_core = core(source.value)
    note = ctx.note
    for target in others:
        raw = target.value if isinstance(target.value, str) else _text(target.value)
        old_core = core(target.value)
        new = raw.replace(old_core, new_core, 1) if old_core and old_core in raw else new_core
        try:
            note = ops.set_value(note, target.address, new)
        except ScaffoldError:
            return
    yield Fix(
        f"Set the other places of the field to this value ({new_core})",
        (edit_between(ctx.note.text, note.text),),
    )


def _agreement_key(value: object) -> object:
    """What two places must share to agree: the metric they state, else their core text."""
    found = metric.read(value)
    if isinstance(found, metric.Metric):
        return (found.number, found.high, found.qualifier, found.unit)
    return fold(core(value))


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
