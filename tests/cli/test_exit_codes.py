"""Exit codes have one owner, ``scaffold.errors.EXIT_CODES``: ``--help`` is generated from it
and the README's table must say the same. A note that isn't there is exit 3, kind "missing"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import scaffold
from scaffold.errors import EXIT_CODES, ScaffoldError
from tests.conftest import PROJECT, run_main


def test_the_readme_table_is_the_one_in_errors_py() -> None:
    readme = scaffold.load(PROJECT / "README.md")
    rows = readme.get("Exit codes >")
    assert [(int(r["code"]), r["meaning"]) for r in rows] == [(c, m) for c, _, m in EXIT_CODES]


def test_help_lists_every_code_from_errors_py() -> None:
    helped = run_main("--help").stdout
    block = helped[helped.index("exit codes:") :]
    for code, short, _ in EXIT_CODES:
        assert f"  {code:<4} {short}\n" in block


def test_every_error_class_has_a_documented_code() -> None:
    documented = {code for code, _, _ in EXIT_CODES}

    def walk(cls: type[ScaffoldError]) -> list[type[ScaffoldError]]:
        return [cls, *(c for sub in cls.__subclasses__() for c in walk(sub))]

    for cls in walk(ScaffoldError):
        assert cls.exit_code in documented, cls


@pytest.mark.parametrize(
    "note", ["./Nope.md", "Nope.md", "Nope", "sub/Nope", "{abs}/Nope.md", "../Nope.md"]
)
def test_a_note_that_is_not_there_is_exit_3_kind_missing(seed: Path, note: str) -> None:
    vault = seed.parent
    (vault / "sub").mkdir()
    result = run_main("get", note.format(abs=vault), "aliases", "--json", cwd=vault)
    assert result.returncode == 3, result.stderr
    error = json.loads(result.stdout)["error"]
    assert error["kind"] == "missing"
    assert "Traceback" not in result.stderr


def test_a_missing_note_name_still_suggests_close_names(seed: Path) -> None:
    result = run_main("get", "Lama", "aliases", "--json", cwd=seed.parent)
    assert result.returncode == 3
    assert "Did you mean Llama" in result.stderr
    assert json.loads(result.stdout)["error"]["candidates"] == ["Llama"]


def test_an_address_that_matches_nothing_is_still_5(seed: Path) -> None:
    result = run_main("get", seed, "Quick stats > Nope", "--json")
    assert result.returncode == 5
    assert json.loads(result.stdout)["error"]["kind"] == "address"
