"""Dated rows of a history table (``Download trajectory``: ``| Apr 2025 | **1.2B** | … |``).

A date is matched and written in the format the table already uses. The formats known, with
their granularity, are in :data:`scaffold.note.values.dates.FORMATS`; the table's format is the one
most of its first cells are written in. A date given in a finer format than the table's
(``2025-05-14`` for a table of ``Apr 2025``) is written in the table's (``May 2025``); a coarser
one is written as given. Two dates are the same row when they agree at the coarser of their
granularities.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter
from dataclasses import dataclass

from scaffold.note.body.inline import split_emphasis
from scaffold.note.body.model import Table
from scaffold.note.values.dates import FORMATS, Dated, parse_as_of, parse_date, same_date
from scaffold.note.values.placeholders import is_placeholder

__all__ = [
    "NEWEST_FIRST",
    "OLDEST_FIRST",
    "Dated",
    "HistoryPlan",
    "date_order",
    "parse_as_of",
    "parse_date",
    "plan_row",
    "redate",
    "same_date",
]

OLDEST_FIRST, NEWEST_FIRST = "oldest first", "newest first"


@dataclass(frozen=True, slots=True)
class HistoryPlan:
    """Where a dated value goes in one history table."""

    row: int | None
    """Index into ``table.rows`` of the row for this date, or None to append one."""
    date_text: str
    """The first cell of an appended row."""
    filler: str
    """What the other cells of an appended row hold: the table's placeholder, or nothing."""
    latest: bool
    """The date is not older than every row's: the field's current value follows it."""
    before: int | None = None
    """Where a new row goes: before this body row, to keep the table's date order; None
    appends it."""
    order: str | None = OLDEST_FIRST
    """The table's date order (:data:`OLDEST_FIRST`, :data:`NEWEST_FIRST`), or None when its
    rows are in neither: then a new row is appended, and the plan says so."""


def plan_row(table: Table, value_col: int, as_of: Dated) -> HistoryPlan:
    dates = [parse_date(row.cells[0].text) if row.cells else None for row in table.rows]
    known = [d for d in dates if d is not None]
    row = next((i for i, d in enumerate(dates) if d is not None and same_date(d, as_of)), None)
    # "May 2025" (read as May 1st) is the same row as 2025-05-14, not a later one.
    latest = not any(d.date > as_of.date and not same_date(d, as_of) for d in known)
    order = date_order([d.date for d in known])
    before: int | None = None
    if row is None and order is not None:
        newest_first = order == NEWEST_FIRST
        before = next(
            (
                i
                for i, d in enumerate(dates)
                if d is not None and (d.date < as_of.date if newest_first else d.date > as_of.date)
            ),
            None,
        )
    filler = _filler(table, value_col)
    return HistoryPlan(row, _date_text(known, as_of), filler, latest, before, order)


def date_order(dates: list[dt.date]) -> str | None:
    """``oldest first`` or ``newest first`` as the dates run (a table of one date, or none,
    counts as oldest first), or None for a table in neither order."""
    pairs = list(itertools.pairwise(dates))
    if all(a <= b for a, b in pairs):
        return OLDEST_FIRST
    if all(a >= b for a, b in pairs):
        return NEWEST_FIRST
    return None


def _date_text(known: list[Dated], as_of: Dated) -> str:
    if not known:
        return as_of.date.strftime(as_of.format)
    counts = Counter(d.format for d in known)
    best = max(counts.values())
    # The most used format; on a tie, the one of the latest row.
    fmt = next(d.format for d in reversed(known) if counts[d.format] == best)
    granularity = dict(FORMATS)[fmt]
    if granularity > as_of.granularity:
        return as_of.date.strftime(as_of.format)
    return as_of.date.strftime(fmt)


_ANNOTATION = re.compile(r"\s*\(([^()]+)\)\s*")


def _annotation(cell: str) -> tuple[str, Dated] | None:
    """The dated ``(Apr 2025)`` note after a cell's value, as written, and its date."""
    marker, inner, rest = split_emphasis(cell)
    if not marker:  # a plain cell: `1.2B+ (Apr 2025)`
        rest = inner[inner.rfind(" (") :] if inner.endswith(")") and " (" in inner else ""
    match = _ANNOTATION.fullmatch(rest)
    dated = parse_date(match.group(1)) if match else None
    return None if dated is None or match is None else (f"({match.group(1)})", dated)


def redate(old: str, new: str, as_of: Dated | None) -> str:
    """Carry a dated annotation over to the new value, re-dated: ``**1.2B+** (Apr 2025)`` set to
    ``**1.3B+**`` as of 2025-05 gives ``**1.3B+** (May 2025)``. Without a date, or when the
    old cell has no ``(DATE)`` after its value, ``new`` is returned as it is."""
    if as_of is None or new == old:
        return new
    found = _annotation(old)
    if found is None or split_emphasis(new)[2] or new.endswith(")"):
        return new
    dated = found[1]
    fmt = as_of.format if dated.granularity > as_of.granularity else dated.format
    return f"{new} ({as_of.date.strftime(fmt)})"


def dropped_date(old: str, new: str) -> str:
    """The old value's ``(Apr 2025)`` note when the new cell no longer has one, else ``""``:
    the date was the old value's, so it goes with it, and the report says so."""
    found = _annotation(old)
    if found is None or _annotation(new) is not None:
        return ""
    return found[0]


def _filler(table: Table, value_col: int) -> str:
    seen: Counter[str] = Counter()
    for row in table.rows:
        for index, cell in enumerate(row.cells):
            if index not in (0, value_col) and cell.text.strip() and is_placeholder(cell.text):
                seen[cell.text] += 1
    return seen.most_common(1)[0][0] if seen else ""
