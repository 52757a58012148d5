"""Nothing the user named is dropped quietly: a bound field's missing row is made where the
type puts it, a value with no place is counted and named (also with -q), --strict fails it,
and two values for one place are an error naming both rows."""

from __future__ import annotations

import json
from pathlib import Path

from tests.bulk.conftest import snapshot
from tests.conftest import run_cli


def _csv(vault: Path, text: str) -> Path:
    path = vault.parent / "in.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _drop_row(path: Path, row: str) -> bytes:
    text = path.read_text(encoding="utf-8")
    assert row in text
    path.write_text(text.replace(row, "", 1), encoding="utf-8")
    return path.read_bytes()


def test_a_bound_fields_missing_row_is_made_where_the_type_puts_it(vault: Path) -> None:
    grok = vault / "AI" / "Grok.md"
    before = _drop_row(grok, "| License | Proprietary |\n")
    result = run_cli("update", "--from", _csv(vault, "note,license\nGrok,MIT\n"), cwd=vault)
    assert result.returncode == 0, result.stderr
    after = grok.read_bytes()
    # Where product's template writes it: Parent, Category, Downloads, Flagship, License.
    row = b"| Downloads | 10M |\n"
    assert after == before.replace(row, row + b"| License | MIT |\n")
    # Before a row the template writes later: Category goes between Parent and Downloads.
    result = run_cli("update", "--from", _csv(vault, "note,category\nGrok,app\n"), cwd=vault)
    assert result.returncode == 0, result.stderr
    parent = b"| Parent | [[Meta]] |\n"
    assert grok.read_bytes() == after.replace(parent, parent + b"| Category | app |\n")
    assert "0 skipped" in result.stderr and "not written" not in result.stderr


def test_a_value_with_no_place_is_counted_named_and_never_silent(vault: Path) -> None:
    grok = vault / "AI" / "Grok.md"
    text = grok.read_text(encoding="utf-8")
    # No Quick stats section at all: nowhere to make the License row.
    start = text.index("## Quick stats")
    grok.write_text(text[:start], encoding="utf-8")
    before = snapshot(vault)
    source = _csv(vault, "note,license,downloads\nGrok,MIT,11M\n")
    result = run_cli("update", "--from", source, "--dry-run", cwd=vault)
    assert result.returncode == 0, result.stderr
    assert "Quick stats > License" in result.stdout and "skipped" in result.stdout
    assert "1 value not written" not in result.stderr  # License and a Downloads place: 2
    assert "2 values not written" in result.stderr
    quiet = run_cli("update", "--from", source, "-q", "--yes", cwd=vault)
    assert quiet.returncode == 0
    assert "2 values not written" in quiet.stderr  # -q still says it
    assert "Quick stats > License: not written" in quiet.stderr
    as_json = run_cli("update", "--from", source, "--json", "--dry-run", cwd=vault)
    summary = json.loads(as_json.stdout.splitlines()[-1])
    assert summary["places_skipped"] == 2
    strict = run_cli("update", "--from", source, "--strict", cwd=vault)
    assert strict.returncode == 10 and "--strict" in strict.stderr
    # (the -q run wrote the Why table's Downloads; --strict wrote nothing more)
    after = snapshot(vault)
    assert {k for k in after if after[k] != before[k]} == {"AI/Grok.md"}


def test_two_values_for_one_place_are_an_error_naming_both_rows(vault: Path) -> None:
    before = snapshot(vault)
    source = _csv(vault, "note,field,value\nGrok,license,MIT\nGrok,license,GPL\n")
    result = run_cli("update", "--from", source, cwd=vault)
    assert result.returncode == 10
    assert "two values for 'Quick stats > License'" in result.stderr
    assert "in.csv:2" in result.stderr and "in.csv:3" in result.stderr
    assert snapshot(vault) == before
    # A field and an address it binds, disagreeing:
    source = _csv(vault, "note,license,Quick stats > License\nGrok,MIT,GPL\n")
    result = run_cli("update", "--from", source, cwd=vault)
    assert result.returncode == 10 and "two values" in result.stderr
    assert snapshot(vault) == before
    # The same value twice is one value.
    source = _csv(vault, "note,field,value\nGrok,license,MIT\nGrok,license,MIT\n")
    result = run_cli("update", "--from", source, cwd=vault)
    assert result.returncode == 0, result.stderr


def test_check_counts_the_frontmatter_key_of_a_fields_name(vault: Path) -> None:
    grok = vault / "AI" / "Grok.md"
    grok.write_text(
        grok.read_text(encoding="utf-8").replace(
            "created: 2026-01-27", "created: 2026-01-27\ndownloads: 9M"
        ),
        encoding="utf-8",
    )
    found = run_cli("check", "AI/Grok.md", "--format", "json", cwd=vault)
    codes = [d["code"] for d in json.loads(found.stdout)["diagnostics"]]
    assert "V002" in codes, found.stdout
    assert (
        run_cli("update", "--from", _csv(vault, "note,downloads\nGrok,12M\n"), cwd=vault).returncode
        == 0
    )
    again = run_cli("check", "AI/Grok.md", "--format", "json", cwd=vault)
    assert "V002" not in [d["code"] for d in json.loads(again.stdout)["diagnostics"]]
    assert "downloads: 12M" in grok.read_text(encoding="utf-8")


def _dated_note(vault: Path) -> Path:
    note = vault / "Dated.md"
    note.write_bytes(
        b"---\ntype: product\n---\n## Quick stats\n\n| Metric | Value |\n|---|---|\n"
        b"| Downloads | 5M (Apr 2025) |\n| Users | **7M** (Apr 2025) |\n"
    )
    return note


def test_an_address_set_as_of_a_date_redates_the_cells_note(vault: Path) -> None:
    note = _dated_note(vault)
    result = run_cli(
        "update", "--where", "path:Dated.md", "--set", "Quick stats > Downloads=6M",
        "--set", "Quick stats > Users=8M", "--as-of", "2025-06", "--yes", cwd=vault,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = note.read_text(encoding="utf-8")
    assert "| Downloads | 6M (Jun 2025) |" in text and "| Users | **8M** (Jun 2025) |" in text


def test_a_dropped_as_of_note_is_said_in_the_summary_and_the_json(vault: Path) -> None:
    note = _dated_note(vault)
    args = ("update", "--where", "path:Dated.md", "--set", "Quick stats > Downloads=6M")
    result = run_cli(*args, "--yes", cwd=vault)
    assert result.returncode == 0, result.stderr
    assert "| Downloads | 6M |" in note.read_text(encoding="utf-8")
    assert "date (Apr 2025) is dropped" in result.stdout and "--as-of" in result.stdout
    note.write_bytes(note.read_bytes().replace(b"| 6M |", b"| 5M (Apr 2025) |"))
    data = run_cli(*args, "--dry-run", "--json", cwd=vault)
    changes = [c for line in data.stdout.splitlines() for c in json.loads(line).get("changes", [])]
    assert [c["reason"] for c in changes if c["status"] == "changed"] == [
        "the old value's date (Apr 2025) is dropped with it; --as-of DATE dates the new value"
    ]
