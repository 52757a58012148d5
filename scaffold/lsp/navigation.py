"""Navigation: ``[[`` completion from the vault's note names and aliases, ``[[Note#`` from a
note's headings and ``[[Note#^`` from its block ids, and go to definition on a wikilink
(``#heading`` and ``#^block`` targets included).

The names on offer are worked out once per change of the vault's names (the link index's
``generation``), not on every keystroke: a client re-asks on each character typed."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from lsprotocol import types as lsp

from scaffold.api import loads
from scaffold.check.linkindex import LinkIndex
from scaffold.errors import ScaffoldError
from scaffold.lsp.positions import Positions
from scaffold.lsp.workspace import ScaffoldServer, path_of
from scaffold.note.wikilinks import anchor_key, anchors, link_at

LIMIT = 200
"""Items in one completion answer; beyond it the list is incomplete and the client asks again
as the user types more."""

_NOT_IN_LINKS = re.compile(r"[#|^\[\]]+")
"""What Obsidian drops from a heading when it writes a link to it."""


def rel_of(ls: ScaffoldServer, uri: str) -> str | None:
    path = path_of(uri)
    return ls.rel(path) if path is not None else None


@dataclass(frozen=True, slots=True)
class _Name:
    label: str
    folded: str
    stem: str
    rel: str
    alias: bool


@dataclass(frozen=True, slots=True)
class _Catalogue:
    index: LinkIndex
    generation: int
    names: tuple[_Name, ...]


_held: list[_Catalogue] = []
"""The newest catalogue (one server, one index)."""


def _catalogue(index: LinkIndex) -> tuple[_Name, ...]:
    """Every note stem and alias on offer, sorted; rebuilt only when the index's names changed."""
    if _held and _held[0].index is index and _held[0].generation == index.generation:
        return _held[0].names
    stems = {posixpath.basename(rel)[:-3].casefold() for rel in index.by_stem_paths()}
    names: list[_Name] = []
    for name, rel in index.names():
        stem = posixpath.basename(rel)[:-3]
        alias = name != stem
        if alias and name.casefold() in stems:
            continue  # a note of that name is offered already
        names.append(_Name(name, name.casefold(), stem, rel, alias))
    _held[:] = [_Catalogue(index, index.generation, tuple(names))]
    return _held[0].names


@dataclass(frozen=True, slots=True)
class _Typing:
    """A ``[[`` link being typed at the cursor."""

    line: int
    col: int
    opening: int
    """0-based column of the ``[[``."""
    typed: str
    """What follows the ``[[`` up to the cursor."""
    closing: str
    """``]]`` when the link still needs closing, else empty."""
    in_table: bool


def _typing(where: Positions, position: lsp.Position) -> _Typing | None:
    line, col = where.from_client(position)
    text = where.line(line - 1)
    before = text[: col - 1]
    opening = before.rfind("[[")
    if opening < 0 or "]]" in before[opening:]:
        return None
    closing = "" if text[col - 1 :].startswith("]]") else "]]"
    in_table = text.lstrip().startswith("|")
    return _Typing(line, col, opening, before[opening + 2 :], closing, in_table)


def completions(ls: ScaffoldServer, params: lsp.CompletionParams) -> lsp.CompletionList | None:
    if ls.index is None:
        return None
    uri = params.text_document.uri
    try:
        where = ls.positions(uri)
    except ScaffoldError:
        return None  # not a readable note (a FIFO, a device, gone)
    typing = _typing(where, params.position)
    if typing is None or "|" in typing.typed:
        return None  # no link here, or its shown text is being typed
    if "#" in typing.typed:
        return _anchor_completions(ls, uri, where, typing)
    return _name_completions(ls.index, where, typing)


def _name_completions(index: LinkIndex, where: Positions, typing: _Typing) -> lsp.CompletionList:
    replace = lsp.Range(
        where.to_client(typing.line, typing.opening + 3), where.to_client(typing.line, typing.col)
    )
    want = typing.typed.casefold()
    pipe = "\\|" if typing.in_table else "|"
    items: list[lsp.CompletionItem] = []
    for name in _catalogue(index):
        if want and want not in name.folded:
            continue
        if name.alias:  # link the note, show the alias, as Obsidian does
            insert = f"{name.stem}{pipe}{name.label}"
            detail = f"alias of {name.stem} ({name.rel})"
        else:
            insert, detail = name.label, name.rel
        items.append(
            lsp.CompletionItem(
                label=name.label,
                kind=lsp.CompletionItemKind.File,
                detail=detail,
                text_edit=lsp.TextEdit(replace, insert + typing.closing),
                filter_text=name.label,
            )
        )
        if len(items) >= LIMIT:
            break
    return lsp.CompletionList(is_incomplete=len(items) >= LIMIT, items=items)


