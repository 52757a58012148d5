"""Durable writes in batches: a batch's new versions are synced together before any swap, a
note is never torn by a kill in the middle of the swaps, and undo restores every byte."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scaffold.bulk import journal
from scaffold.vault import changes as changes_module
from scaffold.vault.changes import SWAP_PAUSE_ENV, FileChange, apply_batch
from tests.bulk.conftest import PRODUCT, snapshot
from tests.conftest import run_main


def _vault(root: Path, count: int) -> Path:
    (root / ".obsidian").mkdir(parents=True)
    for folder in range(3):
        (root / f"f{folder}").mkdir()
    for i in range(count):
        (root / f"f{i % 3}" / f"P{i:05}.md").write_text(
            PRODUCT.format(name=f"P{i}", alias=f"A{i}", downloads=f"{i}K", license="Free"),
            encoding="utf-8",
        )
    return root


@pytest.mark.parametrize("syncfs", [True, False], ids=["syncfs", "fsync-each"])
def test_a_run_killed_between_swaps_leaves_old_or_new_and_undo_restores(
    tmp_path: Path, syncfs: bool
) -> None:
    count = 700  # more than one write batch (512): the kill lands in the second
    vault = _vault(tmp_path / "vault", count)
    before = snapshot(vault)
    env = {**os.environ, "NO_COLOR": "1", SWAP_PAUSE_ENV: "0.004"}
    if not syncfs:
        env["SCAFFOLD_NO_SYNCFS"] = "1"
    proc = subprocess.Popen(
        [sys.executable, "-m", "scaffold", "update", "--where", "type:product",
         "--set", "license=MIT", "--set", "Quick stats > Downloads=5M", "--yes", "-q"],
        cwd=vault, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    # The notes are written in walk order (f0, f1, f2); wait until the second batch has
    # begun its swaps, then kill: the swaps are 4 ms apart, so the rest are not yet done.
    order = sorted(before)
    mark = order[520]
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if (vault / mark).read_bytes() != before[mark]:
                break
            time.sleep(0.001)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    after = {k: v for k, v in snapshot(vault).items() if k in before}
    written = [k for k in before if after[k] != before[k]]
    assert len(written) > 512, "the kill came before the second batch"
    assert len(written) < count, "the run finished before it could be killed"
    [run] = journal.list_runs(vault)
    assert run.state == "writing"
    entries = {e.path: e for e in journal.entries(run)}
    assert len(entries) == count  # the whole journal was durable before the first swap
    for name in before:  # never torn: each note is its old bytes or exactly its new ones
        if name in written:
            assert journal.digest(after[name]) == entries[name].new_sha256, name
        else:
            assert after[name] == before[name], name
    # The batch that was cut short left its synced temporary files; undo sweeps them.
    assert any(".scaffold-" in p.name for p in vault.rglob(".*.tmp"))
    result = run_main("undo", cwd=vault)
    assert result.returncode == 0, result.stderr
    assert snapshot(vault) == before
    assert not list(vault.rglob(".*.tmp"))


def test_a_batch_syncs_once_and_fsyncs_no_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = _vault(tmp_path / "vault", 60)
    paths = sorted(vault.glob("f*/*.md"))
    batch = [FileChange(p, p.read_bytes(), p.read_bytes() + b"\nmore\n") for p in paths]
    syncs: list[int] = []
    fsyncs: list[int] = []
    real_sync, real_fsync = changes_module.sync_filesystem, os.fsync

    def counted_sync(fd: int) -> bool:
        syncs.append(fd)
        return real_sync(fd)

    def counted_fsync(fd: int) -> None:
        fsyncs.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(changes_module, "sync_filesystem", counted_sync)
    monkeypatch.setattr(os, "fsync", counted_fsync)
    done = apply_batch(batch, vault=vault)
    assert [a.status for a in done] == ["written"] * 60
    fd = os.open(vault, os.O_RDONLY)
    try:
        if not real_sync(fd):
            pytest.skip("no syncfs here: each file is fsynced instead")
    finally:
        os.close(fd)
    assert len(syncs) == 2  # the temporary files, then the renames: one file system
    assert fsyncs == []
    assert all(p.read_bytes().endswith(b"\nmore\n") for p in paths)
    assert not list(vault.rglob(".*.tmp"))


def test_a_batch_refuses_a_stale_note_and_writes_the_rest(tmp_path: Path) -> None:
    vault = _vault(tmp_path / "vault", 5)
    paths = sorted(vault.glob("f*/*.md"))
    batch = [FileChange(p, p.read_bytes(), b"new " + p.read_bytes()) for p in paths]
    paths[2].write_bytes(b"changed by someone else\n")
    outside = tmp_path / "outside.md"
    outside.write_bytes(b"secret\n")
    link = vault / "link.md"
    link.symlink_to(outside)
    batch.append(FileChange(link, b"secret\n", b"overwritten\n"))
    done = apply_batch(batch, vault=vault)
    assert [a.status for a in done] == ["written", "written", "refused", "written", "written",
                                        "refused"]  # fmt: skip
    assert paths[2].read_bytes() == b"changed by someone else\n"
    assert outside.read_bytes() == b"secret\n"
    assert all(p.read_bytes().startswith(b"new ") for i, p in enumerate(paths) if i != 2)
    assert not list(vault.rglob(".*.tmp"))
