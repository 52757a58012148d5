"""The public, json-like API: ``load``/``loads`` a note, ``get``/``set`` by address,
``dump``/``dumps`` it back. A note that was not edited dumps to exactly the bytes it came from.

>>> note = loads("## Stats\\n\\n| Metric | Value |\\n|---|---|\\n| Users | 1 |\\n")
>>> note.get("Stats > Users")
'1'
>>> dumps(note.set("Stats > Users", "2")).splitlines()[-1]
'| Users | 2 |'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import ScaffoldError, VerifyError
from .files import current_bytes, read_bytes, write_atomic
from .note import Note
from .ops import add_list_item

__all__ = ["Note", "add_list_item", "dump", "dumps", "get", "load", "loads", "set"]


def loads(text: str | bytes, *, path: str | Path | None = None) -> Note:
    """Parse a note from text (or bytes, which keeps a BOM and refuses non-UTF-8)."""
    if isinstance(text, bytes):
        return Note.from_bytes(text, path=path)
    bom = text.startswith("\ufeff")
    return Note(text[1:] if bom else text, bom=bom, path=path)


def load(path: str | Path) -> Note:
    """Read and parse a note file. Errors name the file, line and problem."""
    path = Path(path)
    try:
        return Note.from_bytes(read_bytes(path), path=path)
    except ScaffoldError as exc:
        raise exc.with_path(path) from None


def dumps(note: Note) -> str:
    """The note's text, BOM included when it had one."""
    return ("\ufeff" if note.bom else "") + note.text


def dump(note: Note, path: str | Path, *, expect: bytes | None = None) -> bool:
    """Write the note atomically. Returns False (and writes nothing) when the file already
    holds exactly these bytes.

    ``expect`` guards against lost updates: when given, the file must still hold exactly
    those bytes (what the note was read from), or :class:`VerifyError` is raised and nothing
    is written.
    """
    path = Path(path)
    data = note.to_bytes()
    current = current_bytes(path)
    if current == data:
        return False
    if expect is not None and current != expect:
        raise VerifyError(
            "the file changed after scaffold read it; nothing was written",
            path=path,
            hint="run the command again on the current file",
        )
    write_atomic(path, data)
    return True


def get(note: Note, address: str) -> Any:
    """Module-level spelling of :meth:`Note.get`."""
    return note.get(address)


def set(note: Note, address: str, value: str, **options: Any) -> Note:
    """Module-level spelling of :meth:`Note.set`."""
    return note.set(address, value, **options)
