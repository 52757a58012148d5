"""An empty input is the same in every format: exit 2 with a clear message, every note
untouched (it was exit 0 for a CSV, 2 for JSON and 10 for YAML). An input that says it has no
rows (a CSV with only its header, ``[]``) is a run with nothing to do: exit 0 (issue 14,
item 7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.errors import EXIT_USAGE
from tests.bulk.conftest import snapshot
from tests.conftest import run_main


@pytest.mark.parametrize("suffix", ["csv", "tsv", "json", "jsonl", "yaml"])
@pytest.mark.parametrize("content", [b"", b"\n\r\n  \n", b"\xef\xbb\xbf"])
def test_an_empty_input_is_exit_2_in_every_format(vault: Path, suffix: str, content: bytes) -> None:
    source = vault.parent / f"empty.{suffix}"
    source.write_bytes(content)
    before = snapshot(vault)
    result = run_main("update", "--from", source, "--yes", cwd=vault)
    assert result.returncode == EXIT_USAGE, result.stderr
    assert f"error: {source} is empty: nothing was read" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(vault) == before


def test_empty_standard_input_is_exit_2(vault: Path) -> None:
    result = run_main("update", "--from", "-", "--yes", cwd=vault, input=b"")
    assert result.returncode == EXIT_USAGE
    assert "<stdin> is empty" in result.stderr


@pytest.mark.parametrize(("suffix", "content"), [("csv", "note,downloads\r\n"), ("json", "[]"),
                                                 ("yaml", "[]\n")])  # fmt: skip
def test_an_input_with_no_rows_does_nothing(vault: Path, suffix: str, content: str) -> None:
    source = vault.parent / f"none.{suffix}"
    source.write_text(content, encoding="utf-8")
    result = run_main("update", "--from", source, "--yes", cwd=vault)
    assert result.returncode == 0, result.stderr
    assert "0 changed, 0 unchanged, 0 skipped, 0 failed" in result.stderr or (
        "0 to change" in result.stderr
    )
