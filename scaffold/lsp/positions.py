"""Where things are in an open document, in the client's units.

scaffold counts a note in characters (code points): a 1-based line and column, or an offset
into the note's text, which leaves out a byte-order mark. The client counts in the position
encoding negotiated at ``initialize`` (UTF-8, UTF-16 or UTF-32). The conversion itself is
pygls's own :class:`~pygls.workspace.PositionCodec`, the one the workspace negotiated; this
module only maps scaffold's coordinates onto the document's lines.
"""

from __future__ import annotations

from bisect import bisect_right

from lsprotocol import types as lsp
from pygls.workspace import PositionCodec, ServerTextPosition

from scaffold.text import BOM


class Positions:
    """One document's lines and the negotiated codec: scaffold's coordinates ⇄ the client's."""

    __slots__ = ("_bom", "_codec", "_lines", "_starts")

    def __init__(self, source: str, codec: PositionCodec) -> None:
        self._codec = codec
        self._bom = 1 if source.startswith(BOM) else 0
        self._lines: list[str] = []  # as the client sees them: line 0 keeps the BOM
        self._starts: list[int] = []  # offsets into the note text (BOM excluded)
        pos = 0
        for raw in source[self._bom :].split("\n"):
            self._starts.append(pos)
            self._lines.append(raw[:-1] if raw.endswith("\r") else raw)
            pos += len(raw) + 1
        if self._bom:
            self._lines[0] = BOM + self._lines[0]

    def line(self, index: int) -> str:
        """Line ``index`` (0-based) of the note, without its BOM or line ending."""
        if not 0 <= index < len(self._lines):
            return ""
        text = self._lines[index]
        return text[self._bom :] if index == 0 else text

    # -- scaffold -> client ---------------------------------------------------------------------

    def to_client(self, line: int, col: int) -> lsp.Position:
        """A 1-based line and character column of the note, in the client's units."""
        index = min(max(line - 1, 0), len(self._lines) - 1)
        char = max(col - 1, 0) + (self._bom if index == 0 else 0)
        char = min(char, len(self._lines[index]))
        return self._codec.position_to_client_units(self._lines, ServerTextPosition(index, char))

    def offset_to_client(self, offset: int) -> lsp.Position:
        """An offset into the note's text, in the client's units."""
        index = max(bisect_right(self._starts, offset) - 1, 0)
        return self.to_client(index + 1, offset - self._starts[index] + 1)

    def range(self, start: int, end: int) -> lsp.Range:
        """The span ``start:end`` of the note's text, in the client's units."""
        return lsp.Range(self.offset_to_client(start), self.offset_to_client(end))

    def line_range(self, start: tuple[int, int], end: tuple[int, int]) -> lsp.Range:
        """From one 1-based (line, column) to another, in the client's units."""
        return lsp.Range(self.to_client(*start), self.to_client(*end))

    # -- client -> scaffold ---------------------------------------------------------------------

    def from_client(self, position: lsp.Position) -> tuple[int, int]:
        """The client's position as the note's 1-based line and character column."""
        if position.line >= len(self._lines):
            last = len(self._lines) - 1
            return last + 1, len(self.line(last)) + 1
        # Past the end of a line means its end (pygls's codec would step back one unit, and
        # it clamps by changing the position it is given: hand it a copy).
        units = self._codec.client_num_units(self._lines[position.line])
        copy = lsp.Position(position.line, min(position.character, units))
        server = self._codec.position_from_client_units(self._lines, copy)
        char = server.character - (self._bom if server.line == 0 else 0)
        return server.line + 1, max(char, 0) + 1

    def offset(self, position: lsp.Position) -> int:
        """The client's position as an offset into the note's text."""
        line, col = self.from_client(position)
        return self._starts[line - 1] + col - 1
