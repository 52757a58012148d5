"""Vault discovery and Obsidian-style note name resolution."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.errors import AddressError, NoteFileError, NoteMissingError, UsageError
from scaffold.vault import index
from scaffold.vault.index import VaultIndex, find_vault, is_marked, note_paths
from scaffold.vault.names import resolve_note
from tests.conftest import run_cli


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


def test_a_note_found_by_name_may_not_link_out_of_the_vault(vault: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path.parent / f"{tmp_path.name}-outside.md"
    elsewhere.write_text("---\naliases: [Escape]\n---\n")
    (vault / "Escape.md").symlink_to(elsewhere)
    (vault / "Inside.md").symlink_to(vault / "Meta.md")  # a link within the vault is fine
    try:
        with pytest.raises(NoteFileError, match="outside the vault") as info:
            resolve_note("Escape", vault=vault)
        assert info.value.exit_code == 3
        assert resolve_note("Inside", vault=vault) == vault / "Inside.md"
        # An explicit path keeps its documented behaviour: the link is followed.
        result = run_cli("set", vault / "Escape.md", "created", "2031-01-01", "--create")
        assert result.returncode == 0, result.stderr
        assert "created: 2031-01-01" in elsewhere.read_text()
        by_name = run_cli("set", "Escape", "created", "2032-01-01", "--create", cwd=vault)
        assert by_name.returncode == 3
        assert "2032" not in elsewhere.read_text()
    finally:
        elsewhere.unlink()


def test_an_unmarked_root_or_home_is_not_searched(tmp_path: Path) -> None:
    result = run_cli("get", "Llama", "aliases", cwd=Path("/"))
    assert result.returncode == 2
    assert "no vault here" in result.stderr and "will not search all of the root folder" in (
        result.stderr
    )
    # Named by the user, the same folder is searched (here: an unmarked temporary folder).
    (tmp_path / "Llama.md").write_text("x\n")
    assert resolve_note("Llama", vault=tmp_path, explicit=True) == tmp_path / "Llama.md"


def test_an_unmarked_home_folder_is_not_searched() -> None:
    if is_marked(Path.home()):
        pytest.skip("the home folder here is a marked vault")
    with pytest.raises(UsageError, match="will not search all of your home folder"):
        resolve_note("Llama", vault=Path.home())


def test_an_unmarked_folder_is_searched_within_a_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(30):
        (tmp_path / f"n{i}.md").write_text("x\n")
    (tmp_path / "Target.md").write_text("x\n")
    assert resolve_note("Target", vault=tmp_path) == tmp_path / "Target.md"
    monkeypatch.setattr(index, "UNMARKED_SCAN_LIMIT", 10)
    with pytest.raises(UsageError, match="stopped after 10 files and folders") as info:
        resolve_note("Target", vault=tmp_path)
    assert "--vault" in (info.value.hint or "")
    assert resolve_note("Target", vault=tmp_path, explicit=True) == tmp_path / "Target.md"
    (tmp_path / ".scaffold").mkdir()  # a marked vault is searched whole
    assert resolve_note("Target", vault=tmp_path) == tmp_path / "Target.md"


def test_scans_list_regular_files_and_links_to_them_only(tmp_path: Path) -> None:
    import os

    (tmp_path / "a.md").write_text("---\naliases: [Alpha]\n---\n")
    (tmp_path / "link.md").symlink_to(tmp_path / "a.md")
    (tmp_path / "broken.md").symlink_to(tmp_path / "missing.md")
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "dir.md").mkdir()
    assert [p.name for p in note_paths(tmp_path)] == ["a.md", "link.md"]
    assert VaultIndex.build(tmp_path).names() == ["a", "link"]
