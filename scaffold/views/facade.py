"""``scaffold render``: fill every managed region of the vault's notes from the vault.

Each note with ``scaffold:view`` markers is read, each of its regions run over the vault
(:mod:`scaffold.views.query`), and only the bytes between a region's markers are replaced,
and only when they differ. Every view reads the vault as it was before the render, so the
result does not depend on the order the notes are visited in. A note with a malformed region
is reported (:class:`~scaffold.errors.ViewError`, with the line) and left whole as it was.

The changed notes are written together through the one write path as a journalled run
(:func:`scaffold.bulk.changeset.write_journalled`), so ``scaffold undo`` takes a render back;
a rerun finds nothing to change and writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scaffold.bulk.changeset import write_journalled
from scaffold.edit.diff import note_diff
from scaffold.errors import ScaffoldError, ViewError
from scaffold.note.parsed import ParsedNote
from scaffold.vault.changes import FileChange
from scaffold.vault.index import find_vault
from scaffold.vault.names import NoteNames
from scaffold.views.query import VaultNotes, render_region, run_view
from scaffold.views.regions import Region, find_regions

CHANGED, UNCHANGED = "changed", "unchanged"


@dataclass(frozen=True, slots=True)
class RegionResult:
    """One region of a note: where it is, how many notes it shows, and whether it changed."""

    path: str
    line: int
    status: str
    rows: int
    where: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "status": self.status,
            "rows": self.rows,
            "where": self.where,
        }


@dataclass(slots=True)
class RenderReport:
    """What a render found and did."""

    regions: list[RegionResult] = field(default_factory=list)
    problems: list[ScaffoldError] = field(default_factory=list)
    """Malformed regions (:class:`ViewError`) and notes that could not be read."""
    changes: list[FileChange] = field(default_factory=list)
    """The notes whose regions are out of date: their bytes now and after the render."""
    diffs: dict[str, str] = field(default_factory=dict)
    """Each changed note's unified diff, by vault path (when asked for)."""
    left_out: list[ScaffoldError] = field(default_factory=list)
    """Notes the views could not test or read (by path): left out of their rows."""
    written: tuple[str, ...] = ()
    run: str | None = None
    """The journalled run that wrote the changes (``scaffold undo RUN``)."""

    @property
    def out_of_date(self) -> list[RegionResult]:
        return [r for r in self.regions if r.status == CHANGED]

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": not self.problems,
            "regions": [r.to_dict() for r in self.regions],
            "out_of_date": len(self.out_of_date),
            "problems": [p.to_dict() for p in self.problems],
            "left_out": [p.to_dict() for p in self.left_out],
            "written": list(self.written),
            "run": self.run,
            **({"diffs": self.diffs} if self.diffs else {}),
        }


def fill_regions(
    note: ParsedNote, rel: str, regions: Sequence[Region], notes: VaultNotes
) -> tuple[str, list[RegionResult]]:
    """The note's text with each of ``regions`` filled from ``notes``, and each region's
    result; the bytes outside those regions are the note's own."""
    text = note.text
    # From the last region to the first, so earlier offsets stay good.
    results: list[RegionResult] = []
    for region in sorted(regions, key=lambda r: r.content_start, reverse=True):
        rows = run_view(region.view, notes)
        content = render_region(region.view, rows, region.eol)
        old = text[region.content_start : region.content_end]
        status = UNCHANGED if old == content else CHANGED
        if status == CHANGED:
            text = text[: region.content_start] + content + text[region.content_end :]
        results.append(RegionResult(rel, region.line, status, len(rows), region.view.where_text))
    results.reverse()
    return text, results


def render(
    vault: str | Path | None,
    paths: Sequence[str] = (),
    *,
    dry_run: bool = False,
    diff: bool = False,
    default_type: str | None = None,
    command: str = "scaffold.render()",
) -> RenderReport:
    """Render the regions of ``paths`` (notes by path, stem or alias; every note of the vault
    when empty). Unless ``dry_run``, the notes whose regions changed are written as one
    journalled run. Malformed regions are reported in :attr:`RenderReport.problems`, never
    raised; a note named in ``paths`` that does not exist raises."""
    root = find_vault(Path.cwd(), Path(vault) if vault is not None else None)
    notes = VaultNotes(root, default_type=default_type)
    if paths:
        names = NoteNames(root)
        wanted = {names.resolve(p) for p in paths}
        entries = [e for e in notes.entries if e.rel in wanted]
    else:
        entries = notes.entries
    report = RenderReport()
    for entry in entries:
        data = notes.raw(entry)
        if data is not None and b"scaffold:view" not in data:
            continue  # a cheap test before the note is parsed
        note = notes.note(entry)
        if note is None:
            report.problems.append(notes.unreadable[entry.rel])
            continue
        regions, problems = find_regions(note)
        report.problems.extend(problems)
        text, results = fill_regions(note, entry.rel, regions, notes)
        report.regions.extend(results)
        if text != note.text:
            before = note.to_bytes()
            after = note.replace_text(text).to_bytes()
            report.changes.append(FileChange(root / entry.rel, before, after))
            if diff:
                report.diffs[entry.rel] = note_diff(before, after, entry.rel)
    report.left_out = [notes.left_out[rel] for rel in sorted(notes.left_out)]
    if report.changes and not dry_run:
        written = write_journalled(root, report.changes, command=command)
        report.written, report.run = written.paths, written.run
    return report


@dataclass(frozen=True, slots=True)
class Refresh:
    """One region of a note brought up to date: replace ``text[start:end]`` with ``new``."""

    line: int
    """1-based line of the region's opening marker."""
    end_line: int
    """1-based line of its closing marker."""
    start: int
    """Offset of the region's first byte after the opening marker's line."""
    end: int
    """Offset of the closing marker."""
    new: str


def refreshes(vault: Path, note: ParsedNote, rel: str | None = None) -> list[Refresh]:
    """The out-of-date regions of ``note`` (an editor's buffer, perhaps unsaved) and what
    each should hold, rendered over ``vault`` with the note itself read from ``note``; a
    region already current is left out, and a note with malformed markers has none."""
    regions, problems = find_regions(note)
    if not regions or problems:
        return []
    overlay = {rel: note.to_bytes()} if rel is not None else None
    notes = VaultNotes(vault, overlay=overlay)
    found: list[Refresh] = []
    for region in regions:
        content = render_region(region.view, run_view(region.view, notes), region.eol)
        if note.text[region.content_start : region.content_end] != content:
            found.append(
                Refresh(
                    region.line, region.end_line, region.content_start, region.content_end, content
                )
            )
    return found


__all__ = [
    "Refresh",
    "RegionResult",
    "RenderReport",
    "ViewError",
    "fill_regions",
    "refreshes",
    "render",
]
