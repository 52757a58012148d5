"""A note that is a symbolic link out of the vault is refused while planning: its content is
never read, so no plan, diff, JSON or export shows it, and nothing outside is written
(issue 14, item 7)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scaffold.errors import EXIT_PARTIAL
from tests.conftest import run_main

SECRET = "SECRET-OUTSIDE-42"
OUTSIDE = f"""\
---
type: product
downloads: {SECRET}
---

## Quick stats

| Metric | Value |
|--------|-------|
| Downloads | {SECRET} |
"""


@pytest.fixture
def linked(vault: Path) -> tuple[Path, Path]:
    outside = vault.parent / "elsewhere" / "Secret.md"
    outside.parent.mkdir()
    outside.write_text(OUTSIDE, encoding="utf-8")
    (vault / "AI" / "Linked.md").symlink_to(outside)
    return vault, outside


@pytest.mark.parametrize(
    "args",
    [
        ("update", "--from", "{csv}", "--dry-run"),
        ("update", "--from", "{csv}", "--dry-run", "--diff"),
        ("update", "--from", "{csv}", "--dry-run", "--json"),
        ("update", "--from", "{csv}", "--yes"),
        (
            "update",
            "--where",
            "path:*",
            "--set",
            "Quick stats > Downloads=5M",
            "--dry-run",
            "--diff",
        ),
        ("update", "--where", "path:AI/*", "--set", "downloads=5M", "--yes", "--json"),
        ("export", "downloads", "Quick stats > Downloads", "--where", "path:*"),
        ("export", "downloads", "--where", "path:*", "--format", "json"),
    ],
)
def test_a_link_out_of_the_vault_is_refused_before_it_is_read(
    linked: tuple[Path, Path], args: tuple[str, ...]
) -> None:
    vault, outside = linked
    csv = vault.parent / "m.csv"
    csv.write_text("note,downloads\nLinked,5M\nGrok,20M\n", encoding="utf-8")
    result = run_main(*(a.replace("{csv}", str(csv)) for a in args), cwd=vault)
    assert result.returncode == EXIT_PARTIAL, result.stderr
    assert SECRET not in result.stdout + result.stderr
    assert "outside the vault" in (result.stdout if "--json" in args else result.stderr)
    assert outside.read_text(encoding="utf-8") == OUTSIDE
    if "--json" in args:
        records = [json.loads(line) for line in result.stdout.splitlines()]
        failed = [r for r in records if r.get("path") == "AI/Linked.md"]
        assert [r["status"] for r in failed] == ["failed"]
        assert failed[0]["error"]["kind"] == "file" and failed[0]["changes"] == []


def test_a_link_inside_the_vault_is_followed(vault: Path) -> None:
    (vault / "AI" / "Alias.md").symlink_to(vault / "AI" / "Grok.md")
    result = run_main("export", "Quick stats > License", "--where", "path:AI/Alias.md", cwd=vault)
    assert result.returncode == 0, result.stderr
    assert "Proprietary" in result.stdout
