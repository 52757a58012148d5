"""Permissions: what a rename would silently change is refused (exit 3) unless --force.

Root ignores file permissions, so tests that need them to bite run the CLI without any
capability when the suite runs as root (``setpriv``), and as the user itself otherwise.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEED, run_cli

ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
NOBODY = 65534


def run_unprivileged(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The real CLI, bound by file permissions (as root: with every capability dropped)."""
    prefix: list[str] = []
    if ROOT:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: permissions cannot be made to bite")
        prefix = [setpriv, "--inh-caps=-all", "--bounding-set=-all"]
    proc = subprocess.run(
        [*prefix, sys.executable, "-m", "scaffold", *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=60,
    )
    return proc


def _leftovers(folder: Path) -> list[str]:
    return sorted(n for n in os.listdir(folder) if ".scaffold-" in n)


def test_a_read_only_note_is_refused_unless_forced(seed: Path) -> None:
    before = seed.read_bytes()
    seed.chmod(0o444)
    result = run_cli("set", seed, "created", "2031-01-01", "--create")
    assert result.returncode == 3
    assert "this note is read-only (mode 0444); nothing was written" in result.stderr
    assert "--force" in result.stderr
    assert seed.read_bytes() == before
    forced = run_cli("set", seed, "created", "2031-01-01", "--force", "--create")
    assert forced.returncode == 0, forced.stderr
    assert b"created: 2031-01-01" in seed.read_bytes()
    assert stat.S_IMODE(seed.stat().st_mode) == 0o444


def test_a_read_only_folder_is_exit_3_with_a_message_and_json(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    note = folder / "Llama.md"
    note.write_bytes(SEED.read_bytes())
    note.chmod(0o666)
    folder.chmod(0o555)
    try:
        result = run_unprivileged("set", note, "created", "2031-01-01", "--json", "--create")
    finally:
        folder.chmod(0o755)
    assert result.returncode == 3, result.stderr
    assert "cannot write in its folder" in result.stderr
    assert "internal error" not in result.stderr
    error = json.loads(result.stdout)["error"]
    assert (error["kind"], error["exit_code"], error["path"]) == ("file", 3, str(note))
    assert note.read_bytes() == SEED.read_bytes()
    assert _leftovers(folder) == []


def test_a_hard_linked_note_is_refused_or_written_in_place(seed: Path) -> None:
    twin = seed.with_name("Twin.md")
    os.link(seed, twin)
    refused = run_cli("set", seed, "created", "2031-01-01", "--create")
    assert refused.returncode == 3
    assert "it has 2 hard links" in refused.stderr
    assert seed.read_bytes() == SEED.read_bytes()
    forced = run_cli("set", seed, "created", "2031-01-01", "--force", "--create")
    assert forced.returncode == 0, forced.stderr
    assert os.path.samefile(seed, twin) and seed.stat().st_nlink == 2
    assert b"created: 2031-01-01" in twin.read_bytes()
    assert _leftovers(seed.parent) == []


@pytest.mark.skipif(not ROOT, reason="making a note owned by another user needs root")
def test_another_users_note_keeps_its_owner(seed: Path) -> None:
    os.chown(seed, NOBODY, NOBODY)
    result = run_cli("set", seed, "created", "2031-01-01", "--create")
    assert result.returncode == 0, result.stderr
    st = seed.stat()
    assert (st.st_uid, st.st_gid) == (NOBODY, NOBODY)
    assert b"created: 2031-01-01" in seed.read_bytes()


@pytest.mark.skipif(not ROOT, reason="making a note owned by another user needs root")
def test_a_note_whose_owner_cannot_be_kept_is_refused_or_written_in_place(seed: Path) -> None:
    os.chown(seed, NOBODY, NOBODY)
    seed.chmod(0o666)
    refused = run_unprivileged("set", seed, "created", "2031-01-01", "--create")
    assert refused.returncode == 3, refused.stderr
    assert "replacing it would make it yours" in refused.stderr
    assert seed.read_bytes() == SEED.read_bytes()
    forced = run_unprivileged("set", seed, "created", "2031-01-01", "--force", "--create")
    assert forced.returncode == 0, forced.stderr
    assert seed.stat().st_uid == NOBODY
    assert b"created: 2031-01-01" in seed.read_bytes()
    assert _leftovers(seed.parent) == []
