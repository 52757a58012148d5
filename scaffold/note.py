"""The note model: one file's text, with the spans of its frontmatter, sections and tables.

Parsing the body is a purpose-built line scanner (fast: it runs twice per edit, once to find
the target and once to verify). The frontmatter's YAML is parsed lazily, only when an operation
needs it, because a YAML parse costs more than everything else put together.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import frontmatter
from .markdown import scan_body
from .model import Body
from .text import Lines, decode, encode, split_lines

if TYPE_CHECKING:
    from .frontmatter import Block, Node

_UNSET: Any = object()


class Note:
    """An immutable parsed note. Editing returns a new ``Note``; the original is unchanged."""

    __slots__ = ("_data", "_nodes", "block", "body", "bom", "lines", "path", "text")

    text: str
    """The note's text, without its BOM. Offsets in the model index into this."""
    bom: bool
    """Whether the file started with a UTF-8 byte-order mark (written back as it was)."""
    path: str | None
    """Where the note came from, for messages (``None`` for a string)."""
    lines: Lines
    block: Block | None
    """The frontmatter block, or ``None`` when the note has none."""
    body: Body

    def __init__(self, text: str, *, bom: bool = False, path: str | Path | None = None) -> None:
        self.text = text
        self.bom = bom
        self.path = str(path) if path is not None else None
        self.lines = split_lines(text)
        self.block = frontmatter.find_block(text, self.lines, path=self.path)
        first = self.block.body_first if self.block else 0
        self.body = scan_body(text, self.lines, first)
        self._nodes: Node | None = _UNSET
        self._data: Any = _UNSET

    @classmethod
    def from_bytes(cls, data: bytes, *, path: str | Path | None = None) -> Note:
        """Decode (refusing binary and non-UTF-8 input) and parse."""
        text, bom = decode(data, path)
        return cls(text, bom=bom, path=path)

    def to_bytes(self) -> bytes:
        """The note's exact bytes, BOM included when it had one."""
        return encode(self.text, self.bom)

    def replace_text(self, text: str) -> Note:
        """A new note with ``text``, keeping this one's BOM and path."""
        return Note(text, bom=self.bom, path=self.path)

    # -- frontmatter, parsed on first use ------------------------------------------------

    @property
    def nodes(self) -> Node | None:
        """The frontmatter's YAML node tree with spans (``None``: no or empty frontmatter)."""
        if self._nodes is _UNSET:
            self._nodes = (
                frontmatter.parse_nodes(self.text, self.block, path=self.path)
                if self.block
                else None
            )
        return self._nodes

    @property
    def data(self) -> Any:
        """The frontmatter as plain Python data (``{}`` when there is none)."""
        if self._data is _UNSET:
            self._data = (
                frontmatter.load_data(self.text, self.block, path=self.path) if self.block else {}
            )
        return self._data

    @property
    def frontmatter_text(self) -> str:
        """The raw YAML between the fences (``""`` when there is none)."""
        return self.text[self.block.start : self.block.end] if self.block else ""

    # -- the json-like API: read and edit by address ---------------------------------------

    def get(self, address: str) -> Any:
        """The value at ``address``: a cell's trimmed markdown, or frontmatter data."""
        from .ops import get

        return get(self, address)

    def set(
        self, address: str, value: str, *, type_hint: str = "auto", create: bool = False
    ) -> Note:
        """Set a frontmatter value or a table cell. ``create`` upserts a missing table row."""
        from .ops import set_value

        return set_value(self, address, value, type_hint=type_hint, create=create)

    def delete(self, address: str) -> Note:
        """Delete a frontmatter key or list item, or a table row."""
        from .ops import delete

        return delete(self, address)

    def rename(self, address: str, new_key: str) -> Note:
        """Rename a frontmatter key in place."""
        from .ops import rename

        return rename(self, address, new_key)

    def append(self, address: str, *values: str, type_hint: str = "auto") -> Note:
        """Append an item to a frontmatter list, or a row (one value per cell) to a table."""
        from .ops import append

        return append(self, address, values, type_hint=type_hint)

    def remove(self, address: str, value: str) -> Note:
        """Remove an item from a frontmatter list."""
        from .ops import remove

        return remove(self, address, value)

    def __repr__(self) -> str:
        return f"<Note {self.path or '<string>'}: {len(self.text)} chars>"
