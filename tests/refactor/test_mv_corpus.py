"""``scaffold mv`` on a real vault: Obsidian's own help (173 notes, 150 links to Settings),
copied to a temporary folder. No link breaks, only link targets change, and ``undo`` puts
back every byte."""

from __future__ import annotations

import hashlib
import re
import shutil
import stat
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import corpora_or_skip, run_main

NEW = "Zettings Panel"  # a name the corpus never uses, so every occurrence is one we wrote


def _vault(tmp_path: Path) -> Path:
    source = corpora_or_skip("obsidian-help")
    vault = tmp_path / "help"
    shutil.copytree(source, vault)
    for path in vault.rglob("*"):  # the corpus is read-only; the copy must not be
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    (vault / ".scaffold").mkdir()
    return vault


def _notes(vault: Path) -> dict[str, bytes]:
    return {
        p.relative_to(vault).as_posix(): p.read_bytes()
        for p in sorted(vault.rglob("*.md"))
        if ".scaffold" not in p.parts
    }


def _broken(vault: Path, rename: dict[str, str]) -> Counter[tuple[str, int, str]]:
    from scaffold import api

    found = api.check(vault, select=["L001"])["diagnostics"]
    return Counter((rename.get(d["path"], d["path"]), d["line"], d["message"]) for d in found)


@pytest.mark.corpus
def test_mv_on_the_obsidian_help_vault(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    before = _notes(vault)
    assert not any(NEW.encode() in data for data in before.values())
    old_rel, new_rel = "User interface/Settings.md", f"User interface/{NEW}.md"
    broken = _broken(vault, {})

    done = run_main("mv", "Settings", NEW, "--yes", cwd=vault)
    assert done.returncode == 0, done.stderr
    after = _notes(vault)
    assert old_rel not in after and new_rel in after
    assert set(after) == (set(before) - {old_rel}) | {new_rel}

    # Only link targets changed: putting the old name back gives every note's old bytes,
    # and every occurrence of the new name is a link's target.
    rewritten = 0
    for rel, data in after.items():
        text = data.decode("utf-8")
        for match in re.finditer(re.escape(NEW), text):
            assert text.rfind("[[", 0, match.start()) > text.rfind("]]", 0, match.start()), rel
        rewritten += text.count(NEW)
        original = before[old_rel if rel == new_rel else rel]
        assert text.replace(NEW, "Settings").encode("utf-8") == original, rel
    assert rewritten >= 140
    # No link broke, none was mended: the broken-link findings are the same.
    assert _broken(vault, {new_rel: old_rel}) == broken

    undone = run_main("undo", cwd=vault)
    assert undone.returncode == 0, undone.stderr
    restored = _notes(vault)
    assert {k: hashlib.sha256(v).hexdigest() for k, v in restored.items()} == {
        k: hashlib.sha256(v).hexdigest() for k, v in before.items()
    }


@pytest.mark.corpus
def test_moving_into_a_folder_keeps_links_by_name(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    before = _notes(vault)
    done = run_main("mv", "Properties", "Archive/", "--yes", cwd=vault)
    assert done.returncode == 0, done.stderr
    after = _notes(vault)
    assert "Archive/Properties.md" in after
    changed = {
        rel for rel, data in after.items() if rel != "Archive/Properties.md" and before[rel] != data
    }
    # The help links to Properties by name only: nothing else needed a rewrite.
    assert changed == set()
    assert run_main("undo", cwd=vault).returncode == 0
    assert _notes(vault) == before


@pytest.mark.corpus
def test_merge_on_the_obsidian_help_vault(tmp_path: Path) -> None:
    """Hotkeys folded into Settings: its sections and aliases come over, its 16 links lead
    to Settings, and no link finding (broken note, heading or file) appears or goes."""
    from scaffold import api

    vault = _vault(tmp_path)
    before = _notes(vault)
    hotkeys = api.load(vault / "User interface" / "Hotkeys.md").data["aliases"]

    def findings() -> Counter[str]:
        return Counter(d["code"] for d in api.check(vault, select=["L"])["diagnostics"])

    counted = findings()
    done = run_main("merge", "Settings", "Hotkeys", "--prefer", "keep", "--yes", cwd=vault)
    assert done.returncode == 0, done.stderr
    assert not (vault / "User interface" / "Hotkeys.md").exists()
    aliases = api.load(vault / "User interface" / "Settings.md").data["aliases"]
    assert {"Hotkeys", *hotkeys} <= set(aliases)
    assert findings() == counted
    assert not any(b"[[Hotkeys" in data for data in _notes(vault).values())
    assert run_main("undo", cwd=vault).returncode == 0
    assert _notes(vault) == before
