"""Undo as a stack, `--cascade`, `redo`, and a journal that is small, private and bounded."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from scaffold.bulk import journal
from tests.bulk.conftest import snapshot
from tests.conftest import run_main


def _update(vault: Path, name: str, csv: str) -> str:
    source = vault.parent / name
    source.write_text(csv, encoding="utf-8")
    result = run_main("update", "--from", source, "--json", cwd=vault)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.splitlines()[-1])
    return str(summary["run"])


def _states(vault: Path) -> dict[str, str]:
    return {r.id: r.state for r in journal.list_runs(vault)}


def test_undo_again_goes_one_run_further_back_and_redo_comes_forward(vault: Path) -> None:
    start = snapshot(vault)
    first = _update(vault, "a.csv", "note,license\nGrok,A\n")
    after_first = snapshot(vault)
    second = _update(vault, "b.csv", "note,license\nLlama,B\n")
    after_second = snapshot(vault)

    assert run_main("undo", cwd=vault).returncode == 0
    assert snapshot(vault) == after_first and _states(vault)[second] == "undone"
    assert run_main("undo", cwd=vault).returncode == 0  # not "already undone": the run before
    assert snapshot(vault) == start and _states(vault)[first] == "undone"
    nothing = run_main("undo", cwd=vault)
    assert nothing.returncode == 2 and "no recorded run is done" in nothing.stderr

    redo = run_main("redo", cwd=vault)  # the most recently undone: the first run
    assert redo.returncode == 0, redo.stderr
    assert snapshot(vault) == after_first and _states(vault)[first] == "done"
    assert run_main("redo", second, cwd=vault).returncode == 0
    assert snapshot(vault) == after_second
    again = run_main("redo", second, cwd=vault)
    assert again.returncode == 2 and "not undone" in again.stderr


def test_undo_of_an_older_run_names_the_later_run_and_cascade_undoes_it(vault: Path) -> None:
    start = snapshot(vault)
    older = _update(vault, "a.csv", "note,license\nGrok,A\nLlama,A\n")
    newer = _update(vault, "b.csv", "note,license\nGrok,B\n")
    refused = run_main("undo", older, "--json", cwd=vault)
    assert refused.returncode == 10
    records = [json.loads(line) for line in refused.stdout.splitlines()]
    grok = next(r for r in records if r.get("path") == "AI/Grok.md")
    assert newer in grok["error"]["message"] and "--cascade" in grok["error"]["hint"]
    assert "by hand" not in grok["error"]["hint"]

    cascade = run_main("undo", older, "--cascade", cwd=vault)
    assert cascade.returncode == 0, cascade.stderr
    assert f"run {newer}" in cascade.stderr and f"run {older}" in cascade.stderr
    assert snapshot(vault) == start
    assert _states(vault) == {older: "undone", newer: "undone"}


def test_redo_refuses_a_note_changed_after_the_undo(vault: Path) -> None:
    _update(vault, "a.csv", "note,license\nGrok,A\n")
    assert run_main("undo", cwd=vault).returncode == 0
    grok = vault / "AI" / "Grok.md"
    edited = grok.read_bytes() + b"\nby hand\n"
    grok.write_bytes(edited)
    result = run_main("redo", cwd=vault)
    assert result.returncode == 10 and "changed after the undo" in result.stderr
    assert grok.read_bytes() == edited


def test_the_journal_is_private_ignored_by_git_and_small(vault: Path) -> None:
    llama = vault / "AI" / "Llama.md"
    os.chmod(llama, 0o600)
    run = _update(vault, "a.csv", "note,license\nLlama,MIT\n")
    runs = vault / ".scaffold" / "runs"
    assert (runs / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    folder = runs / run
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for child in folder.iterdir():
        assert stat.S_IMODE(child.stat().st_mode) == 0o600, child
    size = (folder / journal.JOURNAL).stat().st_size
    assert size < 400, size  # one changed line of a 3.7 KB note, compressed


def test_prune_keeps_the_journal_within_its_byte_bound(vault: Path) -> None:
    ids = [_update(vault, f"{n}.csv", f"note,license\nGrok,L{n}\nLlama,L{n}\n") for n in range(4)]
    sizes = [journal._folder_bytes(vault / journal.RUNS / i) for i in ids]
    gone = journal.prune(vault, max_bytes=sizes[-1] + sizes[-2] + 1)
    assert sorted(gone) == sorted(ids[:2])
    assert set(_states(vault)) == set(ids[2:])
    assert journal.prune(vault, max_bytes=0) == [ids[2]]  # the newest run always stays


def test_a_full_disk_while_journalling_is_a_clear_error(vault: Path, tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("needs /dev/full")
    before = snapshot(vault)
    runs = vault / ".scaffold" / "runs"
    runs.mkdir(parents=True)
    # Every run folder's journal lands on /dev/full: writing it fails with ENOSPC.
    (runs / ".gitignore").write_text("*\n", encoding="utf-8")
    original = journal._open_private

    source = vault.parent / "a.csv"
    source.write_text("note,license\nGrok,A\n", encoding="utf-8")
    script = (
        "import sys, scaffold.bulk.journal as j\n"
        "from pathlib import Path\n"
        "j._open_private = lambda path: open('/dev/full', 'wb')\n"
        "from scaffold.cli.main import main\n"
        f"sys.exit(main(['update', '--from', {str(source)!r}]))\n"
    )
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=vault, capture_output=True, text=True, timeout=60
    )
    assert journal._open_private is original
    assert proc.returncode == 3, proc.stderr
    assert "cannot record the undo journal" in proc.stderr and "No space left" in proc.stderr
    assert "internal error" not in proc.stderr
    assert snapshot(vault) == before
    assert journal.list_runs(vault) == []


def test_a_journal_from_before_the_delta_format_still_undoes(vault: Path) -> None:
    before = snapshot(vault)
    run = _update(vault, "a.csv", "note,license\nGrok,A\n")
    folder = vault / journal.RUNS / run
    (entry,) = journal.entries(journal.find_run(vault, run))
    legacy = {
        "path": entry.path,
        "old_sha256": entry.old_sha256,
        "new_sha256": entry.new_sha256,
        "old": before["AI/Grok.md"].decode("utf-8"),
    }
    (folder / journal.JOURNAL).unlink()
    (folder / journal.LEGACY_JOURNAL).write_text(json.dumps(legacy) + "\n", encoding="utf-8")
    assert run_main("undo", cwd=vault).returncode == 0
    assert snapshot(vault) == before
    redo = run_main("redo", cwd=vault)
    assert redo.returncode == 2 and "can be undone, not redone" in redo.stderr
