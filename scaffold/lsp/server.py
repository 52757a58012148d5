"""The language server: ``scaffold check``'s rules as diagnostics, addresses as hovers, the
vault's notes as ``[[`` completions and link targets, rule fixes as code actions, and a
command that runs ``set`` at the cursor.

The only module that imports pygls and lsprotocol, and only ``scaffold lsp`` imports it. The
work is done by the layers below (:mod:`scaffold.check`, :mod:`scaffold.note.locate`,
:mod:`scaffold.api`); this maps their values to LSP types, in UTF-16 positions
(:mod:`scaffold.lsp.positions`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

from scaffold._version import __version__
from scaffold.api import Note, loads
from scaffold.check.config import load_config
from scaffold.check.diagnostic import Diagnostic, Severity, edit_between, sort_key
from scaffold.check.linkindex import LinkIndex
from scaffold.check.runner import Checker
from scaffold.errors import ScaffoldError
from scaffold.lsp.positions import Lines
from scaffold.note.locate import place_at
from scaffold.note.wikilinks import anchor_key, link_at
from scaffold.vault.index import find_vault

SET_COMMAND = "scaffold.set"
"""``[uri, {"line", "character"}, value]``: set the value at that position (a
``workspace/applyEdit`` to the client); returns ``{"address", "applied"}``."""
WHERE_COMMAND = "scaffold.where"
"""``[uri, {"line", "character"}]``: the address and value there, or null."""

_SEVERITY = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.INFO: lsp.DiagnosticSeverity.Information,
}

log = logging.getLogger(__name__)


def path_of(uri: str) -> Path | None:
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    return Path(unquote(parsed.path))


@dataclass(slots=True)
class _Open:
    """What the server knows of one open document after its last check."""

    version: int | None
    diagnostics: list[Diagnostic] = field(default_factory=list)


class ScaffoldServer(LanguageServer):
    """pygls' server, with the vault it serves."""

    def __init__(self, vault: Path | None) -> None:
        super().__init__("scaffold", __version__)
        self.explicit_vault = vault
        self.vault: Path | None = None
        self.checker = Checker(None)
        self.index: LinkIndex | None = None
        self.open: dict[str, _Open] = {}

    # -- the vault ------------------------------------------------------------------------------

    def start(self, root: Path | None) -> None:
        """Find the vault from the workspace root and index it."""
        self.vault = find_vault(root or Path.cwd(), self.explicit_vault)
        try:
            config = load_config(self.vault)
        except ScaffoldError as exc:
            self.window_show_message(
                lsp.ShowMessageParams(lsp.MessageType.Error, f"scaffold: {exc}")
            )
            config = None
        self.checker = Checker(self.vault, config)
        self.index = self.checker.link_index()

    def rel(self, path: Path) -> str | None:
        if self.vault is None:
            return None
        try:
            return path.resolve().relative_to(self.vault.resolve()).as_posix()
        except ValueError:
            return None

    def file_changed(self, uri: str, kind: lsp.FileChangeType) -> None:
        """Keep the index current: a note created, changed or deleted on disk."""
        path = path_of(uri)
        if path is None or self.index is None:
            return
        rel = self.rel(path)
        if rel is None:
            return
        if kind == lsp.FileChangeType.Deleted:
            self.index.remove(rel)
            return
        self.index.add(rel)
        if not rel.lower().endswith(".md") or uri in self.open:
            return  # an open buffer is indexed from its text, not the file
        self.index.anchors.pop(rel, None)  # read again on next need
        try:
            result = self.checker.analyse(path.read_bytes(), path=str(path), rel=rel)
        except OSError:
            return
        self.index.set_aliases(rel, result.aliases)

    # -- diagnostics ----------------------------------------------------------------------------

    def check(self, uri: str) -> None:
        """Check an open document and publish what was found."""
        doc = self.workspace.get_text_document(uri)
        path = path_of(uri)
        rel = self.rel(path) if path is not None else None
        shown = str(path) if path is not None else uri
        result = self.checker.analyse(doc.source, path=shown, rel=rel)
        if self.index is not None and rel is not None:
            if result.anchors is not None:
                self.index.anchors[rel] = result.anchors
            self.index.set_aliases(rel, result.aliases)
        found = sorted(self.checker.finish(result, self.index), key=sort_key)
        self.open[uri] = _Open(doc.version, found)
        lines = Lines(doc.source)
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(
                uri=uri,
                version=doc.version,
                diagnostics=[to_lsp(d, lines) for d in found],
            )
        )

    def recheck_open(self) -> None:
        for uri in list(self.open):
            self.check(uri)

    def note(self, uri: str) -> tuple[Note, Lines]:
        doc = self.workspace.get_text_document(uri)
        path = path_of(uri)
        return loads(doc.source, path=str(path) if path else uri), Lines(doc.source)


