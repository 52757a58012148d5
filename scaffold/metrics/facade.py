"""The metrics feature's entry points: :func:`history` (``scaffold history``) and
:func:`chart` (``scaffold chart``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from scaffold.errors import UsageError
from scaffold.metrics.history import NoteHistory, note_history

if TYPE_CHECKING:
    from scaffold.metrics.chart import Chart
    from scaffold.vault.changes import FileChange

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
    embedded: str | None = None
    """The note (vault-relative) the embed was added to, with ``embed``; None when it had it."""
    run: str | None = None
    """The journalled run that wrote a chart inside the vault, and its embed (``scaffold undo``
    takes both back); None for a chart outside the vault, or when nothing changed."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": None if self.path is None else str(self.path),
            "written": self.written,
            "current": self.current,
            "embedded": self.embedded,
            "run": self.run,
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
    embed: bool = False,
) -> ChartResult:
    """Draw the history of ``field`` in ``notes`` (every note of the vault whose type has it,
    when none are named) that ``where`` selects, one line per note, as SVG.

    With ``output`` the SVG is written there through the one write path, only when its bytes
    changed (the same data draws the same bytes); inside the vault, as a journalled run.
    With ``check`` nothing is written, and :class:`~scaffold.errors.WouldChange` (exit 11) is
    raised when the file is out of date.
    With ``embed`` (a chart of one note, written inside the vault) the note gets
    ``![[PATH]]`` after its history table unless it embeds the chart already, as a
    journalled run; with ``check``, a missing embed is out of date too.
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
        if embed:
            raise UsageError("an embed needs the chart's file", hint="give output=PATH (-o)")
        return result
    return _write(root, result, Path(output), found.histories, embed=embed, check=check)


def _write(
    vault: Path,
    result: ChartResult,
    output: Path,
    histories: tuple[NoteHistory, ...],
    *,
    embed: bool,
    check: bool,
) -> ChartResult:
    """Write the SVG (and with ``embed`` the note's ``![[PATH]]``) only where the bytes
    change. A chart inside the vault is a journalled run with its embed, so ``scaffold undo``
    takes back both; one outside the vault goes through the one write path alone."""
    from dataclasses import replace

    from scaffold.bulk.changeset import write_journalled
    from scaffold.errors import WouldChange
    from scaffold.vault.changes import FileChange, apply_changes
    from scaffold.vault.files import current_bytes

    target = _embed_target(vault, output, histories) if embed else _in_vault(vault, output)
    svg = result.svg.encode("utf-8")
    old = current_bytes(output)
    if check and old != svg:
        why = "does not exist yet" if old is None else "is out of date: its series changed"
        raise WouldChange(
            f"{output} {why}", path=output, hint="run the same scaffold chart without --check"
        )
    changes = [] if old == svg else [FileChange(output, old, svg)]
    embedded = None
    if embed and target is not None:
        embedded = _embed_change(vault, histories[0], target, check=check)
    if embedded is not None:
        changes.append(embedded)
    result = replace(result, path=output, current=old == svg)
    if check or not changes:
        return result
    if target is None:
        apply_changes(changes)
        return replace(result, written=True)
    command = f"scaffold chart -o {target}" + (" --embed" if embed else "")
    written = write_journalled(vault, changes, command=command)
    return replace(
        result,
        written=old != svg,
        embedded=histories[0].path if embedded is not None else None,
        run=written.run,
    )


def _in_vault(vault: Path, output: Path) -> str | None:
    """The file's vault-relative path, or None when it is outside the vault."""
    import os

    real, root = Path(os.path.realpath(output)), Path(os.path.realpath(vault))
    return real.relative_to(root).as_posix() if real.is_relative_to(root) else None


def _embed_target(vault: Path, output: Path, histories: tuple[NoteHistory, ...]) -> str:
    """The chart's vault path for the embed; refused for a chart of several notes or a file
    outside the vault, before anything is written."""
    if len(histories) != 1:
        raise UsageError(
            f"--embed puts the chart in its note, and this chart draws {len(histories)} notes",
            hint="name one NOTE to embed its chart, or leave out --embed",
        )
    target = _in_vault(vault, output)
    if target is None:
        raise UsageError(
            f"--embed: {output} is outside the vault {vault}",
            hint="write the chart inside the vault, e.g. -o 'charts/NOTE FIELD.svg'",
        )
    return target


def _embed_change(
    vault: Path, history: NoteHistory, target: str, *, check: bool
) -> FileChange | None:
    """The note's change that adds ``![[target]]`` after its history table; None when it
    embeds the chart already. With ``check``, a missing embed is out of date (exit 11)."""
    from scaffold.errors import WouldChange
    from scaffold.metrics.embed import embed_text, with_embed
    from scaffold.note.parsed import ParsedNote
    from scaffold.vault.changes import FileChange
    from scaffold.vault.files import read_bytes

    path = vault / history.path
    old = read_bytes(path)
    note = ParsedNote.from_bytes(old, path=history.path)
    new = with_embed(note, history.series[0].section, target)
    if new is None:
        return None
    if check:
        raise WouldChange(
            f"{history.path} does not embed {embed_text(target)}",
            path=history.path,
            hint="run the same scaffold chart --embed without --check",
        )
    return FileChange(path, old, new.to_bytes())
