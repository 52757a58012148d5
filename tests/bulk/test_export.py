"""`scaffold export`: the read side; export then update (without edits) changes nothing."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.bulk.conftest import snapshot
from tests.conftest import run_main


def test_export_writes_the_wide_csv_update_reads(vault: Path) -> None:
    result = run_main(
        "export", "downloads", "license", "aliases", "Quick stats > Parent",
        "--where", "type:product", cwd=vault,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["note"] for r in rows] == ["Grok", "Llama", "Meta AI"]
    llama = rows[1]
    assert llama["downloads"] == "1.2B+"
    assert llama["aliases"] == "Meta Llama, LLaMA, Llama 4"
    assert llama["Quick stats > Parent"] == "[[Meta]]"
    assert rows[0]["downloads"] == "10M"


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "jsonl"])
def test_export_then_update_changes_nothing(vault: Path, tmp_path: Path, fmt: str) -> None:
    grok = vault / "AI" / "Grok.md"
    grok.write_text(
        grok.read_text(encoding="utf-8").replace(
            "| License |", '| Flagship | Grok 3 \\| mini, "big" |\n| License |'
        ),
        encoding="utf-8",
    )
    out = tmp_path / f"values.{fmt}"
    result = run_main(
        "export", "downloads", "license", "parent", "created", "aliases", "kind", "flagship",
        "valuation", "Why * matters > Downloads", "--format", fmt, "-o", out, cwd=vault,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    before = snapshot(vault)
    check = run_main("update", "--from", out, "--check", cwd=vault)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "0 to change" in check.stderr
    assert run_main("update", "--from", out, cwd=vault).returncode == 0
    assert snapshot(vault) == before


def test_edit_an_exported_cell_and_update(vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "values.csv"
    assert (
        run_main("export", "downloads", "--type", "product", "-o", out, cwd=vault).returncode == 0
    )
    text = out.read_text(encoding="utf-8").replace("Grok,10M", "Grok,12M")
    out.write_text(text, encoding="utf-8")
    result = run_main("update", "--from", out, "--json", cwd=vault)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.splitlines()[-1])
    assert summary["changed"] == 1
    assert "| Downloads | 12M |" in (vault / "AI" / "Grok.md").read_text(encoding="utf-8")


def test_export_json_and_the_fields_of_a_type(vault: Path) -> None:
    result = run_main("export", "--type", "actor", "--where", "type:actor", "--json", cwd=vault)
    assert result.returncode == 0, result.stderr
    [meta] = json.loads(result.stdout)
    assert meta["note"] == "Meta" and meta["kind"] == "company" and meta["ticker"] is None
    assert meta["created"] == "2026-01-27"


def test_export_needs_targets(vault: Path) -> None:
    result = run_main("export", cwd=vault)
    assert result.returncode == 2 and "name the fields" in result.stderr
