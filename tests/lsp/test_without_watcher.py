"""A client with no file watcher (Neovim on Linux offers no dynamic didChangeWatchedFiles):
the server still learns of notes made while it runs, from didOpen, didSave and didClose of a
vault path and from a cheap rescan of the vault's files. And command errors reach the client
as their message, not as a Python exception's name."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.lsp.client import LspClient

pytest.importorskip("pygls")


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    (root / ".obsidian").mkdir(parents=True)
    (root / "Meta.md").write_text("# Meta\n", encoding="utf-8")
    return root


@pytest.fixture
def client(vault: Path) -> Iterator[LspClient]:
    lsp = LspClient(vault)
    try:
        lsp.initialize(watch=False)
        yield lsp
    finally:
        lsp.close()


def _codes(params: dict[str, Any]) -> list[str]:
    return [d["code"] for d in params["diagnostics"]]


def _links(client: LspClient, vault: Path) -> str:
    uri = client.open(vault / "Links.md", "# Links\n\n[[Later]] [[Meta]]\n")
    assert _codes(client.wait_for("textDocument/publishDiagnostics", uri=uri)) == ["L001"]
    assert not any(r["method"] == "client/registerCapability" for r in client.server_requests)
    return uri


def test_a_note_opened_after_it_was_made_is_learnt(client: LspClient, vault: Path) -> None:
    links = _links(client, vault)
    later = vault / "Later.md"
    later.write_text("---\naliases: [Afterwards]\n---\n# Later\n", encoding="utf-8")
    client.open(later)
    assert _codes(client.wait_for("textDocument/publishDiagnostics", uri=links)) == []
    client.change(links, "# Links\n\n[[Afterwards]]\n", 2)  # its aliases were read too
    assert _codes(client.wait_for("textDocument/publishDiagnostics", uri=links, version=2)) == []


def test_a_new_buffer_written_to_disk_is_learnt_on_save(client: LspClient, vault: Path) -> None:
    links = _links(client, vault)
    later = vault / "Later.md"
    uri = client.open(later, "# Later\n")  # `:e Later.md`: no file yet
    assert _codes(client.wait_for("textDocument/publishDiagnostics", uri=uri)) == []
    later.write_text("# Later\n", encoding="utf-8")  # `:w`
    client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    assert _codes(client.wait_for("textDocument/publishDiagnostics", uri=links)) == []


def test_a_note_deleted_then_closed_is_forgotten(client: LspClient, vault: Path) -> None:
    later = vault / "Later.md"
    later.write_text("# Later\n", encoding="utf-8")
    time.sleep(0.3)  # the rescan on the next open finds it
    uri = client.open(vault / "Links.md", "# Links\n\n[[Later]]\n")
    assert _codes(client.wait_for("textDocument/publishDiagnostics", uri=uri)) == []
    later_uri = client.open(later)
    client.wait_for("textDocument/publishDiagnostics", uri=later_uri)
    later.unlink()
    client.notify("textDocument/didClose", {"textDocument": {"uri": later_uri}})
    assert _codes(client.wait_for("textDocument/publishDiagnostics", uri=uri)) == ["L001"]


def test_a_note_made_elsewhere_is_found_by_the_rescan(client: LspClient, vault: Path) -> None:
    links = _links(client, vault)
    (vault / "Later.md").write_text("# Later\n", encoding="utf-8")  # `scaffold new`, a sync
    time.sleep(0.3)  # a rescan waits at least 0.25 s after the last
    client.open(vault / "Other.md", "# Other\n")  # any open, save or close
    assert _codes(client.wait_for("textDocument/publishDiagnostics", uri=links)) == []


def test_a_command_error_is_its_message_and_hint(client: LspClient, vault: Path) -> None:
    uri = client.open(vault / "Meta.md")
    client.wait_for("textDocument/publishDiagnostics", uri=uri)
    with pytest.raises(RuntimeError) as raised:
        client.request(
            "workspace/executeCommand",
            {"command": "scaffold.set", "arguments": [uri, {"line": 0, "character": 0}, "x"]},
        )
    error = raised.value.args[0]
    assert error["message"].startswith("no address at the cursor"), error
    assert "Error" not in error["message"] and error["code"] == -32602
    with pytest.raises(RuntimeError) as raised:
        client.request("workspace/executeCommand", {"command": "scaffold.set", "arguments": [1]})
    assert raised.value.args[0]["message"] == "expected [uri, {line, character}, ...]"
