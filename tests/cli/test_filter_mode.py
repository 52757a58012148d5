"""Filter mode cannot destroy a buffer: with NOTE `-`, an edit that fails writes its input back
unchanged, and the error goes only to standard error.

Tested with the exact pipelines editors run: `sh -c 'scaffold set - ADDR VAL < f > out'`, and
Vim's `:%!`, which sends standard error into the buffer too (its 'shellredir' is `>%s 2>&1`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEED

BIN = Path(sys.executable).parent


def _env() -> dict[str, str]:
    env = {**os.environ, "NO_COLOR": "1"}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.pop("SCAFFOLD_DEBUG", None)
    return env


def _shell(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", "-c", command], cwd=cwd, capture_output=True, text=True, env=_env(), timeout=60
    )


@pytest.mark.parametrize(
    ("address", "code", "words"),
    [
        ("'Quick stats > Downlods'", 5, "Did you mean 'Downloads'?"),  # a typo in the address
        ("'Quick stats >'", 2, "names a whole table"),
        ("'Why * matters > Nothing'", 5, "no row matches"),
    ],
)
def test_a_failed_filter_edit_gives_the_input_back(
    tmp_path: Path, address: str, code: int, words: str
) -> None:
    (tmp_path / "f.md").write_bytes(SEED.read_bytes())
    result = _shell(f"scaffold set - {address} 9 < f.md > out.md", tmp_path)
    assert result.returncode == code
    assert (tmp_path / "out.md").read_bytes() == SEED.read_bytes()
    assert words in result.stderr


def test_unparsable_input_comes_back_too(tmp_path: Path) -> None:
    broken = b"---\ntitle: [x\n---\nbody\n"
    (tmp_path / "f.md").write_bytes(broken)
    result = _shell("scaffold set - title y < f.md > out.md", tmp_path)
    assert result.returncode == 4
    assert (tmp_path / "out.md").read_bytes() == broken
    assert "invalid YAML" in result.stderr


def test_a_good_filter_edit_writes_the_edited_buffer(tmp_path: Path) -> None:
    (tmp_path / "f.md").write_bytes(SEED.read_bytes())
    result = _shell("scaffold set - 'Quick stats > Downloads' 9 < f.md > out.md", tmp_path)
    assert result.returncode == 0, result.stderr
    out = (tmp_path / "out.md").read_text(encoding="utf-8")
    assert "| Downloads | 9 |" in out and len(out) == len(SEED.read_text(encoding="utf-8")) - 4


def test_with_both_streams_in_one_file_the_output_is_still_the_input(tmp_path: Path) -> None:
    # `>out 2>&1`, as Vim runs a filter: the message would land in the buffer, so it is left
    # out and the exit code says what happened.
    (tmp_path / "f.md").write_bytes(SEED.read_bytes())
    result = _shell("scaffold set - 'Quick stats > Downlods' 9 < f.md > out.md 2>&1", tmp_path)
    assert result.returncode == 5
    assert (tmp_path / "out.md").read_bytes() == SEED.read_bytes()


def test_json_and_diff_filters_still_report_on_stdout(tmp_path: Path) -> None:
    (tmp_path / "f.md").write_bytes(SEED.read_bytes())
    result = _shell("scaffold set - 'Quick stats > Downlods' 9 --json < f.md", tmp_path)
    assert result.returncode == 5 and result.stdout.startswith('{"ok": false')
    result = _shell("scaffold set - 'Quick stats > Downlods' 9 --diff < f.md", tmp_path)
    assert result.returncode == 5 and result.stdout == ""


VIM = shutil.which("vim")


@pytest.mark.skipif(VIM is None, reason="vim is not installed (apt-get install vim)")
@pytest.mark.parametrize(
    ("address", "changed"),
    [("Quick stats > Downlods", False), ("Quick stats > Downloads", True)],
)
def test_vim_filter_keeps_the_buffer(tmp_path: Path, address: str, changed: bool) -> None:
    note = tmp_path / "Llama.md"
    note.write_bytes(SEED.read_bytes())
    command = f"%!scaffold set - '{address}' 9"
    subprocess.run(
        [str(VIM), "-Nu", "NONE", "-i", "NONE", "-es", "-c", command, "-c", "wq", str(note)],
        env=_env(),
        capture_output=True,
        timeout=60,
        check=False,
    )
    after = note.read_bytes()
    if changed:
        assert b"| Downloads | 9 |" in after and b"error" not in after
    else:
        assert after == SEED.read_bytes()
