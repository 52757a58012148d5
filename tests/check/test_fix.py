"""`scaffold check --fix`: the rules' single fixes applied through the one write path, as one
journalled run that `scaffold undo` takes back byte for byte; --dry-run, --diff, --json."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.check.conftest import CLEAN
from tests.conftest import run_main

# A ragged row, an unescaped pipe in a table, a metric that disagrees (several fixes: a
# choice), a broken link (no fix), and both required sections missing (two fixes at the end
# of the note: the second waits for the next pass).
MESSY = (
    "\ufeff---\r\ntype: gadget\r\ndownloads: 1.3B+\r\n---\r\n# Widget\r\n\r\n"
    "| Metric | Value |\r\n|---|---|\r\n| Downloads |\r\n| [[Other|o]] | x |\r\n\r\n"
    "See [[Nowhere]].\r\n"
)


def _snapshot(vault: Path) -> dict[str, bytes]:
    return {
        p.relative_to(vault).as_posix(): p.read_bytes()
        for p in sorted(vault.rglob("*"))
        if p.is_file() and ".scaffold/runs" not in p.as_posix()
    }


@pytest.fixture
def messy(vault: Path) -> Path:
    (vault / "Messy.md").write_bytes(MESSY.encode("utf-8"))
    (vault / "Widget.md").write_text(
        CLEAN.replace("| Downloads | 1.2B+ |", "| Downloads | 1.3B+ |"), encoding="utf-8"
    )
    return vault


def test_fix_writes_every_single_fix_and_undo_restores_every_byte(messy: Path) -> None:
    before = _snapshot(messy)
    found = run_main("check", cwd=messy)
    assert {"T001", "T002", "S001", "L001", "V002"} <= set(
        line.rsplit("[", 1)[1][:-1] for line in found.stdout.splitlines()
    )
    fixed = run_main("check", "--fix", cwd=messy)
    assert fixed.returncode == 1  # the broken link and the disagreeing metric are left
    left = [line.rsplit("[", 1)[1][:-1] for line in fixed.stdout.splitlines()]
    assert sorted(left) == ["L001", "V002"]
    assert "fixed 5 findings in 1 note" in fixed.stderr
    assert "1 left to choose (a quick fix in the editor)" in fixed.stderr
    data = (messy / "Messy.md").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf---\r\n")  # the BOM and CRLF kept
    text = data.decode("utf-8-sig")
    assert "| Downloads | |\r\n" in text and "| [[Other\\|o]] | x |\r\n" in text
    assert "## Quick stats" in text and "## Related" in text and "## Why Messy matters" in text
    assert _snapshot(messy)["Widget.md"] == before["Widget.md"]  # a choice: not taken
    # every byte outside the fixes' edits is as it was
    assert (
        text.replace("| Downloads | |", "| Downloads |")
        .replace("\\|", "|")
        .startswith(MESSY.removeprefix("\ufeff"))
    )
    assert run_main("check", "--select", "T,S001", cwd=messy).returncode == 0
    assert run_main("undo", cwd=messy).returncode == 0
    assert _snapshot(messy) == before


def test_dry_run_and_diff_write_nothing_and_the_diff_applies(messy: Path) -> None:
    before = _snapshot(messy)
    dry = run_main("check", "--fix", "--dry-run", "--diff", cwd=messy)
    assert _snapshot(messy) == before
    assert dry.stdout.startswith("diff --git a/Messy.md b/Messy.md\n")
    assert "Messy.md:9:1: fix [T001]" in dry.stderr and "would fix 5 findings" in dry.stderr
    if shutil.which("git") is None:
        pytest.skip("needs git to apply the diff")
    copy = messy.parent / "copy"
    shutil.copytree(messy, copy)
    subprocess.run(["git", "apply", "-"], input=dry.stdout.encode(), cwd=copy, check=True)
    assert run_main("check", "--fix", "--diff", "--yes", cwd=messy).stdout == dry.stdout
    assert (copy / "Messy.md").read_bytes() == (messy / "Messy.md").read_bytes()


def test_json(messy: Path) -> None:
    dry = json.loads(run_main("check", "--fix", "--dry-run", "--json", cwd=messy).stdout)
    assert dry["dry_run"] is True and dry["fixed"] == 5 and dry["run"] is None
    (note,) = dry["notes"]
    assert note["path"] == "Messy.md"
    assert {f["code"] for f in note["fixed"]} == {"T001", "T002", "S001", "S002"}
    assert {d["code"] for d in dry["diagnostics"]} == {"L001", "V002"}
    assert dry["choices"] == 1 and dry["ok"] is False
    done = json.loads(run_main("check", "--fix", "--json", cwd=messy).stdout)
    assert done["run"] and done["written"] == ["Messy.md"]


def test_nothing_to_fix_writes_no_run(vault: Path) -> None:
    result = run_main("check", "--fix", cwd=vault)
    assert result.returncode == 0
    assert "fixed nothing" in result.stderr
    assert not (vault / ".scaffold" / "runs").exists() or not any(
        (vault / ".scaffold" / "runs").iterdir()
    )


def test_fix_refuses_stdin_and_dry_run_needs_fix(vault: Path) -> None:
    assert run_main("check", "--fix", "--stdin", cwd=vault, input=b"# x\n").returncode == 2
    result = run_main("check", "--dry-run", cwd=vault)
    assert result.returncode == 2 and "--dry-run needs --fix" in result.stderr


def test_a_note_changed_after_the_plan_is_not_overwritten(messy: Path) -> None:
    from scaffold import api
    from scaffold.errors import VerifyError

    plan = api.plan_fixes(messy, [messy / "Messy.md"])
    (messy / "Messy.md").write_text("# changed meanwhile\n", encoding="utf-8")
    with pytest.raises(VerifyError):
        api.apply_fixes(plan)
    assert (messy / "Messy.md").read_text(encoding="utf-8") == "# changed meanwhile\n"


def test_a_metric_value_is_chosen_only_when_select_names_the_rule(messy: Path) -> None:
    widget = (messy / "Widget.md").read_bytes()
    run_main("check", "--fix", "--select", "V", cwd=messy)
    assert (messy / "Widget.md").read_bytes() == widget  # a prefix does not choose
    result = run_main("check", "--fix", "--select", "V002", cwd=messy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (messy / "Widget.md").read_bytes() != widget
