"""Today's date, as every type's template sees it (``today``, the default ``created``)."""

from __future__ import annotations

import datetime as dt
import os

from scaffold.errors import AnswersError

TODAY_ENV = "SCAFFOLD_TODAY"
"""For tests and reproducible examples only: ``YYYY-MM-DD`` used as today's date."""


def today() -> dt.date:
    """Today's date, or the ``SCAFFOLD_TODAY`` override (tests and examples only)."""
    fixed = os.environ.get(TODAY_ENV)
    if fixed:
        try:
            return dt.date.fromisoformat(fixed)
        except ValueError:
            raise AnswersError(
                f"{TODAY_ENV}={fixed!r} is not a date like 2026-01-27",
                hint=f"unset {TODAY_ENV}, or give an ISO date",
            ) from None
    return dt.date.today()
