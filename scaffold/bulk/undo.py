"""``scaffold undo``: put back what a run changed, note by note, refusing where a note changed
after the run.

For each note in the run's journal:

- it still holds what the run wrote (by hash): the old bytes are written back;
- it already holds the old bytes: nothing to do (the run never got to it, or a killed undo
  already restored it);
- anything else: the note changed after the run, and it is left alone and reported.

An interrupted run is rolled back the same way; the temporary files a killed write may have
left beside its notes are removed.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from scaffold.bulk import journal
from scaffold.bulk.results import CHANGED, FAILED, UNCHANGED, NoteResult, Summary
from scaffold.errors import ScaffoldError, UsageError, VerifyError
from scaffold.vault.changes import Applied, FileChange, apply_each
from scaffold.vault.files import current_bytes

WRITERS = 16


@dataclass(slots=True)
class UndoOutcome:
    run: journal.RunInfo
    summary: Summary
    results: list[NoteResult]


def undo(vault: Path, name: str | None = None, *, dry_run: bool = False) -> UndoOutcome:
    """Undo the run called ``name`` (default: the newest). Never raises for one note."""
    with journal.RunLock(vault):
        run = journal.find_run(vault, name)
        if run.state == journal.UNDONE:
            raise UsageError(
                f"run {run.id} was already undone",
                hint="scaffold runs lists the runs and their states",
            )
        if run.state == journal.RECORDING:
            raise UsageError(
                f"run {run.id} stopped before writing anything; there is nothing to undo",
                hint="scaffold runs lists the runs",
            )
        if not dry_run:
            journal.update_meta(run, state=journal.UNDOING)
        summary = Summary(dry_run=dry_run, run_id=run.id)
        results: list[NoteResult] = []
        paths: list[str] = []
        entries = journal.entries(run)
        with ThreadPoolExecutor(WRITERS) as pool:
            while batch := list(islice(entries, 256)):
                paths.extend(e.path for e in batch)
                for result in _undo_batch(vault, batch, dry_run, pool):
                    results.append(result)
                    summary.add(result.status, result.written)
        if not dry_run:
            journal.remove_stray_temp_files(vault, paths)
            journal.update_meta(
                run,
                state=journal.UNDONE if not summary.failed else journal.DONE,
                undone=summary.written,
                undo_refused=summary.failed,
            )
        return UndoOutcome(run, summary, results)


def _undo_batch(
    vault: Path, batch: list[journal.Entry], dry_run: bool, pool: ThreadPoolExecutor
) -> Iterator[NoteResult]:
    plans: list[tuple[journal.Entry, NoteResult | None, FileChange | None]] = []
    for entry in batch:
        path = vault / entry.path
        current = current_bytes(path)
        if current is not None and journal.digest(current) == entry.new_sha256:
            plans.append((entry, None, FileChange(path, current, entry.old)))
        elif current is not None and journal.digest(current) == entry.old_sha256:
            plans.append((entry, NoteResult(entry.path, entry.path, UNCHANGED), None))
        else:
            why = "was removed" if current is None else "changed after the run"
            error: ScaffoldError | None = VerifyError(
                f"this note {why}; it was left as it is",
                path=entry.path,
                hint="restore it by hand from the run's journal, or edit it with scaffold set",
            )
            plans.append((entry, NoteResult(entry.path, entry.path, FAILED, error=error), None))
    changes = [c for _, _, c in plans if c is not None]
    applied: dict[Path, Applied] = {}
    if changes and not dry_run:
        step = max(1, len(changes) // WRITERS + 1)
        parts = [changes[i : i + step] for i in range(0, len(changes), step)]
        for part in pool.map(apply_each, parts):
            applied.update((a.change.path, a) for a in part)
    for entry, result, change in plans:
        if result is not None:
            yield result
        elif dry_run:
            yield NoteResult(entry.path, entry.path, CHANGED)
        else:
            assert change is not None
            done = applied[change.path]
            if done.status == "refused":
                error = done.error.with_path(entry.path) if done.error else None
                yield NoteResult(entry.path, entry.path, FAILED, error=error)
            else:
                yield NoteResult(entry.path, entry.path, CHANGED, written=True)
