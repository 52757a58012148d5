"""How old a note's metrics are, by the date the note records for each: the one reader that
``scaffold stale``, ``scaffold report`` and ``check``'s stale-metric rule (A001) share.

A metric's date is its history table's latest dated row (``Download trajectory``), else the
first ``(Apr 2025)`` note after the value in one of its places; never the file's modification
time (a note edited for a typo is not fresh). A value with neither has an unknown age. A
month or a year is dated by its first day (``Apr 2025`` is 2025-04-01).

The fields looked at are those whose type declares ``max_age``, each against its own; a
``threshold`` replaces every one and adds the fields with a history table. A field the note
does not fill (missing, or a placeholder such as ``—``) has no metric to age.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from scaffold.entities.fields import Field
from scaffold.entities.series import read_series
from scaffold.errors import AddressError
from scaffold.note.addressing.resolve import TableTarget, get, resolve
from scaffold.note.body.inline import strip_markup
from scaffold.note.parsed import ParsedNote
from scaffold.note.values.ages import Age, parse_age
from scaffold.note.values.dates import Dated
from scaffold.note.values.metric import Metric, read
from scaffold.note.values.placeholders import is_placeholder
from scaffold.note.yaml.frontmatter import scalar_text

HISTORY, CELL = "history", "cell"


@dataclass(frozen=True, slots=True)
class MetricAge:
    """One field's value in one note, and the date the note gives it."""

    field: str
    text: str
    """The value as the note writes it (``**1.2B+** (Apr 2025)``)."""
    place: str
    """The address the value was read at (the field's first place the note has)."""
    as_of: Dated | None
    source: str | None
    """``history`` (the latest row), ``cell`` (an as-of note), or None: no date."""
    max_age: Age

    def age_days(self, today: dt.date) -> int | None:
        return None if self.as_of is None else (today - self.as_of.date).days

    def stale(self, today: dt.date) -> bool:
        """Older than its ``max_age``, or of unknown age."""
        return self.as_of is None or self.as_of.date < self.max_age.cutoff(today)


def limit_of(field: Field, threshold: Age | None) -> Age | None:
    """The age ``field``'s value may reach: ``threshold`` (for a field with a ``max_age`` or a
    history table), else its own ``max_age``; None: the field is not looked at."""
    if threshold is not None and (field.question.max_age or field.history is not None):
        return threshold
    return parse_age(field.question.max_age) if field.question.max_age else None


def metric_ages(
    note: ParsedNote, fields: dict[str, Field], stem: str, threshold: Age | None = None
) -> list[MetricAge]:
    """Every looked-at field the note fills, with its date, in the type's field order."""
    found: list[MetricAge] = []
    for field in fields.values():
        limit = limit_of(field, threshold)
        if limit is None:
            continue
        texts: list[tuple[str, str]] = []
        for place in field.addresses(stem):
            try:
                value = get(note, place)
            except AddressError:
                continue
            if isinstance(value, list | dict) or value is None:
                continue
            texts.append((place, scalar_text(value)))
        if not texts or is_placeholder(strip_markup(texts[0][1])):
            continue
        place, text = texts[0]
        as_of, source = _dated(note, field, stem, [t for _, t in texts])
        found.append(MetricAge(field.name, text, place, as_of, source, limit))
    return found


def _dated(
    note: ParsedNote, field: Field, stem: str, texts: list[str]
) -> tuple[Dated | None, str | None]:
    series = read_series(note, field, stem)
    latest = series.latest if series is not None else None
    if latest is not None:
        return latest.date, HISTORY
    for text in texts:
        metric = read(text)
        if isinstance(metric, Metric) and metric.as_of is not None:
            return metric.as_of, CELL
    return None, None


def span_of(note: ParsedNote, place: str) -> tuple[int, int]:
    """Where the value at ``place`` stands in the note (a cell's text), for a diagnostic;
    the frontmatter block's start for a frontmatter value."""
    try:
        target: Any = resolve(note, place)
    except AddressError:
        return 0, 0
    if isinstance(target, TableTarget) and target.row is not None and target.column is not None:
        cell = target.table.rows[target.row].cells[target.column]
        return cell.start, cell.end
    return 0, 0
