"""The views a run's changes affect, re-rendered in the same run: the dependency index.

``scaffold update``, ``migrate`` and ``new`` change notes; a view shows some of them. Once a
run is planned, and before anything is written, :func:`follow` is given every changed note's
new bytes and answers with the regions to re-write, nothing more:

* the :class:`ViewIndex` holds every well-formed region of the vault and what it depends on:
  the notes its ``where`` selects, and the fields or addresses its columns and sort keys read
  (:attr:`~scaffold.views.regions.View.targets`);
* a region depends on a changed note when the note's *signature* for it differs between the
  vault on disk and the vault as the run leaves it: whether the view selects the note, and
  the value of each target it reads. A note the view selects neither before nor after, or
  whose shown values did not move, cannot change the region's bytes, so the region is left
  as it is (not even rendered);
* each region that depends on a change is rendered over the vault as the run leaves it (the
  changed notes' new bytes laid over the files), and only the bytes between its markers
  change, and only when they differ.

Nothing polls or loops: the re-render is one more set of changes of the same run, written and
journalled with it, so ``scaffold undo`` takes both back. A note the run itself changes is
never re-rendered here (its journal entry is already the run's): ``scaffold render``, or
``scaffold check``'s R001, finds its views.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scaffold.errors import ScaffoldError
from scaffold.vault.changes import FileChange
from scaffold.views.facade import fill_regions
from scaffold.views.query import Entry, VaultNotes, text_of
from scaffold.views.regions import Region, View, find_regions


@dataclass(frozen=True, slots=True)
class Indexed:
    """One region of the vault, and the note it is in."""

    entry: Entry
    region: Region

    @property
    def depends_on(self) -> tuple[str, ...]:
        """The fields and addresses the region reads besides its selection."""
        return self.region.view.targets


class ViewIndex:
    """Every well-formed region of the vault's notes (a note with a malformed region has
    none here: it is never written half-way)."""

    def __init__(self, notes: VaultNotes) -> None:
        self.regions: list[Indexed] = []
        for entry in notes.entries:
            data = notes.raw(entry)
            if data is None or b"scaffold:view" not in data:
                continue  # a cheap test before the note is parsed
            note = notes.note(entry)
            if note is None:
                continue
            regions, problems = find_regions(note)
            if not problems:
                self.regions.extend(Indexed(entry, r) for r in regions)

    def affected(
        self, changed: Mapping[str, bytes], before: VaultNotes, after: VaultNotes
    ) -> list[Indexed]:
        """The regions whose bytes a change can move: those for which some changed note's
        signature differs before and after. Regions in a changed note are left out."""
        found: list[Indexed] = []
        for indexed in self.regions:
            if indexed.entry.rel in changed:
                continue
            view = indexed.region.view
            for rel in changed:
                was = signature(view, before, before.by_path.get(rel))
                now = signature(view, after, after.by_path.get(rel))
                if was != now:
                    found.append(indexed)
                    break
        return found


def signature(view: View, notes: VaultNotes, entry: Entry | None) -> tuple[Any, ...] | None:
    """What ``view`` shows of one note: None when it does not select it, else the note's
    name and link with each value it reads. Equal signatures give the same region."""
    if entry is None:
        return None
    note = notes.note(entry)
    if note is None:
        return None
    try:
        if view.where is not None and not view.where.matches(notes.facts(entry, note)):
            return None
        values = tuple(text_of(*notes.read(entry, note, t)) for t in view.targets)
    except ScaffoldError:
        return None  # run_view leaves such a note out too
    return (entry.display, entry.link, values)


def follow(
    vault: Path, changed: Mapping[str, bytes], *, default_type: str | None = None
) -> list[FileChange]:
    """The view notes to re-write because the notes ``changed`` (vault path → the bytes a run
    is about to write) change: each with its bytes on disk and its bytes with the affected
    regions re-rendered. Empty when no region depends on the change."""
    if not changed:
        return []
    after = VaultNotes(vault, default_type=default_type, overlay=changed)
    index = ViewIndex(after)
    if not index.regions:
        return []
    before = VaultNotes(vault, default_type=default_type, names=after.names)
    by_note: dict[str, list[Region]] = {}
    entries: dict[str, Entry] = {}
    for indexed in index.affected(changed, before, after):
        by_note.setdefault(indexed.entry.rel, []).append(indexed.region)
        entries[indexed.entry.rel] = indexed.entry
    changes: list[FileChange] = []
    for rel, regions in by_note.items():
        entry = entries[rel]
        note, old = after.note(entry), after.raw(entry)
        if note is None or old is None:
            continue
        text, _ = fill_regions(note, rel, regions, after)
        if text != note.text:
            changes.append(FileChange(vault / rel, old, note.replace_text(text).to_bytes()))
    return changes


Follow = Callable[[Path, dict[str, bytes]], Sequence[FileChange]]


def follower(default_type: str | None = None) -> Follow:
    """:func:`follow` as a bulk run's :attr:`~scaffold.bulk.runner.Request.follow`."""

    def run(vault: Path, changed: dict[str, bytes]) -> Sequence[FileChange]:
        return follow(vault, changed, default_type=default_type)

    return run


class NoteWriter:
    """Writes ``scaffold new``'s change set (the note and its link-backs) with the views it
    affects re-rendered: all of it as one journalled run when any view changes (so
    ``scaffold undo`` removes the note and puts the views back), else as ``new`` always
    wrote, without a run. ``render=False``: the views are left alone."""

    def __init__(self, vault: Path, *, command: str = "scaffold new", render: bool = True) -> None:
        self.vault = vault
        self.command = command
        self.render = render
        self.followed: list[str] = []
        """The view notes re-rendered by the last write, by vault path."""
        self.run: str | None = None
        """The journalled run of the last write, when it had views to re-render."""

    def __call__(self, changes: Sequence[FileChange]) -> None:
        from scaffold.bulk.changeset import write_journalled
        from scaffold.vault.changes import apply_changes

        root = self.vault.resolve()
        more: list[FileChange] = []
        if self.render:
            changed = {
                _relative(c.path, root): c.after
                for c in changes
                if not c.remove and c.after is not None
            }
            more = follow(self.vault, changed)
        if not more:
            apply_changes(changes)
            return
        written = write_journalled(self.vault, [*changes, *more], command=self.command)
        self.followed = [_relative(c.path, root) for c in more]
        self.run = written.run


def _relative(path: Path, root: Path) -> str:
    path = Path(path)
    real = path.resolve() if path.exists() else path.parent.resolve() / path.name
    return real.relative_to(root).as_posix()


__all__ = ["Indexed", "NoteWriter", "ViewIndex", "follow", "follower", "signature"]
