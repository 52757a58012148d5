"""The language server's state: the vault it serves, its link index and the open documents,
kept current on file events and checked on every change."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from lsprotocol import types as lsp
from pygls import uris
from pygls.lsp.server import LanguageServer
from pygls.workspace import TextDocument

from scaffold._version import __version__
from scaffold.api import Note, loads
from scaffold.check.config import load_config
from scaffold.check.diagnostic import Diagnostic
from scaffold.check.linkindex import LinkIndex
from scaffold.check.runner import Checker
from scaffold.errors import NoteFileError, ScaffoldError
from scaffold.lsp.convert import to_lsp
from scaffold.lsp.indexing import HELD_BACK, Pending, finish_later, names_first
from scaffold.lsp.positions import Positions
from scaffold.text import BOM, decode
from scaffold.vault.files import read_bytes
from scaffold.vault.index import find_vault


def path_of(uri: str) -> Path | None:
    """The file a ``file:`` URI names (pygls's reading of it), or None for other schemes."""
    if uris.uri_scheme(uri) != "file":
        return None
    path = uris.to_fs_path(uri)
    return Path(path) if path else None


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
        self.pending: Pending | None = None
        """The notes whose aliases are still being read (:mod:`scaffold.lsp.indexing`)."""

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
        self.index, self.pending = names_first(self.checker)
        if self.pending is not None:
            finish_later(self, self.pending, self.recheck_open)

    def rel(self, path: Path) -> str | None:
        from scaffold.vault.files import relative_to_vault

        return relative_to_vault(path, self.vault)

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
            data = read_bytes(path)  # regular files only, size-capped: a FIFO cannot hang us
        except ScaffoldError:
            return
        result = self.checker.analyse(data, path=str(path), rel=rel)
        self.index.set_aliases(rel, result.aliases)

    # -- diagnostics ----------------------------------------------------------------------------

    def check(self, uri: str) -> None:
        """Check an open document and publish what was found."""
        doc = self.document(uri)
        path = path_of(uri)
        rel = self.rel(path) if path is not None else None
        shown = str(path) if path is not None else uri
        if self.pending is not None and rel is not None:
            self.pending.from_buffers.add(rel)
        found = self.checker.check_text(
            doc.source, path=shown, rel=rel, index=self.index if rel is not None else None
        )
        if self.pending is not None:  # a name no file has may still be an alias
            found = [d for d in found if d.code != HELD_BACK]
        self.open[uri] = _Open(doc.version, found)
        where = self.positions(uri)
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(
                uri=uri,
                version=doc.version,
                diagnostics=[to_lsp(d, where) for d in found],
            )
        )

    def recheck_open(self) -> None:
        for uri in list(self.open):
            self.check(uri)

    # -- documents ------------------------------------------------------------------------------

    def document(self, uri: str) -> TextDocument:
        """The open document at ``uri``, or else the note on disk, read through the guarded
        reader: regular files only, size-capped. (pygls's own fallback reads the file with a
        plain ``open``, which blocks forever on a FIFO and fills memory from ``/dev/zero``.)
        Raises :class:`~scaffold.errors.NoteFileError` when there is no readable note there."""
        doc: TextDocument | None = self.workspace.text_documents.get(unquote(uri))
        if doc is not None:
            return doc
        path = path_of(uri)
        if path is None:
            raise NoteFileError("not a file on this machine", path=uri)
        text, bom = decode(read_bytes(path), path)
        return TextDocument(
            uri, (BOM if bom else "") + text, position_codec=self.workspace.position_codec
        )

    def positions(self, uri: str) -> Positions:
        """The document's positions, in the encoding negotiated with the client."""
        doc = self.document(uri)
        return Positions(doc.source, doc.position_codec)

    def note(self, uri: str) -> tuple[Note, Positions]:
        doc = self.document(uri)
        path = path_of(uri)
        note = loads(doc.source, path=str(path) if path else uri)
        return note, Positions(doc.source, doc.position_codec)
