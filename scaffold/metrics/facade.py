"""The metrics feature's entry points: :func:`history` (``scaffold history``) and
:func:`chart` (``scaffold chart``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from scaffold.metrics.history import NoteHistory, note_history

if TYPE_CHECKING:
    from scaffold.metrics.chart import Chart

__all__ = [
    "ChartResult",
    "NoteHistory",
    "chart",
    "history",
    "history_csv",
    "history_export",
    "history_lines",
]


def history(
    vault: str | Path | None,
    note: str,
    field: str | None = None,
    *,
    type: str | None = None,
) -> NoteHistory:
    """The history of ``field`` (every field with a history table when None) in ``note`` (a
    path, a stem or an alias) of ``vault`` (found above the current folder when None): its
    dated rows, oldest first, each cell read as a metric."""
    from scaffold.vault.index import find_vault

    root = find_vault(Path.cwd(), None if vault is None else Path(vault))
    return note_history(root, note, field, default_type=type)


def history_lines(history: NoteHistory, *, spark: bool = False, plot: bool = False) -> list[str]:
    """A history as text for a person: a heading per series and a line per dated row; with
    ``spark`` a sparkline (``▁▂▄▆█``) under each series, with ``plot`` a block plot."""
    from scaffold.metrics.show import history_lines as lines

    return lines(history, spark=spark, plot=plot)


def history_csv(histories: Iterable[NoteHistory], out: IO[str], *, delimiter: str = ",") -> int:
    """Write histories as the long rows ``update --from`` reads back (``note,address,as_of,
    value``, one per dated cell); returns how many rows were written."""
    from scaffold.metrics.history import write_csv

    return write_csv(histories, out, delimiter=delimiter)


def history_export(
    vault: str | Path | None,
    field: str,
    out: IO[str],
    *,
    where: str | Sequence[str] | None = None,
    type: str | None = None,
    format: str = "csv",
) -> tuple[int, tuple[tuple[str, str], ...]]:
    """Write the history of ``field`` in every note of the vault that ``where`` selects as long
    rows (``note,address,as_of,value``, one per dated cell) in ``format`` (csv, tsv, json,
    jsonl), which ``update --from`` reads back. Returns how many rows were written, and the
    ``(path, why)`` of selected notes of a type with the field that have no such table."""
    from scaffold.metrics.history import gather, write_long
    from scaffold.vault.index import find_vault

    root = find_vault(Path.cwd(), None if vault is None else Path(vault))
    wheres = [where] if isinstance(where, str) else list(where or [])
    found = gather(root, field, where=wheres, default_type=type)
    return write_long(found.histories, out, format), found.left_out


@dataclass(frozen=True, slots=True)
class ChartResult:
    """A chart drawn from a vault: its SVG text and what went into it."""

    svg: str
    chart: Chart
    left_out: tuple[tuple[str, str], ...]
    """``(where, why)``: notes without the history, and rows that could not be drawn."""
    path: Path | None = None
    """Where the SVG was written (or checked); None when only drawn."""
    written: bool = False
    """The file was (re)written; False when it already held these bytes, or for ``check``."""
    current: bool = True
    """The file already held these bytes (always True when nothing was written or checked)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": None if self.path is None else str(self.path),
            "written": self.written,
            "current": self.current,
            "title": self.chart.title,
            "series": [
                {"note": line.label, "points": len(line.points)} for line in self.chart.lines
            ],
            "left_out": [{"where": where, "reason": why} for where, why in self.left_out],
        }


def chart(
    vault: str | Path | None,
    field: str,
    notes: Sequence[str] = (),
    *,
    where: str | Sequence[str] | None = None,
    type: str | None = None,
    title: str | None = None,
    output: str | Path | None = None,
    check: bool = False,
) -> ChartResult:
    """Draw the history of ``field`` in ``notes`` (every note of the vault whose type has it,
    when none are named) that ``where`` selects, one line per note, as SVG.

    With ``output`` the SVG is written there through the one write path, only when its bytes
    changed (the same data draws the same bytes). With ``check`` nothing is written, and
    :class:`~scaffold.errors.WouldChange` (exit 11) is raised when the file is out of date.
    """
    from scaffold.metrics.chart import chart_of, draw
    from scaffold.metrics.history import gather
    from scaffold.vault.index import find_vault

    root = find_vault(Path.cwd(), None if vault is None else Path(vault))
    wheres = [where] if isinstance(where, str) else list(where or [])
    found = gather(root, field, notes, where=wheres, default_type=type)
    drawn = chart_of(found.histories, title)
    text = draw(drawn)
    left_out = found.left_out + drawn.left_out
    result = ChartResult(text, drawn, left_out)
    if output is None:
        return result
    return _write_chart(result, Path(output), check=check)


def _write_chart(result: ChartResult, path: Path, *, check: bool) -> ChartResult:
    from dataclasses import replace

    from scaffold.errors import WouldChange
    from scaffold.vault.changes import FileChange, apply_changes
    from scaffold.vault.files import current_bytes

    new = result.svg.encode("utf-8")
    old = current_bytes(path)
    if check:
        if old != new:
            why = "does not exist yet" if old is None else "is out of date: its series changed"
            raise WouldChange(
                f"{path} {why}", path=path, hint="run the same scaffold chart without --check"
            )
        return replace(result, path=path)
    written = bool(apply_changes([FileChange(path, old, new)]))
    return replace(result, path=path, written=written, current=not written)
