"""The Python API: one result per note, never an exception for one note's failure."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

import scaffold
from scaffold.errors import UsageError
from tests.bulk.conftest import snapshot


def test_update_export_undo_and_runs(vault: Path) -> None:
    before = snapshot(vault)
    report = scaffold.update(
        vault, {"Llama": {"downloads": "1.3B+"}, "Nobody": {"license": "x"}}, as_of="2025-05"
    )
    assert not report.ok
    by_note = {r.note: r for r in report.results}
    assert by_note["Llama"].written and by_note["Llama"].status == "changed"
    assert by_note["Nobody"].status == "failed" and by_note["Nobody"].error is not None
    assert report.summary.counts == {"changed": 1, "unchanged": 0, "skipped": 0, "failed": 1}
    exported = scaffold.export(vault, ["downloads"], where="type:product")
    rows = {r["note"]: r["downloads"] for r in csv.DictReader(io.StringIO(exported))}
    assert rows["Llama"] == "1.3B+"
    [run] = scaffold.runs(vault)
    assert run["state"] == "done" and run["written"] == 1
    assert scaffold.undo(vault).ok
    assert snapshot(vault) == before


def test_dry_run_and_set_over_a_selection(vault: Path) -> None:
    before = snapshot(vault)
    report = scaffold.update(vault, where="folder:Apps", set={"license": "MIT"}, dry_run=True)
    assert [r.path for r in report.results] == ["Apps/Meta AI.md"]
    assert report.results[0].changes[0].new == "MIT"
    assert snapshot(vault) == before


def test_a_bad_request_raises(vault: Path) -> None:
    with pytest.raises(UsageError):
        scaffold.update(vault)
    with pytest.raises(UsageError, match="unknown selector"):
        scaffold.update(vault, where="kind:x", set={"a": "b"})
