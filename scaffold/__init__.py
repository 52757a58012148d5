"""scaffold: write and maintain Obsidian-style entity notes, byte-exactly.

The json-like API: :func:`load`/:func:`loads` a note, read and edit it by address with
:meth:`Note.get`/:meth:`Note.set` (and ``delete``, ``rename``, ``append``, ``remove``), and
:func:`dump`/:func:`dumps` it back. Every edit is verified by re-parsing before it is returned.
"""

from __future__ import annotations

from ._version import __version__
from .api import Note, add_list_item, dump, dumps, get, load, loads, set
from .errors import ScaffoldError

__all__ = [
    "Note",
    "ScaffoldError",
    "__version__",
    "add_list_item",
    "dump",
    "dumps",
    "get",
    "load",
    "loads",
    "set",
]
