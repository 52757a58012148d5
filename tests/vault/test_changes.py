"""The one write path: a change set checked whole before the first write (apply_changes), or
file by file for runs over many notes (apply_each)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from scaffold.errors import NoteExistsError, VerifyError
from scaffold.vault.changes import FileChange, apply_changes, apply_each


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
