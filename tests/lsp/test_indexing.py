"""The server checks the opened note before it has read every note's aliases: the names
come from one walk, the aliases in slices afterwards, and until the last slice a "no such
note" (L001) is held back, since the name may be an alias not read yet.

The slices are driven here in-process (the event loop's part is only ``call_soon``); the
pygls-client tests elsewhere see the same server end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.check.runner import Checker
from scaffold.lsp import indexing


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    (root / ".obsidian").mkdir(parents=True)
    for number in range(300):
        (root / f"Note {number}.md").write_text(f"# Note {number}\n", encoding="utf-8")
    (root / "Zeta.md").write_text("---\naliases: [Last one]\n---\n# Zeta\n", encoding="utf-8")
    return root


def test_names_come_at_once_and_aliases_slice_by_slice(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indexing, "INLINE_SECONDS", 0.0)
    monkeypatch.setattr(indexing, "INLINE_NOTES", 0)
    index, pending = indexing.names_first(Checker(vault))
    assert index is not None and pending is not None
    assert index.resolve("Note 299") == ["Note 299.md"]  # every name, before any slice
    assert index.resolve("Last one") == []  # its alias is not read yet
    slices = 0
    while not pending.done:
        pending.read(0.0)
        slices += 1
    assert slices > 1  # read a few notes at a time, not all in one go
    assert index.resolve("Last one") == ["Zeta.md"]


def test_a_small_vault_is_indexed_whole_before_the_first_answer(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indexing, "INLINE_SECONDS", 0.0)  # however busy the machine is
    index, pending = indexing.names_first(Checker(vault))
    assert pending is None
    assert index is not None and index.resolve("Last one") == ["Zeta.md"]


def test_an_open_buffers_aliases_are_not_overwritten_from_disk(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indexing, "INLINE_SECONDS", 0.0)
    monkeypatch.setattr(indexing, "INLINE_NOTES", 0)
    index, pending = indexing.names_first(Checker(vault))
    assert index is not None and pending is not None
    index.set_aliases("Zeta.md", ["Typed in the buffer"])
    pending.from_buffers.add("Zeta.md")
    pending.read(float("inf"))
    assert index.resolve("Typed in the buffer") == ["Zeta.md"]
    assert index.resolve("Last one") == []
