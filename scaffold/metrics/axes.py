"""Axis ticks a person would choose: values at 1, 2, 2.5 or 5 times a power of ten from zero,
and dates at whole months, quarters or years."""

from __future__ import annotations

import datetime as dt
import math

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
"""English month names, whatever the locale: the same data is the same bytes."""

MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60, 120)
"""Month steps between date ticks; the first that keeps the ticks few enough."""


def value_ticks(low: float, high: float, *, most: int = 6) -> list[float]:
    """Ticks from a round number at or below ``min(low, 0)`` to one at or above ``high``, at
    most ``most`` + 1 of them. A series that is all zero still gets an axis."""
    low = min(low, 0.0)
    if high <= low:
        high = low + 1.0
    span = high - low
    raw = span / most
    if not raw > 0:  # a span too small for a float to divide: the two ends will do
        return [low, high]
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value < high + step * 1e-9:
        ticks.append(float(f"{value:.12g}"))  # 0.30000000000000004 is 0.3
        value = start + step * len(ticks)
    if ticks[-1] < high:  # pragma: no cover - the loop ends at or past high
        ticks.append(ticks[-1] + step)
    return ticks


def _months(date: dt.date) -> int:
    return date.year * 12 + date.month - 1


def _date(months: int) -> dt.date:
    return dt.date(months // 12, months % 12 + 1, 1)


def date_ticks(
    first: dt.date, last: dt.date, *, most: int = 7, least: int = 1
) -> tuple[list[dt.date], int]:
    """First-of-month ticks covering ``first``..``last`` (a step of 12 or more months starts
    in January), at least ``least`` months apart, and the step in months."""
    start, end = _months(first), _months(last)
    if end <= start:
        return [_date(start)], least
    fits = [s for s in MONTH_STEPS if s >= least]
    step = next((s for s in fits if (end - start) / s <= most), MONTH_STEPS[-1])
    begin = start - start % step  # months count from year 0: a step of 12 starts in January
    ticks = []
    at = begin
    while at <= end:
        if at >= start:
            ticks.append(_date(at))
        at += step
    return ticks, step


def date_label(date: dt.date, step: int) -> str:
    """``Jul 2024`` for month ticks, ``2024`` for yearly ones."""
    return str(date.year) if step >= 12 else f"{MONTHS[date.month - 1]} {date.year}"