def _target_uri(ls: ScaffoldServer, uri: str, target: str) -> str | None:
    """The document ``[[target]]`` in ``uri`` names (the note itself for ``[[#...``)."""
    if not target:
        return uri
    if ls.index is None or ls.vault is None:
        return None
    hits = ls.index.resolve(target, rel_of(ls, uri))
    if not hits:
        return None
    return (ls.vault / hits[0]).as_uri()


def _anchor_completions(
    ls: ScaffoldServer, uri: str, where: Positions, typing: _Typing
) -> lsp.CompletionList | None:
    """``[[Note#`` → the note's headings; ``[[Note#^`` → its block ids."""
    target, _, fragment = typing.typed.partition("#")
    target = target.strip()
    target_uri = _target_uri(ls, uri, target)
    if target_uri is None or (target and not target_uri.lower().endswith(".md")):
        return None
    try:
        doc = ls.document(target_uri)  # open buffer, or the guarded reader
        note = loads(doc.source, path=doc.path)
    except ScaffoldError:
        return None
    block = fragment.startswith("^")
    typed = fragment[1:] if block else fragment.rpartition("#")[2]  # [[N#A#B: after the last
    start = typing.col - len(typed)
    replace = lsp.Range(
        where.to_client(typing.line, start), where.to_client(typing.line, typing.col)
    )
    found: list[tuple[str, str]] = []  # (inserted text, detail)
    if block:
        found = [(block_id, "block") for block_id in sorted(anchors(note).blocks)]
    else:
        seen: set[str] = set()
        for heading in note.body.headings:
            text = " ".join(_NOT_IN_LINKS.sub(" ", heading.name).split())
            if text and (key := anchor_key(text)) not in seen:
                seen.add(key)
                found.append((text, "#" * heading.level))
    want = typed.casefold()
    items = [
        lsp.CompletionItem(
            label=text,
            kind=lsp.CompletionItemKind.Reference,
            detail=detail,
            sort_text=f"{number:05d}",
            filter_text=text,
            text_edit=lsp.TextEdit(replace, text + typing.closing),
        )
        for number, (text, detail) in enumerate(found)
        if not want or want in text.casefold()
    ]
    return lsp.CompletionList(is_incomplete=False, items=items[:LIMIT])


def definition(ls: ScaffoldServer, params: lsp.DefinitionParams) -> lsp.Location | None:
    if ls.index is None or ls.vault is None:
        return None
    uri = params.text_document.uri
    try:
        note, where = ls.note(uri)
    except ScaffoldError:
        return None
    link = link_at(note, where.offset(params.position))
    if link is None:
        return None
    target_uri = _target_uri(ls, uri, link.target)
    if target_uri is None:
        return None
    line = 0
    if link.anchor and (not link.target or target_uri.lower().endswith(".md")):
        line = _anchor_line(ls, target_uri, link.anchor)
    return lsp.Location(target_uri, lsp.Range(lsp.Position(line, 0), lsp.Position(line, 0)))


def _anchor_line(ls: ScaffoldServer, uri: str, anchor: str) -> int:
    """The 0-based line of a heading or block id in the target note (0 when not found)."""
    try:
        text = ls.document(uri).source  # open buffer, or the guarded reader
    except ScaffoldError:
        return 0
    rows = text.split("\n")
    if anchor.startswith("^"):
        mark = anchor.strip().casefold()
        return next((i for i, r in enumerate(rows) if r.rstrip().casefold().endswith(mark)), 0)
    want = anchor_key(anchor.split("#")[-1])
    for index, row in enumerate(rows):
        stripped = row.lstrip(" >")
        if stripped.startswith("#") and anchor_key(stripped.lstrip("#")) == want:
            return index
    return 0
