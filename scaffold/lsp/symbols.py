"""Symbols: ``textDocument/documentSymbol`` from ``outline`` (frontmatter keys, sections, the
rows of their tables, each named as ``scaffold get`` takes it), and ``workspace/symbol``: the
vault's notes as entities, by type."""

from __future__ import annotations

import posixpath
from bisect import bisect_right
from typing import cast

from lsprotocol import types as lsp

from scaffold import api
from scaffold.errors import ScaffoldError
from scaffold.lsp.workspace import ScaffoldServer

_TOP = lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0))
LIMIT = 500
"""Workspace symbols in one answer."""


def _show(value: object) -> str:
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return f"{len(value)} rows"
    if isinstance(value, list | dict):
        return ""
    return " ".join(api.scalar_text(value).split())[:80]


def document_symbols(
    ls: ScaffoldServer, params: lsp.DocumentSymbolParams
) -> list[lsp.DocumentSymbol] | None:
    """The frontmatter's keys (their items inside), then the headings, nested by level, each
    holding the rows of its tables (named by row key, the value as detail)."""
    try:
        note, where = ls.note(params.text_document.uri)
        places = api.places(note)
    except ScaffoldError:
        return None
    end_of_note = where.offset_to_client(len(note.text))
    top: list[lsp.DocumentSymbol] = []
    keys: dict[str, lsp.DocumentSymbol] = {}
    for place in places:
        if place.kind != "frontmatter" or place.address is None:
            continue
        span = where.range(place.start, place.end)
        parent, _, child = place.address.rpartition(".")
        symbol = lsp.DocumentSymbol(
            name=child if parent in keys else place.address,
            kind=lsp.SymbolKind.Property,
            range=span,
            selection_range=span,
            detail=_show(place.value),
            children=[],
        )
        holder = keys.get(parent)
        if holder is not None:
            _kids(holder).append(symbol)
        else:
            top.append(symbol)
        keys[place.address] = symbol
    # Headings, nested by level: each one's range runs to the next heading of its level or
    # higher (or the end of the note).
    stack: list[tuple[int, lsp.DocumentSymbol]] = []
    heads: list[tuple[int, lsp.DocumentSymbol]] = []  # (offset of the title, symbol)
    for heading in note.body.headings:
        line_start = where.to_client(heading.line, 1)
        while stack and stack[-1][0] >= heading.level:
            _, done = stack.pop()
            done.range = lsp.Range(done.range.start, line_start)
        symbol = lsp.DocumentSymbol(
            name=heading.name or heading.raw or "(untitled)",
            kind=lsp.SymbolKind.Namespace,
            range=lsp.Range(line_start, end_of_note),
            selection_range=where.range(heading.start, heading.end),
            detail="#" * heading.level,
            children=[],
        )
        (_kids(stack[-1][1]) if stack else top).append(symbol)
        stack.append((heading.level, symbol))
        heads.append((heading.start, symbol))
    starts = [offset for offset, _ in heads]
    for place in places:
        if place.kind != "cell" or place.address is None:
            continue
        at = bisect_right(starts, place.start) - 1
        if at < 0:
            continue
        section = heads[at][1]
        row = place.address.rsplit(" > ", 1)[-1] if " > " in place.address else place.address
        if place.address.count(" > ") != 1:
            continue  # a cell beside the row's value: the row names it
        span = where.range(place.start, place.end)
        _kids(section).append(
            lsp.DocumentSymbol(
                name=row,
                kind=lsp.SymbolKind.Field,
                range=span,
                selection_range=span,
                detail=_show(place.value),
            )
        )
    return top


def _kids(symbol: lsp.DocumentSymbol) -> list[lsp.DocumentSymbol]:
    return cast(list[lsp.DocumentSymbol], symbol.children)


def workspace_symbols(
    ls: ScaffoldServer, params: lsp.WorkspaceSymbolParams
) -> list[lsp.WorkspaceSymbol] | None:
    """Notes whose name or type holds the query, each with its type as container."""
    if ls.vault is None or ls.index is None:
        return None
    want = params.query.casefold().strip()
    notes = sorted(ls.index.by_stem_paths(), key=str.casefold)
    if want:
        typed = api.note_types(ls.vault, notes)
        chosen = [
            rel
            for rel in notes
            if want in posixpath.basename(rel).casefold()
            or want in (typed.get(rel) or "").casefold()
        ]
    else:
        chosen = notes
    chosen = chosen[:LIMIT]
    types = api.note_types(ls.vault, chosen)
    out = []
    for rel in chosen:
        kind = types.get(rel)
        out.append(
            lsp.WorkspaceSymbol(
                name=posixpath.basename(rel)[:-3],
                kind=lsp.SymbolKind.Class if kind else lsp.SymbolKind.File,
                location=lsp.Location((ls.vault / rel).as_uri(), _TOP),
                container_name=kind or "",
            )
        )
    out.sort(key=lambda s: (s.container_name == "", s.container_name or "", s.name.casefold()))
    return out


def register(server: ScaffoldServer) -> None:
    """Add document and workspace symbols to ``server``."""

    @server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def _document(
        ls: ScaffoldServer, params: lsp.DocumentSymbolParams
    ) -> list[lsp.DocumentSymbol] | None:
        return document_symbols(ls, params)

    @server.feature(lsp.WORKSPACE_SYMBOL)
    def _workspace(
        ls: ScaffoldServer, params: lsp.WorkspaceSymbolParams
    ) -> list[lsp.WorkspaceSymbol] | None:
        return workspace_symbols(ls, params)
