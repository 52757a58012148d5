"""The YAML node model of a frontmatter block: where the block sits, each node's span in the
note text, and the :class:`Locator` both readers place nodes with.

It sits below both readers (:mod:`scaffold.note.yaml._flat`, :mod:`scaffold.note.yaml._compose`)
and :mod:`scaffold.note.yaml.frontmatter`, which chooses between them, so none imports another in a
circle.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Block:
    """Where the frontmatter sits in a note. The YAML is ``text[start:end]``."""

    close_line: int
    """1-based line of the closing fence."""
    start: int
    """Offset of the first YAML character (the start of line 2)."""
    end: int
    """Offset of the closing fence line's start."""
    after: int
    """Offset just past the closing fence's line ending."""
    body_first: int
    """0-based index of the first line after the block."""


@dataclass(frozen=True, slots=True)
class Node:
    """One YAML node and the span of note text it was read from."""

    kind: str
    """``"scalar"``, ``"seq"`` or ``"map"``."""
    start: int
    """Offset into the note text of the node's first character (its anchor or tag, if any)."""
    end: int
    """Offset just past the node's last character (trailing blanks and comments excluded)."""
    line: int
    """1-based line of ``start`` in the note."""
    col: int
    """1-based column (in characters) of ``start``."""
    style: str
    """Scalars: plain, single, double, literal, folded. Collections: flow, block."""
    value: object
    """Scalars: the resolved python value (YAML 1.2 safe). Collections: None."""
    items: tuple[Node, ...] = ()
    """A sequence's items."""
    entries: tuple[Entry, ...] = ()
    """A mapping's entries, in source order."""
    anchor: str | None = None
    """The node's ``&anchor`` name, if it has one."""
    alias: bool = False
    """True when the node is a ``*alias`` of an anchored node (its span is the ``*name``)."""
    tag: str | None = None
    """An explicit tag written in the source (``!!str``, ``!foo``), or None."""


@dataclass(frozen=True, slots=True)
class Entry:
    """A key/value pair of a mapping."""

    key: Node
    value: Node


class Locator:
    """Maps offsets in the YAML text to note lines and columns."""

    __slots__ = ("base", "newlines")

    def __init__(self, yaml_text: str, base: int) -> None:
        self.base = base
        newlines: list[int] = []
        pos = yaml_text.find("\n")
        while pos != -1:
            newlines.append(pos)
            pos = yaml_text.find("\n", pos + 1)
        self.newlines = newlines

    def node(
        self,
        kind: str,
        start: int,
        end: int,
        style: str,
        value: object,
        items: tuple[Node, ...] = (),
        entries: tuple[Entry, ...] = (),
        *,
        anchor: str | None = None,
        tag: str | None = None,
    ) -> Node:
        """A :class:`Node` read from YAML offsets ``start:end``, placed in the note."""
        line, col = self.line_col(start)
        base = self.base
        return Node(
            kind, start + base, end + base, line, col, style, value, items, entries, anchor, tag=tag
        )

    def line_col(self, index: int) -> tuple[int, int]:
        """1-based note line and column of YAML offset ``index`` (the YAML starts on line 2)."""
        before = bisect_right(self.newlines, index - 1)
        line_start = self.newlines[before - 1] + 1 if before else 0
        return before + 2, index - line_start + 1
