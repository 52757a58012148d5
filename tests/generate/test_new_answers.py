"""Scripted `scaffold new`: links written with the note's real name, escapes in `--set`,
tags in words, kept answers and `--resume`, and a hint that says why nothing was asked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.generate.test_generator import run, snapshot


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    (root / ".obsidian").mkdir(parents=True)
    (root / "Meta.md").write_text("---\naliases: [Facebook]\n---\n**Meta**\n", encoding="utf-8")
    (root / "Claude.md").write_text("**Claude**\n", encoding="utf-8")
    return root


def test_a_link_in_lower_case_or_by_alias_gets_the_notes_real_name(vault: Path) -> None:
    result = run(
        "new", "product", "Llama", "--set", "parent=facebook", "--set", "competitors=claude",
        "--set", "related=hugging face=host; CLAUDE=rival", "--no-link-back", cwd=vault,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = (vault / "Llama.md").read_text(encoding="utf-8")
    assert "| Parent | [[Meta]] |" in text
    assert "**Llama** — a product of [[Meta]].\n" in text
    assert "- [[Claude]] — competitor\n" in text
    assert "- [[hugging face]] — host\n" in text  # not in the vault: left as typed
    assert "note: [[facebook]] is written [[Meta]], the note's name" in result.stdout
    assert "note: [[claude]] is written [[Claude]], the note's name" in result.stdout


def test_set_lists_and_rows_take_backslash_escapes(vault: Path) -> None:
    result = run(
        "new", "product", "Llama", "--set", r"aliases=Llama\, the model, LLaMA",
        "--set", r"why=Licence=free\; with limits; a\=b=c", "--dry-run", "--json", cwd=vault,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout)["answers"]
    assert answers["aliases"] == ["Llama, the model", "LLaMA"]
    assert answers["why"] == {"Licence": "free; with limits", "a=b": "c"}


def test_tags_lose_a_leading_hash_and_a_bad_one_is_said_in_words(vault: Path) -> None:
    made = run("new", "product", "Llama", "--set", "tags=#ai, #open-source", cwd=vault)
    assert made.returncode == 0, made.stderr
    assert "#product #ai #open-source\n" in (vault / "Llama.md").read_text(encoding="utf-8")
    bad = run("new", "product", "Grok", "--set", "tags=ai models", cwd=vault)
    assert bad.returncode == 8
    assert "'ai models': a tag cannot hold spaces (write 'ai-models')" in bad.stderr
    assert "(?=" not in bad.stderr


def test_without_a_terminal_the_hint_says_why_nothing_was_asked(vault: Path) -> None:
    before = snapshot(vault)
    result = run("new", "product", cwd=vault)
    assert result.returncode == 8
    assert "standard input is not a terminal, so nothing was asked" in result.stderr
    assert "run in a terminal" not in result.stderr
    json_run = run("new", "product", "--json", cwd=vault)
    assert "--json asks nothing" in json_run.stderr
    assert snapshot(vault) == before


def test_resume_without_kept_answers_is_a_usage_error(vault: Path) -> None:
    result = run("new", "product", "--resume", cwd=vault)
    assert result.returncode == 2
    assert "no answers kept for type 'product'" in result.stderr


def test_resume_reads_the_kept_answers_and_writing_uses_them_up(vault: Path) -> None:
    kept = vault / ".scaffold" / "answers" / "product.yaml"
    kept.parent.mkdir(parents=True)
    kept.write_text("# kept\nname: Llama\ndownloads: 1.2B+\n", encoding="utf-8")
    result = run("new", "product", "--resume", "--defaults", cwd=vault)
    assert result.returncode == 0, result.stderr
    assert "| Downloads | 1.2B+ |" in (vault / "Llama.md").read_text(encoding="utf-8")
    assert not kept.exists()  # they made their note


def test_answers_of_a_vault_without_a_marker_are_kept_outside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scaffold.generate.saved import saved_path

    plain = tmp_path / "plain"
    plain.mkdir()
    state = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    # No .scaffold/ is made in a folder that is not marked as a vault.
    assert saved_path(plain, "product") == state / "scaffold" / "answers" / "product.yaml"
    (plain / ".obsidian").mkdir()
    assert saved_path(plain, "product") == plain / ".scaffold" / "answers" / "product.yaml"
