"""LSP positions: a line and a UTF-16 code-unit offset into it, as the protocol requires.

scaffold counts columns in characters (code points); a character beyond the Basic Multilingual
Plane (most emoji) is two UTF-16 units, CJK text is one. These helpers convert both ways over a
document's text, which may start with a byte-order mark that the note model leaves out.
"""

from __future__ import annotations

BOM = "\ufeff"


def utf16_units(text: str) -> int:
    """How many UTF-16 code units ``text`` takes."""
    if text.isascii():
        return len(text)
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def to_utf16(line: str, col: int) -> int:
    """The UTF-16 offset of the 0-based character column ``col`` of ``line``."""
    return utf16_units(line[:col])


def from_utf16(line: str, units: int) -> int:
    """The 0-based character column at UTF-16 offset ``units`` of ``line`` (clamped; an
    offset inside a surrogate pair gives the character holding it)."""
    if line.isascii():
        return min(units, len(line))
    count = 0
    for index, ch in enumerate(line):
        width = 2 if ord(ch) > 0xFFFF else 1
        if count + width > units:
            return index
        count += width
    return len(line)


class Lines:
    """A document's lines, for converting offsets and (line, character) pairs."""

    __slots__ = ("bom", "lines", "starts")

    def __init__(self, source: str) -> None:
        self.bom = 1 if source.startswith(BOM) else 0
        text = source[self.bom :]
        self.lines: list[str] = []
        self.starts: list[int] = []
        pos = 0
        for raw in text.split("\n"):
            self.starts.append(pos)
            self.lines.append(raw[:-1] if raw.endswith("\r") else raw)
            pos += len(raw) + 1

    def line(self, index: int) -> str:
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def position(self, line: int, col: int) -> tuple[int, int]:
        """1-based line and character column -> 0-based LSP line and UTF-16 character. The
        BOM, when there is one, is a character of line 0 to the editor."""
        index = max(line - 1, 0)
        text = self.line(index)
        units = to_utf16(text, max(col - 1, 0))
        return index, units + (self.bom if index == 0 else 0)

    def offset_position(self, offset: int) -> tuple[int, int]:
        """An offset into the note text (BOM excluded) -> LSP line and character."""
        from bisect import bisect_right

        index = max(bisect_right(self.starts, offset) - 1, 0)
        return self.position(index + 1, offset - self.starts[index] + 1)

    def from_position(self, line: int, character: int) -> tuple[int, int]:
        """LSP line and UTF-16 character -> 1-based line and character column."""
        text = self.line(line)
        units = character - (self.bom if line == 0 else 0)
        return line + 1, from_utf16(text, max(units, 0)) + 1

    def offset(self, line: int, character: int) -> int:
        """LSP line and character -> offset into the note text (BOM excluded)."""
        one_line, col = self.from_position(line, character)
        index = min(one_line - 1, len(self.starts) - 1)
        return self.starts[index] + col - 1