def _range(lines: Lines, start: tuple[int, int], end: tuple[int, int]) -> lsp.Range:
    return lsp.Range(lsp.Position(*start), lsp.Position(*end))


def to_lsp(d: Diagnostic, lines: Lines) -> lsp.Diagnostic:
    """A scaffold diagnostic as LSP's, its columns in UTF-16 units."""
    return lsp.Diagnostic(
        range=_range(lines, lines.position(d.line, d.col), lines.position(d.end_line, d.end_col)),
        message=d.message + (f"\n{d.hint}" if d.hint else ""),
        severity=_SEVERITY[d.severity],
        code=d.code,
        source="scaffold",
    )


def _edit_range(lines: Lines, start: int, end: int) -> lsp.Range:
    return _range(lines, lines.offset_position(start), lines.offset_position(end))


def _overlaps(d: Diagnostic, lines: Lines, rng: lsp.Range) -> bool:
    first = lines.position(d.line, d.col)
    last = lines.position(d.end_line, d.end_col)
    lo = (rng.start.line, rng.start.character)
    hi = (rng.end.line, rng.end.character)
    return first <= hi and last >= lo


def _show(value: Any) -> str:
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return f"a table of {len(value)} rows"
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def build(vault: Path | None) -> ScaffoldServer:
    """The server with every feature registered."""
    server = ScaffoldServer(vault)

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
        ls.check(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ScaffoldServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.check(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: ScaffoldServer, params: lsp.DidSaveTextDocumentParams) -> None:
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

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: ScaffoldServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        for change in params.changes:
            ls.file_changed(change.uri, change.type)
        ls.recheck_open()

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: ScaffoldServer, params: lsp.HoverParams) -> lsp.Hover | None:
        try:
            note, lines = ls.note(params.text_document.uri)
        except ScaffoldError:
            return None
        line, col = lines.from_position(params.position.line, params.position.character)
        offset = lines.offset(params.position.line, params.position.character)
        link = link_at(note, offset)
        if link is not None and ls.index is not None:
            hits = ls.index.resolve(link.target, _rel_of(ls, params.text_document.uri))
            shown = ", ".join(hits) if hits else "no such note in the vault"
            return lsp.Hover(
                lsp.MarkupContent(lsp.MarkupKind.Markdown, f"[[{link.target}]] → `{shown}`"),
                _edit_range(lines, link.start, link.end),
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
            _edit_range(lines, place.start, place.end),
        )

    @server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=["["]))
    def complete(ls: ScaffoldServer, params: lsp.CompletionParams) -> lsp.CompletionList | None:
        return _completions(ls, params)

    @server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: ScaffoldServer, params: lsp.DefinitionParams) -> lsp.Location | None:
        return _definition(ls, params)

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]),
    )
    def code_action(
        ls: ScaffoldServer, params: lsp.CodeActionParams
    ) -> list[lsp.CodeAction] | None:
        uri = params.text_document.uri
        state = ls.open.get(uri)
        if state is None:
            return None
        lines = Lines(ls.workspace.get_text_document(uri).source)
        actions: list[lsp.CodeAction] = []
        for d in state.diagnostics:
            if not d.fixes or not _overlaps(d, lines, params.range):
                continue
            for fix in d.fixes:
                edits = [lsp.TextEdit(_edit_range(lines, e.start, e.end), e.new) for e in fix.edits]
                actions.append(
                    lsp.CodeAction(
                        title=fix.title,
                        kind=lsp.CodeActionKind.QuickFix,
                        diagnostics=[to_lsp(d, lines)],
                        edit=lsp.WorkspaceEdit(changes={uri: edits}),
                    )
                )
        return actions

    @server.command(WHERE_COMMAND)
    def where(ls: ScaffoldServer, *args: Any) -> dict[str, Any] | None:
        uri, position = _cursor(args)
        note, lines = ls.note(uri)
        place = place_at(note, *lines.from_position(position["line"], position["character"]))
        if place is None:
            return None
        return {"address": place.address, "value": _show(place.value), "kind": place.kind}

    @server.command(SET_COMMAND)
    def set_value(ls: ScaffoldServer, *args: Any) -> dict[str, Any]:
        uri, position = _cursor(args)
        if len(args) < 3 or not isinstance(args[2], str):
            raise ValueError("scaffold.set takes [uri, position, value]")
        note, lines = ls.note(uri)
        place = place_at(note, *lines.from_position(position["line"], position["character"]))
        if place is None or place.address is None:
            reason = place.reason if place is not None else "nothing addressable here"
            raise ValueError(f"no address at the cursor: {reason}")
        new = note.set(place.address, args[2])
        if new.text == note.text:
            return {"address": place.address, "applied": False}
        edit = edit_between(note.text, new.text)
        text_edit = lsp.TextEdit(_edit_range(lines, edit.start, edit.end), edit.new)
        ls.workspace_apply_edit(
            lsp.ApplyWorkspaceEditParams(
                lsp.WorkspaceEdit(changes={uri: [text_edit]}), label=f"set {place.address}"
            )
        )
        return {"address": place.address, "applied": True}

    return server


