"""``scaffold merge KEEP DROP``: nothing of DROP is lost, no link breaks, conflicts write
nothing, and ``undo`` puts back every byte. Run through the real CLI on real files."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import run_main
from tests.refactor.test_mv import snapshot

META = """---
aliases: [Meta Platforms]
tags: [company]
---
# Meta

## Quick stats

| Metric | Value |
|---|---|
| Founded | 2004 |
| CEO | — |

## Related
- [[Llama]] — model
"""

FACEBOOK = """---
aliases: [FB]
tags: [company, social]
---
# Facebook

## Quick stats

| Metric | Value |
|---|---|
| Founded | 2004 |
| CEO | Mark Zuckerberg |
| Users | 3B |
| Renamed | see [[Facebook#History]] |

## History

Founded at Harvard.

## Related
- [[Instagram]] — acquired
- [[Meta]] — its new name
"""

MERGED = """---
aliases: [Meta Platforms, Facebook, FB]
tags: [company, social]
---
# Meta

## Quick stats

| Metric | Value |
|---|---|
| Founded | 2004 |
| CEO | Mark Zuckerberg |
| Users | 3B |
| Renamed | see [[Meta#History]] |

## Related
- [[Llama]] — model
- [[Instagram]] — acquired

## History

Founded at Harvard.
"""

LLAMA = (
    '---\nowner: "[[Facebook]]"\n---\nBy [[Facebook|FB]], [[FB]] and [[Facebook#Quick stats]].\n'
)


def make_vault(root: Path, meta: str = META) -> Path:
    vault = root / "vault"
    (vault / ".scaffold").mkdir(parents=True)
    (vault / "Meta.md").write_text(meta, encoding="utf-8")
    (vault / "Facebook.md").write_text(FACEBOOK, encoding="utf-8")
    (vault / "Llama.md").write_text(LLAMA, encoding="utf-8")
    (vault / "Instagram.md").write_text("# Instagram\n", encoding="utf-8")
    return vault


def test_merge_folds_drop_into_keep_and_undo_restores(tmp_path: Path) -> None:
    from scaffold import api

    vault = make_vault(tmp_path)
    before = snapshot(vault)
    done = run_main("merge", "Meta", "Facebook", "--yes", cwd=vault)
    assert done.returncode == 0, done.stderr
    assert (vault / "Meta.md").read_text(encoding="utf-8") == MERGED
    assert not (vault / "Facebook.md").exists()
    assert (vault / "Llama.md").read_text(encoding="utf-8") == (
        '---\nowner: "[[Meta]]"\n---\nBy [[Meta|FB]], [[FB]] and [[Meta#Quick stats]].\n'
    )
    # No link broke, and no alias or tag of either note was lost.
    assert api.check(vault, select=["L001"])["diagnostics"] == []
    merged = api.load(vault / "Meta.md").data
    assert {"Meta Platforms", "FB", "Facebook"} <= set(merged["aliases"])
    assert {"company", "social"} <= set(merged["tags"])

    undone = run_main("undo", cwd=vault)
    assert undone.returncode == 0, undone.stderr
    assert snapshot(vault) == before


def test_a_conflict_is_reported_and_nothing_is_written(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, META.replace("| CEO | — |", "| CEO | Someone |"))
    before = snapshot(vault)
    done = run_main("merge", "Meta", "Facebook", "--yes", "--json", cwd=vault)
    assert done.returncode == 10
    error = json.loads(done.stdout)["error"]
    assert error["kind"] == "conflict"
    assert error["conflicts"] == [
        {"address": "Quick stats > CEO", "keep": "Someone", "drop": "Mark Zuckerberg"}
    ]
    assert "--prefer" in error["hint"]
    assert snapshot(vault) == before
    text = run_main("merge", "Meta", "Facebook", "--dry-run", cwd=vault)
    assert text.returncode == 10
    assert "'Someone' vs 'Mark Zuckerberg'" in text.stderr


@pytest.mark.parametrize(("prefer", "ceo"), [("keep", "Someone"), ("drop", "Mark Zuckerberg")])
def test_prefer_says_whose_value_wins(tmp_path: Path, prefer: str, ceo: str) -> None:
    vault = make_vault(tmp_path, META.replace("| CEO | — |", "| CEO | Someone |"))
    done = run_main("merge", "Meta", "Facebook", "--prefer", prefer, "--yes", cwd=vault)
    assert done.returncode == 0, done.stderr
    text = (vault / "Meta.md").read_text(encoding="utf-8")
    assert f"| CEO | {ceo} |" in text
    assert "| Users | 3B |" in text


def test_stub_leaves_drop_as_a_link_to_keep(tmp_path: Path) -> None:
    from scaffold import api

    vault = make_vault(tmp_path)
    before = snapshot(vault)
    done = run_main("merge", "Meta", "Facebook", "--stub", "--yes", cwd=vault)
    assert done.returncode == 0, done.stderr
    assert (vault / "Facebook.md").read_text(encoding="utf-8") == "Merged into [[Meta]].\n"
    aliases = api.load(vault / "Meta.md").data["aliases"]
    assert aliases == ["Meta Platforms", "FB"]  # the stub keeps its own name
    assert api.check(vault, select=["L001"])["diagnostics"] == []
    assert run_main("undo", cwd=vault).returncode == 0
    assert snapshot(vault) == before


def test_dry_run_writes_nothing_and_json_says_what_it_would_do(tmp_path: Path) -> None:
    vault = make_vault(tmp_path)
    before = snapshot(vault)
    done = run_main("merge", "Meta", "Facebook", "--dry-run", "--json", cwd=vault)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert (report["keep"], report["drop"], report["stub"]) == ("Meta.md", "Facebook.md", False)
    assert "row 'Quick stats > Users'" in report["added"]
    assert "section 'History'" in report["added"]
    assert report["links"] == 4  # three in Llama.md, one in the row moved over
    assert snapshot(vault) == before


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_diff_applies_with_git_and_gives_what_merge_writes(tmp_path: Path) -> None:
    vault = make_vault(tmp_path)
    patch = run_main("merge", "Meta", "Facebook", "--dry-run", "--diff", cwd=vault)
    assert patch.returncode == 0, patch.stderr
    copy = tmp_path / "copy"
    shutil.copytree(vault, copy)
    applied = subprocess.run(
        ["git", "apply", "-"], cwd=copy, input=patch.stdout.encode(), capture_output=True
    )
    assert applied.returncode == 0, applied.stderr.decode()
    assert run_main("merge", "Meta", "Facebook", "--yes", cwd=vault).returncode == 0
    assert snapshot(copy) == snapshot(vault)


@pytest.mark.parametrize(
    ("args", "code"),
    [(("Meta", "Meta.md"), 2), (("Meta", "Nope"), 3), (("Meta", "Facebook", "--prefer", "x"), 2)],
)
def test_refused_merges_write_nothing(tmp_path: Path, args: tuple[str, ...], code: int) -> None:
    vault = make_vault(tmp_path)
    before = snapshot(vault)
    done = run_main("merge", *args, "--yes", cwd=vault)
    assert done.returncode == code, done.stderr
    assert snapshot(vault) == before


def test_a_note_that_links_to_drop_but_cannot_be_read_stops_the_merge(tmp_path: Path) -> None:
    vault = make_vault(tmp_path)
    (vault / "Latin.md").write_bytes(b"Caf\xe9 and [[Facebook]].\n")
    before = snapshot(vault)
    result = run_main("merge", "Meta", "Facebook", "--yes", cwd=vault)
    assert result.returncode == 3, result.stderr
    assert "Latin.md:1:4: it links to Facebook.md, but cannot be read" in result.stderr
    assert snapshot(vault) == before


def test_markdown_links_to_drop_are_rewritten_to_keep(tmp_path: Path) -> None:
    vault = make_vault(tmp_path)
    (vault / "Notes").mkdir()
    page = "See [fb](Facebook.md#History), [up](../Facebook.md) and `[c](Facebook.md)`.\n"
    (vault / "Notes" / "Page.md").write_text(page, encoding="utf-8")
    before = snapshot(vault)
    done = run_main("merge", "Meta", "Facebook", "--yes", cwd=vault)
    assert done.returncode == 0, done.stderr
    assert (vault / "Notes" / "Page.md").read_text(encoding="utf-8") == (
        "See [fb](Meta.md#History), [up](../Meta.md) and `[c](Facebook.md)`.\n"
    )
    assert run_main("undo", cwd=vault).returncode == 0
    assert snapshot(vault) == before
