"""Dates as notes write them in cells and history rows: ``Apr 2025``, ``2025-05-14``,
``April 2025``, ``2025``.

A date keeps the format it was written in and its granularity (day, month or year), so a
writer can answer in the table's own format, and two dates compare at the coarser of their
granularities (``May 2025`` is the same row as ``2025-05-14``). The metric reader
(:mod:`scaffold.note.values.metric`) reads a trailing ``(Apr 2025)`` as-of note with it; the bulk
history planner, ``--where``'s ``as_of`` and ``scaffold history`` read dated rows with it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from scaffold.errors import ValueRefusedError
from scaffold.note.body.inline import strip_markup

DAY, MONTH, YEAR = 3, 2, 1

FORMATS: tuple[tuple[str, int], ...] = (
    ("%Y-%m-%d", DAY),
    ("%Y/%m/%d", DAY),
    ("%d %b %Y", DAY),
    ("%d %B %Y", DAY),
    ("%b %d, %Y", DAY),
    ("%B %d, %Y", DAY),
    ("%Y-%m", MONTH),
    ("%b %Y", MONTH),
    ("%B %Y", MONTH),
    ("%Y", YEAR),
)
"""strftime formats, English month names (``Apr 2025``, ``April 2025``, ``2025-04``...)."""


@dataclass(frozen=True, slots=True)
class Dated:
    date: dt.date
    """The date; the first day of its month or year for a coarser granularity."""
    format: str
    """The strftime format it was written in (one of :data:`FORMATS`)."""
    granularity: int
    """:data:`DAY`, :data:`MONTH` or :data:`YEAR`."""

    def text(self) -> str:
        """The date written back in its own format."""
        return self.date.strftime(self.format)

    def iso(self) -> str:
        """ISO text at its granularity: ``2025-04-01``, ``2025-04`` or ``2025``."""
        return self.date.isoformat()[: {DAY: 10, MONTH: 7, YEAR: 4}[self.granularity]]


def parse_date(text: str) -> Dated | None:
    """Read ``text`` in any of :data:`FORMATS`, or None."""
    text = " ".join(strip_markup(text).split())
    if not text or not text[0].isalnum():
        return None
    for fmt, granularity in FORMATS:
        try:
            parsed = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return Dated(parsed, fmt, granularity)
    return None


def parse_as_of(text: str) -> Dated:
    """An ``--as-of`` date; refuses text in no known format."""
    dated = parse_date(text)
    if dated is None:
        raise ValueRefusedError(
            f"as_of {text!r} is not a date",
            hint="write it as 2025-05-14, 2025-05 or May 2025",
        )
    return dated


def same_date(a: Dated, b: Dated) -> bool:
    """The same day, month or year, at the coarser of the two granularities."""
    level = min(a.granularity, b.granularity)
    if a.date.year != b.date.year:
        return False
    if level >= MONTH and a.date.month != b.date.month:
        return False
    return level < DAY or a.date.day == b.date.day


def compare(a: Dated, b: Dated) -> int:
    """-1, 0 or 1: ``a`` before, the same as (:func:`same_date`) or after ``b``."""
    if same_date(a, b):
        return 0
    return -1 if a.date < b.date else 1
