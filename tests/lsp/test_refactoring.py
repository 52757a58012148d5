"""Rename, willRenameFiles and references through pygls's own client, in each encoding a
client may negotiate, on lines with accents, an em dash, CJK and an emoji.

Each WorkspaceEdit the server answers is applied to the files as an editor applies it (text
edits in the client's units, then the file rename), and the vault that results is compared
byte for byte with what ``scaffold mv`` makes of a copy of the same vault."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lsprotocol import types as lsp

from scaffold.cli.main import main
from tests.lsp.session import Session, run
from tests.lsp.test_encodings import CODECS, _apply, _position, _text_at

CLAUDE = (
    '---\naliases: [Anthropic model, "Claude AI"]\ntype: product\n---\n'
    "# Claude — 日本\n\n## Why it matters 😀\n\ntext ^b1\n\n## Related\n\n- [[Llama]]\n"
)
LLAMA = (
    '---\ntype: product\nrival: "[[Claude]]"\n---\n# Llama\n\n'
    "Café — 日本 😀 voir [[Claude#Why it matters|why]] et [[Claude AI]], `[[Claude]]`.\n\n"
    "## Quick stats\n\n| Métrique — nom | Valeur |\n|---|---|\n| Rival 😀 | [[Claude\\|C]] |\n\n"
    "## Related\n\n- [[Claude]] — rival\n"
)
OTHER = "# Other\r\n\r\n## Top\r\n\r\nVoilà — [[#Top]] [[claude#why it matters 😀]]\r\n"

ENCODINGS = pytest.mark.parametrize("encoding", list(CODECS))


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    (root / ".obsidian").mkdir(parents=True)
    (root / "Sub").mkdir()
    (root / "Claude.md").write_text(CLAUDE, encoding="utf-8")
    (root / "Llama.md").write_text(LLAMA, encoding="utf-8")
    (root / "Sub" / "Other.md").write_bytes(OTHER.encode("utf-8"))
    return root


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.relative_to(root).as_posix().startswith((".scaffold", ".obsidian"))
    }


def _apply_workspace_edit(edit: lsp.WorkspaceEdit, encoding: str) -> None:
    """Apply ``edit`` to the files, as an editor does: in order, renames included."""
    assert edit.document_changes is not None
    for change in edit.document_changes:
        if isinstance(change, lsp.RenameFile):
            Path(_path(change.old_uri)).rename(_path(change.new_uri))
            continue
        assert isinstance(change, lsp.TextDocumentEdit)
        path = Path(_path(change.text_document.uri))
        text = path.read_bytes().decode("utf-8")
        edits = [e for e in change.edits if isinstance(e, lsp.TextEdit)]
        path.write_bytes(_apply(text, edits, encoding).encode("utf-8"))


def _path(uri: str) -> str:
    from pygls.uris import to_fs_path

    found = to_fs_path(uri)
    assert found is not None
    return found


def _copy(vault: Path) -> Path:
    twin = vault.parent / "twin"
    shutil.copytree(vault, twin)
    return twin


async def _rename(s: Session, uri: str, at: lsp.Position, new: str) -> lsp.WorkspaceEdit:
    edit = await s.client.text_document_rename_async(
        lsp.RenameParams(lsp.TextDocumentIdentifier(uri), at, new)
    )
    assert isinstance(edit, lsp.WorkspaceEdit)
    return edit


@ENCODINGS
def test_renaming_a_link_renames_its_note_as_mv_does(vault: Path, encoding: str) -> None:
    twin = _copy(vault)
    assert main(["mv", "--vault", str(twin), "Claude", "Claude Opus", "--yes", "-q"]) == 0

    async def body(s: Session) -> None:
        uri, _ = await s.open("Llama.md", LLAMA)
        at = _position(LLAMA, "Claude#Why", encoding, after=3)
        prepared = await s.client.text_document_prepare_rename_async(
            lsp.PrepareRenameParams(lsp.TextDocumentIdentifier(uri), at)
        )
        assert isinstance(prepared, lsp.PrepareRenamePlaceholder)
        assert prepared.placeholder == "Claude"
        assert _text_at(LLAMA, prepared.range, encoding) == "Claude"
        edit = await _rename(s, uri, at, "Claude Opus")
        _apply_workspace_edit(edit, encoding)

    run(vault, encoding, body)
    assert _files(vault) == _files(twin)
    assert "Claude Opus.md" in _files(vault)


@ENCODINGS
def test_renaming_a_heading_rewrites_the_links_to_it(vault: Path, encoding: str) -> None:
    async def body(s: Session) -> None:
        uri, _ = await s.open("Claude.md", CLAUDE)
        at = _position(CLAUDE, "it matters", encoding)
        prepared = await s.client.text_document_prepare_rename_async(
            lsp.PrepareRenameParams(lsp.TextDocumentIdentifier(uri), at)
        )
        assert isinstance(prepared, lsp.PrepareRenamePlaceholder)
        assert _text_at(CLAUDE, prepared.range, encoding) == "Why it matters 😀"
        _apply_workspace_edit(await _rename(s, uri, at, "Pourquoi — 日本 😀"), encoding)

    run(vault, encoding, body)
    files = _files(vault)
    assert files["Claude.md"] == CLAUDE.replace("Why it matters 😀", "Pourquoi — 日本 😀").encode()
    assert files["Llama.md"] == LLAMA.replace("#Why it matters|", "#Pourquoi — 日本 😀|").encode()
    assert (
        files["Sub/Other.md"]
        == OTHER.replace("[[claude#why it matters 😀]]", "[[claude#Pourquoi — 日本 😀]]").encode()
    )  # CRLF kept, the [[#Top]] into the note itself left alone


@ENCODINGS
def test_renaming_a_links_heading_part_renames_the_heading(vault: Path, encoding: str) -> None:
    async def body(s: Session) -> None:
        uri, _ = await s.open("Llama.md", LLAMA)
        at = _position(LLAMA, "it matters|why", encoding)
        _apply_workspace_edit(await _rename(s, uri, at, "Why"), encoding)

    run(vault, encoding, body)
    files = _files(vault)
    assert b"## Why\n" in files["Claude.md"]
    assert b"[[Claude#Why|why]]" in files["Llama.md"]
    assert b"[[claude#Why]]" in files["Sub/Other.md"]


@ENCODINGS
def test_renaming_an_alias_rewrites_the_links_through_it(vault: Path, encoding: str) -> None:
    async def body(s: Session) -> None:
        uri, _ = await s.open("Llama.md", LLAMA)
        at = _position(LLAMA, "Claude AI]]", encoding, after=2)
        prepared = await s.client.text_document_prepare_rename_async(
            lsp.PrepareRenameParams(lsp.TextDocumentIdentifier(uri), at)
        )
        assert isinstance(prepared, lsp.PrepareRenamePlaceholder)
        assert prepared.placeholder == "Claude AI"
        _apply_workspace_edit(await _rename(s, uri, at, "Claude Chat"), encoding)

    run(vault, encoding, body)
    files = _files(vault)
    assert files["Claude.md"] == CLAUDE.replace('"Claude AI"', '"Claude Chat"').encode()
    assert files["Llama.md"] == LLAMA.replace("[[Claude AI]]", "[[Claude Chat]]").encode()


def test_an_alias_onto_another_notes_name_is_refused(vault: Path) -> None:
    async def body(s: Session) -> None:
        uri, _ = await s.open("Claude.md", CLAUDE)
        at = _position(CLAUDE, "Claude AI", "utf-16")
        with pytest.raises(Exception, match="Llama"):
            await _rename(s, uri, at, "Llama")

    run(vault, "utf-16", body)
    assert (vault / "Claude.md").read_text(encoding="utf-8") == CLAUDE


def test_no_rename_in_prose_and_none_over_unsaved_changes(vault: Path) -> None:
    async def body(s: Session) -> None:
        uri, _ = await s.open("Llama.md", LLAMA + "more\n")  # the buffer is not the file
        prose = _position(LLAMA, "voir", "utf-16")
        prepared = await s.client.text_document_prepare_rename_async(
            lsp.PrepareRenameParams(lsp.TextDocumentIdentifier(uri), prose)
        )
        assert prepared is None
        at = _position(LLAMA, "Claude AI]]", "utf-16")
        with pytest.raises(Exception, match="unsaved"):
            await _rename(s, uri, at, "Claude Chat")

    run(vault, "utf-16", body)


@ENCODINGS
def test_will_rename_files_rewrites_links_as_mv_does(
    vault: Path, encoding: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    twin = _copy(vault)
    monkeypatch.chdir(twin)
    assert main(["mv", "--vault", str(twin), "Claude", "Sub/Claude 3.md", "--yes", "-q"]) == 0

    async def body(s: Session) -> None:
        await s.open("Llama.md", LLAMA)
        old, new = vault / "Claude.md", vault / "Sub" / "Claude 3.md"
        edit = await s.client.workspace_will_rename_files_async(
            lsp.RenameFilesParams([lsp.FileRename(old.as_uri(), new.as_uri())])
        )
        assert isinstance(edit, lsp.WorkspaceEdit)
        assert not any(isinstance(c, lsp.RenameFile) for c in edit.document_changes or [])
        _apply_workspace_edit(edit, encoding)
        old.rename(new)  # the editor renames the file itself

    run(vault, encoding, body)
    assert _files(vault) == _files(twin)


@ENCODINGS
def test_references_are_the_backlinks_grouped_by_relation(vault: Path, encoding: str) -> None:
    async def body(s: Session) -> None:
        uri, _ = await s.open("Claude.md", CLAUDE)
        found = await s.client.text_document_references_async(
            lsp.ReferenceParams(
                context=lsp.ReferenceContext(include_declaration=False),
                text_document=lsp.TextDocumentIdentifier(uri),
                position=_position(CLAUDE, "text", encoding),
            )
        )
        assert found is not None
        llama = (vault / "Llama.md").as_uri()
        shown = [
            (Path(_path(f.uri)).name, _text_at(LLAMA, f.range, encoding) if f.uri == llama else "")
            for f in found
        ]
        assert shown == [
            ("Llama.md", "[[Claude\\|C]]"),  # Quick stats > Rival
            ("Llama.md", "[[Claude]]"),  # Related
            ("Llama.md", "[[Claude]]"),  # rival (frontmatter)
            ("Llama.md", "[[Claude#Why it matters|why]]"),
            ("Llama.md", "[[Claude AI]]"),
            ("Other.md", ""),
        ]
        grouped = await s.client.workspace_execute_command_async(
            lsp.ExecuteCommandParams("scaffold.references", [uri, {"line": 0, "character": 0}])
        )
        relations = [g["relation"] for g in grouped["groups"]]
        assert relations == ["Quick stats > Rival 😀", "Related", "rival", None]
        heading = await s.client.text_document_references_async(
            lsp.ReferenceParams(
                context=lsp.ReferenceContext(include_declaration=False),
                text_document=lsp.TextDocumentIdentifier(uri),
                position=_position(CLAUDE, "it matters", encoding),
            )
        )
        assert [Path(_path(f.uri)).name for f in heading or []] == ["Llama.md", "Other.md"]

    run(vault, encoding, body)


@ENCODINGS
def test_document_symbols_follow_the_outline(vault: Path, encoding: str) -> None:
    async def body(s: Session) -> None:
        uri, _ = await s.open("Llama.md", LLAMA)
        found = await s.client.text_document_document_symbol_async(
            lsp.DocumentSymbolParams(lsp.TextDocumentIdentifier(uri))
        )
        assert found is not None
        symbols = [f for f in found if isinstance(f, lsp.DocumentSymbol)]
        names = [f.name for f in symbols]
        assert names == ["type", "rival", "Llama"]
        assert [c.name for c in symbols[2].children or []] == ["Quick stats", "Related"]
        stats = (symbols[2].children or [])[0]
        assert [c.name for c in stats.children or []] == ["Rival 😀"]
        cell = (stats.children or [])[0]
        assert _text_at(LLAMA, cell.selection_range, encoding) == "[[Claude\\|C]]"
        assert _text_at(LLAMA, stats.selection_range, encoding) == "Quick stats"

    run(vault, encoding, body)


def test_workspace_symbols_are_the_entities_by_type(vault: Path) -> None:
    async def body(s: Session) -> None:
        found = await s.client.workspace_symbol_async(lsp.WorkspaceSymbolParams(query="product"))
        assert found is not None
        assert [(f.name, f.container_name) for f in found] == [
            ("Claude", "product"),
            ("Llama", "product"),
        ]
        every = await s.client.workspace_symbol_async(lsp.WorkspaceSymbolParams(query=""))
        assert [(f.name, f.container_name) for f in every or []] == [
            ("Claude", "product"),
            ("Llama", "product"),
            ("Other", ""),
        ]

    run(vault, "utf-16", body)


@ENCODINGS
def test_a_broken_link_offers_the_nearest_name(vault: Path, encoding: str) -> None:
    text = "# Note\n\nVoilà — 日本 😀 [[Clade#Why it matters|why]] et | [[Llma\\|L]] |\n"

    async def body(s: Session) -> None:
        uri, found = await s.open("Note.md", text)
        broken = [d for d in found if d.code == "L001"]
        assert len(broken) == 2
        fixed = text
        for d in sorted(broken, key=lambda d: d.range.start.character, reverse=True):
            actions = await s.client.text_document_code_action_async(
                lsp.CodeActionParams(
                    lsp.TextDocumentIdentifier(uri), d.range, lsp.CodeActionContext([d])
                )
            )
            mine = [a for a in actions or [] if isinstance(a, lsp.CodeAction)]
            pick = next(a for a in mine if a.title.startswith("Change the link to"))
            assert pick.edit is not None and pick.edit.changes is not None
            fixed = _apply(fixed, list(pick.edit.changes[uri]), encoding)
        assert fixed == text.replace("[[Clade#", "[[Claude#").replace("[[Llma\\|", "[[Llama\\|")

    run(vault, encoding, body)
