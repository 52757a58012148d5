"""A typo in an input's column name is one error at the header cell, with "did you mean" over
the types' fields: never one error per note, never a hint to ``--create`` the typo, and no
note is touched (issue 14, item 4)."""

from __future__ import annotations

import json
from pathlib import Path

from scaffold.errors import EXIT_USAGE
from tests.bulk.conftest import snapshot
from tests.conftest import run_main


def _csv(vault: Path, text: str, name: str = "m.csv") -> Path:
    path = vault.parent / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_a_mistyped_wide_column_is_one_error_at_the_header(vault: Path) -> None:
    before = snapshot(vault)
    source = _csv(vault, "note;downlods;license\r\nLlama;2B+;\r\nGrok;20M;\r\nMeta AI;2B;MIT\r\n")
    result = run_main("update", "--from", source, "--yes", cwd=vault)
    assert result.returncode == EXIT_USAGE, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {source}:1:6: the column 'downlods' is no field of product, and none of the "
        "3 notes it gives a value to has that key; nothing was changed"
    ]
    assert "did you mean 'downloads'?" in result.stderr
    assert "--create" not in result.stderr
    assert "Llama.md" not in result.stderr  # the header is at fault, not a note
    assert snapshot(vault) == before


def test_the_json_error_names_the_header_cell(vault: Path) -> None:
    source = _csv(vault, 'note,"Quick stats > License",licence\nLlama,MIT,x\n')
    result = run_main("update", "--from", source, "--json", "--dry-run", cwd=vault)
    assert result.returncode == EXIT_USAGE
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 1, lines  # the error alone: no per-note results, no summary
    error = lines[0]["error"]
    assert (error["path"], error["line"], error["col"]) == (str(source), 1, 30)
    assert "'license'" in error["hint"]


def test_a_column_that_is_a_key_of_a_named_note_is_no_typo(vault: Path) -> None:
    # 'status' is no field of product, but Grok has the key: an address, set where it exists.
    grok = vault / "AI" / "Grok.md"
    grok.write_text(grok.read_text().replace("type: product\n", "type: product\nstatus: beta\n"))
    source = _csv(vault, "note,status\nGrok,stable\n")
    result = run_main("update", "--from", source, "--yes", cwd=vault)
    assert result.returncode == 0, result.stderr
    assert "status: stable\n" in grok.read_text()


def test_create_adds_a_key_that_no_type_has_as_asked(vault: Path) -> None:
    source = _csv(vault, "note,reviewed\nGrok,2026-05-01\n")
    result = run_main("update", "--from", source, "--create", "--yes", cwd=vault)
    assert result.returncode == 0, result.stderr
    assert "reviewed: 2026-05-01\n" in (vault / "AI" / "Grok.md").read_text()


def test_a_mistyped_long_field_is_one_error(vault: Path) -> None:
    before = snapshot(vault)
    source = _csv(vault, "note,field,value\nLlama,downlods,2B+\nGrok,downlods,20M\n")
    result = run_main("update", "--from", source, "--yes", cwd=vault)
    assert result.returncode == EXIT_USAGE, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and f"{source}:2:" in errors[0], result.stderr
    assert "did you mean 'downloads'?" in result.stderr
    assert snapshot(vault) == before


def test_a_mistyped_key_in_json_rows_is_one_error(vault: Path) -> None:
    before = snapshot(vault)
    source = _csv(vault, json.dumps({"Llama": {"downlods": "2B+"}, "Grok": {"downlods": "2"}}),
                  "m.json")  # fmt: skip
    result = run_main("update", "--from", source, "--yes", cwd=vault)
    assert result.returncode == EXIT_USAGE, result.stderr
    assert result.stderr.count("error:") == 1, result.stderr
    assert snapshot(vault) == before


def test_a_mistyped_set_name_is_one_error(vault: Path) -> None:
    before = snapshot(vault)
    result = run_main("update", "--where", "type:product", "--set", "downlods=2B", "--yes",
                      cwd=vault)  # fmt: skip
    assert result.returncode == EXIT_USAGE, result.stderr
    assert result.stderr.splitlines()[0] == (
        "error: --set downlods=...: 'downlods' is no field of actor or product, and no note of "
        "the vault has that key; nothing was changed"
    )
    assert "did you mean 'downloads'?" in result.stderr and "--create" not in result.stderr
    assert snapshot(vault) == before
