"""The write path's parallel writers (``scaffold mv`` and ``merge`` write hundreds of notes
at once): the set is still written whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.errors import ScaffoldError
from scaffold.vault.changes import FileChange, apply_changes


@pytest.mark.parametrize("writers", [1, 4])
def test_a_failed_write_puts_back_the_others(tmp_path: Path, writers: int) -> None:
    notes = [tmp_path / f"n{i}.md" for i in range(12)]
    for note in notes:
        note.write_bytes(b"old\n")
    (tmp_path / "blocker.md").write_bytes(b"a file, not a folder\n")
    changes = [FileChange(n, b"old\n", b"new\n") for n in notes]
    changes.insert(6, FileChange(tmp_path / "blocker.md" / "x.md", None, b"x\n"))
    changes.append(FileChange(tmp_path / "gone.md", None, b"made\n"))
    with pytest.raises(ScaffoldError):
        apply_changes(changes, writers=writers)
    assert [n.read_bytes() for n in notes] == [b"old\n"] * len(notes)
    assert not (tmp_path / "gone.md").exists()


def test_parallel_writers_write_the_whole_set(tmp_path: Path) -> None:
    notes = [tmp_path / f"n{i}.md" for i in range(40)]
    for note in notes:
        note.write_bytes(b"old\n")
    old = tmp_path / "old.md"
    old.write_bytes(b"moved\n")
    changes = [FileChange(n, b"old\n", b"new\n") for n in notes]
    changes += [
        FileChange(tmp_path / "new.md", None, b"moved\n"),
        FileChange(old, b"moved\n", b"", remove=True),
    ]
    assert len(apply_changes(changes, writers=8)) == len(changes)
    assert [n.read_bytes() for n in notes] == [b"new\n"] * len(notes)
    assert (tmp_path / "new.md").read_bytes() == b"moved\n" and not old.exists()
