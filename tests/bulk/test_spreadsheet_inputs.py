"""`update --from` reads spreadsheets as spreadsheets write them (Excel's `;`, `sep=;`, UTF-16
"Unicode text", BOM, CRLF), and refuses input it cannot read with a clear error, an exit code
and every note untouched."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from scaffold.bulk.inputs import read_rows, sniff_delimiter
from scaffold.errors import EXIT_FILE, EXIT_USAGE
from tests.bulk.conftest import snapshot
from tests.conftest import run_cli, run_main

DOWNLOADS = "| Downloads | 1.3B+ |"


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _llama(vault: Path) -> str:
    return (vault / "AI" / "Llama.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("semicolon", b"note;downloads;license\r\nLlama;1.3B+;\r\nGrok;;MIT\r\n"),
        ("excel-sep", b"sep=;\r\nnote;downloads;license\r\nLlama;1.3B+;\r\nGrok;;MIT\r\n"),
        ("bom-semicolon", b"\xef\xbb\xbfnote;downloads;license\r\nLlama;1.3B+;\r\nGrok;;MIT\r\n"),
        (
            "utf16-tabs",  # Excel's "Unicode text": UTF-16 LE with a BOM, tab-separated
            "\ufeffnote\tdownloads\tlicense\r\nLlama\t1.3B+\t\r\nGrok\t\tMIT\r\n".encode(
                "utf-16-le"
            ),
        ),
        ("utf16-be", "\ufeffnote,downloads,license\nLlama,1.3B+,\nGrok,,MIT\n".encode("utf-16-be")),
        ("quoted-commas", b'note;downloads;license\nLlama;1.3B+;\nGrok;;"MIT, or not"\n'),
    ],
)
def test_excel_csvs_are_read(vault: Path, name: str, data: bytes) -> None:
    source = _write(vault.parent / f"{name}.csv", data)
    result = run_main("update", "--from", source, cwd=vault)
    assert result.returncode == 0, result.stderr
    assert DOWNLOADS in _llama(vault)
    grok = (vault / "AI" / "Grok.md").read_text(encoding="utf-8")
    assert ("| License | MIT, or not |" if "quoted" in name else "| License | MIT |") in grok


def test_delimiter_names_the_separator(vault: Path) -> None:
    source = _write(vault.parent / "pipe.txt", b"note|downloads\nLlama|1.3B+\n")
    result = run_main("update", "--from", source, "--format", "csv", "--delimiter", "|", cwd=vault)
    assert result.returncode == 0, result.stderr
    assert DOWNLOADS in _llama(vault)


def test_a_semicolon_csv_on_standard_input_is_recognised(vault: Path) -> None:
    result = run_main("update", "--from", "-", cwd=vault, input=b"note;downloads\nLlama;1.3B+\n")
    assert result.returncode == 0, result.stderr
    assert DOWNLOADS in _llama(vault)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("note,downloads", ","),
        ("note;downloads;license", ";"),
        ("note\tdownloads", "\t"),
        ('"a;b",c,d', ","),  # a separator inside quotes does not count
        ("note", ","),
    ],
)
def test_the_separator_is_sniffed_from_the_header(header: str, expected: str) -> None:
    assert sniff_delimiter(header) == expected


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("latin1", "note,license\nLlama,Licence libre à 100%\n".encode("latin-1"), "not UTF-8"),
        ("binary", b"\x00\x01\x02PK\x03\x04" * 100, "not a text file"),
        ("short-row", b"note,address,value\nLlama,Quick stats > Downloads\n", "2 cells for 3"),
        ("long-row", b"note,downloads\nLlama,1.3B+,extra\n", "3 cells for 2"),
        ("deep-json", b"[" * 100000 + b"]" * 100000, "nested too deeply"),
        ("dup-json", b'[{"note": "Llama", "downloads": "1B", "downloads": "2B"}]', "twice"),
    ],
)
def test_bad_input_is_a_clear_error_and_touches_nothing(
    vault: Path, name: str, data: bytes, says: str
) -> None:
    before = snapshot(vault)
    suffix = ".json" if "json" in name else ".csv"
    source = _write(vault.parent / f"{name}{suffix}", data)
    result = run_main("update", "--from", source, "--json", cwd=vault)
    assert result.returncode in (EXIT_USAGE, 10), (result.returncode, result.stderr)
    assert says in result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert snapshot(vault) == before


def test_a_short_row_never_erases_the_cell(vault: Path) -> None:
    """`Llama,Quick stats > Downloads` lost its value: it is not an empty value."""
    before = snapshot(vault)
    source = _write(
        vault.parent / "short.csv", b"note,address,value\nLlama,Quick stats > Downloads\n"
    )
    result = run_main("update", "--from", source, cwd=vault)
    assert result.returncode == 10, result.stderr
    assert "a cell is missing" in result.stderr
    assert snapshot(vault) == before


def test_a_device_or_fifo_is_refused_at_once(vault: Path, tmp_path: Path) -> None:
    # In a subprocess: a regression would hang, and run_cli times out where main() would not.
    before = snapshot(vault)
    result = run_cli("update", "--from", "/dev/zero", cwd=vault)
    assert result.returncode == EXIT_FILE, result.stderr
    assert "character device" in result.stderr
    fifo = tmp_path / "rows.csv"
    os.mkfifo(fifo)
    result = run_cli("update", "--from", fifo, cwd=vault)
    assert result.returncode == EXIT_FILE, result.stderr
    assert "named pipe" in result.stderr
    assert snapshot(vault) == before


def test_input_over_the_size_cap_is_refused(vault: Path) -> None:
    source = _write(vault.parent / "big.csv", b"note,downloads\n" + b"Llama,1B\n" * 2000)
    env = {**os.environ, "SCAFFOLD_MAX_NOTE_BYTES": "1000"}
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "scaffold", "update", "--from", str(source)],
        cwd=vault, capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert proc.returncode == EXIT_FILE, proc.stderr
    assert "over scaffold's limit" in proc.stderr


def test_a_large_cell_is_read(tmp_path: Path) -> None:
    big = "x" * 300_000
    source = _write(tmp_path / "big.csv", f"note,notes\nLlama,{big}\n".encode())
    (row,) = list(read_rows(str(source)))
    assert row.error is None and row.assignments[0].value == big


def test_excel_sep_line_keeps_line_numbers(tmp_path: Path) -> None:
    source = _write(tmp_path / "x.csv", b"sep=;\nnote;downloads\nLlama;1B;2B\n")
    (row,) = list(read_rows(str(source)))
    assert row.error is not None and row.origin.endswith(":3")


def test_identical_duplicate_json_keys_merge(tmp_path: Path) -> None:
    source = _write(
        tmp_path / "x.json",
        json.dumps([{"note": "Llama"}]).encode()[:-2] + b', "downloads": "1B", "downloads": "1B"}]',
    )
    (row,) = list(read_rows(str(source)))
    assert row.error is None and [a.value for a in row.assignments] == ["1B"]
