"""A field bound to a section its type writes only when answered (``Why NAME matters``): a
note without that section has no place there, so a refresh does not report the value as
unwritten, and ``--strict`` does not fail the note. A section the type always writes that
the note lacks is still a value not written."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_main


def _vault(tmp_path: Path) -> Path:
    vault = tmp_path / "vault"
    (vault / ".scaffold").mkdir(parents=True)
    made = run_main("new", "product", "Foo", "--defaults", "--vault", vault, cwd=vault)
    assert made.returncode == 0, made.stderr
    return vault


def test_a_section_written_only_when_answered_is_no_place_in_a_note_without_it(
    tmp_path: Path,
) -> None:
    vault = _vault(tmp_path)
    assert "## Why Foo matters" not in (vault / "Foo.md").read_text(encoding="utf-8")
    args = ("update", "--vault", vault, "--where", "type:product", "--set", "downloads=5M")
    done = run_main(*args, "--yes", "--strict", "--json", cwd=vault)
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    summary = records[-1]
    assert summary["places_skipped"] == 0 and summary["changed"] == 1
    (note,) = [r for r in records if r.get("path") == "Foo.md"]
    why = [c for c in note["changes"] if c["address"] == "Why Foo matters > Downloads"]
    assert why and why[0]["status"] == "skipped" and why[0]["optional"] is True
    assert "| Downloads | 5M |" in (vault / "Foo.md").read_text(encoding="utf-8")
    quiet = run_main(*args[:-1], "downloads=6M", "--yes", "-q", cwd=vault)
    assert quiet.returncode == 0 and "not written" not in quiet.stderr


def test_a_section_the_type_always_writes_is_still_reported_when_missing(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    path = vault / "Foo.md"
    text = path.read_text(encoding="utf-8")
    start = text.index("## Quick stats")
    end = text.index("## ", start + 3)
    path.write_text(text[:start] + text[end:], encoding="utf-8")  # Quick stats removed
    args = ("update", "--vault", vault, "--where", "type:product", "--set", "downloads=5M")
    done = run_main(*args, "--yes", "--json", cwd=vault)
    summary = json.loads(done.stdout.splitlines()[-1])
    assert summary["places_skipped"] == 1
    strict = run_main(*args, "--yes", "--strict", cwd=vault)
    assert strict.returncode == 10 and "Quick stats" in strict.stderr
