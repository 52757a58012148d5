"""Keeping the server's link index current without the client's file watcher.

Neovim on Linux offers no dynamic ``workspace/didChangeWatchedFiles``, so the server never
hears of a note made on disk while it runs (``:w New.md``, ``scaffold new`` in a terminal,
a sync). Two things make up for it:

- :func:`learn`: a vault path the client opens, saves or closes is looked at on disk, and
  indexed (or forgotten) as a watcher would have said;
- :func:`rescan`: on those same events, the vault's file list is walked again (names only,
  no note is read but a new one) and compared with the index. The walk is cheap, and it
  runs at most once per :data:`RESCAN_FACTOR` times its own cost, so it takes a small,
  bounded share of the server's time even on a large vault.

Command errors are turned into a clean JSON-RPC error here too (:func:`clean_errors`): the
message and its hint, never ``ValueError: ...``.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from lsprotocol import types as lsp
from pygls import uris
from pygls.exceptions import JsonRpcException

from scaffold.errors import ScaffoldError

if TYPE_CHECKING:
    from scaffold.check.linkindex import LinkIndex


class ScaffoldServer(Protocol):
    """What this module needs of :class:`scaffold.lsp.workspace.ScaffoldServer`."""

    index: LinkIndex | None
    vault: Path | None

    def rel(self, path: Path) -> str | None: ...

    def file_changed(self, uri: str, kind: lsp.FileChangeType) -> None: ...


RESCAN_FACTOR = 50.0
"""A rescan waits at least this many times as long as the last one took."""
RESCAN_MIN_SECONDS = 0.25
"""And at least this long."""

REQUEST_FAILED = -32803
"""LSP's RequestFailed: the request was well formed, and what it asked for could not be done."""
INVALID_PARAMS = -32602


def learn(ls: ScaffoldServer, uri: str) -> bool:
    """Index or forget the vault file at ``uri`` as it is on disk now. True when the
    index changed (a note appeared or went away)."""
    if ls.index is None or ls.vault is None or uris.uri_scheme(uri) != "file":
        return False
    fs_path = uris.to_fs_path(uri)
    if not fs_path:
        return False
    path = Path(fs_path)
    rel = ls.rel(path)
    if rel is None or any(part.startswith(".") for part in rel.split("/")):
        return False
    known = rel in ls.index.by_name.get(rel.rsplit("/", 1)[-1].casefold(), ())
    exists = os.path.isfile(path)
    if exists and not known:
        ls.file_changed(uri, lsp.FileChangeType.Created)
        return True
    if known and not exists:
        ls.file_changed(uri, lsp.FileChangeType.Deleted)
        return True
    return False


class Rescan:
    """When the vault was last walked, and what the walk cost."""

    def __init__(self) -> None:
        self.last = time.monotonic()
        self.cost = 0.0

    def due(self) -> bool:
        wait = max(RESCAN_MIN_SECONDS, RESCAN_FACTOR * self.cost)
        return time.monotonic() - self.last >= wait


def rescan(ls: ScaffoldServer, state: Rescan, *, force: bool = False) -> bool:
    """Walk the vault's files and bring the index to them: new files added (a new note's
    aliases read), vanished ones forgotten. Skipped until it is due. True when the index
    changed."""
    from scaffold.check.linkindex import vault_files

    if ls.index is None or ls.vault is None or not (force or state.due()):
        return False
    began = time.monotonic()
    on_disk = set(vault_files(ls.vault))
    known = {p for paths in ls.index.by_name.values() for p in paths}
    added, gone = on_disk - known, known - on_disk
    for rel in sorted(gone):
        ls.index.remove(rel)
    for rel in sorted(added):
        ls.file_changed((ls.vault / rel).as_uri(), lsp.FileChangeType.Created)
    state.last = time.monotonic()
    state.cost = state.last - began
    return bool(added or gone)


F = TypeVar("F", bound=Callable[..., Any])


def clean_errors(handler: F) -> F:
    """A command handler whose failures reach the client as their message and hint (a
    :class:`~scaffold.errors.ScaffoldError` as LSP's RequestFailed, bad arguments as
    InvalidParams), not as an internal error naming a Python exception."""

    @functools.wraps(handler)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            return handler(*args, **kwargs)
        except ScaffoldError as exc:
            text = str(exc) + (f" ({exc.hint})" if exc.hint else "")
            raise JsonRpcException(text, code=REQUEST_FAILED) from None
        except ValueError as exc:
            raise JsonRpcException(str(exc), code=INVALID_PARAMS) from None

    return wrapped  # type: ignore[return-value]
