"""The input rows, grouped by note, kept on disk while a run is planned.

A run over 100,000 notes must not hold 100,000 parsed rows in memory. Each row is written to
a temporary file as it is read; memory keeps only, per note, where its rows are (the path
strings are the vault index's own). Rows naming the same note are merged into one task, in
the order the notes first appear, wherever in the input their rows are.
"""

from __future__ import annotations

import marshal
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import replace

from scaffold.bulk.columns import Watch
from scaffold.bulk.planner import Task
from scaffold.bulk.requests import Assignment, InputRow
from scaffold.errors import ScaffoldError
from scaffold.vault.names import NoteNames


class Spool:
    """Rows on disk, by note: ``add`` them, then iterate the merged :class:`Task` s."""

    def __init__(
        self,
        rows: Iterable[InputRow],
        names: NoteNames,
        sets: tuple[Assignment, ...],
        watch: Watch | None = None,
    ):
        self._watch = watch
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        self._sets = sets
        # path -> offset of its one row, or offsets of several; a failed row -> the row itself
        self._where: dict[str, int | list[int] | InputRow] = {}
        self._names = names
        try:
            self._spool(rows, names)
        except BaseException:  # an input that fails to read must not leak the open file
            self._file.close()
            raise

    def _spool(self, rows: Iterable[InputRow], names: NoteNames) -> None:
        for row in rows:
            key = None
            if row.error is None:
                try:
                    key = names.resolve(row.note)
                except ScaffoldError as exc:
                    row = replace(row, error=exc)
            if key is None:
                # A row that fails alone (rare): kept as it is, under a key no path can have.
                self._where[f"\0{len(self._where)}"] = row
                continue
            if self._watch is not None:
                for a in row.assignments:
                    self._watch.see(a, key, row.origin)
            offset = self._file.tell()
            # marshal of plain tuples: several times faster than pickling the dataclasses.
            targets = tuple(
                (a.target, a.value, a.as_of, a.kind, a.origin or row.origin, a.data)
                for a in row.assignments
            )
            marshal.dump((row.note, row.origin, targets), self._file)  # type: ignore[arg-type]
            self._add(key, offset)

    def _add(self, key: str, offset: int) -> None:
        where = self._where.get(key)
        if where is None:
            self._where[key] = offset
        elif isinstance(where, int):
            self._where[key] = [where, offset]
        elif isinstance(where, list):
            where.append(offset)

    def __len__(self) -> int:
        return len(self._where)

    def tasks(self) -> Iterator[Task]:
        """One task per note, in the order the notes first appear."""
        for index, (key, where) in enumerate(self._where.items()):
            if isinstance(where, InputRow):
                yield Task(index, where, None, where.error)
                continue
            offsets = [where] if isinstance(where, int) else where
            rows = [self._read(offset) for offset in offsets]
            first = rows[0]
            assignments = tuple(a for row in rows for a in row.assignments) + self._sets
            if len(rows) > 1 or self._sets:
                first = replace(first, assignments=assignments)
            yield Task(index, first, key, plain=self._names.plain(key))

    def _read(self, offset: int) -> InputRow:
        if self._file.tell() != offset:
            self._file.seek(offset)
        note, origin, targets = marshal.load(self._file)
        return InputRow(note, tuple(Assignment(*t) for t in targets), origin)

    def close(self) -> None:
        self._file.close()
