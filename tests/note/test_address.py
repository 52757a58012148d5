"""Address syntax: the strings other tools will call verbatim must keep parsing the same way.

And matching, through the real CLI: ``[n]`` picks one of several headings, rows or columns
with the same name; a heading that matches exactly wins over one that only matches without its
parenthetical; a row key with several links answers to each; a heading hidden in a comment is
named for what hides it.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scaffold.errors import UsageError
from scaffold.note.addressing import address as addr
from scaffold.note.addressing.address import FrontmatterAddress, TableAddress, parse
from scaffold.note.addressing.matching import link_names
from tests.conftest import run_main


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("aliases", ("aliases",)),
        ("a.b.c", ("a", "b", "c")),
        ("aliases.0", ("aliases", 0)),
        ("aliases.-1", ("aliases", -1)),
        ('aliases."-1"', ("aliases", "-1")),
        ("x.²", ("x", "²")),
        ('"a.b".c', ("a.b", "c")),
        (r"a\.b.c", ("a.b", "c")),
        ('"x > y"', ("x > y",)),
        (r"x \> y", ("x > y",)),
        ('"0"', ("0",)),
        ('"say \\"hi\\"".k', ('say "hi"', "k")),
    ],
)
def test_frontmatter_addresses(text: str, path: tuple[str | int, ...]) -> None:
    assert parse(text) == FrontmatterAddress(path, text)


@pytest.mark.parametrize(
    ("text", "section", "row", "column"),
    [
        ("Quick stats > Downloads", "Quick stats", "Downloads", None),
        ("Llama 4 family > Scout > Context", "Llama 4 family", "Scout", "Context"),
        ("Why * matters>Downloads", "Why * matters", "Downloads", None),
        ("  Quick   stats  >  Meta AI  users ", "Quick stats", "Meta AI users", None),
        ("Quick stats >", "Quick stats", None, None),
        (r"A \> B > row", "A > B", "row", None),
    ],
)
def test_table_addresses(text: str, section: str, row: str | None, column: str | None) -> None:
    assert parse(text) == TableAddress(section, row, column, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Stats[2] > Downloads", TableAddress("Stats", "Downloads", None, "", 2)),
        ("Stats > Downloads[3]", TableAddress("Stats", "Downloads", None, "", None, 3)),
        ("Stats [2] > x > A[1]", TableAddress("Stats", "x", "A", "", 2, None, 1)),
        ("Stats[2] >", TableAddress("Stats", None, None, "", 2)),
        # Escaped or quoted, [n] is part of the name.
        (r"Notes \[2] > x", TableAddress("Notes [2]", "x", None, "")),
        ('"Notes [2]" > x', TableAddress("Notes [2]", "x", None, "")),
        ("Notes [a] > x", TableAddress("Notes [a]", "x", None, "")),
        ("Notes [2] b > x", TableAddress("Notes [2] b", "x", None, "")),
    ],
)
def test_a_pick_suffix(text: str, expected: TableAddress) -> None:
    parsed = parse(text)
    assert isinstance(parsed, TableAddress)
    assert parsed == TableAddress(
        expected.section,
        expected.row,
        expected.column,
        text,
        expected.section_pick,
        expected.row_pick,
        expected.column_pick,
    )
    # What an error suggests parses back to the same address.
    spelled = parsed.spelled()
    assert parse(spelled) == replace(parsed, text=spelled)


@pytest.mark.parametrize("text", ["Stats[0] > x", "Stats > [2]", "Stats > x[2] >"])
def test_bad_picks_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError):
        parse(text)


def test_link_names() -> None:
    assert link_names("[[Qwen]]/[[DeepSeek]]") == ("Qwen", "DeepSeek")
    assert link_names("[[Page\\|Alias]]") == ("Page",)
    assert link_names("[[A#Part\\|a]] and [[B|b]]") == ("A", "a", "B", "b")
    assert link_names("plain") == ()


@pytest.mark.parametrize("text", ["", "  ", "a..b", '"open', "> row", "a > > b", "a > b > c > d"])
def test_malformed_addresses_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError) as info:
        parse(text)
    assert info.value.exit_code == 2
    assert info.value.hint


DUPLICATES = """\
## Quick stats (archive)

| Metric | Value |
|---|---|
| Downloads | old |

## Quick stats

| Metric | Value |
|---|---|
| Downloads | 2 |
| Downloads | 3 |
| [[Qwen]]/[[DeepSeek]] | 4 |
| [[Page\\|Alias]] | 5 |

## Notes

| A | A |
|---|---|
| x | y |

## Notes

