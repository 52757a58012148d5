"""Stray temporary files: a run killed mid-write leaves its temp file; the next edit in that
folder removes scaffold's own leftovers, only those, and says so."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import scaffold
from scaffold.vault.leftovers import _host_tag, sweep, temp_name
from tests.conftest import run_cli
from tests.vault.race import make_note

KILL_TRIALS = int(os.environ.get("SCAFFOLD_KILL_TRIALS", "6"))


def _dead_pid() -> int:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return int(proc.stdout)


def _named(folder: Path, note: str, pid: int, kind: str = "tmp", host: str | None = None) -> Path:
    name = f".{note}.scaffold-{host or _host_tag()}-{pid}-abcdef.{kind}"
    path = folder / name
    path.write_bytes(b"x" * 100)
    return path


def test_temp_names_are_hidden_and_say_whose_they_are() -> None:
    name = temp_name("Llama.md")
    assert name.startswith(".Llama.md.scaffold-") and name.endswith(".tmp")
    assert f"-{os.getpid()}-" in name
    assert len(temp_name("x" * 250 + ".md")) < 255


def test_only_a_dead_scaffolds_own_files_are_swept(seed: Path) -> None:
    folder = seed.parent
    dead = _dead_pid()
    stray = _named(folder, "Llama.md", dead)
    running = _named(folder, "Llama.md", os.getpid())
    elsewhere = _named(folder, "Llama.md", dead, host="ffff" if _host_tag() != "ffff" else "fffe")
    foreign = folder / ".Llama.md.a1b2c3d4.tmp"  # another program's, or an old scaffold's
    foreign.write_bytes(b"not ours")
    lookalike = folder / "Llama.md.scaffold-conflict-20260101-000000"
    lookalike.write_bytes(b"a conflict copy is the user's to keep")
    looked = run_cli("get", "Llama", "aliases.0", cwd=folder)
    assert stray.exists() and "interrupted" not in looked.stderr  # get stays a pure read
    result = run_cli("set", "Llama", "aliases.0", "Meta Llama", "--dry-run", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert f"found {stray} (100 bytes), left by an interrupted scaffold (pid {dead})" in (
        result.stderr
    )
    assert "removed it" in result.stderr
    assert not stray.exists()
    assert running.exists() and elsewhere.exists() and foreign.exists() and lookalike.exists()
    again = run_cli("set", "Llama", "aliases.0", "Meta Llama", "--dry-run", cwd=folder)
    assert "interrupted" not in again.stderr


def test_an_unfinished_in_place_write_keeps_scaffolds_full_version(seed: Path) -> None:
    folder = seed.parent
    dead = _dead_pid()
    finished = _named(folder, "Llama.md", dead, "inplace")
    finished.write_bytes(seed.read_bytes())  # the note holds it: the write was done
    cut_short = _named(folder, "Other.md", dead, "inplace")
    (folder / "Other.md").write_bytes(b"half writ")
    cut_short.write_bytes(b"half written in full\n")
    found = {left.path.name: left for left in sweep(folder)}
    assert found[finished.name].kept is None and not finished.exists()
    kept = found[cut_short.name].kept
    assert kept is not None and kept.read_bytes() == b"half written in full\n"
    assert kept.name.startswith("Other.md.scaffold-recovered-")


def test_kill_9_mid_write_never_leaves_a_broken_note_and_the_next_run_cleans_up(
    tmp_path: Path,
) -> None:
    """``kill -9`` at random moments around the write (most aimed at the moment the temporary
    file exists): the note is always either the old or the new version, and whatever temp file
    is left, the next edit removes and reports."""
    (tmp_path / ".scaffold").mkdir()
    note = tmp_path / "n.md"
    original = make_note(8 << 20)
    edited = scaffold.loads(original).set("created", "2031-01-01", create=True).to_bytes()
    rng = random.Random(9)
    left_behind = 0
    for trial in range(KILL_TRIALS):
        note.write_bytes(original)
        proc = subprocess.Popen([sys.executable, "-m", "scaffold", "set", str(note), "created",
                                 "2031-01-01", "--create"], stderr=subprocess.DEVNULL)  # fmt: skip
        if trial % 3 == 2:
            time.sleep(rng.uniform(0, 0.5))
        else:
            while proc.poll() is None and not _temps(tmp_path):
                time.sleep(0.0005)
            time.sleep(rng.uniform(0, 0.01))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert note.read_bytes() in (original, edited)
        stray = _temps(tmp_path)
        result = run_cli("set", note, "aliases.0", "Meta Llama", "--dry-run")
        assert result.returncode == 0, result.stderr
        assert _temps(tmp_path) == []
        if stray:
            left_behind += 1
            assert all(f"found {tmp_path / s}" in result.stderr for s in stray)
    print(f"kill -9: {KILL_TRIALS} trials, {left_behind} left a temp file, all cleaned up")
    if KILL_TRIALS >= 6:  # the aimed kills do land mid-write
        assert left_behind > 0


def _temps(folder: Path) -> list[str]:
    return sorted(n for n in os.listdir(folder) if n.startswith(".n.md.scaffold-"))


def test_sweep_ignores_a_folder_it_cannot_list(tmp_path: Path) -> None:
    assert sweep(tmp_path / "missing") == []
