"""A full disk during ``scaffold undo`` is said as such, never as "changed since the run",
and never as an internal error; once space is freed, ``undo`` again restores every byte
(issue 14, item 7). Played on a real, small tmpfs (root only: it mounts one)."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from scaffold.errors import EXIT_FILE, EXIT_PARTIAL
from tests.conftest import run_main

pytestmark = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("mount") is None,
    reason="mounts a small tmpfs (needs root)",
)

BIG = "---\ntype: product\n---\n\n## Quick stats\n\n| Metric | Value |\n|---|---|\n" + "".join(
    f"| Row {i} | {'x' * 60} |\n" for i in range(1600)
)  # about 110 KB: more than the room left for it


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                          capture_output=True, check=False)  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(disk: Path, leave: int = 0) -> Path:
    """Fill the disk, then give back ``leave`` bytes (rounded to whole pages)."""
    filler = disk / "filler"
    with contextlib.suppress(OSError), filler.open("wb") as out:
        while True:
            out.write(b"\0" * 4096)
            out.flush()
    if leave:
        os.truncate(filler, max(0, filler.stat().st_size - leave))
    return filler


def _vault(disk: Path) -> tuple[Path, Path, bytes]:
    vault = disk / "v"
    (vault / ".obsidian").mkdir(parents=True)
    note = vault / "Big.md"
    note.write_text(BIG.replace("| Row 0 |", "| License | MIT |\n| Row 0 |"), encoding="utf-8")
    before = note.read_bytes()
    source = disk / "u.csv"
    source.write_text("note,Quick stats > License\nBig,Apache\n", encoding="utf-8")
    assert run_main("update", "--from", source, "--yes", cwd=vault).returncode == 0
    assert b"| License | Apache |" in note.read_bytes()
    return vault, note, before


def test_a_full_disk_before_the_undo_starts_is_a_clear_error(small_disk: Path) -> None:
    vault, note, before = _vault(small_disk)
    after_update = note.read_bytes()
    filler = _fill(small_disk)
    result = run_main("undo", cwd=vault)
    assert result.returncode == EXIT_FILE, result.stderr
    assert "cannot record the undo in the run's journal: No space left on device" in (result.stderr)
    assert "internal error" not in result.stderr and "changed since" not in result.stderr
    assert note.read_bytes() == after_update
    filler.unlink()
    again = run_main("undo", cwd=vault)
    assert again.returncode == 0, again.stderr
    assert note.read_bytes() == before


def test_a_note_the_full_disk_cannot_take_is_not_called_changed(small_disk: Path) -> None:
    vault, note, before = _vault(small_disk)
    filler = _fill(small_disk, leave=16384)  # room for the journal's small files, not the note
    result = run_main("undo", cwd=vault)
    assert result.returncode == EXIT_PARTIAL, result.stderr
    assert "No space left on device" in result.stderr
    assert "hint: the disk is full: free some space" in result.stderr
    assert "1 refused: 1 could not be written (see above)" in result.stderr
    assert "changed since the run" not in result.stderr
    assert os.strerror(errno.ENOSPC) in result.stderr
    filler.unlink()
    again = run_main("undo", cwd=vault)
    assert again.returncode == 0, again.stderr
    assert note.read_bytes() == before
