"""`scaffold export` writes data as data: in JSON a list is an array and a mapping an object
(so ``["a, b", "c"]`` and ``["a", "b", "c"]`` never export alike), and `update` takes every
export back unchanged, mappings included (issue 14, item 7)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from scaffold.errors import EXIT_PARTIAL
from tests.bulk.conftest import snapshot
from tests.conftest import run_main

NOTE = """\
---
type: product
aliases: ["a, b", c]
tags: [a, b, c]
holdings: {fund: Alpha, since: 2026-01-02, weights: [1, 2]}
---

## Quick stats

| Metric | Value |
|--------|-------|
| Downloads | 5M |
"""
TARGETS = ("aliases", "tags", "holdings", "Quick stats > Downloads")


@pytest.fixture
def listed(vault: Path) -> Path:
    (vault / "Fund.md").write_text(NOTE, encoding="utf-8")
    return vault


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_lists_and_mappings_export_as_arrays_and_objects(listed: Path, fmt: str) -> None:
    result = run_main("export", *TARGETS, "--where", "path:Fund.md", "--format", fmt, cwd=listed)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    rows = json.loads(text) if fmt == "json" else [json.loads(line) for line in text.splitlines()]
    assert rows == [
        {
            "note": "Fund",
            "aliases": ["a, b", "c"],
            "tags": ["a", "b", "c"],
            "holdings": {"fund": "Alpha", "since": "2026-01-02", "weights": ["1", "2"]},
            "Quick stats > Downloads": "5M",
        }
    ]


def test_csv_joins_a_list_and_writes_a_mapping_as_json(listed: Path) -> None:
    result = run_main("export", *TARGETS, "--where", "path:Fund.md", cwd=listed)
    row = next(csv.DictReader(io.StringIO(result.stdout)))
    assert row["tags"] == "a, b, c"
    assert json.loads(row["holdings"]) == {
        "fund": "Alpha",
        "since": "2026-01-02",
        "weights": ["1", "2"],
    }


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "jsonl"])
def test_every_export_is_taken_back_unchanged(listed: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"all.{fmt}"
    exported = run_main("export", *TARGETS, "--where", "path:*", "--format", fmt, "-o", out,
                        cwd=listed)  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    before = snapshot(listed)
    check = run_main("update", "--from", out, "--check", cwd=listed)
    assert check.returncode == 0, check.stdout + check.stderr  # no note "failed"
    assert "0 failed" in check.stderr and "0 to change" in check.stderr
    assert snapshot(listed) == before


def test_a_changed_list_is_refused_and_the_note_left_alone(listed: Path, tmp_path: Path) -> None:
    source = tmp_path / "edited.json"
    source.write_text(json.dumps([{"note": "Fund", "tags": ["a", "b", "d"]}]), encoding="utf-8")
    before = snapshot(listed)
    result = run_main("update", "--from", source, "--yes", cwd=listed)
    assert result.returncode == EXIT_PARTIAL
    assert 'tags: the input gives a list (["a", "b", "d"]) that is not the note' in result.stderr
    assert "scaffold append / remove" in result.stderr
    assert snapshot(listed) == before
