"""A: a metric older than its field's ``max_age`` (``questions.yaml``), dated as ``scaffold
stale`` dates it (:mod:`scaffold.entities.freshness`: the history table's latest row, else the
``(Apr 2025)`` after the value; never the file's modification time), or one with no date.

Today is ``SCAFFOLD_TODAY`` when set (tests, reproducible reports), else the real date.
"""

from __future__ import annotations

from collections.abc import Iterator

from scaffold.check.context import NoteContext
from scaffold.check.diagnostic import Diagnostic, Severity
from scaffold.check.rule import Rule
from scaffold.entities.clock import today
from scaffold.entities.freshness import metric_ages, span_of
from scaffold.errors import ScaffoldError
from scaffold.note.values.ages import age_text

STALE = "A001"

RULES = (
    Rule(
        STALE,
        "stale-metric",
        Severity.INFO,
        "a metric is older than its field's max_age, or has no date",
        needs_type=True,
    ),
)


def check(ctx: NoteContext) -> Iterator[Diagnostic]:
    note_type = ctx.note_type
    if note_type is None or not any(f.question.max_age for f in note_type.fields.values()):
        return
    try:
        ages = metric_ages(ctx.note, note_type.fields, ctx.name)
        day = today()
    except ScaffoldError:
        return  # an unreadable value is another rule's to report
    hint = f"refresh it: scaffold stale --where 'path:{ctx.path}' --format csv, then update --from"
    for metric in ages:
        if not metric.stale(day):
            continue
        start, end = span_of(ctx.note, metric.place)
        if metric.as_of is None:
            message = f"{metric.field} has no date (max_age {metric.max_age}): its age is unknown"
        else:
            age = age_text(metric.as_of.date, day)
            message = (
                f"{metric.field} is {age} old ({metric.as_of.text()}), "
                f"past its max_age of {metric.max_age}"
            )
        yield ctx.diag(STALE, start, end, message, hint=hint)
