"""The one reader of a NOTE argument, for every command that takes one: a file, a note name
resolved like an Obsidian link in the vault (``--vault``, else the one found above the current
folder), or ``-`` for standard input."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from scaffold.api import Note


@dataclass(frozen=True)
class NoteArgument:
    note: Note
    path: Path | None
    """The note's file; None for standard input."""
    original: bytes | None
    """The bytes read from standard input (a filter gives them back if it fails)."""


def read_note_argument(
    name: str,
    vault: Path | str | None,
    *,
    sweep: bool = False,
    received: Callable[[bytes], None] | None = None,
) -> NoteArgument:
    """Read the note ``name`` names. ``sweep``: before an edit, first tidy what an interrupted
    scaffold left beside the note, and say so on standard error. ``received`` is given the
    bytes of standard input before they are parsed."""
    from scaffold import api

    if name == "-":
        data = api.read_stream(sys.stdin.buffer)
        if received is not None:
            received(data)
        return NoteArgument(api.loads(data, path="<stdin>"), None, data)
    path = api.resolve_name(name, vault=api.find_vault(vault), explicit=vault is not None)
    if sweep:
        _sweep(path)
    return NoteArgument(api.load(path), path, None)


def _sweep(path: Path) -> None:
    """Remove what an interrupted scaffold left beside the note, and say so. Only before an
    edit: listing a large folder would cost `get` more than it does itself."""
    from scaffold import api

    for left in api.sweep(Path(os.path.realpath(path)).parent):
        done = f"kept as {left.kept}" if left.kept else "removed it"
        print(
            f"scaffold: found {left.path} ({left.size:,} bytes), left by an interrupted "
            f"scaffold (pid {left.pid}); {done}",
            file=sys.stderr,
        )
