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
from collections.abc import Callable, Iterator
from pathlib import Path

from scaffold.errors import NoteExistsError, NoteFileError, VerifyError
from scaffold.vault import leftovers
from scaffold.vault._beside import (
    Temp,
    contents,
    holds,
    move_aside,
    settled,
    write_all,
    write_aside,
    write_error,
)
from scaffold.vault._beside import (
    fsync_dir as fsync_dir,  # the one way to make a rename durable; the journal uses it too
)
from scaffold.vault._os import deferred_interrupts, exchange, rename_noreplace
from scaffold.vault.files import READ_FLAGS, read_error, require_regular
from scaffold.vault.permissions import owner_name, plan_replace, replace_problem


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
        temp = Temp(real)
        try:
            owner_kept = temp.write(data, st)
            if owner_kept:
                _swap_in(real, data, expect, temp)
        finally:
            temp.discard()
        if owner_kept:
            fsync_dir(real.parent)
            return
        # The owner could not be set after all (the guess from the ids was wrong).
        why = f"it belongs to {owner_name(st.st_uid)}, and replacing it would make it yours"
        if not plan_replace(real, st, force=force, problem=why):
            raise NoteFileError(f"cannot keep the note's owner: {why}", path=path)
    temp = Temp(real, "inplace")
    try:
        temp.write(data, None)
        _write_in_place(real, st, data, expect, temp)
    finally:
        temp.discard()


def begin_replace(real: Path, data: bytes, st: os.stat_result) -> Temp | None:
    """The first half of :func:`write_atomic` for a batch: ``data`` written beside the note
    ``real`` (a resolved path whose stat is ``st``, already checked), with its mode and
    owner, but not yet flushed to disk. The caller makes the batch durable together, then
    calls :func:`finish_replace`. ``None``: the owner cannot be kept, so this note must go
    through :func:`write_atomic` (which writes it in place, or refuses)."""
    temp = Temp(real)
    try:
        if temp.write(data, st, sync=False):
            return temp
    except BaseException:
        temp.discard()
        raise
    temp.discard()
    return None


def finish_replace(
    real: Path,
    data: bytes,
    expect: bytes,
    temp: Temp,
    remove_old: Callable[[str], object] = os.unlink,
) -> None:
    """The second half: swap the durable temporary file in with the same compare-and-swap
    as :func:`write_atomic` (the note must still hold ``expect``). The folder is not synced
    here: the batch syncs its folders together afterwards. ``remove_old`` removes the old
    version, left under the temporary name by the swap (a batch hands it to other threads:
    freeing a file's blocks can wait on the disk); if the process dies first, it is one of
    scaffold's own leftovers, which the next run's sweep removes."""
    try:
        _swap_in(real, data, expect, temp, remove_old)
    finally:
        temp.discard()


def _create(real: Path, data: bytes) -> None:
    temp = Temp(real)
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
    fsync_dir(real.parent)


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


def _swap_in(
    real: Path,
    data: bytes,
    expect: bytes,
    temp: Temp,
    remove_old: Callable[[str], object] = os.unlink,
) -> None:
    with deferred_interrupts():
        try:
            if exchange(str(temp.path), str(real)):
                _check_swapped(real, data, expect, temp, remove_old)
            else:
                _replace_checked(real, data, expect, temp)
        except OSError as exc:  # e.g. a sticky folder: another user's note cannot be replaced
            raise write_error(real, exc) from None
        _record(real)


def _check_swapped(
    real: Path,
    data: bytes,
    expect: bytes,
    temp: Temp,
    remove_old: Callable[[str], object] = os.unlink,
) -> None:
    """After the swap the temporary name holds what was replaced: it must be what was read."""
    try:
        fd = os.open(temp.path, READ_FLAGS | getattr(os, "O_NOFOLLOW", 0))
        try:
            same = holds(fd, expect)
        finally:
            os.close(fd)
    except BaseException:
        exchange(str(temp.path), str(real))  # unsure what was replaced: put it back
        raise
    if same:
        remove_old(str(temp.path))
        temp.moved()
        return
    copies = _swap_back(real, data, temp)
    raise WriteConflict(
        "another program changed this note while scaffold was writing it", path=real, copies=copies
    )


