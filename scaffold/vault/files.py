"""Reading note files safely (writing them is :mod:`scaffold.vault.atomic`).

Only regular files are read, opened without blocking so that a named pipe or a device cannot
hang or flood scaffold, and no larger than :func:`max_note_bytes`. A file that changes while it
is read (another program is writing it) is read again once that program is done, or refused:
scaffold never edits a half-written note.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import IO, TypeVar

from scaffold.errors import NoteFileError, NoteMissingError, ScaffoldError, UsageError
from scaffold.note.parsed import ParsedNote

N = TypeVar("N", bound=ParsedNote)

MAX_NOTE_BYTES_ENV = "SCAFFOLD_MAX_NOTE_BYTES"
DEFAULT_MAX_NOTE_BYTES = 64 * 1024 * 1024
"""The largest note scaffold reads: 64 MiB, far above any real note, low enough that a
runaway file (a log, a disk image, ``/dev/zero``) is refused at once instead of filling memory.
Raise it with ``SCAFFOLD_MAX_NOTE_BYTES`` (bytes, or with a ``K``/``M``/``G`` suffix)."""

# Non-blocking: opening a FIFO for reading would otherwise wait for a writer, forever.
READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
# Waits, in seconds, for another program to finish writing the note being read (~1.6 s).
_SETTLE = (0.01, 0.02, 0.05, 0.1, 0.2, 0.4, 0.8)
_NOT_REGULAR = {
    stat.S_IFDIR: ("this is a directory, not a note", "name a .md file inside it"),
    stat.S_IFIFO: ("this is a named pipe (FIFO), not a note file", None),
    stat.S_IFCHR: ("this is a character device, not a note file", None),
    stat.S_IFBLK: ("this is a block device, not a note file", None),
    stat.S_IFSOCK: ("this is a socket, not a note file", None),
}


def relative_to_vault(
    path: str | Path, vault: Path | None, *, resolved: bool = False
) -> str | None:
    """``path`` relative to the vault's root, both resolved, ``/``-separated: the name that
    ``check``, the language server and links use. None without a vault, or outside it.
    ``resolved``: the caller resolved ``vault`` already (once for a whole run)."""
    if vault is None:
        return None
    try:
        root = vault if resolved else vault.resolve()
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return None


def max_note_bytes() -> int:
    """The size limit for one note, from ``SCAFFOLD_MAX_NOTE_BYTES`` or the default."""
    raw = os.environ.get(MAX_NOTE_BYTES_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_NOTE_BYTES
    scale = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(raw[-1].upper(), 1)
    digits = raw[:-1] if scale > 1 else raw
    if not digits.isdigit() or int(digits) == 0:
        raise UsageError(
            f"{MAX_NOTE_BYTES_ENV}={raw!r} is not a size",
            hint="give a number of bytes, e.g. 100000000 or 100M",
        )
    return int(digits) * scale


def _size_text(size: int) -> str:
    return f"{size / (1 << 20):.1f} MiB" if size >= 1 << 20 else f"{size:,} bytes"


def too_large(path: str | Path | None, size: int, limit: int) -> NoteFileError:
    """The error for a note over the size limit."""
    return NoteFileError(
        f"this file is {_size_text(size)}, over scaffold's limit of {_size_text(limit)} "
        "for one note; nothing was read",
        path=path,
        hint=f"if it really is a note, raise the limit: {MAX_NOTE_BYTES_ENV}={size + 1}",
    )


def require_regular(path: str | Path, st: os.stat_result) -> None:
    """Refuse anything but a regular file, saying what it is instead."""
    if stat.S_ISREG(st.st_mode):
        return
    message, hint = _NOT_REGULAR.get(
        stat.S_IFMT(st.st_mode), ("this is not a regular file, so not a note", None)
    )
    raise NoteFileError(message, path=path, hint=hint or "scaffold reads only regular files")


def read_error(path: str | Path, exc: OSError) -> NoteFileError:
    """A :class:`NoteFileError` that says what the OS refused while reading."""
    if isinstance(exc, FileNotFoundError | NotADirectoryError):
        return NoteMissingError(
            "no such file",
            path=path,
            hint="check the path, or give a note name and --vault to search a vault",
        )
    if isinstance(exc, IsADirectoryError):
        return NoteFileError(
            "this is a directory, not a note", path=path, hint="name a .md file inside it"
        )
    if isinstance(exc, PermissionError):
        return NoteFileError(
            "permission denied while reading", path=path, hint="check the file's permissions"
        )
    return NoteFileError(f"cannot read the file: {exc.strerror or exc}", path=path)


def read_fd(fd: int, size: int, limit: int) -> bytes:
    """Everything from ``fd``'s start, expecting ``size`` bytes, stopping past ``limit``."""
    if not hasattr(os, "pread"):  # Windows
        os.lseek(fd, 0, os.SEEK_SET)
    chunks: list[bytes] = []
    total = 0
    want = min(size, limit) + 1  # one byte more than announced shows a file that grew
    while total <= limit:
        count = max(want - total, 65536)
        chunk = os.pread(fd, count, total) if hasattr(os, "pread") else os.read(fd, count)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def same_version(a: os.stat_result, b: os.stat_result) -> bool:
    """Whether two stats of one file show no write in between."""
    return (a.st_ino, a.st_dev, a.st_size, a.st_mtime_ns, a.st_ctime_ns) == (
        b.st_ino,
        b.st_dev,
        b.st_size,
        b.st_mtime_ns,
        b.st_ctime_ns,
    )


