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
from collections.abc import Sequence
from dataclasses import fields as dataclass_fields

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


def scan_body(text: str, lines: Lines, first: int) -> Body:
    """Find the headings, sections, tables and hidden regions of a note's body.

    ``lines`` is ``split_lines(text)`` of the whole note and ``first`` the 0-based index of
    the first line after the frontmatter (0 when there is none). Every span in the result
    is an offset into ``text``. Tables split their rows into cells on first access.
    """
    content = lines.content
    starts = lines.starts
    n = len(content)

    headings: list[Heading] = []
    heading_index: list[int] = []  # 0-based line of each heading
    hidden: list[Hidden] = []
    tables: list[Table] = []

    # The open paragraph: its first line (-1: none) and container depth; the depth and text
    # offset of its last line (a lazy continuation line has a smaller depth).
    para = -1
    para_depth = last_depth = last_off = 0
    # The open list item: lines indented to its content column belong to it; after a blank
    # line an unindented line ends it (no lazy continuation).
    list_open = list_blank = False
    list_depth = list_indent = 0

    i = first
    while i < n:
        line = content[i]
        if not line:  # blank
            para = -1
            list_blank = True
            i += 1
            continue

        c0 = line[0]
        if c0 not in _SPECIAL and not list_open:
            # A plain paragraph line (or a lazy continuation of a quoted one): the commonest
            # kind outside tables.
            if "%%" in line and line.count("%%") % 2:
                para = -1
                i = _comment(content, i, hidden)
                continue
            if para < 0:
                para = i
                para_depth = 0
            last_depth = last_off = 0
            i += 1
            continue

        # -- indentation and block quote markers ------------------------------------------
        if c0 == " " or c0 == "\t" or c0 == ">":
            s, off, ind, depth, lead = _nesting(line)
            if not s and not depth:  # blank
                para = -1
                list_blank = True
                i += 1
                continue
            if list_open and list_depth == 0 and lead >= list_indent:  # a top-level item
                list_blank = False
                i += 1
                continue
            if not s:  # a blank line inside a block quote
                para = -1
                if list_open and depth <= list_depth:
                    list_blank = True
                i += 1
                continue
        else:
            s = line
            off = ind = depth = 0
        ch = s[0]

        # -- list content, and lazy continuation of a list item's paragraph ---------------
        if list_open:
            if (
                (ch == "-" or ch == "*" or ch == "+")
                and s[1:2] == " "
                and s[2:3] not in _NOT_SIBLING
                and depth == list_depth
                and ind < 4
            ):
                # The next item of the same list (``- text``): the commonest list line.
                list_indent = ind + 2
                list_blank = False
                i += 1
                continue
            if depth == list_depth and ind >= list_indent:
                list_blank = False
                i += 1
                continue
            if (
                not list_blank
                and depth <= list_depth
                and (ind >= 4 or not _starts_block(s, ch, True))
            ):
                i += 1
                continue
            list_open = False

        # -- a paragraph across containers -------------------------------------------------
        if para >= 0 and depth != para_depth:
            if depth > para_depth or _starts_block(s, ch, True) or s[:2] == "%%":
                para = -1
            else:  # a lazy continuation line
                last_depth = depth
                last_off = off
                i += 1
                continue

        if ind >= 4:
            if para >= 0:  # indented text continues a paragraph; otherwise it is code
                last_depth = depth
                last_off = off
            i += 1
            continue

        # -- block starts, dispatched on the first character -------------------------------
        item = 0  # set when the line opens a list item
        if ch == "|":
            pass  # a table line or paragraph text: no block starts with a pipe
        elif ch == "#":
            atx = _atx(s)
            if atx is not None:
                para = -1
                if depth == 0:  # headings in block quotes do not start note sections
                    level, a, b = atx
                    base = starts[i] + off
                    raw = text[base + a : base + b]
                    headings.append(
                        _heading(level, i + 1, base + a, base + b, raw, strip_markup(raw))
                    )
                    heading_index.append(i)
                i += 1
                continue
        elif ch == "`" or ch == "~":
            opener = _fence(s, ch)
            if opener:
                para = -1
                i = _fenced_code(content, i, opener, depth, hidden)
                continue
        elif ch == "<":
            html_end = _html_start(s, para < 0)
            if html_end is not None:
                para = -1
                i = _html_block(content, i, s, html_end, hidden)
                continue
        elif ch == "%":
            if s[1:2] == "%":
                para = -1
                if s.count("%%") % 2:
                    i = _comment(content, i, hidden)
                else:  # opened and closed on this line
                    hidden.append(Hidden("obsidian-comment", i + 1, i + 1))
                    i += 1
                continue
        elif ch == "=":
            if para >= 0 and last_depth == depth and not s.rstrip(_WS).lstrip("="):
                if depth == 0:
                    _setext(text, lines, headings, heading_index, para, i, 1)
                para = -1
                i += 1
                continue
        elif (ch == "-" or ch == "*" or ch == "_" or ch == "+") and (
            s[1:2] in _BLANK_OR_HASH or (s[1:2] == ch and ch != "+" and s[2:3] in _BREAK_CHARS[ch])
        ):
            # Only ``-`` + blank (list item) or a run of the marker (break, underline) matter:
            # ``**bold**`` and ``--x`` text skip all of this.
            if ch == "-" and para >= 0 and last_depth == depth and not s.rstrip(_WS).lstrip("-"):
                if depth == 0:
                    _setext(text, lines, headings, heading_index, para, i, 2)
                para = -1
                i += 1
                continue
            if ch != "+" and _thematic(s, ch):
                para = -1
                i += 1
                continue
            if ch != "_":
                item = _bullet(s)
                if item and para >= 0 and item >= len(s.rstrip(_WS)):
                    item = 0  # an empty item does not interrupt a paragraph
        elif "0" <= ch <= "9":
            item = _ordered(s, para >= 0)
        if item:  # the line opens a list item; its content starts ``item`` columns in
            para = -1
            list_open, list_depth, list_blank = True, depth, False
            list_indent = ind + item
            i += 1
            continue

        # -- a delimiter row under a paragraph line makes that line a table header ---------
        if para >= 0 and last_depth == depth and (ch == "|" or ch == "-" or ch == ":"):
            aligns = parse_delimiter(s) if "-" in s else None
            if aligns is not None and count_cells(content[i - 1], last_off) == len(aligns):
                para = -1
                header = i - 1
                i, offsets = _table_rows(content, i + 1, depth)
                tables.append(_lazy_table(lines, header, last_off, i, offsets, aligns))
                continue

        # -- an Obsidian comment opened mid-line hides the lines after it -----------------
        if "%%" in s and s.count("%%") % 2:
            para = -1
            i = _comment(content, i, hidden)
            continue

        # -- anything else is paragraph text ----------------------------------------------
        if para < 0:
            para = i
            para_depth = depth
        last_depth = depth
        last_off = off
        i += 1

    return _body(content, first, headings, heading_index, tables, hidden)


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
) -> None:
    """Record the setext heading made of paragraph lines ``para`` .. ``underline - 1``."""
    first_line = lines.content[para]
    start = lines.starts[para] + len(first_line) - len(first_line.lstrip(_WS))
    last = underline - 1
    end = lines.starts[last] + len(lines.content[last].rstrip(_WS))
    raw = text[start:end]
    headings.append(_heading(level, para + 1, start, end, raw, strip_markup(raw)))
    heading_index.append(para)


