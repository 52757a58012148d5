"""Finding the vault and resolving note names the way Obsidian resolves a link.

A vault is the nearest parent folder holding ``.obsidian/`` or ``.scaffold/``. A note name
resolves by file stem first, then by frontmatter alias, case-insensitively.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from scaffold.errors import AddressError, NoteMissingError, UsageError

MARKERS = (".obsidian", ".scaffold")

# Folders Obsidian itself never indexes, plus the usual tool clutter.
_SKIP_DIRS = frozenset({".obsidian", ".scaffold", ".git", ".trash", "node_modules", ".venv"})

# A frontmatter fast path: the aliases line(s), without loading YAML for every note.
_ALIASES_FLOW = re.compile(r"^(?:aliases|alias):[ \t]*\[(.*)\][ \t]*$", re.MULTILINE)
_ALIASES_BLOCK = re.compile(r"^(?:aliases|alias):[ \t]*\r?\n((?:[ \t]*-[^\n]*\n)+)", re.MULTILINE)
_ALIAS_SCALAR = re.compile(r"^(?:aliases|alias):[ \t]*([^\[\s#][^\n#]*?)[ \t]*\r?$", re.MULTILINE)


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


def note_paths(vault: Path) -> list[Path]:
    """Every ``.md`` file in the vault, skipping hidden and tool folders, in a stable order."""
    found: list[Path] = []
    for root, dirs, files in os.walk(vault):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
        found.extend(Path(root) / f for f in sorted(files) if f.endswith(".md"))
    return found


def _aliases_of(head: str) -> list[str]:
    """Aliases from the start of a note, read without a YAML parser (names only)."""
    if not head.startswith("---"):
        return []
    end = head.find("\n---", 3)
    block = head[: end + 1] if end != -1 else head
    if m := _ALIASES_FLOW.search(block):
        return [_unquote(a) for a in m.group(1).split(",") if a.strip()]
    if m := _ALIASES_BLOCK.search(block + "\n"):
        return [_unquote(line.strip()[1:]) for line in m.group(1).splitlines() if line.strip()]
    if m := _ALIAS_SCALAR.search(block):
        return [_unquote(m.group(1))]
    return []


def _unquote(s: str) -> str:
    s = s.strip()
    if len(s) >= 2 and s[0] == s[-1] and s[0] in "'\"":
        return s[1:-1]
    return s


@dataclass(slots=True)
class VaultIndex:
    """Note names in a vault: file stems and frontmatter aliases, folded for lookup."""

    vault: Path
    by_stem: dict[str, list[Path]] = field(default_factory=dict)
    by_alias: dict[str, list[Path]] = field(default_factory=dict)
    alias_text: dict[str, str] = field(default_factory=dict)
    """Each folded alias as first written, for suggestions."""

    @classmethod
    def build(cls, vault: Path) -> VaultIndex:
        index = cls(vault)
        for path in note_paths(vault):
            index.by_stem.setdefault(path.stem.casefold(), []).append(path)
            try:
                with path.open("r", encoding="utf-8", errors="replace") as handle:
                    head = handle.read(4096)
            except OSError:
                continue
            for alias in _aliases_of(head.lstrip("\ufeff")):
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


def resolve_note(name: str, *, vault: Path) -> Path:
    """Resolve NOTE as given on the command line: an existing path, or a note name.

    A path that exists (or is absolute, or climbs with ``..``) is taken as a path. Anything
    else is a note name, looked up inside ``vault`` by stem, then by alias, like a wikilink.
    """
    as_path = Path(name)
    if as_path.exists() or as_path.is_absolute() or ".." in as_path.parts:
        return as_path
    stem = name.removesuffix(".md")
    index = VaultIndex.build(vault)
    matches = index.lookup(Path(stem).name)
    if "/" in stem:  # "folder/Note": Obsidian's path-qualified link
        want = (vault / stem).with_suffix(".md").resolve()
        matches = [p for p in matches if p.resolve() == want]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        import difflib

        close = difflib.get_close_matches(Path(stem).name, index.names(), n=3, cutoff=0.6)
        hint = f"Did you mean {', '.join(close)}?" if close else "check the name, or pass a path"
        # Exit 3 like a missing path: either way there is no such note.
        raise NoteMissingError(
            f"no note file or note name {name!r} in vault {vault}",
            candidates=tuple(close),
            hint=hint,
        )
    listed = tuple(str(p.relative_to(vault)) for p in matches)
    raise AddressError(
        f"note name {name!r} is ambiguous: {', '.join(listed)}",
        candidates=listed,
        hint="pass the path of the one you mean",
    )
