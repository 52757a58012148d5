"""Terminal control characters (ESC, BEL, ...): refused in values, escaped when shown to a
person, and reported by ``check`` (C001) when a note already holds one."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

from tests.conftest import SEED, run_main


def test_set_refuses_a_control_character_in_a_cell_and_in_the_frontmatter(seed: Path) -> None:
    before = seed.read_bytes()
    cell = run_main("set", seed, "Quick stats > Downloads", "5\x1b[2J")
    assert cell.returncode == 6 and "control character(s) \\x1b" in cell.stderr
    assert "\x1b" not in cell.stderr
    key = run_main("set", seed, "aliases.0", "Bell\x07")
    assert key.returncode == 6 and "\\x07" in key.stderr and "\x07" not in key.stderr
    assert seed.read_bytes() == before


def test_update_refuses_the_row_and_says_where_it_came_from(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "Llama.md").write_bytes(SEED.read_bytes())
    before = (vault / "Llama.md").read_bytes()
    rows = tmp_path / "in.csv"
    rows.write_bytes(b'note,Quick stats > Downloads\nLlama,"9\x1b[31m"\n')
    result = run_main("update", "--from", rows, "--vault", vault)
    assert result.returncode != 0
    assert "in.csv:2" in result.stderr and "\\x1b" in result.stderr
    assert "\x1b" not in result.stdout + result.stderr
    assert (vault / "Llama.md").read_bytes() == before


def test_a_plan_shows_an_old_value_s_control_character_escaped(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    text = SEED.read_text(encoding="utf-8")
    assert text.count("| Downloads | 1.2B+ |") == 1  # the Quick stats row
    note = vault / "Llama.md"
    note.write_text(text.replace("| Downloads | 1.2B+ |", "| Downloads | 1.2B\x1b[5m |"))
    rows = tmp_path / "in.csv"
    rows.write_text("note,Quick stats > Downloads\nLlama,12\n", encoding="utf-8")
    result = run_main("update", "--from", rows, "--vault", vault, "--dry-run")
    assert result.returncode == 0, result.stderr
    shown = result.stdout + result.stderr
    assert "1.2B\\x1b[5m -> 12" in shown and "\x1b" not in shown


def _in_a_terminal(*args: str | Path) -> bytes:
    """What ``scaffold ARGS`` prints with its stdout on a real pseudo-terminal."""
    leader, follower = pty.openpty()
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "scaffold", *map(str, args)],
        stdout=follower,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    os.close(follower)
    out = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 20)
        if not ready:
            break
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    assert proc.wait(timeout=20) == 0
    return out


def test_get_escapes_control_characters_on_a_terminal_and_keeps_them_in_a_pipe(
    tmp_path: Path,
) -> None:
    note = tmp_path / "Bell.md"
    note.write_text('---\ntitle: "ring\\a"\n---\n', encoding="utf-8")
    assert _in_a_terminal("get", note, "title").strip() == b"ring\\x07"
    piped = run_main("get", note, "title")
    assert piped.returncode == 0 and piped.stdout == "ring\x07\n"
