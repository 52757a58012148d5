"""History rows go where their date belongs: a backfilled month lands between its neighbours,
in a table written oldest first or newest first; a table in no date order gets the row at the
end, and the plan says so."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli

TRAJECTORY = "## Download trajectory\n"


def _rows(text: str) -> list[str]:
    part = text[text.index(TRAJECTORY) :].split("\n\n")[1]
    return [line.split("|")[1].strip() for line in part.splitlines()[2:]]


def _update(vault: Path, as_of: str, value: str) -> list[dict[str, object]]:
    source = vault.parent / "rows.csv"
    source.write_text(f"note,downloads\nLlama,{value}\n", encoding="utf-8")
    result = run_cli("update", "--from", source, "--as-of", as_of, "--json", cwd=vault)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_a_backfilled_month_goes_between_its_neighbours(vault: Path) -> None:
    llama = vault / "AI" / "Llama.md"
    before = llama.read_text(encoding="utf-8")
    assert _rows(before) == ["Jul 2024", "Dec 2024", "Mar 2025", "Apr 2025"]
    records = _update(vault, "2024-10", "500M")
    after = llama.read_text(encoding="utf-8")
    assert _rows(after) == ["Jul 2024", "Oct 2024", "Dec 2024", "Mar 2025", "Apr 2025"]
    assert "| Oct 2024 | 500M | — |" in after
    # An older date is history only: the current value is kept, and the plan says so.
    assert "| Downloads | 1.2B+ |" in after
    changes = records[0]["changes"]
    assert any("in date order (oldest first)" in str(c.get("reason")) for c in changes), changes
    # Every other line is as it was.
    assert after.replace("| Oct 2024 | 500M | — |\n", "") == before


def test_a_newest_first_table_gets_the_row_in_its_own_order(vault: Path) -> None:
    llama = vault / "AI" / "Llama.md"
    text = llama.read_text(encoding="utf-8")
    rows = [
        "| Jul 2024 | 350M | — |",
        "| Dec 2024 | 650M | — |",
        "| Mar 2025 | **1B** | Milestone |",
        "| Apr 2025 | **1.2B** | +200M in 6 weeks |",
    ]
    flipped = text.replace("\n".join(rows), "\n".join(reversed(rows)))
    assert flipped != text
    llama.write_text(flipped, encoding="utf-8")
    _update(vault, "2025-01", "800M")
    assert _rows(llama.read_text(encoding="utf-8")) == [
        "Apr 2025", "Mar 2025", "Jan 2025", "Dec 2024", "Jul 2024"
    ]  # fmt: skip
    _update(vault, "2025-06", "1.5B")  # the newest goes first, and is the current value
    after = llama.read_text(encoding="utf-8")
    assert _rows(after)[0] == "Jun 2025" and "| Downloads | 1.5B |" in after


def test_a_table_in_no_order_gets_the_row_at_the_end_and_the_plan_says_so(vault: Path) -> None:
    llama = vault / "AI" / "Llama.md"
    text = llama.read_text(encoding="utf-8")
    shuffled = text.replace("| Jul 2024 | 350M | — |\n| Dec 2024 | 650M | — |",
                            "| Dec 2024 | 650M | — |\n| Jul 2024 | 350M | — |")  # fmt: skip
    llama.write_text(shuffled, encoding="utf-8")
    records = _update(vault, "2024-10", "500M")
    assert _rows(llama.read_text(encoding="utf-8"))[-1] == "Oct 2024"
    notes = [str(c.get("reason")) for c in records[0]["changes"]]  # type: ignore[union-attr]
    assert any("in no order" in n for n in notes), notes


def test_a_backfill_keeps_the_current_value_and_is_no_value_left_unwritten(vault: Path) -> None:
    # The backfilled month goes in the history; the newer current value staying is what was
    # asked, so it is no "value not written", no error under -q, and exit 0.
    source = vault.parent / "back.csv"
    source.write_text("note,downloads\nLlama,500M\n", encoding="utf-8")
    args = ("update", "--from", source, "--as-of", "2024-10", "--yes")
    quiet = run_cli(*args, "-q", "--dry-run", cwd=vault)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", ""), quiet.stderr
    result = run_cli(*args, cwd=vault)
    assert result.returncode == 0, result.stderr
    assert "not written" not in result.stderr and "0 skipped" in result.stderr
    assert "Quick stats > Downloads: kept (the date is older" in result.stdout
    records = _update(vault, "2024-11", "600M")
    kept = [c for c in records[0]["changes"] if c.get("kept")]
    assert kept and all(c["status"] == "skipped" for c in kept)
    assert records[-1]["places_skipped"] == 0
