"""``scaffold history``: the history table as a dated, sorted series, in text, JSON and the
long CSV rows that ``update --from`` takes back without a change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scaffold import api
from tests.conftest import run_main
from tests.metrics.conftest import LLAMA_ROWS, make_vault, product


def test_the_rows_come_out_dated_and_in_date_order(tmp_path: Path) -> None:
    # Written newest first with one undated row: history sorts them and leaves that one out.
    rows = (*reversed(LLAMA_ROWS), ("(estimate)", "2B", "—"))
    vault = make_vault(tmp_path, {"Llama": product("Llama", rows)})
    result = run_main("history", "Llama", "downloads", "--json", cwd=vault)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    (series,) = payload["series"]
    assert [p["date"] for p in series["points"]] == ["2024-07", "2024-12", "2025-03", "2025-04"]
    assert [p["value"] for p in series["points"]] == [350e6, 650e6, 1e9, 1.2e9]
    assert [p["text"] for p in series["points"]] == ["350M", "650M", "**1B**", "**1.2B**"]
    assert series["table"] == "Download trajectory" and series["column"] == "Downloads"
    text = (vault / "Llama.md").read_text(encoding="utf-8").splitlines()
    assert "(estimate)" in text[series["undated_lines"][0] - 1]
    shown = run_main("history", "Llama", cwd=vault).stdout.splitlines()
    assert shown[-1] == (
        f"  (left out: the row(s) at line {series['undated_lines'][0]} have no date in the "
        "first cell)"
    )
    assert "Jul 2024" in text[series["points"][0]["line"] - 1]


def test_text_output_lists_the_rows_and_no_sparkline_when_piped(vault: Path) -> None:
    result = run_main("history", "Llama", cwd=vault)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Llama · downloads (Download trajectory > Downloads)"
    assert lines[1:] == ["  2024-07  350M", "  2024-12  650M", "  2025-03  **1B**",
                         "  2025-04  **1.2B**"]  # fmt: skip


def test_the_sparkline_and_the_plot(vault: Path) -> None:
    found = api.history(vault, "Llama", "downloads")
    lines = api.history_lines(found, spark=True)
    assert lines[-1] == "  ▁▃▆█  350M → 1.2B"
    plot = api.history_lines(found, plot=True)
    assert plot[5].startswith("1.2B │") and plot[5].endswith("█")
    assert plot[12].startswith("   0 │█ █ █ █")
    assert plot[-1].strip() == "2024-07 → 2025-04"


def test_a_cell_that_is_not_a_metric_is_shown_and_said_so(tmp_path: Path) -> None:
    rows = (("Jul 2024", "350M", "—"), ("Dec 2024", "lots", "—"))
    vault = make_vault(tmp_path, {"Llama": product("Llama", rows)})
    result = run_main("history", "Llama", "--json", cwd=vault)
    points = json.loads(result.stdout)["series"][0]["points"]
    assert points[1]["value"] is None and points[1]["unreadable"] == "no number in it"
    text = run_main("history", "Llama", cwd=vault).stdout
    assert "  2024-12  lots   (not a metric: no number in it)" in text


def test_history_csv_into_update_from_changes_nothing(vault: Path) -> None:
    before = (vault / "Llama.md").read_bytes()
    exported = run_main("history", "Llama", "downloads", "--csv", cwd=vault)
    assert exported.stdout.splitlines() == [
        "note,address,as_of,value",
        "Llama,Download trajectory > Jul 2024 > Downloads,2024-07,350M",
        "Llama,Download trajectory > Dec 2024 > Downloads,2024-12,650M",
        "Llama,Download trajectory > Mar 2025 > Downloads,2025-03,**1B**",
        "Llama,Download trajectory > Apr 2025 > Downloads,2025-04,**1.2B**",
    ]
    back = run_main("update", "--from", "-", "--yes", "--json", cwd=vault,
                    input=exported.stdout.encode())  # fmt: skip
    assert back.returncode == 0, back.stderr
    summary = json.loads(back.stdout.splitlines()[-1])
    assert (summary["changed"], summary["unchanged"]) == (0, 1), summary
    assert (vault / "Llama.md").read_bytes() == before


def test_an_edited_csv_row_updates_that_cell_only(vault: Path) -> None:
    before = (vault / "Llama.md").read_text(encoding="utf-8")
    exported = run_main("history", "Llama", "--csv", cwd=vault).stdout
    edited = exported.replace(",650M", ",700M")
    back = run_main("update", "--from", "-", "--yes", cwd=vault, input=edited.encode())
    assert back.returncode == 0, back.stderr
    after = (vault / "Llama.md").read_text(encoding="utf-8")
    assert after == before.replace("| Dec 2024 | 650M |", "| Dec 2024 | 700M |")


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("Nope",), 3, "no note named 'Nope'"),
        (("Llama", "downlods"), 2, "Did you mean downloads?"),
        (("Llama", "license"), 2, "has no history table"),
    ],
)
def test_clear_errors(vault: Path, args: tuple[str, ...], code: int, words: str) -> None:
    result = run_main("history", *args, cwd=vault)
    assert result.returncode == code, result.stderr
    assert words in result.stderr
    assert "Traceback" not in result.stderr


def test_a_note_without_the_table_or_a_type(tmp_path: Path) -> None:
    text = product("Llama", LLAMA_ROWS)
    no_table = text.replace("## Download trajectory", "## Something else")
    untyped = text.replace("type: product\n", "")
    vault = make_vault(tmp_path, {"Llama": no_table, "Untyped": untyped})
    missing = run_main("history", "Llama", "--json", cwd=vault)
    assert missing.returncode == 5
    error = json.loads(missing.stdout)["error"]
    assert error["path"] == "Llama.md" and "Download trajectory" in error["message"]
    result = run_main("history", "Untyped", cwd=vault)
    assert result.returncode == 2 and "no type" in result.stderr and "--type" in result.stderr
    typed = run_main("history", "Untyped", "--type", "product", "--json", cwd=vault)
    assert typed.returncode == 0 and len(json.loads(typed.stdout)["series"][0]["points"]) == 4


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "jsonl"])
def test_export_history_writes_long_rows_that_update_takes_back(five: Path, fmt: str) -> None:
    before = {p.name: p.read_bytes() for p in five.glob("*.md")}
    exported = run_main("export", "downloads", "--history", "--format", fmt, cwd=five)
    assert exported.returncode == 0, exported.stderr
    source = five.parent / f"rows.{fmt}"
    source.write_text(exported.stdout, encoding="utf-8")
    back = run_main("update", "--from", source, "--yes", "--json", cwd=five)
    assert back.returncode == 0, back.stderr
    summary = json.loads(back.stdout.splitlines()[-1])
    assert (summary["changed"], summary["unchanged"]) == (0, 5), summary
    assert {p.name: p.read_bytes() for p in five.glob("*.md")} == before


def test_export_history_follows_where_and_counts_one_row_per_dated_cell(five: Path) -> None:
    result = run_main("export", "downloads", "--history", "--where", "downloads>500M", cwd=five)
    rows = result.stdout.splitlines()
    assert rows[0] == "note,address,as_of,value"
    assert [r.split(",")[0] for r in rows[1:]] == ["Llama"] * 4 + ["Qwen"] * 3
    assert rows[-1] == "Qwen,Download trajectory > Apr 2025 > Downloads,2025-04,600M"
    two = run_main("export", "downloads", "license", "--history", cwd=five)
    assert two.returncode == 2 and "one field" in two.stderr
