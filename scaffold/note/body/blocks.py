"""The CommonMark/GFM block rules the body scanner dispatches to, one small function each.

Two kinds, both pure functions of the note's lines:

* line classifiers: what one line starts (an ATX heading, a fence, an HTML block, a thematic
  break, a list item) and how it is nested (block quote markers, indentation); each has
  fixture cases in ``tests/note/fixtures/line_classifiers.json``;
* blocks that span lines (fenced code, comments, HTML blocks, a table's rows), consumed
  whole: each takes the index of its first line and returns the index of the line after it.
"""

from __future__ import annotations

import re

from scaffold.note.body.model import Hidden

WS = " \t"

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

# After ``- ``, these may make the line a thematic break or change the content column.
BLANK_OR_HASH = frozenset(("", " ", "\t", "#"))
# First characters of a line that is indented or in a block quote.
_NESTED = frozenset((" ", "\t", ">"))
# What a thematic break made of each marker may hold.
BREAK_CHARS = {"-": " \t-", "*": " \t*", "_": " \t_"}


# -- blocks consumed whole ----------------------------------------------------------------


def table_rows(content: tuple[str, ...], i: int, depth: int) -> tuple[int, list[int] | None]:
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
            if row[:1] != "|" or row.rstrip(WS) == "|":
                break
            i += 1
    offsets: list[int] | None = None
    while i < n:
        line = content[i]
        if line[:1] in _NESTED:
            s, off, ind, row_depth, _ = nesting(line)
        else:
            s, off, ind, row_depth = line, 0, 0, 0
        if not s:
            break
        ch = s[0]
        if (
            row_depth != depth
            or ind >= 4
            or (ch != "|" and starts_block(s, ch, False))
            or s.rstrip(WS) == "|"  # a row with no cell at all
        ):
            break
        if offsets is None:
            offsets = [0] * (i - top)
        offsets.append(off)
        i += 1
    return i, offsets


