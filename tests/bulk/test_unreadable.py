"""A note that cannot be read (invalid YAML, not UTF-8, no permission) is counted apart as
unreadable, in the summary line and ``--json``, and reported once. The run exits 10 only
when the input names that note or the selection is known to pick it (issue 14, item 6)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from scaffold.errors import EXIT_PARTIAL
from tests.bulk.conftest import snapshot
from tests.conftest import run_main

BAD_DATE = b"---\ntype: product\ncreated: 2026-02-30\ntags: [ai]\n---\n\n## Quick stats\n"
NOT_UTF8 = b"---\ntype: product\n---\n\n## Quick stats \xff\xfe\n"


@pytest.fixture
def spoiled(vault: Path) -> Path:
    (vault / "AI" / "Bad.md").write_bytes(BAD_DATE)
    (vault / "AI" / "Latin.md").write_bytes(NOT_UTF8)
    return vault


def _set(*where: str) -> tuple[str, ...]:
    return ("update", *(w for expr in where for w in ("--where", expr)), "--set", "license=MIT")


def test_a_selection_that_cannot_test_a_note_counts_it_apart(spoiled: Path) -> None:
    result = run_main(*_set("tag:app"), "--yes", cwd=spoiled)
    assert result.returncode == 0, result.stderr
    warned = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warned == [
        "warning: AI/Bad.md:2: not read: invalid YAML in the frontmatter: day is out of range "
        "for month",
        "warning: AI/Latin.md:5:16: not read: not valid UTF-8 (byte 0xff)",
    ]  # once each
    assert "error:" not in result.stderr
    assert "1 changed, 0 unchanged, 0 skipped, 0 failed; 2 notes could not be read" in (
        result.stderr
    )
    assert "| License | MIT |" in (spoiled / "Apps" / "Meta AI.md").read_text()


def test_json_counts_them_and_lists_each(spoiled: Path) -> None:
    result = run_main(*_set("type:product"), "--dry-run", "--json", cwd=spoiled)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    summary = records[-1]
    assert summary["failed"] == 0 and summary["unreadable"] == 2
    assert [(n["path"], n["kind"]) for n in summary["unreadable_notes"]] == [
        ("AI/Bad.md", "parse"),
        ("AI/Latin.md", "file"),
    ]
    assert all(r.get("path") not in ("AI/Bad.md", "AI/Latin.md") for r in records[:-1])


def test_quiet_still_says_so(spoiled: Path) -> None:
    result = run_main(*_set("tag:app"), "--yes", "-q", cwd=spoiled)
    assert result.returncode == 0 and result.stdout == ""
    assert result.stderr.count("warning:") == 2
    assert "2 notes could not be read" in result.stderr.splitlines()[-1]


@pytest.mark.parametrize(
    "args",
    [
        ("update", "--from", "{csv}", "--yes"),  # the input names it
        ("update", "--from", "{csv}", "--where", "tag:nothing", "--yes"),  # named, then filtered
        (*_set("path:AI/*"), "--yes"),  # the selection picks it by its path
    ],
)
def test_a_note_named_or_picked_fails_the_run(spoiled: Path, args: tuple[str, ...]) -> None:
    csv = spoiled.parent / "u.csv"
    csv.write_text("note,license\nBad,MIT\nGrok,MIT\n", encoding="utf-8")
    before = snapshot(spoiled)
    result = run_main(*(a.replace("{csv}", str(csv)) for a in args), cwd=spoiled)
    assert result.returncode == EXIT_PARTIAL, result.stderr
    assert "error: AI/Bad.md:2: invalid YAML" in result.stderr
    assert snapshot(spoiled)["AI/Bad.md"] == before["AI/Bad.md"]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any file")
def test_a_note_without_read_permission_is_unreadable(vault: Path) -> None:
    locked = vault / "AI" / "Locked.md"
    locked.write_bytes(BAD_DATE.replace(b"2026-02-30", b"2026-02-03"))
    locked.chmod(0)
    try:
        result = run_main(*_set("tag:app"), "--dry-run", "--json", cwd=vault)
    finally:
        locked.chmod(0o644)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.splitlines()[-1])
    assert [n["path"] for n in summary["unreadable_notes"]] == ["AI/Locked.md"]
