"""Bytes in, text out, and back, losing nothing: BOM, line endings, a missing final newline.

Offsets everywhere in scaffold are ``str`` indices into the decoded text *without* its BOM.
Lines end at ``\\n`` (a ``\\r`` before it belongs to the line ending). A lone ``\\r`` is kept as
ordinary content: CommonMark would end a line there, but no vault we have seen uses it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from scaffold.errors import NoteFileError

BOM = "\ufeff"

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Terminal control characters (ESC, BEL, C1, DEL...): never text a note means to hold.
Tab, line feed and carriage return are layout, not control, and are not matched."""


def control_characters(text: str) -> list[tuple[int, str]]:
    """Each control character in ``text``: its offset and the character."""
    return [(m.start(), m.group()) for m in _CONTROL.finditer(text)]


def refuse_controls(value: str, what: str = "a value") -> None:
    """Raise :class:`~scaffold.errors.ValueRefusedError` when ``value`` holds a control
    character: written into a note it would garble every terminal that shows the note."""
    found = control_characters(value)
    if found:
        from scaffold.errors import ValueRefusedError

        shown = ", ".join(sorted({f"\\x{ord(ch):02x}" for _, ch in found}))
        raise ValueRefusedError(
            f"{what} cannot hold the terminal control character(s) {shown}",
            hint="remove them from the input (a stray ESC or BEL is often left by a copied "
            "terminal line)",
        )


def escape_controls(text: str) -> str:
    """``text`` with each control character shown as ``\\xNN``, so printing it cannot move a
    terminal's cursor, change its colours or ring its bell."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


@dataclass(frozen=True, slots=True)
class Lines:
    """Every line of a text, by position. ``content[i]`` excludes the line ending."""

    starts: tuple[int, ...]
    """Offset of the first character of each line."""
    content: tuple[str, ...]
    """Each line's text without its ``\\n`` or ``\\r\\n``."""
    eols: tuple[str, ...]
    """Each line's ending: ``"\\n"``, ``"\\r\\n"`` or ``""`` (the last line, unterminated)."""

    def __len__(self) -> int:
        return len(self.content)

    def end(self, index: int) -> int:
        """Offset just past line ``index``'s content (before its ending)."""
        return self.starts[index] + len(self.content[index])

    def next_start(self, index: int) -> int:
        """Offset just past line ``index``'s ending."""
        return self.end(index) + len(self.eols[index])

    def line_of(self, offset: int) -> int:
        """0-based index of the line holding ``offset``."""
        from bisect import bisect_right

        return max(0, bisect_right(self.starts, offset) - 1)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of ``offset``; ``(1, 1)`` in an empty
        text. The one such helper: editors, ``where``, ``check`` and errors count this way."""
        if not self.starts:
            return 1, 1
        index = self.line_of(offset)
        return index + 1, offset - self.starts[index] + 1

    def dominant_eol(self) -> str:
        """The ending most lines use (``"\\n"`` when there is none)."""
        crlf = sum(1 for e in self.eols if e == "\r\n")
        lf = sum(1 for e in self.eols if e == "\n")
        return "\r\n" if crlf > lf else "\n"


def split_lines(text: str) -> Lines:
    """Split ``text`` into lines, keeping every ending so the text can be rebuilt exactly.

    A text ending in ``\\n`` has no empty last line: ``"a\\n"`` is one line.
    """
    pieces = text.split("\n")
    last = pieces.pop()
    # Offsets before stripping any \r: each piece is followed by its \n.
    starts = list(accumulate([len(p) + 1 for p in pieces], initial=0))
    if "\r" in text:
        content = [p[:-1] if p.endswith("\r") else p for p in pieces]
        eols = ["\r\n" if p.endswith("\r") else "\n" for p in pieces]
    else:  # the common case, without a per-line test
        content = pieces
        eols = ["\n"] * len(pieces)
    if last:
        content.append(last)
        eols.append("")
    else:
        starts.pop()
    return Lines(tuple(starts), tuple(content), tuple(eols))


_WIDE_BOMS = (  # UTF-32 first: its little-endian mark begins with UTF-16's
    (b"\xff\xfe\x00\x00", "UTF-32LE"),
    (b"\x00\x00\xfe\xff", "UTF-32BE"),
    (b"\xff\xfe", "UTF-16LE"),
    (b"\xfe\xff", "UTF-16BE"),
)


def decode(data: bytes, path: str | Path | None = None) -> tuple[str, bool]:
    """Decode a note's bytes. Returns ``(text_without_bom, had_bom)``.

    Refuses binary data (a NUL byte) and anything that is not UTF-8, naming the line and
    column of the first bad byte, because silently guessing an encoding would corrupt the
    file on write.
    """
    for bom, name in _WIDE_BOMS:
        if data.startswith(bom):
            raise NoteFileError(
                f"this note is {name} text; scaffold reads notes as UTF-8",
                path=path,
                line=1,
                col=1,
                hint=f"re-save the file as UTF-8, e.g. `iconv -f {name[:6]} -t UTF-8`",
            )
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise NoteFileError(
            "this is a binary file, not a markdown note",
            path=path,
            line=line,
            hint="point scaffold at a .md file",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise NoteFileError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x})",
            path=path,
            line=line,
            col=col,
            hint="re-save the file as UTF-8, e.g. `iconv -f latin1 -t utf-8`",
        ) from None
    if text.startswith(BOM):
        return text[1:], True
    return text, False


def encode(text: str, bom: bool) -> bytes:
    """The inverse of :func:`decode`."""
    return ((BOM if bom else "") + text).encode("utf-8")
