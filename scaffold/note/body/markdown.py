"""The body scanner: headings, sections, GFM tables and hidden regions, as spans.

A purpose-built line scanner, not a full CommonMark parser: it follows CommonMark/GFM for
what decides where headings and tables are (paragraph continuation, setext underlines,
block starts that end a table, fenced code, HTML blocks, block quotes, list items) and skips
the rest. It runs twice per edit (find, then verify), so every line is dispatched on its
first non-space character and only table lines are split into cells. :func:`scan_body`
looks at one line at a time. The rules it dispatches to live in :mod:`scaffold.note.body.blocks`
(what one line starts; blocks that span lines, such as fenced code, comments, HTML blocks
and a table's rows, consumed whole); the objects it returns are built by
:mod:`scaffold.note.body.build`, lazily where it can.

Not supported, by design: tables and headings inside list items (they are list content), and
headings inside block quotes or callouts (they do not start note sections). Tables inside
block quotes and callouts are found, with their ``>`` prefix recorded.
"""

from __future__ import annotations

from collections.abc import Callable

from scaffold.note.body.blocks import (
    BLANK_OR_HASH,
    BREAK_CHARS,
    WS,
    atx_heading,
    bullet_item,
    fence_opener,
    html_start,
    is_thematic_break,
    nesting,
    ordered_item,
    skip_comment,
    skip_fenced_code,
    skip_html_block,
    starts_block,
    table_rows,
)
from scaffold.note.body.build import build_body, eager_table, fast_heading, lazy_table
from scaffold.note.body.inline import strip_markup
from scaffold.note.body.model import Body, Heading, Hidden, Table
from scaffold.note.body.tables import count_cells, parse_delimiter
from scaffold.text import Lines

# First characters that may start something other than a plain paragraph line.
_SPECIAL = frozenset(" \t#`~<%=-*_+>|:0123456789")
# After ``- x``, these make the line something other than the next item of a list.
_NOT_SIBLING = frozenset(("", " ", "\t", "-", "*", "_"))


def scan_body(
    text: str, lines: Lines, first: int, *, eager: bool = False, stop_after: int = 0
) -> Body:
    """Find the headings, sections, tables and hidden regions of a note's body.

    ``lines`` is ``split_lines(text)`` of the whole note and ``first`` the 0-based index of
    the first line after the frontmatter (0 when there is none). Every span in the result
    is an offset into ``text``. Tables split their rows into cells, and the body groups its
    sections, on first access; ``eager`` builds everything up front, as plain model objects
    (tests compare the two).

    ``stop_after`` > 0 ends the scan once that many headings are found: what follows a
    heading does not depend on anything before it (a heading closes every open paragraph
    and list), so an edit's verification rescans only from one heading to the next. For the
    same reason ``first`` may be the first line of a heading found by a full scan.
    """
    content = lines.content
    starts = lines.starts
    n = len(content)
    make_heading = Heading if eager else fast_heading
    make_table = eager_table if eager else lazy_table

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
                i = skip_comment(content, i, hidden)
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
            rest, offset, indent, depth, lead_indent = nesting(line)
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
            if depth > para_depth or starts_block(rest, ch, True) or rest[:2] == "%%":
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
            heading = atx_heading(rest)
            if heading is not None:
                para_line = -1
                if depth == 0:  # headings in block quotes do not start note sections
                    level, a, b = heading
                    base = starts[i] + offset
                    raw = text[base + a : base + b]
                    headings.append(
                        make_heading(level, i + 1, base + a, base + b, raw, strip_markup(raw))
                    )
                    heading_index.append(i)
                    if len(headings) == stop_after:
                        break
                i += 1
                continue
        elif ch == "`" or ch == "~":
            opener = fence_opener(rest, ch)
            if opener:
                para_line = -1
                i = skip_fenced_code(content, i, opener, depth, hidden)
                continue
        elif ch == "<":
            html_end = html_start(rest, para_line < 0)
            if html_end is not None:
                para_line = -1
                i = skip_html_block(content, i, rest, html_end, hidden)
                continue
        elif ch == "%":
            if rest[1:2] == "%":
                para_line = -1
                if rest.count("%%") % 2:
                    i = skip_comment(content, i, hidden)
                else:  # opened and closed on this line
                    hidden.append(Hidden("obsidian-comment", i + 1, i + 1))
                    i += 1
                continue
        elif ch == "=":
            if para_line >= 0 and para_last_depth == depth and not rest.rstrip(WS).lstrip("="):
                if depth == 0:
                    _setext(text, lines, headings, heading_index, para_line, i, 1, make_heading)
                    if len(headings) == stop_after:
                        break
                para_line = -1
                i += 1
                continue
        elif (ch == "-" or ch == "*" or ch == "_" or ch == "+") and (
            rest[1:2] in BLANK_OR_HASH
            or (rest[1:2] == ch and ch != "+" and rest[2:3] in BREAK_CHARS[ch])
        ):
            # Only ``-`` + blank (list item) or a run of the marker (break, underline) matter:
            # ``**bold**`` and ``--x`` text skip all of this.
            if (
                ch == "-"
                and para_line >= 0
                and para_last_depth == depth
                and not rest.rstrip(WS).lstrip("-")
            ):
                if depth == 0:
                    _setext(text, lines, headings, heading_index, para_line, i, 2, make_heading)
                    if len(headings) == stop_after:
                        break
                para_line = -1
                i += 1
                continue
            if ch != "+" and is_thematic_break(rest, ch):
                para_line = -1
                i += 1
                continue
            if ch != "_":
                item_col = bullet_item(rest)
                if item_col and para_line >= 0 and item_col >= len(rest.rstrip(WS)):
                    item_col = 0  # an empty item does not interrupt a paragraph
        elif "0" <= ch <= "9":
            item_col = ordered_item(rest, para_line >= 0)
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
                i, offsets = table_rows(content, i + 1, depth)
                tables.append(make_table(lines, header, para_last_offset, i, offsets, aligns))
                continue

        # -- an Obsidian comment opened mid-line hides the lines after it -----------------
        if "%%" in rest and rest.count("%%") % 2:
            para_line = -1
            i = skip_comment(content, i, hidden)
            continue

        # -- anything else is paragraph text ----------------------------------------------
        if para_line < 0:
            para_line = i
            para_depth = depth
        para_last_depth = depth
        para_last_offset = offset
        i += 1

    return build_body(content, first, headings, heading_index, tables, hidden, eager)


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
        and (indent >= 4 or not starts_block(rest, ch, True))
    ):
        return content_col
    return None


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
    start = lines.starts[para] + len(first_line) - len(first_line.lstrip(WS))
    last = underline - 1
    end = lines.starts[last] + len(lines.content[last].rstrip(WS))
    raw = text[start:end]
    headings.append(make_heading(level, para + 1, start, end, raw, strip_markup(raw)))
    heading_index.append(para)
