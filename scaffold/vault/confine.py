"""Paths given by a client that may name only what lies inside its vault (``scaffold mcp``):
vault-relative, never absolute, never climbing out with ``..``, never a link leading out."""

from __future__ import annotations

import os
from pathlib import Path, PurePath

from scaffold.errors import NoteFileError, UsageError


def outside_error(given: str, vault: Path, real: Path | None = None) -> NoteFileError:
    """The refusal of ``given``, which names something outside ``vault``."""
    where = f"leads to {real}, " if real is not None else "is "
    return NoteFileError(
        f"{given!r} {where}outside the vault {vault}; nothing was read or written",
        path=given,
        hint="give a note name, or a path relative to the vault's folder",
    )


def within(vault: Path, given: str) -> Path:
    """``given`` (a vault-relative path) as a path inside ``vault``; it need not exist.
    Refused (:class:`NoteFileError`): an absolute path, ``..``, a link out of the vault."""
    if not given or "\0" in given:
        raise UsageError("give a path relative to the vault's folder")
    parts = PurePath(given)
    if parts.is_absolute() or ".." in parts.parts or given.startswith("~"):
        raise outside_error(given, vault)
    path = vault / given
    check_inside(path, vault, given)
    return path


def check_inside(path: Path, vault: Path, given: str) -> None:
    """Refuse ``path`` when, links followed, it is not inside ``vault``."""
    real = Path(os.path.realpath(path))
    if not real.is_relative_to(os.path.realpath(vault)):
        raise outside_error(given, vault, real)


def served_vault(start: Path, explicit: Path | None) -> Path:
    """The vault a server serves: ``explicit`` (``--vault``), else the nearest parent of
    ``start`` that holds ``.obsidian/`` or ``.scaffold/``. Without either it refuses
    (:class:`UsageError`): a server never serves a folder, let alone a disk, by default."""
    from scaffold.vault.index import MARKERS, find_vault, is_marked

    vault = find_vault(start, explicit)
    if explicit is None and not is_marked(vault):
        raise UsageError(
            f"no vault here: neither {vault} nor a folder above it holds "
            f"{' or '.join(m + '/' for m in MARKERS)}",
            hint="pass --vault DIR, or run it inside a vault (mkdir .scaffold marks a folder)",
        )
    return vault
