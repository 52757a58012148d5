"""A Unicode sparkline (``▁▂▄▆█``) and a small block plot of a series, for a terminal."""

from __future__ import annotations

from collections.abc import Sequence

BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float | None]) -> str:
    """One block per value, scaled between the smallest and largest; a missing value (a cell
    that is not a metric) is a space. All-equal values give a row of middle blocks."""
    known = [v for v in values if v is not None]
    if not known:
        return " " * len(values)
    low, high = min(known), max(known)
    span = high - low
    out = []
    for value in values:
        if value is None:
            out.append(" ")
        elif span == 0:
            out.append(BARS[len(BARS) // 2])
        else:
            out.append(BARS[round((value - low) / span * (len(BARS) - 1))])
    return "".join(out)


def block_plot(
    values: Sequence[float | None], labels: Sequence[str], *, height: int = 8, left: int = 0
) -> list[str]:
    """A column chart ``height`` lines high, one column of full and partial blocks per value,
    its base at zero (so a column's height is its value, as a person reads a chart), with
    ``labels`` (one per line from the top, right-aligned in ``left`` characters) beside it."""
    known = [v for v in values if v is not None and v > 0]
    top = max(known) if known else 1.0
    eighths = [0 if v is None or v <= 0 else max(1, round(v / top * height * 8)) for v in values]
    lines = []
    for level in range(height, 0, -1):
        cells = []
        for count in eighths:
            full = count - (level - 1) * 8
            cells.append("█" if full >= 8 else (BARS[full - 1] if full > 0 else " "))
        label = labels[height - level] if height - level < len(labels) else ""
        lines.append(f"{label:>{left}} │" + " ".join(cells))
    return lines
