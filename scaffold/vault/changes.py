"""The one write path: a change set of files, each with the bytes it was read with and the
bytes to write, applied with every file's stale check done before the first write.

The API's ``dump``, the CLI's editing commands, the generator's note and link-backs and the
bulk runner all write through :func:`apply_changes`, so "refuse to overwrite a file that
changed since scaffold read it" has exactly one owner.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from scaffold.errors import NoteExistsError, ScaffoldError, VerifyError
from scaffold.vault.files import current_bytes, write_atomic


@dataclass(frozen=True, slots=True)
class FileChange:
    """Replace ``path``'s content ``before`` with ``after``.

    ``before`` is what the file held when it was read (``None``: the file must not exist,
    a new note). A change whose ``after`` equals what the file holds now is already done.
    """

    path: Path
    before: bytes | None
    after: bytes


Journal = Callable[[Sequence[FileChange]], None]
"""Called once with the changes about to be written, after every stale check passed and
before the first write (the bulk runner records its undo journal here)."""


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


def apply_changes(
    changes: Sequence[FileChange], *, journal: Journal | None = None
) -> tuple[FileChange, ...]:
    """Write every change atomically, in order; return the ones that were written.

    Every file is checked first: if any one changed on disk since it was read, nothing at all
    is written and :class:`VerifyError` (or :class:`NoteExistsError` for a note that appeared)
    names it. A change whose file already holds ``after`` is skipped.
    """
    pending: list[FileChange] = []
    for change in changes:
        current = current_bytes(change.path)
        if current == change.after:
            continue
        problem = stale_problem(change, current)
        if problem is not None:
            raise _refusal(change, problem)
        pending.append(change)
    if journal is not None and pending:
        journal(tuple(pending))
    for change in pending:
        if change.before is None:
            change.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(change.path, change.after)
    return tuple(pending)


@dataclass(frozen=True, slots=True)
class Applied:
    """What became of one change in :func:`apply_each`."""

    change: FileChange
    status: str
    """``"written"``, ``"unchanged"`` (the file already held ``after``) or ``"refused"``."""
    error: ScaffoldError | None = None
    """Why a change was refused: stale on disk, or the write failed."""


def apply_each(changes: Sequence[FileChange], *, journal: Journal | None = None) -> list[Applied]:
    """Check and write each change on its own, for runs over many notes.

    Unlike :func:`apply_changes`, a stale file is refused and reported while the others are
    still written. Every file is checked first; ``journal`` is called once with the changes
    about to be written, before the first write. Results come in input order.
    """
    results: list[Applied | None] = [None] * len(changes)
    pending: list[tuple[int, FileChange]] = []
    for index, change in enumerate(changes):
        current = current_bytes(change.path)
        if current == change.after:
            results[index] = Applied(change, "unchanged")
            continue
        problem = stale_problem(change, current)
        if problem is not None:
            results[index] = Applied(change, "refused", _refusal(change, problem))
            continue
        pending.append((index, change))
    if journal is not None and pending:
        journal(tuple(change for _, change in pending))
    for index, change in pending:
        try:
            if change.before is None:
                change.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(change.path, change.after)
        except ScaffoldError as exc:
            results[index] = Applied(change, "refused", exc)
        else:
            results[index] = Applied(change, "written")
    return [r for r in results if r is not None]
