"""What edits and reads print: tables keep their column order, diffs apply with `git apply`
and `patch -p1`, `--diff --json` carries the diff, and `line`/`col` point at the edited cell."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML

from scaffold.edit.yaml_block import plain_enough, yaml_block
from scaffold.edit.yaml_scalar import render_scalar
from tests.conftest import SEED, run_main

ALIGNED = (
    "# Note\n\n## Stats\n\n| Metric | Value |\n| ------ | ----- |\n| Users  | 1     |\n"
    "| Stars  | 2     |\n"
)


def test_get_of_a_whole_table_keeps_the_column_order(seed: Path) -> None:
    result = run_main("get", seed, "Llama 4 family >")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "- Model: '**Scout**'\n  Active params: 17B\n  Total params: 109B\n"
        "  Context: '**10M tokens**'\n  Experts: '16'\n- Model: '**Maverick**'\n"
    )
    rows = json.loads(run_main("get", seed, "Llama 4 family >", "--json").stdout)["value"]
    assert list(rows[0]) == ["Model", "Active params", "Total params", "Context", "Experts"]


def test_get_of_a_list_needs_no_ruamel_and_reads_back(seed: Path) -> None:
    assert run_main("get", seed, "aliases").stdout == "- Meta Llama\n- LLaMA\n- Llama 4\n"


scalars = (
    st.text(max_size=12)
    | st.integers()
    | st.booleans()
    | st.none()
    | st.floats(allow_nan=False)
    | st.dates()
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=12,
)


@given(values)
def test_yaml_block_reads_back_as_the_value(value: object) -> None:
    assert YAML(typ="safe", pure=True).load(yaml_block(value)) == value


KEYWORDS_LIST = ["yes", "No", "TRUE", "off", "Null", "y", "N", "On", "nan", "inf"]


@given(
    st.from_regex(r"[A-Za-z][A-Za-z0-9 ]{0,12}", fullmatch=True) | st.sampled_from(KEYWORDS_LIST)
)
def test_the_plain_word_shortcut_agrees_with_the_scalar_writer(text: str) -> None:
    if plain_enough(text):
        assert render_scalar(text) == text


def _git_apply_check(root: Path, patch: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "apply", "--check", "-v", "-"],
        cwd=root,
        input=patch,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _patch_p1(root: Path, patch: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["patch", "-p1", "--dry-run", "--batch"],
        cwd=root,
        input=patch,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.parametrize(
    ("name", "content", "address", "value"),
    [
        ("Llama.md", SEED.read_text(encoding="utf-8"), "Quick stats > Downloads", "1.3B+"),
        ("Meta AI.md", "---\nx: 1\n---\n\n## S\n\n| a | b |\n|---|---|\n| k | v |", "S > k", "w"),
        ("crlf.md", "---\r\nx: 1\r\n---\r\nbody\r\n", "x", "2"),
        ("Sub/Deep.md", "## S\n\n| a | b |\n|---|---|\n| k | v |\n", "S > k", "w"),
    ],
    ids=["seed", "space-no-final-newline", "crlf", "in-a-folder"],
)
def test_diff_of_a_note_given_by_name_applies_with_git_and_patch(
    tmp_path: Path, name: str, content: str, address: str, value: str
) -> None:
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / "Sub").mkdir(exist_ok=True)  # run from a subfolder: names stay vault-relative
    note = vault / name
    note.write_bytes(content.encode("utf-8"))
    stem = Path(name).stem
    result = run_main("set", stem, address, value, "--dry-run", "--diff", cwd=vault / "Sub")
    assert result.returncode == 0, result.stderr
    patch = result.stdout
    tab = "\t" if " " in name else ""  # as git writes it, so that patch(1) reads the name
    assert patch.startswith(f"--- a/{name}{tab}\n+++ b/{name}{tab}\n"), patch
    assert "//" not in patch.splitlines()[0]
    checked = _git_apply_check(vault, patch)
    assert checked.returncode == 0, checked.stderr
    if shutil.which("patch"):
        patched = _patch_p1(vault, patch)
        assert patched.returncode == 0, patched.stdout + patched.stderr
    # And the patch, applied, gives exactly the bytes scaffold would have written.
    subprocess.run(["git", "apply", "-"], cwd=vault, input=patch, text=True, check=True)
    applied = note.read_bytes()
    note.write_bytes(content.encode("utf-8"))
    assert run_main("set", note, address, value).returncode == 0
    assert note.read_bytes() == applied


def test_diff_with_json_carries_the_diff(seed: Path) -> None:
    result = run_main(
        "set", "Llama", "Quick stats > Downloads", "2B", "--diff", "--json", cwd=seed.parent
    )
    payload = json.loads(result.stdout)
    assert payload["diff"].startswith("--- a/Llama.md\n+++ b/Llama.md\n")
    assert "+| Downloads | 2B |\n" in payload["diff"]
    piped = run_main(
        "set", "-", "Quick stats > Downloads", "2B", "--diff", "--json", input=SEED.read_bytes()
    )
    assert "+| Downloads | 2B |\n" in json.loads(piped.stdout)["diff"]


def test_json_line_and_col_point_at_a_cell_in_a_widened_aligned_table(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_text(ALIGNED, encoding="utf-8")
    result = run_main("set", note, "Stats > Stars", "1,234,567", "--json")
    payload = json.loads(result.stdout)
    lines = note.read_text(encoding="utf-8").splitlines()
    assert lines[4].startswith("| Metric | Value     |")  # the header was widened too
    assert (payload["line"], payload["col"]) == (8, 12)
    assert lines[7][payload["col"] - 1 :].startswith("1,234,567")


def test_json_line_of_a_row_appended_to_a_file_without_a_final_newline(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_text("## S\n\n| a | b |\n|---|---|\n| k | v |", encoding="utf-8")
    result = run_main("append", note, "S >", "new", "row", "--json")
    payload = json.loads(result.stdout)
    lines = note.read_text(encoding="utf-8").splitlines()
    assert lines[payload["line"] - 1] == "| new | row |"
    assert payload["col"] == 3


def test_json_position_of_frontmatter_edits(seed: Path) -> None:
    appended = json.loads(run_main("append", seed, "aliases", "Llama 5", "--json").stdout)
    line = seed.read_text(encoding="utf-8").splitlines()[appended["line"] - 1]
    assert line[appended["col"] - 1 :].startswith("Llama 5]")
    created = json.loads(run_main("set", seed, "status", "draft", "--create", "--json").stdout)
    line = seed.read_text(encoding="utf-8").splitlines()[created["line"] - 1]
    assert line[created["col"] - 1 :] == "draft"
    renamed = json.loads(run_main("rename", seed, "status", "state", "--json").stdout)
    line = seed.read_text(encoding="utf-8").splitlines()[renamed["line"] - 1]
    assert line == "state: draft" and renamed["col"] == 8


def test_the_status_line_has_line_and_column(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_text(ALIGNED, encoding="utf-8")
    result = run_main("set", note, "Stats > Users", "5", "--dry-run")
    assert f"would change {note}:7:12 (set Stats > Users)" in result.stderr
