"""``scaffold stale``: the metrics older than their ``max_age``, oldest first, and the long CSV
that ``scaffold update --from`` reads back. Each metric is dated by
:mod:`scaffold.entities.freshness` (history rows, else an as-of note; never the file's mtime).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from scaffold.bulk.select import parse_where
from scaffold.entities.clock import today as clock_today
from scaffold.entities.fields import fields_of
from scaffold.entities.freshness import metric_ages, span_of
from scaffold.errors import ScaffoldError, UsageError
from scaffold.note.body.inline import split_emphasis
from scaffold.note.parsed import ParsedNote
from scaffold.note.values.ages import AGE_HINT, Age, age_text, parse_age
from scaffold.note.values.dates import Dated
from scaffold.note.values.metric import Metric, read
from scaffold.vault.index import find_vault
from scaffold.views.query import VaultNotes


@dataclass(frozen=True, slots=True)
class Freshness:
    """One metric of one note, and how old it is."""

    note: str
    """The note as ``export`` names it: its stem, or its path when the stem is shared."""
    path: str
    field: str
    value: str
    """The value to show (``1.2B+``: the emphasis and the as-of note aside)."""
    text: str
    """The value as the note writes it (``**1.2B+** (Apr 2025)``), as ``export`` writes it:
    fed back to ``update`` unedited, it changes nothing."""
    as_of: Dated | None
    source: str | None
    """Where the date comes from: ``history`` (the latest row) or ``cell``; None: no date."""
    max_age: Age
    today: dt.date

    @property
    def age_days(self) -> int | None:
        return None if self.as_of is None else (self.today - self.as_of.date).days

    @property
    def age(self) -> str:
        return "unknown" if self.as_of is None else age_text(self.as_of.date, self.today)

    @property
    def stale(self) -> bool:
        """Older than its ``max_age``, or of unknown age."""
        return self.as_of is None or self.as_of.date < self.max_age.cutoff(self.today)

    @property
    def as_of_text(self) -> str:
        """The date as the note writes it (``Apr 2025``), or ``""``."""
        return "" if self.as_of is None else self.as_of.text()

    def to_dict(self) -> dict[str, Any]:
        return {
            "note": self.note,
            "path": self.path,
            "field": self.field,
            "value": self.value,
            "text": self.text,
            "as_of": None if self.as_of is None else self.as_of.iso(),
            "as_of_text": self.as_of_text or None,
            "source": self.source,
            "age_days": self.age_days,
            "age": self.age,
            "max_age": str(self.max_age),
            "stale": self.stale,
        }


def resolve_today(today: str | dt.date | None) -> dt.date:
    """``today`` (an ISO date), else ``SCAFFOLD_TODAY``, else the real date."""
    if isinstance(today, dt.date):
        return today
    if today:
        try:
            return dt.date.fromisoformat(today)
        except ValueError:
            raise UsageError(
                f"--today {today!r} is not a date", hint="write it as 2026-01-27"
            ) from None
    return clock_today()


def parse_threshold(text: str | None) -> Age | None:
    if text is None:
        return None
    age = parse_age(text)
    if age is None:
        raise UsageError(f"--older-than {text!r} is not an age", hint=AGE_HINT)
    return age


def stale(
    vault: str | Path | None,
    *,
    older_than: str | None = None,
    where: str | Sequence[str] = (),
    today: str | dt.date | None = None,
    default_type: str | None = None,
    everything: bool = False,
    on_left_out: Callable[[ScaffoldError], None] | None = None,
) -> list[Freshness]:
    """The stale metrics of the vault's notes (with ``everything``, every metric looked at),
    oldest first; those of unknown age last; ties by note, then field. A note that cannot be
    read, or whose values cannot be, is left out and given to ``on_left_out`` (its error,
    with its path)."""
    root = find_vault(Path.cwd(), Path(vault) if vault is not None else None)
    threshold = parse_threshold(older_than)
    day = resolve_today(today)
    expr = parse_where(list(where) if not isinstance(where, str) else [where]) if where else None
    notes = VaultNotes(root, default_type=default_type)
    planner = notes.planner
    found: list[Freshness] = []
    for entry in notes.entries:
        note = notes.note(entry)
        if note is None:
            if on_left_out is not None:
                on_left_out(notes.unreadable[entry.rel])
            continue
        try:
            if expr is not None and not expr.matches(planner.facts(note, entry.rel)):
                continue
            fields = planner.fields_of_type(planner.type_of(note)) or {}
            for metric in metric_ages(note, fields, entry.stem, threshold):
                item = Freshness(
                    entry.display,
                    entry.rel,
                    metric.field,
                    _value(metric.text),
                    metric.text,
                    metric.as_of,
                    metric.source,
                    metric.max_age,
                    day,
                )
                if everything or item.stale:
                    found.append(item)
        except ScaffoldError as exc:
            if on_left_out is not None:
                on_left_out(exc.with_path(entry.rel))
    found.sort(key=_order)
    return found


def _value(text: str) -> str:
    """The value as ``update`` takes it back: the emphasised part of ``**1.2B+** (Apr
    2025)``, else the text without its as-of note; a cell that states it is left alone."""
    marker, inner, _rest = split_emphasis(text.strip())
    if marker:
        return " ".join(inner.split())
    metric = read(text)
    if isinstance(metric, Metric) and metric.as_of is not None:
        text = _AS_OF_NOTE.sub("", text)
    return " ".join(text.split())


_AS_OF_NOTE = re.compile(r"\s*\([^()]*\)\s*\Z")


def _order(item: Freshness) -> tuple[Any, ...]:
    unknown = item.as_of is None
    date = dt.date.min if item.as_of is None else item.as_of.date
    return unknown, date, item.note.casefold(), item.path, item.field


STALE_FORMATS = ("text", "csv", "tsv", "json")
CSV_COLUMNS = ("note", "field", "value", "as_of")
"""The long table ``scaffold update --from`` reads. ``value`` holds the current value as the
note writes it (as ``export`` does) and ``as_of`` is empty: write the new value and the date
it is as of over them, then feed the file back. A row left as it was states what its note
already holds, so it changes nothing (beyond a bound place the note lacks, which any update
of the field adds)."""


def write_stale(items: Sequence[Freshness], out: IO[str], fmt: str) -> None:
    """``items`` as ``fmt``: an aligned table for a person, the long CSV (or TSV) that
    ``update --from`` reads, or JSON."""
    if fmt == "json":
        json.dump([i.to_dict() for i in items], out, ensure_ascii=False)
        out.write("\n")
        return
    if fmt in ("csv", "tsv"):
        writer = csv.writer(out, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for i in items:
            writer.writerow([i.note, i.field, i.text, ""])
        return
    rows = [("note", "field", "value", "as of", "age")]
    rows += [(i.note, i.field, i.value, i.as_of_text or "—", i.age) for i in items]
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]))]
    for row in rows:
        out.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        out.write("\n")


def metric_hints(
    vault: Path, note: ParsedNote, stem: str, *, today: str | dt.date | None = None
) -> list[tuple[int, int, str]]:
    """What the language server shows beside each metric of a field with ``max_age``: the
    value's span and ``Apr 2025 · 9 mo`` (or ``no date``). Nothing for a note of no known
    type."""
    from scaffold.entities.library import Library

    data = note.data if isinstance(note.data, dict) else {}
    name = data.get("type")
    if not isinstance(name, str) or not name.strip():
        return []
    try:
        fields = fields_of(Library(vault).get(name.strip()).spec)
        ages = metric_ages(note, fields, stem)
    except ScaffoldError:
        return []
    day = resolve_today(today)
    hints = []
    for metric in ages:
        start, end = span_of(note, metric.place)
        if end <= start:
            continue
        if metric.as_of is None:
            label = "no date"
        else:
            label = f"{metric.as_of.text()} · {age_text(metric.as_of.date, day)}"
        hints.append((start, end, label))
    return hints
