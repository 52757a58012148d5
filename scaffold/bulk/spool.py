"""The input rows, grouped by note, kept on disk while a run is planned.

A run over 100,000 notes must not hold 100,000 parsed rows in memory. Each row is written to
a temporary file as it is read; memory keeps only, per note, where its rows are (the path
strings are the vault index's own). Rows naming the same note are merged into one task, in
the order the notes first appear, wherever in the input their rows are.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import replace

from scaffold.bulk.names import NoteNames
from scaffold.bulk.planner import Task
from scaffold.bulk.requests import Assignment, Row
from scaffold.errors import ScaffoldError


class Spool:
    """Rows on disk, by note: ``add`` them, then iterate the merged :class:`Task` s."""

    def __init__(self, rows: Iterable[Row], names: NoteNames, sets: tuple[Assignment, ...]):
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        self._sets = sets
        # path (or an error row's own key) -> offset of its one row, or offsets of several
        self._where: dict[str, int | list[int]] = {}
        for row in rows:
            key = None
            if row.error is None:
                try:
                    key = names.resolve(row.note)
                except ScaffoldError as exc:
                    row = replace(row, error=exc)
            if key is None:
                key = f"\0{len(self._where)}"  # a row that fails alone: no path looks like it
            offset = self._file.tell()
            pickle.dump(row, self._file, pickle.HIGHEST_PROTOCOL)
            self._add(key, offset)

    def _add(self, key: str, offset: int) -> None:
        where = self._where.get(key)
        if where is None:
            self._where[key] = offset
        elif isinstance(where, int):
            self._where[key] = [where, offset]
        else:
            where.append(offset)

    def __len__(self) -> int:
        return len(self._where)

    def tasks(self) -> Iterator[Task]:
        """One task per note, in the order the notes first appear."""
        for index, (key, where) in enumerate(self._where.items()):
            offsets = [where] if isinstance(where, int) else where
            rows = [self._read(offset) for offset in offsets]
            first = rows[0]
            if key[0] == "\0":
                yield Task(index, first, None, first.error)
                continue
            assignments = tuple(a for row in rows for a in row.assignments) + self._sets
            if len(rows) > 1 or self._sets:
                first = replace(first, assignments=assignments)
            yield Task(index, first, key)

    def _read(self, offset: int) -> Row:
        self._file.seek(offset)
        row: Row = pickle.load(self._file)
        return row

    def close(self) -> None:
        self._file.close()
