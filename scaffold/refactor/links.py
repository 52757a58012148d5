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

from scaffold.note.mdlinks import find_md_links, write_path
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
    markdown: bool = False
    """A markdown link's path (``[x](Old%20Name.md)``), not a wikilink's target."""


def chosen(hits: list[str], source: str) -> str | None:
    """The file Obsidian opens for a link that several files match: one beside the linking
    note, else the one with the shortest path (:func:`scaffold.check.linkindex.chosen`)."""
    from scaffold.check.linkindex import chosen as pick

    return pick(hits, source)


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
    found.extend(
        md_rewrites(note, source, index, old_rel, new_rel, moved=moved,
                    stem_changed=stem_changed, bare=bare)
    )  # fmt: skip
    return found


def md_resolve(index: LinkIndex, path: str, source: str) -> tuple[str | None, bool]:
    """The file a markdown link's path leads to from the note at ``source``, and whether it
    was found relative to that note's folder (``./x.md``, ``../x.md``, or ``Sub/x.md`` written
    from the note's folder) rather than as a wikilink finds it (by name, or a path from the
    vault's root)."""
    if path.startswith(("./", "../")):
        return chosen(index.resolve(path, source), source), True
    folder = posixpath.dirname(source)
    if folder:
        beside = index.resolve("./" + path, source)  # only an exact path answers this
        if beside:
            return beside[0], True
    return chosen(index.resolve(path, source), source), False


def md_rewrites(
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
    """The markdown links (``[x](Old%20Name.md#h)``) of ``note`` to rewrite when ``old_rel``
    moves to ``new_rel``: the path is written in the same form (a name, a path from the
    vault's root, or relative to the linking note), percent-encoded as it was (or inside
    ``<...>``); its ``#heading`` and the link's text stay."""
    found: list[Rewrite] = []
    here = new_rel if moved else source
    for link in find_md_links(note):
        hit, relative = md_resolve(index, link.path, source)
        if hit is None:
            continue
        with_ext = link.path.casefold().endswith(".md")
        if hit == old_rel:
            if not by_name_md(link.path, old_rel):
                continue  # an alias: Obsidian does not follow a markdown link by alias
            named = "/" not in link.path
            if named and not relative and bare and not stem_changed:
                continue  # a name that still leads to the note after a move
            if relative:
                new = _relative_path(new_rel, here, dotted=link.path.startswith("."))
            else:
                new = target_for(link.path, here, new_rel, bare=bare)
        elif moved and relative:
            new = _relative_path(hit, here, dotted=link.path.startswith("."))
        else:
            continue
        if not with_ext and new.casefold().endswith(".md"):
            new = new[:-3]
        if new == link.path:
            continue
        written = note.text[link.path_start : link.path_end]
        ascii_only = written.isascii() and not link.path.isascii()  # Caf%C3%A9 stays encoded
        shown = write_path(new, angle=link.angle, ascii_only=ascii_only)
        if shown == written:
            continue
        line = note.lines.position(link.start)[0]
        found.append(
            Rewrite(link.path_start, link.path_end, written, shown, line, False, new, True)
        )
    return found


def by_name_md(path: str, rel: str) -> bool:
    """Whether a markdown link's path names the note at ``rel`` by its file name (as any
    markdown link does: it has no aliases)."""
    return _base(path) == _base(rel)


def _relative_path(target: str, source: str, *, dotted: bool) -> str:
    """``target`` (vault-relative) as a path from the folder of ``source``."""
    out = posixpath.relpath(target, posixpath.dirname(source) or ".")
    if dotted and not out.startswith("../"):
        out = "./" + out
    return out
