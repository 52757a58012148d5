"""Ages: how old a dated value may be (``max_age: 90d``, ``--older-than 6mo``) and how old
one is (``8 mo``).

An age is a whole number and a unit: ``d`` days, ``w`` weeks, ``mo`` months, ``y`` years.
Months and years count on the calendar (``6mo`` before 2025-08-31 is 2025-02-28), so an
age means the same thing in February as in July.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

UNITS = {"d": "days", "w": "weeks", "mo": "months", "y": "years"}

_AGE = re.compile(r"\s*(\d{1,5})\s*(d|w|mo|y)\s*\Z")

AGE_HINT = "write a whole number and a unit: 90d, 2w, 6mo or 1y"


@dataclass(frozen=True, slots=True)
class Age:
    amount: int
    unit: str
    """One of :data:`UNITS`' keys."""

    def __str__(self) -> str:
        return f"{self.amount}{self.unit}"

    def cutoff(self, today: dt.date) -> dt.date:
        """The oldest date that is not older than this age, counted back from ``today``."""
        if self.unit == "d":
            return today - dt.timedelta(days=self.amount)
        if self.unit == "w":
            return today - dt.timedelta(weeks=self.amount)
        months = self.amount * (12 if self.unit == "y" else 1)
        year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
        day = min(today.day, calendar.monthrange(year, month + 1)[1])
        return dt.date(year, month + 1, day)


def parse_age(text: object) -> Age | None:
    """``90d``, ``2w``, ``6mo``, ``1y`` as an :class:`Age`; None for anything else."""
    if not isinstance(text, str):
        return None
    found = _AGE.match(text)
    if found is None:
        return None
    return Age(int(found.group(1)), found.group(2))


def age_text(since: dt.date, today: dt.date) -> str:
    """How long ago ``since`` was, as a person says it: ``12 d``, ``8 mo``, ``2 y``."""
    days = (today - since).days
    if days < 0:
        return "in the future"
    if days < 60:
        return f"{days} d"
    months = (today.year - since.year) * 12 + today.month - since.month
    if today.day < since.day:
        months -= 1
    if months < 24:
        return f"{months} mo"
    return f"{months // 12} y"
