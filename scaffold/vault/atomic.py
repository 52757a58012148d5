"""Writing one note: whole and correct, or not at all, and never over another program's change.

The new bytes go to a temporary file in the note's folder, are flushed to disk, and are then
swapped into place. Where the system can swap two files in one step (Linux, macOS), the swap
hands back exactly the file it replaced; scaffold compares that with what it read, waiting
first for any program still writing into it. If they differ, the other program's version is
swapped back and scaffold's is kept beside it (exit 7). Elsewhere the file is re-checked just
before a plain rename, through a descriptor kept open across it, which catches everything but
another rename landing in the instant between the two.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

from scaffold.errors import NoteExistsError, NoteFileError, VerifyError
from scaffold.vault import leftovers
from scaffold.vault._os import deferred_interrupts, exchange, rename_noreplace, writers_present
from scaffold.vault.files import (
    READ_FLAGS,
    max_note_bytes,
    read_error,
    read_fd,
    require_regular,
)

_SETTLE = (0.01, 0.02, 0.05, 0.1, 0.2, 0.4, 0.8, 1.0)
_CREATE = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_BINARY", 0)
)


class WriteConflict(VerifyError):
    """Another program changed the note while scaffold was writing it. Its version was kept;
    scaffold's is in ``copies[0]`` (and any version displaced on the way in the others)."""

    def __init__(self, message: str, *, path: Path, copies: tuple[Path, ...]) -> None:
        where = ", ".join(str(c) for c in copies)
        super().__init__(
            f"{message}; its version was kept, and scaffold's version was written to {where}",
            path=path,
            hint="compare the two, keep what you want, then delete the copy",
        )
        self.copies = copies

    def to_dict(self) -> dict[str, object]:
        data = super().to_dict()
        data["conflict_copies"] = [str(c) for c in self.copies]
        return data


# -- what this process has written, for an honest report when it is interrupted ---------------

_written: list[Path] = []


def written_so_far() -> tuple[Path, ...]:
    """Every note this process has written (and not rolled back), in order."""
    return tuple(_written)


def forget(path: Path) -> None:
    """Take back the latest write of ``path`` (a rolled-back change set)."""
    real = Path(os.path.realpath(path))
    for index in range(len(_written) - 1, -1, -1):
        if _written[index] == real:
            del _written[index]
            return


_muted = False


@contextlib.contextmanager
def unrecorded() -> Iterator[None]:
    """Writes inside this block (undoing others) are not added to :func:`written_so_far`."""
    global _muted
    old, _muted = _muted, True
    try:
        yield
    finally:
        _muted = old


def _record(real: Path) -> None:
    if not _muted:
        _written.append(real)


# -- checks before writing --------------------------------------------------------------------


def _owner_keepable(st: os.stat_result) -> bool:
    if not hasattr(os, "geteuid"):
        return True
    euid = os.geteuid()
    return euid == 0 or (st.st_uid == euid and st.st_gid in {os.getegid(), *os.getgroups()})


def _owner_name(uid: int) -> str:
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return f"uid {uid}"


def replace_problem(st: os.stat_result) -> str | None:
    """What replacing the note by a rename would silently change, or ``None``."""
    if st.st_nlink > 1:
        return f"it has {st.st_nlink} hard links, and replacing it would cut it off from them"
    if not _owner_keepable(st):
        return f"it belongs to {_owner_name(st.st_uid)}, and replacing it would make it yours"
    return None


def plan_replace(path: Path, st: os.stat_result, *, force: bool, problem: str | None) -> bool:
    """Whether the note must be written in place (``True``) rather than replaced by a rename.

    Refuses (:class:`NoteFileError`, exit 3) what a rename would silently change, unless
    ``force``: a read-only note, or ``problem`` (other hard links, another user's note).
    """
    mode = st.st_mode & 0o7777
    read_only = not mode & 0o222 or not os.access(path, os.W_OK)
    if read_only and not force:
        raise NoteFileError(
            f"this note is read-only (mode {mode:04o}); nothing was written",
            path=path,
            hint="make it writable (chmod u+w), or pass --force to replace it anyway "
            "(its mode is kept)",
        )
    if problem is None:
        return False
    if not force:
        raise NoteFileError(
            f"this note cannot be replaced safely: {problem}; nothing was written",
            path=path,
            hint="pass --force to write it in place, keeping its links and owner (not atomic: "
            "scaffold's version stays in a copy beside it until the write is done)",
        )
    return not read_only  # forced: in place when it can be written, else replaced anyway


