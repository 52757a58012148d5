"""``scaffold chart``: a field's histories as a line chart in SVG, the same bytes for the same
data.

The chart has a title, a y axis in the metric's own units (``500M``, ``1B``, ``$2B``) from
zero, dates on the x axis (months, quarters or years, as the span needs), one line per note
with a marker per dated row (its cell text as a tooltip) and a legend. Its colours come from a
stylesheet with a dark variant (``prefers-color-scheme``), and each element also carries its
light colour as an attribute, for renderers without CSS.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from scaffold.metrics import svg
from scaffold.metrics.axes import date_label, date_ticks, value_ticks
from scaffold.metrics.history import NoteHistory
from scaffold.note.values.dates import YEAR
from scaffold.note.values.metric import Metric, format_number

WIDTH, HEIGHT = 720, 400
LEFT, TOP, BOTTOM, GAP = 72, 56, 52, 24
FONT = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif"
CHAR = 7.8
LEGEND_ROW = 20
"""The width of one character of 12px text, near enough to lay out the legend."""

LIGHT = ("#2563eb", "#dc2626", "#059669", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#4b5563")
DARK = ("#60a5fa", "#f87171", "#34d399", "#fbbf24", "#a78bfa", "#22d3ee", "#f472b6", "#9ca3af")
"""Series colours, light and dark; a ninth series takes the first colour again, dashed."""

INK = {"bg": ("#ffffff", "#0d1117"), "fg": ("#1f2937", "#e6edf3"),
       "muted": ("#6b7280", "#9ca3af"), "grid": ("#e5e7eb", "#30363d")}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Line:
    """One note's series, as drawn."""

    label: str
    points: tuple[tuple[dt.date, float, str], ...]
    """``(date, number, tooltip)``, oldest first; the tooltip is the row's date and cell as
    the note writes them (``Apr 2025: **1.2B**``)."""


@dataclass(frozen=True, slots=True)
class Chart:
    title: str
    unit: str
    lines: tuple[Line, ...]
    left_out: tuple[tuple[str, str], ...]
    """``(address, why)`` of rows not drawn: a cell that is not a metric, another unit."""
    yearly: bool = False
    """Every row is dated by its year alone (``2024``): the x axis counts whole years."""


def chart_of(histories: tuple[NoteHistory, ...], title: str | None = None) -> Chart:
    """The chart of the first series of each history: its readable points; rows that cannot
    be drawn are left out and said so, with their address."""
    lines: list[Line] = []
    left_out: list[tuple[str, str]] = []
    unit: str | None = None
    column = ""
    yearly = True
    for history in histories:
        series = history.series[0]
        column = column or series.column
        drawn = []
        for point in series.points:
            where = f"{history.path}:{point.line}"
            metric = point.metric
            if not isinstance(metric, Metric):
                left_out.append((where, f"{point.text!r} is not a metric: {metric.reason}"))
                continue
            if unit is None:
                unit = metric.unit
            if metric.unit != unit:
                theirs = metric.unit or "none"
                left_out.append((where, f"{point.text!r} is in {theirs}, the chart in {unit}"))
                continue
            drawn.append((point.date.date, metric.value, f"{point.date_text}: {point.text}"))
            yearly = yearly and point.date.granularity == YEAR
        lines.append(Line(history.note, tuple(drawn)))
    if title is None:
        title = column if len(histories) != 1 else f"{histories[0].note}: {column}"
    return Chart(title, unit or "", tuple(lines), tuple(left_out), yearly)


def _style() -> str:
    def rules(which: int) -> str:
        out = [f".{name}{{fill:{INK[name][which]}}}" for name in ("bg", "fg", "muted")]
        out.append(f".grid{{stroke:{INK['grid'][which]}}}")
        out.append(f".axis{{stroke:{INK['muted'][which]}}}")
        palette = LIGHT if which == 0 else DARK
        out += [f".s{i}{{stroke:{c};fill:{c}}}" for i, c in enumerate(palette)]
        return "".join(out)

    return f"{rules(0)}@media (prefers-color-scheme: dark){{{rules(1)}}}"


