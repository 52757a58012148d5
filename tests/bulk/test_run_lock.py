"""The run lock's refusal has its own documented exit code, 13 (kind ``busy``): another
update, undo or redo holds the vault's lock, and nothing was done (issue 14, item 7)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scaffold.bulk import journal
from scaffold.errors import EXIT_BUSY
from tests.bulk.conftest import snapshot
from tests.conftest import run_main


@pytest.mark.parametrize(
    "args",
    [
        ("update", "--where", "path:*", "--set", "license=MIT", "--yes", "--json"),
        ("undo", "--json"),
        ("redo", "--json"),
    ],
)
def test_a_held_run_lock_is_exit_13(vault: Path, args: tuple[str, ...]) -> None:
    assert run_main("update", "--where", "path:AI/Grok.md", "--set", "license=A", "--yes",
                    cwd=vault).returncode == 0  # fmt: skip
    before = snapshot(vault)
    with journal.RunLock(vault):  # another scaffold, as far as the command can tell
        result = run_main(*args, cwd=vault)
    assert result.returncode == EXIT_BUSY == 13, result.stderr
    error = json.loads(result.stdout.splitlines()[-1])["error"]
    assert error["kind"] == "busy" and "is running in this vault" in error["message"]
    assert snapshot(vault) == before


def test_help_and_readme_document_13() -> None:
    helped = run_main("update", "--help").stdout
    assert "  13   another update/undo/migrate runs in this vault" in helped
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert "| 13 | another `update`" in readme
