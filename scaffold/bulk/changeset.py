"""A change set written as one journalled run: what ``scaffold mcp`` writes for a single
edit, and for a plan made earlier and applied later (``update`` → ``apply_plan``).

The set goes through the one write path (:func:`scaffold.vault.changes.apply_changes`):
every note is checked against the bytes it was planned from before the first write, and if
any one changed since, nothing at all is written. The journal is on disk before the first
write, so ``undo`` takes the run back like any ``scaffold update``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from scaffold.bulk import journal
from scaffold.errors import ScaffoldError
from scaffold.vault.changes import FileChange, apply_changes, written_so_far


@dataclass(frozen=True, slots=True)
class Written:
    """A change set that was applied: its run (None when every note already held its new
    bytes, so nothing was recorded) and the notes written, vault-relative."""

    run: str | None
    paths: tuple[str, ...]


def staged_changes(vault: Path, staged: Sequence[tuple[str, str]]) -> tuple[FileChange, ...]:
    """The changes a staging dry run planned (:attr:`scaffold.bulk.runner.RunOutcome.staged`):
    each note's bytes as planned from, and the bytes to write."""
    changes = []
    for entry_line, staged_line in staged:
        entry = journal._entry(json.loads(entry_line))
        new = json.loads(staged_line)["new"].encode("utf-8")
        changes.append(FileChange(vault / entry.path, entry.old_from(new), new))
    return tuple(changes)


def write_journalled(
    vault: Path, changes: Sequence[FileChange], *, command: str, writers: int = 1
) -> Written:
    """Write ``changes`` (notes of ``vault``) all or nothing, as one journalled run. A change
    may create a note (``before`` is ``None``) or remove one (``remove``), as ``mv`` does.

    Refused whole, before anything is written, when any note changed since its ``before``
    bytes were read (:class:`~scaffold.errors.VerifyError`), or is not safely writable.
    """
    root = vault.resolve()
    recorder: journal.Recorder | None = None

    def record(pending: Sequence[FileChange]) -> None:
        nonlocal recorder
        recorder = journal.Recorder(vault, command)
        for change in pending:
            rel = _relative(change.path, root)
            after = None if change.remove else change.after
            recorder.add(journal.entry_lines(rel, change.before, after))
        recorder.seal()

    with journal.RunLock(vault):
        journal.check_interrupted(vault)
        try:
            done = apply_changes(changes, journal=record, vault=vault, writers=writers)
        except ScaffoldError:
            if recorder is not None:
                # The set was put back (apply_changes restores what it wrote), unless a
                # restore failed: then the run stays "writing" and undo finishes it.
                still = {Path(p).resolve() for p in written_so_far()}
                if not any(Path(c.path).resolve() in still for c in changes):
                    recorder.finish(written=0, refused=[str(c.path) for c in changes])
            raise
        if recorder is None:
            return Written(None, ())
        recorder.finish(written=len(done), refused=[])
        journal.prune(vault)
        paths = tuple(_relative(c.path, root) for c in done)
        return Written(recorder.id, paths)


def _relative(path: Path, root: Path) -> str:
    """A note's vault-relative path; its folder is resolved, not the note itself (a note
    about to be created or removed has no file to resolve)."""
    path = Path(path)
    real = path.resolve() if path.exists() else path.parent.resolve() / path.name
    return real.relative_to(root).as_posix()
