"""The one write path: a change set of files, each with the bytes it was read with and the
bytes to write, applied with every file's stale check done before the first write.

The API's ``dump``, the CLI's editing commands, the generator's note and link-backs and the
bulk runner all write through :func:`apply_changes` or :func:`apply_each`, so "refuse to
overwrite a file that changed since scaffold read it" has exactly one owner. Each file is then
written by :func:`scaffold.vault.atomic.write_atomic`, which checks again at the moment of the
swap and keeps both versions when another program got there first.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from scaffold.errors import NoteExistsError, NoteFileError, ScaffoldError, VerifyError
from scaffold.text import decode
from scaffold.vault._beside import Temp, write_error
from scaffold.vault._os import deferred_interrupts, sync_filesystem
from scaffold.vault.atomic import (
    begin_replace,
    finish_replace,
    forget,
    fsync_dir,
    remove_atomic,
    unrecorded,
    write_atomic,
)
from scaffold.vault.atomic import written_so_far as _written
from scaffold.vault.files import current_bytes, read_error, require_regular
from scaffold.vault.permissions import plan_replace, replace_problem


@dataclass(frozen=True, slots=True)
class FileChange:
    """Replace ``path``'s content ``before`` with ``after``.

    ``before`` is what the file held when it was read (``None``: the file must not exist,
    a new note). A change whose ``after`` equals what the file holds now is already done.
    With ``remove`` the file is deleted instead (``after`` is then ``b""`` and unused): the
    old name of a note ``scaffold mv`` renames; such a change is done when the file is gone.
    """

    path: Path
    before: bytes | None
    after: bytes
    remove: bool = False


Journal = Callable[[Sequence[FileChange]], None]
"""Called once with the changes about to be written, after every stale check passed and
before the first write (the bulk runner records its undo journal here)."""


__all__ = [
    "Applied",
    "FileChange",
    "Journal",
    "apply_batch",
    "apply_changes",
    "apply_each",
    "outside_vault",
    "stale_problem",
    "unrecorded",
    "written_so_far",
]


def written_so_far() -> tuple[Path, ...]:
    """Every note this process has written (and not rolled back), in order: what an
    interrupted command reports. A write is never half-reported: Ctrl-C is held during it."""
    return _written()


def stale_problem(change: FileChange, current: bytes | None) -> str | None:
    """Why ``change`` may not be written over ``current`` (what the file holds now), or None."""
    if current == change.before:
        return None
    if change.before is None:
        return "this note appeared while scaffold was running; nothing was written"
    if current is None:
        return "this note was removed after scaffold read it; nothing was written"
    return "the file changed after scaffold read it; nothing was written"


def _refusal(change: FileChange, problem: str) -> ScaffoldError:
    if change.before is None:
        return NoteExistsError(
            problem, path=change.path, hint="run again, or pass --force to overwrite it"
        )
    return VerifyError(problem, path=change.path, hint="run the command again on the current file")


def outside_vault(path: Path, vault: Path) -> Path | None:
    """Where ``path`` really leads when a symbolic link takes it out of ``vault``, else None."""
    real = Path(os.path.realpath(path))
    root = Path(os.path.realpath(vault))
    return None if real.is_relative_to(root) else real


def _check(change: FileChange, *, force: bool, vault: Path | None) -> bool:
    """Every check that needs no write, for one change. Returns False when the file already
    holds ``after`` (nothing to do); raises the :class:`ScaffoldError` that refuses it."""
    if vault is not None and (real := outside_vault(change.path, vault)) is not None:
        raise NoteFileError(
            f"this note is a link to {real}, outside the vault {vault}; nothing was written",
            path=change.path,
            hint="scaffold does not follow links out of the vault here: give that file's path "
            "to edit it",
        )
    current = current_bytes(change.path)
    if change.remove:
        if current is None:
            return False
    else:
        _require_readable(change)
        if current == change.after:
            return False
    problem = stale_problem(change, current)
    if problem is not None:
        raise _refusal(change, problem)
    if change.before is not None:
        try:
            st = os.stat(change.path)
        except OSError as exc:
            raise read_error(change.path, exc) from None
        plan_replace(change.path, st, force=force, problem=replace_problem(st))
    return True


def _require_readable(change: FileChange) -> None:
    """Never write what scaffold would refuse to read back (a NUL byte, invalid UTF-8)."""
    try:
        decode(change.after, change.path)
    except NoteFileError as exc:
        raise VerifyError(
            f"the new content would not read back as a note ({exc.message}, line {exc.line}); "
            "nothing was written",
            path=change.path,
            hint="a value holds a character a note file cannot: remove control characters",
        ) from None


def _write(change: FileChange, *, force: bool) -> None:
    if change.remove:
        assert change.before is not None
        remove_atomic(change.path, expect=change.before)
        return
    if change.before is None:
        try:
            change.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise write_error(change.path, exc) from None
    write_atomic(change.path, change.after, expect=change.before, force=force)


def apply_changes(
    changes: Sequence[FileChange],
    *,
    journal: Journal | None = None,
    force: bool = False,
    vault: Path | None = None,
    writers: int = 1,
) -> tuple[FileChange, ...]:
    """Write every change atomically, in order; return the ones that were written.

    Every file is checked first: if any one changed on disk since it was read, nothing at all
    is written and :class:`VerifyError` (or :class:`NoteExistsError` for a note that appeared)
    names it. So is a read-only note, or one a rename would cut off from its hard links or its
    owner, unless ``force`` (:class:`NoteFileError`); and, when ``vault`` is given, a symbolic
    link that leads out of it. A change whose file already holds ``after`` is skipped.

    Should a later file fail while it is written (another program changed it meanwhile, the
    disk is full), the files already written are put back as they were, so the set is
    written whole or not at all; the error says so.

    ``writers`` above 1 writes that many files at once (each still durable before it is
    swapped in), for sets of hundreds of notes such as ``scaffold mv``'s: their waits for the
    disk overlap. The set is still written whole or not at all.
    """
    pending = [c for c in changes if _check(c, force=force, vault=vault)]
    if journal is not None and pending:
        journal(tuple(pending))
    mark = len(_written())
    try:
        if writers > 1 and len(pending) > 1:
            _write_all(pending, force=force, writers=writers)
        else:
            for change in pending:
                _write(change, force=force)
    except BaseException as exc:
        # The write log, not this loop, knows what was written: Ctrl-C may land between a
        # write's end and the next line here. A set written in full stays written.
        wrote = set(_written()[mark:])
        done = [c for c in pending if Path(os.path.realpath(c.path)) in wrote]
        if len(done) < len(pending):
            failed = _roll_back(done)
            if isinstance(exc, ScaffoldError) and done:
                restored = len(done) - len(failed)
                note = f"The {restored} file(s) written before it were restored."
                if failed:
                    note += " Could not restore: " + ", ".join(map(str, failed)) + "."
                exc.hint = f"{exc.hint} {note}" if exc.hint else note
        raise
    return tuple(pending)


def _write_all(pending: Sequence[FileChange], *, force: bool, writers: int) -> None:
    """Write ``pending`` on ``writers`` threads; the first failure is raised once every
    write begun has ended (none is started after a failure or a Ctrl-C)."""
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(min(writers, len(pending)))
    try:
        futures = [pool.submit(_write, change, force=force) for change in pending]
        failure: BaseException | None = None
        for future in futures:
            try:
                future.result()
            except BaseException as exc:
                if failure is None:
                    failure = exc
                    for other in futures:
                        other.cancel()
        if failure is not None:
            raise failure
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _roll_back(done: Sequence[FileChange]) -> list[Path]:
    """Undo written changes, newest first, each only if it still holds what was written.
    Returns the paths that could not be restored."""

    failed: list[Path] = []
    for change in reversed(done):
        try:
            with deferred_interrupts(), unrecorded():
                if change.remove:
                    assert change.before is not None
                    write_atomic(change.path, change.before, expect=None)
                elif change.before is None:
                    if current_bytes(change.path) == change.after:
                        os.unlink(change.path)
                    else:
                        raise OSError("changed since")
                else:
                    write_atomic(change.path, change.before, expect=change.after, force=True)
                forget(change.path)
        except (OSError, ScaffoldError):
            failed.append(change.path)
    return failed


@dataclass(frozen=True, slots=True)
class Applied:
    """What became of one change in :func:`apply_each`."""

    change: FileChange
    status: str
    """``"written"``, ``"unchanged"`` (the file already held ``after``) or ``"refused"``."""
    error: ScaffoldError | None = None
    """Why a change was refused: stale on disk, not safely writable, or the write failed."""


def apply_each(
    changes: Sequence[FileChange],
    *,
    journal: Journal | None = None,
    force: bool = False,
    vault: Path | None = None,
) -> list[Applied]:
    """Check and write each change on its own, for runs over many notes.

    Unlike :func:`apply_changes`, a refused file (stale, read-only, a link out of ``vault``)
    is reported while the others are still written. Every file is checked first; ``journal``
    is called once with the changes about to be written, before the first write. Results come
    in input order.
    """
    results: list[Applied | None] = [None] * len(changes)
    pending: list[tuple[int, FileChange]] = []
    for index, change in enumerate(changes):
        try:
            needed = _check(change, force=force, vault=vault)
        except ScaffoldError as exc:
            results[index] = Applied(change, "refused", exc)
            continue
        if not needed:
            results[index] = Applied(change, "unchanged")
            continue
        pending.append((index, change))
    if journal is not None and pending:
        journal(tuple(change for _, change in pending))
    for index, change in pending:
        try:
            _write(change, force=force)
        except ScaffoldError as exc:
            results[index] = Applied(change, "refused", exc)
        else:
            results[index] = Applied(change, "written")
    return [r for r in results if r is not None]


SWAP_PAUSE_ENV = "SCAFFOLD_TEST_SWAP_PAUSE"
"""Tests only: seconds to sleep before each swap of :func:`apply_batch`, so that a test can
kill a run deterministically in the middle of its swaps."""

_UNCHANGED, _ALONE = "unchanged", "alone"


def apply_batch(
    changes: Sequence[FileChange], *, vault: Path, force: bool = False
) -> list[Applied]:
    """:func:`apply_each` for a batch of notes of ``vault``, made durable together.

    Each note is checked as :func:`apply_each` checks it, and its new version written to a
    temporary file beside it, unflushed. Then the whole batch is made durable at once: one
    ``syncfs`` per file system (an ``fsync`` per temporary file where there is no such call).
    Only then is each note swapped in, with the same compare-and-swap as a single write, and
    finally the swaps themselves are made durable, again with one sync per file system.

    So a crash at any moment leaves each note with its old bytes or its new ones, never torn:
    a note is renamed only onto data already on disk, and a rename is atomic. The caller's
    undo journal must be durable before the call (the bulk runner seals it first).

    A note the batch cannot take (one written in place, a new note, a removal) is written on
    its own, as :func:`apply_each` would. Results come in input order.
    """
    results: list[Applied | None] = [None] * len(changes)
    root = os.path.realpath(vault)
    staged: list[tuple[int, Temp]] = []
    alone: list[int] = []
    try:
        for index, change in enumerate(changes):
            try:
                temp = _stage(change, root, vault, force)
            except ScaffoldError as exc:
                results[index] = Applied(change, "refused", exc)
                continue
            if temp == _UNCHANGED:
                results[index] = Applied(change, "unchanged")
            elif temp == _ALONE:
                alone.append(index)
            else:
                assert isinstance(temp, Temp)
                staged.append((index, temp))
        try:
            _make_durable([temp for _, temp in staged])
        except OSError as exc:
            for index, temp in staged:
                temp.discard()
                results[index] = Applied(changes[index], "refused",
                                         write_error(changes[index].path, exc))  # fmt: skip
            staged = []
        pause = _swap_pause()
        folders: dict[int, set[Path]] = {}
        with _Remover() as remover:
            for index, temp in staged:
                change = changes[index]
                if pause:
                    import time

                    time.sleep(pause)
                try:
                    finish_replace(temp.note, change.after, change.before or b"", temp,
                                   remover.remove)  # fmt: skip
                except ScaffoldError as exc:
                    results[index] = Applied(change, "refused", exc)
                else:
                    results[index] = Applied(change, "written")
                    folders.setdefault(temp.identity[0], set()).add(temp.note.parent)
        _sync_folders(folders)
        for index in alone:
            change = changes[index]
            try:
                if _check(change, force=force, vault=vault):
                    _write(change, force=force)
                    results[index] = Applied(change, "written")
                else:
                    results[index] = Applied(change, "unchanged")
            except ScaffoldError as exc:
                results[index] = Applied(change, "refused", exc)
    finally:
        for _, temp in staged:
            temp.discard()  # a no-op for the swapped; removes what an interruption left
    return [r for r in results if r is not None]


class _Remover:
    """Removes the old versions a batch's swaps leave under temporary names, on a few
    threads: freeing a file's blocks can wait on the disk (an ext4 mounted with ``discard``
    takes milliseconds a file), and the waits overlap. Leaving the block waits for them all;
    one that fails leaves a leftover the next run's sweep removes."""

    THREADS = 4

    def __init__(self) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self._pool = ThreadPoolExecutor(self.THREADS)

    def remove(self, path: str) -> None:
        self._pool.submit(_remove_quietly, path)

    def __enter__(self) -> _Remover:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True)


