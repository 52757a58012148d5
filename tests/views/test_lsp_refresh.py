"""The language server's "Refresh this view" code action, through pygls's own client."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lsprotocol import types as lsp

from tests.lsp.session import Session, run
from tests.lsp.test_encodings import _apply
from tests.views.conftest import FIXTURES, cli

VIEW = (
    '<!-- scaffold:view where="type:product" columns="name, downloads, license" '
    'sort="-downloads" -->\n<!-- /scaffold:view -->\n'
)
# Wide characters before the region: its lines are found in the client's units.
TEXT = "# Café — 日本 😀\n\nLes produits 😀 — 日本:\n\n" + VIEW + "\nAprès — fin 😀\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32"])
def test_refresh_this_view_renders_the_region_of_the_buffer(tmp_path: Path, encoding: str) -> None:
    root = tmp_path / "vault"
    shutil.copytree(FIXTURES / "vault", root)
    # What render writes for the same note, from a copy of the vault.
    twin = tmp_path / "twin"
    shutil.copytree(root, twin)
    (twin / "Index.md").write_text(TEXT, encoding="utf-8")
    assert cli("render", "--vault", str(twin))[0] == 0
    want = (twin / "Index.md").read_text(encoding="utf-8")
    (root / "Index.md").write_text("# empty on disk\n", encoding="utf-8")  # the buffer counts

    found: dict[str, object] = {}

    async def body(session: Session) -> None:
        uri, _ = await session.open("Index.md", TEXT)
        opener = TEXT[: TEXT.index("<!-- scaffold:view")].count("\n")

        async def actions(line: int) -> list[lsp.CodeAction]:
            where = lsp.Range(lsp.Position(line, 3), lsp.Position(line, 3))
            got = await session.client.text_document_code_action_async(
                lsp.CodeActionParams(
                    lsp.TextDocumentIdentifier(uri), where, lsp.CodeActionContext([])
                )
            )
            return [a for a in got or [] if isinstance(a, lsp.CodeAction)]

        found["on"] = await actions(opener)
        found["closer"] = await actions(opener + 1)
        found["off"] = await actions(0)
        found["uri"] = uri

    run(root, encoding, body)
    on = found["on"]
    assert isinstance(on, list) and [a.title for a in on] == ["Refresh this view"]
    assert on[0].kind == lsp.CodeActionKind.RefactorRewrite
    assert isinstance(found["closer"], list) and len(found["closer"]) == 1
    assert found["off"] == []  # the cursor is not on the region
    edit = on[0].edit
    assert edit is not None and edit.changes is not None
    assert _apply(TEXT, edit.changes[str(found["uri"])], encoding) == want
