"""End to end in a real pseudo-terminal: `scaffold new product`, typed like a person would.

The CLI runs as a subprocess whose stdin/stdout/stderr are the slave side of a pty, so
questionary draws real prompts; the test reads the screen from the master side and types.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pyte
import pytest

from tests.conftest import PROJECT as ROOT

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("needs a POSIX pseudo-terminal", allow_module_level=True)

DEADLINE = 60.0
# Run in the new session before scaffold: the pty becomes its controlling terminal (/dev/tty),
# as a shell's is. (A preexec_fn would do it too, but is unsafe in a threaded test process.)
_CONTROLLING_TTY = (
    "import fcntl, os, sys, termios; fcntl.ioctl(0, termios.TIOCSCTTY, 0); "
    "os.execv(sys.argv[1], sys.argv[1:])"
)
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|[@-Z\\-_])")


def scaffold_command() -> list[str]:
    """The installed `scaffold` script beside this Python, else `python -m scaffold`."""
    script = Path(sys.executable).with_name("scaffold")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", "scaffold"]


class Terminal:
    """A subprocess on a pty, with what it printed so far.

    ``piped_stdout``: standard output is a pipe (``scaffold new product | cat``) while the pty
    stays the process's controlling terminal, as in a shell; what went down the pipe is in
    :attr:`stdout` after :meth:`finish`.
    """

    def __init__(self, args: list[str], cwd: Path, *, piped_stdout: bool = False) -> None:
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
            [sys.executable, "-c", _CONTROLLING_TTY, *scaffold_command(), *args],
            cwd=cwd,
            stdin=slave,
            stdout=subprocess.PIPE if piped_stdout else slave,
            stderr=slave,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self.master = master
        self.output = b""
        self.stdout = ""
        self.screen = pyte.Screen(120, 40)
        self.stream = pyte.ByteStream(self.screen)
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
        self.stream.feed(chunk)
        return bool(chunk)

    def text(self) -> str:
        """What was printed, without terminal escape sequences (colours, cursor moves)."""
        return _ESCAPES.sub("", self.output.decode("utf-8", "replace"))

    def shows(self, needle: str) -> bool:
        """Whether ``needle`` was printed, or is on the screen now (a prompt's validation
        message is drawn over the last one, so only the screen holds it whole)."""
        return needle in self.text() or any(needle in line for line in self.screen.display)

    def wait_for(self, needle: str) -> None:
        while not self.shows(needle):
            self._check_deadline(f"waiting for {needle!r}")
            if not self.read(0.5) and self.proc.poll() is not None:
                raise AssertionError(f"exited before {needle!r}:\n{self.text()}")

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode("utf-8"))

    def enter_until(self, needle: str) -> None:
        """Press Enter whenever the screen goes quiet, until ``needle`` appears."""
        while not self.shows(needle):
            self._check_deadline(f"pressing Enter until {needle!r}")
            if self.read(0.4):
                continue
            if self.proc.poll() is not None:
                raise AssertionError(f"exited before {needle!r}:\n{self.text()}")
            self.type("\r")

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
            if self.proc.stdout is not None:
                with self.proc.stdout as piped:
                    self.stdout = piped.read().decode("utf-8", "replace")
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
            screen = "\n".join(line.rstrip() for line in self.screen.display)
            raise AssertionError(f"timed out {what}; printed:\n{self.text()}\nscreen:\n{screen}")


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


LLAMA_ANSWERS = {
    "name": "Llama", "aliases": [], "parent": "Meta", "description": "",
    "category": "model", "tags": ["ai"], "open_weights": False, "license": "",
    "downloads": "1.2B+", "flagship": "", "launched": "", "why": {},
    "overview": "", "competitors": [], "related": {},
}  # fmt: skip


def _answers_file(tmp_path: Path) -> Path:
    # Every question is answered by the file, so the only prompt is the confirmation.
    answers = tmp_path / "llama.json"
    answers.write_text(json.dumps(LLAMA_ANSWERS), encoding="utf-8")
    return answers


def test_declining_the_confirmation_writes_nothing_and_keeps_the_answers(
    vault: Path, tmp_path: Path
) -> None:
    term = Terminal(["new", "product", "--answers", str(_answers_file(tmp_path))], vault)
    term.wait_for("Write Llama.md?")
    assert "Made by" not in term.text()  # answered questions are not asked
    assert "will add to Meta.md: - [[Llama]] — product" in term.text()
    term.wait_for("Change an answer")
    term.type("n\r")  # the shortcut of "No, cancel", then Enter
    assert term.finish() == 0, term.text()
    assert "Nothing written." in term.text()
    kept = vault / ".scaffold" / "answers" / "product.yaml"
    assert f"Answers kept in {kept}" in term.text()
    assert "Resume with: scaffold new product --resume" in term.text()
    assert sorted(p.name for p in vault.iterdir()) == [".obsidian", ".scaffold", "Meta.md"]
    assert (vault / "Meta.md").read_text(encoding="utf-8") == "**Meta**\n"
    assert "downloads: 1.2B+\n" in kept.read_text(encoding="utf-8")
    # Resuming asks nothing that was answered: the confirmation comes straight away.
    again = Terminal(["new", "product", "--resume"], vault)
    again.wait_for("Write Llama.md?")
    assert "Made by" not in again.text()
    again.wait_for("Change an answer")
    again.type("\r")
    assert again.finish() == 0, again.text()
    assert "created Llama.md" in again.text()
    assert "| Downloads | 1.2B+ |" in (vault / "Llama.md").read_text(encoding="utf-8")
    assert not kept.exists()  # used up


def test_one_answer_can_be_changed_at_the_confirmation(vault: Path, tmp_path: Path) -> None:
    term = Terminal(["new", "product", "--answers", str(_answers_file(tmp_path))], vault)
    term.wait_for("Change an answer")
    term.type("c\r")
    term.wait_for("Which answer?")
    term.wait_for("Downloads: 1.2B+")
    term.type("d\r")  # the shortcut of "Downloads: 1.2B+"
    term.wait_for("? Downloads 1.2B+")
    term.type("\x7f" * 5 + "1.3B+\r")
    term.wait_for("| Downloads | 1.3B+ |")  # the preview again, with the new answer
    term.wait_for("Change an answer")
    term.type("\r")
    assert term.finish() == 0, term.text()
    text = (vault / "Llama.md").read_text(encoding="utf-8")
    assert "| Downloads | 1.3B+ |" in text
    assert "| Parent | [[Meta]] |" in text  # the other answers are kept


def test_the_name_is_checked_at_its_own_prompt(vault: Path) -> None:
    (vault / "Meta.md").write_text("---\naliases: [Facebook]\n---\n**Meta**\n", encoding="utf-8")
    term = Terminal(["new", "product"], vault)
    term.wait_for("Product name")
    term.type("Meta\r")
    term.wait_for("Meta.md already exists; pick another name")
    term.type("\x7f" * 4 + "Facebook\r")
    term.wait_for("[[Facebook]] already names Meta.md (by file name or alias)")
    term.type("\x7f" * 8 + "A: B\r")
    term.wait_for("which Obsidian does not allow in note names")
    term.type("\x7f" * 4 + "Llama\r")
    term.wait_for("Other names")
    assert "Made by" not in term.text()
    term.type("\x03")  # Ctrl-C: the name typed so far is kept
    assert term.finish() == 130, term.text()
    kept = vault / ".scaffold" / "answers" / "product.yaml"
    assert "name: Llama\n" in kept.read_text(encoding="utf-8")
    # --resume asks from where the run stopped: not the name again.
    again = Terminal(["new", "product", "--resume"], vault)
    again.wait_for("Other names")
    assert "Product name" not in again.text()
    again.enter_until_exit()
    assert again.finish() == 0, again.text()
    assert (vault / "Llama.md").is_file()


def test_a_note_that_appears_while_prompting_offers_another_name(vault: Path) -> None:
    term = Terminal(["new", "product"], vault)
    term.wait_for("Product name")
    term.type("Grok\r")
    term.wait_for("Other names")
    (vault / "Grok.md").write_text("made elsewhere meanwhile\n", encoding="utf-8")
    term.enter_until("What now?")
    assert "this note already exists" in term.text()
    term.wait_for("Cancel (the answers are kept)")
    term.type("g\r")  # "Give the note another name"
    term.wait_for("? Product name")
    term.type("\x7f" * 4 + "Grok 2\r")
    term.enter_until_exit()
    assert term.finish() == 0, term.text()
    assert (vault / "Grok.md").read_text(encoding="utf-8") == "made elsewhere meanwhile\n"
    assert (vault / "Grok 2.md").read_text(encoding="utf-8").startswith("---\ntype: product\n")


def test_completion_offers_aliases_and_writes_the_notes_real_name(vault: Path) -> None:
    (vault / "Meta.md").write_text(
        "---\naliases: [Facebook]\n---\n#social #ai\n**Meta**\n", encoding="utf-8"
    )
    term = Terminal(["new", "product"], vault)
    term.wait_for("Product name")
    term.type("Llama\r")
    term.wait_for("Other names")
    term.type("\r")
    term.wait_for("Made by")
    term.type("faceb")
    term.wait_for("alias of Meta")  # the completion menu
    term.type("\t\r")
    term.enter_until("? Tags ai")
    term.type("\x7f" * 2 + "soc")
    term.wait_for("social")
    term.type("\t\r")
    term.enter_until_exit()
    assert term.finish() == 0, term.text()
    text = (vault / "Llama.md").read_text(encoding="utf-8")
    assert "| Parent | [[Meta]] |" in text
    assert "#product #social\n" in text


def test_with_stdout_piped_the_prompts_use_the_terminal(vault: Path) -> None:
    term = Terminal(["new", "product"], vault, piped_stdout=True)  # scaffold new product | cat
    term.wait_for("Product name")
    term.type("Llama\r")
    term.enter_until_exit()
    assert term.finish() == 0, term.text()
    assert "Write Llama.md?" in term.text()  # the conversation is on the terminal
    assert term.stdout == "created Llama.md\n"  # the result goes down the pipe
    assert (vault / "Llama.md").is_file()


def test_ctrl_c_at_a_prompt_exits_130_and_writes_nothing(vault: Path) -> None:
    term = Terminal(["new", "actor"], vault)
    term.wait_for("Name")
    term.type("OpenAI\r")
    term.wait_for("Other names")
    term.type("Open AI\x03")
    assert term.finish() == 130, term.text()
    assert "interrupted; nothing was written" in term.text()
    kept = vault / ".scaffold" / "answers" / "actor.yaml"
    assert f"Answers kept in {kept}" in term.text()
    assert sorted(p.name for p in vault.iterdir()) == [".obsidian", ".scaffold", "Meta.md"]
    assert "name: OpenAI\n" in kept.read_text(encoding="utf-8")


def test_closing_the_terminal_keeps_the_answers_as_ctrl_c_does(vault: Path) -> None:
    """A hang-up (the terminal window closed) is an interrupt: the answers are kept."""
    term = Terminal(["new", "actor"], vault)
    term.wait_for("Name")
    term.type("OpenAI\r")
    term.wait_for("Other names")
    os.close(term.master)  # the terminal goes away: the kernel sends SIGHUP
    code = term.proc.wait(timeout=30)
    assert code != 0
    kept = vault / ".scaffold" / "answers" / "actor.yaml"
    assert "name: OpenAI\n" in kept.read_text(encoding="utf-8")
    assert sorted(p.name for p in vault.iterdir()) == [".obsidian", ".scaffold", "Meta.md"]