def read_bytes(path: Path) -> bytes:
    """A note's bytes, read whole and steady; every failure is a :class:`NoteFileError`.

    Refuses what is not a regular file (checked before opening: opening some devices has
    effects) and files over :func:`max_note_bytes`. When the file changes while it is read, or
    another program still has it open for writing, it is read again once that settles; a file
    that never settles is refused rather than read half-written.
    """
    from scaffold.vault._os import writers_present

    limit = max_note_bytes()
    for pause in (*_SETTLE, None):
        try:
            require_regular(path, os.stat(path))
            fd = os.open(path, READ_FLAGS)
        except OSError as exc:
            raise read_error(path, exc) from None
        try:
            before = os.fstat(fd)
            require_regular(path, before)  # it may have been swapped between stat and open
            if before.st_size > limit:
                raise too_large(path, before.st_size, limit)
            data = read_fd(fd, before.st_size, limit)
            after = os.fstat(fd)
            busy = writers_present(fd)
        except OSError as exc:
            raise read_error(path, exc) from None
        finally:
            os.close(fd)
        if len(data) > limit:
            raise too_large(path, len(data), limit)
        if len(data) == before.st_size and same_version(before, after) and not busy:
            return data
        if pause is not None:
            import time

            time.sleep(pause)
    raise NoteFileError(
        "another program kept writing this file while scaffold read it; nothing was read",
        path=path,
        hint="run the command again once the other program has finished saving",
    )


def read_note(path: Path, kind: type[N] = ParsedNote) -> N:  # type: ignore[assignment]
    """Read and parse the note at ``path`` as ``kind``; errors name the file."""
    try:
        return kind.from_bytes(read_bytes(path), path=path)
    except ScaffoldError as exc:
        raise exc.with_path(path) from None


def current_bytes(path: Path) -> bytes | None:
    """What the file holds now, or ``None`` when there is no file there.

    Anything else that stops the read (not a regular file, too large, unreadable) raises
    :class:`NoteFileError`: "cannot read it" is not "it is gone".
    """
    try:
        return read_bytes(path)
    except NoteFileError:
        if not os.path.exists(path):  # gone, or a link to nothing
            return None
        raise


def read_head(path: Path, size: int = 4096) -> bytes | None:
    """The first ``size`` bytes of a regular file, or ``None`` (for vault scans, which skip
    whatever is not a readable regular file)."""
    try:
        fd = os.open(path, READ_FLAGS)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return os.read(fd, size)
    except OSError:
        return None
    finally:
        os.close(fd)


def read_stream(stream: IO[bytes], name: str = "<stdin>") -> bytes:
    """All of a stream (standard input), refusing more than :func:`max_note_bytes`."""
    limit = max_note_bytes()
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise too_large(name, len(data), limit)
    return data