| A | B |
|---|---|
| x | z |
"""


@pytest.fixture
def dup(tmp_path: Path) -> Path:
    path = tmp_path / "dup.md"
    path.write_text(DUPLICATES, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("address", "value"),
    [
        ("Quick stats > Downloads[1]", "2"),
        ("Quick stats > Downloads[2]", "3"),
        ("Quick stats (archive) > Downloads", "old"),
        ("Quick*[2] > Downloads[2]", "3"),
        ("Notes[1] > x > A[2]", "y"),
        ("Notes[2] > x", "z"),
        ("Quick stats > Qwen", "4"),
        ("Quick stats > DeepSeek", "4"),
        ("Quick stats > qwen/deepseek", "4"),
        ("Quick stats > Page", "5"),
        ("Quick stats > Alias", "5"),
    ],
)
def test_picking_among_names(dup: Path, address: str, value: str) -> None:
    result = run_main("get", dup, address)
    assert result.returncode == 0, result.stderr
    assert result.stdout == value + "\n"


def test_set_picks_the_same_one(dup: Path) -> None:
    assert run_main("set", dup, "Quick stats > Downloads[2]", "30").returncode == 0
    assert run_main("set", dup, "Notes[2] > x > B", "w").returncode == 0
    assert dup.read_text() == DUPLICATES.replace("| 3 |", "| 30 |").replace("| z |", "| w |")


def test_an_ambiguous_name_suggests_the_addresses_that_pick(dup: Path) -> None:
    result = run_main("get", dup, "Quick stats > Downloads", "--json")
    assert result.returncode == 5
    error = json.loads(result.stdout)["error"]
    assert error["candidates"] == ["Quick stats > Downloads[1]", "Quick stats > Downloads[2]"]
    assert "by line" not in error["hint"]
    assert "'Quick stats > Downloads[2]' (line 12)" in error["hint"]
    # Every suggestion works as written.
    for candidate in error["candidates"]:
        assert run_main("get", dup, candidate).returncode == 0
    columns = json.loads(run_main("get", dup, "Notes[1] > x > A", "--json").stdout)["error"]
    assert columns["candidates"] == ["Notes[1] > x > A[1]", "Notes[1] > x > A[2]"]


def test_create_does_not_add_a_row_where_several_match(dup: Path) -> None:
    for address in ("Quick stats > Downloads", "Quick stats > Downloads[3]"):
        result = run_main("set", dup, address, "9", "--create")
        assert result.returncode == 5, result.stderr
    assert dup.read_text() == DUPLICATES
    assert run_main("set", dup, "Quick stats > Stars", "9", "--create").returncode == 0
    assert "| Stars | 9 |" in dup.read_text()


def test_a_pick_past_the_matches_says_how_many_there_are(dup: Path) -> None:
    result = run_main("get", dup, "Quick stats > Downloads[3]")
    assert result.returncode == 5
    assert "matches 2 times" in result.stderr
    assert "[1] to [2]" in result.stderr


def test_an_exact_heading_wins_over_one_without_its_parenthetical(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_text(DUPLICATES.replace("## Notes", "## Other"), encoding="utf-8")
    assert run_main("get", note, "Quick stats > Qwen").stdout == "4\n"
    # Without an exact heading, the one with a parenthetical still answers.
    note.write_text(DUPLICATES.replace("## Quick stats\n", "## Quick stats (now)\n"))
    ambiguous = run_main("get", note, "Quick stats > Qwen")
    assert ambiguous.returncode == 5
    assert "Quick stats[2] > Qwen" in ambiguous.stderr


@pytest.mark.parametrize(
    ("hidden", "words"),
    [
        ("%%\n## Hidden\n| a | b |\n|---|---|\n| c | d |\n%%\n", "an Obsidian comment (%% %%)"),
        ("<!--\n## Hidden\n| a | b |\n|---|---|\n| c | d |\n-->\n", "an HTML comment"),
        ("```\n## Hidden\n| a | b |\n|---|---|\n| c | d |\n```\n", "a fenced code block"),
    ],
    ids=["obsidian", "html", "fence"],
)
def test_a_hidden_heading_is_named_for_what_hides_it(
    tmp_path: Path, hidden: str, words: str
) -> None:
    note = tmp_path / "n.md"
    note.write_text("## S\n\n" + hidden, encoding="utf-8")
    result = run_main("get", note, "Hidden > c")
    assert result.returncode == 5
    assert f"inside {words}" in result.stderr
    assert f"out of {words}" in result.stderr
    assert "a obsidian" not in result.stderr


def test_the_pick_is_documented_where_addresses_are() -> None:
    helped = run_main("set", "--help").stdout
    assert "NAME[n]" in helped and "Quick stats[2] > Downloads" in helped
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert "`NAME[n]`" in readme and "`Quick stats[2] > Downloads`" in readme


@given(st.text(min_size=1, max_size=12).filter(lambda t: "\n" not in t and "\r" not in t))
def test_a_quoted_key_reads_back_as_that_key(key: str) -> None:
    parsed = addr.parse(addr.quote_key(key))
    assert isinstance(parsed, addr.FrontmatterAddress)
    assert [str(p) for p in parsed.path] == [key]


@pytest.mark.parametrize(
    "name", ["Quick stats", "a > b", 'say "hi"', "back\\slash", "Top [2]", "Models [10] "]
)
def test_a_quoted_name_reads_back_as_that_name_and_no_pick(name: str) -> None:
    quoted = addr.quote_name(name)
    parsed = addr.parse(f"{quoted} > {quoted} > {quoted}")
    assert isinstance(parsed, addr.TableAddress)
    assert (parsed.section, parsed.row, parsed.column) == (name.strip(),) * 3
    assert (parsed.section_pick, parsed.row_pick, parsed.column_pick) == (None, None, None)
