"""A read-only note in a bulk run: refused and reported, with a hint that does not offer
``--force``, which ``update``, ``undo`` and ``redo`` do not take (issue 14, item 7)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from scaffold.errors import EXIT_PARTIAL
from tests.conftest import run_main

pytestmark = pytest.mark.skipif(not hasattr(os, "chmod"), reason="needs file modes")


def _read_only(path: Path) -> None:
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)


def test_update_refuses_a_read_only_note_without_offering_force(vault: Path) -> None:
    grok = vault / "AI" / "Grok.md"
    before = grok.read_bytes()
    _read_only(grok)
    try:
        result = run_main("update", "--where", "path:AI/*", "--set", "license=MIT", "--yes",
                          cwd=vault)  # fmt: skip
    finally:
        grok.chmod(0o644)
    assert result.returncode == EXIT_PARTIAL, result.stderr
    assert "this note is read-only (mode 0444)" in result.stderr
    assert "pass --force" not in result.stderr
    assert "a bulk run has no --force: make the note writable (chmod u+w)" in result.stderr
    assert grok.read_bytes() == before
    assert "| License | MIT |" in (vault / "AI" / "Llama.md").read_text(encoding="utf-8")


def test_undo_refuses_a_read_only_note_without_offering_force(vault: Path) -> None:
    assert run_main("update", "--where", "path:AI/Grok.md", "--set", "license=MIT", "--yes",
                    cwd=vault).returncode == 0  # fmt: skip
    grok = vault / "AI" / "Grok.md"
    after = grok.read_bytes()
    _read_only(grok)
    try:
        result = run_main("undo", cwd=vault)
    finally:
        grok.chmod(0o644)
    assert result.returncode == EXIT_PARTIAL, result.stderr
    assert "read-only" in result.stderr and "pass --force" not in result.stderr
    assert grok.read_bytes() == after
    assert run_main("undo", cwd=vault).returncode == 0  # writable again: it is undone
    assert b"| License | Proprietary |" in grok.read_bytes()
