"""Shell completion: commands, flags, type names, note names and addresses from the vault,
through argcomplete's protocol, and in the real bash, zsh and fish when they are installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEED


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    (root / ".obsidian").mkdir(parents=True)
    (root / "Llama.md").write_bytes(SEED.read_bytes())
    (root / "Meta.md").write_text("---\naliases: [Facebook]\n---\n**Meta**\n", encoding="utf-8")
    return root


def _env(vault: Path) -> dict[str, str]:
    env = {**os.environ, "NO_COLOR": "1"}
    bin_dir = str(Path(sys.executable).parent)  # `scaffold` itself, as a shell finds it
    env["PATH"] = os.pathsep.join([bin_dir, env.get("PATH", "")])
    return env


def _scaffold() -> str:
    script = Path(sys.executable).with_name("scaffold")
    if not script.is_file():
        pytest.skip("needs the installed `scaffold` script")
    return str(script)


def complete(line: str, cwd: Path, shell: str = "bash") -> list[str]:
    """What `scaffold` answers when a shell asks it to complete ``line`` (argcomplete's
    protocol: the shell scripts set these variables and read fd 8)."""
    out = cwd.parent / "completions.txt"
    env = _env(cwd)
    env.update(
        _ARGCOMPLETE="1",
        _ARGCOMPLETE_SHELL=shell,
        _ARGCOMPLETE_IFS="\n",
        _ARGCOMPLETE_STDOUT_FILENAME=str(out),
        COMP_LINE=line,
        COMP_POINT=str(len(line)),
    )
    subprocess.run([_scaffold()], cwd=cwd, env=env, check=True, timeout=60, capture_output=True)
    return [c for c in out.read_text(encoding="utf-8").split("\n") if c]


def test_commands_flags_and_choices(vault: Path) -> None:
    assert complete("scaffold g", vault) == ["get "]
    assert "completion" in complete("scaffold ", vault)
    assert complete("scaffold set Llama.md aliases x --ty", vault) == ["--type "]
    assert complete("scaffold set Llama.md aliases x --type b", vault) == ["bool "]
    assert complete("scaffold completion f", vault) == ["fish "]


def test_note_names_and_aliases_from_the_vault(vault: Path) -> None:
    assert set(complete("scaffold get me", vault)) == {"Meta", "Meta\\ Llama"}  # an alias
    assert complete("scaffold get Face", vault) == ["Facebook "]
    assert set(complete("scaffold get ll", vault)) == {"Llama", "LLaMA", "Llama\\ 4"}


def test_type_names_and_question_keys(vault: Path) -> None:
    assert complete("scaffold new pro", vault) == ["product "]
    assert complete("scaffold templates show ac", vault) == ["actor "]
    assert complete("scaffold new product --set ta", vault) == ["tags="]


def test_addresses_from_the_note(vault: Path) -> None:
    assert complete("scaffold get Llama 'Quick st", vault) == ["Quick stats >"]
    assert complete("scaffold get Llama 'Quick stats > Dow", vault) == ["Quick stats > Downloads"]
    assert complete("scaffold set Llama ali", vault) == ["aliases "]


def test_an_ordinary_run_does_not_load_argcomplete(vault: Path) -> None:
    probe = (
        "import sys; from scaffold.cli.main import main; main(); "
        "print('argcomplete' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, "get", "Llama", "aliases.0"],
        cwd=vault, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.stdout.splitlines()[-1] == "False", result.stderr


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_in_a_real_bash(vault: Path) -> None:
    script = """
    eval "$(scaffold completion bash)"
    COMP_LINE="scaffold get Llama 'Quick stats > Dow"; COMP_POINT=${#COMP_LINE}
    COMP_WORDS=(scaffold get Llama "'Quick stats > Dow"); COMP_CWORD=3; COMP_TYPE=9
    _python_argcomplete scaffold "'Quick stats > Dow" Llama
    printf '%s\\n' "${COMPREPLY[@]}"
    COMP_LINE="scaffold get Fac"; COMP_POINT=${#COMP_LINE}
    COMP_WORDS=(scaffold get Fac); COMP_CWORD=2
    _python_argcomplete scaffold Fac get
    printf '%s\\n' "${COMPREPLY[@]}"
    """
    result = subprocess.run(
        ["bash", "-c", script], cwd=vault, env=_env(vault), capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert result.stdout.splitlines() == ["Quick stats > Downloads", "Facebook "], result.stderr


@pytest.mark.skipif(shutil.which("fish") is None, reason="needs fish")
def test_in_a_real_fish(vault: Path) -> None:
    script = (
        "scaffold completion fish | source; complete -C 'scaffold get fac'; "
        "complete -C 'scaffold new pro'; complete -C 'scaffold get Llama \"Quick stats > Dow'"
    )
    result = subprocess.run(
        ["fish", "--no-config", "-c", script], cwd=vault, env=_env(vault),
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.stdout.splitlines() == ["Facebook", "product", "Quick stats > Downloads"], (
        result.stderr
    )


@pytest.mark.skipif(shutil.which("zsh") is None, reason="needs zsh")
def test_the_zsh_script_registers_a_completer(vault: Path) -> None:
    script = (
        'autoload -U compinit; compinit -u; eval "$(scaffold completion zsh)"; '
        "print $_comps[scaffold]"
    )
    result = subprocess.run(
        ["zsh", "-f", "-c", script], cwd=vault, env=_env(vault), capture_output=True,
        text=True, timeout=60,
    )  # fmt: skip
    assert result.stdout.strip() == "_python_argcomplete", result.stderr
    # And what zsh's function asks for, scaffold answers (with zsh's descriptions).
    assert any(c.startswith("get") for c in complete("scaffold g", vault, shell="zsh"))


def test_rule_codes_for_select_and_ignore(vault: Path) -> None:
    assert complete("scaffold check --select L00", vault)[0].startswith("L001")
    assert "L001" in complete("scaffold check --ignore ", vault)
    # after a comma, the next code of the list
    assert all(c.startswith("T001,L") for c in complete("scaffold check --select T001,L", vault))
    assert "T001,L001" in complete("scaffold check --select T001,L", vault)


def test_run_ids_for_undo_and_redo(vault: Path) -> None:
    from scaffold.cli.main import main

    (vault / "Meta.md").write_text("---\naliases: [Facebook]\n---\n**Meta**\n", encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(vault)
    try:
        assert main(["mv", "Meta", "Meta Platforms", "--yes", "--quiet"]) == 0
    finally:
        os.chdir(cwd)
    from scaffold.api import runs

    run = str(runs(vault)[0]["id"])
    assert complete(f"scaffold undo {run[:2]}", vault) == [run + " "]
    assert complete(f"scaffold redo {run[:6]}", vault) == [run + " "]


def test_field_names_for_update_set_and_export(vault: Path) -> None:
    assert complete("scaffold update --where type:product --set down", vault) == ["downloads="]
    assert complete("scaffold update --set tick", vault) == ["ticker="]  # any type's field
    assert complete("scaffold update --type product --set tick", vault) == []  # not a product's
    assert complete("scaffold export lic", vault) == ["license "]


def test_a_completed_section_leaves_the_word_open_in_bash(vault: Path) -> None:
    """bash ends a word it completed with a space, unless the script says ``compopt -o
    nospace``; after ``Quick stats >`` a row follows, so it must. (``compopt`` works only
    inside an interactive completion; here a function stands in for it and records the
    call, with the same arguments the builtin takes.)"""
    script = """
    eval "$(scaffold completion bash)"
    compopt() { echo "compopt $1 $2"; }
    COMP_LINE="scaffold get Llama 'Quick st"; COMP_POINT=${#COMP_LINE}
    COMP_WORDS=(scaffold get Llama "'Quick st"); COMP_CWORD=3; COMP_TYPE=9
    _python_argcomplete scaffold "'Quick st" Llama
    printf '%s\\n' "${COMPREPLY[@]}"
    COMP_LINE="scaffold get Fac"; COMP_POINT=${#COMP_LINE}
    COMP_WORDS=(scaffold get Fac); COMP_CWORD=2
    _python_argcomplete scaffold Fac get
    printf '%s\\n' "${COMPREPLY[@]}"
    """
    if shutil.which("bash") is None:
        pytest.skip("needs bash")
    result = subprocess.run(
        ["bash", "-c", script], cwd=vault, env=_env(vault), capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert result.stdout.splitlines() == [
        "compopt +o nospace",
        "compopt -o nospace",  # the section: the word stays open for its row
        "Quick stats >",
        "compopt +o nospace",  # a note name: the word ends, as before
        "Facebook",
    ], result.stderr
