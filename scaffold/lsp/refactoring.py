"""Rename and references: ``textDocument/prepareRename`` and ``rename`` on a link (the note
it leads to is renamed, as ``scaffold mv`` does), on a heading (``[[Note#Heading]]`` links
follow) or on an alias, ``workspace/willRenameFiles`` (the links to a note the editor renames
are rewritten), and ``textDocument/references`` (backlinks, grouped by the relation they
state).

Only translation happens here: the plans are :mod:`scaffold.api`'s ``plan_move``,
``plan_heading_rename`` and ``plan_alias_rename``, and each plan's spans become a
``WorkspaceEdit`` in the client's negotiated position encoding. Plans read the notes on disk;
a rename that would edit an open buffer with unsaved changes is refused (save first), since
its spans would not match what the editor holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException

from scaffold import api
from scaffold.errors import ScaffoldError
from scaffold.lsp.positions import Positions
from scaffold.lsp.workspace import ScaffoldServer, path_of
from scaffold.note.wikilinks import anchor_key, link_at
from scaffold.text import BOM, decode

REFERENCES_COMMAND = "scaffold.references"
"""``[uri, {"line", "character"}]``: the backlinks at the cursor grouped by relation:
``{"groups": [{"relation": str | null, "locations": [Location, ...]}]}``."""


class RequestFailed(JsonRpcException):
    """LSP's RequestFailed (-32803): the request was valid, and refused (with why)."""

    CODE = -32803


def _failed(exc: ScaffoldError) -> RequestFailed:
    text = exc.message + (f" ({exc.hint})" if exc.hint else "")
    return RequestFailed(message=f"scaffold: {text}")


@dataclass(frozen=True, slots=True)
class _Target:
    """What a rename at the cursor renames."""

    kind: str
    """``"note"``, ``"heading"`` or ``"alias"``."""
    path: Path
    """The note renamed, or that holds the heading or alias."""
    start: int
    """Span in the open document that the client shows as being renamed."""
    end: int
    placeholder: str
    line: int = 0
    """The heading's 1-based line in ``path``."""


def _target(ls: ScaffoldServer, uri: str, position: lsp.Position) -> _Target | None:
    if ls.vault is None or ls.index is None:
        return None
    here = path_of(uri)
    if here is None:
        return None
    try:
        note, where = ls.note(uri)
    except ScaffoldError:
        return None
    offset = where.offset(position)
    rel = ls.rel(here)
    link = link_at(note, offset)
    if link is not None:
        if link.target:
            hit, named = api.link_leads_to(ls.index, link, rel or "")
            if hit is None or not hit.casefold().endswith(".md"):
                return None
            path = ls.vault / hit
        else:
            path, named = here, True
        if link.anchor and not link.anchor.startswith("^") and offset > link.target_end:
            return _heading_in(ls, path, link, note.text)
        if not link.target:
            return None
        if named:
            stem = path.name[:-3]
            return _Target("note", path, link.target_start, link.target_end, stem)
        return _Target("alias", path, link.target_start, link.target_end, link.target)
    line, _ = where.from_client(position)
    for heading in note.body.headings:
        if heading.line == line:
            return _Target("heading", here, heading.start, heading.end, heading.raw, line)
    alias = api.alias_at(note, offset)
    if alias is not None:
        text, start, end = alias
        return _Target("alias", here, start, end, text)
    return None


def _heading_in(ls: ScaffoldServer, path: Path, link: Any, text: str) -> _Target | None:
    """The heading of ``path`` a link's ``#Heading`` names."""
    try:
        target = api.loads(ls.document(path.as_uri()).source, path=path)
    except ScaffoldError:
        return None
    want = anchor_key(link.anchor.rsplit("#", 1)[-1])
    heading = next((h for h in target.body.headings if anchor_key(h.raw) == want), None)
    if heading is None:
        return None
    close = text.rfind("]]", link.start, link.end)
    bar = text.find("|", link.target_end, close)
    end = bar if bar >= 0 else close
    if text[end - 1] == "\\":
        end -= 1
    start = text.rfind("#", link.target_start, end) + 1
    return _Target("heading", path, start, end, heading.raw, heading.line)


