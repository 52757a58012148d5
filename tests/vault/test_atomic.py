"""Writing one note: swapped in whole, and never over another program's change.

Each conflict is staged deterministically here (the race test in test_race.py runs real
concurrent writers). Both commit strategies are covered: the atomic swap (Linux, macOS) and
the portable fallback, forced by taking the swap away.
"""

from __future__ import annotations

import json
import os
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from scaffold.errors import NoteExistsError, VerifyError
from scaffold.vault import _os, atomic
from scaffold.vault.atomic import WriteConflict, write_atomic
from tests.conftest import run_cli
from tests.vault.hooks import run_cli_with_hook, wrap_write

LINUX = hasattr(os, "uname") and os.uname().sysname == "Linux"


@pytest.fixture(params=["swap", "portable"])
def strategy(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    if request.param == "portable":
        monkeypatch.setattr(atomic, "exchange", lambda a, b: False)
    elif not atomic.exchange.__module__.endswith("_os") or not _swap_works():
        pytest.skip("no atomic swap on this system")
    yield request.param


def _swap_works() -> bool:
    return _os._rename_call() is not None


def _copies(note: Path) -> list[Path]:
    return sorted(note.parent.glob(f"{note.name}.scaffold-conflict-*"))


def _stray(note: Path) -> list[str]:
    return sorted(n for n in os.listdir(note.parent) if ".scaffold-" in n and n.startswith("."))


def test_the_new_bytes_replace_the_old_and_nothing_is_left_behind(
    tmp_path: Path, strategy: str
) -> None:
    note = tmp_path / "n.md"
    note.write_bytes(b"old\n")
    note.chmod(0o640)
    write_atomic(note, b"new\n", expect=b"old\n")
    assert note.read_bytes() == b"new\n"
    assert stat.S_IMODE(note.stat().st_mode) == 0o640
    assert _stray(note) == [] and _copies(note) == []
    assert atomic.written_so_far()[-1] == note.resolve()


def test_a_symlinked_note_is_written_where_it_lives(tmp_path: Path, strategy: str) -> None:
    real = tmp_path / "real.md"
    real.write_bytes(b"old\n")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_atomic(link, b"new\n", expect=b"old\n")
    assert link.is_symlink() and real.read_bytes() == b"new\n"


def test_a_change_before_the_swap_keeps_both_versions(tmp_path: Path, strategy: str) -> None:
    note = tmp_path / "n.md"
    note.write_bytes(b"theirs\n")  # what scaffold read was b"old\n"
    with pytest.raises(WriteConflict) as info:
        write_atomic(note, b"mine\n", expect=b"old\n")
    assert info.value.exit_code == 7
    assert note.read_bytes() == b"theirs\n"
    [copy] = _copies(note)
    assert copy.read_bytes() == b"mine\n"
    assert str(copy) in info.value.message
    assert info.value.to_dict()["conflict_copies"] == [str(copy)]
    assert _stray(note) == []


@pytest.mark.skipif(not LINUX, reason="asks Linux whether a writer still holds the file")
def test_a_writer_still_writing_into_the_old_file_is_waited_for_then_kept(
    tmp_path: Path, strategy: str
) -> None:
    note = tmp_path / "n.md"
    note.write_bytes(b"old\n")
    handle = open(note, "r+b")  # noqa: SIM115 (an editor that opened the note, not yet saved)

    def save_later() -> None:
        time.sleep(0.2)
        handle.write(b"THEIRS\n")
        handle.close()

    writer = threading.Thread(target=save_later)
    writer.start()
    try:
        with pytest.raises(WriteConflict):
            write_atomic(note, b"mine\n", expect=b"old\n")
    finally:
        writer.join()
    assert note.read_bytes() == b"THEIRS\n"
    assert [c.read_bytes() for c in _copies(note)] == [b"mine\n"]


def test_a_new_note_never_replaces_one_that_appeared(tmp_path: Path, strategy: str) -> None:
    note = tmp_path / "new.md"
    note.write_bytes(b"someone else's\n")
    with pytest.raises(NoteExistsError, match="appeared while scaffold was running"):
        write_atomic(note, b"mine\n", expect=None)
    assert note.read_bytes() == b"someone else's\n"
    write_atomic(tmp_path / "fresh.md", b"mine\n", expect=None)
    assert (tmp_path / "fresh.md").read_bytes() == b"mine\n"
    assert _stray(note) == []


def test_a_note_removed_meanwhile_is_not_recreated(tmp_path: Path, strategy: str) -> None:
    note = tmp_path / "gone.md"
    with pytest.raises(VerifyError, match="removed after scaffold read it"):
        write_atomic(note, b"mine\n", expect=b"old\n")
    assert not note.exists()


def test_the_cli_reports_a_conflict_with_exit_7_and_where_its_version_went(
    seed: Path,
) -> None:
    # Another program saves between scaffold's read (and its checks) and the write itself.
    editor = "open(path, 'ab').write(b'\\nsaved by the editor\\n')"
    result = run_cli_with_hook(
        seed.parent, wrap_write(before=editor), "set", seed, "created", "2031-01-01", "--json",
        "--create",
    )  # fmt: skip
    assert result.returncode == 7, result.stderr
    assert seed.read_text().endswith("saved by the editor\n")
    [copy] = _copies(seed)
    assert "created: 2031-01-01" in copy.read_text()
    assert "saved by the editor" not in copy.read_text()
    assert f"scaffold's version was written to {copy}" in result.stderr
    assert json.loads(result.stdout)["error"]["conflict_copies"] == [str(copy)]
    assert run_cli("get", seed, "created").returncode == 5  # scaffold's edit is not in it
