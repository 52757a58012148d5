"""Backlinks: every link in the vault that leads to a note (or to one of its headings), found
the way ``scaffold mv`` finds the links it rewrites, and the relation each link states: the
frontmatter key or the table cell's address it sits in, or ``Related`` for an item of a
Related list."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scaffold.errors import ScaffoldError
from scaffold.note.parsed import ParsedNote
from scaffold.note.wikilinks import Link, anchor_key, find_links
from scaffold.refactor.links import chosen
from scaffold.vault.files import read_bytes

RELATED = "Related"
"""The relation of a link in a list under a heading named Related."""


@dataclass(frozen=True, slots=True)
class Backlink:
    """One link to the note: where it is and what relation it states."""

    source: str
    """The vault-relative note that holds the link."""
    start: int
    """Offsets of the link (``[[`` to ``]]``) in that note's text."""
    end: int
    line: int
    col: int
    text: str
    """The note's text (for converting offsets to an editor's positions)."""
    bom: bool
    relation: str | None
    """``Related``, the frontmatter key (``maker``), the cell's address
    (``Quick stats > Maker``), or ``None`` for a link in prose."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "line": self.line,
            "col": self.col,
            "relation": self.relation,
        }


def backlinks(vault: Path, path: Path, *, heading: str | None = None) -> list[Backlink]:
    """Every link that leads to the note at ``path`` (to its heading ``heading`` when given;
    ``[[#Heading]]`` in the note itself then counts), grouped by relation (links in prose
    last), then by note and position."""
    from scaffold.refactor.move import _relative, scan

    rel = _relative(path, vault, str(path))
    stem = posixpath.basename(rel)[:-3]
    index, candidates = scan(vault, stem)
    aliases = index.aliases.get(rel, ())
    if aliases:  # links by an alias hold the alias, not the name
        for alias in aliases:
            candidates.extend(scan_names(vault, alias, index))
    if heading is not None and rel not in candidates:
        candidates.append(rel)
    key = anchor_key(heading) if heading is not None else None
    found: list[Backlink] = []
    for source in sorted(set(candidates)):
        try:
            data = read_bytes(vault / source)
            note = ParsedNote.from_bytes(data, path=vault / source)
        except ScaffoldError:
            continue
        for link in find_links(note):
            if key is not None:
                if not link.anchor or link.anchor.startswith("^"):
                    continue
                if anchor_key(link.anchor.rsplit("#", 1)[-1]) != key:
                    continue
            if link.target:
                if chosen(index.resolve(link.target, source), source) != rel:
                    continue
            elif key is None or source != rel:
                continue
            line, col = note.lines.position(link.start)
            found.append(
                Backlink(
                    source,
                    link.start,
                    link.end,
                    line,
                    col,
                    note.text,
                    note.bom,
                    relation_of(note, link),
                )
            )
    found.sort(key=lambda b: (b.relation is None, b.relation or "", b.source, b.start))
    return found


def scan_names(vault: Path, name: str, index: Any) -> list[str]:
    """The notes whose text mentions ``name`` (one more read of the vault, for an alias)."""
    from scaffold.refactor.move import mentions

    needle = max(name.casefold().split("'"), key=len)
    out = []
    for paths in index.by_stem.values():
        for rel in paths:
            try:
                data = read_bytes(vault / rel)
            except ScaffoldError:
                continue
            if b"[[" in data and mentions(data, needle):
                out.append(rel)
    return out


def relation_of(note: ParsedNote, link: Link) -> str | None:
    """What relation a link states by where it sits (see :class:`Backlink`)."""
    if link.frontmatter:
        root = note.nodes
        if root is not None and root.kind == "map":
            for entry in root.entries:
                if entry.value.start <= link.start < entry.value.end:
                    return str(entry.key.value)
        return None
    from scaffold.note.addressing.locate import place_at

    line, col = note.lines.position(link.target_start)
    place = place_at(note, line, col)
    if place is not None and place.kind == "cell":
        return place.address or place.name or None
    section = None
    for s in note.body.sections:
        if s.heading is not None and s.heading.start <= link.start:
            section = s
    heading = section.heading if section is not None else None
    if heading is not None and heading.name.strip().casefold() == RELATED.casefold():
        return RELATED
    return None
