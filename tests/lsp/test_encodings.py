"""Positions in every encoding a client may negotiate, driven by pygls's own LanguageClient.

Neovim offers ``utf-8`` first, VS Code ``utf-16``; a client may also take ``utf-32``. Every
feature that sends or receives a position is tried on lines with accents, an em dash, CJK and
emoji, and each result is applied to the buffer the way an editor applies it, by an
independent oracle that counts units with Python's own codecs. A server that counted in the
wrong units would write into the wrong place (``| Téléchargements — tota6 | 5M |``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types as lsp

from tests.lsp.session import Session, run

CODECS = {"utf-8": ("utf-8", 1), "utf-16": ("utf-16-le", 2), "utf-32": ("utf-32-le", 4)}

NOTE = (
    "---\ntitle: Voilà — 日本 😀\n---\n"
    "# Café — 日本 😀\n\n"
    "## Stats\n\n"
    "| Métrique — nom | Valeur |\n"
    "|---|---|\n"
    "| Téléchargements — total | 5M |\n"
    "| Propriétaire 😀 — 日本 | [[xAI|Elon]] |\n\n"
    "Café 😀 — voir [[Claude#Top]] et [[Nulle part]].\n"
    "Voilà — [[Cl\n"
)
CLAUDE = "---\naliases: [Anthropic model]\n---\n# Claude\n\nprose\n\n## Top\n\ntext\n"


def _offset(text: str, position: lsp.Position, encoding: str) -> int:
    """The oracle: the client's (line, units) as an offset into ``text``."""
    codec, width = CODECS[encoding]
    lines = text.split("\n")
    before = sum(len(line) + 1 for line in lines[: position.line])
    line = lines[position.line] if position.line < len(lines) else ""
    units = line.encode(codec)[: position.character * width]
    return before + len(units.decode(codec))