def _cursor(args: tuple[Any, ...]) -> tuple[str, dict[str, int]]:
    if len(args) < 2 or not isinstance(args[0], str) or not isinstance(args[1], dict):
        raise ValueError("expected [uri, {line, character}, ...]")
    return args[0], args[1]


def _rel_of(ls: ScaffoldServer, uri: str) -> str | None:
    path = path_of(uri)
    return ls.rel(path) if path is not None else None


def _completions(ls: ScaffoldServer, params: lsp.CompletionParams) -> lsp.CompletionList | None:
    if ls.index is None:
        return None
    uri = params.text_document.uri
    source = ls.workspace.get_text_document(uri).source
    lines = Lines(source)
    pos = params.position
    text = lines.line(pos.line)
    _, col = lines.from_position(pos.line, pos.character)
    before = text[: col - 1]
    opening = before.rfind("[[")
    if opening < 0 or "]]" in before[opening:]:
        return None
    typed = before[opening + 2 :]
    if "|" in typed or "#" in typed:
        return None  # an alias or a heading is being typed, not a note name
    in_table = text.lstrip().startswith("|")
    closing = "" if text[col - 1 :].startswith("]]") else "]]"
    start = lsp.Position(pos.line, lines.position(pos.line + 1, opening + 3)[1])
    replace = lsp.Range(start, pos)
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


def _definition(ls: ScaffoldServer, params: lsp.DefinitionParams) -> lsp.Location | None:
    if ls.index is None or ls.vault is None:
        return None
    uri = params.text_document.uri
    try:
        note, lines = ls.note(uri)
    except ScaffoldError:
        return None
    link = link_at(note, lines.offset(params.position.line, params.position.character))
    if link is None:
        return None
    if link.target:
        hits = ls.index.resolve(link.target, _rel_of(ls, uri))
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
            text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
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


def serve(vault: Path | None) -> int:
    """Run the server over stdin/stdout until the client exits."""
    logging.basicConfig(level=logging.WARNING)
    build(vault).start_io()
    return 0
