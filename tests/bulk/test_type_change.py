"""``update`` warns when a value changes its place's kind, as ``scaffold set`` does: text over
a frontmatter number, boolean or date (stored as a string), or text over a cell that reads as
a number. The warning is in the plan, ``--json`` (``type_change``) and the summary, ``-q``
keeps it, and ``--strict`` fails the note instead (issue 14, item 7)."""

from __future__ import annotations

import json
from pathlib import Path

from scaffold.errors import EXIT_PARTIAL
from tests.bulk.conftest import snapshot
from tests.conftest import run_main

NOTE = """\
---
type: product
score: 8
flag: true
code: '007'
---

## Quick stats

| Metric | Value |
|--------|-------|
| Users | 1500 |
| Downloads | — |
"""


def _vault(tmp_path: Path) -> Path:
    root = tmp_path / "v"
    (root / ".obsidian").mkdir(parents=True)
    (root / "N.md").write_text(NOTE, encoding="utf-8")
    (root / "Other.md").write_text(NOTE.replace("score: 8", "score: 9"), encoding="utf-8")
    return root


def _csv(root: Path, text: str) -> Path:
    path = root.parent / "u.csv"
    path.write_text(text, encoding="utf-8")
    return path


KINDS = "note,score,flag,code,Quick stats > Users,Quick stats > Downloads\nN,high,maybe,7,lots,2M\n"


def test_a_change_of_kind_is_warned_in_the_plan_and_the_summary(tmp_path: Path) -> None:
    root = _vault(tmp_path)
    result = run_main("update", "--from", _csv(root, KINDS), "--yes", cwd=root)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        "warning: N.md: score: 'high' is not an integer, so it replaces the integer 8 as a string",
        "warning: N.md: flag: 'maybe' is not a boolean, so it replaces the boolean true as a "
        "string",
        "warning: N.md: Quick stats > Users: 'lots' is not a number, so it replaces the number "
        "'1500' as text",
    ]  # '007' -> '7' stays a string, and a number over the blank '—' fills it in: no warning
    assert "3 values change kind (see the warnings)" in result.stderr
    text = (root / "N.md").read_text(encoding="utf-8")
    assert "score: high\n" in text and "| Users | lots |" in text  # written, as without --strict


def test_json_has_type_change_on_the_change_and_a_count_in_the_summary(tmp_path: Path) -> None:
    root = _vault(tmp_path)
    result = run_main("update", "--from", _csv(root, KINDS), "--dry-run", "--json", cwd=root)
    assert result.returncode == 0, result.stderr
    note, summary = (json.loads(line) for line in result.stdout.splitlines())
    kinds = {c["address"]: c.get("type_change") for c in note["changes"]}
    assert kinds == {
        "score": {"from": "integer", "to": "string", "old": 8, "value": "high"},
        "flag": {"from": "boolean", "to": "string", "old": True, "value": "maybe"},
        "code": None,
        "Quick stats > Users": {"from": "number", "to": "text", "old": "1500", "value": "lots"},
        "Quick stats > Downloads": None,
    }
    assert summary["type_changes"] == 3


def test_quiet_still_prints_the_warning_and_the_summary(tmp_path: Path) -> None:
    root = _vault(tmp_path)
    source = _csv(root, "note,Quick stats > Users\nN,lots\n")
    result = run_main("update", "--from", source, "--yes", "-q", cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith("warning: N.md: Quick stats > Users: 'lots' is not a number")
    assert "1 value changes kind" in lines[-1]
    quiet = run_main("update", "--from", _csv(root, "note,Quick stats > Users\nN,12\n"), "--yes",
                     "-q", cwd=root)  # fmt: skip
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")  # nothing to say


def test_strict_fails_the_note_and_writes_nothing_of_it(tmp_path: Path) -> None:
    root = _vault(tmp_path)
    before = snapshot(root)
    source = _csv(root, "note,Quick stats > Users\nN,lots\nOther,2000\n")
    result = run_main("update", "--from", source, "--yes", "--strict", cwd=root)
    assert result.returncode == EXIT_PARTIAL, result.stderr
    assert "--strict keeps the kind" in result.stderr
    after = snapshot(root)
    assert after["N.md"] == before["N.md"]
    assert "| Users | 2000 |" in after["Other.md"].decode()  # the other note is written
    frontmatter = run_main("update", "--from", _csv(root, "note,score\nN,high\n"), "--strict",
                           "--json", "--yes", cwd=root)  # fmt: skip
    assert frontmatter.returncode == EXIT_PARTIAL
    failed = json.loads(frontmatter.stdout.splitlines()[0])
    assert failed["status"] == "failed" and "--strict keeps the type" in failed["error"]["message"]
    assert snapshot(root)["N.md"] == before["N.md"]
