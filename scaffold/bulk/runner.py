"""``scaffold update``: plan every note, record the undo journal, then write.

The order is the promise: every note is read, edited and verified before the first byte is
written; the journal of every note about to change is on disk before the first write; the
notes are then written through :func:`scaffold.vault.changes.apply_batch` (stale check,
atomic write), a batch at a time: the batch's new versions are made durable together, with
one sync of the file system instead of an fsync per note, and only then swapped in.
"""

from __future__ import annotations

import contextlib
import json
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import IO

from scaffold.bulk import journal
from scaffold.bulk.columns import Watch
from scaffold.bulk.parallel import plan_all
from scaffold.bulk.planner import Planner, Task
from scaffold.bulk.requests import Assignment, InputRow, Options
from scaffold.bulk.results import CHANGED, FAILED, NoteResult, Summary, bulk_refusal
from scaffold.bulk.select import Expr
from scaffold.bulk.spool import Spool
from scaffold.errors import ScaffoldError, WriteInterrupted
from scaffold.vault.changes import FileChange, apply_batch
from scaffold.vault.names import NoteNames

WRITE_BATCH = 512
"""Notes made durable together: their temporary files are synced with one call, then each
is swapped in. Larger batches sync less often; each holds its notes' bytes and open files."""

Progress = Callable[[str, int, int], None]
"""``(phase, done, total)``: ``plan`` or ``write``."""

Follow = Callable[[Path, dict[str, bytes]], Sequence[FileChange]]
"""``(vault, {path: new bytes})`` -> the further changes a run's changes make."""


@dataclass(slots=True)
class Request:
    """What one ``scaffold update`` asks for."""

    vault: Path
    rows: Iterable[InputRow] = ()
    """Input rows (``--from``), read once, as a stream; ``()`` when there are none (then
    ``sets`` apply to every note of the vault, as the selection allows)."""
    sets: tuple[Assignment, ...] = ()
    """Assignments for every selected note (``--set``); alone, they apply to the vault."""
    where: Expr | None = None
    options: Options = field(default_factory=Options)
    dry_run: bool = False
    fail_fast: bool = False
    jobs: int | None = None
    command: str = "scaffold update"
    stage: bool = False
    """In a dry run, keep each changed note's journal lines (:attr:`RunOutcome.staged`): a plan
    that :func:`scaffold.bulk.changeset.write_staged` can write later."""
    keep_results: bool = True
    """Keep every note's result for :meth:`RunOutcome.results` (False: only ``on_planned`` sees
    them, and unchanged notes are not even reported there)."""
    every_note: bool = False
    """Plan every note of the vault (as the selection allows) though no row or set names it:
    a run whose planner knows what to do (``scaffold migrate``)."""
    planner: Callable[..., Planner] | None = None
    """Makes the planner of each process, called as :class:`Planner` is (default: it); a
    class or a :func:`functools.partial` of one, so that worker processes can make it."""
    follow: Follow | None = None
    """Called once the plan is made and before anything is written, with every changed
    note's new bytes by vault path: the further changes those make (the views that show them,
    :mod:`scaffold.views.follow`), written in the same journalled run. Never for a note the
    run itself changes."""


@dataclass(slots=True)
class RunOutcome:
    """A finished update: the summary, and the per-note results in input order."""

    summary: Summary
    _spill: IO[bytes] | None = None
    _refused: dict[str, ScaffoldError] = field(default_factory=dict)
    _written: bool = False
    staged: list[tuple[str, str]] = field(default_factory=list)
    """A staging dry run's journal lines, one pair per changed note (:attr:`Request.stage`)."""

    @property
    def refused(self) -> dict[str, ScaffoldError]:
        """Notes planned to change but refused when written (they changed on disk meanwhile,
        or the write failed), by path."""
        return dict(self._refused)

    def results(self) -> Iterator[NoteResult]:
        """Each note's result, with its final status (read back from a spill file, so a large
        run's results never sit in memory all at once). Can be read once."""
        if self._spill is None:
            return
        spill, self._spill = self._spill, None
        spill.seek(0)
        with spill:
            while True:
                try:
                    result: NoteResult = pickle.load(spill)
                except EOFError:
                    return
                yield self._final(result)

    def _final(self, result: NoteResult) -> NoteResult:
        if result.status != CHANGED or not self._written or result.path is None:
            return result
        error = self._refused.get(result.path)
        if error is not None:
            return replace(result, status=FAILED, error=error)
        return replace(result, written=True)


def tasks_for(request: Request, names: NoteNames) -> tuple[int, Iterator[Task], Spool | None]:
    """How many notes, and one task per note in input order: rows naming the same note are
    merged into the first, and a name that resolves to no one note is a task that fails."""
    watch = Watch(
        lambda: Planner(request.vault, request.options).all_types(), create=request.options.create
    )
    if not request.rows and (request.sets or request.every_note):
        origin = "--set" if request.sets else ""
        named = not request.sets  # --set alone: the selection, not the input, picks notes
        for assignment in request.sets:
            watch.see_all(assignment, names.paths, "--set")
        watch.check(request.vault, request.options.default_type)
        rows = (
            Task(
                i,
                InputRow(names.display(rel), request.sets, origin=origin),
                rel,
                named=named,
                plain=names.plain(rel),
            )
            for i, rel in enumerate(names.paths)
        )
        return len(names.paths), rows, None
    spool = Spool(request.rows, names, request.sets, watch)
    try:
        watch.check(request.vault, request.options.default_type)
    except BaseException:
        spool.close()
        raise
    return len(spool), spool.tasks(), spool


