"""pygls's own LanguageClient driving a ``scaffold lsp`` subprocess, for the tests that need
the client to negotiate an encoding or to watch the server's memory."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

TIMEOUT = 30.0


class Session:
    """One server and a client that offered ``encoding`` alone."""

    def __init__(self, client: LanguageClient, vault: Path, encoding: str) -> None:
        self.client = client
        self.vault = vault
        self.encoding = encoding
        self.diagnostics: dict[str, asyncio.Queue[list[lsp.Diagnostic]]] = {}
        self.applied: list[lsp.ApplyWorkspaceEditParams] = []
        self.peak_rss: int | None = None
        """The server's peak resident memory in bytes, read before it exits (Linux only)."""

    def queue(self, uri: str) -> asyncio.Queue[list[lsp.Diagnostic]]:
        return self.diagnostics.setdefault(uri, asyncio.Queue())

    async def open(
        self, name: str, text: str, timeout: float = TIMEOUT
    ) -> tuple[str, list[lsp.Diagnostic]]:
        uri = (self.vault / name).as_uri()
        self.client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri, "markdown", 1, text))
        )
        found = await asyncio.wait_for(self.queue(uri).get(), timeout)
        return uri, found

    def server_pid(self) -> int | None:
        server = getattr(self.client, "_server", None)
        return server.pid if server is not None else None


def peak_rss(pid: int) -> int | None:
    """A live process's peak resident set (``VmHWM``), in bytes; None off Linux."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return None


def run(
    vault: Path,
    encoding: str,
    body: Callable[[Session], Awaitable[None]],
    *,
    timeout: float = TIMEOUT,
) -> Session:
    """Start the server in ``vault``, initialize it with a client that offers ``encoding``,
    run ``body``, read the server's peak memory, and shut it down."""
    session: Session | None = None

    async def main() -> None:
        nonlocal session
        client = LanguageClient("scaffold-test", "1")
        session = Session(client, vault, encoding)

        @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: lsp.PublishDiagnosticsParams) -> None:
            assert session is not None
            session.queue(params.uri).put_nowait(list(params.diagnostics))

        @client.feature(lsp.WORKSPACE_APPLY_EDIT)
        def apply_edit(params: lsp.ApplyWorkspaceEditParams) -> lsp.ApplyWorkspaceEditResult:
            assert session is not None
            session.applied.append(params)
            return lsp.ApplyWorkspaceEditResult(applied=True)

        await client.start_io(sys.executable, "-m", "scaffold", "lsp", cwd=str(vault))
        try:
            result = await asyncio.wait_for(
                client.initialize_async(
                    lsp.InitializeParams(
                        capabilities=lsp.ClientCapabilities(
                            general=lsp.GeneralClientCapabilities(position_encodings=[encoding]),
                            workspace=lsp.WorkspaceClientCapabilities(apply_edit=True),
                        ),
                        root_uri=vault.as_uri(),
                        workspace_folders=[lsp.WorkspaceFolder(vault.as_uri(), "vault")],
                    )
                ),
                timeout,
            )
            assert result.capabilities.position_encoding == encoding
            client.initialized(lsp.InitializedParams())
            await body(session)
            pid = session.server_pid()
            if pid is not None:
                session.peak_rss = peak_rss(pid)
        finally:
            try:
                await asyncio.wait_for(client.shutdown_async(None), timeout)
                client.exit(None)
                await asyncio.wait_for(client.stop(), timeout)
            finally:
                server = getattr(client, "_server", None)
                if server is not None and server.returncode is None:
                    server.kill()  # a server that hung: never leave it behind
                    await server.wait()

    asyncio.run(main())
    assert session is not None
    return session
