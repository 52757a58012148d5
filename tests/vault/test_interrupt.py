"""Ctrl-C tells the truth: "nothing was written" only when nothing was.

SIGINT is sent to a real `scaffold set` at random moments, most aimed at the write itself
(the moment its temporary file exists). Whatever the timing, the message must match the file.
SCAFFOLD_INTERRUPT_TRIALS sets the number of trials (default 9).
"""

from __future__ import annotations

import collections
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import scaffold
from tests.vault.hooks import run_cli_with_hook, wrap_write
from tests.vault.race import make_note

TRIALS = int(os.environ.get("SCAFFOLD_INTERRUPT_TRIALS", "9"))


def test_ctrl_c_right_after_the_write_says_the_note_was_written(seed: Path) -> None:
    result = run_cli_with_hook(
        seed.parent, wrap_write(after="raise KeyboardInterrupt"), "set", seed, "a", "1", "--create"
    )
    assert result.returncode == 130
    assert f"interrupted; after writing {seed}" in result.stderr
    assert scaffold.load(seed).get("a") == 1


def test_ctrl_c_before_the_write_says_nothing_was_written(seed: Path) -> None:
    before = seed.read_bytes()
    result = run_cli_with_hook(
        seed.parent, wrap_write(before="raise KeyboardInterrupt"), "set", seed, "a", "1", "--create"
    )
    assert result.returncode == 130
    assert "interrupted; nothing was written" in result.stderr
    assert seed.read_bytes() == before


@pytest.mark.skipif(os.name == "nt", reason="sends SIGINT")
def test_the_interrupt_message_matches_what_is_on_disk(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    original = make_note(4 << 20)
    edited = scaffold.loads(original).set("created", "2031-01-01", create=True).to_bytes()
    rng = random.Random(130)
    seen: collections.Counter[str] = collections.Counter()
    for trial in range(TRIALS):
        note.write_bytes(original)
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "scaffold",
                "set",
                str(note),
                "created",
                "2031-01-01",
                "--create",
            ],
            stderr=subprocess.PIPE,
            text=True,
        )
        if trial % 3 == 2:
            time.sleep(rng.uniform(0.05, 0.6))
        else:
            while proc.poll() is None and not any(".scaffold-" in n for n in os.listdir(tmp_path)):
                time.sleep(0.0005)
            time.sleep(rng.uniform(0, 0.004))
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        data = note.read_bytes()
        if proc.returncode == 130 and "nothing was written" in err:
            assert data == original, err
            seen["130, nothing written"] += 1
        elif proc.returncode == 130:
            assert f"interrupted; after writing {note}" in err
            assert data == edited
            seen["130, after writing"] += 1
        elif proc.returncode == 0:  # finished before the signal arrived
            assert data == edited
            seen["0, done"] += 1
        else:  # Python itself was interrupted: starting up, or exiting after main() returned
            finished = f"changed {note}" in err  # the run had reported its write
            assert data == (edited if finished else original), err
            seen["killed after the run" if finished else "killed at start-up"] += 1
        assert not [n for n in os.listdir(tmp_path) if ".scaffold-" in n]
    print("Ctrl-C:", dict(seen))
