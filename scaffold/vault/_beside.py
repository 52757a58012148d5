"""The files a write makes beside a note: scaffold's temporary new version, and the copies
kept when a write meets another program's change; and waiting for such a program to finish.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from pathlib import Path

from scaffold.errors import NoteFileError
from scaffold.vault import leftovers
from scaffold.vault._os import deferred_interrupts, writers_present
from scaffold.vault.files import max_note_bytes, read_fd

_SETTLE = (0.01, 0.02, 0.05, 0.1, 0.2, 0.4, 0.8, 1.0)
CREATE_FLAGS = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_BINARY", 0)
)


def write_all(fd: int, data: bytes) -> None:
    """Write every byte (``os.write`` may write fewer than asked)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def write_error(note: Path, exc: OSError) -> NoteFileError:
    """A :class:`NoteFileError` (exit 3) for a write of ``note`` that the OS refused."""
    reason = exc.strerror or str(exc)
    if isinstance(exc, PermissionError) or exc.errno == 30:  # EROFS
        return NoteFileError(
            f"cannot write in its folder {note.parent}: {reason}; nothing was written",
            path=note,
            hint="scaffold writes a temporary file beside the note and swaps it in, "
            "so the folder must be writable",
        )
    hint = None
    if exc.errno == errno.ENOSPC:
        hint = "the disk is full: free some space, then run the command again"
    return NoteFileError(
        f"cannot write the file: {reason}; nothing was written", path=note, hint=hint
    )


class Temp:
    """Scaffold's new version of a note, in a hidden file beside it, made by :meth:`write`.

    Making the file is deferred to :meth:`write`, which callers run inside ``try`` with
    :meth:`discard` in ``finally``: a Ctrl-C can then never fall between the file's creation
    and the code that removes it.
    """

    def __init__(self, note: Path, kind: str = "tmp") -> None:
        self.note = note
        self.kind = kind
        self.path = note
        self.fd = -1
        self.identity = (-1, -1)
        self.ours = False  # whether self.path names a file made here, to remove on discard

    def _create(self) -> None:
        with deferred_interrupts():
            for _ in range(100):
                path = self.note.with_name(leftovers.temp_name(self.note.name, self.kind))
                try:
                    self.fd = os.open(path, CREATE_FLAGS, 0o666)
                except FileExistsError:
                    continue
                except OSError as exc:
                    raise write_error(self.note, exc) from None
                self.path, self.ours = path, True
                break
            st = os.fstat(self.fd)
            self.identity = (st.st_dev, st.st_ino)

    def write(self, data: bytes, like: os.stat_result | None, *, sync: bool = True) -> bool:
        """Write and flush ``data``; take ``like``'s mode and owner. Returns whether the owner
        could be kept. ``sync=False`` leaves the flush to the caller (a batch made durable
        together: :func:`scaffold.vault.atomic.begin_replace`); the file stays open."""
        self._create()
        owner_kept = True
        try:
            if like is not None:
                os.chmod(self.fd, like.st_mode & 0o7777)
                if hasattr(os, "fchown") and (like.st_uid, like.st_gid) != _owner(self.fd):
                    try:
                        os.fchown(self.fd, like.st_uid, like.st_gid)
                    except PermissionError:
                        owner_kept = False
            write_all(self.fd, data)
            if sync:
                os.fsync(self.fd)
        except OSError as exc:
            raise write_error(self.note, exc) from None
        return owner_kept

    def moved(self) -> None:
        """The file was renamed away: nothing is left to clean up under ``self.path``."""
        self.ours = False

    def discard(self) -> None:
        """Close the file and remove it unless it was moved into place or aside."""
        with deferred_interrupts():  # a Ctrl-C here would leave the file behind
            if self.fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(self.fd)
                self.fd = -1
            if self.ours:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(self.path)
                self.ours = False


def _owner(fd: int) -> tuple[int, int]:
    st = os.fstat(fd)
    return st.st_uid, st.st_gid


def fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); best effort, and a no-op elsewhere."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def settled(fd: int) -> bool:
    """Wait (up to ~3.5 s) until no other program holds the file open for writing; returns
    whether one still does."""
    busy: bool | None = False
    for pause in (*_SETTLE, None):
        busy = writers_present(fd)
        if not busy or pause is None:
            break
        time.sleep(pause)
    return bool(busy)


def holds(fd: int, expect: bytes) -> bool:
    """Whether the file behind ``fd`` holds exactly ``expect``, once no one is writing it."""
    if settled(fd):
        return False
    size = os.fstat(fd).st_size
    return size == len(expect) and read_fd(fd, size, size) == expect


def contents(fd: int) -> bytes:
    size = os.fstat(fd).st_size
    return read_fd(fd, size, max(size, max_note_bytes()))


def _aside(note: Path, tag: str = "conflict") -> Path:
    """A free visible name beside the note for a version that must be kept."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    base = note.with_name(f"{note.name}.scaffold-{tag}-{stamp}")
    candidate, n = base, 1
    while os.path.lexists(candidate):
        n += 1
        candidate = base.with_name(f"{base.name}-{n}")
    return candidate


def move_aside(src: Path, note: Path, tag: str = "conflict") -> Path:
    target = _aside(note, tag)
    os.rename(src, target)
    return target


def write_aside(data: bytes, note: Path) -> Path:
    target = _aside(note)
    fd = os.open(target, CREATE_FLAGS, 0o666)
    try:
        write_all(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    return target
