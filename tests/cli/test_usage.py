"""Usage errors: exit 2, "Did you mean" for a mistyped command, flag or `--set` key, values
that start with '-', and one list of `--type` choices for every command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_main


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("gte", "Llama", "aliases"), "Did you mean 'get'"),
        (("templates", "lst"), "Did you mean 'list'?"),
        (("get", "Llama", "aliases", "--jsn"), "Did you mean '--json'?"),
        (("set", "Llama", "a", "b", "--dryrun"), "Did you mean '--dry-run'?"),
        (("set", "Llama", "a", "b", "--type", "boo"), "Did you mean 'bool'?"),
    ],
)
def test_a_mistyped_name_gets_did_you_mean(seed: Path, args: tuple[str, ...], needle: str) -> None:
    result = run_main(*args, cwd=seed.parent)
    assert result.returncode == 2, result.stderr
    assert needle in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_flag_points_at_the_commands_own_help(seed: Path) -> None:
    result = run_main("get", seed, "aliases", "--jsn")
    assert "Try 'scaffold get --help' for help." in result.stderr


def test_usage_errors_with_json_are_json_too(seed: Path) -> None:
    result = run_main("get", seed, "aliases", "--json", "--jsn")
    assert result.returncode == 2
    error = json.loads(result.stdout)["error"]
    assert error["kind"] == "usage"
    assert error["hint"] == "Did you mean '--json'?"


def test_a_mistyped_set_key_in_new_gets_did_you_mean(tmp_path: Path) -> None:
    result = run_main("new", "product", "X", "--set", "tagz=ai", "--dry-run", "--vault", tmp_path)
    assert result.returncode == 8
    assert "tagz: not a question of this type (did you mean 'tags'?" in result.stderr


@pytest.mark.parametrize("value", ["-5%", "-.5", "-1e3", "- item", "-5"])
def test_a_value_that_starts_with_a_dash_is_a_value(seed: Path, value: str) -> None:
    result = run_main("set", seed, "Quick stats > Downloads", value)
    assert result.returncode == 0, result.stderr
    assert f"| Downloads | {value} |" in seed.read_text(encoding="utf-8")


def test_a_dash_value_works_in_a_list_and_before_the_flags(seed: Path) -> None:
    result = run_main("append", seed, "aliases", "-5%", "--dry-run", "--diff")
    assert result.returncode == 0, result.stderr
    assert "+aliases: [Meta Llama, LLaMA, Llama 4, '-5%']" in result.stdout


def test_a_value_that_looks_like_a_flag_gets_a_hint_and_works_after_dashes(seed: Path) -> None:
    refused = run_main("set", seed, "Quick stats > Downloads", "-x")
    assert refused.returncode == 2
    assert "'-x' was read as an option; a value that starts with '-' goes after '--'" in (
        refused.stderr
    )
    taken = run_main("set", seed, "Quick stats > Downloads", "--", "-x")
    assert taken.returncode == 0, taken.stderr
    assert "| Downloads | -x |" in seed.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["set", "append"])
def test_type_choices_are_one_list_for_every_command(seed: Path, command: str) -> None:
    result = run_main(command, seed, "aliases.0", "x", "--type", "bogus")
    assert result.returncode == 2, result.stderr
    assert "choose from 'auto', 'str', 'int', 'float', 'bool', 'date', 'null'" in result.stderr


def test_an_unknown_option_of_a_command_that_takes_no_value_says_so() -> None:
    refused = run_main("runs", "-x")
    assert refused.returncode == 2
    assert "scaffold runs has no option -x; see scaffold runs --help" in refused.stderr
    assert "NOTE ADDRESS" not in refused.stderr  # no example of a value it does not take


def test_the_dash_hint_names_the_commands_own_slots() -> None:
    refused = run_main("undo", "-x")
    assert refused.returncode == 2 and "e.g. scaffold undo RUN -- -x" in refused.stderr
