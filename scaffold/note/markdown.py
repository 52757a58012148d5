"""The body scanner: headings, sections, GFM tables and hidden regions, as spans.

A purpose-built line scanner, not a full CommonMark parser: it follows CommonMark/GFM for
what decides where headings and tables are (paragraph continuation, setext underlines,
block starts that end a table, fenced code, HTML blocks, block quotes, list items) and skips
the rest. It runs twice per edit (find, then verify), so every line is dispatched on its
first non-space character and only table lines are split into cells. :func:`scan_body`
looks at one line at a time; blocks that span lines (fenced code, comments, HTML blocks,
a table's rows) are consumed whole by helpers that return the line after them.

Not supported, by design: tables and headings inside list items (they are list content), and
headings inside block quotes or callouts (they do not start note sections). Tables inside
block quotes and callouts are found, with their ``>`` prefix recorded.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import fields as dataclass_fields
from typing import Any

from scaffold.note.inline import strip_markup
from scaffold.note.model import Body, Cell, Heading, Hidden, Row, Section, Table
from scaffold.note.tables import count_cells, parse_delimiter, row_bounds, split_row
from scaffold.text import Lines

_WS = " \t"

# HTML block starts (CommonMark 4.6). Types 1-5 end at a marker, 6 and 7 at a blank line.
_HTML_1 = re.compile(r"<(?:script|pre|style|textarea)(?:[ \t>]|$)", re.IGNORECASE)
_HTML_1_END = re.compile(r"</(?:script|pre|style|textarea)>", re.IGNORECASE)
_HTML_6 = re.compile(
    r"</?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd"
    r"|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset"
    r"|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol"
    r"|optgroup|option|p|param|section|source|summary|table|tbody|td|tfoot|th|thead|title|tr"
    r"|track|ul)(?:[ \t>]|/>|$)",
    re.IGNORECASE,
)
_HTML_7 = re.compile(
    r"(?:<[A-Za-z][A-Za-z0-9-]*"
    r"(?:[ \t]+[A-Za-z_:][\w.:-]*(?:[ \t]*=[ \t]*(?:[^ \t\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*"
    r"[ \t]*/?>|</[A-Za-z][A-Za-z0-9-]*[ \t]*>)[ \t]*"
)
_HTML_7_EXCLUDED = re.compile(r"</?(?:script|style|pre|textarea)\b", re.IGNORECASE)
_ORDERED = re.compile(r"([0-9]{1,9})[.)](?:[ \t]|$)")


# First characters that may start something other than a plain paragraph line.
_SPECIAL = frozenset(" \t#`~<%=-*_+>|:0123456789")
# After ``- ``, these may make the line a thematic break or change the content column.
_BLANK_OR_HASH = frozenset(("", " ", "\t", "#"))
_NOT_SIBLING = frozenset(("", " ", "\t", "-", "*", "_"))
# First characters of a line that is indented or in a block quote.
_NESTED = frozenset((" ", "\t", ">"))
# What a thematic break made of each marker may hold.
_BREAK_CHARS = {"-": " \t-", "*": " \t*", "_": " \t_"}


def scan_body(text: str, lines: Lines, first: int, *, eager: bool = False) -> Body:
    """Find the headings, sections, tables and hidden regions of a note's body.

    ``lines`` is ``split_lines(text)`` of the whole note and ``first`` the 0-based index of
    the first line after the frontmatter (0 when there is none). Every span in the result
    is an offset into ``text``. Tables split their rows into cells, and the body groups its
    sections, on first access; ``eager`` builds everything up front, as plain model objects
    (tests compare the two).
    """
    content = lines.content
    starts = lines.starts
    n = len(content)
    make_heading = Heading if eager else _fast_heading
    make_table = _eager_table if eager else _lazy_table

    headings: list[Heading] = []
    heading_index: list[int] = []  # 0-based line of each heading
    hidden: list[Hidden] = []
    tables: list[Table] = []

    # The open paragraph: its first line (-1: no paragraph is open) and the block quote depth
    # it opened at; the depth and text offset of its latest line (a lazy continuation line
    # has a smaller depth). The last two are written before they are read, so a closed
    # paragraph needs only ``para_line = -1``.
    para_line = -1
    para_depth = para_last_depth = para_last_offset = 0
    # The open list item: its block quote depth and the column its content starts at (lines
    # indented that far belong to it), and whether a blank line came since its last line.
    # See _list_continues for the rule.
    in_list = list_after_blank = False
    list_depth = list_content_col = 0

    i = first
    while i < n:
        line = content[i]
        if not line:  # blank
            para_line = -1
            list_after_blank = True
            i += 1
            continue

        lead_char = line[0]
        if lead_char not in _SPECIAL and not in_list:
            # A plain paragraph line (or a lazy continuation of a quoted one): the commonest
            # kind outside tables.
            if "%%" in line and line.count("%%") % 2:
                para_line = -1
                i = _comment(content, i, hidden)
                continue
            if para_line < 0:
                para_line = i
                para_depth = 0
            para_last_depth = para_last_offset = 0
            i += 1
            continue

        # -- indentation and block quote markers ------------------------------------------
        # ``rest``: the line after its indentation and quote markers, starting at ``offset``,
        # indented ``indent`` columns inside ``depth`` block quotes.
        if lead_char == " " or lead_char == "\t" or lead_char == ">":
            rest, offset, indent, depth, lead_indent = _nesting(line)
            if not rest and not depth:  # blank
                para_line = -1
                list_after_blank = True
                i += 1
                continue
            if in_list and list_depth == 0 and lead_indent >= list_content_col:
                # Indented into a top-level list item: its content, whatever follows (the
                # commonest case of _list_continues, decided before reading quote markers).
                list_after_blank = False
                i += 1
                continue
            if not rest:  # a blank line inside a block quote
                para_line = -1
                if in_list and depth <= list_depth:
                    list_after_blank = True
                i += 1
                continue
        else:
            rest = line
            offset = indent = depth = 0
        ch = rest[0]

        # -- list content, and lazy continuation of a list item's paragraph ---------------
        if in_list:
            col = _list_continues(
                rest, ch, indent, depth, list_depth, list_content_col, list_after_blank
            )
            if col is not None:
                list_content_col = col
                list_after_blank = False
                i += 1
                continue
            in_list = False

        # -- a paragraph across containers -------------------------------------------------
        if para_line >= 0 and depth != para_depth:
            if depth > para_depth or _starts_block(rest, ch, True) or rest[:2] == "%%":
                para_line = -1
            else:  # a lazy continuation line
                para_last_depth = depth
                para_last_offset = offset
                i += 1
                continue

        if indent >= 4:
            if para_line >= 0:  # indented text continues a paragraph; otherwise it is code
                para_last_depth = depth
                para_last_offset = offset
            i += 1
            continue

        # -- block starts, dispatched on the first character -------------------------------
        item_col = 0  # set when the line opens a list item: where its content starts
        if ch == "|":
            pass  # a table line or paragraph text: no block starts with a pipe
        elif ch == "#":
            atx = _atx(rest)
            if atx is not None:
                para_line = -1
                if depth == 0:  # headings in block quotes do not start note sections
                    level, a, b = atx
                    base = starts[i] + offset
                    raw = text[base + a : base + b]
                    headings.append(
                        make_heading(level, i + 1, base + a, base + b, raw, strip_markup(raw))
                    )
                    heading_index.append(i)
                i += 1
                continue
        elif ch == "`" or ch == "~":
            opener = _fence(rest, ch)
            if opener:
                para_line = -1
                i = _fenced_code(content, i, opener, depth, hidden)
                continue
        elif ch == "<":
            html_end = _html_start(rest, para_line < 0)
            if html_end is not None:
                para_line = -1
                i = _html_block(content, i, rest, html_end, hidden)
                continue
        elif ch == "%":
            if rest[1:2] == "%":
                para_line = -1
                if rest.count("%%") % 2:
                    i = _comment(content, i, hidden)
                else:  # opened and closed on this line
                    hidden.append(Hidden("obsidian-comment", i + 1, i + 1))
                    i += 1
                continue
        elif ch == "=":
            if para_line >= 0 and para_last_depth == depth and not rest.rstrip(_WS).lstrip("="):
                if depth == 0:
                    _setext(text, lines, headings, heading_index, para_line, i, 1, make_heading)
                para_line = -1
                i += 1
                continue
        elif (ch == "-" or ch == "*" or ch == "_" or ch == "+") and (
            rest[1:2] in _BLANK_OR_HASH
            or (rest[1:2] == ch and ch != "+" and rest[2:3] in _BREAK_CHARS[ch])
        ):
            # Only ``-`` + blank (list item) or a run of the marker (break, underline) matter:
            # ``**bold**`` and ``--x`` text skip all of this.
            if (
                ch == "-"
                and para_line >= 0
                and para_last_depth == depth
                and not rest.rstrip(_WS).lstrip("-")
            ):
                if depth == 0:
                    _setext(text, lines, headings, heading_index, para_line, i, 2, make_heading)
                para_line = -1
                i += 1
                continue
            if ch != "+" and _thematic(rest, ch):
                para_line = -1
                i += 1
                continue
            if ch != "_":
                item_col = _bullet(rest)
                if item_col and para_line >= 0 and item_col >= len(rest.rstrip(_WS)):
                    item_col = 0  # an empty item does not interrupt a paragraph
        elif "0" <= ch <= "9":
            item_col = _ordered(rest, para_line >= 0)
        if item_col:  # the line opens a list item
            para_line = -1
            in_list, list_depth, list_after_blank = True, depth, False
            list_content_col = indent + item_col
            i += 1
            continue

        # -- a delimiter row under a paragraph line makes that line a table header ---------
        if para_line >= 0 and para_last_depth == depth and (ch == "|" or ch == "-" or ch == ":"):
            aligns = parse_delimiter(rest) if "-" in rest else None
            if aligns is not None and count_cells(content[i - 1], para_last_offset) == len(aligns):
                para_line = -1
                header = i - 1
                i, offsets = _table_rows(content, i + 1, depth)
                tables.append(make_table(lines, header, para_last_offset, i, offsets, aligns))
                continue

        # -- an Obsidian comment opened mid-line hides the lines after it -----------------
        if "%%" in rest and rest.count("%%") % 2:
            para_line = -1
            i = _comment(content, i, hidden)
            continue

        # -- anything else is paragraph text ----------------------------------------------
        if para_line < 0:
            para_line = i
            para_depth = depth
        para_last_depth = depth
        para_last_offset = offset
        i += 1

    return _body(content, first, headings, heading_index, tables, hidden, eager)


def _list_continues(
    rest: str,
    ch: str,
    indent: int,
    depth: int,
    list_depth: int,
    content_col: int,
    after_blank: bool,
) -> int | None:
    """Whether a line belongs to the open list item, whose content starts at column
    ``content_col`` inside ``list_depth`` block quotes (``after_blank``: a blank line came
    since the item's last line). The line is ``rest`` (first character ``ch``), indented
    ``indent`` columns inside ``depth`` block quotes.

    It belongs to the list when it is the next item of the same list (``- text``), when it is
    indented to the content column, or, with no blank line since, when it is a lazy
    continuation of the item's paragraph (a line that starts no block). Returns the content
    column of the item it belongs to (the next item's own), or None when it ends the list.
    """
    if (
        (ch == "-" or ch == "*" or ch == "+")
        and rest[1:2] == " "
        and rest[2:3] not in _NOT_SIBLING
        and depth == list_depth
        and indent < 4
    ):
        return indent + 2  # the next item of the same list: the commonest list line
    if depth == list_depth and indent >= content_col:
        return content_col
    if (
        not after_blank
        and depth <= list_depth
        and (indent >= 4 or not _starts_block(rest, ch, True))
    ):
        return content_col
    return None


# -- blocks consumed whole: each takes the index of its first line and returns the next line's --


def _table_rows(content: tuple[str, ...], i: int, depth: int) -> tuple[int, list[int] | None]:
    """Where the body rows of a table at container ``depth`` end, the first possible row being
    line ``i``: ``(index of the line after the table, offset of each row's text)``; the
    offsets are ``None`` when every row starts at its line's first character.

    A table continues with any line that does not start another block (GFM), up to a blank
    line or a change of container.
    """
    n = len(content)
    top = i
    if depth == 0:
        # The fast path: rows that start with a pipe cannot start any other block.
        while i < n:
            row = content[i]
            if row[:1] != "|" or row.rstrip(_WS) == "|":
                break
            i += 1
    offsets: list[int] | None = None
    while i < n:
        line = content[i]
        if line[:1] in _NESTED:
            s, off, ind, row_depth, _ = _nesting(line)
        else:
            s, off, ind, row_depth = line, 0, 0, 0
        if not s:
            break
        ch = s[0]
        if (
            row_depth != depth
            or ind >= 4
            or (ch != "|" and _starts_block(s, ch, False))
            or s.rstrip(_WS) == "|"  # a row with no cell at all
        ):
            break
        if offsets is None:
            offsets = [0] * (i - top)
        offsets.append(off)
        i += 1
    return i, offsets


def _fenced_code(
    content: tuple[str, ...], i: int, fence: str, depth: int, hidden: list[Hidden]
) -> int:
    """Skip the fenced code block opened by ``fence`` on line ``i`` inside ``depth`` block
    quotes. It ends after its closing fence, before the line that ends its block quote, or
    at the end of the note."""
    n = len(content)
    marker = fence[0]
    j = i + 1
    while j < n:
        line = content[j]
        at = _strip_quotes(line, depth) if depth else 0
        if at < 0:  # the block quote holding the fence ended: that line is not code
            break
        s = line[at:].lstrip(" ")
        j += 1
        if (
            s[:1] == marker
            and len(line) - at - len(s) < 4
            and s.startswith(fence)
            and not s.rstrip(_WS).lstrip(marker)
        ):
            break
    hidden.append(Hidden("fence", i + 1, j))
    return j


def _comment(content: tuple[str, ...], i: int, hidden: list[Hidden]) -> int:
    """Skip the Obsidian comment left open on line ``i``: it ends on the next line holding
    ``%%``, or at the end of the note."""
    n = len(content)
    j = i + 1
    while j < n and "%%" not in content[j]:
        j += 1
    end = j + 1 if j < n else n
    hidden.append(Hidden("obsidian-comment", i + 1, end))
    return end


def _html_block(
    content: tuple[str, ...],
    i: int,
    s: str,
    end: re.Pattern[str] | str,
    hidden: list[Hidden],
) -> int:
    """Skip the HTML block starting on line ``i`` (``s``: the line after its containers),
    which ends as :func:`_html_start` said. HTML comments are recorded as hidden regions."""
    n = len(content)
    comment = s.startswith("<!--")
    # The end marker may close the block on its first line, but not inside the opener.
    opener_rest = s[4 if comment else 2 :] if isinstance(end, str) else s
    j = i + 1
    if not (end and _html_ends(end, opener_rest)):
        while j < n and not _html_ends(end, content[j]):
            j += 1
        j = j + 1 if j < n else n
    if comment:
        hidden.append(Hidden("html-comment", i + 1, j))
    return j


def _html_ends(end: re.Pattern[str] | str, line: str) -> bool:
    """Whether ``line`` ends an HTML block that ends at ``end`` (``""``: a blank line)."""
    if isinstance(end, str):
        return end in line if end else not line.strip(_WS)
    return end.search(line) is not None


def _setext(
    text: str,
    lines: Lines,
    headings: list[Heading],
    heading_index: list[int],
    para: int,
    underline: int,
    level: int,
    make_heading: Callable[[int, int, int, int, str, str], Heading],
) -> None:
    """Record the setext heading made of paragraph lines ``para`` .. ``underline - 1``."""
    first_line = lines.content[para]
    start = lines.starts[para] + len(first_line) - len(first_line.lstrip(_WS))
    last = underline - 1
    end = lines.starts[last] + len(lines.content[last].rstrip(_WS))
    raw = text[start:end]
    headings.append(make_heading(level, para + 1, start, end, raw, strip_markup(raw)))
    heading_index.append(para)


def _sections(
    content: tuple[str, ...],
    first: int,
    headings: Sequence[Heading],
    heading_index: list[int],
    tables: Sequence[Table],
    eager: bool,
) -> tuple[Section, ...]:
    """One section per heading (up to the next of the same or a higher level), plus the
    preamble before the first heading when it holds anything."""
    make_section = Section if eager else _fast_section
    n = len(content)
    sections: list[Section] = []
    header_lines = [t.delimiter_line - 1 for t in tables]  # 1-based, in order
    top = heading_index[0] if heading_index else n
    for j in range(first, top):
        if content[j].strip():
            inside = tuple(tables[: bisect_right(header_lines, top)])
            sections.append(make_section(None, first + 1, top, inside))
            break
    # A section ends on the line before the next heading of the same or a higher level.
    levels = [h.level for h in headings]
    ends = [n] * len(headings)
    open_: list[int] = []
    for k, level in enumerate(levels):
        while open_ and levels[open_[-1]] >= level:
            ends[open_.pop()] = heading_index[k]
        open_.append(k)
    lo = 0  # the first table at or below the current heading (headings come in order)
    count = len(header_lines)
    for heading, index, end in zip(headings, heading_index, ends, strict=True):
        while lo < count and header_lines[lo] <= index:
            lo += 1
        inside = tuple(tables[lo : bisect_right(header_lines, end, lo)]) if lo < count else ()
        sections.append(make_section(heading, index + 1, end, inside))
    return tuple(sections)


# -- building the model fast ---------------------------------------------------------------
#
# A frozen dataclass's __init__ sets each field through object.__setattr__; setting the slots
# directly is about twice as fast (0.4 against 0.7 us a Cell or Heading), which matters for
# the ~40 objects every scan builds and the cells of the table an edit reads. The _fast_*
# constructors below do that, through each field's slot setter, named after the field.

_new = object.__new__


def _same_fields(cls: type, names: tuple[str, ...]) -> bool:
    return tuple(f.name for f in dataclass_fields(cls)) == names


if not (
    _same_fields(Cell, ("start", "end", "raw_start", "raw_end", "text", "virtual"))
    and _same_fields(Heading, ("level", "line", "start", "end", "raw", "name"))
    and _same_fields(Section, ("heading", "line", "end_line", "tables"))
    and _same_fields(Row, ("line", "start", "end", "cells"))
    and _same_fields(
        Table, ("header", "delimiter_line", "rows", "aligns", "prefix", "start", "end")
    )
    and _same_fields(Body, ("headings", "sections", "tables", "hidden"))
):  # pragma: no cover - a guard for whoever changes the model
    raise TypeError("the body model's fields changed: update the slot setters in " + __name__)


def _slot_setter(cls: type, name: str) -> Callable[[Any, Any], None]:
    """The setter of slot ``name`` of ``cls``; it bypasses a frozen dataclass's __setattr__."""
    setter: Callable[[Any, Any], None] = getattr(cls, name).__set__
    return setter


_set_body_headings = _slot_setter(Body, "headings")
_set_body_tables = _slot_setter(Body, "tables")
_set_body_hidden = _slot_setter(Body, "hidden")
_set_row_line = _slot_setter(Row, "line")
_set_row_start = _slot_setter(Row, "start")
_set_row_end = _slot_setter(Row, "end")
_set_row_cells = _slot_setter(Row, "cells")
_set_section_heading = _slot_setter(Section, "heading")
_set_section_line = _slot_setter(Section, "line")
_set_section_end_line = _slot_setter(Section, "end_line")
_set_section_tables = _slot_setter(Section, "tables")
_set_table_delimiter_line = _slot_setter(Table, "delimiter_line")
_set_table_aligns = _slot_setter(Table, "aligns")
_set_table_prefix = _slot_setter(Table, "prefix")
_set_table_start = _slot_setter(Table, "start")
_set_table_end = _slot_setter(Table, "end")
_set_cell_start = _slot_setter(Cell, "start")
_set_cell_end = _slot_setter(Cell, "end")
_set_cell_raw_start = _slot_setter(Cell, "raw_start")
_set_cell_raw_end = _slot_setter(Cell, "raw_end")
_set_cell_text = _slot_setter(Cell, "text")
_set_cell_virtual = _slot_setter(Cell, "virtual")
_set_heading_level = _slot_setter(Heading, "level")
_set_heading_line = _slot_setter(Heading, "line")
_set_heading_start = _slot_setter(Heading, "start")
_set_heading_end = _slot_setter(Heading, "end")
_set_heading_raw = _slot_setter(Heading, "raw")
_set_heading_name = _slot_setter(Heading, "name")


def _fast_cell(start: int, end: int, raw_start: int, raw_end: int, text: str) -> Cell:
    """``Cell(start, end, raw_start, raw_end, text)``, built fast."""
    cell: Cell = _new(Cell)
    _set_cell_start(cell, start)
    _set_cell_end(cell, end)
    _set_cell_raw_start(cell, raw_start)
    _set_cell_raw_end(cell, raw_end)
    _set_cell_text(cell, text)
    _set_cell_virtual(cell, False)
    return cell


def _fast_section(
    heading: Heading | None, line: int, end_line: int, tables: tuple[Table, ...]
) -> Section:
    """``Section(heading, line, end_line, tables)``, built fast."""
    section: Section = _new(Section)
    _set_section_heading(section, heading)
    _set_section_line(section, line)
    _set_section_end_line(section, end_line)
    _set_section_tables(section, tables)
    return section


def _fast_heading(level: int, line: int, start: int, end: int, raw: str, name: str) -> Heading:
    """``Heading(level, line, start, end, raw, name)``, built fast."""
    heading: Heading = _new(Heading)
    _set_heading_level(heading, level)
    _set_heading_line(heading, line)
    _set_heading_start(heading, start)
    _set_heading_end(heading, end)
    _set_heading_raw(heading, raw)
    _set_heading_name(heading, name)
    return heading


def _fast_row(line: int, start: int, end: int, cells: tuple[Cell, ...]) -> Row:
    """``Row(line, start, end, cells)``, built fast."""
    row: Row = _new(Row)
    _set_row_line(row, line)
    _set_row_start(row, start)
    _set_row_end(row, end)
    _set_row_cells(row, cells)
    return row


class _LazyBody(Body):
    """A :class:`Body` whose sections are grouped on first access.

    Sections are a grouping of the headings and tables the scan found; only address lookup
    reads them, so the re-parse that verifies an edit never pays for them. To everything
    else this is a Body (``dataclasses.replace`` and pickling give fully built ones).
    """

    __slots__ = ("_source",)

    def __repr__(self) -> str:
        return "Body" + Body.__repr__(self).removeprefix(type(self).__name__)

    def __getattr__(self, name: str) -> object:
        # Reached only while the sections slot is still unset.
        if name != "sections":
            raise AttributeError(name)
        content, first, heading_index = object.__getattribute__(self, "_source")
        sections = _sections(content, first, self.headings, heading_index, self.tables, False)
        object.__setattr__(self, "sections", sections)
        return sections


_set_body_source = _slot_setter(_LazyBody, "_source")


def _body(
    content: tuple[str, ...],
    first: int,
    headings: list[Heading],
    heading_index: list[int],
    tables: list[Table],
    hidden: list[Hidden],
    eager: bool,
) -> Body:
    if eager:
        return Body(
            tuple(headings),
            _sections(content, first, headings, heading_index, tables, True),
            tuple(tables),
            tuple(hidden),
        )
    body: Body = _new(_LazyBody)
    _set_body_source(body, (content, first, heading_index))
    _set_body_headings(body, tuple(headings))
    _set_body_tables(body, tuple(tables))
    _set_body_hidden(body, tuple(hidden))
    return body


class _LazyTable(Table):
    """A :class:`Table` whose header and rows are split into cells on first access.

    Most operations read one table of a note, so splitting every row of every table up
    front would be most of a scan's cost. Only the scanner creates these; to everything
    else they are Tables (``dataclasses.replace`` and pickling give fully built ones).
    """

    __slots__ = ("_source",)

    def __repr__(self) -> str:
        return "Table" + Table.__repr__(self).removeprefix(type(self).__name__)

    def __getattr__(self, name: str) -> object:
        # Reached only while the header/rows slots are still unset.
        if name != "header" and name != "rows":
            raise AttributeError(name)
        header, rows = _build_rows(*object.__getattribute__(self, "_source"), eager=False)
        object.__setattr__(self, "header", header)
        object.__setattr__(self, "rows", rows)
        return object.__getattribute__(self, name)


_set_table_source = _slot_setter(_LazyTable, "_source")


def _lazy_table(
    lines: Lines,
    header: int,
    header_off: int,
    end: int,
    offsets: list[int] | None,
    aligns: tuple[str, ...],
) -> Table:
    """The table whose header is line ``header`` (its text at ``header_off``) and whose body
    rows run up to line ``end`` (see :func:`_table_rows` for ``offsets``); its rows are split
    into cells on first access."""
    content = lines.content
    last = end - 1  # the delimiter row when there is no body row
    table: Table = _new(_LazyTable)
    _set_table_source(table, (lines, header, header_off, end, offsets, len(aligns)))
    _set_table_delimiter_line(table, header + 2)
    _set_table_aligns(table, aligns)
    _set_table_prefix(table, _table_prefix(content[header], header_off))
    _set_table_start(table, lines.starts[header])
    _set_table_end(table, lines.starts[last] + len(content[last]))
    return table


def _eager_table(
    lines: Lines,
    header: int,
    header_off: int,
    end: int,
    offsets: list[int] | None,
    aligns: tuple[str, ...],
) -> Table:
    """The same table as :func:`_lazy_table`, built whole as a plain :class:`Table`."""
    content = lines.content
    last = end - 1
    head, rows = _build_rows(lines, header, header_off, end, offsets, len(aligns), eager=True)
    prefix = _table_prefix(content[header], header_off)
    return Table(
        head,
        header + 2,
        rows,
        aligns,
        prefix,
        lines.starts[header],
        lines.starts[last] + len(content[last]),
    )


def _table_prefix(head_line: str, header_off: int) -> str:
    """The container prefix (``> ``) of a table whose header text starts at ``header_off``."""
    return head_line[: _quotes(head_line)[1]] if header_off and ">" in head_line else ""


def _build_rows(
    lines: Lines,
    header: int,
    header_off: int,
    end: int,
    offsets: list[int] | None,
    cols: int,
    *,
    eager: bool,
) -> tuple[Row, tuple[Row, ...]]:
    """A table's header row and body rows, split into cells."""
    head = _row(lines, header, header_off, cols, eager)
    body = range(header + 2, end)
    if offsets is None:
        return head, tuple([_row(lines, i, 0, cols, eager) for i in body])
    return head, tuple(
        [_row(lines, i, off, cols, eager) for i, off in zip(body, offsets, strict=True)]
    )


def _row(lines: Lines, index: int, off: int, cols: int, eager: bool) -> Row:
    """The row on line ``index`` (its cells start at ``off``), padded or cut to ``cols``."""
    line = lines.content[index]
    base = lines.starts[index]
    if eager:
        cells = [
            Cell(base + c, base + d, base + a, base + b, t)
            for a, b, c, d, t in split_row(line, off)
        ]
    else:
        cells = []
        for a, b, c, d, t in split_row(line, off):
            # _fast_cell, inlined: this loop runs for every cell an edit reads.
            cell = _new(Cell)
            _set_cell_start(cell, base + c)
            _set_cell_end(cell, base + d)
            _set_cell_raw_start(cell, base + a)
            _set_cell_raw_end(cell, base + b)
            _set_cell_text(cell, t)
            _set_cell_virtual(cell, False)
            cells.append(cell)
    del cells[cols:]
    if len(cells) < cols:
        # GFM pads a short row with empty cells; they live where text would be appended:
        # before the trailing pipe when there is one, else at the end of the row.
        at = base + row_bounds(line, off)[1]
        virtual = Cell(at, at, at, at, "", True)
        cells.extend([virtual] * (cols - len(cells)))
    if eager:
        return Row(index + 1, base, base + len(line), tuple(cells))
    return _fast_row(index + 1, base, base + len(line), tuple(cells))


# -- line classifiers -----------------------------------------------------------------------


def _quotes(line: str) -> tuple[int, int]:
    """``(depth, prefix_length)`` of the block quote markers starting ``line``."""
    depth = 0
    pos = 0
    size = len(line)
    while True:
        j = pos
        while j < size and j - pos < 3 and line[j] == " ":
            j += 1
        if j < size and line[j] == ">":
            depth += 1
            pos = j + 1
            if pos < size and line[pos] in _WS:
                pos += 1
        else:
            return depth, pos


def _strip_quotes(line: str, depth: int) -> int:
    """Offset just past ``depth`` block quote markers, or -1 when the line has fewer."""
    pos = 0
    size = len(line)
    for _ in range(depth):
        j = pos
        while j < size and j - pos < 3 and line[j] == " ":
            j += 1
        if j >= size or line[j] != ">":
            return -1
        pos = j + 1
        if pos < size and line[pos] in _WS:
            pos += 1
    return pos


def _nesting(line: str) -> tuple[str, int, int, int, int]:
    """How ``line`` (starting with a space, tab or ``>``) is nested: ``(text, offset of the
    text, its indentation in columns, block quote depth, indentation before any quote
    marker)``. ``text`` is ``""`` for a blank line, quoted or not."""
    s = line.lstrip(_WS)
    off = len(line) - len(s)
    lead = _width(line[:off]) if off else 0
    if s[:1] != ">" or lead >= 4:
        return s, off, lead, 0, lead
    depth, pfx = _quotes(line)
    s = line[pfx:].lstrip(_WS)
    off = len(line) - len(s)
    return s, off, _width(line[pfx:off]), depth, lead


def _width(indent: str) -> int:
    """Columns taken by the spaces and tabs ``indent`` (tab stops every 4 columns)."""
    return len(indent) if "\t" not in indent else len(indent.expandtabs(4))


def _atx(s: str) -> tuple[int, int, int] | None:
    """``(level, title_start, title_end)`` of an ATX heading line ``s`` (no indentation)."""
    hashes = len(s) - len(s.lstrip("#"))
    if (
        hashes < 7
        and s[hashes : hashes + 1] == " "
        and s[hashes + 1 : hashes + 2] not in _BLANK_OR_HASH
        and s[-1] not in _BLANK_OR_HASH
    ):
        return hashes, hashes + 1, len(s)  # the common ``## Title``
    if hashes > 6:
        return None
    t = s.rstrip(_WS)
    if hashes < len(t) and t[hashes] not in _WS:
        return None  # ``#tag``, ``#5``: not a heading
    a = hashes
    while a < len(t) and t[a] in _WS:
        a += 1
    b = len(t)
    if b > a and t[b - 1] == "#":
        k = len(t.rstrip("#"))
        if k <= a:
            b = a  # the title is only a closing sequence: an empty heading
        elif t[k - 1] in _WS:
            b = len(t[:k].rstrip(_WS))
    return hashes, a, b


def _fence(s: str, ch: str) -> str:
    """The opening fence (e.g. ``````` `` ```` ``) when ``s`` opens a fenced code block."""
    size = len(s) - len(s.lstrip(ch))
    if size < 3:
        return ""
    if ch == "`" and "`" in s[size:]:
        return ""
    return s[:size]


def _html_start(s: str, may_be_type7: bool) -> re.Pattern[str] | str | None:
    """How an HTML block starting with ``s`` ends, or ``None`` when ``s`` does not start one:
    a marker string, ``""`` for a blank line, or a pattern."""
    if s.startswith("<!--"):
        return "-->"
    if s.startswith("<?"):
        return "?>"
    if s.startswith("<![CDATA["):
        return "]]>"
    if s.startswith("<!") and s[2:3].isalpha():
        return ">"
    if _HTML_1.match(s):
        return _HTML_1_END
    if _HTML_6.match(s):
        return ""
    if may_be_type7 and _HTML_7.fullmatch(s) and not _HTML_7_EXCLUDED.match(s):
        return ""
    return None


def _thematic(s: str, ch: str) -> bool:
    """Whether ``s`` is a thematic break (``---``, ``* * *``, ``___``)."""
    if s[1:3].strip(_BREAK_CHARS[ch]):
        return False  # the quick answer for list items (``- text``)
    t = s.replace(" ", "").replace("\t", "")
    return len(t) >= 3 and not t.lstrip(ch)


def _bullet(s: str) -> int:
    """The content offset of a bullet list item ``s`` (``- x``), or 0 when it is not one."""
    if len(s) == 1:
        return 2
    if s[1] not in _WS:
        return 0
    rest = s[1:]
    spaces = len(rest) - len(rest.lstrip(" "))
    if not rest.strip(_WS) or spaces > 4:
        return 2
    return 1 + spaces


def _ordered(s: str, in_paragraph: bool) -> int:
    """The content offset of an ordered list item ``s`` (``1. x``), or 0. Inside a
    paragraph only a non-empty item numbered 1 starts a list (CommonMark 5.2)."""
    m = _ORDERED.match(s)
    if m is None:
        return 0
    width = len(m.group(1)) + 1
    rest = s[width:]
    if in_paragraph and (m.group(1) != "1" or not rest.strip(_WS)):
        return 0
    spaces = len(rest) - len(rest.lstrip(" "))
    if not rest.strip(_WS) or spaces > 4:
        return width + 1
    return width + spaces


def _starts_block(s: str, ch: str, in_paragraph: bool) -> bool:
    """Whether ``s`` (indented less than 4) starts a block that ends a paragraph or table.

    A table row or lazy paragraph line never starts with one of these.
    """
    if ch == "#":
        return _atx(s) is not None
    if ch == "`" or ch == "~":
        return bool(_fence(s, ch))
    if ch == "<":
        return _html_start(s, not in_paragraph) is not None
    if ch == ">":
        return True
    if ch == "-" or ch == "*" or ch == "+" or ch == "_":
        if ch != "+" and _thematic(s, ch):
            return True
        if ch == "_":
            return False
        item = _bullet(s)
        return bool(item) and (not in_paragraph or item < len(s.rstrip(_WS)))
    if "0" <= ch <= "9":
        return bool(_ordered(s, in_paragraph))
    return False
