"""The language server: ``scaffold check``'s rules as diagnostics, addresses as hovers, the
vault's notes as ``[[`` completions and link targets, rule fixes as code actions, and a
command that runs ``set`` at the cursor.

This module registers the features; :mod:`scaffold.lsp.workspace` holds the server's state
(the vault, its link index, the open documents), :mod:`scaffold.lsp.navigation` completion and
go-to-definition, :mod:`scaffold.lsp.convert` the mapping of diagnostics and edits to LSP
types. ``scaffold/lsp/`` is the only package that imports pygls and lsprotocol, and only
``scaffold lsp`` imports it. The work is done by the layers below (:mod:`scaffold.check`,
:mod:`scaffold.note.addressing.locate`, :mod:`scaffold.api`). Positions are in the encoding
negotiated with the client (UTF-8, UTF-16 or UTF-32), converted by pygls's codec
(:mod:`scaffold.lsp.positions`).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp

from scaffold.check.diagnostic import edit_between
from scaffold.errors import ScaffoldError
from scaffold.lsp import navigation, vaultsync
from scaffold.lsp.convert import overlaps, to_lsp
from scaffold.lsp.workspace import ScaffoldServer, path_of
from scaffold.note.addressing.locate import place_at
from scaffold.note.wikilinks import link_at

SET_COMMAND = "scaffold.set"
"""``[uri, {"line", "character"}, value]``: set the value at that position (a
``workspace/applyEdit`` to the client); returns ``{"address", "applied"}``."""
WHERE_COMMAND = "scaffold.where"
"""``[uri, {"line", "character"}]``: the address and value there, or null."""

log = logging.getLogger(__name__)


def _show(value: Any) -> str:
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return f"a table of {len(value)} rows"
    from scaffold.note.yaml.frontmatter import scalar_text

    return scalar_text(value)


def build(vault: Path | None) -> ScaffoldServer:
    """The server with every feature registered."""
    server = ScaffoldServer(vault)
    scan = vaultsync.Rescan()

    def learned(ls: ScaffoldServer, uri: str) -> bool:
        """The client opened, saved or closed ``uri``: what it says of the vault's files (a
        client without a file watcher tells the server nothing else)."""
        learnt = vaultsync.learn(ls, uri)
        return vaultsync.rescan(ls, scan) or learnt

    @server.feature(lsp.INITIALIZED)
    def initialized(ls: ScaffoldServer, params: lsp.InitializedParams) -> None:
        root = None
        folders = ls.workspace.folders
        if folders:
            root = path_of(next(iter(folders.values())).uri)
        elif ls.workspace.root_uri:
            root = path_of(ls.workspace.root_uri)
        ls.start(root)
        caps = ls.client_capabilities.workspace
        watch = caps.did_change_watched_files if caps else None
        if watch is not None and watch.dynamic_registration:
            ls.client_register_capability(
                lsp.RegistrationParams(
                    registrations=[
                        lsp.Registration(
                            id="scaffold-watch",
                            method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                            register_options=lsp.DidChangeWatchedFilesRegistrationOptions(
                                watchers=[lsp.FileSystemWatcher(glob_pattern="**/*")]
                            ),
                        )
                    ]
                )
            )

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ScaffoldServer, params: lsp.DidOpenTextDocumentParams) -> None:
        if learned(ls, params.text_document.uri):
            ls.recheck_open()
        ls.check(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ScaffoldServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.check(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: ScaffoldServer, params: lsp.DidSaveTextDocumentParams) -> None:
        learned(ls, params.text_document.uri)
        ls.check(params.text_document.uri)
        ls.recheck_open()  # other notes may link to what changed

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ScaffoldServer, params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.open.pop(uri, None)
        path = path_of(uri)
        if path is not None and ls.index is not None and (rel := ls.rel(path)):
            ls.index.anchors.pop(rel, None)  # the file on disk is the truth again
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri, []))
        if learned(ls, uri):
            ls.recheck_open()

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: ScaffoldServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        for change in params.changes:
            ls.file_changed(change.uri, change.type)
        ls.recheck_open()

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: ScaffoldServer, params: lsp.HoverParams) -> lsp.Hover | None:
        try:
            note, where = ls.note(params.text_document.uri)
        except ScaffoldError:
            return None
        line, col = where.from_client(params.position)
        link = link_at(note, where.offset(params.position))
        if link is not None and ls.index is not None:
            hits = ls.index.resolve(link.target, navigation.rel_of(ls, params.text_document.uri))
            shown = ", ".join(hits) if hits else "no such note in the vault"
            return lsp.Hover(
                lsp.MarkupContent(lsp.MarkupKind.Markdown, f"[[{link.target}]] → `{shown}`"),
                where.range(link.start, link.end),
            )
        place = place_at(note, line, col)
        if place is None:
            return None
        if place.address is None:
            text = f"*{place.kind}* — no address: {place.reason}"
        else:
            text = f"`{place.address}`\n\n{_show(place.value)}"
        return lsp.Hover(
            lsp.MarkupContent(lsp.MarkupKind.Markdown, text),
            where.range(place.start, place.end),
        )

    @server.feature(lsp.TEXT_DOCUMENT_INLAY_HINT)
    def inlay_hints(ls: ScaffoldServer, params: lsp.InlayHintParams) -> list[lsp.InlayHint] | None:
        """The age of each metric whose field has a ``max_age``: ``Apr 2025 · 9 mo``."""
        from scaffold.api import metric_hints

        path = path_of(params.text_document.uri)
        if ls.vault is None or path is None:
            return None
        try:
            note, where = ls.note(params.text_document.uri)
        except ScaffoldError:
            return None
        hints = []
        for start, end, label in metric_hints(ls.vault, note, path.stem):
            at = where.range(start, end).end
            if params.range.start.line <= at.line <= params.range.end.line:
                hints.append(lsp.InlayHint(at, label, padding_left=True))
        return hints

    @server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=["["]))
    def complete(ls: ScaffoldServer, params: lsp.CompletionParams) -> lsp.CompletionList | None:
        return navigation.completions(ls, params)

    @server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: ScaffoldServer, params: lsp.DefinitionParams) -> lsp.Location | None:
        return navigation.definition(ls, params)

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(
            code_action_kinds=[lsp.CodeActionKind.QuickFix, lsp.CodeActionKind.RefactorRewrite]
        ),
    )
    def code_action(
        ls: ScaffoldServer, params: lsp.CodeActionParams
    ) -> list[lsp.CodeAction] | None:
        uri = params.text_document.uri
        state = ls.open.get(uri)
        if state is None:
            return None
        where = ls.positions(uri)
        actions: list[lsp.CodeAction] = []
        for d in state.diagnostics:
            if not d.fixes or not overlaps(d, where, params.range):
                continue
            for fix in d.fixes:
                edits = [lsp.TextEdit(where.range(e.start, e.end), e.new) for e in fix.edits]
                actions.append(
                    lsp.CodeAction(
                        title=fix.title,
                        kind=lsp.CodeActionKind.QuickFix,
                        diagnostics=[to_lsp(d, where)],
                        edit=lsp.WorkspaceEdit(changes={uri: edits}),
                    )
                )
        actions.extend(_refresh_views(ls, uri, params.range))
        from scaffold.lsp.linkfixes import did_you_mean

        actions.extend(did_you_mean(ls, params))  # L001: the nearest name
        return actions

    @server.command(WHERE_COMMAND)
    @vaultsync.clean_errors
    def where(ls: ScaffoldServer, *args: Any) -> dict[str, Any] | None:
        uri, position = _cursor(args)
        note, where = ls.note(uri)
        place = place_at(note, *where.from_client(position))
        if place is None:
            return None
        return {"address": place.address, "value": _show(place.value), "kind": place.kind}

    @server.command(SET_COMMAND)
    @vaultsync.clean_errors
    def set_value(ls: ScaffoldServer, *args: Any) -> dict[str, Any]:
        uri, position = _cursor(args)
        if len(args) < 3 or not isinstance(args[2], str):
            raise ValueError("scaffold.set takes [uri, position, value]")
        note, where = ls.note(uri)
        place = place_at(note, *where.from_client(position))
        if place is None or place.address is None:
            reason = place.reason if place is not None else "nothing addressable here"
            raise ValueError(f"no address at the cursor: {reason}")
        new = note.set(place.address, args[2])
        if new.text == note.text:
            return {"address": place.address, "applied": False}
        edit = edit_between(note.text, new.text)
        text_edit = lsp.TextEdit(where.range(edit.start, edit.end), edit.new)
        ls.workspace_apply_edit(
            lsp.ApplyWorkspaceEditParams(
                lsp.WorkspaceEdit(changes={uri: [text_edit]}), label=f"set {place.address}"
            )
        )
        return {"address": place.address, "applied": True}

    from scaffold.lsp import refactoring, symbols

    refactoring.register(server)  # rename, willRenameFiles, references
    symbols.register(server)  # document and workspace symbols
    return server


def _refresh_views(ls: ScaffoldServer, uri: str, span: lsp.Range) -> list[lsp.CodeAction]:
    """Offer "Refresh this view" on each out-of-date view region the range touches: the region's
    content rendered over the vault (this note read from the buffer), as an edit."""
    path = path_of(uri)
    if ls.vault is None or path is None:
        return []
    try:
        note, where = ls.note(uri)
    except ScaffoldError:
        return []
    if "scaffold:view" not in note.text:
        return []  # the cheap test: most notes hold no view
    from scaffold.api import refreshes, relative_to_vault

    first, last = span.start.line + 1, span.end.line + 1  # 1-based, like the regions
    actions = []
    for refresh in refreshes(ls.vault, note, relative_to_vault(path, ls.vault)):
        if last < refresh.line or first > refresh.end_line:
            continue
        edit = lsp.TextEdit(where.range(refresh.start, refresh.end), refresh.new)
        actions.append(
            lsp.CodeAction(
                title="Refresh this view",
                kind=lsp.CodeActionKind.RefactorRewrite,
                edit=lsp.WorkspaceEdit(changes={uri: [edit]}),
            )
        )
    return actions


def _cursor(args: tuple[Any, ...]) -> tuple[str, lsp.Position]:
    """A command's ``[uri, {line, character}, ...]``, the position in the client's units."""
    if len(args) < 2 or not isinstance(args[0], str) or not isinstance(args[1], dict):
        raise ValueError("expected [uri, {line, character}, ...]")
    try:
        position = lsp.Position(int(args[1]["line"]), int(args[1]["character"]))
    except (KeyError, TypeError, ValueError):
        raise ValueError("expected [uri, {line, character}, ...]") from None
    return args[0], position


def serve(vault: Path | None) -> int:
    """Run the server over stdin/stdout until the client exits."""
    logging.basicConfig(level=logging.WARNING)
    server = build(vault)
    from scaffold.lsp.indexing import warm_up

    warm_up(server)  # before the client's initialize is read: its first check is then quick
    server.start_io()
    return 0
