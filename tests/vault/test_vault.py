"""Vault discovery and Obsidian-style note name resolution."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.errors import AddressError, NoteMissingError
from scaffold.vault.index import VaultIndex, find_vault, resolve_note


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / "products").mkdir()
    (tmp_path / "products" / "Llama.md").write_text("---\naliases: [Meta Llama, 'LLaMA']\n---\n")
    (tmp_path / "Meta.md").write_text('---\naliases:\n  - Facebook\n  - "Meta Platforms"\n---\n')
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "Twin.md").write_text("a\n")
    (tmp_path / "b" / "Twin.md").write_text("b\n")
    (tmp_path / ".obsidian" / "Hidden.md").write_text("not a note\n")
    return tmp_path


def test_find_vault_walks_up_to_the_marker(vault: Path) -> None:
    assert find_vault(vault / "products") == vault.resolve()
    assert find_vault(vault / "products" / "Llama.md") == vault.resolve()


def test_find_vault_defaults_to_the_folder(tmp_path: Path) -> None:
    assert find_vault(tmp_path) == tmp_path.resolve()


def test_resolve_by_stem_then_alias(vault: Path) -> None:
    assert resolve_note("llama", vault=vault) == vault / "products" / "Llama.md"
    assert resolve_note("Meta Llama", vault=vault) == vault / "products" / "Llama.md"
    assert resolve_note("facebook", vault=vault) == vault / "Meta.md"
    assert resolve_note("Meta Platforms", vault=vault) == vault / "Meta.md"
    assert resolve_note("a/Twin", vault=vault) == vault / "a" / "Twin.md"


def test_ambiguous_and_missing_names(vault: Path) -> None:
    with pytest.raises(AddressError) as info:
        resolve_note("Twin", vault=vault)
    assert set(info.value.candidates) == {"a/Twin.md", "b/Twin.md"}
    with pytest.raises(NoteMissingError) as missing:  # exit 3, like a missing path
        resolve_note("Metta", vault=vault)
    assert "Meta" in missing.value.candidates
    with pytest.raises(NoteMissingError):
        resolve_note("Hidden", vault=vault)


def test_index_names_skip_tool_folders(vault: Path) -> None:
    assert VaultIndex.build(vault).names() == ["Llama", "Meta", "Twin"]
