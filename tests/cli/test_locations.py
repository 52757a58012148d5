"""Errors about an address print as FILE:LINE:COL, the form editors jump to: they point at
the nearest part of the address that exists (the cell, its table, the key, its parent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_main


@pytest.mark.parametrize(
    ("args", "code", "where"),
    [
        (("get", "Quick stats > Nope"), 5, "129:1"),  # the table the row is missing from
        (("get", "Quick stats > Downloads > Nope"), 5, "129:1"),
        (("get", "nokey"), 5, "2:1"),
        (("get", "aliases.9"), 5, "2:10"),  # the list
        (("get", "aliases.0.x"), 5, "2:11"),  # the item
        (("set", "Quick stats >", "v"), 2, "129:1"),
        (("set", "Quick stats > Downloads", "a\nb"), 6, "132:15"),  # the cell
        (("set", "Quick stats > Downloads", "x", "--type", "int"), 2, "132:15"),
        (("set", "aliases.0", "x", "--type", "int"), 6, "2:11"),
        (("remove", "aliases", "nope"), 5, "2:10"),
        (("append", "Quick stats >", "a", "b", "c"), 6, "129:1"),
        (("set", "Quick stats", "v"), 5, "127:1"),  # the heading
    ],
)
def test_an_address_error_names_file_line_and_column(
    seed: Path, args: tuple[str, ...], code: int, where: str
) -> None:
    command, *rest = args
    result = run_main(command, seed, *rest)
    assert result.returncode == code, result.stderr
    assert result.stderr.startswith(f"error: {seed}:{where}: "), result.stderr
    payload = json.loads(run_main(command, seed, *rest, "--json").stdout)["error"]
    assert f"{payload['line']}:{payload['col']}" == where


def test_an_error_about_the_whole_note_names_only_the_file(seed: Path) -> None:
    result = run_main("get", seed, "No such section > x")
    assert result.stderr.startswith(f"error: {seed}: no section matches"), result.stderr
