"""Table edits: only the intended bytes change, and the scanner reads the intended change."""

from __future__ import annotations

import pytest

from scaffold.edit.splice import Edit, splice
from scaffold.edit.table_edit import append_row, delete_row, is_aligned, set_cell
from scaffold.errors import AddressError, ValueRefusedError
from scaffold.note.body.markdown import scan_body
from scaffold.note.body.model import Body, Table
from scaffold.note.body.tables import display_width, escape_cell, split_row
from scaffold.text import split_lines
from tests.casefile import Case, read_cases
from tests.conftest import SEED

ALIGNED = (
    "# T\n\n"
    "| Key   | Value | N   |\n"
    "| ----- | :---: | --: |\n"
    "| alpha | one   |   1 |\n"
    "| beta  | two   |  22 |\n"
)


def scan(text: str) -> Body:
    return scan_body(text, split_lines(text), 0)


def grid(table: Table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in (table.header, *table.rows)]


def apply(text: str, edits: list[Edit]) -> str:
    return splice(text, edits)


# -- set_cell ---------------------------------------------------------------------------------


def test_set_cell_on_every_seed_cell_changes_only_its_span() -> None:
    text = SEED.read_text(encoding="utf-8")
    body = scan_body(text, split_lines(text), 3)
    before = [grid(t) for t in body.tables]
    done = 0
    for t, table in enumerate(body.tables):
        assert not is_aligned(text, table)
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                new = apply(text, set_cell(text, table, r, c, "new | value"))
                assert new[: cell.start] == text[: cell.start]
                assert new[len(new) - (len(text) - cell.end) :] == text[cell.end :]
                after = scan_body(new, split_lines(new), 3)
                want = [[list(row_) for row_ in g] for g in before]
                want[t][r + 1][c] = "new \\| value"
                assert [grid(x) for x in after.tables] == want
                done += 1
    assert done > 90


def test_setting_what_get_printed_is_a_no_op() -> None:
    text = "| a | b |\n|---|---|\n| k | [[x\\|y]] |\n"
    (table,) = scan(text).tables
    assert apply(text, set_cell(text, table, 0, 1, "[[x\\|y]]")) == text
    assert apply(text, set_cell(text, table, 0, 1, "  [[x|y]] ")) == text


def test_escape_rules() -> None:
    assert escape_cell("[[a|b]]") == "[[a\\|b]]"
    assert escape_cell("[[a\\|b]]") == "[[a\\|b]]"
    assert escape_cell("a|b|c") == "a\\|b\\|c"
    assert escape_cell("no pipes") == "no pipes"
    for bad in ("two\nlines", "cr\r"):
        with pytest.raises(ValueRefusedError) as info:
            escape_cell(bad)
        assert info.value.hint == "a table cell holds one line; use <br> for a line break"


def test_newline_refused_by_set_cell() -> None:
    text = "| a | b |\n|---|---|\n| k | v |\n"
    (table,) = scan(text).tables
    with pytest.raises(ValueRefusedError):
        set_cell(text, table, 0, 1, "x\ny")


def test_bad_row_and_column() -> None:
    text = "| a | b |\n|---|---|\n| k | v |\n"
    (table,) = scan(text).tables
    for row, col in ((-1, 0), (1, 0), (0, 2)):
        with pytest.raises(AddressError):
            set_cell(text, table, row, col, "x")


def test_set_empty_cells() -> None:
    text = "| a | b | c |\n|---|---|---|\n| k |   | |\n"
    (table,) = scan(text).tables
    new = apply(text, set_cell(text, table, 0, 1, "x"))
    assert new.endswith("| k | x  | |\n")
    new = apply(text, set_cell(text, table, 0, 2, "y"))
    assert new.endswith("| k |   | y |\n")


TABLE_CASES = read_cases("edit/table_edits.md")
assert {c.op for c in TABLE_CASES} == {"set_cell", "delete_row"}  # each op has its test below


@pytest.mark.parametrize("case", [c.param() for c in TABLE_CASES if c.op == "set_cell"])
def test_set_cell_cases(case: Case) -> None:
    row, col, value = case.args
    (table,) = scan(case.text).tables
    assert table.rows[row].cells[col].virtual == case.name.startswith("virtual")
    want = grid(table)
    want[row + 1][col] = value
    new = apply(case.text, set_cell(case.text, table, row, col, value))
    assert new == case.expected
    assert grid(scan(new).tables[0]) == want


def test_set_second_virtual_cell_fills_the_gap() -> None:
    text = "| a | b | c |\n|---|---|---|\n| k |\n"
    (table,) = scan(text).tables
    new = apply(text, set_cell(text, table, 0, 2, "z"))
    assert grid(scan(new).tables[0])[1] == ["k", "", "z"]


def test_aligned_fit_changes_only_the_cell_region() -> None:
    (table,) = scan(ALIGNED).tables
    assert is_aligned(ALIGNED, table)
    cell = table.rows[0].cells[1]
    new = apply(ALIGNED, set_cell(ALIGNED, table, 0, 1, "uno"))
    assert new[: cell.raw_start] == ALIGNED[: cell.raw_start]
    assert new[cell.raw_end :] == ALIGNED[cell.raw_end :]
    assert "| alpha |  uno  |   1 |" in new  # centred, like the column
    assert is_aligned(new, scan(new).tables[0])
    right = apply(ALIGNED, set_cell(ALIGNED, table, 1, 2, "7"))
    assert "| beta  | two   |   7 |" in right  # right-aligned column