def prepare_rename(
    ls: ScaffoldServer, params: lsp.PrepareRenameParams
) -> lsp.PrepareRenamePlaceholder | None:
    found = _target(ls, params.text_document.uri, params.position)
    if found is None:
        return None
    where = ls.positions(params.text_document.uri)
    return lsp.PrepareRenamePlaceholder(where.range(found.start, found.end), found.placeholder)


def rename(ls: ScaffoldServer, params: lsp.RenameParams) -> lsp.WorkspaceEdit | None:
    found = _target(ls, params.text_document.uri, params.position)
    if found is None or ls.vault is None:
        return None
    try:
        if found.kind == "note":
            plan = api.plan_move(ls.vault, found.path, params.new_name, cwd=found.path.parent)
            return _move_edit(ls, plan, rename_file=True)
        if found.kind == "heading":
            rplan = api.plan_heading_rename(ls.vault, found.path, found.line, params.new_name)
        else:
            rplan = api.plan_alias_rename(ls.vault, found.path, found.placeholder, params.new_name)
        return _edit(ls, [(ls.vault / n.path, n.before, n.spans) for n in rplan.notes])
    except ScaffoldError as exc:
        raise _failed(exc) from None


def will_rename_files(
    ls: ScaffoldServer, params: lsp.RenameFilesParams
) -> lsp.WorkspaceEdit | None:
    """The links to each note the editor is about to rename, rewritten (the editor renames
    the files itself)."""
    if ls.vault is None:
        return None
    changes: list[tuple[Path, bytes, tuple[api.Span, ...]]] = []
    for item in params.files:
        old, new = path_of(item.old_uri), path_of(item.new_uri)
        if old is None or new is None or not old.name.casefold().endswith(".md"):
            continue
        rel_old, rel_new = ls.rel(old), ls.rel(new)
        if rel_old is None or rel_new is None:
            continue
        try:
            plan = api.plan_move(ls.vault, old, "./" + rel_new, cwd=ls.vault)
        except ScaffoldError as exc:
            raise _failed(exc) from None
        for n in api.move_edits(plan):
            at = old if n.path == plan.new else ls.vault / n.path
            changes.append((at, n.before, n.spans))
    return _edit(ls, changes) if changes else None


def _move_edit(ls: ScaffoldServer, plan: api.MovePlan, *, rename_file: bool) -> lsp.WorkspaceEdit:
    assert ls.vault is not None
    old, new = ls.vault / plan.old, ls.vault / plan.new
    own: list[tuple[Path, bytes, tuple[api.Span, ...]]] = []
    others: list[tuple[Path, bytes, tuple[api.Span, ...]]] = []
    for n in api.move_edits(plan):
        if n.path == plan.new:
            own.append((old, n.before, n.spans))
        else:
            others.append((ls.vault / n.path, n.before, n.spans))
    first = _edit(ls, own).document_changes or []
    rest = _edit(ls, others).document_changes or []
    middle: list[Any] = [lsp.RenameFile(old.as_uri(), new.as_uri())] if rename_file else []
    return lsp.WorkspaceEdit(document_changes=[*first, *middle, *rest])


def _edit(
    ls: ScaffoldServer, notes: list[tuple[Path, bytes, tuple[api.Span, ...]]]
) -> lsp.WorkspaceEdit:
    """Each note's spans as a ``TextDocumentEdit``, in the client's units; refused when an
    open buffer of one of them differs from the file the plan read."""
    out: list[Any] = []
    for path, before, spans in notes:
        uri = path.as_uri()
        text, bom = decode(before, path)
        source = (BOM if bom else "") + text
        doc = ls.workspace.text_documents.get(uri)
        version = None
        if doc is not None:
            if doc.source != source:
                raise RequestFailed(
                    message=f"scaffold: {path.name} has unsaved changes; save it, then rename"
                )
            version = doc.version
        where = Positions(source, ls.workspace.position_codec)
        edits: list[lsp.TextEdit | lsp.AnnotatedTextEdit] = [
            lsp.TextEdit(where.range(s.start, s.end), s.new) for s in spans
        ]
        out.append(
            lsp.TextDocumentEdit(lsp.OptionalVersionedTextDocumentIdentifier(uri, version), edits)
        )
    return lsp.WorkspaceEdit(document_changes=out)