def _sections(
    content: tuple[str, ...],
    first: int,
    headings: Sequence[Heading],
    heading_index: list[int],
    tables: Sequence[Table],
) -> tuple[Section, ...]:
    """One section per heading (up to the next of the same or a higher level), plus the
    preamble before the first heading when it holds anything."""
    n = len(content)
    sections: list[Section] = []
    header_lines = [t.delimiter_line - 1 for t in tables]  # 1-based, in order
    top = heading_index[0] if heading_index else n
    for j in range(first, top):
        if content[j].strip():
            inside = tuple(tables[: bisect_right(header_lines, top)])
            sections.append(_section(None, first + 1, top, inside))
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
        sections.append(_section(heading, index + 1, end, inside))
    return tuple(sections)


_new = object.__new__


def _fields(cls: type, names: tuple[str, ...]) -> bool:
    return tuple(f.name for f in dataclass_fields(cls)) == names


# Frozen dataclass __init__ sets each field through object.__setattr__; setting the slots
# directly is about twice as fast (0.4 against 0.7 us a Cell or Heading), which matters for
# the ~40 objects every scan builds and the cells of the table an edit reads. The fast path
# is used only while the model's fields are exactly these (tests compare both).
_FAST = (
    _fields(Cell, ("start", "end", "raw_start", "raw_end", "text", "virtual"))
    and _fields(Heading, ("level", "line", "start", "end", "raw", "name"))
    and _fields(Section, ("heading", "line", "end_line", "tables"))
    and _fields(Row, ("line", "start", "end", "cells"))
    and _fields(Table, ("header", "delimiter_line", "rows", "aligns", "prefix", "start", "end"))
    and _fields(Body, ("headings", "sections", "tables", "hidden"))
)
_b0, _b1, _b2 = (getattr(Body, f).__set__ for f in ("headings", "tables", "hidden"))
_r0, _r1, _r2, _r3 = (getattr(Row, f).__set__ for f in ("line", "start", "end", "cells"))
_s0, _s1, _s2, _s3 = (
    getattr(Section, f).__set__ for f in ("heading", "line", "end_line", "tables")
)
_t0, _t1, _t2, _t3, _t4 = (
    getattr(Table, f).__set__ for f in ("delimiter_line", "aligns", "prefix", "start", "end")
)
_c0, _c1, _c2, _c3, _c4, _c5 = (
    getattr(Cell, f).__set__ for f in ("start", "end", "raw_start", "raw_end", "text", "virtual")
)
_h0, _h1, _h2, _h3, _h4, _h5 = (
    getattr(Heading, f).__set__ for f in ("level", "line", "start", "end", "raw", "name")
)


