"""A history as a person reads it: one line per dated row, and a sparkline or block plot."""

from __future__ import annotations

from scaffold.entities.series import Series
from scaffold.metrics.history import NoteHistory, values
from scaffold.metrics.sparkline import block_plot, sparkline
from scaffold.note.values.metric import Metric, format_number


def history_lines(history: NoteHistory, *, spark: bool = False, plot: bool = False) -> list[str]:
    """The series of ``history`` as text: a heading per series, then ``DATE  TEXT`` rows
    (oldest first); with ``spark`` a sparkline under each, with ``plot`` a block plot."""
    lines: list[str] = []
    for index, series in enumerate(history.series):
        if index:
            lines.append("")
        lines.append(f"{history.note} · {series.field} ({series.section} > {series.column})")
        lines.extend(_rows(series))
        if series.undated:
            at = ", ".join(map(str, series.undated))
            lines.append(f"  (left out: the row(s) at line {at} have no date in the first cell)")
        numbers = values(series)
        if not series.points:
            lines.append("  (no dated rows)")
        elif plot:
            lines.extend(_plot(series, numbers))
        elif spark:
            known = [p.metric for p in series.points if isinstance(p.metric, Metric)]
            ends = (
                f"  {format_number(known[0].number, known[0].unit)} → "
                f"{format_number(known[-1].number, known[-1].unit)}"
                if known
                else ""
            )
            lines.append(f"  {sparkline(numbers)}{ends}")
    for field, why in history.missing:
        lines.append(f"({field}: {why})")
    return lines


def _rows(series: Series) -> list[str]:
    width = max((len(p.date.iso()) for p in series.points), default=0)
    out = []
    for point in series.points:
        metric = point.metric
        note = "" if isinstance(metric, Metric) else f"   (not a metric: {metric.reason})"
        out.append(f"  {point.date.iso():<{width}}  {point.text}{note}")
    return out


def _plot(series: Series, numbers: list[float | None]) -> list[str]:
    known = [v for v in numbers if v is not None]
    top = max(known, default=0.0)
    unit = next((p.metric.unit for p in series.points if isinstance(p.metric, Metric)), "")
    height = 8
    labels = [format_number(top, unit)] + [""] * (height - 2) + [format_number(0, unit)]
    left = max(len(label) for label in labels)
    lines = block_plot(numbers, labels, height=height, left=left)
    width = 2 * len(numbers) - 1
    lines.append(" " * left + " └" + "─" * width)
    first, last = series.points[0].date.iso(), series.points[-1].date.iso()
    span = (
        f"{first}{last:>{width - len(first)}}"
        if width >= len(first) + len(last) + 1
        else (first if first == last else f"{first} → {last}")
    )
    lines.append(" " * left + "  " + span)
    return [line.rstrip() for line in lines]
