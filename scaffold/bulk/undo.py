"""``scaffold undo`` and ``scaffold redo``: put back what a run changed, or change it again,
note by note, refusing where a note is no longer as expected.

Undo, for each note in the run's journal:

- it still holds what the run wrote (by hash): the old bytes are written back;
- it already holds the old bytes: nothing to do (the run never got to it, or a killed undo
  already restored it);
- anything else: the note changed after the run, and it is left alone and reported. When a
  later recorded run changed it, the report names that run, and ``cascade`` undoes the later
  runs first, newest first.

Runs form a stack: ``undo`` with no name undoes the newest run not yet undone (or finishes
rolling back an interrupted one), and again goes one further back. ``redo`` with no name
re-applies the most recently undone run, where its notes are still as the undo left them.

An interrupted run is rolled back the same way; the temporary files a killed write may have
left beside its notes are removed.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from scaffold.bulk import journal
from scaffold.bulk.results import CHANGED, FAILED, UNCHANGED, NoteResult, Summary, bulk_refusal
from scaffold.errors import NoteFileError, ScaffoldError, UsageError, VerifyError
from scaffold.vault.changes import Applied, FileChange, apply_batch
from scaffold.vault.files import current_bytes

UNDO, REDO = "undo", "redo"


@dataclass(slots=True)
class UndoOutcome:
    """One run undone or redone, and the later runs a cascade undid before it."""

    run: journal.RunInfo
    summary: Summary
    results: list[NoteResult]
    action: str = UNDO
    cascaded: list[UndoOutcome] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return self.summary.failed + sum(c.failed for c in self.cascaded)


def undo(
    vault: Path, name: str | None = None, *, dry_run: bool = False, cascade: bool = False
) -> UndoOutcome:
    """Undo the run called ``name`` (default: the newest run not yet undone; an interrupted
    run first). With ``cascade``, later runs that changed the same notes are undone first.
    Never raises for one note."""
    with journal.RunLock(vault):
        run = _pick(vault, name, UNDO)
        later = _later_runs(vault, run)
        blocking = _blocked_by_later(vault, run, later)
        cascaded: list[UndoOutcome] = []
        if blocking and cascade:
            for newer in _closure(vault, run, later):
                cascaded.append(_apply(vault, newer, UNDO, dry_run, {}))
            blocking = {}
        outcome = _apply(vault, run, UNDO, dry_run, blocking)
        outcome.cascaded = cascaded
        return outcome


def redo(vault: Path, name: str | None = None, *, dry_run: bool = False) -> UndoOutcome:
    """Re-apply the undone run called ``name`` (default: the most recently undone), note by
    note, where each note is still as the undo left it."""
    with journal.RunLock(vault):
        journal.check_interrupted(vault)
        run = _pick(vault, name, REDO)
        return _apply(vault, run, REDO, dry_run, {})


def _pick(vault: Path, name: str | None, action: str) -> journal.RunInfo:
    if action == REDO:
        if name is None:  # the most recently undone, which is not the newest run undone
            undone = [r for r in journal.list_runs(vault) if r.state == journal.UNDONE]
            undone.sort(key=lambda r: int(r.meta.get("undone_ns", 0)), reverse=True)
            name = undone[0].id if undone else None
        run = journal.find_run(vault, name, states=(journal.UNDONE,))
        if run.state != journal.UNDONE:
            raise UsageError(
                f"run {run.id} is {run.state}, not undone; only an undone run can be redone",
                hint="scaffold runs lists the runs and their states",
            )
        if any(not e.redoable for e in islice(journal.entries(run), 1)):
            raise UsageError(
                f"run {run.id} was recorded by an older scaffold, whose journal keeps only "
                "the old text; it can be undone, not redone",
                hint="run the update again instead",
            )
        return run
    runs = journal.list_runs(vault)
    interrupted = next((r for r in runs if r.interrupted), None)
    if name is None and interrupted is not None:
        return interrupted
    run = journal.find_run(vault, name, states=(journal.DONE,))
    if run.state == journal.UNDONE:
        raise UsageError(
            f"run {run.id} was already undone",
            hint=f"scaffold redo {run.id} applies it again; scaffold runs lists the runs",
        )
    if run.state == journal.RECORDING:
        raise UsageError(
            f"run {run.id} stopped before writing anything; there is nothing to undo",
            hint="scaffold runs lists the runs",
        )
    if interrupted is not None and interrupted.id != run.id:
        journal.check_interrupted(vault)
    return run


def _later_runs(vault: Path, run: journal.RunInfo) -> list[journal.RunInfo]:
    """The finished runs recorded after ``run``, newest first."""
    runs = journal.list_runs(vault)
    index = next(i for i, r in enumerate(runs) if r.id == run.id)
    return [r for r in runs[:index] if r.state == journal.DONE]


def _paths(run: journal.RunInfo) -> set[str]:
    return {e.path for e in journal.entries(run)}


def _blocked_by_later(
    vault: Path, run: journal.RunInfo, later: list[journal.RunInfo]
) -> dict[str, list[str]]:
    """The notes of ``run`` that a later run changed since, with those runs (oldest first)."""
    if not later:
        return {}
    mine = _paths(run)
    touched: dict[str, list[str]] = {}
    for newer in reversed(later):
        for path in _paths(newer) & mine:
            touched.setdefault(path, []).append(newer.id)
    blocked: dict[str, list[str]] = {}
    for entry in journal.entries(run):
        if entry.path not in touched:
            continue
        current = current_bytes(vault / entry.path)
        if current is None and (entry.created or entry.removed):
            continue  # absent is one of its two states
        if current is None or journal.digest(current) not in (entry.new_sha256, entry.old_sha256):
            blocked[entry.path] = touched[entry.path]
    return blocked


def _closure(
    vault: Path, run: journal.RunInfo, later: list[journal.RunInfo]
) -> list[journal.RunInfo]:
    """The later runs to undo before ``run``, newest first: every one that changed a note of
    ``run``, or of a run already in the list."""
    paths = _paths(run)
    chosen: list[journal.RunInfo] = []
    for newer in reversed(later):  # oldest first, so each sees what the earlier ones touched
        theirs = _paths(newer)
        if theirs & paths:
            chosen.append(newer)
            paths |= theirs
    return list(reversed(chosen))


def _apply(
    vault: Path,
    run: journal.RunInfo,
    action: str,
    dry_run: bool,
    blocking: dict[str, list[str]],
) -> UndoOutcome:
    if not dry_run:
        state = journal.UNDOING if action == UNDO else journal.REDOING
        try:
            journal.update_meta(run, state=state)
        except OSError as exc:  # a full disk: nothing was written yet
            raise _meta_error(run, action, exc, "no note was written") from None
    summary = Summary(dry_run=dry_run, run_id=run.id)
    results: list[NoteResult] = []
    paths: list[str] = []
    entries = journal.entries(run)
    while batch := list(islice(entries, 512)):
        paths.extend(e.path for e in batch)
        for result in _batch(vault, run, batch, action, dry_run, blocking):
            results.append(result)
            summary.add(result.status, result.written)
    if not dry_run:
        journal.remove_stray_temp_files(vault, paths)
        try:
            if action == UNDO:
                state = journal.UNDONE if not summary.failed else journal.DONE
                journal.update_meta(run, state=state, undone=summary.written,
                                    undo_refused=summary.failed,
                                    undone_ns=time.time_ns())  # fmt: skip
            else:
                state = journal.DONE if not summary.failed else journal.UNDONE
                journal.update_meta(run, state=state, redone=summary.written,
                                    redo_refused=summary.failed)  # fmt: skip
        except OSError as exc:  # the notes are written; the run stays "undoing" until rerun
            done = f"{summary.written} note(s) were written, but the run is not marked done"
            raise _meta_error(run, action, exc, done) from None
    return UndoOutcome(run, summary, results, action)


def _meta_error(run: journal.RunInfo, action: str, exc: OSError, done: str) -> NoteFileError:
    """The run's journal cannot record the undo (or redo): a full disk, most likely."""
    return NoteFileError(
        f"cannot record the {action} in the run's journal: {exc.strerror or exc}; {done}",
        path=run.folder / "run.json",
        hint=f"free some space, then run: scaffold {action} {run.id}",
    )


