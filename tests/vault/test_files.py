"""Reading notes: regular files only, never blocking, never unbounded, never half-written."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from scaffold.errors import NoteFileError, UsageError
from scaffold.vault.files import (
    DEFAULT_MAX_NOTE_BYTES,
    MAX_NOTE_BYTES_ENV,
    current_bytes,
    max_note_bytes,
    read_bytes,
)
from tests.conftest import SEED, run_cli

LINUX = os.uname().sysname == "Linux" if hasattr(os, "uname") else False


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "x.md"
    os.mkfifo(path)
    return path


def test_a_fifo_is_refused_at_once_not_waited_on(fifo: Path) -> None:
    with pytest.raises(NoteFileError, match="named pipe"):
        read_bytes(fifo)
    for args in (("get", fifo, "aliases"), ("set", fifo, "a", "b")):
        result = run_cli(*args)  # run_cli's timeout would fail the test if it hung
        assert result.returncode == 3, result.stderr
        assert "named pipe (FIFO), not a note file" in result.stderr


def test_a_link_to_a_device_is_refused_before_reading(tmp_path: Path) -> None:
    zero = tmp_path / "z.md"
    zero.symlink_to("/dev/zero")
    result = run_cli("get", zero, "aliases")
    assert result.returncode == 3
    assert "character device, not a note file" in result.stderr
    assert "MemoryError" not in result.stderr


def test_a_fifo_anywhere_in_the_vault_does_not_hang_lookups_by_name(seed: Path) -> None:
    os.mkfifo(seed.parent / "pipe.md")
    (seed.parent / "deep").mkdir()
    os.mkfifo(seed.parent / "deep" / "other.md")
    result = run_cli("get", "Llama", "aliases.0", cwd=seed.parent)
    assert (result.returncode, result.stdout) == (0, "Meta Llama\n"), result.stderr
    # A FIFO named like the note is not a note: the name does not resolve to it.
    missing = run_cli("get", "pipe", "aliases", cwd=seed.parent)
    assert missing.returncode == 3  # no such note (NoteMissingError)
    assert "no note named 'pipe'" in missing.stderr


def test_the_size_limit_is_clear_and_can_be_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.md"
    big.write_bytes(SEED.read_bytes() + b"x" * 2048)
    assert max_note_bytes() == DEFAULT_MAX_NOTE_BYTES == 64 << 20
    monkeypatch.setenv(MAX_NOTE_BYTES_ENV, "2K")
    with pytest.raises(NoteFileError, match="over scaffold's limit of 2,048 bytes") as info:
        read_bytes(big)
    assert f"{MAX_NOTE_BYTES_ENV}=" in (info.value.hint or "")
    monkeypatch.setenv(MAX_NOTE_BYTES_ENV, "1M")
    assert read_bytes(big) == big.read_bytes()
    monkeypatch.setenv(MAX_NOTE_BYTES_ENV, "lots")
    with pytest.raises(UsageError, match="not a size"):
        read_bytes(big)


def test_the_size_limit_through_the_cli_and_on_standard_input(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    big.write_bytes(SEED.read_bytes())
    env_limit = {MAX_NOTE_BYTES_ENV: "1000"}
    result = _run_with_env(env_limit, "get", big, "aliases")
    assert result.returncode == 3
    assert "over scaffold's limit of 1,000 bytes" in result.stderr
    piped = _run_with_env(env_limit, "get", "-", "aliases", input=big.read_bytes())
    assert piped.returncode == 3
    assert "<stdin>" in piped.stderr


def _run_with_env(
    env: dict[str, str], *args: str | Path, input: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "scaffold", *map(str, args)],
        input=input or b"",
        capture_output=True,
        env={**os.environ, **env, "NO_COLOR": "1"},
        timeout=60,
    )
    return subprocess.CompletedProcess(
        proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode()
    )


def test_current_bytes_is_none_only_for_a_missing_file(tmp_path: Path, fifo: Path) -> None:
    assert current_bytes(tmp_path / "nope.md") is None
    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(tmp_path / "gone.md")
    assert current_bytes(dangling) is None
    with pytest.raises(NoteFileError, match="named pipe"):
        current_bytes(fifo)


@pytest.mark.skipif(not LINUX, reason="asks Linux whether a writer still holds the file")
def test_a_note_being_written_is_read_once_the_writer_is_done(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_bytes(b"old\n")
    handle = open(note, "wb")  # a writer has truncated it and is still writing  # noqa: SIM115
    handle.write(b"half")
    handle.flush()

    def finish() -> None:
        time.sleep(0.15)
        handle.write(b" and the rest\n")
        handle.close()

    writer = threading.Thread(target=finish)
    writer.start()
    try:
        assert read_bytes(note) == b"half and the rest\n"
    finally:
        writer.join()


@pytest.mark.skipif(not LINUX, reason="asks Linux whether a writer still holds the file")
def test_a_note_that_never_settles_is_refused_not_read_half_written(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_bytes(b"---\na: 1\n---\n")
    with open(note, "ab") as handle:
        handle.write(b"partial")
        handle.flush()
        result = run_cli("set", note, "a", "2")
    assert result.returncode == 3
    assert "another program kept writing this file" in result.stderr
    assert note.read_bytes() == b"---\na: 1\n---\npartial"
