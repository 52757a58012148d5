"""``set`` of what ``get`` printed changes nothing, through the real CLI.

What it protects: a script that reads a value and writes it back (or writes the same value
twice) leaves the file byte-identical: block and multi-line scalars, empty values, cells of
centre- and right-aligned columns, tables without outer pipes. A cell reads as a GFM reader
sees it (``\\|`` is ``|``), and a value ending in a backslash is written so that it does not
escape the pipe after it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_main


def _note(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "n.md"
    path.write_text(text, encoding="utf-8")
    return path


def _get(note: Path, address: str) -> str:
    """The value as a script reads it: ``--json``, so no trailing newline is lost."""
    result = run_main("get", note, address, "--json")
    assert result.returncode == 0, result.stderr
    value = json.loads(result.stdout)["value"]
    return "" if value is None else str(value)


def _set_back(note: Path, address: str) -> None:
    before = note.read_bytes()
    result = run_main("set", note, address, _get(note, address))
    assert result.returncode == 0, result.stderr
    assert "unchanged" in result.stderr
    assert note.read_bytes() == before, address


FRONTMATTER = (
    "---\n"
    "literal: |\n  line one\n  line two\n"
    "folded: >-\n  a long\n  folded value\n"
    'quoted: "two\n  lines"\n'
    "plain: one\n  two\n"
    "empty:\n"
    "tilde: ~\n"
    "number: 1e3\n"
    "when: 2026-01-27\n"
    "stamp: 2026-01-27T10:00:00+01:00\n"
    "zulu: 2026-01-27T10:00:00Z\n"
    "old: 2001-12-14 21:59:43.10 -5\n"
    "---\n"
)


@pytest.mark.parametrize(
    "address",
    [
        "literal",
        "folded",
        "quoted",
        "plain",
        "empty",
        "tilde",
        "number",
        "when",
        "stamp",
        "zulu",
        "old",
    ],
)
def test_a_frontmatter_value_set_to_what_get_printed_is_unchanged(
    tmp_path: Path, address: str
) -> None:
    _set_back(_note(tmp_path, FRONTMATTER), address)


def test_empty_text_keeps_an_empty_value_empty(tmp_path: Path) -> None:
    note = _note(tmp_path, "---\nempty:\n---\n")
    assert run_main("get", note, "empty").stdout == "\n"
    assert run_main("set", note, "empty", "").returncode == 0
    assert note.read_text() == "---\nempty:\n---\n"


ALIGNED = (
    "## T\n\n"
    "| Key | Centre | Right |\n"
    "|:---:|:------:|------:|\n"
    "| a   | x      | 1.5   |\n"  # padded as written, not as the columns align
    "| bb  |  yyy   |  22.5 |\n"
)


@pytest.mark.parametrize(
    "address", ["T > a > Key", "T > a > Centre", "T > a > Right", "T > bb", "T > bb > Right"]
)
def test_an_aligned_cell_set_to_what_get_printed_is_unchanged(tmp_path: Path, address: str) -> None:
    _set_back(_note(tmp_path, ALIGNED), address)


NO_OUTER_PIPES = "## S\n\nKey   | V\n:---: | -\nk1    | v\n"


def test_a_table_without_outer_pipes_does_not_drift(tmp_path: Path) -> None:
    note = _note(tmp_path, NO_OUTER_PIPES)
    for _ in range(3):
        assert run_main("set", note, "S > k1", "x").returncode == 0
    assert note.read_text() == NO_OUTER_PIPES.replace("| v", "| x")
    for _ in range(5):
        result = run_main("set", note, "S > k1 > Key", "k2")
        assert result.returncode == 0, result.stderr
        assert note.read_text() == NO_OUTER_PIPES.replace("| v", "| x").replace("k1", "k2")
        assert run_main("set", note, "S > k2 > Key", "k1").returncode == 0
    # A row without a leading pipe is never indented: four spaces would make it code.
    assert note.read_text() == NO_OUTER_PIPES.replace("| v", "| x")


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("|k|v|\n|-|-|\n|a|1|\n", "|k|v  |\n|-|---|\n|a|x\\ |\n"),
        ("|k|v|\n|---|---|\n|a|1|\n|bb|2|\n", "|k|v|\n|---|---|\n|a|x\\ |\n|bb|2|\n"),
        ("| k | v |\n|---|---|\n| a | 1 |\n", "| k | v  |\n|---|----|\n| a | x\\ |\n"),
    ],
    ids=["tight-aligned", "tight", "padded-aligned"],
)
def test_a_value_ending_in_a_backslash_does_not_escape_the_pipe(
    tmp_path: Path, table: str, expected: str
) -> None:
    note = _note(tmp_path, "## T\n\n" + table)
    result = run_main("set", note, "T > a", "x\\")
    assert result.returncode == 0, result.stderr
    assert note.read_text() == "## T\n\n" + expected
    assert _get(note, "T > a") == "x\\"


def test_appending_a_value_ending_in_a_backslash(tmp_path: Path) -> None:
    note = _note(tmp_path, "## T\n\n|k|v|\n|---|---|\n|a|1|\n")
    assert run_main("append", note, "T >", "b\\", "c\\").returncode == 0
    assert _get(note, "T > b\\\\ > v") == "c\\"


PIPES = "## T\n\n| Key | Value |\n|---|---|\n| code | `a \\| b` |\n| link | [[Page\\|Alias]] |\n"


def test_a_cell_reads_as_a_gfm_reader_sees_it(tmp_path: Path) -> None:
    note = _note(tmp_path, PIPES)
    assert run_main("get", note, "T > code").stdout == "`a | b`\n"
    assert run_main("get", note, "T > link").stdout == "[[Page|Alias]]\n"
    table = json.loads(run_main("get", note, "T >", "--json").stdout)["value"]
    assert table[1] == {"Key": "link", "Value": "[[Page|Alias]]"}
    for address in ("T > code", "T > link"):
        _set_back(note, address)
    assert note.read_text() == PIPES


def test_setting_a_pipe_writes_it_escaped_once(tmp_path: Path) -> None:
    note = _note(tmp_path, PIPES)
    assert run_main("set", note, "T > link", "[[Page|Other]]").returncode == 0
    assert "| link | [[Page\\|Other]] |" in note.read_text()
    # A value written the way the file spells it is not escaped twice.
    assert run_main("set", note, "T > link", "[[Page\\|Third]]").returncode == 0
    assert "| link | [[Page\\|Third]] |" in note.read_text()
    assert _get(note, "T > link") == "[[Page|Third]]"
