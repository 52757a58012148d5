"""What replacing a note by a rename would silently change, and when to refuse it.

A rename puts a new file in the note's place: it keeps the mode (scaffold copies it) but not
the note's other hard links, and not its owner unless scaffold may set it. A read-only note
would be replaced without a word. Each of these is refused (exit 3) unless ``--force``.
"""

from __future__ import annotations

import os
from pathlib import Path

from scaffold.errors import NeedsForceError


def _owner_keepable(st: os.stat_result) -> bool:
    if not hasattr(os, "geteuid"):
        return True
    euid = os.geteuid()
    return euid == 0 or (st.st_uid == euid and st.st_gid in {os.getegid(), *os.getgroups()})


def owner_name(uid: int) -> str:
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
        return f"it belongs to {owner_name(st.st_uid)}, and replacing it would make it yours"
    return None


def plan_replace(path: Path, st: os.stat_result, *, force: bool, problem: str | None) -> bool:
    """Whether the note must be written in place (``True``) rather than replaced by a rename.

    Refuses (:class:`NoteFileError`, exit 3) what a rename would silently change, unless
    ``force``: a read-only note, or ``problem`` (other hard links, another user's note).
    """
    mode = st.st_mode & 0o7777
    read_only = not mode & 0o222 or not os.access(path, os.W_OK)
    if read_only and not force:
        raise NeedsForceError(
            f"this note is read-only (mode {mode:04o}); nothing was written",
            path=path,
            hint="make it writable (chmod u+w), or pass --force to replace it anyway "
            "(its mode is kept)",
        )
    if problem is None:
        return False
    if not force:
        raise NeedsForceError(
            f"this note cannot be replaced safely: {problem}; nothing was written",
            path=path,
            hint="pass --force to write it in place, keeping its links and owner (not atomic: "
            "scaffold's version stays in a copy beside it until the write is done)",
        )
    return not read_only  # forced: in place when it can be written, else replaced anyway
