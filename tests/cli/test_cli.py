"""The real ``scaffold`` CLI on real files: get, set and friends, and bad input.

What it protects: commands do what their help says; every failure names the file and line,
exits with its documented code, prints no traceback, and leaves the file byte-for-byte alone.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SEED, run_main


def test_version_and_help() -> None:
    version = run_main("--version")
    assert version.returncode == 0
    assert version.stdout.startswith("scaffold ")
    helped = run_main("--help")
    assert helped.returncode == 0
    for needle in ("SECTION > ROW > COLUMN", "exit codes:", "get", "set", "--help"):
        assert needle in helped.stdout


def test_unknown_command_is_a_usage_error() -> None:
    result = run_main("frobnicate")
    assert result.returncode == 2
    assert "Try 'scaffold --help'" in result.stderr
    assert "Traceback" not in result.stderr


def test_get_table_cell_and_frontmatter(seed: Path) -> None:
    assert run_main("get", seed, "Quick stats > Downloads").stdout == "1.2B+\n"
    assert run_main("get", seed, "quick  STATS > downloads").stdout == "1.2B+\n"
    assert run_main("get", seed, "Why * matters > Downloads").stdout == "**1.2B+** (Apr 2025)\n"
    assert run_main("get", seed, "Llama 4 family > Scout > Context").stdout == "**10M tokens**\n"
    aliases = run_main("get", seed, "aliases", "--json")
    assert json.loads(aliases.stdout)["value"] == ["Meta Llama", "LLaMA", "Llama 4"]
    assert run_main("get", seed, "aliases.1").stdout == "LLaMA\n"
    assert run_main("get", seed, "aliases").stdout == "- Meta Llama\n- LLaMA\n- Llama 4\n"


def test_get_by_note_name_and_alias(seed: Path) -> None:
    vault = seed.parent
    assert run_main("get", "Llama", "Quick stats > Parent", cwd=vault).stdout == "[[Meta]]\n"
    assert run_main("get", "LLaMA 4", "Quick stats > Parent", cwd=vault).stdout == "[[Meta]]\n"
    missing = run_main("get", "Lama", "aliases", cwd=vault)
    assert missing.returncode == 3
    assert "Did you mean Llama" in missing.stderr


def test_set_cell_changes_one_span(seed: Path) -> None:
    before = seed.read_bytes()
    result = run_main("set", seed, "Quick stats > Downloads", "1.3B+")
    assert result.returncode == 0, result.stderr
    after = seed.read_bytes()
    assert after == before.replace(b"| Downloads | 1.2B+ |", b"| Downloads | 1.3B+ |")
    again = run_main("set", seed, "Quick stats > Downloads", "1.3B+", "--json")
    assert json.loads(again.stdout) == {
        "ok": True,
        "path": str(seed),
        "address": "Quick stats > Downloads",
        "operation": "set",
        "changed": False,
        "type_change": None,
        "written": False,
        "line": None,
        "col": None,
    }


def test_dry_run_and_diff_write_nothing(seed: Path) -> None:
    before = seed.read_bytes()
    result = run_main("set", seed, "Quick stats > Downloads", "2B", "--dry-run", "--diff")
    assert result.returncode == 0
    assert "-| Downloads | 1.2B+ |" in result.stdout
    assert "+| Downloads | 2B |" in result.stdout
    assert "would change" in result.stderr
    assert seed.read_bytes() == before


def test_stdin_to_stdout(seed: Path) -> None:
    data = SEED.read_bytes()
    result = run_main("set", "-", "aliases.0", "Meta's Llama", input=data)
    assert result.returncode == 0, result.stderr
    assert result.stdout.encode() == data.replace(b"[Meta Llama, LLaMA", b"[Meta's Llama, LLaMA")


def test_frontmatter_operations(seed: Path) -> None:
    assert run_main("append", seed, "aliases", "Llama 5").returncode == 0
    assert seed.read_bytes().startswith(b"---\naliases: [Meta Llama, LLaMA, Llama 4, Llama 5]\n")
    assert run_main("remove", seed, "aliases", "LLaMA").returncode == 0
    assert run_main("set", seed, "status", "yes", "--create").returncode == 0
    assert run_main("rename", seed, "status", "state").returncode == 0
    head = seed.read_text().split("---\n")[1]
    assert head == "aliases: [Meta Llama, Llama 4, Llama 5]\nstate: 'yes'\n"
    assert run_main("delete", seed, "state").returncode == 0
    assert seed.read_text().startswith("---\naliases: [Meta Llama, Llama 4, Llama 5]\n---\n")


def test_table_row_operations(seed: Path) -> None:
    text = seed.read_text()
    assert run_main("set", seed, "Quick stats > Stars", "90k", "--create").returncode == 0
    assert "| License | Free <700M MAU |\n| Stars | 90k |\n" in seed.read_text()
    assert run_main("delete", seed, "Quick stats > Stars").returncode == 0
    assert seed.read_text() == text
    assert (
        run_main("append", seed, "Download trajectory >", "May 2025", "1.3B", "—").returncode == 0
    )
    assert (
        "| Apr 2025 | **1.2B** | +200M in 6 weeks |\n| May 2025 | 1.3B | — |\n" in seed.read_text()
    )


@pytest.mark.parametrize(
    ("content", "address", "code", "needle"),
    [
        (b"---\na: [1, 2\n---\nbody\n", "a", 4, ":3:1: invalid YAML"),
        (b"---\na: 1\na: 2\n---\n", "a", 4, "duplicate"),
        (b"---\na: 1\nbody\n", "a", 4, "never closed"),
        (b"caf\xe9\n", "a", 3, ":1:4"),
        (b"\x00\x01binary", "a", 3, "binary"),
        (b"## S\n\n| a | b |\n|---|\n| x | y |\n", "S > x", 5, "no table"),
        (b"## S\n\n```\n## Code\n| a | b |\n|---|---|\n```\n", "Code > a", 5, "code"),
        (b"## S\n\n| a | b |\n|---|---|\n| x | y |\n", "S > z", 5, "rows in the table"),
    ],
    ids=[
        "invalid-yaml",
        "duplicate-key",
        "unclosed",
        "latin1",
        "binary",
        "ragged-delimiter",
        "in-code-block",
        "missing-row",
    ],
)
def test_bad_input_is_refused_cleanly(
    tmp_path: Path, content: bytes, address: str, code: int, needle: str
) -> None:
    note = tmp_path / "bad.md"
    note.write_bytes(content)
    result = run_main("set", note, address, "v")
    assert result.returncode == code, result.stderr
    assert str(note) in result.stderr
    assert needle in result.stderr
    assert "Traceback" not in result.stderr
    assert note.read_bytes() == content


def test_newline_in_cell_is_refused(seed: Path) -> None:
    before = seed.read_bytes()
    result = run_main("set", seed, "Quick stats > Downloads", "a\nb")
    assert result.returncode == 6
    assert "<br>" in result.stderr
    assert seed.read_bytes() == before


def test_missing_file_and_directory(tmp_path: Path) -> None:
    missing = run_main("get", tmp_path / "nope.md", "a")
    assert missing.returncode == 3
    assert "no such file" in missing.stderr
    folder = run_main("get", tmp_path, "a")
    assert folder.returncode == 3
    assert "directory" in folder.stderr


def test_ambiguous_section_names_candidates(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_text(
        "## Stats\n\n| a | b |\n|---|---|\n| x | 1 |\n\n"
        "## Stats\n\n| a | b |\n|---|---|\n| x | 2 |\n"
    )
    result = run_main("get", note, "Stats > x", "--json")
    assert result.returncode == 5
    error = json.loads(result.stdout)["error"]
    # The candidates are the addresses that pick each one.
    assert error["candidates"] == ["Stats[1] > x", "Stats[2] > x"]


def test_json_error_has_location(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_bytes(b"---\na: 1\na: 2\n---\n")
    payload = json.loads(run_main("get", note, "a", "--json").stdout)
    assert payload["ok"] is False
    assert payload["error"]["path"] == str(note)
    assert payload["error"]["line"] == 3


def test_frontmatter_errors_name_the_file(seed: Path) -> None:
    result = run_main("set", seed, "aliases", "x")
    assert result.returncode == 6
    assert f"{seed}:2:10: aliases is a list" in result.stderr


def test_a_bare_section_name_is_not_silently_a_new_key(seed: Path) -> None:
    before = seed.read_bytes()
    result = run_main("set", seed, "Quick stats", "x")
    assert result.returncode == 5
    assert "'Quick stats > ROW'" in result.stderr
    assert seed.read_bytes() == before
    assert run_main("set", seed, '"Quick stats"', "x", "--create").returncode == 0
    assert seed.read_text().startswith(
        "---\naliases: [Meta Llama, LLaMA, Llama 4]\nQuick stats: x\n"
    )


def test_a_value_holding_a_fence_line_stays_inside_the_frontmatter(seed: Path) -> None:
    assert run_main("set", seed, "title", "a\n---\nb", "--create").returncode == 0
    assert seed.read_text().startswith(
        '---\naliases: [Meta Llama, LLaMA, Llama 4]\ntitle: "a\\n---\\nb"\n---\n'
    )
    result = run_main("get", seed, "title", "--json")
    assert json.loads(result.stdout)["value"] == "a\n---\nb"


def test_a_fence_line_inside_a_quoted_value_is_reported(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    content = b'---\ntitle: "x\n---\n"\n---\nbody\n'
    note.write_bytes(content)
    result = run_main("set", note, "title", "y")
    assert result.returncode == 4
    assert f"{note}:3:1: invalid YAML" in result.stderr
    assert note.read_bytes() == content


def test_stdin_with_json_returns_the_buffer_and_the_changed_line() -> None:
    data = SEED.read_bytes()
    result = run_main("set", "-", "Quick stats > Downloads", "2B", "--json", input=data)
    payload = json.loads(result.stdout)
    assert payload["changed"] is True
    assert payload["line"] == 132
    assert payload["content"].encode() == data.replace(b"| 1.2B+ |", b"| 2B |")
