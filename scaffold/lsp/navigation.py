"""Navigation: ``[[`` completion from the vault's note names and aliases, and go to
definition on a wikilink (``#heading`` and ``#^block`` targets included)."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types as lsp

from scaffold.errors import ScaffoldError
from scaffold.lsp.workspace import ScaffoldServer, path_of
from scaffold.note.wikilinks import anchor_key, link_at
from scaffold.vault.files import read_bytes


def rel_of(ls: ScaffoldServer, uri: str) -> str | None:
    path = path_of(uri)
    return ls.rel(path) if path is not None else None


def completions(ls: ScaffoldServer, params: lsp.CompletionParams) -> lsp.CompletionList | None:
    if ls.index is None:
        return None
    uri = params.text_document.uri
    where = ls.positions(uri)
    pos = params.position
    line, col = where.from_client(pos)
    text = where.line(line - 1)
    before = text[: col - 1]
    opening = before.rfind("[[")
    if opening < 0 or "]]" in before[opening:]:
        return None
    typed = before[opening + 2 :]
    if "|" in typed or "#" in typed:
        return None  # an alias or a heading is being typed, not a note name
    in_table = text.lstrip().startswith("|")
    closing = "" if text[col - 1 :].startswith("]]") else "]]"
    replace = lsp.Range(where.to_client(line, opening + 3), where.to_client(line, col))
    want = typed.casefold()
    items: list[lsp.CompletionItem] = []
    stems = {Path(rel).stem.casefold() for _, rel in ls.index.names()}
    for name, rel in ls.index.names():
        if want and want not in name.casefold():
            continue
        stem = Path(rel).stem
        if name == stem:
            insert, detail = name, rel
        else:  # an alias: link the note, show the alias, as Obsidian does
            pipe = "\\|" if in_table else "|"
            insert = f"{stem}{pipe}{name}"
            detail = f"alias of {stem} ({rel})"
            if name.casefold() in stems:
                continue
        items.append(
            lsp.CompletionItem(
                label=name,
                kind=lsp.CompletionItemKind.File,
                detail=detail,
                text_edit=lsp.TextEdit(replace, insert + closing),
                filter_text=name,
            )
        )
        if len(items) >= 200:
            break
    return lsp.CompletionList(is_incomplete=len(items) >= 200, items=items)


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
    if link.target:
        hits = ls.index.resolve(link.target, rel_of(ls, uri))
        if not hits:
            return None
        target = ls.vault / hits[0]
        target_uri = target.as_uri()
    else:
        target, target_uri = Path(), uri
    line = 0
    if link.anchor and (link.target == "" or target.suffix.lower() == ".md"):
        line = _anchor_line(ls, target_uri, target, link.anchor)
    return lsp.Location(target_uri, lsp.Range(lsp.Position(line, 0), lsp.Position(line, 0)))


def _anchor_line(ls: ScaffoldServer, uri: str, path: Path, anchor: str) -> int:
    """The 0-based line of a heading or block id in the target note (0 when not found)."""
    try:
        if uri in ls.open:
            text = ls.workspace.get_text_document(uri).source
        else:
            # The guarded reader: a FIFO or a link to /dev/zero cannot hang or flood us.
            text = read_bytes(path).decode("utf-8")
    except (ScaffoldError, UnicodeDecodeError):
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
