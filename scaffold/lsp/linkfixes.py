"""Quick fixes for a link that names no note (L001): "did you mean" the nearest note name or
alias, as ``check``'s hint says, applied to the link's target only (its ``#heading``, shown
text and a table cell's ``\\|`` stay)."""

from __future__ import annotations

import posixpath

from lsprotocol import types as lsp

from scaffold.check.rules.links import NO_NOTE, closest_name
from scaffold.errors import ScaffoldError
from scaffold.lsp.convert import overlaps, to_lsp
from scaffold.lsp.workspace import ScaffoldServer
from scaffold.note.wikilinks import link_at


def did_you_mean(ls: ScaffoldServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    uri = params.text_document.uri
    state = ls.open.get(uri)
    if state is None or ls.index is None:
        return []
    broken = [d for d in state.diagnostics if d.code == NO_NOTE]
    if not broken:
        return []
    try:
        note, where = ls.note(uri)
    except ScaffoldError:
        return []
    actions = []
    for d in broken:
        if not overlaps(d, where, params.range):
            continue
        link = link_at(note, d.start)
        if link is None or not link.target:
            continue
        name = closest_name(ls.index, posixpath.basename(link.target).casefold())
        if name is None:
            continue
        edit = lsp.TextEdit(where.range(link.target_start, link.target_end), name)
        actions.append(
            lsp.CodeAction(
                title=f"Change the link to [[{name}]]",
                kind=lsp.CodeActionKind.QuickFix,
                diagnostics=[to_lsp(d, where)],
                edit=lsp.WorkspaceEdit(changes={uri: [edit]}),
                is_preferred=True,
            )
        )
    return actions
