"""``scaffold history NOTE [FIELD]``: a field's history table as a dated series.

The rows are read by :func:`scaffold.entities.series.require_series` (dates with
:mod:`scaffold.note.values.dates`, cells with the metric reader), so ``history``, ``chart`` and
``--where as_of<...`` agree on what a history is. A note is named as ``update --from`` names it
(a path, a stem or an alias), and its history is written back as the long rows
(``note,address,as_of,value``) that ``update --from`` reads: one row per dated cell, the
address naming that cell, so feeding them back changes nothing.
"""

from __future__ import annotations

import csv
import difflib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from scaffold.bulk.planner import Planner
from scaffold.bulk.requests import Options
from scaffold.bulk.select import parse_where
from scaffold.entities.fields import Field, fields_of
from scaffold.entities.series import Point, Series, require_series
from scaffold.errors import AddressError, ScaffoldError, UsageError
from scaffold.note.addressing.address import quote_name
from scaffold.note.parsed import ParsedNote
from scaffold.note.values.metric import Metric, Unreadable
from scaffold.vault.files import read_bytes
from scaffold.vault.names import NoteNames

CSV_COLUMNS = ("note", "address", "as_of", "value")
"""The long rows of a history: ``update --from`` reads them back (``as_of`` is the row's date
in ISO form, for a spreadsheet; the address already names the row)."""


@dataclass(frozen=True, slots=True)
class NoteHistory:
    """The history tables of one note."""

    note: str
    """The note as ``export`` names it: its stem when unique in the vault, else its path."""
    path: str
    """Vault-relative, ``/``-separated."""
    type_name: str
    series: tuple[Series, ...]
    missing: tuple[tuple[str, str], ...] = ()
    """Fields of the type with a history the note lacks, with why (no FIELD given)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "note": self.note,
            "path": self.path,
            "type": self.type_name,
            "series": [series_dict(s) for s in self.series],
            "missing": [{"field": f, "reason": why} for f, why in self.missing],
        }


def point_address(series: Series, point: Point) -> str:
    """The address of a point's cell: ``Download trajectory > Apr 2025 > Downloads``."""
    return " > ".join(quote_name(p) for p in (series.section, point.date_text, series.column))


def number(value: Decimal) -> int | float:
    """A metric's number for JSON: an int when it is whole."""
    return int(value) if value == value.to_integral_value() else float(value)


def point_dict(series: Series, point: Point) -> dict[str, Any]:
    metric = point.metric
    out: dict[str, Any] = {
        "date": point.date.iso(),
        "date_text": point.date_text,
        "text": point.text,
        "line": point.line,
        "address": point_address(series, point),
    }
    if isinstance(metric, Metric):
        out.update(
            value=number(metric.number),
            high=None if metric.high is None else number(metric.high),
            qualifier=metric.qualifier,
            unit=metric.unit,
        )
    else:
        out.update(value=None, unreadable=metric.reason)
    return out


def series_dict(series: Series) -> dict[str, Any]:
    return {
        "field": series.field,
        "table": series.section,
        "column": series.column,
        "points": [point_dict(series, p) for p in series.points],
        "undated_lines": list(series.undated),
    }


def values(series: Series) -> list[float | None]:
    """The points' numbers, None where a cell is not a metric."""
    return [p.metric.value if isinstance(p.metric, Metric) else None for p in series.points]


def unreadable(series: Series) -> list[tuple[Point, Unreadable]]:
    return [(p, p.metric) for p in series.points if isinstance(p.metric, Unreadable)]


# -- reading ---------------------------------------------------------------------------------


def type_of(note: ParsedNote, default: str | None) -> str | None:
    data = note.data
    value = data.get("type") if isinstance(data, dict) else None
    if isinstance(value, str) and value.strip():
        return value.strip()
    return default


def type_fields(vault: Path, type_name: str) -> dict[str, Field]:
    from scaffold.entities.library import Library

    return fields_of(Library(vault).get(type_name).spec)


def history_fields(fields: dict[str, Field]) -> list[str]:
    return [name for name, f in fields.items() if f.history is not None]


def pick_field(fields: dict[str, Field], name: str, type_name: str) -> Field:
    """The field ``name`` of the type, which must have a history table."""
    with_history = history_fields(fields)
    listed = ", ".join(with_history) or "none"
    found = fields.get(name) or next(
        (f for key, f in fields.items() if key.casefold() == name.casefold()), None
    )
    if found is None:
        close = difflib.get_close_matches(name, list(fields), n=3, cutoff=0.6)
        mean = f"Did you mean {', '.join(close)}? " if close else ""
        raise UsageError(
            f"{name!r} is not a field of the type {type_name}",
            hint=f"{mean}fields of {type_name} with a history: {listed}",
        )
    if found.history is None:
        raise UsageError(
            f"the field {found.name!r} of {type_name} has no history table",
            hint=f"a field names one with 'history:' in its question; fields of {type_name} "
            f"with a history: {listed}",
        )
    return found


def note_history(
    vault: Path,
    name: str,
    field: str | None = None,
    *,
    default_type: str | None = None,
    names: NoteNames | None = None,
    planner: Planner | None = None,
) -> NoteHistory:
    """The history of ``field`` (every field with a history when None) in the note ``name``
    (a path, a stem or an alias) of ``vault``."""
    names = names or NoteNames(vault)
    planner = planner or Planner(vault, Options(default_type=default_type))
    rel = names.resolve(name)
    try:
        note = ParsedNote.from_bytes(read_bytes(vault / rel), path=rel)
        return _history(planner, note, rel, names.display(rel), field)
    except ScaffoldError as exc:
        raise exc.with_path(rel) from None


