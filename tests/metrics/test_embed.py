"""``scaffold chart --embed``: the note keeps ``![[charts/Llama downloads.svg]]`` after its
history table, added once, journalled (undo takes it back), every other byte kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_main
from tests.metrics.conftest import LLAMA_ROWS, make_vault, product

EMBED = "![[charts/Llama downloads.svg]]"
ARGS = ("chart", "downloads", "Llama", "-o", "charts/Llama downloads.svg", "--embed")


def test_the_embed_goes_after_the_history_table_once(vault: Path) -> None:
    note = vault / "Llama.md"
    before = note.read_text(encoding="utf-8")
    result = run_main(*ARGS, "--json", cwd=vault)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["embedded"] == "Llama.md" and payload["run"]
    after = note.read_text(encoding="utf-8")
    last_row = "| Apr 2025 | **1.2B** | +200M in 6 weeks |\n"
    assert after == before.replace(last_row, f"{last_row}\n{EMBED}\n")
    assert (vault / "charts" / "Llama downloads.svg").is_file()
    again = json.loads(run_main(*ARGS, "--json", cwd=vault).stdout)
    assert again["embedded"] is None and again["written"] is False
    assert note.read_text(encoding="utf-8") == after
    assert run_main(*ARGS, "--check", cwd=vault).returncode == 0
    undone = run_main("undo", "--json", cwd=vault)
    assert undone.returncode == 0, undone.stderr
    assert note.read_text(encoding="utf-8") == before


def test_check_says_a_missing_embed_is_out_of_date(vault: Path) -> None:
    assert run_main(*ARGS[:-1], cwd=vault).returncode == 0  # the chart alone
    result = run_main(*ARGS, "--check", cwd=vault)
    assert result.returncode == 11 and "does not embed" in result.stderr
    assert EMBED not in (vault / "Llama.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "embed", ["![[Llama downloads.svg]]", "![[charts/Llama downloads.svg|600]]"]
)
def test_a_note_that_embeds_the_chart_already_is_left_alone(tmp_path: Path, embed: str) -> None:
    text = product("Llama", LLAMA_ROWS) + f"\n{embed}\n"
    vault = make_vault(tmp_path / "v", {"Llama": text})
    result = run_main(*ARGS, "--json", cwd=vault)
    assert result.returncode == 0 and json.loads(result.stdout)["embedded"] is None
    assert (vault / "Llama.md").read_text(encoding="utf-8") == text


def test_a_heading_right_after_the_table_keeps_a_blank_line(tmp_path: Path) -> None:
    text = product("Llama", LLAMA_ROWS).replace("\n\n## Quick stats", "\n## Quick stats")
    vault = make_vault(tmp_path / "v", {"Llama": text})
    assert run_main(*ARGS, cwd=vault).returncode == 0
    after = (vault / "Llama.md").read_text(encoding="utf-8")
    assert f"6 weeks |\n\n{EMBED}\n\n## Quick stats\n" in after


def test_embed_is_refused_for_several_notes_or_outside_the_vault(
    five: Path, tmp_path: Path
) -> None:
    many = run_main("chart", "downloads", "-o", five / "all.svg", "--embed", cwd=five)
    assert many.returncode == 2 and "draws 5 notes" in many.stderr
    outside = run_main("chart", "downloads", "Llama", "-o", tmp_path / "x.svg", "--embed", cwd=five)
    assert outside.returncode == 2 and "outside the vault" in outside.stderr
    assert not (five / "all.svg").exists() and not (tmp_path / "x.svg").exists()


def test_a_chart_inside_the_vault_is_journalled_and_undo_removes_it(vault: Path) -> None:
    svg = vault / "charts" / "Llama downloads.svg"
    result = run_main(*ARGS[:-1], "--json", cwd=vault)  # the chart alone, no embed
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["written"] is True and payload["run"] and svg.is_file()
    again = json.loads(run_main(*ARGS[:-1], "--json", cwd=vault).stdout)
    assert again["written"] is False and again["run"] is None  # nothing to journal
    undone = run_main("undo", payload["run"], cwd=vault)
    assert undone.returncode == 0, undone.stderr
    assert not svg.exists()


def test_a_chart_and_its_embed_are_one_run(vault: Path) -> None:
    before = (vault / "Llama.md").read_bytes()
    payload = json.loads(run_main(*ARGS, "--json", cwd=vault).stdout)
    assert payload["written"] is True and payload["embedded"] == "Llama.md"
    assert run_main("undo", payload["run"], cwd=vault).returncode == 0
    assert (vault / "Llama.md").read_bytes() == before
    assert not (vault / "charts" / "Llama downloads.svg").exists()


def test_a_chart_outside_the_vault_is_written_without_a_run(vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "elsewhere.svg"
    payload = json.loads(run_main(*ARGS[:3], "-o", str(out), "--json", cwd=vault).stdout)
    assert payload["written"] is True and payload["run"] is None and out.is_file()
