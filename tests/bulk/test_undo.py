"""`scaffold undo` and `scaffold runs`, the journal, and a run killed in the middle."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from scaffold.bulk import journal
from tests.bulk.conftest import PRODUCT, snapshot
from tests.conftest import run_main


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_undo_restores_every_byte_and_runs_lists_the_run(vault: Path) -> None:
    before = snapshot(vault)
    source = write(vault.parent / "w.csv", "note,downloads,license\nLlama,1.3B+,MIT\nGrok,11M,\n")
    result = run_main("update", "--from", source, "--as-of", "2025-05", cwd=vault)
    assert result.returncode == 0, result.stderr
    assert snapshot(vault) != before
    runs = run_main("runs", "--json", cwd=vault)
    [run] = [json.loads(line) for line in runs.stdout.splitlines()]
    assert run["state"] == "done" and run["written"] == 2 and run["interrupted"] is False
    # The journal: path, both hashes and the change as a delta, for each note written.
    journal_file = vault / ".scaffold" / "runs" / run["id"] / "journal.jsonl.gz"
    lines = gzip.decompress(journal_file.read_bytes()).decode("utf-8").splitlines()
    entries = [json.loads(line) for line in lines]
    assert {e["path"] for e in entries} == {"AI/Llama.md", "AI/Grok.md"}
    llama = next(e for e in entries if e["path"] == "AI/Llama.md")
    now = (vault / "AI" / "Llama.md").read_bytes()
    assert llama["new_sha256"] == journal.digest(now)
    # A delta: the changed lines (two cells and a history row), not the whole note.
    kept = sum(len(old) + len(new) for *_, old, new in llama["hunks"])
    assert kept < len(before["AI/Llama.md"]) // 4, llama["hunks"]
    (entry,) = [e for e in journal.entries(journal.find_run(vault, run["id"])) if "Llama" in e.path]
    assert entry.old_from(now) == before["AI/Llama.md"]
    assert entry.new_from(before["AI/Llama.md"]) == now
    result = run_main("undo", cwd=vault)
    assert result.returncode == 0, result.stderr
    assert snapshot(vault) == before
    assert "2 restored" in result.stderr
    again = run_main("undo", run["id"], cwd=vault)
    assert again.returncode == 2 and "already undone" in again.stderr


def test_undo_refuses_a_note_changed_after_the_run(vault: Path) -> None:
    before = snapshot(vault)
    source = write(vault.parent / "w.csv", "note,license\nLlama,MIT\nGrok,MIT\n")
    assert run_main("update", "--from", source, cwd=vault).returncode == 0
    grok = vault / "AI" / "Grok.md"
    edited = grok.read_bytes() + b"\nA line added by hand.\n"
    grok.write_bytes(edited)
    result = run_main("undo", "--json", cwd=vault)
    assert result.returncode == 10
    records = [json.loads(line) for line in result.stdout.splitlines()]
    by_path = {r["path"]: r for r in records if "path" in r}
    assert by_path["AI/Grok.md"]["status"] == "failed"
    assert "changed after the run" in by_path["AI/Grok.md"]["error"]["message"]
    assert by_path["AI/Llama.md"]["status"] == "changed"
    assert (vault / "AI" / "Llama.md").read_bytes() == before["AI/Llama.md"]
    assert grok.read_bytes() == edited  # left alone


def test_undo_by_name_and_prefix(vault: Path) -> None:
    first = write(vault.parent / "a.csv", "note,license\nGrok,A\n")
    second = write(vault.parent / "b.csv", "note,license\nLlama,B\n")
    assert run_main("update", "--from", first, cwd=vault).returncode == 0
    assert run_main("update", "--from", second, cwd=vault).returncode == 0
    runs = [json.loads(line) for line in run_main("runs", "--json", cwd=vault).stdout.splitlines()]
    assert len(runs) == 2
    older = runs[1]["id"]
    result = run_main("undo", older[:-2], cwd=vault)  # a unique prefix
    assert result.returncode == 0, result.stderr
    assert "| License | Proprietary |" in (vault / "AI" / "Grok.md").read_text(encoding="utf-8")
    assert "| License | B |" in (vault / "AI" / "Llama.md").read_text(encoding="utf-8")
    assert run_main("undo", "nosuchrun", cwd=vault).returncode == 2


def test_old_runs_are_pruned(vault: Path) -> None:
    import scaffold
    from scaffold.bulk.journal import prune

    for value in range(journal.KEEP + 3):  # in-process: 23 runs of the CLI take long
        assert scaffold.update(vault, {"Grok": {"license": f"L{value}"}}).ok
    runs = journal.list_runs(vault)
    assert len(runs) == journal.KEEP
    assert prune(vault, keep=2) and len(journal.list_runs(vault)) == 2


# -- a killed run --------------------------------------------------------------------------------


def big_vault(root: Path, count: int) -> Path:
    (root / ".obsidian").mkdir(parents=True)
    for i in range(count):
        (root / f"P{i:05}.md").write_text(
            PRODUCT.format(name=f"P{i}", alias=f"A{i}", downloads=f"{i}K", license="Free"),
            encoding="utf-8",
        )
    return root


def test_a_run_killed_mid_write_is_detected_and_rolled_back(tmp_path: Path) -> None:
    vault = big_vault(tmp_path / "vault", 3000)
    before = snapshot(vault)
    source = tmp_path / "w.csv"
    source.write_text(
        "note,downloads,license\n" + "".join(f"P{i:05},{i}M,MIT\n" for i in range(3000)),
        encoding="utf-8",
    )
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "scaffold", "update", "--from", str(source), "--jobs", "2"],
        cwd=vault,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    first = vault / "P00000.md"
    deadline = time.monotonic() + 120
    try:
        # Wait for the write phase to have started on the first notes, then kill.
        while time.monotonic() < deadline and proc.poll() is None:
            if first.read_bytes() != before["P00000.md"]:
                break
            time.sleep(0.001)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    after = snapshot(vault)
    written = [k for k in before if after.get(k) != before[k]]
    assert written, "the run was killed before it wrote anything"
    assert len(written) < len(before), "the run finished before it could be killed"
    [run] = journal.list_runs(vault)
    assert run.state == "writing"
    # Nothing is torn: each note holds its old bytes or exactly the new ones.
    entries = {e.path: e for e in journal.entries(run)}
    for name in written:
        assert journal.digest(after[name]) == entries[name].new_sha256, name
    # The next update says so and refuses; runs shows it.
    blocked = run_main("update", "--from", source, cwd=vault)
    assert blocked.returncode == 12
    assert f"scaffold undo {run.id}" in blocked.stderr
    assert "INTERRUPTED" in run_main("runs", cwd=vault).stdout
    result = run_main("undo", cwd=vault)
    assert result.returncode == 0, result.stderr
    assert snapshot(vault) == before
    strays = [p for p in vault.rglob("*") if p.name.endswith(".tmp")]
    assert strays == []
    assert run_main("update", "--from", source, "--dry-run", cwd=vault).returncode == 0


def test_an_undo_that_stopped_part_way_is_finished_by_undo_again(vault: Path) -> None:
    before = snapshot(vault)
    source = write(vault.parent / "w.csv", "note,license\nLlama,MIT\nGrok,MIT\n")
    assert run_main("update", "--from", source, cwd=vault).returncode == 0
    [run] = journal.list_runs(vault)
    # As if an undo had been killed after restoring Llama only.
    (vault / "AI" / "Llama.md").write_bytes(before["AI/Llama.md"])
    journal.update_meta(run, state=journal.UNDOING)
    blocked = run_main("update", "--from", source, "--dry-run", cwd=vault)
    assert blocked.returncode == 12 and "an undo of it" in blocked.stderr
    result = run_main("undo", run.id, cwd=vault)
    assert result.returncode == 0, result.stderr
    assert "1 restored, 1 already as before" in result.stderr
    assert snapshot(vault) == before
    assert journal.list_runs(vault)[0].state == "undone"


def test_quiet_undo_and_redo_print_only_what_was_refused(vault: Path) -> None:
    before = snapshot(vault)
    source = write(vault.parent / "w.csv", "note,license\nLlama,MIT\nGrok,MIT\n")
    assert run_main("update", "--from", source, "--yes", "-q", cwd=vault).returncode == 0
    after = snapshot(vault)
    undone = run_main("undo", "-q", cwd=vault)
    assert (undone.returncode, undone.stdout, undone.stderr) == (0, "", "")
    assert snapshot(vault) == before
    redone = run_main("redo", "-q", cwd=vault)
    assert (redone.returncode, redone.stdout, redone.stderr) == (0, "", "")
    assert snapshot(vault) == after
    grok = vault / "AI" / "Grok.md"
    grok.write_bytes(grok.read_bytes() + b"\nA line added by hand.\n")
    refused = run_main("undo", "-q", cwd=vault)
    assert refused.returncode == 10 and refused.stdout == ""
    assert "changed after the run" in refused.stderr and "1 refused" in refused.stderr
