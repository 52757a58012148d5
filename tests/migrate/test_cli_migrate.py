"""``scaffold migrate`` end to end, in-process: plan, diff, check, conflicts, rerun, undo."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from scaffold.cli.main import main
from tests.migrate.conftest import ANSWERS, Gadgets


def _vault(gadgets: Gadgets, *names: str) -> dict[str, bytes]:
    """Notes made with version 1, then the type moved to version 3."""
    gadgets.root.mkdir(parents=True, exist_ok=True)
    written = {}
    for name in names:
        text = gadgets.render(1, {**ANSWERS, "name": name}).encode()
        (gadgets.root / f"{name}.md").write_bytes(text)
        written[name] = text
    (gadgets.root / "Other.md").write_bytes(b"---\ntype: actor\n---\n# Other\n")
    gadgets.install(3)
    return written


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(root.glob("*.md"))}


def _json_lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_migrate_writes_v3_notes_and_a_rerun_writes_nothing(
    gadgets: Gadgets, capsys: pytest.CaptureFixture[str]
) -> None:
    _vault(gadgets, "Widget", "Gizmo")
    want = {n: gadgets.render(3, {**ANSWERS, "name": n}).encode() for n in ("Widget", "Gizmo")}
    gadgets.install(3)
    before = _snapshot(gadgets.root)
    assert main(["migrate", "gadget", "--vault", str(gadgets.root), "--yes"]) == 0
    after = _snapshot(gadgets.root)
    assert after["Widget.md"] == want["Widget"] and after["Gizmo.md"] == want["Gizmo"]
    assert after["Other.md"] == before["Other.md"]  # another type: not touched
    capsys.readouterr()
    assert main(["migrate", "gadget", "--vault", str(gadgets.root), "--json", "--yes"]) == 0
    summary = _json_lines(capsys.readouterr().out)[-1]
    assert summary["changed"] == 0 and summary["unchanged"] == 2 and summary["written"] == 0
    assert _snapshot(gadgets.root) == after
    # undo restores every byte
    assert main(["undo", "--vault", str(gadgets.root)]) == 0
    assert _snapshot(gadgets.root) == before


def test_dry_run_json_lists_each_notes_steps_and_drift(
    gadgets: Gadgets, capsys: pytest.CaptureFixture[str]
) -> None:
    _vault(gadgets, "Widget")
    before = _snapshot(gadgets.root)
    code = main(["migrate", "gadget", "--vault", str(gadgets.root), "--dry-run", "--json"])
    assert code == 0
    records = _json_lines(capsys.readouterr().out)
    (note,) = [r for r in records if r.get("path") == "Widget.md"]
    assert note["status"] == "changed" and note["written"] is False
    steps = [c["target"] for c in note["changes"]]  # type: ignore[index]
    assert steps == [
        "rename_key maker -> made_by",
        "rename_row Stats > Colour -> Color",
        "add_section Price history",
        "add_column Stats > Source",
        "move_row Stats > Weight",
    ]
    # after the migration the note is what the template writes: no drift left
    assert note["drift"] == {
        "missing_sections": [],
        "extra_sections": [],
        "missing_rows": [],
        "extra_rows": [],
        "missing_keys": [],
        "extra_keys": [],
    }
    assert _snapshot(gadgets.root) == before


def test_drift_names_what_no_migration_covers(
    gadgets: Gadgets, capsys: pytest.CaptureFixture[str]
) -> None:
    _vault(gadgets, "Widget")
    path = gadgets.root / "Widget.md"
    text = path.read_text().replace("| Price |", "| Battery | 2 h |\n| Price |")
    path.write_text(text.replace("## Related", "## Reviews\n\nGood.\n\n---\n\n## Related"))
    main(["migrate", "gadget", "--vault", str(gadgets.root), "--dry-run", "--json"])
    (note,) = [r for r in _json_lines(capsys.readouterr().out) if r.get("path") == "Widget.md"]
    assert note["drift"]["extra_rows"] == ["Stats > Battery"]  # type: ignore[index]
    assert note["drift"]["extra_sections"] == ["Reviews"]  # type: ignore[index]


def test_check_exits_11_while_a_note_is_behind(gadgets: Gadgets) -> None:
    _vault(gadgets, "Widget")
    before = _snapshot(gadgets.root)
    assert main(["migrate", "gadget", "--vault", str(gadgets.root), "--check", "-q"]) == 11
    assert _snapshot(gadgets.root) == before
    assert main(["migrate", "gadget", "--vault", str(gadgets.root), "--yes", "-q"]) == 0
    assert main(["migrate", "gadget", "--vault", str(gadgets.root), "--check", "-q"]) == 0


def test_a_conflict_exits_10_with_a_record_and_writes_nothing_of_that_note(
    gadgets: Gadgets, capsys: pytest.CaptureFixture[str]
) -> None:
    _vault(gadgets, "Widget", "Gizmo")
    path = gadgets.root / "Widget.md"
    # both the old and the new key: the rename cannot be decided
    path.write_text(path.read_text().replace("maker: Acme", "maker: Acme\nmade_by: Other Co"))
    conflicted = path.read_bytes()
    code = main(["migrate", "gadget", "--vault", str(gadgets.root), "--yes", "--json"])
    assert code == 10
    records = _json_lines(capsys.readouterr().out)
    (bad,) = [r for r in records if r.get("path") == "Widget.md"]
    assert bad["status"] == "failed"
    error = bad["error"]
    assert error["kind"] == "conflict" and error["exit_code"] == 10  # type: ignore[index]
    assert error["address"] == "maker"  # type: ignore[index]
    assert error["values"] == ["Acme", "Other Co"]  # type: ignore[index]
    assert path.read_bytes() == conflicted
    assert b"made_by" in (gadgets.root / "Gizmo.md").read_bytes()  # the others are migrated


def test_diff_applies_with_git_apply(
    gadgets: Gadgets, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _vault(gadgets, "Widget")
    want = gadgets.render(3, ANSWERS).encode()
    gadgets.install(3)
    assert main(["migrate", "gadget", "--vault", str(gadgets.root), "--diff", "--dry-run"]) == 0
    patch = capsys.readouterr().out
    assert patch.startswith("--- a/Widget.md")
    subprocess.run(["git", "init", "-q"], cwd=gadgets.root, check=True)
    subprocess.run(["git", "apply", "-"], cwd=gadgets.root, input=patch.encode(), check=True)
    assert (gadgets.root / "Widget.md").read_bytes() == want


def test_destructive_steps_need_the_flag(gadgets: Gadgets, tmp_path: Path) -> None:
    _vault(gadgets, "Widget")
    qfile = gadgets.root / ".scaffold" / "templates" / "gadget" / "questions.yaml"
    text = qfile.read_text().replace("version: 3", "version: 4")
    text = text.replace(
        "questions:",
        "  - to: 4\n    steps:\n      - drop_row: {section: Stats, row: Weight}\nquestions:",
    )
    qfile.write_text(text)
    before = _snapshot(gadgets.root)
    assert main(["migrate", "gadget", "--vault", str(gadgets.root), "--yes", "-q"]) == 10
    assert _snapshot(gadgets.root) == before
    args = ["migrate", "gadget", "--vault", str(gadgets.root), "--yes", "-q"]
    assert main([*args, "--allow-destructive"]) == 0
    assert b"| Weight |" not in (gadgets.root / "Widget.md").read_bytes()


def test_an_unknown_type_is_a_usage_error(gadgets: Gadgets) -> None:
    _vault(gadgets, "Widget")
    assert main(["migrate", "gadgte", "--vault", str(gadgets.root), "--dry-run"]) == 2