def skip_fenced_code(
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
        at = past_quotes(line, depth) if depth else 0
        if at < 0:  # the block quote holding the fence ended: that line is not code
            break
        s = line[at:].lstrip(" ")
        j += 1
        if (
            s[:1] == marker
            and len(line) - at - len(s) < 4
            and s.startswith(fence)
            and not s.rstrip(WS).lstrip(marker)
        ):
            break
    hidden.append(Hidden("fence", i + 1, j))
    return j


def skip_comment(content: tuple[str, ...], i: int, hidden: list[Hidden]) -> int:
    """Skip the Obsidian comment left open on line ``i``: it ends on the next line holding
    ``%%``, or at the end of the note."""
    n = len(content)
    j = i + 1
    while j < n and "%%" not in content[j]:
        j += 1
    end = j + 1 if j < n else n
    hidden.append(Hidden("obsidian-comment", i + 1, end))
    return end


def skip_html_block(
    content: tuple[str, ...],
    i: int,
    s: str,
    end: re.Pattern[str] | str,
    hidden: list[Hidden],
) -> int:
    """Skip the HTML block starting on line ``i`` (``s``: the line after its containers),
    which ends as :func:`html_start` said. HTML comments are recorded as hidden regions."""
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
        return end in line if end else not line.strip(WS)
    return end.search(line) is not None


# -- line classifiers -----------------------------------------------------------------------


def quote_markers(line: str) -> tuple[int, int]:
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
            if pos < size and line[pos] in WS:
                pos += 1
        else:
            return depth, pos


def past_quotes(line: str, depth: int) -> int:
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
        if pos < size and line[pos] in WS:
            pos += 1
    return pos


def nesting(line: str) -> tuple[str, int, int, int, int]:
    """How ``line`` (starting with a space, tab or ``>``) is nested: ``(text, offset of the
    text, its indentation in columns, block quote depth, indentation before any quote
    marker)``. ``text`` is ``""`` for a blank line, quoted or not."""
    s = line.lstrip(WS)
    off = len(line) - len(s)
    lead = indent_width(line[:off]) if off else 0
    if s[:1] != ">" or lead >= 4:
        return s, off, lead, 0, lead
    depth, pfx = quote_markers(line)
    s = line[pfx:].lstrip(WS)
    off = len(line) - len(s)
    return s, off, indent_width(line[pfx:off]), depth, lead


def indent_width(indent: str) -> int:
    """Columns taken by the spaces and tabs ``indent`` (tab stops every 4 columns)."""
    return len(indent) if "\t" not in indent else len(indent.expandtabs(4))


def atx_heading(s: str) -> tuple[int, int, int] | None:
    """``(level, title_start, title_end)`` of an ATX heading line ``s`` (no indentation)."""
    hashes = len(s) - len(s.lstrip("#"))
    if (
        hashes < 7
        and s[hashes : hashes + 1] == " "
        and s[hashes + 1 : hashes + 2] not in BLANK_OR_HASH
        and s[-1] not in BLANK_OR_HASH
    ):
        return hashes, hashes + 1, len(s)  # the common ``## Title``
    if hashes > 6:
        return None
    t = s.rstrip(WS)
    if hashes < len(t) and t[hashes] not in WS:
        return None  # ``#tag``, ``#5``: not a heading
    a = hashes
    while a < len(t) and t[a] in WS:
        a += 1
    b = len(t)
    if b > a and t[b - 1] == "#":
        k = len(t.rstrip("#"))
        if k <= a:
            b = a  # the title is only a closing sequence: an empty heading
        elif t[k - 1] in WS:
            b = len(t[:k].rstrip(WS))
    return hashes, a, b


def fence_opener(s: str, ch: str) -> str:
    """The opening fence (e.g. ``````` `` ```` ``) when ``s`` opens a fenced code block."""
    size = len(s) - len(s.lstrip(ch))
    if size < 3:
        return ""
    if ch == "`" and "`" in s[size:]:
        return ""
    return s[:size]


def html_start(s: str, may_be_type7: bool) -> re.Pattern[str] | str | None:
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


def is_thematic_break(s: str, ch: str) -> bool:
    """Whether ``s`` is a thematic break (``---``, ``* * *``, ``___``)."""
    if s[1:3].strip(BREAK_CHARS[ch]):
        return False  # the quick answer for list items (``- text``)
    t = s.replace(" ", "").replace("\t", "")
    return len(t) >= 3 and not t.lstrip(ch)


def bullet_item(s: str) -> int:
    """The content offset of a bullet list item ``s`` (``- x``), or 0 when it is not one."""
    if len(s) == 1:
        return 2
    if s[1] not in WS:
        return 0
    rest = s[1:]
    spaces = len(rest) - len(rest.lstrip(" "))
    if not rest.strip(WS) or spaces > 4:
        return 2
    return 1 + spaces


def ordered_item(s: str, in_paragraph: bool) -> int:
    """The content offset of an ordered list item ``s`` (``1. x``), or 0. Inside a
    paragraph only a non-empty item numbered 1 starts a list (CommonMark 5.2)."""
    m = _ORDERED.match(s)
    if m is None:
        return 0
    width = len(m.group(1)) + 1
    rest = s[width:]
    if in_paragraph and (m.group(1) != "1" or not rest.strip(WS)):
        return 0
    spaces = len(rest) - len(rest.lstrip(" "))
    if not rest.strip(WS) or spaces > 4:
        return width + 1
    return width + spaces


def starts_block(s: str, ch: str, in_paragraph: bool) -> bool:
    """Whether ``s`` (indented less than 4) starts a block that ends a paragraph or table.

    A table row or lazy paragraph line never starts with one of these.
    """
    if ch == "#":
        return atx_heading(s) is not None
    if ch == "`" or ch == "~":
        return bool(fence_opener(s, ch))
    if ch == "<":
        return html_start(s, not in_paragraph) is not None
    if ch == ">":
        return True
    if ch == "-" or ch == "*" or ch == "+" or ch == "_":
        if ch != "+" and is_thematic_break(s, ch):
            return True
        if ch == "_":
            return False
        item = bullet_item(s)
        return bool(item) and (not in_paragraph or item < len(s.rstrip(WS)))
    if "0" <= ch <= "9":
        return bool(ordered_item(s, in_paragraph))
    return False
