"""Finding the vault and resolving note names the way Obsidian resolves a link.

A vault is the nearest parent folder holding ``.obsidian/`` or ``.scaffold/``. A note name
resolves by file stem first, then by frontmatter alias, case-insensitively.

Scans list regular files only (a named pipe or a device in a vault must not hang a lookup),
and a folder without a vault marker is searched only within limits: never ``/`` or the home
folder as a whole, and at most :data:`UNMARKED_SCAN_LIMIT` entries elsewhere.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from scaffold.errors import UsageError
from scaffold.vault.head import read_aliases

MARKERS = (".obsidian", ".scaffold")

# Folders Obsidian itself never indexes (hidden ones), plus the usual tool clutter.
_SKIP_DIRS = frozenset({"node_modules", "__pycache__"})

UNMARKED_SCAN_LIMIT = 20_000
"""How many files and folders a search by note name visits in a folder with no vault marker
before it stops: enough for a notes folder, too few to crawl a disk."""


def find_vault(start: Path, explicit: Path | None = None) -> Path:
    """The vault for ``start``: ``explicit`` if given, else the nearest marked parent, else
    ``start`` itself (a folder; a file's folder)."""
    if explicit is not None:
        if not explicit.is_dir():
            raise UsageError(
                f"--vault {explicit}: no such folder", hint="give the folder that holds your notes"
            )
        return explicit.resolve()
    here = start.resolve()
    if here.is_file() or not here.exists():
        here = here.parent
    for folder in (here, *here.parents):
        if any((folder / marker).is_dir() for marker in MARKERS):
            return folder
    return here


def is_marked(folder: Path) -> bool:
    """Whether ``folder`` holds a vault marker (``.obsidian/`` or ``.scaffold/``)."""
    return any((folder / marker).is_dir() for marker in MARKERS)


class ScanLimitError(UsageError):
    """A search by note name in a folder without a vault marker was stopped at its limit."""


def note_paths(vault: Path, *, limit: int | None = None) -> list[Path]:
    """Every ``.md`` regular file in the vault (or a link to one), skipping hidden and tool
    folders, in a stable order: a folder's files, then each subfolder in name order.

    ``limit`` bounds the files and folders visited; past it :class:`ScanLimitError` is raised.
    """
    return [vault / rel for rel in note_relpaths(vault, limit=limit)]


def note_relpaths(
    vault: Path, *, limit: int | None = None, links: set[str] | None = None
) -> list[str]:
    """:func:`note_paths` as vault-relative text with ``/`` separators, built without a
    ``Path`` per note (the bulk runner indexes vaults of 100,000 notes). Named pipes, devices
    and links to nothing are left out: reading one would hang or fail. ``links`` collects the
    notes that are symbolic links (see :func:`vault_relpaths`)."""
    return vault_relpaths(vault, limit=limit, links=links)


def vault_relpaths(
    vault: Path,
    *,
    limit: int | None = None,
    notes_only: bool = True,
    links: set[str] | None = None,
) -> list[str]:
    """The vault's one walk: its ``.md`` notes, regular files only (or, with
    ``notes_only=False``, every entry but a folder or a hidden file: the things a wikilink can
    name, which are never read here) as vault-relative text with ``/`` separators. Hidden and
    tool folders (:data:`_SKIP_DIRS`) are skipped, and links to folders are not followed.

    ``links``, when given, collects the entries found that are symbolic links (the listing
    says so: no system call). Every other path found has no link between the vault and the
    file, so it really lies in the vault: a bulk run checks only the linked ones."""
    found: list[str] = []
    visited = 0

    def walk(folder: str, prefix: str) -> None:
        nonlocal visited
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:
            return
        visited += len(entries)
        if limit is not None and visited > limit:
            raise ScanLimitError(
                f"stopped after {limit:,} files and folders under {vault}, which has no vault "
                "marker (.obsidian/ or .scaffold/)",
                hint=MARK_HINT,
            )
        subfolders = []
        for entry in entries:
            try:
                name = entry.name
                if name.startswith("."):  # hidden, as Obsidian hides it
                    continue
                if notes_only and name.endswith(".md") and entry.is_file():
                    found.append(prefix + name)
                    if links is not None and entry.is_symlink():
                        links.add(prefix + name)
                elif not notes_only and not entry.is_dir():
                    found.append(prefix + name)  # a pipe or a device too: links to it resolve
                    if links is not None and entry.is_symlink():
                        links.add(prefix + name)
                elif entry.is_dir(follow_symlinks=False) and name not in _SKIP_DIRS:
                    subfolders.append(entry)
            except OSError:
                continue
        for sub in subfolders:
            walk(sub.path, f"{prefix}{sub.name}/")

    walk(str(vault), "")
    return found


MARK_HINT = (
    "run scaffold inside your vault, pass --vault DIR, give the note's path, or mark the vault "
    "folder with `mkdir DIR/.scaffold`"
)


@dataclass(slots=True)
class VaultIndex:
    """Note names in a vault: file stems and frontmatter aliases, folded for lookup."""

    vault: Path
    by_stem: dict[str, list[Path]] = field(default_factory=dict)
    by_alias: dict[str, list[Path]] = field(default_factory=dict)
    alias_text: dict[str, str] = field(default_factory=dict)
    """Each folded alias as first written, for suggestions."""

    @classmethod
    def build(cls, vault: Path, *, limit: int | None = None) -> VaultIndex:
        """Index every note in ``vault`` (see :func:`note_paths` for ``limit``)."""
        index = cls(vault)
        for path in note_paths(vault, limit=limit):
            index.by_stem.setdefault(path.stem.casefold(), []).append(path)
            for alias in read_aliases(path):
                index.by_alias.setdefault(alias.casefold(), []).append(path)
                index.alias_text.setdefault(alias.casefold(), alias)
        return index

    def lookup(self, name: str) -> list[Path]:
        """Notes whose stem matches ``name``; failing that, notes with that alias."""
        key = name.casefold()
        return list(self.by_stem.get(key) or self.by_alias.get(key) or [])

    def names(self) -> list[str]:
        """Every note stem, sorted, for suggestions."""
        return sorted({p.stem for paths in self.by_stem.values() for p in paths})


def link_name(name: str) -> str:
    """The note a name means, as typed or pasted: ``[[Note#Heading|shown]]`` (a wikilink
    copied from a note, embeds too) names ``Note``; anything else is taken as it is."""
    name = name.strip()
    if name.startswith("!"):
        name = name[1:] if name[1:].startswith("[[") else name
    if name.startswith("[[") and name.endswith("]]"):
        name = name[2:-2].split("|", 1)[0].split("#", 1)[0].strip()
    return name
