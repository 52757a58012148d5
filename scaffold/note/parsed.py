"""The note model: one file's text, with the spans of its frontmatter, sections and tables.

Parsing splits the lines and finds the frontmatter block; the body is scanned (a
purpose-built line scanner) and the frontmatter's YAML parsed only when something reads them,
because most operations need one or the other, and a YAML parse costs more than everything
else put together.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from scaffold.note.body.model import Body
from scaffold.note.body.segments import read_body
from scaffold.note.yaml import frontmatter
from scaffold.text import Lines, decode, encode, split_lines

if TYPE_CHECKING:
    from scaffold.note.yaml.nodes import Block, Node

_UNSET: Any = object()


class ParsedNote:
    """An immutable parsed note: its text and the spans of its parts.

    The reading model only. The public :class:`scaffold.Note` subclasses it with the fluent
    ``get``/``set``/``delete``/... methods, so this layer knows nothing of editing; edits build
    their result with :meth:`replace_text`, which keeps the caller's class.
    """

    __slots__ = ("_body", "_data", "_nodes", "block", "bom", "lines", "path", "text")

    text: str
    """The note's text, without its BOM. Offsets in the model index into this."""
    bom: bool
    """Whether the file started with a UTF-8 byte-order mark (written back as it was)."""
    path: str | None
    """Where the note came from, for messages (``None`` for a string)."""
    lines: Lines
    block: Block | None
    """The frontmatter block, or ``None`` when the note has none."""

    def __init__(self, text: str, *, bom: bool = False, path: str | Path | None = None) -> None:
        self.text = text
        self.bom = bom
        self.path = str(path) if path is not None else None
        self.lines = split_lines(text)
        self.block = frontmatter.find_block(text, self.lines, path=self.path)
        self._body: Body = _UNSET
        self._nodes: Node | None = _UNSET
        self._data: Any = _UNSET

    @classmethod
    def from_bytes(cls, data: bytes, *, path: str | Path | None = None) -> Self:
        """Decode (refusing binary and non-UTF-8 input) and parse."""
        text, bom = decode(data, path)
        return cls(text, bom=bom, path=path)

    def to_bytes(self) -> bytes:
        """The note's exact bytes, BOM included when it had one."""
        return encode(self.text, self.bom)

    def replace_text(
        self, text: str, *, lines: Lines | None = None, same_frontmatter: bool = False
    ) -> Self:
        """A new note of the same class with ``text``, keeping this one's BOM and path.

        An edit that knows more passes it on: ``lines`` is ``split_lines(text)``, and
        ``same_frontmatter`` says the frontmatter block is unchanged, text and offsets, so
        its block and parsed YAML nodes carry over. The body is scanned when read.
        """
        if lines is None:
            return type(self)(text, bom=self.bom, path=self.path)
        note = object.__new__(type(self))
        note.text = text
        note.bom = self.bom
        note.path = self.path
        note.lines = lines
        if same_frontmatter:
            note.block = self.block
            note._nodes = self._nodes
        else:
            note.block = frontmatter.find_block(text, lines, path=self.path)
            note._nodes = _UNSET
        note._body = _UNSET
        note._data = _UNSET
        return note

    def __reduce__(self) -> tuple[Any, ...]:
        # The lazily parsed parts are rebuilt on the other side, not pickled.
        return (_restore, (type(self), self.text, self.bom, self.path))

    @property
    def body(self) -> Body:
        """The body's headings, sections, tables and hidden regions, scanned on first use."""
        if self._body is _UNSET:
            first = self.block.body_first if self.block else 0
            self._body = read_body(self.text, self.lines, first)
        return self._body

    @property
    def body_scanned(self) -> bool:
        """Whether the body has been scanned yet (an edit may reuse what was)."""
        return self._body is not _UNSET

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

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.path or '<string>'}: {len(self.text)} chars>"


def _restore(cls: type[ParsedNote], text: str, bom: bool, path: str | None) -> ParsedNote:
    return cls(text, bom=bom, path=path)
