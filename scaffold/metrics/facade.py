"""The metrics feature's entry points: :func:`history` (``scaffold history``) and
:func:`chart` (``scaffold chart``)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import IO

from scaffold.metrics.history import NoteHistory, note_history

__all__ = ["NoteHistory", "history", "history_csv", "history_lines"]


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
