"""End to end in a real pseudo-terminal: `scaffold new product`, typed like a person would.

The CLI runs as a subprocess whose stdin/stdout/stderr are the slave side of a pty, so
questionary draws real prompts; the test reads the screen from the master side and types.
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from tests.conftest import PROJECT as ROOT

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("needs a POSIX pseudo-terminal", allow_module_level=True)

DEADLINE = 60.0


def scaffold_command() -> list[str]:
    """The installed `scaffold` script beside this Python, else `python -m scaffold`."""
    script = Path(sys.executable).with_name("scaffold")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", "scaffold"]


class Terminal:
    """A subprocess on a pty, with what it printed so far."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        env = dict(os.environ)
        env.update(
            TERM="xterm",
            PROMPT_TOOLKIT_NO_CPR="1",
            NO_COLOR="1",
            SCAFFOLD_TODAY="2026-01-27",
            PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p),
        )
        self.proc = subprocess.Popen(
            [*scaffold_command(), *args],
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

    def read(self, timeout: float) -> bool:
        """Read what is there within ``timeout``; False when nothing came."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # the child closed the pty
            return False
        self.output += chunk
        return bool(chunk)

    def text(self) -> str:
        return self.output.decode("utf-8", "replace")

    def wait_for(self, needle: str) -> None:
        while needle not in self.text():
            self._check_deadline(f"waiting for {needle!r}")
            if not self.read(0.5) and self.proc.poll() is not None:
                raise AssertionError(f"exited before {needle!r}:\n{self.text()}")

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode("utf-8"))

    def enter_until_exit(self) -> None:
        """Press Enter whenever the screen goes quiet, until the process ends. Every prompt
        after the name takes its default on Enter, so an early Enter is harmless."""
        while self.proc.poll() is None:
            self._check_deadline("pressing Enter")
            if self.read(0.4):
                continue
            if self.proc.poll() is None:
                self.type("\r")
        while self.read(0.2):
            pass

    def finish(self) -> int:
        try:
            code = self.proc.wait(timeout=max(1.0, DEADLINE - (time.monotonic() - self.started)))
        finally:
            while self.read(0.1):
                pass
            os.close(self.master)
        return code

    def _check_deadline(self, what: str) -> None:
        if time.monotonic() - self.started > DEADLINE:
            self.proc.kill()
            self.proc.wait()
            os.close(self.master)
            raise AssertionError(f"timed out {what}; screen so far:\n{self.text()}")


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    (root / ".obsidian").mkdir(parents=True)
    (root / "Meta.md").write_text("**Meta**\n", encoding="utf-8")
    return root


def test_name_then_enter_at_every_prompt_writes_the_note(vault: Path) -> None:
    term = Terminal(["new", "product"], vault)
    term.wait_for("Product name")
    term.type("Llama\r")
    term.enter_until_exit()
    assert term.finish() == 0, term.text()
    screen = term.text()
    assert "Write Llama.md?" in screen  # the confirmation, after the preview
    assert "created Llama.md" in screen
    text = (vault / "Llama.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntype: product\ncreated: 2026-01-27\n---\n#product #ai\n")
    assert "**Llama** — a product.\n" in text
    assert (vault / "Meta.md").read_text(encoding="utf-8") == "**Meta**\n"


def test_declining_the_confirmation_writes_nothing(vault: Path, tmp_path: Path) -> None:
    # Every question is answered by the file, so the only prompt is the confirmation.
    answers = tmp_path / "llama.json"
    answers.write_text(
        json.dumps(
            {
                "name": "Llama", "aliases": [], "parent": "Meta", "description": "",
                "category": "model", "tags": ["ai"], "open_weights": False, "license": "",
                "downloads": "1.2B+", "flagship": "", "launched": "", "why": {},
                "overview": "", "competitors": [], "related": {},
            }
        ),
        encoding="utf-8",
    )  # fmt: skip
    term = Terminal(["new", "product", "--answers", str(answers)], vault)
    term.wait_for("Write Llama.md?")
    assert "Made by" not in term.text()  # answered questions are not asked
    assert "will add to Meta.md: - [[Llama]] — product" in term.text()
    term.type("n")
    assert term.finish() == 0, term.text()
    assert "Nothing written." in term.text()
    assert sorted(p.name for p in vault.iterdir()) == [".obsidian", "Meta.md"]
    assert (vault / "Meta.md").read_text(encoding="utf-8") == "**Meta**\n"


def test_ctrl_c_at_a_prompt_exits_130_and_writes_nothing(vault: Path) -> None:
    term = Terminal(["new", "actor"], vault)
    term.wait_for("Name")
    term.type("Meta\r")
    term.wait_for("Other names")
    term.type("Facebook\x03")
    assert term.finish() == 130, term.text()
    assert "interrupted; nothing was written" in term.text()
    assert sorted(p.name for p in vault.iterdir()) == [".obsidian", "Meta.md"]
