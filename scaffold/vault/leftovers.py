"""Scaffold's own temporary files: how they are named, and cleaning up after a run that died.

A write goes through a hidden file beside the note, ``.NOTE.scaffold-HOST-PID-TOKEN.tmp``. A
process killed at the wrong moment (``kill -9``, a power cut) leaves it behind. The name says
which machine and process made it, so :func:`sweep` can remove exactly the files whose process
is gone, and nothing that belongs to another program or to a scaffold still running.

An in-place write (``--force`` on a hard-linked note) keeps scaffold's full version in a
``.inplace`` file until the note is written; when that write was cut short the sweep keeps the
copy, under a visible name, instead of removing it.
"""

from __future__ import annotations

import os
import re
import stat
import time
from dataclasses import dataclass
from pathlib import Path

_MARK = ".scaffold-"
_NAME = re.compile(
    r"^\.(?P<note>.+)\.scaffold-(?P<host>[0-9a-f]{4})-(?P<pid>[0-9]+)-[0-9a-f]{6}"
    r"\.(?P<kind>tmp|inplace)$"
)
_KEEP_NAME = 150  # of a note's name inside a temporary name, so the whole stays under 255


def _host_tag() -> str:
    """A short, stable tag for this machine (FNV-1a of its name, folded to 16 bits)."""
    node = os.uname().nodename if hasattr(os, "uname") else os.environ.get("COMPUTERNAME", "")
    h = 0x811C9DC5
    for byte in node.encode("utf-8", "replace"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return f"{(h ^ (h >> 16)) & 0xFFFF:04x}"


def temp_name(note_name: str, kind: str = "tmp") -> str:
    """A fresh temporary name for writing ``note_name``: ``kind`` is ``tmp`` or ``inplace``."""
    token = os.urandom(3).hex()
    return f".{note_name[:_KEEP_NAME]}{_MARK}{_host_tag()}-{os.getpid()}-{token}.{kind}"


@dataclass(frozen=True, slots=True)
class Leftover:
    """A temporary file an interrupted scaffold left behind, and what became of it."""

    path: Path
    size: int
    pid: int
    """The process that made it (no longer running)."""
    kept: Path | None = None
    """``None``: removed. Otherwise the unfinished in-place write's copy, moved here."""


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":  # os.kill(pid, 0) would signal it there; assume it may be running
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but is not ours to signal
        return True
    return True


def sweep(folder: Path) -> list[Leftover]:
    """Remove scaffold's own temporary files that a dead process left in ``folder``.

    Only files named by :func:`temp_name` on this machine, owned by this user, regular, and
    whose process is no longer running. Returns what was removed (or kept, see
    :class:`Leftover`); errors while sweeping are ignored: cleaning up must never stop a command.
    """
    found: list[Leftover] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return found
    host = None
    for entry in entries:
        if _MARK not in entry.name or not entry.name.startswith("."):
            continue
        match = _NAME.match(entry.name)
        if match is None:
            continue
        host = host or _host_tag()
        pid = int(match["pid"])
        if match["host"] != host or _alive(pid):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid():
                continue
            path = Path(entry.path)
            if match["kind"] == "inplace" and _unfinished(path, folder / match["note"]):
                kept = _keep(path, folder / match["note"])
                found.append(Leftover(path, st.st_size, pid, kept))
                continue
            os.unlink(path)
        except OSError:
            continue
        found.append(Leftover(path, st.st_size, pid))
    return found


def _unfinished(copy: Path, note: Path) -> bool:
    """Whether the note does not hold the in-place copy, i.e. its write was cut short."""
    from scaffold.errors import NoteFileError
    from scaffold.vault.files import read_bytes

    try:
        return read_bytes(copy) != read_bytes(note)
    except NoteFileError:
        return True


def _keep(copy: Path, note: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = note.with_name(f"{note.name}.scaffold-recovered-{stamp}")
    n = 1
    while os.path.lexists(target):
        n += 1
        target = note.with_name(f"{note.name}.scaffold-recovered-{stamp}-{n}")
    os.rename(copy, target)
    return target