# -- the temporary file ---------------------------------------------------------------------


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
    return NoteFileError(f"cannot write the file: {reason}; nothing was written", path=note)


class _Temp:
    """Scaffold's new version of a note, in a hidden file beside it."""

    def __init__(self, note: Path, kind: str = "tmp") -> None:
        for _ in range(100):
            path = note.with_name(leftovers.temp_name(note.name, kind))
            try:
                self.fd = os.open(path, _CREATE, 0o666)
            except FileExistsError:
                continue
            except OSError as exc:
                raise write_error(note, exc) from None
            break
        self.path = path
        self.note = note
        st = os.fstat(self.fd)
        self.identity = (st.st_dev, st.st_ino)
        self.ours = True  # whether self.path still names the file written here

    def write(self, data: bytes, like: os.stat_result | None) -> bool:
        """Write and flush ``data``; take ``like``'s mode and owner. Returns whether the owner
        could be kept."""
        owner_kept = True
        try:
            if like is not None:
                os.chmod(self.fd, like.st_mode & 0o7777)
                if hasattr(os, "fchown") and (like.st_uid, like.st_gid) != _owner(self.fd):
                    try:
                        os.fchown(self.fd, like.st_uid, like.st_gid)
                    except PermissionError:
                        owner_kept = False
            view = memoryview(data)
            while view:
                view = view[os.write(self.fd, view) :]
            os.fsync(self.fd)
        except OSError as exc:
            raise write_error(self.note, exc) from None
        return owner_kept

    def moved(self) -> None:
        """The file was renamed away: nothing is left to clean up under ``self.path``."""
        self.ours = False

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.fd)
        if self.ours:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path)


def _owner(fd: int) -> tuple[int, int]:
    st = os.fstat(fd)
    return st.st_uid, st.st_gid


def _fsync_dir(folder: Path) -> None:
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


def _settled(fd: int) -> bool:
    """Wait (up to ~3.5 s) until no other program holds the file open for writing; returns
    whether one still does."""
    busy: bool | None = False
    for pause in (*_SETTLE, None):
        busy = writers_present(fd)
        if not busy or pause is None:
            break
        time.sleep(pause)
    return bool(busy)


def _holds(fd: int, expect: bytes) -> bool:
    """Whether the file behind ``fd`` holds exactly ``expect``, once no one is writing it."""
    if _settled(fd):
        return False
    size = os.fstat(fd).st_size
    return size == len(expect) and read_fd(fd, size, size) == expect


def _contents(fd: int) -> bytes:
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


def _move_aside(src: Path, note: Path, tag: str = "conflict") -> Path:
    target = _aside(note, tag)
    os.rename(src, target)
    return target


def _write_aside(data: bytes, note: Path) -> Path:
    target = _aside(note)
    fd = os.open(target, _CREATE, 0o666)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    return target


# -- writing ---------------------------------------------------------------------------------


