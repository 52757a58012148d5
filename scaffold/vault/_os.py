"""What the operating system offers for safe writes, each with a way to say "not here".

- :func:`exchange`: swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``, macOS
  ``renamex_np(RENAME_SWAP)``), so the writer gets back exactly the file it replaced.
- :func:`rename_noreplace`: move a file into place only if nothing is there yet.
- :func:`sync_filesystem`: make everything written to one file system durable in one call
  (Linux ``syncfs``), where the alternative is an ``fsync`` per file.
- :func:`writers_present`: whether any process holds a file open for writing (Linux leases).
- :func:`deferred_interrupts`: hold Ctrl-C and SIGTERM back while a commit is under way, so
  "was the file written?" always has a true answer.
- :func:`default_jobs`: how many worker processes a run over many notes starts by default.

Each returns ``False`` or ``None`` where the system or the file system cannot do it, and the
caller falls back to something portable. Nothing heavy is imported until a write needs it.
"""

from __future__ import annotations

import errno
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

# The errors that mean "this system or file system cannot do that", not "it failed".
_UNSUPPORTED = frozenset(
    {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EPERM}
)
_AT_FDCWD = -100
_LINUX_NOREPLACE, _LINUX_EXCHANGE = 1, 2
_DARWIN_SWAP, _DARWIN_EXCL = 2, 4


@cache
def _rename_call() -> tuple[Callable[..., int], bool] | None:
    """The C rename-with-flags function and whether it takes directory descriptors (Linux)."""
    if not (sys.platform.startswith("linux") or sys.platform == "darwin"):
        return None
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    if sys.platform == "darwin":
        func = getattr(libc, "renamex_np", None)
        linux = False
    else:
        func = getattr(libc, "renameat2", None)  # glibc >= 2.28, musl >= 1.2.? (else None)
        linux = True
    if func is None:
        return None
    return func, linux


def _rename_flags(src: str, dst: str, linux_flag: int, darwin_flag: int) -> bool:
    call = _rename_call()
    if call is None:
        return False
    import ctypes

    func, linux = call
    a, b = os.fsencode(src), os.fsencode(dst)
    result = func(_AT_FDCWD, a, _AT_FDCWD, b, linux_flag) if linux else func(a, b, darwin_flag)
    if result == 0:
        return True
    err = ctypes.get_errno()
    if err in _UNSUPPORTED:
        return False
    raise OSError(err, os.strerror(err), dst)


def exchange(src: str, dst: str) -> bool:
    """Swap ``src`` and ``dst`` atomically; both must exist. ``False``: not possible here."""
    return _rename_flags(src, dst, _LINUX_EXCHANGE, _DARWIN_SWAP)


def rename_noreplace(src: str, dst: str) -> bool:
    """Rename ``src`` to ``dst`` unless ``dst`` exists (then :class:`FileExistsError`).
    ``False``: not possible here; the caller falls back to a hard link."""
    return _rename_flags(src, dst, _LINUX_NOREPLACE, _DARWIN_EXCL)


@cache
def _syncfs_call() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    func = getattr(libc, "syncfs", None)  # glibc >= 2.14; Python's os has no syncfs
    if func is None:
        return None
    func.argtypes = [ctypes.c_int]
    func.restype = ctypes.c_int
    return func  # type: ignore[no-any-return]


def sync_filesystem(fd: int) -> bool:
    """Make every write to the file system holding ``fd`` durable: data, new names and
    renames alike (Linux ``syncfs``, which since Linux 5.8 also reports a failed writeback).
    ``False`` where the system has no such call: the caller then syncs each file itself.
    Raises :class:`OSError` when the file system could not be synced."""
    if os.environ.get(NO_SYNCFS_ENV):
        return False
    call = _syncfs_call()
    if call is None:
        return False
    import ctypes

    if call(fd) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL):
        return False
    raise OSError(err, os.strerror(err))


NO_SYNCFS_ENV = "SCAFFOLD_NO_SYNCFS"
"""Set (to anything) to make batched writes fsync each file, as where ``syncfs`` is missing
(the tests cover that path with it)."""


def writers_present(fd: int) -> bool | None:
    """Whether some process has the file behind ``fd`` (opened read-only) open for writing.

    Linux grants a read lease only when nobody has the file open for writing, so asking for
    one and giving it straight back answers the question. ``None`` where that cannot be asked:
    another system, leases disabled, a file system without them, or a file we do not own.
    """
    if not sys.platform.startswith("linux"):
        return None
    import fcntl

    try:
        # A lease break is announced by a signal; SIGURG is ignored by default, so an opener
        # arriving during the instant the lease is held cannot kill this process.
        fcntl.fcntl(fd, fcntl.F_SETSIG, signal.SIGURG)
        fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_RDLCK)
    except OSError as exc:
        return True if exc.errno == errno.EAGAIN else None
    fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_UNLCK)
    return False


_deferring = 0


@contextmanager
def deferred_interrupts() -> Iterator[None]:
    """Hold SIGINT and SIGTERM until the block ends; they are delivered right after it.

    Only the main thread receives Python's signals, so elsewhere this does nothing; nested
    blocks defer until the outermost one ends.
    """
    global _deferring
    mask: Any = getattr(signal, "pthread_sigmask", None)
    import threading

    if mask is None or _deferring or threading.current_thread() is not threading.main_thread():
        _deferring += 1
        try:
            yield
        finally:
            _deferring -= 1
        return
    held = {signal.SIGINT, signal.SIGTERM}
    old = mask(signal.SIG_BLOCK, held)
    _deferring += 1
    try:
        yield
    finally:
        _deferring -= 1
        mask(signal.SIG_SETMASK, old)


def default_jobs() -> int:
    """The cores this process may use: the default ``--jobs`` of ``update`` and ``check``."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)
