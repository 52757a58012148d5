"""Which wikilinks of a note lead to a given note, and how each is written for its new place.

A link leads to the note when the vault's link index resolves it there the way Obsidian
does (:func:`chosen`): by file name or stem, by path, or relative to the linking note. A link
that reaches the note through one of its aliases is left as it is: the aliases move with the
note, so it still leads there.

Only the target text of a link is rewritten. Its ``#heading`` or ``#^block`` suffix, its
shown text (``|alias``), the ``\\|`` of a table cell and the ``!`` of an embed are bytes
outside that span, and stay as they were.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scaffold.note.wikilinks import Link, find_links

if TYPE_CHECKING:
    from scaffold.check.linkindex import LinkIndex
    from scaffold.note.parsed import ParsedNote
    from scaffold.note.yaml.nodes import Node


@dataclass(frozen=True, slots=True)
class Rewrite:
    """One link's target text, replaced."""

    start: int
    """Offset in the note text of the target as written (escaped, in a quoted YAML value)."""
    end: int
    old: str
    """The target as written."""
    new: str
    """The new target, as it is written there (escaped for a quoted YAML value)."""
    line: int
    """1-based line of the link."""
    frontmatter: bool
    target: str
    """The new target as the link model reads it back (unescaped)."""


def chosen(hits: list[str], source: str) -> str | None:
    """The file Obsidian opens for a link that several files match: one beside the linking
    note, else the one with the shortest path."""
    if not hits:
        return None
    if len(hits) == 1:
        return hits[0]
    folder = posixpath.dirname(source)
    beside = sorted(h for h in hits if posixpath.dirname(h) == folder)
    if beside:
        return beside[0]
    return min(hits, key=lambda h: (h.count("/"), len(h), h))


def _base(target: str) -> str:
    """A link target's last part as a stem: ``Folder/Note.md`` -> ``note`` (casefolded)."""
    name = posixpath.basename(target.replace("\\", "/")).casefold()
    return name[:-3] if name.endswith(".md") else name


def by_name(link: Link, rel: str) -> bool:
    """Whether ``link`` names the note at ``rel`` by its file name or path, not an alias."""
    return _base(link.target) == _base(rel)


def target_for(written: str, source: str, new_rel: str, *, bare: bool) -> str:
    """How a link written ``written`` in the note at ``source`` names ``new_rel`` (a
    vault-relative ``.md`` path): in the same form as before (a name, a path from the vault
    root, a path relative to the linking note), with ``.md`` only where it was written.

    ``bare`` says a name alone will lead to the note; when it will not, a name becomes a
    path."""
    text = written.replace("\\", "/")
    with_ext = text.casefold().endswith(".md")
    if text.startswith(("./", "../")):
        out = posixpath.relpath(new_rel, posixpath.dirname(source) or ".")
        if not out.startswith("../"):
            out = "./" + out
    elif "/" in text or not bare:
        out = ("/" if text.startswith("/") else "") + new_rel
    else:
        out = posixpath.basename(new_rel)
    return out if with_ext else out[:-3]


def scalar_escape(text: str, style: str) -> str:
    """``text`` as it is written inside a YAML scalar of ``style``."""
    if style == "single":
        return text.replace("'", "''")
    if style == "double":
        return text.replace("\\", "\\\\").replace('"', '\\"')
    return text


def _scalars(node: Node | None) -> Iterator[Node]:
    if node is None:
        return
    if node.kind == "scalar":
        yield node
    for item in node.items:
        yield from _scalars(item)
    for entry in node.entries:
        yield from _scalars(entry.value)


def style_at(note: ParsedNote, offset: int) -> str:
    """The style of the frontmatter scalar holding ``offset`` (``plain`` if none does)."""
    for node in _scalars(note.nodes):
        if node.start <= offset < node.end:
            return node.style
    return "plain"


def rewrites(
    note: ParsedNote,
    source: str,
    index: LinkIndex,
    old_rel: str,
    new_rel: str,
    *,
    moved: bool = False,
    stem_changed: bool,
    bare: bool,
) -> list[Rewrite]:
    """The links of ``note`` (at ``source``, vault-relative) to rewrite when ``old_rel`` moves
    to ``new_rel``. ``index`` is the vault as it is before the move.

    With ``moved`` (``note`` is the note being moved, ``source`` its old path) its links
    relative to its own folder (``./x``, ``../x``) that lead elsewhere are rewritten too, so
    they still lead there from the new folder."""
    found: list[Rewrite] = []
    lines = note.lines
    new_dir = posixpath.dirname(new_rel)
    for link in find_links(note):
        if not link.target:
            continue  # ``[[#Heading]]``: into the note itself, wherever it is
        written = note.text[link.target_start : link.target_end]
        hit = chosen(index.resolve(link.target, source), source)
        if hit is None:
            continue
        if hit == old_rel:
            if not by_name(link, old_rel):
                continue  # by an alias, which moves with the note
            named = "/" not in link.target and not link.target.startswith(".")
            if named and bare and not stem_changed:
                continue  # a name that still leads to the note after a move
            here = new_rel if moved else source
            new = target_for(link.target, here, new_rel, bare=bare)
        elif moved and link.target.startswith(("./", "../")):
            rel = posixpath.relpath(hit, new_dir or ".")
            new = rel if rel.startswith("../") else "./" + rel
            if not link.target.casefold().endswith(".md") and new.casefold().endswith(".md"):
                new = new[:-3]
        else:
            continue
        if new == link.target:
            continue
        shown = new
        if link.frontmatter:
            shown = scalar_escape(new, style_at(note, link.target_start))
        if shown == written:
            continue
        line = lines.position(link.start)[0]
        found.append(
            Rewrite(
                link.target_start,
                link.target_end,
                written,
                shown,
                line,
                link.frontmatter,
                new,
            )
        )
    return found