def run(
    request: Request,
    *,
    confirm: Callable[[Summary], bool] | None = None,
    on_planned: Callable[[NoteResult], None] | None = None,
    progress: Progress | None = None,
) -> RunOutcome:
    """Plan, then (unless a dry run) journal and write. ``confirm`` is asked before writing;
    ``on_planned`` sees each note's planned result as it comes, in input order."""
    vault = request.vault
    # A dry run in a vault that never recorded a run has nothing to check: it creates nothing.
    quiet = request.dry_run and not journal.runs_dir(vault).is_dir()
    with contextlib.nullcontext() if quiet else journal.RunLock(vault):
        if not quiet:
            journal.check_interrupted(vault)
        names = NoteNames(vault)
        count, tasks, spool = tasks_for(request, names)
        summary = Summary(dry_run=request.dry_run)
        spill = tempfile.TemporaryFile() if request.keep_results else None  # noqa: SIM115
        recorder: journal.Recorder | None = None
        staged: list[tuple[str, str]] = []
        changed: dict[str, bytes] | None = {} if request.follow is not None else None
        planned_stream = plan_all(
            tasks,
            count=count,
            vault=vault,
            options=request.options,
            where=request.where,
            jobs=request.jobs,
            record=not request.dry_run or request.stage or request.follow is not None,
            lean=not request.keep_results,
            factory=request.planner,
        )
        try:
            for done, planned in enumerate(planned_stream, 1):
                if progress is not None:
                    progress("plan", done, count)
                if planned.status is None:
                    summary.unmatched.extend(planned.unmatched)
                    if planned.unreadable is not None:
                        summary.unreadable.append(planned.unreadable)
                    continue
                summary.add(planned.status)
                summary.places_skipped += planned.skipped
                summary.type_changes += planned.type_changes
                if planned.lines is not None and changed is not None:
                    _keep_new(changed, planned.lines)
                if planned.lines is not None and request.dry_run:
                    if request.stage:
                        staged.append(planned.lines)
                elif planned.lines is not None:
                    recorder = recorder or journal.Recorder(vault, request.command)
                    recorder.add(planned.lines)
                result = planned.result
                if result is None:
                    continue
                if spill is not None:
                    pickle.dump(result, spill, pickle.HIGHEST_PROTOCOL)
                if on_planned is not None:
                    on_planned(result)
                if request.fail_fast and result.status == FAILED:
                    summary.stopped = True
                    break
        except BaseException:
            if recorder is not None:
                recorder.discard()
            if spill is not None:
                spill.close()
            raise
        finally:
            planned_stream.close()  # stops the workers at once when the loop stopped early
            if spool is not None:
                spool.close()
        outcome = RunOutcome(summary, spill, staged=staged)
        if changed and request.follow is not None and not summary.stopped:
            try:
                more = [c for c in request.follow(vault, changed) if c.before != c.after]
            except BaseException:
                if recorder is not None:
                    recorder.discard()
                raise
            summary.followed = [c.path.relative_to(vault).as_posix() for c in more]
            for change in more:
                rel = change.path.relative_to(vault).as_posix()
                lines = journal.entry_lines(rel, change.before, change.after)
                if recorder is not None:
                    recorder.add(lines)
                if request.stage:  # a plan writes the views it re-renders, too
                    staged.append(lines)
        if recorder is None:
            return outcome
        try:
            go = not summary.stopped and (confirm is None or confirm(summary))
        except BaseException:  # Ctrl-C at the prompt
            recorder.discard()
            raise
        if not go:
            recorder.discard()
            return outcome
        recorder.seal()
        summary.run_id = recorder.id
        outcome._written = True
        try:
            refused, written = _write(recorder, request.fail_fast, progress)
        except KeyboardInterrupt:
            # The writes under way finish (each whole); the run stays "writing", so the next
            # update refuses until undo has rolled it back, as after a kill.
            raise WriteInterrupted(
                f"interrupted while writing run {recorder.id}: some notes are written",
                hint=f"roll them back with: scaffold undo {recorder.id}",
            ) from None
        outcome._refused = refused
        summary.written = written
        summary.counts[CHANGED] -= len(refused)
        summary.counts[FAILED] += len(refused)
        recorder.finish(written=written, refused=sorted(refused))
        journal.prune(vault)
        return outcome


def _keep_new(changed: dict[str, bytes], lines: tuple[str, str]) -> None:
    """Keep a changed note's new bytes (from its journal lines) for :attr:`Request.follow`."""
    staged = json.loads(lines[1])
    changed[staged["path"]] = staged["new"].encode("utf-8")


def _write(
    recorder: journal.Recorder, fail_fast: bool, progress: Progress | None
) -> tuple[dict[str, ScaffoldError], int]:
    """Write every staged note, a batch at a time (:func:`apply_batch`: the batch's new
    versions made durable together, then swapped in); returns the refused notes (by path)
    and how many were written."""
    vault = recorder.vault
    refused: dict[str, ScaffoldError] = {}
    written = 0
    staged = recorder.staged()
    total = recorder.count
    stop = False
    while not stop and (chunk := list(islice(staged, WRITE_BATCH))):
        changes = [FileChange(vault / path, old, new) for path, old, new in chunk]
        # vault=: a note that is a link out of the vault is refused, not followed
        for applied in apply_batch(changes, vault=vault):
            rel = applied.change.path.relative_to(vault).as_posix()
            if applied.status == "refused":
                assert applied.error is not None
                refused[rel] = bulk_refusal(applied.error.with_path(rel))
                stop = stop or fail_fast
            else:
                written += applied.status == "written"
        if progress is not None:
            progress("write", written + len(refused), total)
    if stop:
        # --fail-fast: what was never attempted is reported as not written.
        for path, _old, _new in staged:
            refused[path] = ScaffoldError(
                "not written: the run stopped at an earlier failure (--fail-fast)", path=path
            )
    return refused, written