def write_atomic(path: Path, data: bytes, *, expect: bytes | None, force: bool = False) -> None:
    """Write ``data`` as the note at ``path`` if it still holds ``expect`` (``None``: if there
    is no file there). A symbolic link is followed: its target is written, and the link stays.

    Raises :class:`NoteFileError` (exit 3) when the note or its folder cannot be written,
    :class:`NoteExistsError` when a new note's name was taken meanwhile, :class:`VerifyError`
    when the note changed before the write began, and :class:`WriteConflict` (both exit 7)
    when another program changed it during the write.
    """
    real = Path(os.path.realpath(path))
    if expect is None:
        _create(real, data)
        return
    try:
        st = os.stat(real)
    except FileNotFoundError:
        raise VerifyError(
            "this note was removed after scaffold read it; nothing was written",
            path=path,
            hint="run the command again on the current file",
        ) from None
    except OSError as exc:
        raise read_error(path, exc) from None
    require_regular(path, st)
    if not plan_replace(real, st, force=force, problem=replace_problem(st)):
        temp = _Temp(real)
        try:
            owner_kept = temp.write(data, st)
            if owner_kept:
                _swap_in(real, data, expect, temp)
        finally:
            temp.discard()
        if owner_kept:
            _fsync_dir(real.parent)
            return
        # The owner could not be set after all (the guess from the ids was wrong).
        why = f"it belongs to {_owner_name(st.st_uid)}, and replacing it would make it yours"
        if not plan_replace(real, st, force=force, problem=why):
            raise NoteFileError(f"cannot keep the note's owner: {why}", path=path)
    temp = _Temp(real, "inplace")
    try:
        temp.write(data, None)
        _write_in_place(real, st, data, expect, temp)
    finally:
        temp.discard()


def _create(real: Path, data: bytes) -> None:
    temp = _Temp(real)
    try:
        temp.write(data, None)
        with deferred_interrupts():
            try:
                if not rename_noreplace(str(temp.path), str(real)):
                    _link_into_place(temp.path, real)
            except FileExistsError:
                raise NoteExistsError(
                    "this note appeared while scaffold was running; nothing was written",
                    path=real,
                    hint="run again, or pass --force to overwrite it",
                ) from None
            except OSError as exc:
                raise write_error(real, exc) from None
            temp.moved()
            _record(real)
    finally:
        temp.discard()
    _fsync_dir(real.parent)


def _link_into_place(temp: Path, real: Path) -> None:
    """Without a no-replace rename: a hard link fails if the name is taken, atomically."""
    try:
        os.link(temp, real)
    except FileExistsError:
        raise
    except OSError:  # no hard links on this file system: check, then rename
        if os.path.lexists(real):
            raise FileExistsError(real) from None
        os.replace(temp, real)
        return
    os.unlink(temp)


def _swap_in(real: Path, data: bytes, expect: bytes, temp: _Temp) -> None:
    with deferred_interrupts():
        try:
            swapped = exchange(str(temp.path), str(real))
        except OSError as exc:
            raise write_error(real, exc) from None
        if swapped:
            _check_swapped(real, data, expect, temp)
        else:
            _replace_checked(real, data, expect, temp)
        _record(real)


def _check_swapped(real: Path, data: bytes, expect: bytes, temp: _Temp) -> None:
    """After the swap the temporary name holds what was replaced: it must be what was read."""
    try:
        fd = os.open(temp.path, READ_FLAGS | getattr(os, "O_NOFOLLOW", 0))
        try:
            same = _holds(fd, expect)
        finally:
            os.close(fd)
    except BaseException:
        exchange(str(temp.path), str(real))  # unsure what was replaced: put it back
        raise
    if same:
        os.unlink(temp.path)
        temp.moved()
        return
    copies = _swap_back(real, data, temp)
    raise WriteConflict(
        "another program changed this note while scaffold was writing it", path=real, copies=copies
    )


def _swap_back(real: Path, data: bytes, temp: _Temp) -> tuple[Path, ...]:
    """Put the other program's version back in place; return where scaffold's went."""
    if not exchange(str(temp.path), str(real)):  # it worked a moment ago; if not, rename back
        os.replace(temp.path, real)
        temp.moved()
        return (_write_aside(data, real),)
    back = os.lstat(temp.path)
    if (back.st_dev, back.st_ino) == temp.identity:
        temp.moved()
        return (_move_aside(temp.path, real),)
    # A third version replaced scaffold's in the meantime: it is the newest, so it goes back
    # in place, and the version it displaced is kept too.
    exchange(str(temp.path), str(real))
    temp.moved()
    other = _move_aside(temp.path, real, "other")
    return (_write_aside(data, real), other)


