"""`scaffold update` in a real pseudo-terminal: it shows the plan and the summary, asks before
writing, and a note edited while it waits is refused while the others are written."""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from scaffold.bulk.requests import Assignment, InputRow
from scaffold.bulk.runner import Request, run
from tests.bulk.conftest import snapshot
from tests.conftest import PROJECT

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("needs a POSIX pseudo-terminal", allow_module_level=True)

DEADLINE = 60.0


class Terminal:
    """``python -m scaffold ARGS`` on a pty, with what it printed so far."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        env = {**os.environ, "TERM": "xterm", "NO_COLOR": "1"}
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PROJECT), env.get("PYTHONPATH")) if p)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "scaffold", *args],
            cwd=cwd,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self.master = master
        self.output = b""
        self.started = time.monotonic()

    def text(self) -> str:
        return self.output.decode("utf-8", "replace")

    def wait_for(self, needle: str) -> None:
        while needle not in self.text():
            if time.monotonic() - self.started > DEADLINE:
                self.proc.kill()
                raise AssertionError(f"timed out waiting for {needle!r}:\n{self.text()}")
            ready, _, _ = select.select([self.master], [], [], 0.5)
            if ready:
                with contextlib.suppress(OSError):
                    self.output += os.read(self.master, 65536)
            elif self.proc.poll() is not None:
                raise AssertionError(f"exited before {needle!r}:\n{self.text()}")

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode("utf-8"))

    def finish(self) -> int:
        code = self.proc.wait(timeout=DEADLINE)
        while select.select([self.master], [], [], 0.2)[0]:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                break
            if not chunk:
                break
            self.output += chunk
        os.close(self.master)
        return code


def test_on_a_terminal_it_asks_and_refuses_a_note_edited_meanwhile(vault: Path) -> None:
    source = vault.parent / "w.csv"
    source.write_text("note,license\nLlama,MIT\nGrok,MIT\nMeta AI,MIT\n", encoding="utf-8")
    term = Terminal(["update", "--from", str(source)], vault)
    term.wait_for("Write 3 notes? [y/N]")
    screen = term.text()
    assert "AI/Grok.md: would change" in screen
    assert "3 to change, 0 unchanged, 0 skipped, 0 failed" in screen
    # While the prompt waits, someone edits Grok.
    grok = vault / "AI" / "Grok.md"
    edited = grok.read_bytes().replace(b"a product.", b"a product, edited by hand.")
    grok.write_bytes(edited)
    term.type("y\r")
    code = term.finish()
    assert code == 10, term.text()
    assert "the file changed after scaffold read it" in term.text()
    assert grok.read_bytes() == edited
    for name in ("AI/Llama.md", "Apps/Meta AI.md"):
        assert "| License | MIT |" in (vault / name).read_text(encoding="utf-8")


def test_on_a_terminal_no_writes_nothing(vault: Path) -> None:
    source = vault.parent / "w.csv"
    source.write_text("note,license\nGrok,MIT\n", encoding="utf-8")
    before = snapshot(vault)
    term = Terminal(["update", "--from", str(source)], vault)
    term.wait_for("Write 1 note? [y/N]")
    term.type("\r")
    assert term.finish() == 0
    assert "nothing was written" in term.text()
    assert snapshot(vault) == before
    assert not (vault / ".scaffold" / "runs").exists() or not [
        p for p in (vault / ".scaffold" / "runs").iterdir() if p.is_dir()
    ]


def test_the_api_refuses_a_stale_note_and_writes_the_others(vault: Path) -> None:
    grok = vault / "AI" / "Grok.md"
    edited = grok.read_bytes() + b"\nedited\n"

    def edit_grok_then_go_on(_: object) -> bool:
        grok.write_bytes(edited)
        return True

    rows = [InputRow(n, (Assignment("license", "MIT"),)) for n in ("Llama", "Grok", "Meta AI")]
    outcome = run(Request(vault, rows), confirm=edit_grok_then_go_on)
    results = {r.path: r for r in outcome.results()}
    assert results["AI/Grok.md"].status == "failed" and not results["AI/Grok.md"].written
    assert results["AI/Llama.md"].written and results["Apps/Meta AI.md"].written
    assert outcome.summary.counts["failed"] == 1 and outcome.summary.written == 2
    assert grok.read_bytes() == edited


def test_a_progress_bar_on_a_terminal_and_none_without(vault: Path) -> None:
    from tests.bulk.conftest import PRODUCT
    from tests.conftest import run_cli

    for i in range(120):
        (vault / f"P{i}.md").write_text(
            PRODUCT.format(name=f"P{i}", alias=f"A{i}", downloads="1", license="x"),
            encoding="utf-8",
        )
    args = ["update", "--where", "type:product", "--set", "license=Z"]
    term = Terminal(args, vault)
    term.wait_for("? [y/N]")
    term.type("y\r")
    assert term.finish() == 0, term.text()
    assert "planning" in term.text() and "note/s" in term.text()
    piped = run_cli(*args, "--set", "downloads=2", cwd=vault)
    assert piped.returncode == 0
    assert "planning" not in piped.stderr and "writing" not in piped.stderr
