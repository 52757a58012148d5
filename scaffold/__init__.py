"""scaffold: write and maintain Obsidian-style entity notes, byte-exactly.

The json-like API: :func:`load`/:func:`loads` a note, read and edit it by address with
:meth:`Note.get`/:meth:`Note.set` (and ``delete``, ``rename``, ``append``, ``remove``), and
:func:`dump`/:func:`dumps` it back. Every edit is verified by re-parsing before it is returned.

Only these names live at the top level; everything else is importable from its package
(``scaffold.note``, ``scaffold.edit``, ``scaffold.vault``, ``scaffold.generate``).
"""

from __future__ import annotations

from scaffold._version import __version__
from scaffold.api import Note, dump, dumps, load, loads
from scaffold.errors import ScaffoldError

__all__ = ["Note", "ScaffoldError", "__version__", "dump", "dumps", "load", "loads"]
