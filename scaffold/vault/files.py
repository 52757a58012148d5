"""Reading note files and writing them back atomically.

A file is either written whole and correct, or left untouched: writes go to a temporary file in
the same folder, are flushed to disk, and then renamed over the original in one step.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TypeVar

from scaffold.errors import NoteFileError, NoteMissingError, ScaffoldError
from scaffold.note.parsed import ParsedNote

N = TypeVar("N", bound=ParsedNote)


def read_bytes(path: Path) -> bytes:
    """Read a note's bytes, turning every OS failure into a :class:`NoteFileError`."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise NoteMissingError(
            "no such file",
            path=path,
            hint="check the path, or give a note name and --vault to search a vault",
        ) from None
    except IsADirectoryError:
        raise NoteFileError(
            "this is a directory, not a note", path=path, hint="name a .md file inside it"
        ) from None
    except PermissionError:
        raise NoteFileError(
            "permission denied while reading", path=path, hint="check the file's permissions"
        ) from None
    except OSError as exc:
        raise NoteFileError(f"cannot read the file: {exc.strerror}", path=path) from None


def read_note(path: Path, kind: type[N] = ParsedNote) -> N:  # type: ignore[assignment]
    """Read and parse the note at ``path`` as ``kind``; errors name the file."""
    try:
        return kind.from_bytes(read_bytes(path), path=path)
    except ScaffoldError as exc:
        raise exc.with_path(path) from None


def current_bytes(path: Path) -> bytes | None:
    """What the file holds now, or None when it cannot be read (gone, unreadable)."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one rename, keeping the old file's permission bits.
    A symbolic link is followed: its target is replaced, and the link stays.

    The temporary file lives in the same folder so the rename never crosses file systems.
    On any failure the temporary file is removed and the original is untouched.
    """
    # A symlinked note is edited where it lives; replacing the link would break it.
    path = Path(os.path.realpath(path))
    folder = path.parent
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    import tempfile  # only writes need it (and shutil, random… that it imports)

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise NoteFileError(f"cannot write the file: {exc.strerror}", path=path) from None
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
