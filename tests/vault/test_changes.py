"""The one write path: a change set checked whole before the first write (apply_changes), or
file by file for runs over many notes (apply_each)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from scaffold.errors import NoteExistsError, NoteFileError, VerifyError
from scaffold.vault import changes
from scaffold.vault.atomic import WriteConflict
from scaffold.vault.changes import FileChange, apply_changes, apply_each, written_so_far


def _files(tmp_path: Path, **texts: bytes) -> dict[str, Path]:
    paths = {}
    for name, data in texts.items():
        path = tmp_path / f"{name}.md"
        path.write_bytes(data)
        paths[name] = path
    return paths


def test_a_stale_file_stops_the_whole_set_before_any_write(tmp_path: Path) -> None:
    f = _files(tmp_path, a=b"a0", b=b"b0")
    f["b"].write_bytes(b"b edited elsewhere")
    journal: list[Sequence[FileChange]] = []
    with pytest.raises(VerifyError, match="changed after scaffold read it"):
        apply_changes(
            [FileChange(f["a"], b"a0", b"a1"), FileChange(f["b"], b"b0", b"b1")],
            journal=journal.append,
        )
    assert f["a"].read_bytes() == b"a0"
    assert f["b"].read_bytes() == b"b edited elsewhere"
    assert journal == []


def test_a_new_note_that_appeared_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "new.md"
    path.parent.mkdir()
    path.write_bytes(b"someone else")
    with pytest.raises(NoteExistsError):
        apply_changes([FileChange(path, None, b"mine")])
    assert path.read_bytes() == b"someone else"


def test_changes_are_written_and_journalled_once(tmp_path: Path) -> None:
    f = _files(tmp_path, a=b"a0", b=b"b0")
    new = tmp_path / "deep" / "c.md"
    journal: list[Sequence[FileChange]] = []
    written = apply_changes(
        [
            FileChange(f["a"], b"a0", b"a1"),
            FileChange(f["b"], b"b0", b"b0"),  # already holds its bytes: skipped
            FileChange(new, None, b"c1"),
        ],
        journal=journal.append,
    )
    assert [c.path for c in written] == [f["a"], new]
    assert [[c.path for c in batch] for batch in journal] == [[f["a"], new]]
    assert (f["a"].read_bytes(), f["b"].read_bytes(), new.read_bytes()) == (b"a1", b"b0", b"c1")


def test_apply_each_refuses_the_stale_file_and_writes_the_others(tmp_path: Path) -> None:
    f = _files(tmp_path, a=b"a0", b=b"b0", c=b"c0")
    f["b"].write_bytes(b"b edited elsewhere")
    results = apply_each(
        [
            FileChange(f["a"], b"a0", b"a1"),
            FileChange(f["b"], b"b0", b"b1"),
            FileChange(f["c"], b"c0", b"c0"),
        ]
    )
    assert [r.status for r in results] == ["written", "refused", "unchanged"]
    assert isinstance(results[1].error, VerifyError)
    assert f["a"].read_bytes() == b"a1"
    assert f["b"].read_bytes() == b"b edited elsewhere"


def test_a_set_that_fails_midway_is_put_back_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = _files(tmp_path, a=b"a0", b=b"b0")
    new = tmp_path / "c.md"
    real = changes.write_atomic

    def racing(path: Path, data: bytes, **kw: object) -> None:
        if path == f["b"]:  # another program saves b after the checks, before its write
            path.write_bytes(b"b edited elsewhere")
        real(path, data, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(changes, "write_atomic", racing)
    mark = len(written_so_far())
    with pytest.raises(WriteConflict) as info:
        apply_changes(
            [
                FileChange(new, None, b"c1"),
                FileChange(f["a"], b"a0", b"a1"),
                FileChange(f["b"], b"b0", b"b1"),
            ]
        )
    assert "The 2 file(s) written before it were restored." in (info.value.hint or "")
    assert f["a"].read_bytes() == b"a0" and not new.exists()
    assert f["b"].read_bytes() == b"b edited elsewhere"
    assert written_so_far()[mark:] == ()  # an interrupted CLI would say nothing was written


def test_read_only_and_linked_out_notes_are_refused_unless_allowed(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    outside = tmp_path / "outside.md"
    outside.write_bytes(b"o0")
    link = vault / "link.md"
    link.symlink_to(outside)
    locked = vault / "locked.md"
    locked.write_bytes(b"l0")
    locked.chmod(0o444)
    results = apply_each(
        [FileChange(link, b"o0", b"o1"), FileChange(locked, b"l0", b"l1")], vault=vault
    )
    assert [r.status for r in results] == ["refused", "refused"]
    assert isinstance(results[0].error, NoteFileError)
    assert "outside the vault" in results[0].error.message
    assert isinstance(results[1].error, NoteFileError)
    assert "read-only" in results[1].error.message
    assert (outside.read_bytes(), locked.read_bytes()) == (b"o0", b"l0")
    # Without a vault to stay inside, a link is followed; --force writes a read-only note.
    apply_changes([FileChange(link, b"o0", b"o1"), FileChange(locked, b"l0", b"l1")], force=True)
    assert (outside.read_bytes(), locked.read_bytes()) == (b"o1", b"l1")
    assert link.is_symlink() and locked.stat().st_mode & 0o777 == 0o444


def test_a_fifo_in_a_change_set_is_refused_without_hanging(tmp_path: Path) -> None:
    import os

    pipe = tmp_path / "pipe.md"
    os.mkfifo(pipe)
    with pytest.raises(NoteFileError, match="named pipe"):
        apply_changes([FileChange(pipe, b"x", b"y")])
    [result] = apply_each([FileChange(pipe, None, b"y")])
    assert result.status == "refused"