def _cell(start: int, end: int, raw_start: int, raw_end: int, text: str) -> Cell:
    if not _FAST:
        return Cell(start, end, raw_start, raw_end, text)
    cell: Cell = _new(Cell)
    _c0(cell, start)
    _c1(cell, end)
    _c2(cell, raw_start)
    _c3(cell, raw_end)
    _c4(cell, text)
    _c5(cell, False)
    return cell


def _section(
    heading: Heading | None, line: int, end_line: int, tables: tuple[Table, ...]
) -> Section:
    if not _FAST:
        return Section(heading, line, end_line, tables)
    section: Section = _new(Section)
    _s0(section, heading)
    _s1(section, line)
    _s2(section, end_line)
    _s3(section, tables)
    return section


def _heading(level: int, line: int, start: int, end: int, raw: str, name: str) -> Heading:
    if not _FAST:
        return Heading(level, line, start, end, raw, name)
    heading: Heading = _new(Heading)
    _h0(heading, level)
    _h1(heading, line)
    _h2(heading, start)
    _h3(heading, end)
    _h4(heading, raw)
    _h5(heading, name)
    return heading


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
        sections = _sections(content, first, self.headings, heading_index, self.tables)
        object.__setattr__(self, "sections", sections)
        return sections


_body_source = _LazyBody._source.__set__  # type: ignore[attr-defined]


def _body(
    content: tuple[str, ...],
    first: int,
    headings: list[Heading],
    heading_index: list[int],
    tables: list[Table],
    hidden: list[Hidden],
) -> Body:
    if not _FAST:
        return Body(
            tuple(headings),
            _sections(content, first, headings, heading_index, tables),
            tuple(tables),
            tuple(hidden),
        )
    body: Body = _new(_LazyBody)
    _body_source(body, (content, first, heading_index))
    _b0(body, tuple(headings))
    _b1(body, tuple(tables))
    _b2(body, tuple(hidden))
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
        header, rows = _build_rows(*object.__getattribute__(self, "_source"))
        object.__setattr__(self, "header", header)
        object.__setattr__(self, "rows", rows)
        return object.__getattribute__(self, name)


_source = _LazyTable._source.__set__  # type: ignore[attr-defined]


def _lazy_table(
    lines: Lines,
    header: int,
    header_off: int,
    end: int,
    offsets: list[int] | None,
    aligns: tuple[str, ...],
) -> Table:
    """The table whose header is line ``header`` (its text at ``header_off``) and whose body
    rows run up to line ``end`` (see :func:`_table_rows` for ``offsets``)."""
    content = lines.content
    head_line = content[header]
    prefix = head_line[: _quotes(head_line)[1]] if header_off and ">" in head_line else ""
    last = end - 1  # the delimiter row when there is no body row
    source = (lines, header, header_off, end, offsets, len(aligns))
    if not _FAST:
        head, rows = _build_rows(*source)
        return Table(
            head,
            header + 2,
            rows,
            aligns,
            prefix,
            lines.starts[header],
            lines.starts[last] + len(content[last]),
        )
    table: Table = _new(_LazyTable)
    _source(table, source)
    _t0(table, header + 2)
    _t1(table, aligns)
    _t2(table, prefix)
    _t3(table, lines.starts[header])
    _t4(table, lines.starts[last] + len(content[last]))
    return table


def _build_rows(
    lines: Lines, header: int, header_off: int, end: int, offsets: list[int] | None, cols: int
) -> tuple[Row, tuple[Row, ...]]:
    """A table's header row and body rows, split into cells."""
    head = _row(lines, header, header_off, cols)
    body = range(header + 2, end)
    if offsets is None:
        return head, tuple([_row(lines, i, 0, cols) for i in body])
    return head, tuple([_row(lines, i, off, cols) for i, off in zip(body, offsets, strict=True)])


def _row(lines: Lines, index: int, off: int, cols: int) -> Row:
    """The row on line ``index`` (its cells start at ``off``), padded or cut to ``cols``."""
    line = lines.content[index]
    base = lines.starts[index]
    if _FAST:
        cells: list[Cell] = []
        for a, b, c, d, t in split_row(line, off):
            cell = _new(Cell)
            _c0(cell, base + c)
            _c1(cell, base + d)
            _c2(cell, base + a)
            _c3(cell, base + b)
            _c4(cell, t)
            _c5(cell, False)
            cells.append(cell)
    else:
        cells = [
            Cell(base + c, base + d, base + a, base + b, t)
            for a, b, c, d, t in split_row(line, off)
        ]
    del cells[cols:]
    if len(cells) < cols:
        # GFM pads a short row with empty cells; they live where text would be appended:
        # before the trailing pipe when there is one, else at the end of the row.
        at = base + row_bounds(line, off)[1]
        virtual = Cell(at, at, at, at, "", True)
        cells.extend([virtual] * (cols - len(cells)))
    if not _FAST:
        return Row(index + 1, base, base + len(line), tuple(cells))
    row: Row = _new(Row)
    _r0(row, index + 1)
    _r1(row, base)
    _r2(row, base + len(line))
    _r3(row, tuple(cells))
    return row


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
