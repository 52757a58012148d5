"""GFM pipe-table syntax: how a row splits into cells, what a delimiter row is, escaping.

Pure functions over one line of text. Splitting follows the GFM tables extension (and
cmark-gfm, its reference implementation): rows are split *before* inline parsing, so a bare
``|`` splits a cell even inside a code span, and only a ``|`` directly after a backslash does
not. The leading and trailing pipes are optional; cells are trimmed of spaces and tabs.
"""

from __future__ import annotations

import re
import unicodedata

from scaffold.errors import ValueRefusedError
from scaffold.text import refuse_controls

RawCell = tuple[int, int, int, int, str]
"""``(raw_start, raw_end, start, end, text)``: indices into the split line. ``raw_*`` bound
the text between the pipes; ``start``/``end`` the trimmed content (for an empty cell, both
sit just after the first space of the raw region); ``text`` is the trimmed content."""

_WS = " \t"
_DELIMITER = re.compile(r"\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_ALIGNS = ("", "right", "left", "center")


def row_bounds(line: str, lo: int = 0, hi: int | None = None) -> tuple[int, int, bool, bool]:
    """Where a row's cells lie in ``line[lo:hi]``: ``(lo, hi, leading_pipe, trailing_pipe)``
    with ``lo``/``hi`` just inside the outer pipes (or the trimmed content without them)."""
    segment = line[lo:] if hi is None else line[lo:hi]
    left = segment.lstrip(_WS)
    lo += len(segment) - len(left)
    hi = lo + len(left.rstrip(_WS))
    lead = lo < hi and line[lo] == "|"
    if lead:
        lo += 1
    trail = hi > lo and line[hi - 1] == "|" and (hi - 2 < lo or line[hi - 2] != "\\")
    if trail:
        hi -= 1
    return lo, hi, lead, trail


def split_row(line: str, lo: int = 0, hi: int | None = None) -> list[RawCell]:
    """Split the table row ``line[lo:hi]`` into cells (see :data:`RawCell`).

    A row holding no cell at all (``|`` or ``| |``) gives ``[]``: GFM does not count it as a
    row, so it ends a table.
    """
    lo, hi, lead, trail = row_bounds(line, lo, hi)
    body = line[lo:hi]
    if not body.strip(_WS) and not (lead and trail):
        return []
    pieces = body.split("|")
    if "\\" in body:
        merged: list[str] = []
        for piece in pieces:
            if merged and merged[-1].endswith("\\"):
                merged[-1] += "|" + piece
            else:
                merged.append(piece)
        pieces = merged
    out: list[RawCell] = []
    pos = lo
    for piece in pieces:
        end = pos + len(piece)
        left = piece.lstrip(_WS)
        if left:
            content = left.rstrip(_WS)
            start = end - len(left)
            out.append((pos, end, start, start + len(content), content))
        else:
            at = pos + 1 if piece else pos
            out.append((pos, end, at, at, ""))
        pos = end + 1
    return out


def parse_delimiter(line: str, lo: int = 0, hi: int | None = None) -> tuple[str, ...] | None:
    """The column alignments of the delimiter row ``line[lo:hi]`` (``""``, ``"left"``,
    ``"center"`` or ``"right"`` per column), or ``None`` when it is not a delimiter row."""
    text = line[lo:hi].strip(_WS) if hi is not None else line[lo:].strip(_WS)
    if text.count("-") + text.count("|") == len(text) and "-" in text and "||" not in text:
        # The common ``|---|---|`` form: no colons, no spaces, no empty cells.
        inner = text[1:] if text[0] == "|" else text
        if inner[-1:] == "|":
            inner = inner[:-1]
        return ("",) * (inner.count("|") + 1) if inner else None
    if not text or _DELIMITER.fullmatch(text) is None:
        return None
    if text[0] == "|":
        text = text[1:]
    if text[-1:] == "|":
        text = text[:-1]
    pieces = text.split("|")
    if ":" not in text:
        return ("",) * len(pieces)
    return tuple(
        _ALIGNS[(m[:1] == ":") * 2 + (m[-1:] == ":")] for m in (p.strip(_WS) for p in pieces)
    )


def count_cells(line: str, lo: int = 0) -> int:
    """How many cells :func:`split_row` finds in ``line[lo:]``, without splitting it."""
    text = line[lo:].strip(_WS)
    if not text:
        return 0
    pipes = text.count("|") - text.count("\\|")
    lead = text[0] == "|"
    trail = len(text) > 1 and text[-1] == "|" and text[-2] != "\\"
    if lead and (len(text) == 1 or (not trail and not text[1:].strip(_WS))):
        return 0  # ``|`` or ``|  ``: no cell at all
    return pipes + 1 - lead - trail


def escape_cell(value: str) -> str:
    """``value`` made safe for one table cell: every ``|`` not already escaped becomes ``\\|``.

    An already escaped ``\\|`` stays as it is, so a value copied from the file works too
    (:func:`cell_source` makes writing back what ``get`` returned change nothing). A line
    break cannot live in a cell and is refused.
    """
    if "\n" in value or "\r" in value:
        raise ValueRefusedError(
            "a table cell cannot hold a line break",
            hint="a table cell holds one line; use <br> for a line break",
        )
    if "\x00" in value:
        # A NUL makes the file binary: scaffold (and most editors) would refuse to read it back.
        raise ValueRefusedError(
            "a table cell cannot hold a NUL character", hint="remove the \\x00 from the value"
        )
    refuse_controls(value, "a table cell")
    if "|" not in value:
        return value
    return _UNESCAPED_PIPE.sub(r"\\|", value)


def unescape_cell(text: str) -> str:
    """A cell's source text as a GFM reader sees it: each ``\\|`` is a ``|``, in code spans
    and wikilinks too (the table extension unescapes pipes before inline parsing, left to
    right, so ``\\\\|`` reads as ``\\|``). This is what ``get`` returns for a cell."""
    return text.replace("\\|", "|") if "\\|" in text else text


def cell_source(value: str, old: str | None = None) -> str:
    """The trimmed source text a cell gets for ``value``: ``old`` (the cell's current source)
    when ``value`` is what it already reads as, so setting what ``get`` printed changes
    nothing; otherwise ``value`` escaped (:func:`escape_cell`) and stripped."""
    new = escape_cell(value).strip()
    if old is not None and (new == old or value.strip() == unescape_cell(old)):
        return old
    return new


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospace editor: East Asian wide and fullwidth characters
    count 2, combining marks and zero-width characters 0, everything else 1."""
    if text.isascii():
        return len(text)
    width = 0
    for ch in text:
        if ch < "\u0300":
            width += 1
        elif unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        elif unicodedata.east_asian_width(ch) in ("W", "F"):
            width += 2
        else:
            width += 1
    return width