def _apply(text: str, edits: list[lsp.TextEdit], encoding: str) -> str:
    spans = [
        (_offset(text, e.range.start, encoding), _offset(text, e.range.end, encoding), e.new_text)
        for e in edits
    ]
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _position(text: str, needle: str, encoding: str, *, after: int = 0) -> lsp.Position:
    """Where ``needle`` starts (``after`` characters into it), in the client's units."""
    codec, width = CODECS[encoding]
    index = text.index(needle) + after
    line = text.count("\n", 0, index)
    start = text.rfind("\n", 0, index) + 1
    return lsp.Position(line, len(text[start:index].encode(codec)) // width)


def _text_at(text: str, rng: lsp.Range, encoding: str) -> str:
    return text[_offset(text, rng.start, encoding) : _offset(text, rng.end, encoding)]


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    (root / ".obsidian").mkdir(parents=True)
    (root / "Claude.md").write_text(CLAUDE, encoding="utf-8")
    (root / "xAI.md").write_text("# xAI\n", encoding="utf-8")
    return root


ENCODINGS = pytest.mark.parametrize("encoding", list(CODECS))


@ENCODINGS
def test_diagnostic_ranges_cover_what_they_name(vault: Path, encoding: str) -> None:
    async def body(s: Session) -> None:
        _, found = await s.open("Note.md", NOTE)
        broken = [d for d in found if d.code == "L001"]
        assert [_text_at(NOTE, d.range, encoding) for d in broken] == ["[[Nulle part]]"]
        pipe = [d for d in found if "[[xAI|Elon]]" in _text_at(NOTE, d.range, encoding)]
        assert pipe, [(d.code, _text_at(NOTE, d.range, encoding)) for d in found]

    run(vault, encoding, body)


@ENCODINGS
def test_hover_on_a_cell_after_accents(vault: Path, encoding: str) -> None:
    async def body(s: Session) -> None:
        uri, _ = await s.open("Note.md", NOTE)
        at = _position(NOTE, "5M |", encoding, after=1)
        hover = await s.client.text_document_hover_async(
            lsp.HoverParams(lsp.TextDocumentIdentifier(uri), at)
        )
        assert hover is not None and hover.range is not None
        assert isinstance(hover.contents, lsp.MarkupContent)
        assert "`Stats > Téléchargements — total`" in hover.contents.value
        assert _text_at(NOTE, hover.range, encoding) == "5M"

    run(vault, encoding, body)


@ENCODINGS
def test_the_set_command_writes_the_cell_at_the_cursor(vault: Path, encoding: str) -> None:
    async def body(s: Session) -> None:
        uri, _ = await s.open("Note.md", NOTE)
        at = _position(NOTE, "5M |", encoding)
        result = await s.client.workspace_execute_command_async(
            lsp.ExecuteCommandParams(
                "scaffold.set", [uri, {"line": at.line, "character": at.character}, "6M"]
            )
        )
        assert result["applied"] is True
        (params,) = s.applied
        assert params.edit.changes is not None
        fixed = _apply(NOTE, list(params.edit.changes[uri]), encoding)
        assert fixed == NOTE.replace("| 5M |", "| 6M |")

    run(vault, encoding, body)


@ENCODINGS
def test_the_pipe_quick_fix_escapes_the_pipe_in_place(vault: Path, encoding: str) -> None:
    async def body(s: Session) -> None:
        uri, found = await s.open("Note.md", NOTE)
        line = NOTE.split("\n").index("| Propriétaire 😀 — 日本 | [[xAI|Elon]] |")
        actions = await s.client.text_document_code_action_async(
            lsp.CodeActionParams(
                lsp.TextDocumentIdentifier(uri),
                lsp.Range(lsp.Position(line, 0), lsp.Position(line, 40)),
                lsp.CodeActionContext(diagnostics=found),
            )
        )
        escape = [a for a in actions or [] if isinstance(a, lsp.CodeAction) and "pipe" in a.title]
        assert escape, [getattr(a, "title", a) for a in actions or []]
        edit = escape[0].edit
        assert edit is not None and edit.changes is not None
        fixed = _apply(NOTE, list(edit.changes[uri]), encoding)
        assert fixed == NOTE.replace("[[xAI|Elon]]", "[[xAI\\|Elon]]")

    run(vault, encoding, body)


@ENCODINGS
def test_completion_after_an_em_dash_replaces_what_was_typed(vault: Path, encoding: str) -> None:
    async def body(s: Session) -> None:
        uri, _ = await s.open("Note.md", NOTE)
        at = _position(NOTE, "[[Cl\n", encoding, after=4)
        result = await s.client.text_document_completion_async(
            lsp.CompletionParams(lsp.TextDocumentIdentifier(uri), at)
        )
        items = result.items if isinstance(result, lsp.CompletionList) else result or []
        claude = next(i for i in items if i.label == "Claude")
        assert isinstance(claude.text_edit, lsp.TextEdit)
        fixed = _apply(NOTE, [claude.text_edit], encoding)
        assert fixed.endswith("Voilà — [[Claude]]\n")

    run(vault, encoding, body)


@ENCODINGS
def test_definition_late_in_an_accented_line(vault: Path, encoding: str) -> None:
    async def body(s: Session) -> None:
        uri, _ = await s.open("Note.md", NOTE)
        at = _position(NOTE, "Claude#Top]]", encoding, after=8)
        found = await s.client.text_document_definition_async(
            lsp.DefinitionParams(lsp.TextDocumentIdentifier(uri), at)
        )
        assert isinstance(found, lsp.Location)
        assert found.uri == (vault / "Claude.md").as_uri()
        assert found.range.start.line == CLAUDE.split("\n").index("## Top")

    run(vault, encoding, body)


def test_positions_past_the_end_of_a_line_mean_its_end(vault: Path) -> None:
    async def body(s: Session) -> None:
        uri, _ = await s.open("Note.md", NOTE)
        line = NOTE.split("\n").index("Voilà — [[Cl")
        result = await s.client.text_document_completion_async(
            lsp.CompletionParams(lsp.TextDocumentIdentifier(uri), lsp.Position(line, 999))
        )
        items = result.items if isinstance(result, lsp.CompletionList) else result or []
        assert any(i.label == "Claude" for i in items)

    run(vault, "utf-8", body)