def draw(chart: Chart) -> str:
    """The chart as SVG text."""
    longest = max((len(line.label) for line in chart.lines), default=0)
    legend_w = int(24 + CHAR * min(longest, 28)) + 2 * GAP
    width = WIDTH + legend_w
    right = width - legend_w
    bottom = HEIGHT - BOTTOM
    doc = svg.document(width, HEIGHT, chart.title)
    doc.attrs["font-family"] = FONT
    doc.add("title", chart.title)
    doc.add("style", _style())
    doc.add("rect", width=width, height=HEIGHT, fill=INK["bg"][0], class_="bg")
    doc.add("text", chart.title, x=LEFT, y=30, font_size=16, font_weight=600,
            fill=INK["fg"][0], class_="fg")  # fmt: skip

    values = [v for line in chart.lines for _, v, _ in line.points]
    dates = [d for line in chart.lines for d, _, _ in line.points]
    ticks = value_ticks(min(values, default=0.0), max(values, default=1.0))
    low, high = ticks[0], ticks[-1]

    def y(value: float) -> float:
        return bottom - (value - low) / (high - low) * (bottom - TOP)

    first, last = (min(dates), max(dates)) if dates else (dt.date(2000, 1, 1),) * 2
    span = (last - first).days or 60
    start = first.toordinal() - span * 0.04 - (30 if first == last else 0)
    end = last.toordinal() + span * 0.04 + (30 if first == last else 0)

    def x(date: dt.date) -> float:
        return LEFT + (date.toordinal() - start) / (end - start) * (right - LEFT)

    grid = doc.add("g", font_size=12)
    for tick in ticks:
        grid.add("line", x1=LEFT, y1=y(tick), x2=right, y2=y(tick), stroke=INK["grid"][0],
                 class_="grid")  # fmt: skip
        grid.add("text", format_number(tick, chart.unit), x=LEFT - 8, y=y(tick) + 4,
                 text_anchor="end", fill=INK["muted"][0], class_="muted")  # fmt: skip
    grid.add("line", x1=LEFT, y1=bottom, x2=right, y2=bottom, stroke=INK["muted"][0],
             class_="axis")  # fmt: skip
    if dates:
        marks, step = date_ticks(first, last, least=12 if chart.yearly else 1)
        for mark in marks:
            at = x(mark)
            grid.add("line", x1=at, y1=bottom, x2=at, y2=bottom + 5, stroke=INK["muted"][0],
                     class_="axis")  # fmt: skip
            grid.add("text", date_label(mark, step), x=at, y=bottom + 20, text_anchor="middle",
                     fill=INK["muted"][0], class_="muted")  # fmt: skip

    room = (bottom - TOP) // LEGEND_ROW + 1
    for index, line in enumerate(chart.lines):
        colour = f"s{index % len(LIGHT)}"
        light = LIGHT[index % len(LIGHT)]
        dash = {"stroke_dasharray": "6 4"} if index >= len(LIGHT) else {}
        group = doc.add("g", class_=colour, stroke=light, fill=light)
        coords = [(x(d), y(v)) for d, v, _ in line.points]
        if len(coords) > 1:
            group.add("polyline", points=svg.points(coords), fill="none", stroke_width=2.5,
                      stroke_linejoin="round", stroke_linecap="round", **dash)  # fmt: skip
        for (cx, cy), (_, _, tip) in zip(coords, line.points, strict=True):
            marker = group.add("circle", cx=cx, cy=cy, r=3.5, stroke="none")
            marker.add("title", f"{line.label}, {tip}")
        legend_y = TOP + 4 + index * LEGEND_ROW
        if index >= room:
            continue
        if index == room - 1 and len(chart.lines) > room:  # the legend's last row says so
            doc.add("text", f"+{len(chart.lines) - index} more", x=right + GAP,
                    y=legend_y + 4, font_size=12, fill=INK["muted"][0], class_="muted")  # fmt: skip
            continue
        group.add("line", x1=right + GAP, y1=legend_y, x2=right + GAP + 18, y2=legend_y,
                  stroke_width=2.5, **dash)  # fmt: skip
        label = line.label if len(line.label) <= 28 else line.label[:27] + "…"
        doc.add("text", label, x=right + GAP + 24, y=legend_y + 4, font_size=12,
                fill=INK["fg"][0], class_="fg")  # fmt: skip
    return svg.render(doc)