def test_aligned_widen_keeps_alignment() -> None:
    (table,) = scan(ALIGNED).tables
    new = apply(ALIGNED, set_cell(ALIGNED, table, 0, 0, "a much longer key"))
    (after,) = scan(new).tables
    assert is_aligned(new, after)
    assert grid(after)[1][0] == "a much longer key"
    assert grid(after)[2] == ["beta", "two", "22"]
    assert "| ----------------- |" in new


def test_aligned_widen_with_wide_characters() -> None:
    (table,) = scan(ALIGNED).tables
    new = apply(ALIGNED, set_cell(ALIGNED, table, 1, 1, "センター"))
    (after,) = scan(new).tables
    assert is_aligned(new, after)
    assert display_width("センター") == 8


def test_is_aligned() -> None:
    assert not is_aligned("| a |\n|---|\n", scan("| a |\n|---|\n").tables[0])  # no body row
    text = "| a | b |\n|---|---|\n| 1 | 2 |\n"
    assert is_aligned(text, scan(text).tables[0])
    text = "| a | b |\n|---|---|\n| 10 | 2 |\n"
    assert not is_aligned(text, scan(text).tables[0])


# -- append_row -------------------------------------------------------------------------------


def check_append(text: str, values: list[str], want_line: str) -> str:
    (table,) = scan(text).tables
    lines = split_lines(text)
    new = apply(text, append_row(text, table, lines, values))
    assert want_line in new, new
    (after,) = scan(new).tables
    padded = [escape_cell(v).strip() for v in values]
    padded += [""] * (len(table.header.cells) - len(padded))
    assert grid(after) == [*grid(table), padded]
    return new


def test_append_row_plain() -> None:
    text = "| a | b |\n|---|---|\n| 10 | 2 |\n\nafter\n"
    new = check_append(text, ["x", "y|z"], "| x | y\\|z |\n\nafter")
    assert new.startswith(text[: text.index("\n\nafter")])


def test_append_row_crlf_and_no_final_newline() -> None:
    text = "| a | b |\r\n|---|---|\r\n| 10 | 2 |"
    new = check_append(text, ["x"], "| 10 | 2 |\r\n| x |  |")
    assert new.count("\r\n") == 3
    assert not new.endswith("\n")
    text = "| a | b |\r\n|---|---|\r\n| 10 | 2 |\r\n"
    assert check_append(text, ["x", "y"], "| x | y |\r\n").endswith("| x | y |\r\n")


def test_append_row_in_callout_and_without_outer_pipes() -> None:
    text = "> [!info]\n> | a | b |\n> |---|---|\n> | 1 | 2 |\n"
    check_append(text, ["x", "y"], "> | x | y |\n")
    text = "a | b\n--- | ---\n1 | 2\n"
    check_append(text, ["x", "y"], "\nx | y\n")
    check_append(text, ["", "y"], "\n|  | y\n")  # an empty first cell needs the pipe
    check_append(text, ["- not a list", "y"], "\n| - not a list | y\n")
    text = "|a|b|\n|-|-|\n|1|22|\n"
    check_append(text, ["x", "y"], "\n|x|y|\n")


def test_append_row_to_aligned_table_pads_cells() -> None:
    text = "| a | b |\n|---|---|\n| 1 | 2 |\n"
    new = check_append(text, ["x"], "| 1 | 2 |\n| x |   |\n")
    assert is_aligned(new, scan(new).tables[0])


def test_append_row_to_table_without_rows() -> None:
    text = "| a | b |\n|---|---|\n\ntext\n"
    check_append(text, ["x", "y"], "|---|---|\n| x | y |\n\ntext")


def test_append_row_to_aligned_table() -> None:
    new = check_append(ALIGNED, ["gamma", "three", "333"], "| gamma | three | 333 |\n")
    assert is_aligned(new, scan(new).tables[0])
    new = check_append(ALIGNED, ["epsilon", "x"], "| epsilon |   x   |     |\n")
    assert is_aligned(new, scan(new).tables[0])


def test_append_row_refuses_too_many_values() -> None:
    text = "| a |\n|---|\n| 1 |\n"
    (table,) = scan(text).tables
    with pytest.raises(ValueRefusedError):
        append_row(text, table, split_lines(text), ["x", "y"])


# -- delete_row -------------------------------------------------------------------------------


@pytest.mark.parametrize("case", [c.param() for c in TABLE_CASES if c.op == "delete_row"])
def test_delete_row(case: Case) -> None:
    text, want = case.text, case.expected
    (row,) = case.args
    (table,) = scan(text).tables
    before = grid(table)
    new = apply(text, delete_row(text, table, split_lines(text), row))
    assert new == want
    (after,) = scan(new).tables
    assert grid(after) == before[: row + 1] + before[row + 2 :]


def test_split_row_offsets() -> None:
    line = "| a | b \\| c |  |"
    assert [(line[s:e], t) for _, _, s, e, t in split_row(line)] == [
        ("a", "a"),
        ("b \\| c", "b \\| c"),
        ("", ""),
    ]
