"""The markdown body of a note as spans over its original text.

Nothing here holds a copy of what it describes beyond what reading needs: every piece records
where it starts and ends in ``Note.text`` (``str`` offsets, BOM excluded), so an edit replaces
one span and leaves every other byte alone.

Line numbers (``line``) are 1-based, as editors show them; offsets are 0-based.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell of a table row."""

    start: int
    """Offset of the cell's trimmed content (for an empty cell: where content would go)."""
    end: int
    """Offset just past the trimmed content."""
    raw_start: int
    """Offset just past the opening pipe (or the row's first character when there is none)."""
    raw_end: int
    """Offset of the closing pipe (or the end of the row's content when there is none)."""
    text: str
    """The cell's markdown, trimmed, exactly as in the source (``\\|`` escapes kept)."""
    virtual: bool = False
    """True for a cell GFM pads onto a short row: it has no text in the file yet."""


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a table: the header, or a body row."""

    line: int
    """1-based line number."""
    start: int
    """Offset of the line's first character (including any ``>`` container prefix)."""
    end: int
    """Offset just past the line's content (before its line ending)."""
    cells: tuple[Cell, ...]
    """Exactly as many cells as the header has: short rows are padded with virtual cells,
    long rows are cut (the extra cells are not part of the table)."""


@dataclass(frozen=True, slots=True)
class Table:
    """A GFM pipe table."""

    header: Row
    delimiter_line: int
    """1-based line number of the ``| --- | :-: |`` row."""
    rows: tuple[Row, ...]
    """Body rows, in order (may be empty)."""
    aligns: tuple[str, ...]
    """Per column: ``""``, ``"left"``, ``"center"`` or ``"right"``."""
    prefix: str
    """The container prefix every line of the table carries (``""`` or e.g. ``"> "``)."""
    start: int
    """Offset of the header line's first character."""
    end: int
    """Offset just past the last row's content."""

    @property
    def line(self) -> int:
        return self.header.line

    @property
    def end_line(self) -> int:
        """1-based line number of the table's last line."""
        return self.rows[-1].line if self.rows else self.delimiter_line


@dataclass(frozen=True, slots=True)
class Heading:
    """An ATX (``## Title ##``) or setext (``Title`` over ``---``) heading."""

    level: int
    line: int
    """1-based line of the heading text (for setext: the text's first line)."""
    start: int
    """Offset of the heading's title text (markup kept, markers and closing hashes excluded)."""
    end: int
    raw: str
    """The title as written: ``**Why** Llama matters``."""
    name: str
    """The title with inline markup stripped and whitespace folded: ``Why Llama matters``."""


@dataclass(frozen=True, slots=True)
class Hidden:
    """A region whose contents are not markdown structure: a fenced code block, an HTML
    comment or an Obsidian ``%% comment %%``."""

    kind: str
    """``"fence"``, ``"html-comment"`` or ``"obsidian-comment"``."""
    line: int
    """1-based first line."""
    end_line: int
    """1-based last line (inclusive)."""


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and everything under it, up to the next heading of the same or a higher level.

    A section includes its subsections; the part before the first heading has ``heading=None``.
    """

    heading: Heading | None
    line: int
    """1-based first line (the heading's)."""
    end_line: int
    """1-based last line, inclusive."""
    tables: tuple[Table, ...]
    """Every table inside the section, subsections included, in order."""


@dataclass(frozen=True, slots=True)
class Body:
    """Everything below the frontmatter."""

    headings: tuple[Heading, ...]
    sections: tuple[Section, ...]
    """One per heading, in document order, plus a leading preamble section (``heading=None``)
    when there is any line before the first heading."""
    tables: tuple[Table, ...]
    hidden: tuple[Hidden, ...]