# -- references -------------------------------------------------------------------------------


def _backlinks(ls: ScaffoldServer, uri: str, position: lsp.Position) -> list[api.Backlink]:
    here = path_of(uri)
    if ls.vault is None or here is None or ls.rel(here) is None:
        return []
    found = _target(ls, uri, position)
    try:
        if found is None or found.kind == "alias":
            path = found.path if found is not None else here
            return api.backlinks(ls.vault, path)
        if found.kind == "heading":
            return api.backlinks(ls.vault, found.path, heading=found.placeholder)
        return api.backlinks(ls.vault, found.path)
    except ScaffoldError as exc:
        raise _failed(exc) from None


def _location(ls: ScaffoldServer, link: api.Backlink) -> lsp.Location:
    assert ls.vault is not None
    path = ls.vault / link.source
    where = Positions((BOM if link.bom else "") + link.text, ls.workspace.position_codec)
    return lsp.Location(path.as_uri(), where.range(link.start, link.end))


def references(ls: ScaffoldServer, params: lsp.ReferenceParams) -> list[lsp.Location] | None:
    """Backlinks of what is at the cursor (a link's note or heading, a heading, else the
    note itself), those in a Related list or a bound place first, by relation."""
    return [_location(ls, b) for b in _backlinks(ls, params.text_document.uri, params.position)]


def grouped_references(ls: ScaffoldServer, uri: str, position: lsp.Position) -> dict[str, Any]:
    groups: list[dict[str, Any]] = []
    for link in _backlinks(ls, uri, position):
        if not groups or groups[-1]["relation"] != link.relation:
            groups.append({"relation": link.relation, "locations": []})
        location = _location(ls, link)
        groups[-1]["locations"].append(
            {
                "uri": location.uri,
                "range": {
                    "start": {
                        "line": location.range.start.line,
                        "character": location.range.start.character,
                    },
                    "end": {
                        "line": location.range.end.line,
                        "character": location.range.end.character,
                    },
                },
            }
        )
    return {"groups": groups}


def register(server: ScaffoldServer) -> None:
    """Add rename, willRenameFiles and references to ``server``."""

    @server.feature(lsp.TEXT_DOCUMENT_PREPARE_RENAME)
    def _prepare(
        ls: ScaffoldServer, params: lsp.PrepareRenameParams
    ) -> lsp.PrepareRenamePlaceholder | None:
        return prepare_rename(ls, params)

    @server.feature(lsp.TEXT_DOCUMENT_RENAME)  # prepareProvider: pygls, per the client
    def _rename(ls: ScaffoldServer, params: lsp.RenameParams) -> lsp.WorkspaceEdit | None:
        return rename(ls, params)

    @server.feature(
        lsp.WORKSPACE_WILL_RENAME_FILES,
        lsp.FileOperationRegistrationOptions(
            filters=[lsp.FileOperationFilter(lsp.FileOperationPattern(glob="**/*.md"))]
        ),
    )
    def _will_rename(ls: ScaffoldServer, params: lsp.RenameFilesParams) -> lsp.WorkspaceEdit | None:
        return will_rename_files(ls, params)

    @server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
    def _references(ls: ScaffoldServer, params: lsp.ReferenceParams) -> list[lsp.Location] | None:
        return references(ls, params)

    @server.command(REFERENCES_COMMAND)
    def _grouped(ls: ScaffoldServer, *args: Any) -> dict[str, Any]:
        if len(args) < 2 or not isinstance(args[0], str) or not isinstance(args[1], dict):
            raise ValueError("scaffold.references takes [uri, {line, character}]")
        position = lsp.Position(int(args[1]["line"]), int(args[1]["character"]))
        return grouped_references(ls, args[0], position)
