"""The bulk runner's parts on their own: cell emphasis, history dates, the --where grammar,
and planning over several processes with results in input order."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from scaffold.bulk import history
from scaffold.bulk.select import parse_where
from scaffold.entities.cells import restyle, split_emphasis, states
from scaffold.errors import UsageError, ValueRefusedError
from tests.bulk.conftest import PRODUCT
from tests.conftest import run_main


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("**1.2B+**", "1.3B+", "**1.3B+**"),
        ("**1.2B+** (Apr 2025)", "1.3B+", "**1.3B+**"),
        ("**1.2B+** (Apr 2025)", "1.2B+", "**1.2B+** (Apr 2025)"),  # states it: kept
        ("**1.2B+** (Apr 2025)", "**1.2B+**", "**1.2B+** (Apr 2025)"),
        ("*x*", "y", "*y*"),
        ("__x__", "y", "__y__"),
        ("***x***", "y", "***y***"),
        ("~~x~~", "y", "~~y~~"),
        ("1.2B+", "1.3B+", "1.3B+"),
        ("$10 (2024)", "$10", "$10 (2024)"),  # a plain cell states it too: kept
        ("$10 (2024)", "$11", "$11"),
        ("$10 (a) (b)", "$10", "$10"),  # not one trailing annotation
        ("$100 (2024)", "$10", "$10"),
        ("**1.2B+**", "*1.3B+*", "*1.3B+*"),  # markup of its own: as given
        ("**1.2B+**", "[[Meta]]", "[[Meta]]"),
        ("**1.2B+**", "", ""),
        ("**a**b", "c", "c"),  # not an emphasised value
        ("** a **", "c", "c"),
        ("snake_case_word", "x", "x"),
    ],
)
def test_restyle_keeps_the_cells_emphasis(old: str, new: str, expected: str) -> None:
    assert restyle(old, new) == expected


def test_restyle_verbatim_and_split() -> None:
    assert restyle("**1.2B+**", "1.3B+", verbatim=True) == "1.3B+"
    assert split_emphasis("**~1B** worldwide") == ("**", "~1B", " worldwide")
    assert states("**~1B** worldwide", "~1B") and not states("**~1B** worldwide", "1B")


@pytest.mark.parametrize(
    ("cells", "as_of", "row", "date_text", "latest"),
    [
        (["Jul 2024", "Apr 2025"], "2025-05-20", None, "May 2025", True),
        (["Jul 2024", "Apr 2025"], "2025-04", 1, "Apr 2025", True),
        (["Jul 2024", "**Apr 2025**"], "April 2025", 1, "Apr 2025", True),
        (["Jul 2024", "Apr 2025"], "2024-12-01", None, "Dec 2024", False),
        (["2025-04-01", "2025-04-15"], "2025-05", None, "2025-05", True),  # coarser: as given
        (["2025-04-01"], "2025-04-01", 0, "2025-04-01", True),
        ([], "May 2025", None, "May 2025", True),
        (["2023", "2024"], "2025-03-02", None, "2025", True),
    ],
)
def test_history_rows_match_and_format_dates_like_the_table(
    cells: list[str], as_of: str, row: int | None, date_text: str, latest: bool
) -> None:
    from scaffold.note.parsed import ParsedNote

    lines = ["## H", "", "| Date | Value | Notes |", "|---|---|---|"]
    lines += [f"| {c} | 1 | — |" for c in cells]
    if not cells:
        lines.append("| | | |")
    note = ParsedNote("\n".join(lines) + "\n")
    table = note.body.tables[0]
    plan = history.plan_row(table, 1, history.parse_as_of(as_of))
    if cells:
        assert (plan.row, plan.date_text, plan.latest) == (row, date_text, latest)
        assert plan.filler == "—"
    else:
        assert plan.date_text == date_text


@pytest.mark.parametrize(
    ("old", "new", "as_of", "expected"),
    [
        ("**1.2B+** (Apr 2025)", "**1.3B+**", "2025-05-14", "**1.3B+** (May 2025)"),
        ("**1.2B+** (2025-04-01)", "**1.3B+**", "2025-05-14", "**1.3B+** (2025-05-14)"),
        ("**1.2B+** (2025-04-01)", "**1.3B+**", "2025-05", "**1.3B+** (2025-05)"),
        ("**1.2B+** (Apr 2025)", "**1.3B+**", None, "**1.3B+**"),
        ("**~1B** worldwide", "**~2B**", "2025-05", "**~2B**"),  # not a date
        ("**1.2B+** (Apr 2025)", "**1.3B+** (est.)", "2025-05", "**1.3B+** (est.)"),
        ("1.2B+ (Apr 2025)", "1.3B+", "2025-05", "1.3B+ (May 2025)"),
    ],
)
def test_a_dated_annotation_is_re_dated(
    old: str, new: str, as_of: str | None, expected: str
) -> None:
    dated = history.parse_as_of(as_of) if as_of else None
    assert history.redate(old, new, dated) == expected


def test_as_of_must_be_a_date() -> None:
    with pytest.raises(ValueRefusedError, match="not a date"):
        history.parse_as_of("soon")
    assert history.parse_as_of("2025-05-14").date == dt.date(2025, 5, 14)


@pytest.mark.parametrize(
    ("text", "message", "caret"),
    [
        ("type:", "type: needs a name", "^^^^^"),
        ("license=", "= needs a value", "^"),
        ("(type:a", "never closed", "^"),
        ("type:a or", "ends too early", "^"),
        ("downloads", "'downloads' is not a condition", "^^^^^^^^^"),
        ("type:a )", "unexpected ')'", "^"),
        ("'open", "never closed", "^^^^^"),
        ("and type:a", "expected a condition", "^^^"),
    ],
)
def test_where_errors_point_at_the_token(text: str, message: str, caret: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_where(text)
    assert message in info.value.message
    shown = info.value.message.splitlines()
    assert shown[1] == f"  {text}"
    assert shown[2].strip() == caret


def test_where_precedence() -> None:
    expr = parse_where("type:a tag:b or not folder:c")
    assert type(expr).__name__ == "Any_"
    assert parse_where(["type:a", "tag:b"]) is not None


def test_planning_in_processes_reports_in_input_order(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    count = 900
    for i in range(count):
        (vault / f"N{i:04}.md").write_text(
            PRODUCT.format(name=f"N{i}", alias=f"A{i}", downloads="1", license="x"),
            encoding="utf-8",
        )
    order = [(i * 7919) % count for i in range(count)]  # a permutation
    source = tmp_path / "w.csv"
    source.write_text(
        "note,license\n" + "".join(f"N{i:04},L{i}\n" for i in order), encoding="utf-8"
    )
    result = run_main("update", "--from", source, "--jobs", "2", "--json", "--yes", cwd=vault)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["note"] for r in records[:-1]] == [f"N{i:04}" for i in order]
    assert records[-1]["changed"] == count
    for i in (0, 17, count - 1):
        assert f"| License | L{i} |" in (vault / f"N{i:04}.md").read_text(encoding="utf-8")
