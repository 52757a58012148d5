"""The editor recipes under examples/editors work with the real output: the VS Code problem
matcher and the errorformat read every line `scaffold check` prints, the Vim commands run in
a real Vim, and the Helix and pre-commit files name real commands."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.check.conftest import CLEAN
from tests.conftest import PROJECT, run_cli

EDITORS = PROJECT / "examples" / "editors"
BROKEN = CLEAN.replace("| Category | model |", "| Category |") + "\nSee [[Nowhere]].\n"


def _tasks() -> dict[str, object]:
    text = (EDITORS / "vscode" / "tasks.json").read_text(encoding="utf-8")
    # VS Code reads JSON with comments.
    return json.loads(re.sub(r"^\s*//.*$", "", text, flags=re.MULTILINE))


def test_the_vscode_problem_matcher_reads_every_finding(vault: Path) -> None:
    (vault / "Widget.md").write_text(BROKEN, encoding="utf-8")
    out = run_cli("check", cwd=vault).stdout.splitlines()
    tasks = _tasks()["tasks"]
    assert isinstance(tasks, list)
    pattern = tasks[0]["problemMatcher"]["pattern"]
    rx = re.compile(pattern["regexp"])
    matched = [rx.match(line) for line in out]
    assert len(out) == 2 and all(matched)
    first = matched[0]
    assert first is not None
    assert first.group(pattern["file"]) == "Widget.md"
    assert (first.group(pattern["line"]), first.group(pattern["column"])) == ("20", "1")
    assert first.group(pattern["severity"]) == "warning" and first.group(pattern["code"]) == "T001"


def test_the_vscode_where_task_command_runs(vault: Path) -> None:
    tasks = _tasks()["tasks"]
    assert isinstance(tasks, list)
    command = next(t["command"] for t in tasks if t["label"] == "scaffold: where am I")
    line = command.replace("${file}", str(vault / "Widget.md")).replace("${lineNumber}", "18")
    line = line.replace("${columnNumber}", "15")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(["sh", "-c", line], capture_output=True, text=True, env=env, timeout=60)
    assert result.stdout == "Quick stats > Downloads\n1.2B+\n", result.stderr


VIM = shutil.which("vim")


def _vim(vault: Path, *commands: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    argv = [str(VIM), "-Nu", "NONE", "-i", "NONE", "-es", "--cmd", "filetype on", "Widget.md"]
    # As an ftplugin: sourced for the markdown buffer being edited.
    argv += ["-c", f"source {EDITORS / 'vim' / 'scaffold.vim'}"]
    for command in commands:
        argv += ["-c", command]
    return subprocess.run(argv, cwd=vault, env=env, capture_output=True, timeout=60)


@pytest.mark.skipif(VIM is None, reason="vim is not installed")
def test_the_errorformat_fills_the_quickfix_list(vault: Path) -> None:
    (vault / "Widget.md").write_text(BROKEN, encoding="utf-8")
    report = vault / "qf.txt"
    _vim(
        vault,
        "silent make",
        # The summary on stderr is an unmatched (not valid) line.
        "call writefile(map(filter(getqflist(), 'v:val.valid'), "
        f"'v:val.lnum.\":\".v:val.col.\":\".v:val.type'), '{report}')",
        "qa!",
    )
    assert report.read_text().split() == ["20:1:w", "26:5:w"]


@pytest.mark.skipif(VIM is None, reason="vim is not installed")
def test_the_vim_set_command_edits_the_value_under_the_cursor(vault: Path) -> None:
    note = vault / "Widget.md"
    _vim(vault, "call cursor(18, 15)", "ScaffoldSet 1.5B+", "wq")
    assert "| Downloads | 1.5B+ |" in note.read_text(encoding="utf-8")
    before = note.read_bytes()
    _vim(vault, "ScaffoldSet! Quick stats > Nope = 1", "wq")
    assert note.read_bytes() == before  # a failed set leaves the buffer as it was
    _vim(vault, "ScaffoldSet! Quick stats > Launched = 2024-01-01", "wq")
    assert "| Launched | 2024-01-01 |" in note.read_text(encoding="utf-8")


def test_the_helix_config_starts_the_server() -> None:
    config = tomllib.loads((EDITORS / "helix" / "languages.toml").read_text(encoding="utf-8"))
    server = config["language-server"]["scaffold"]
    assert [server["command"], *server["args"]] == ["scaffold", "lsp"]
    assert config["language"][0]["language-servers"] == ["scaffold"]
    help_text = run_cli(*server["args"], "--help").stdout
    assert "language server" in help_text


def test_the_pre_commit_hook_runs_check(vault: Path) -> None:
    from ruamel.yaml import YAML

    hooks = YAML(typ="safe").load((PROJECT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    (hook,) = hooks
    assert hook["id"] == "scaffold-check" and hook["entry"] == "scaffold check"
    # pre-commit appends the staged files to the entry.
    (vault / "Widget.md").write_text(BROKEN, encoding="utf-8")
    result = run_cli(*hook["entry"].split()[1:], "Widget.md", cwd=vault)
    assert result.returncode == 1 and "[T001]" in result.stdout


def _vim_rc(vault: Path, files: list[str], *commands: str) -> subprocess.CompletedProcess[bytes]:
    """Vim with the recipe sourced from the vimrc (--cmd runs before any file is read, as a
    vimrc does), ``filetype on`` as in any vimrc."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    argv = [str(VIM), "-Nu", "NONE", "-i", "NONE", "-es", "--cmd", "filetype on"]
    argv += ["--cmd", f"source {EDITORS / 'vim' / 'scaffold.vim'}", *files]
    for command in commands:
        argv += ["-c", command]
    return subprocess.run(argv, cwd=vault, env=env, capture_output=True, timeout=60)


@pytest.mark.skipif(VIM is None, reason="vim is not installed")
def test_sourced_from_the_vimrc_every_markdown_buffer_gets_make(vault: Path) -> None:
    (vault / "Widget.md").write_text(BROKEN, encoding="utf-8")
    (vault / "Claude Code.md").write_text("Café — see [[Nowhere]].\n", encoding="utf-8")
    report = vault / "qf.txt"
    _vim_rc(
        vault,
        ["Widget.md"],
        "e Claude\\ Code.md",  # a second buffer, its name with a space
        "silent make",
        # every entry is a finding: the summary line on stderr is not an entry at all
        f'call writefile(map(getqflist(), \'v:val.valid.":".bufname(v:val.bufnr)'
        f'.":".v:val.lnum.":".v:val.col\'), \'{report}\')',
        "qa!",
    )
    # byte column 15: "Café — see " is 14 bytes (11 characters); errorformat's %c is bytes
    assert report.read_text(encoding="utf-8").splitlines() == ["1:Claude Code.md:1:15"]


@pytest.mark.skipif(VIM is None, reason="vim is not installed")
def test_the_vim_set_errors_are_lines_not_nul_bytes(vault: Path) -> None:
    (vault / "Widget.md").write_text(BROKEN, encoding="utf-8")
    report = vault / "msgs.txt"
    _vim(
        vault,
        "ScaffoldSet! Quick stats > Nope = 1",
        f"call writefile(split(execute('messages'), \"\\n\"), '{report}')",
        "qa!",
    )
    messages = report.read_text(encoding="utf-8")
    assert "Nope" in messages, messages
    assert "^@" not in messages and "\x00" not in messages
    assert len([m for m in messages.splitlines() if m.strip()]) >= 2  # error, then its hint