def _swap_back(real: Path, data: bytes, temp: Temp) -> tuple[Path, ...]:
    """Put the other program's version back in place; return where scaffold's went."""
    if not exchange(str(temp.path), str(real)):  # it worked a moment ago; if not, rename back
        os.replace(temp.path, real)
        temp.moved()
        return (write_aside(data, real),)
    back = os.lstat(temp.path)
    if (back.st_dev, back.st_ino) == temp.identity:
        temp.moved()
        return (move_aside(temp.path, real),)
    # A third version replaced scaffold's in the meantime: it is the newest, so it goes back
    # in place, and the version it displaced is kept too.
    exchange(str(temp.path), str(real))
    temp.moved()
    other = move_aside(temp.path, real, "other")
    return (write_aside(data, real), other)


def _replace_checked(real: Path, data: bytes, expect: bytes, temp: Temp) -> None:
    """The portable commit: check through a descriptor, rename, then check that descriptor
    again, since an in-place write may have landed in the old file around the rename. A hard
    link kept to the old file lets it go back in place whole if so."""
    try:
        fd = os.open(real, READ_FLAGS)
    except OSError as exc:
        raise read_error(real, exc) from None
    try:
        before = os.fstat(fd)
        same = holds(fd, expect)
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
                copies=(move_aside(temp.path, real),),
            )
        os.replace(temp.path, real)
        temp.moved()
        busy = settled(fd)
        after = os.fstat(fd)
        if not busy and (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns):
            if guard is not None:
                os.unlink(guard)
            return
        if guard is not None:
            _put_back(real, guard, temp.identity)
        else:
            _restore(real, contents(fd), temp.identity)
        raise WriteConflict(
            "another program changed this note while scaffold was writing it",
            path=real,
            copies=(write_aside(data, real),),
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
        move_aside(guard, real, "other")


def _restore(real: Path, theirs: bytes, ours: tuple[int, int]) -> None:
    """Put ``theirs`` back over scaffold's version, if that is still what ``real`` holds."""
    temp = Temp(real)
    try:
        temp.write(theirs, os.stat(real))
        now = os.stat(real)
        if (now.st_dev, now.st_ino) == ours:
            os.replace(temp.path, real)
            temp.moved()
    finally:
        temp.discard()


def _write_in_place(real: Path, st: os.stat_result, data: bytes, expect: bytes, copy: Temp) -> None:
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
            same = holds(probe, expect)
            now = os.fstat(probe)
        finally:
            os.close(probe)
        if not same or (now.st_dev, now.st_ino) != (st.st_dev, st.st_ino):
            copy.moved()
            raise WriteConflict(
                "the note changed after scaffold read it",
                path=real,
                copies=(move_aside(copy.path, real),),
            )
        try:
            fd = os.open(real, os.O_RDWR | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
        except OSError as exc:
            raise write_error(real, exc) from None
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            write_all(fd, data)
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


# -- removing --------------------------------------------------------------------------------


def remove_atomic(path: Path, *, expect: bytes) -> None:
    """Remove the note at ``path`` if it still holds ``expect`` (``scaffold mv`` and
    ``merge``). The note is first renamed to a hidden temporary name beside it, so no other
    program can write into it unseen, and checked there; one that changed is put back.

    Raises :class:`VerifyError` when the note is gone or changed, :class:`NoteFileError` when
    its folder cannot be written.
    """
    real = Path(os.path.realpath(path))
    aside = real.with_name(leftovers.temp_name(real.name))
    with deferred_interrupts():
        try:
            os.rename(real, aside)
        except FileNotFoundError:
            raise VerifyError(
                "this note was removed after scaffold read it; nothing was written",
                path=path,
                hint="run the command again",
            ) from None
        except OSError as exc:
            raise write_error(real, exc) from None
        try:
            fd = os.open(aside, READ_FLAGS | getattr(os, "O_NOFOLLOW", 0))
            try:
                same = holds(fd, expect)
            finally:
                os.close(fd)
        except BaseException:
            _put_back_removed(aside, real)
            raise
        if not same:
            kept = _put_back_removed(aside, real)
            where = f"; it was kept as {kept}" if kept != real else ""
            raise VerifyError(
                f"the file changed after scaffold read it; it was not removed{where}",
                path=path,
                hint="run the command again on the current file",
            )
        os.unlink(aside)
        _record(real)
    fsync_dir(real.parent)


def _put_back_removed(aside: Path, real: Path) -> Path:
    """Rename a note moved aside for removal back to its name; if another file took the name
    meanwhile, keep it beside, visibly. Returns where it is."""
    if not os.path.lexists(real):
        os.rename(aside, real)
        return real
    return move_aside(aside, real, "kept")
