"""The README's examples work as written, from where a newcomer stands.

The shell blocks after the quick start run, in order, in one shell, in a copy of the clone
whose `.venv` is this test run's environment: `. .venv/bin/activate`, `cd examples/vault`,
then every command. A `get` whose comment shows a value must print that value. Commands
marked "(in a terminal)" need a person at a terminal (tests/generate/test_new_pty.py drives
those). The Python API's blocks run the same way, their `# 'value'` comments checked.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT

README = PROJECT / "README.md"
SECTIONS = ("Quick start", "Creating notes", "Reading and editing notes")
_BLOCK = re.compile(r"^```(sh|python)\n(.*?)^```\n", re.MULTILINE | re.DOTALL)


def _blocks(language: str, sections: tuple[str, ...] | None = None) -> list[str]:
    """The README's code blocks in ``language``, in order, from ``sections`` (## headings)."""
    found: list[str] = []
    for part in re.split(r"^## ", README.read_text(encoding="utf-8"), flags=re.MULTILINE)[1:]:
        title = part.splitlines()[0].strip()
        if sections is not None and title not in sections:
            continue
        found += [body for lang, body in _BLOCK.findall(part) if lang == language]
    return found


def _commands() -> list[str]:
    commands: list[str] = []
    for block in _blocks("sh", SECTIONS):
        for line in block.splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if "python3 -m venv" in line:
                # The quick start installs, then runs scaffold (or the tests: .ci/run runs
                # those). Keep what runs after the install.
                steps = [s for s in line.split(" && ") if "venv" not in s or "/scaffold " in s]
                steps = [s for s in steps if "pip install" not in s and "pytest" not in s]
                commands += steps
                continue
            commands.append(line)
    return commands


def _comment(line: str) -> str:
    """The ``# comment`` of a shell line (a ``#`` outside quotes, after a space)."""
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and i and line[i - 1] == " ":
            return line[i + 1 :].strip()
    return ""


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """The parts of a clone the examples use, with `.venv` being this environment."""
    root = tmp_path / "clone"
    shutil.copytree(PROJECT / "examples", root / "examples")
    venv = Path(sys.prefix)
    if not (venv / "bin" / "activate").is_file() or not (venv / "bin" / "scaffold").is_file():
        pytest.skip("the tests run outside a venv with scaffold installed; .ci/run has one")
    (root / ".venv").symlink_to(venv)
    return root


def test_the_readme_has_the_examples_this_test_runs() -> None:
    commands = _commands()
    assert ". .venv/bin/activate" in " ".join(commands)
    assert commands[0].startswith(".venv/bin/scaffold new product")  # the quick start's
    assert any(c.startswith("cd examples/vault") for c in commands)
    assert sum(c.startswith("scaffold ") for c in commands) >= 15


def _restore_command() -> str:
    """The README's own way of putting the example vault back."""
    found = re.search(r"`(git checkout examples/vault[^`]*)`", README.read_text(encoding="utf-8"))
    assert found, "the README says how to put the example vault back"
    return found.group(1)


def _git(clone: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=clone, check=True, capture_output=True, timeout=60,
    )  # fmt: skip


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_every_shell_example_works_again_after_the_readmes_restore(
    clone: Path, tmp_path: Path
) -> None:
    """Run the examples, put the vault back as the README says, and run them again."""
    _git(clone, "init", "-q")
    _git(clone, "add", "examples")
    _git(clone, "commit", "-qm", "clone")
    for round in ("first", "second"):
        test_every_shell_example_works_as_written(clone, tmp_path / round)
        subprocess.run(["bash", "-c", _restore_command()], cwd=clone, check=True, timeout=60)
        status = subprocess.run(
            ["git", "status", "--porcelain", "examples"],
            cwd=clone,
            capture_output=True,
            text=True,
            check=True,
        )
        assert status.stdout == "", f"after the {round} run, the restore left: {status.stdout}"


def test_every_shell_example_works_as_written(clone: Path, tmp_path: Path) -> None:
    results = tmp_path / "results"
    results.mkdir(parents=True)
    commands = _commands()
    script = ["set -u"]
    for n, line in enumerate(commands):
        if "(in a terminal)" in line:
            continue
        script.append(
            f"{{ {line}\n}} > {results}/{n}.out 2> {results}/{n}.err; echo $? > {results}/{n}.rc"
        )
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env.update(NO_COLOR="1", PATH=os.pathsep.join(["/usr/bin", "/bin"]))  # no scaffold on it
    subprocess.run(["bash", "-c", "\n".join(script)], cwd=clone, env=env, timeout=300, check=True)
    ran = 0
    for n, line in enumerate(commands):
        if "(in a terminal)" in line:
            continue
        ran += 1
        out = (results / f"{n}.out").read_text(encoding="utf-8")
        err = (results / f"{n}.err").read_text(encoding="utf-8")
        code = int((results / f"{n}.rc").read_text())
        assert code == 0, f"README example failed (exit {code}): {line}\n{out}{err}"
        shown = _comment(line)
        if line.startswith("scaffold get") and shown and " " not in shown:
            assert out == shown + "\n", f"{line}\nprinted {out!r}"
    assert ran >= 15


def test_the_python_examples_work_as_written(clone: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(clone / "examples" / "vault")
    namespace: dict[str, object] = {}
    for block in _blocks("python", ("Python API",)):
        for line in block.splitlines():
            code, _, comment = line.partition("  # ")
            if not code.strip():
                continue
            try:
                expected = ast.literal_eval(comment.strip())
            except (ValueError, SyntaxError):
                exec(code, namespace)
                continue
            assert eval(code, namespace) == expected, line
