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

from scaffold.refactor.backlinks import Backlink
from scaffold.refactor.fixes import FixesWritten, FixPlan, apply_fixes, plan_fixes
from scaffold.refactor.merge import MergePlan
from scaffold.refactor.merge import plan_merge as _plan_merge
from scaffold.refactor.move import MovePlan
from scaffold.refactor.move import plan_move as _plan
from scaffold.refactor.rename import NoteEdits, RenamePlan, Span

WRITERS = 16
"""How many notes a refactor writes at once (all or nothing still)."""

__all__ = [
    "Backlink",
    "FixPlan",
    "FixesWritten",
    "MergePlan",
    "Merged",
    "MovePlan",
    "Moved",
    "NoteEdits",
    "RenamePlan",
    "Span",
    "alias_at",
    "apply_fixes",
    "apply_merge",
    "apply_move",
    "apply_rename",
    "backlinks",
    "link_leads_to",
    "merge",
    "move",
    "move_edits",
    "plan_alias_rename",
    "plan_fixes",
    "plan_heading_rename",
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


# -- renames inside notes, and backlinks (the language server's rename and references) ------


def plan_heading_rename(vault: Path, path: Path, line: int, new: str) -> RenamePlan:
    """Plan renaming the heading on 1-based ``line`` of the note at ``path`` to ``new``, with
    every ``[[Note#Heading]]`` link to it. Writes nothing."""
    from scaffold.refactor.rename import plan_heading_rename as plan

    return plan(vault, path, line, new)


def plan_alias_rename(vault: Path, path: Path, old: str, new: str) -> RenamePlan:
    """Plan renaming the alias ``old`` of the note at ``path`` to ``new``, with every link
    through it. Writes nothing; a ``new`` that names another note is refused (exit 9)."""
    from scaffold.refactor.rename import plan_alias_rename as plan

    return plan(vault, path, old, new)


def alias_at(note: Any, offset: int) -> tuple[str, int, int] | None:
    """The alias (text, start, end) whose frontmatter item holds ``offset`` of ``note``."""
    from scaffold.refactor.rename import alias_at as find

    return find(note, offset)


def move_edits(plan: MovePlan) -> tuple[NoteEdits, ...]:
    """A ``mv`` plan's rewritten notes as spans of their text before the move."""
    from scaffold.refactor.rename import move_edits as edits

    return edits(plan)


def apply_rename(plan: RenamePlan, *, command: str = "scaffold.rename()") -> tuple[str, ...]:
    """Write a heading or alias rename as one journalled run; the notes written."""
    from scaffold.bulk.changeset import write_journalled

    return write_journalled(plan.vault, plan.changes, command=command, writers=WRITERS).paths


def backlinks(vault: Path, path: Path, *, heading: str | None = None) -> list[Backlink]:
    """Every link that leads to the note at ``path`` (or to its ``heading``), each with the
    relation it states (a frontmatter key, a cell's address, ``Related``), grouped by it."""
    from scaffold.refactor.backlinks import backlinks as find

    return find(vault, path, heading=heading)


def link_leads_to(index: Any, link: Any, source: str) -> tuple[str | None, bool]:
    """The file a link in the note at ``source`` opens, as Obsidian picks it among several,
    and whether it names that file by its name or path (not through an alias)."""
    from scaffold.refactor.links import by_name, chosen

    hit = chosen(index.resolve(link.target, source), source)
    return hit, hit is not None and by_name(link, hit)