def _fields(planner: Planner, note: ParsedNote) -> tuple[str, dict[str, Field]]:
    type_name = planner.type_of(note)
    if type_name is None:
        raise UsageError(
            "the note has no type (no 'type:' in its frontmatter)",
            hint="name its type with --type TYPE",
        )
    fields = planner.fields_of_type(type_name)
    if fields is None:
        fields = type_fields(planner.vault, type_name)  # raises the unknown type's error
    return type_name, fields


def _history(
    planner: Planner, note: ParsedNote, rel: str, display: str, field: str | None
) -> NoteHistory:
    type_name, fields = _fields(planner, note)
    stem = Path(rel).stem
    if field is not None:
        series = require_series(note, pick_field(fields, field, type_name), stem)
        assert series is not None  # pick_field took a field with a history
        return NoteHistory(display, rel, type_name, (series,))
    keys = history_fields(fields)
    if not keys:
        raise UsageError(
            f"the type {type_name} has no field with a history table",
            hint="a field names one with 'history:' in its question (scaffold templates show "
            f"{type_name})",
        )
    found: list[Series] = []
    missing: list[tuple[str, str]] = []
    first: AddressError | None = None
    for key in keys:
        try:
            series = require_series(note, fields[key], stem)
        except AddressError as exc:
            first = first or exc
            missing.append((key, exc.message))
            continue
        if series is not None:
            found.append(series)
    if not found and first is not None:
        raise first
    return NoteHistory(display, rel, type_name, tuple(found), tuple(missing))


@dataclass(frozen=True, slots=True)
class Gathered:
    """A field's histories over the selected notes of a vault."""

    histories: tuple[NoteHistory, ...]
    left_out: tuple[tuple[str, str], ...]
    """``(path, why)`` of selected notes of a type with the field that gave no series."""


def gather(
    vault: Path,
    field: str,
    notes: Sequence[str] = (),
    *,
    where: Sequence[str] = (),
    default_type: str | None = None,
) -> Gathered:
    """The history of ``field`` in each of ``notes`` (names; every note of the vault whose
    type has the field when empty), in the vault's order, that ``where`` selects. A named
    note without the history is an error; over the whole vault such a note is left out, and
    said so."""
    expr = parse_where(list(where)) if where else None
    planner = Planner(vault, Options(default_type=default_type), expr)
    names = NoteNames(vault)
    found: list[NoteHistory] = []
    left_out: list[tuple[str, str]] = []
    if notes:
        chosen = [(names.resolve(n), True) for n in notes]
    else:
        chosen = [(rel, False) for rel in names.paths]
    for rel, named in chosen:
        try:
            note = ParsedNote.from_bytes(read_bytes(vault / rel), path=rel)
            if expr is not None and not expr.matches(planner.facts(note, rel)):
                continue
            if not named:
                type_name = planner.type_of(note)
                fields = planner.fields_of_type(type_name) or {}
                known = fields.get(field)
                if known is None or known.history is None:
                    continue
            found.append(_history(planner, note, rel, names.display(rel), field))
        except ScaffoldError as exc:
            if named:
                raise exc.with_path(rel) from None
            left_out.append((rel, exc.message))
    if not found:
        where_text = " with the --where given" if where else ""
        raise UsageError(
            f"no note{where_text} has a history of {field!r}",
            hint="a field of the note's type with 'history:' (downloads of product), in a note "
            "that has the table (scaffold history NOTE says why one has not)",
        )
    return Gathered(tuple(found), tuple(left_out))


# -- long rows -------------------------------------------------------------------------------


def long_rows(histories: Iterable[NoteHistory]) -> Iterator[tuple[str, str, str, str]]:
    """``(note, address, as_of, value)`` for every dated cell, oldest first per series."""
    for history in histories:
        for series in history.series:
            for point in series.points:
                yield history.note, point_address(series, point), point.date.iso(), point.text


LONG_FORMATS = ("csv", "tsv", "json", "jsonl")


def write_long(histories: Iterable[NoteHistory], out: IO[str], fmt: str = "csv") -> int:
    """Write the long rows as ``fmt`` (one of :data:`LONG_FORMATS`); JSON and JSON Lines hold
    one object per row, with the same keys. Returns how many rows."""
    if fmt in ("csv", "tsv"):
        return write_csv(histories, out, delimiter="\t" if fmt == "tsv" else ",")
    import json

    count = 0
    if fmt == "json":
        out.write("[")
    for row in long_rows(histories):
        record = json.dumps(dict(zip(CSV_COLUMNS, row, strict=True)), ensure_ascii=False)
        if fmt == "json":
            out.write((",\n " if count else "\n ") + record)
        else:
            out.write(record + "\n")
        count += 1
    if fmt == "json":
        out.write("\n]\n" if count else "]\n")
    return count


def write_csv(histories: Iterable[NoteHistory], out: IO[str], *, delimiter: str = ",") -> int:
    """Write the long rows as CSV (or TSV); returns how many rows."""
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for row in long_rows(histories):
        writer.writerow(row)
        count += 1
    return count