def _batch(
    vault: Path,
    run: journal.RunInfo,
    batch: list[journal.Entry],
    action: str,
    dry_run: bool,
    blocking: dict[str, list[str]],
) -> Iterator[NoteResult]:
    plans: list[tuple[journal.Entry, NoteResult | None, FileChange | None]] = []
    for entry in batch:
        path = vault / entry.path
        current = current_bytes(path)
        found = journal.digest(current) if current is not None else None
        source, target = (
            (entry.new_sha256, entry.old_sha256)
            if action == UNDO
            else (entry.old_sha256, entry.new_sha256)
        )
        # A file the run created (or removed) is absent on one side: ``mv``'s two names.
        source_absent, target_absent = (
            (entry.removed, entry.created) if action == UNDO else (entry.created, entry.removed)
        )
        at_source = current is None if source_absent else found == source
        at_target = current is None if target_absent else found == target
        if at_source and target_absent:
            plans.append((entry, None, FileChange(path, current, b"", remove=True)))
        elif at_source:
            base = b"" if current is None else current
            goal = entry.old_from(base) if action == UNDO else entry.new_from(base)
            if journal.digest(goal) != target:  # a journal that does not add up: never write
                which = "old" if action == UNDO else "new"
                bad: ScaffoldError = VerifyError(
                    f"the run's journal does not give back this note's {which} bytes; "
                    "it was left as it is",
                    path=entry.path,
                    hint=f"the journal in {run.folder} may be damaged",
                )
                plans.append((entry, NoteResult(entry.path, entry.path, FAILED, error=bad), None))
                continue
            plans.append((entry, None, FileChange(path, current, goal)))
        elif at_target:
            plans.append((entry, NoteResult(entry.path, entry.path, UNCHANGED), None))
        else:
            plans.append((entry, _refused(entry, run, action, current is None, blocking), None))
    changes = [c for _, _, c in plans if c is not None]
    applied: dict[Path, Applied] = {}
    if changes and not dry_run:
        # made durable together, then swapped in (see apply_batch)
        applied.update((a.change.path, a) for a in apply_batch(changes, vault=vault))
    for entry, result, change in plans:
        if result is not None:
            yield result
        elif dry_run:
            yield NoteResult(entry.path, entry.path, CHANGED)
        else:
            assert change is not None
            done = applied[change.path]
            if done.status == "refused":
                error = bulk_refusal(done.error.with_path(entry.path)) if done.error else None
                yield NoteResult(entry.path, entry.path, FAILED, error=error)
            else:
                yield NoteResult(entry.path, entry.path, CHANGED, written=True)


def _refused(
    entry: journal.Entry,
    run: journal.RunInfo,
    action: str,
    removed: bool,
    blocking: dict[str, list[str]],
) -> NoteResult:
    later = blocking.get(entry.path)
    if removed:
        message, hint = "this note was removed; nothing was written", None
    elif action == REDO:
        message = "this note changed after the undo; it was left as it is"
        hint = "edit it with scaffold set, or update it again"
    elif later:
        runs = ", ".join(later)
        message = f"this note was changed by the later run {runs}; it was left as it is"
        hint = (
            f"undo that run first (scaffold undo {later[-1]}), or: scaffold undo {run.id} --cascade"
        )
    else:
        message = "this note changed after the run, not by a recorded run; it was left as it is"
        hint = "edit it with scaffold set (the run's journal has the old text)"
    error: ScaffoldError = VerifyError(message, path=entry.path, hint=hint)
    return NoteResult(entry.path, entry.path, FAILED, error=error)
