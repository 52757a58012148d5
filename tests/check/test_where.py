"""`scaffold where` and `outline`: the address under a cursor, and every address of a note.

What it protects: a `get` of the address printed for a position reads the value printed with
it, for every cell and frontmatter value of the seed and of real vaults' notes; and a place no
address reaches is said to be so, never given an address that means something else.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import scaffold
from scaffold.cli.main import main
from scaffold.errors import ScaffoldError
from scaffold.note.addressing.locate import place_at
from scaffold.note.addressing.places import outline
from scaffold.note.addressing.resolve import get
from scaffold.note.body.tables import unescape_cell
from scaffold.note.parsed import ParsedNote
from scaffold.note.yaml.nodes import Node
from tests.conftest import SEED, corpora_or_skip, run_main


def _values(node: Node | None) -> Iterator[Node]:
    if node is None:
        return
    for entry in node.entries:
        yield entry.value
        yield from _values(entry.value)
    for item in node.items:
        yield item
        yield from _values(item)


def _check_note(note: ParsedNote) -> tuple[int, int]:
    """Every cell and frontmatter value: the place at its first character has an address
    whose get is its value (or no address, with a reason). Returns (addressed, unaddressed)."""
    addressed = unaddressed = 0
    positions: list[tuple[int, object]] = []
    for table in note.body.tables:
        for row in table.rows:
            positions.extend((c.start, unescape_cell(c.text)) for c in row.cells if not c.virtual)
    try:
        nodes = list(_values(note.nodes))
    except ScaffoldError:
        nodes = []
    positions.extend((n.start, None) for n in nodes)
    for offset, text in positions:
        index = note.lines.line_of(offset)
        col = offset - note.lines.starts[index] + 1
        place = place_at(note, index + 1, col)
        assert place is not None, (note.path, index + 1, col)
        if text is not None:
            assert place.kind == "cell" and place.value == text
        if place.address is None:
            assert place.reason, place
            unaddressed += 1
            continue
        assert get(note, place.address) == place.value, (note.path, place)
        addressed += 1
    return addressed, unaddressed


def test_every_cell_and_value_of_the_seed_has_an_address_that_reads_it_back() -> None:
    note = scaffold.load(SEED)
    addressed, unaddressed = _check_note(note)
    assert unaddressed == 0 and addressed > 90


def test_every_outline_entry_reads_back() -> None:
    note = scaffold.load(SEED)
    places = outline(note)
    kinds = {p.kind for p in places}
    assert kinds == {"frontmatter", "section", "table", "cell"}
    for place in places:
        if place.address is not None:
            assert get(note, place.address) == place.value
    assert [p.address for p in places[:4]] == ["aliases", "aliases.0", "aliases.1", "aliases.2"]


@pytest.mark.corpus
@pytest.mark.parametrize("vault", ["obsidian-help", "obsidian-tasks", "13th-Age-SRD-Markdown"])
def test_where_reads_back_on_real_notes(vault: str) -> None:
    root = corpora_or_skip() / vault
    total = [0, 0]
    for path in sorted(root.rglob("*.md")):
        try:
            note = scaffold.load(path)
        except ScaffoldError:
            continue
        addressed, unaddressed = _check_note(note)
        total[0] += addressed
        total[1] += unaddressed
    assert total[0] > 500
    assert total[1] < total[0]  # most places are addressable; the rest said why


@pytest.mark.parametrize(
    ("text", "line", "col", "address"),
    [
        pytest.param("---\na.b: 1\n---\n", 2, 1, "a\\.b", id="dotted-key"),
        pytest.param("---\n'x > y': 1\n---\n", 2, 1, "x \\> y", id="key-with-gt"),
        pytest.param("---\nn:\n  - {k: v}\n---\n", 3, 8, "n.0.k", id="nested"),
        pytest.param(
            "## A > B\n\n| k | v |\n|---|---|\n| r | 1 |\n", 5, 7, "A \\> B > r", id="gt-heading"
        ),
        pytest.param(
            "## S\n\n| k | v | w |\n|---|---|---|\n| **r** | 1 | 2 |\n",
            5,
            15,
            "S > r > w",
            id="column",
        ),
        pytest.param(
            "## S\n\n| k | v |\n|---|---|\n| [[P\\|Q]] | 1 |\n", 5, 14, "S > Q", id="alias-row"
        ),
        pytest.param(
            "## 日本 😀\n\n| 鍵 | 値 |\n|---|---|\n| 行 | 😀 |\n",
            5,
            7,
            "日本 😀 > 行",
            id="cjk-emoji",
        ),
    ],
)
def test_addresses_are_written_so_that_get_finds_them(
    text: str, line: int, col: int, address: str
) -> None:
    note = scaffold.loads(text)
    place = place_at(note, line, col)
    assert place is not None and place.address == address
    assert get(note, address) == place.value


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        pytest.param(
            "## S\n\n| k | v |\n|---|---|\n| r | 1 |\n| r | 2 |\n",
            6,
            "used by another row",
            id="dup-row",
        ),
        pytest.param(
            "## S\n\n| k | v |\n|---|---|\n| r | 1 |\n\n| a | b |\n|---|---|\n| x | 2 |\n",
            9,
            "not the first table",
            id="second-table",
        ),
        pytest.param(
            "## S\n\n| k | v |\n|---|---|\n| r | 1 |\n\n## S\n\n| k | v |\n|---|---|\n| r | 2 |\n",
            11,
            "not unique",
            id="dup-heading",
        ),
    ],
)
def test_a_place_no_address_reaches_says_why(text: str, line: int, reason: str) -> None:
    place = place_at(scaffold.loads(text), line, 7)
    assert place is not None and place.address is None and reason in place.reason


def test_where_cli_prints_the_address_then_the_value(seed: Path) -> None:
    result = run_main("where", f"{seed}:132:15")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Quick stats > Downloads\n1.2B+\n"
    address = result.stdout.splitlines()[0]
    assert run_main("get", seed, address).stdout == "1.2B+\n"


@pytest.mark.parametrize(
    ("position", "address"),
    [
        ("2", "aliases"),
        ("2:23", "aliases.1"),
        ("14", "Why Llama matters > Downloads"),
        ("14:3", "Why Llama matters > Downloads > Metric"),
        ("12", "Why Llama matters >"),
        ("10", "Why Llama matters >"),
        ("41:30", "Llama 4 family (Apr 2025) > Scout > Context"),
        ("41:1", "Llama 4 family (Apr 2025) > Scout > Model"),
        ("51", "Training > Training tokens"),
    ],
)
def test_where_then_get_gives_the_same_value(seed: Path, position: str, address: str) -> None:
    result = run_main("where", f"{seed}:{position}", "--json")
    data = json.loads(result.stdout)
    assert data["ok"] and data["address"] == address
    assert {"line", "col", "end_line", "end_col", "start", "end"} <= set(data)
    got = json.loads(run_main("get", seed, address, "--json").stdout)
    assert got["value"] == data["value"]


def test_where_reads_a_buffer_on_stdin() -> None:
    result = run_main("where", "-", "2:23", input=SEED.read_bytes())
    assert result.stdout == "aliases.1\nLLaMA\n"


@pytest.mark.parametrize(
    ("position", "code", "words"),
    [
        ("5", 5, "nothing at line 5"),
        ("117", 5, "has no table of its own"),
        ("999", 2, "outside the note"),
        ("Llama.md", 2, "not FILE:LINE"),
    ],
)
def test_where_errors(seed: Path, position: str, code: int, words: str) -> None:
    arg = position if position == "Llama.md" else f"{seed}:{position}"
    result = run_main("where", arg, cwd=seed.parent)
    assert result.returncode == code and words in result.stderr


def test_outline_lists_every_address_with_its_line(seed: Path) -> None:
    result = run_main("outline", "Llama", cwd=seed.parent)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].endswith("Llama.md:2:10: aliases")
    assert any(line.endswith(":132:15: Quick stats > Downloads") for line in lines)
    data = json.loads(run_main("outline", seed, "--json").stdout)
    assert len(data["places"]) == len(lines)
    for place in data["places"][::9]:
        got = json.loads(run_main("get", seed, place["address"], "--json").stdout)
        assert got["value"] == place["value"], place


def test_where_and_outline_in_a_note_whose_frontmatter_does_not_parse_exit_4(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".obsidian").mkdir()
    note = tmp_path / "Bad.md"
    note.write_text(
        "---\ntype: product\ntitle: [unclosed\nx: 1\n---\n# T\n\n## S\n\n"
        "| a | b |\n|---|---|\n| k | v |\n",
        encoding="utf-8",
    )
    for argv in (["where", f"{note}:3"], ["outline", str(note)]):
        assert main(argv) == 4, argv
        err = capsys.readouterr().err
        assert "invalid YAML in the frontmatter" in err and "Bad.md:4:" in err
        assert "Traceback" not in err
    # A cell of the body still has its address.
    assert main(["where", f"{note}:12:3"]) == 0
    assert capsys.readouterr().out.startswith("S > k > a\n")
