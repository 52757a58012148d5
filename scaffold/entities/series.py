"""A field's history table as a dated series: the rows of ``Download trajectory`` whose first
cell is a date, oldest first, each cell read as a metric.

One reader for everything that looks at history: ``--where as_of<2026-06`` (the latest row's
date), ``scaffold history`` and ``scaffold chart``. A row whose first cell is not a date is
kept aside (``undated``), never guessed; a cell that is not a metric is a point with an
:class:`~scaffold.note.values.metric.Unreadable` value.
"""

from __future__ import annotations

from dataclasses import dataclass

from scaffold.entities.fields import Field
from scaffold.errors import AddressError
from scaffold.note.addressing import address as addr
from scaffold.note.addressing import matching
from scaffold.note.addressing.resolve import resolve_table
from scaffold.note.parsed import ParsedNote as Note
from scaffold.note.values.dates import Dated, parse_date
from scaffold.note.values.metric import Metric, Unreadable, read


@dataclass(frozen=True, slots=True)
class Point:
    """One dated row of a history table."""

    date: Dated
    text: str
    """The value cell's markdown, as in the note (``**1.2B**``)."""
    metric: Metric | Unreadable
    line: int
    """The row's 1-based line in the note."""
    date_text: str
    """The first cell's text, as in the note (``Apr 2025``)."""


@dataclass(frozen=True, slots=True)
class Series:
    """A field's history in one note."""

    field: str
    section: str
    """The history table's heading, as the note spells it."""
    column: str
    """The value column's header."""
    points: tuple[Point, ...]
    """The dated rows, oldest first (rows of the same date keep their order)."""
    undated: tuple[int, ...] = ()
    """Lines of rows whose first cell is not a date."""

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None


def read_series(note: Note, field: Field, stem: str) -> Series | None:
    """The field's history table in ``note`` (whose file stem is ``stem``), or None when the
    field has no history or the note has no such table."""
    try:
        return require_series(note, field, stem)
    except AddressError:
        return None


def require_series(note: Note, field: Field, stem: str) -> Series | None:
    """:func:`read_series`, raising the :class:`AddressError` that says why the note has no
    such table (or the table no value column); None only when the field has no history."""
    if field.history is None:
        return None
    section = field.history_table(stem) or ""
    found = resolve_table(note, addr.TableAddress(section, None, None, section))
    table, name = found.table, found.section_name or section
    column = matching.find_column(table, field.history.column, name) if field.history.column else 1
    if column == 0 or column >= len(table.header.cells):
        raise AddressError(
            f"the history table under {name!r} (line {table.line}) has no value column",
            line=table.line,
            hint="a history table needs a date column and a value column",
        )
    points: list[Point] = []
    undated: list[int] = []
    for row in table.rows:
        dated = parse_date(row.cells[0].text) if row.cells else None
        if dated is None:
            undated.append(row.line)
            continue
        text = row.cells[column].text if column < len(row.cells) else ""
        points.append(Point(dated, text, read(text), row.line, row.cells[0].text))
    points.sort(key=lambda p: p.date.date)
    header = table.header.cells[column].text
    return Series(field.name, name, header, tuple(points), tuple(undated))


def latest_date(note: Note, fields: dict[str, Field], stem: str) -> Dated | None:
    """The date of the latest dated row over every history table of the note's type."""
    best: Dated | None = None
    for field in fields.values():
        series = read_series(note, field, stem)
        last = series.latest if series is not None else None
        if last is not None and (best is None or last.date.date > best.date):
            best = last.date
    return best
