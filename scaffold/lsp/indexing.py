"""The vault's index, built so that the opened note is checked at once.

``check``'s link index needs every note's aliases, and reading them means opening every
note: seconds on a large vault. The server does not wait for that. At ``initialized`` it
walks the vault for its file names (one walk, no note read) and reads the aliases of the
first :data:`INLINE_NOTES` notes, then for up to :data:`INLINE_SECONDS`: a small vault is
indexed whole then. The rest is read in slices of
:data:`SLICE_SECONDS` on the server's own event loop, between the client's messages, so the
opened note's diagnostics, hovers and completions are answered meanwhile. Until the last
slice, a link that no file name settles may still be an alias: its "no such note" (L001) is
held back rather than published wrong. When the aliases are in, the server logs it and
checks the open notes again.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from lsprotocol import types as lsp

from scaffold.check.linkindex import LinkIndex, vault_files
from scaffold.vault.head import read_aliases

if TYPE_CHECKING:
    from scaffold.check.runner import Checker


class ScaffoldServer(Protocol):
    """What this module needs of :class:`scaffold.lsp.workspace.ScaffoldServer`."""

    pending: Pending | None
    checker: Checker

    def window_log_message(self, params: lsp.LogMessageParams) -> None: ...


INLINE_NOTES = 500
"""Notes whose aliases are always read before the first answer: a small vault is indexed
whole however busy the machine is."""
INLINE_SECONDS = 0.02
"""And aliases read for up to this long before it."""
SLICE_SECONDS = 0.01
"""Aliases read in one turn of the event loop: the longest a message waits behind them."""
HELD_BACK = "L001"
"""The rule whose findings wait for the aliases."""


class Pending:
    """The notes whose aliases are still to be read, read a time budget at a time."""

    def __init__(self, index: LinkIndex, notes: list[str]) -> None:
        self.index = index
        self.notes = notes
        self.at = 0
        self.started = time.perf_counter()
        self.from_buffers: set[str] = set()
        """Notes open in the editor: their aliases come from the buffer, not the file."""

    @property
    def done(self) -> bool:
        return self.at >= len(self.notes)

    def read(self, budget: float, at_least: int = 1) -> None:
        """Read aliases for ``budget`` seconds, and of at least ``at_least`` notes."""
        until = time.perf_counter() + budget
        floor = self.at + at_least
        vault = self.index.vault
        notes = self.notes
        while self.at < len(notes):
            rel = notes[self.at]
            self.at += 1
            found = [] if rel in self.from_buffers else read_aliases(vault / rel)
            if found:
                self.index.set_aliases(rel, found)
            if (self.at & 31) == 0 and self.at >= floor and time.perf_counter() >= until:
                break


def names_first(checker: Checker) -> tuple[LinkIndex | None, Pending | None]:
    """The vault's index with every file name and as many aliases as :data:`INLINE_SECONDS`
    allows; the rest, when any, as a :class:`Pending` to :func:`finish_later`."""
    vault = checker.vault
    if vault is None or not checker.links_enabled:
        return None, None
    index = LinkIndex.build(vault, vault_files(vault), aliases={})
    index.load_anchors = checker.anchors_loader()
    pending = Pending(index, index.by_stem_paths())
    pending.read(INLINE_SECONDS, INLINE_NOTES)
    return index, (None if pending.done else pending)


def finish_later(ls: ScaffoldServer, pending: Pending, when_done: Callable[[], None]) -> None:
    """Read the rest of the aliases in slices on the running event loop (all at once when
    there is none), then call ``when_done``."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        pending.read(float("inf"))
        ls.pending = None
        when_done()
        return

    def step() -> None:
        if ls.pending is not pending:
            return  # the server started over (a new vault): this reading is stale
        pending.read(SLICE_SECONDS)
        if not pending.done:
            loop.call_soon(step)
            return
        ls.pending = None
        spent = time.perf_counter() - pending.started
        ls.window_log_message(
            lsp.LogMessageParams(
                lsp.MessageType.Log,
                f"scaffold: aliases of {len(pending.notes)} notes read in {spent:.2f} s",
            )
        )
        when_done()

    ls.window_log_message(
        lsp.LogMessageParams(
            lsp.MessageType.Log,
            f"scaffold: reading the aliases of {len(pending.notes) - pending.at} more notes "
            "in the background",
        )
    )
    loop.call_soon(step)


WARM_UP = (
    "---\ntype: product\naliases: [x]\n---\n# Warm\n\n## Quick stats\n\n"
    "| Metric | Value |\n|---|---|\n| Downloads | 1B |\n\n[[Nowhere#There]] [[#Warm]]\n"
)


def warm_up(ls: ScaffoldServer) -> None:
    """Check a small note once, outside any vault, so that the rules, the note model and
    the YAML reader are imported (and their caches made) while the editor is still starting
    the server, not after it asked for the first note's diagnostics."""
    from pygls.workspace import PositionCodec

    from scaffold.lsp.convert import to_lsp
    from scaffold.lsp.positions import Positions

    where = Positions(WARM_UP, PositionCodec())
    for found in ls.checker.check_text(WARM_UP, path=None):
        to_lsp(found, where)
