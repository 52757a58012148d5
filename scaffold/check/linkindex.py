"""What a vault's wikilinks can point at: every file by name and path, note aliases, and each
note's headings and block ids.

Resolution follows Obsidian: ``[[Note]]`` names a note by file stem, ``[[Note.md]]`` or
``[[image.png]]`` a file by name, ``[[Folder/Note]]`` by the end of its path (or a path from the
vault root, or relative to the linking note with ``./`` and ``../``), all case-insensitively;
failing those, a note whose frontmatter lists the name as an alias. Obsidian itself picks one of
several same-named notes; a link that finds any file here is not broken.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from scaffold.note.wikilinks import Anchors
from scaffold.vault.head import read_aliases
from scaffold.vault.index import vault_relpaths


def chosen(hits: list[str], source: str | None) -> str | None:
    """The file Obsidian opens for a link that several files match: one beside the linking
    note (at ``source``), else the one with the shortest path."""
    if not hits:
        return None
    if len(hits) == 1:
        return hits[0]
    folder = posixpath.dirname(source or "")
    beside = sorted(h for h in hits if posixpath.dirname(h) == folder)
    if beside:
        return beside[0]
    return min(hits, key=lambda h: (h.count("/"), len(h), h))


def vault_files(vault: Path) -> list[str]:
    """Every file a link can name, as a POSIX path relative to the vault: the vault's one walk
    (:func:`scaffold.vault.index.vault_relpaths`), regular files only, hidden ones skipped."""
    return vault_relpaths(vault, notes_only=False)


@dataclass(slots=True)
class LinkIndex:
    """Names in one vault, kept current by :meth:`add` and :meth:`remove`."""

    vault: Path
    by_name: dict[str, list[str]] = field(default_factory=dict)
    """Casefolded file name (``note.md``, ``image.png``) -> relative paths."""
    by_stem: dict[str, list[str]] = field(default_factory=dict)
    """Casefolded stem of each ``.md`` file -> relative paths."""
    by_alias: dict[str, list[str]] = field(default_factory=dict)
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Each note's aliases, as written."""
    anchors: dict[str, Anchors] = field(default_factory=dict)
    """Headings and block ids per note, filled in as notes are read."""
    load_anchors: Callable[[str], Anchors | None] | None = None
    """Reads a note's anchors on first need (when a link into it has a ``#``)."""
    suggestions: dict[str, str] = field(default_factory=dict)
    """"Did you mean" per broken name, worked out once (cleared when names change)."""
    generation: int = 0
    """Counts changes to the names (files, stems, aliases): caches of them compare it."""
    _initials: dict[tuple[str, int], list[str]] | None = None
    _resolved: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def names_like(self, name: str, spread: int = 3) -> list[str]:
        """Folded stems and aliases that start with the same two characters as ``name`` and
        are within ``spread`` characters of its length: the candidates for a suggestion."""
        if self._initials is None:
            buckets: dict[tuple[str, int], list[str]] = {}
            for known in (*self.by_stem, *self.by_alias):
                buckets.setdefault((known[:2], len(known)), []).append(known)
            self._initials = buckets
        found: list[str] = []
        for size in range(max(len(name) - spread, 0), len(name) + spread + 1):
            found.extend(self._initials.get((name[:2], size), ()))
        return found

    def _names_changed(self) -> None:
        self.generation += 1
        self.suggestions.clear()
        self._resolved.clear()
        self._initials = None

    @classmethod
    def build(
        cls,
        vault: Path,
        files: Iterable[str] | None = None,
        aliases: dict[str, list[str]] | None = None,
    ) -> LinkIndex:
        """Index ``files`` (default: every file in the vault). ``aliases`` maps a note's
        relative path to its aliases; without it they are read from each note's head."""
        index = cls(vault)
        for rel in vault_files(vault) if files is None else files:
            index.add(rel)
        if aliases is None:
            aliases = {}
            for rel in list(index.by_stem_paths()):
                found = read_aliases(vault / rel)
                if found:
                    aliases[rel] = found
        for rel, names in aliases.items():
            index.set_aliases(rel, names)
        return index

    def by_stem_paths(self) -> list[str]:
        """Every indexed note's relative path."""
        return [p for paths in self.by_stem.values() for p in paths]

    def add(self, rel: str) -> None:
        """Index a file (a no-op when it is already indexed)."""
        name = posixpath.basename(rel)
        paths = self.by_name.setdefault(name.casefold(), [])
        if rel in paths:
            return
        paths.append(rel)
        self._names_changed()
        if name.lower().endswith(".md"):
            self.by_stem.setdefault(name[:-3].casefold(), []).append(rel)

    def remove(self, rel: str) -> None:
        """Forget a file, its aliases and its anchors."""
        name = posixpath.basename(rel)
        self._names_changed()
        _drop(self.by_name, name.casefold(), rel)
        if name.lower().endswith(".md"):
            _drop(self.by_stem, name[:-3].casefold(), rel)
        self.set_aliases(rel, ())
        self.anchors.pop(rel, None)

    def set_aliases(self, rel: str, names: Iterable[str]) -> None:
        kept = tuple(n for n in (str(n).strip() for n in names) if n)
        if kept == self.aliases.get(rel, ()):
            return
        self._names_changed()
        for old in self.aliases.pop(rel, ()):
            _drop(self.by_alias, old.casefold(), rel)
        if kept:
            self.aliases[rel] = kept
            for alias in kept:
                self.by_alias.setdefault(alias.casefold(), []).append(rel)

    def names(self) -> list[tuple[str, str]]:
        """``(name, relative path)`` for every note stem and alias, for completion."""
        out = [(posixpath.basename(p)[:-3], p) for paths in self.by_stem.values() for p in paths]
        out.extend((alias, rel) for rel, names in self.aliases.items() for alias in names)
        return sorted(out, key=lambda pair: pair[0].casefold())

    def resolve(self, target: str, source: str | None = None) -> list[str]:
        """The files ``[[target]]`` in the note at ``source`` (a relative path) can mean."""
        if target.startswith("."):  # relative to the linking note: not cached
            return self._resolve(target, source)
        hit = self._resolved.get(target)
        if hit is None:
            hit = self._resolved[target] = tuple(self._resolve(target, source))
        return list(hit)

    def _resolve(self, target: str, source: str | None) -> list[str]:
        link = target.replace("\\", "/").strip()
        if link.startswith(("./", "../")) and source is not None:
            joined = posixpath.normpath(posixpath.join(posixpath.dirname(source), link))
            hits = self._exact(joined)
            if hits:
                return hits
        link = link.lstrip("/")
        if not link:
            return []
        name = posixpath.basename(link).casefold()
        hits = list(self.by_name.get(name) or self.by_stem.get(name) or ())
        if "/" in link:
            want = link.casefold()
            hits = [
                p
                for p in hits
                if _path_key(p) == want
                or _path_key(p).endswith("/" + want)
                or p.casefold() == want
                or p.casefold().endswith("/" + want)
            ]
            return hits
        if not hits:
            hits = list(self.by_alias.get(name) or ())
        return hits

    def _exact(self, rel: str) -> list[str]:
        for candidate in (rel, rel + ".md"):
            name = posixpath.basename(candidate).casefold()
            hits = [p for p in self.by_name.get(name, ()) if p.casefold() == candidate.casefold()]
            if hits:
                return hits
        return []

    def anchors_of(self, rel: str) -> Anchors | None:
        """A note's headings and block ids (read on first need), or None if unreadable."""
        found = self.anchors.get(rel)
        if found is None and self.load_anchors is not None:
            found = self.load_anchors(rel)
            if found is not None:
                self.anchors[rel] = found
        return found


def _path_key(rel: str) -> str:
    """A path as a link names it: casefolded, without ``.md``."""
    folded = rel.casefold()
    return folded[:-3] if folded.endswith(".md") else folded


def _drop(table: dict[str, list[str]], key: str, rel: str) -> None:
    paths = table.get(key)
    if paths and rel in paths:
        paths.remove(rel)
        if not paths:
            del table[key]
