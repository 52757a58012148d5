"""scaffold: write and maintain Obsidian-style entity notes, byte-exactly.

The json-like API: :func:`load`/:func:`loads` a note, read and edit it by address with
:meth:`Note.get`/:meth:`Note.set` (and ``delete``, ``rename``, ``append``, ``remove``), and
:func:`dump`/:func:`dumps` it back. Every edit is verified by re-parsing before it is returned.
Bulk updates across a vault: :func:`update`, :func:`export`, :func:`undo`, :func:`runs`.

Only these names live at the top level; everything else is importable from its package
(``scaffold.note``, ``scaffold.edit``, ``scaffold.vault``, ``scaffold.generate``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scaffold._version import __version__
from scaffold.errors import ScaffoldError

if TYPE_CHECKING:
    from scaffold.api import (
        Note,
        dump,
        dumps,
        export,
        load,
        loads,
        migrate,
        redo,
        runs,
        undo,
        update,
    )

__all__ = [
    "Note",
    "ScaffoldError",
    "__version__",
    "dump",
    "dumps",
    "export",
    "load",
    "loads",
    "migrate",
    "redo",
    "runs",
    "undo",
    "update",
]


_FROM_API = frozenset({"Note", "dump", "dumps", "load", "loads", "migrate", "update"})
"""Defined in scaffold.api (update and migrate there re-render the views they affect)."""


def __getattr__(name: str) -> Any:
    # Loaded on first use, each from its owner (scaffold._public says which): importing any
    # scaffold module, as `scaffold get` does for scaffold.cli, then costs nothing for the edit
    # engine or the bulk package it never runs.
    if name in _FROM_API:
        from scaffold import api

        value = getattr(api, name)
    elif name in __all__:
        from scaffold import _public

        value = _public.load(name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value
