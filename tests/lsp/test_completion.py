"""``[[`` completion beyond note names: ``[[Note#`` headings, ``[[Note#^`` block ids, ``[[#``
the note's own headings, in every encoding a client may negotiate; and names that follow the
vault as it changes (the names on offer are worked out once per change, not per request).

Each answer is applied to the buffer as an editor applies it, and the resulting text is
compared whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types as lsp

from tests.lsp.session import Session, run
from tests.lsp.test_encodings import CODECS, _apply, _position

CLAUDE = (
    "---\naliases: [Anthropic model]\n---\n# Claude — 日本\n\nprose\n\n"
    "## Top\n\n## **Why** it matters\n\ntext ^intro-1\n\n- item ^list-2\n"
)
NOTE = (
    "# Café — 日本 😀\n\n"
    "## Stats 😀\n\n"
    "| Lien — 日本 | valeur |\n"
    "|---|---|\n"
    "| Voilà — [[Claude#wh | 1 |\n\n"
    "Voilà — [[Claude#T\n"
    "À 😀 [[Claude#^li]]\n"
    "Ici — [[#Sta\n"
    "Là — [[Claude#Top#\n"
)


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    (root / ".obsidian").mkdir(parents=True)
    (root / "Claude.md").write_text(CLAUDE, encoding="utf-8")
    return root


async def _complete(s: Session, uri: str, at: lsp.Position) -> list[lsp.CompletionItem]:
    result = await s.client.text_document_completion_async(
        lsp.CompletionParams(lsp.TextDocumentIdentifier(uri), at)
    )
    return result.items if isinstance(result, lsp.CompletionList) else list(result or [])


def _pick(items: list[lsp.CompletionItem], label: str) -> lsp.TextEdit:
    found = next((i for i in items if i.label == label), None)
    assert found is not None, [i.label for i in items]
    assert isinstance(found.text_edit, lsp.TextEdit)
    return found.text_edit


@pytest.mark.parametrize("encoding", list(CODECS))
def test_headings_and_block_ids_complete_in_place(vault: Path, encoding: str) -> None:
    async def body(s: Session) -> None:
        uri, _ = await s.open("Note.md", NOTE)

        async def done(needle: str, label: str, after: int) -> str:
            items = await _complete(s, uri, _position(NOTE, needle, encoding, after=after))
            return _apply(NOTE, [_pick(items, label)], encoding)

        # [[Claude#T -> the headings that hold "t" (document order), closing brackets added
        items = await _complete(s, uri, _position(NOTE, "[[Claude#T\n", encoding, after=10))
        assert [i.label for i in items] == ["Top", "Why it matters"]
        assert (await done("[[Claude#T\n", "Top", 10)) == NOTE.replace(
            "Voilà — [[Claude#T\n", "Voilà — [[Claude#Top]]\n"
        )
        # in a table cell, after an em dash and CJK; markup is left out as Obsidian does
        assert (await done("[[Claude#wh |", "Why it matters", 11)) == NOTE.replace(
            "[[Claude#wh |", "[[Claude#Why it matters]] |"
        )
        # ^ offers block ids; the brackets that are there already are kept, not doubled
        items = await _complete(s, uri, _position(NOTE, "[[Claude#^li]]", encoding, after=12))
        assert [i.label for i in items] == ["list-2"]
        assert (await done("[[Claude#^li]]", "list-2", 12)) == NOTE.replace(
            "[[Claude#^li]]", "[[Claude#^list-2]]"
        )
        # [[# is the note itself: its own headings, emoji and all
        assert (await done("[[#Sta\n", "Stats 😀", 6)) == NOTE.replace(
            "[[#Sta\n", "[[#Stats 😀]]\n"
        )
        # a sub-heading path: what follows the last # is replaced
        assert (await done("[[Claude#Top#\n", "Claude — 日本", 13)) == NOTE.replace(
            "[[Claude#Top#\n", "[[Claude#Top#Claude — 日本]]\n"
        )

    run(vault, encoding, body)


def test_no_headings_for_a_note_that_does_not_exist(vault: Path) -> None:
    async def body(s: Session) -> None:
        text = "[[Nowhere#\n"
        uri, _ = await s.open("Note.md", text)
        assert await _complete(s, uri, lsp.Position(0, 10)) == []

    run(vault, "utf-8", body)


def test_names_on_offer_follow_the_vault(vault: Path) -> None:
    """A note created on disk, and an alias typed into an open buffer, are offered at once."""

    async def body(s: Session) -> None:
        text = "Voilà — [[No\n"
        uri, _ = await s.open("Note.md", text)
        at = lsp.Position(0, len("Voilà — [[No".encode()))
        assert [i.label for i in await _complete(s, uri, at)] == []
        (vault / "Nouveau — 日本.md").write_text("# Nouveau\n", encoding="utf-8")
        s.client.workspace_did_change_watched_files(
            lsp.DidChangeWatchedFilesParams(
                [lsp.FileEvent((vault / "Nouveau — 日本.md").as_uri(), lsp.FileChangeType.Created)]
            )
        )
        await s.queue(uri).get()  # open notes are rechecked after the event
        assert [i.label for i in await _complete(s, uri, at)] == ["Nouveau — 日本"]
        # an alias written in an open buffer is offered before the buffer is saved
        other = "---\naliases: [Nord]\n---\n# Other\n"
        await s.open("Other.md", other)
        items = await _complete(s, uri, at)
        assert [i.label for i in items] == ["Nord", "Nouveau — 日本"]
        assert _apply(text, [_pick(items, "Nord")], "utf-8") == "Voilà — [[Other|Nord]]\n"

    run(vault, "utf-8", body)


def test_the_names_on_offer_are_worked_out_once_per_change(vault: Path) -> None:
    """A client asks again on every keystroke: the names are not rebuilt unless they changed."""
    from scaffold.check.linkindex import LinkIndex
    from scaffold.lsp.navigation import _catalogue

    index = LinkIndex.build(vault)
    first = _catalogue(index)
    assert [n.label for n in first] == ["Anthropic model", "Claude"]
    assert _catalogue(index) is first
    index.add("Neu.md")
    second = _catalogue(index)
    assert second is not first and [n.label for n in second] == ["Anthropic model", "Claude", "Neu"]
    assert _catalogue(index) is second
    index.set_aliases("Neu.md", ["Nouveau"])
    assert [n.label for n in _catalogue(index)][-1] == "Nouveau"
    assert _catalogue(LinkIndex.build(vault)) is not _catalogue(index)  # another index
