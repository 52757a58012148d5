"""A named pipe and a link to ``/dev/zero`` in the vault cannot hang or flood the language
server: every note it reads goes through the guarded reader (regular files only, size cap).

The vault holds ``pipe.md`` (a FIFO with no writer: opening it plainly blocks forever) and
``zero.md`` (a symlink to ``/dev/zero``: reading it plainly fills memory). A note links to
both, by name and by ``#heading``; the server indexes the vault, checks the note, and answers
hover, definition, completion, commands and file events about them at once, in little memory.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest
from lsprotocol import types as lsp

from tests.lsp.session import Session, run

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or not os.path.exists("/dev/zero"),
    reason="needs mkfifo and /dev/zero",
)

QUICK = 10.0
"""Seconds any answer may take (a hang would take forever; a flood, minutes)."""
MEMORY = 100 * 1024 * 1024

NOTE = (
    "# Links\n\n"
    "To [[zero]] and [[zero#Top]], to [[pipe]] and [[pipe#Top]], to [[Real#Top]].\n"
    "[[zero#\n"
)


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    (root / ".obsidian").mkdir(parents=True)
    (root / "Real.md").write_text("# Real\n\n## Top\n", encoding="utf-8")
    os.mkfifo(root / "pipe.md")
    (root / "zero.md").symlink_to("/dev/zero")
    return root


def _at(needle: str, after: int = 0) -> lsp.Position:
    index = NOTE.index(needle) + after
    line = NOTE.count("\n", 0, index)
    return lsp.Position(line, index - (NOTE.rfind("\n", 0, index) + 1))  # ASCII: any codec


async def _quick(call: object) -> object:
    assert asyncio.iscoroutine(call) or isinstance(call, asyncio.Future)
    return await asyncio.wait_for(call, QUICK)


def test_a_fifo_and_dev_zero_in_the_vault_neither_hang_nor_flood(vault: Path) -> None:
    async def body(s: Session) -> None:
        uri, found = await s.open("Note.md", NOTE, timeout=QUICK)
        broken = {d.code for d in found}
        assert "L001" not in broken  # both files exist: their names resolve
        doc = lsp.TextDocumentIdentifier(uri)
        for needle in ("zero#Top", "pipe#Top", "zero]]", "pipe]]"):
            place = await _quick(
                s.client.text_document_definition_async(lsp.DefinitionParams(doc, _at(needle, 2)))
            )
            assert isinstance(place, lsp.Location), needle
            assert place.range.start.line == 0  # no heading could be read: the file's top
        hover = await _quick(
            s.client.text_document_hover_async(lsp.HoverParams(doc, _at("pipe#Top", 2)))
        )
        assert isinstance(hover, lsp.Hover)
        completion = await _quick(
            s.client.text_document_completion_async(lsp.CompletionParams(doc, _at("[[zero#\n", 7)))
        )
        items = completion.items if isinstance(completion, lsp.CompletionList) else completion
        assert not items  # nothing to offer from a device
        # Requests about the unopened pipe and device themselves: refused or empty, at once.
        for name in ("pipe.md", "zero.md"):
            other = lsp.TextDocumentIdentifier((vault / name).as_uri())
            answer = await _quick(
                s.client.text_document_hover_async(lsp.HoverParams(other, lsp.Position(0, 0)))
            )
            assert answer is None
            answer = await _quick(
                s.client.text_document_completion_async(
                    lsp.CompletionParams(other, lsp.Position(0, 2))
                )
            )
            assert not answer or not getattr(answer, "items", answer)
            with pytest.raises(Exception, match=r"FIFO|device"):
                await _quick(
                    s.client.workspace_execute_command_async(
                        lsp.ExecuteCommandParams(
                            "scaffold.where", [other.uri, {"line": 0, "character": 0}]
                        )
                    )
                )
        # The file watcher reports them as created and changed: the index skips their reads.
        s.client.workspace_did_change_watched_files(
            lsp.DidChangeWatchedFilesParams(
                [
                    lsp.FileEvent((vault / n).as_uri(), kind)
                    for n in ("pipe.md", "zero.md")
                    for kind in (lsp.FileChangeType.Created, lsp.FileChangeType.Changed)
                ]
            )
        )
        again = await asyncio.wait_for(s.queue(uri).get(), QUICK)  # open notes rechecked
        assert {d.code for d in again} == broken

    session = run(vault, "utf-8", body, timeout=QUICK)
    if session.peak_rss is not None:
        assert session.peak_rss < MEMORY, f"{session.peak_rss / 2**20:.0f} MiB"