def _replace_checked(real: Path, data: bytes, expect: bytes, temp: _Temp) -> None:
    """The portable commit: check through a descriptor, rename, then check that descriptor
    again, since an in-place write may have landed in the old file around the rename. A hard
    link kept to the old file lets it go back in place whole if so."""
    try:
        fd = os.open(real, READ_FLAGS)
    except OSError as exc:
        raise read_error(real, exc) from None
    try:
        before = os.fstat(fd)
        same = _holds(fd, expect)
        guard = _link_beside(real)
        # The last look before the rename, as close to it as can be: a rename by another
        # program landing between the two is the one thing this strategy cannot see.
        now = os.stat(real)
        if not same or not _is(now, before) or (guard and not _is(os.stat(guard), before)):
            if guard is not None:
                os.unlink(guard)
            temp.moved()
            raise WriteConflict(
                "the note changed after scaffold read it",
                path=real,
                copies=(_move_aside(temp.path, real),),
            )
        os.replace(temp.path, real)
        temp.moved()
        busy = _settled(fd)
        after = os.fstat(fd)
        if not busy and (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns):
            if guard is not None:
                os.unlink(guard)
            return
        if guard is not None:
            _put_back(real, guard, temp.identity)
        else:
            _restore(real, _contents(fd), temp.identity)
        raise WriteConflict(
            "another program changed this note while scaffold was writing it",
            path=real,
            copies=(_write_aside(data, real),),
        )
    finally:
        os.close(fd)


def _is(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _link_beside(real: Path) -> Path | None:
    """A second, hidden name for the note's current file, or None where links are missing."""
    guard = real.with_name(leftovers.temp_name(real.name))
    try:
        os.link(real, guard)
    except OSError:
        return None
    return guard


def _put_back(real: Path, guard: Path, ours: tuple[int, int]) -> None:
    """Rename the other program's file (kept at ``guard``) back over scaffold's version, unless
    a third program replaced that too: then its version stays, and the guard is kept aside."""
    now = os.stat(real)
    if (now.st_dev, now.st_ino) == ours:
        os.replace(guard, real)
    else:
        _move_aside(guard, real, "other")


def _restore(real: Path, theirs: bytes, ours: tuple[int, int]) -> None:
    """Put ``theirs`` back over scaffold's version, if that is still what ``real`` holds."""
    temp = _Temp(real)
    try:
        temp.write(theirs, os.stat(real))
        now = os.stat(real)
        if (now.st_dev, now.st_ino) == ours:
            os.replace(temp.path, real)
            temp.moved()
    finally:
        temp.discard()


def _write_in_place(
    real: Path, st: os.stat_result, data: bytes, expect: bytes, copy: _Temp
) -> None:
    """Overwrite the note's own inode (keeping its links and owner), after the same checks.

    ``copy`` already holds scaffold's full version, flushed: if the process dies mid-write,
    the next command finds it and keeps it (see :mod:`scaffold.vault.leftovers`).
    """
    with deferred_interrupts():
        try:
            probe = os.open(real, READ_FLAGS)
        except OSError as exc:
            raise read_error(real, exc) from None
        try:
            same = _holds(probe, expect)
            now = os.fstat(probe)
        finally:
            os.close(probe)
        if not same or (now.st_dev, now.st_ino) != (st.st_dev, st.st_ino):
            copy.moved()
            raise WriteConflict(
                "the note changed after scaffold read it",
                path=real,
                copies=(_move_aside(copy.path, real),),
            )
        try:
            fd = os.open(real, os.O_RDWR | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
        except OSError as exc:
            raise write_error(real, exc) from None
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.ftruncate(fd, len(data))
            os.fsync(fd)
        except OSError as exc:
            copy.moved()  # the note may be half-written now: keep the full version
            raise NoteFileError(
                f"writing the note in place failed ({exc.strerror}); scaffold's full version "
                f"is in {copy.path}",
                path=real,
            ) from None
        finally:
            os.close(fd)
        _record(real)