def _remove_quietly(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _stage(change: FileChange, root: str, vault: Path, force: bool) -> Temp | str:
    """Check ``change`` and write its temporary file: the :class:`Temp`, or
    :data:`_UNCHANGED` when the note already holds ``after``, or :data:`_ALONE` when it must
    be written on its own (raises the :class:`ScaffoldError` that refuses it)."""
    if change.remove or change.before is None:
        return _ALONE
    real_text = os.path.realpath(change.path)  # the one look at the path's links, per note
    if real_text != root and not real_text.startswith(root.rstrip(os.sep) + os.sep):
        raise NoteFileError(
            f"this note is a link to {real_text}, outside the vault {vault}; nothing was written",
            path=change.path,
            hint="scaffold does not follow links out of the vault here: give that file's path "
            "to edit it",
        )
    real = Path(real_text)
    current = current_bytes(real)
    _require_readable(change)
    if current == change.after:
        return _UNCHANGED
    problem = stale_problem(change, current)
    if problem is not None:
        raise _refusal(change, problem)
    try:
        st = os.stat(real)
    except OSError as exc:
        raise read_error(change.path, exc) from None
    require_regular(change.path, st)
    if plan_replace(real, st, force=force, problem=replace_problem(st)):
        return _ALONE  # written in place (forced): write_atomic's own path
    temp = begin_replace(real, change.after, st)
    return _ALONE if temp is None else temp


def _make_durable(temps: Sequence[Temp]) -> None:
    """Flush every temporary file: one sync per file system, else an fsync each."""
    by_device: dict[int, list[Temp]] = {}
    for temp in temps:
        by_device.setdefault(temp.identity[0], []).append(temp)
    for group in by_device.values():
        if not sync_filesystem(group[0].fd):
            for temp in group:
                os.fsync(temp.fd)


def _sync_folders(folders: dict[int, set[Path]]) -> None:
    """Make the renames durable: one sync per file system, else each folder's fsync. Best
    effort, as :func:`fsync_dir` is: the notes are written whatever it says."""
    for group in folders.values():
        synced = False
        try:
            fd = os.open(next(iter(group)), os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        except OSError:
            pass
        else:
            try:
                synced = sync_filesystem(fd)
            except OSError:
                synced = False
            finally:
                os.close(fd)
        if not synced:
            for folder in sorted(group):
                fsync_dir(folder)


def _swap_pause() -> float:
    raw = os.environ.get(SWAP_PAUSE_ENV, "")
    try:
        return max(0.0, float(raw)) if raw else 0.0
    except ValueError:
        return 0.0
