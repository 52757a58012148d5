"""Sanity on update: a field may say its value only grows (``monotonic: increasing``) or may
change by at most a ratio (``max_change: 0.5``). A new value that breaks either is a warning on
its change, giving both values and the address; with ``--strict`` the note is refused.

Both values are read with the metric reader; a value that is not a metric (or a range) is not
checked, since nothing can be said about it without guessing.
"""

from __future__ import annotations

from decimal import Decimal

from scaffold.entities.questions import Question
from scaffold.note.values.metric import Metric, read


def problem(question: Question, address: str, old: object, new: object) -> str:
    """What is wrong with ``old`` -> ``new`` at ``address``, or ``""``."""
    if question.monotonic is None and question.max_change is None:
        return ""
    before, after = read(old), read(new)
    if not isinstance(before, Metric) or not isinstance(after, Metric):
        return ""
    if before.high is not None or after.high is not None:
        return ""
    if before.unit and after.unit and before.unit != after.unit:
        return ""
    said = f"{address}: {_text(old)} -> {_text(new)}"
    if question.monotonic == "increasing" and after.number < before.number:
        return f"{said} goes down, but {question.name} only increases (monotonic: increasing)"
    if question.monotonic == "decreasing" and after.number > before.number:
        return f"{said} goes up, but {question.name} only decreases (monotonic: decreasing)"
    if question.max_change is not None and before.number != 0:
        change = abs(after.number - before.number) / abs(before.number)
        if change > Decimal(str(question.max_change)):
            return (
                f"{said} changes by {change:.0%}, more than {question.name}'s "
                f"max_change of {question.max_change:.0%}"
            )
    return ""


_BLANK = frozenset({"", "\u2014", "\u2013", "-", "?"})
"""Cell texts that say "no value yet" (the templates write ``—``): not text of another kind."""


def cell_kind_change(old: object, new: object) -> dict[str, object] | None:
    """``{"from": "number", "to": "text", ...}`` when a cell that reads as a number (a
    metric) is given text that does not; None otherwise (a blank, or the kind kept)."""
    from scaffold.note.body.inline import strip_markup

    if not isinstance(read(old), Metric) or isinstance(read(new), Metric):
        return None
    if strip_markup(str(new)).strip() in _BLANK:
        return None
    return {"from": "number", "to": "text", "old": old, "value": new}


def _text(value: object) -> str:
    return str(value)
