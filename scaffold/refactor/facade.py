"""The Python API of the entity refactors: :func:`move` (``scaffold mv``) and
:func:`merge` (``scaffold merge``).

:func:`plan_move` makes the whole plan and writes nothing; :func:`apply_move` writes a plan
as one journalled run, all or nothing, which ``scaffold undo`` takes back; :func:`move` does
both.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scaffold.refactor.fixes import FixesWritten, FixPlan, apply_fixes, plan_fixes
from scaffold.refactor.merge import MergePlan
from scaffold.refactor.merge import plan_merge as _plan_merge
from scaffold.refactor.move import MovePlan
from scaffold.refactor.move import plan_move as _plan

WRITERS = 16
"""How many notes a refactor writes at once (all or nothing still)."""

__all__ = [
    "FixPlan",
    "FixesWritten",
    "MergePlan",
    "Merged",
    "MovePlan",
    "Moved",
    "apply_fixes",
    "apply_merge",
    "apply_move",
    "merge",
    "move",
    "plan_fixes",
    "plan_merge",
    "plan_move",
]


@dataclass(frozen=True, slots=True)
class Moved:
    """A move that was written: its plan and the journalled run (``scaffold undo RUN``)."""

    plan: MovePlan
    run: str | None
    written: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {**self.plan.to_dict(), "run": self.run, "written": list(self.written)}


def plan_move(
    vault: Path,
    old: str | Path,
    new: str,
    *,
    cwd: Path | None = None,
    keep_alias: bool = False,
    explicit: bool = False,
) -> MovePlan:
    """Plan renaming the note OLD (a path, or a note name looked up like a wikilink) to NEW:
    a new name in the same folder, a folder to move it into (``Models/``), or a path. Every
    link that leads to it is rewritten; with ``keep_alias`` its old name becomes an alias.
    Writes nothing."""
    from scaffold.vault.names import resolve_note

    cwd = Path.cwd() if cwd is None else cwd
    path = Path(old) if isinstance(old, Path) else resolve_note(old, vault=vault, explicit=explicit)
    if not path.is_absolute():
        path = cwd / path
    return _plan(vault, path, new, cwd=cwd, keep_alias=keep_alias)


def apply_move(plan: MovePlan, *, command: str = "scaffold.move()") -> Moved:
    """Write ``plan`` as one journalled run. Refused whole, before anything is written, when
    any of its notes changed since it was planned (:class:`~scaffold.errors.VerifyError`) or
    the new path was taken meanwhile (:class:`~scaffold.errors.NoteExistsError`)."""
    from scaffold.bulk.changeset import write_journalled

    done = write_journalled(plan.vault, plan.changes, command=command, writers=WRITERS)
    return Moved(plan, done.run, done.paths)


def move(
    vault: str | Path | None,
    old: str | Path,
    new: str,
    *,
    keep_alias: bool = False,
    dry_run: bool = False,
) -> MovePlan | Moved:
    """Rename the note OLD to NEW and rewrite every link to it (``scaffold mv``). Returns
    the plan when ``dry_run``, else what was written."""
    from scaffold.vault.index import find_vault

    root = find_vault(Path.cwd(), Path(vault) if vault is not None else None)
    plan = plan_move(root, old, new, keep_alias=keep_alias, explicit=vault is not None)
    return plan if dry_run else apply_move(plan)


@dataclass(frozen=True, slots=True)
class Merged:
    """A merge that was written: its plan and the journalled run."""

    plan: MergePlan
    run: str | None
    written: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {**self.plan.to_dict(), "run": self.run, "written": list(self.written)}


def _note(vault: Path, name: str | Path, cwd: Path, explicit: bool) -> Path:
    from scaffold.vault.names import resolve_note

    path = (
        Path(name) if isinstance(name, Path) else resolve_note(name, vault=vault, explicit=explicit)
    )
    return path if path.is_absolute() else cwd / path


def plan_merge(
    vault: Path,
    keep: str | Path,
    drop: str | Path,
    *,
    prefer: str | None = None,
    stub: bool = False,
    cwd: Path | None = None,
    explicit: bool = False,
) -> MergePlan:
    """Plan merging the note DROP into KEEP (each a path or a note name): aliases and tags
    unioned, table rows and empty cells filled, Related items moved over, every link to DROP
    rewritten to KEEP, DROP removed (or left as a stub linking to KEEP). Writes nothing.

    Raises :class:`~scaffold.errors.MergeConflict` (exit 10) when the notes fill cells
    differently, unless ``prefer`` is ``"keep"`` or ``"drop"``."""
    cwd = Path.cwd() if cwd is None else cwd
    return _plan_merge(
        vault,
        _note(vault, keep, cwd, explicit),
        _note(vault, drop, cwd, explicit),
        prefer=prefer,
        stub=stub,
    )


def apply_merge(plan: MergePlan, *, command: str = "scaffold.merge()") -> Merged:
    """Write ``plan`` as one journalled run, all or nothing; ``scaffold undo`` takes it back."""
    from scaffold.bulk.changeset import write_journalled

    done = write_journalled(plan.vault, plan.changes, command=command, writers=WRITERS)
    return Merged(plan, done.run, done.paths)


def merge(
    vault: str | Path | None,
    keep: str | Path,
    drop: str | Path,
    *,
    prefer: str | None = None,
    stub: bool = False,
    dry_run: bool = False,
) -> MergePlan | Merged:
    """Merge the note DROP into KEEP (``scaffold merge``). Returns the plan when
    ``dry_run``, else what was written."""
    from scaffold.vault.index import find_vault

    root = find_vault(Path.cwd(), Path(vault) if vault is not None else None)
    plan = plan_merge(root, keep, drop, prefer=prefer, stub=stub, explicit=vault is not None)
    return plan if dry_run else apply_merge(plan)
