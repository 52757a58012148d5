"""The language server's state: the vault it serves, its link index and the open documents,
kept current on file events and checked on every change."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

from scaffold._version import __version__
from scaffold.api import Note, loads
from scaffold.check.config import load_config
from scaffold.check.diagnostic import Diagnostic, sort_key
from scaffold.check.linkindex import LinkIndex
from scaffold.check.runner import Checker
from scaffold.errors import ScaffoldError
from scaffold.lsp.convert import to_lsp
from scaffold.lsp.positions import Lines
from scaffold.vault.index import find_vault


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
