"""Wikilinks and embeds in a note, and the anchors (headings, block ids) links may point at.

What counts follows Obsidian's reading view: ``[[target]]``, ``[[target|alias]]``,
``[[target#Heading]]``, ``[[target#^block]]``, ``[[#Heading]]`` and the same with ``!`` for
an embed, in the body and in frontmatter string values (Obsidian's properties). Nothing inside
fenced or indented code, code spans, ``$$`` math blocks, ``%% %%`` or ``<!-- -->`` comments is a
link, and ``\\[[x]]`` is escaped text. In a table row ``[[a\\|b]]`` is the link ``a`` shown as
``b``.

Anchors are collected generously (headings in callouts and list items count too): a link
that Obsidian follows must never be reported broken.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from scaffold.errors import ScaffoldError
from scaffold.note.body.inline import fold, strip_markup

if TYPE_CHECKING:
    from scaffold.note.parsed import ParsedNote
    from scaffold.note.yaml.nodes import Node

# No optional ``!`` in front: a literal first ``[[`` lets the regex engine skip ahead, several
# times faster over a note's text; an embed's ``!`` is looked for before the match.
_LINK = re.compile(r"\[\[([^\[\]\n]*)\]\]")
# A link's inside with nothing to split or trim: its target as written.
_PLAIN = re.compile(r"[^|#\\\s](?:[^|#\\]*[^|#\\\s])?")
_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_ATX = re.compile(
    r"^[ \t]*(?:>[ \t]?)*[ \t]*(?:[-*+][ \t]+|\d+[.)][ \t]+)?"  # callouts, list items
    r"(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$"
)
_BLOCK_ID = re.compile(r"\^([A-Za-z0-9][A-Za-z0-9-]*)[ \t]*$", re.MULTILINE)
_LIST_ITEM = re.compile(r"^[ \t]*(?:>[ \t]?)*[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")


class Link(NamedTuple):
    """One wikilink or embed, with its spans in the note text.

    A named tuple rather than a frozen dataclass: a vault check builds one per link of every
    note, and a tuple is built several times faster.
    """

    start: int
    """Offset of the ``[[`` (of the ``!`` for an embed)."""
    end: int
    """Offset just past the ``]]``."""
    target: str
    """The note or file part, trimmed: ``Folder/Note``, ``image.png``; ``""`` for a link into
    the note itself (``[[#Heading]]``)."""
    anchor: str
    """What follows ``#``: ``Heading``, ``Heading#Sub``, ``^block-id``; ``""`` when none."""
    alias: str | None
    """The text after ``|``: the shown text, or an embed's size."""
    embed: bool
    target_start: int
    """Offset of the target text (for an empty target, of the ``#``)."""
    target_end: int
    frontmatter: bool = False
    """Found in a frontmatter value rather than in the body."""


def _link(
    match: re.Match[str], start: int, offset: int, embed: bool, frontmatter: bool
) -> Link | None:
    """``start`` is the link's first offset in the matched string (its ``!`` for an embed)."""
    inner = match.group(1)
    inner_start = match.start(1) + offset
    if _PLAIN.fullmatch(inner):  # ``[[Note]]``, most links: no alias, anchor or padding
        end = inner_start + len(inner)
        return Link(start + offset, end + 2, inner, "", None, embed, inner_start, end, frontmatter)
    target_part, bar, alias = inner.partition("|")
    if target_part.endswith("\\"):  # ``[[a\|b]]`` in a table: the backslash escapes the pipe
        target_part = target_part[:-1]
    name, hash_, anchor = target_part.partition("#")
    target = name.strip()
    if not target and not hash_:
        return None  # ``[[]]`` or ``[[|x]]``: Obsidian shows text, not a link
    lead = len(name) - len(name.lstrip())
    t_start = inner_start + lead
    t_end = t_start + len(target) if target else inner_start + len(name) + 1
    return Link(
        start + offset,
        match.end() + offset,
        target,
        anchor.strip(),
        alias if bar else None,
        embed,
        t_start,
        t_end,
        frontmatter,
    )


def _links_in(text: str, pos: int, offset: int, frontmatter: bool) -> Iterator[tuple[int, Link]]:
    """Every ``[[...]]`` in ``text`` from ``pos`` on, with the offset (in ``text``) where each
    starts: its ``!`` when one stands right before it, as ``!?[[`` would have matched."""
    for match in _LINK.finditer(text, pos):
        at = match.start()
        embed = at > pos and text[at - 1] == "!"
        if embed:
            at -= 1
        link = _link(match, at, offset, embed, frontmatter)
        if link is not None:
            yield at, link


# -- what is not markdown: code, math, comments -----------------------------------------------


def hidden_spans(note: ParsedNote) -> list[tuple[int, int]]:
    """Sorted, non-overlapping ``(start, end)`` offsets of body text that is not rendered as
    markdown: fenced and indented code, ``$$`` math, code spans and comments."""
    lines = note.lines
    content = lines.content
    first = note.block.body_first if note.block else 0
    body_start = lines.starts[first] if first < len(content) else len(note.text)
    body = note.text[body_start:]
    if (
        "`" not in body
        and "$$" not in body
        and "\n    " not in body
        and "\n\t" not in body
        and not any(r.kind == "fence" for r in note.body.hidden)
    ):
        return _with_comments(note.text, body_start, [])  # nothing but comments can hide
    fence_lines = [False] * len(content)
    for region in note.body.hidden:
        if region.kind == "fence":
            for index in range(region.line - 1, min(region.end_line, len(content))):
                fence_lines[index] = True
    spans: list[tuple[int, int]] = []
    math = False
    prev_blank = True
    in_list = False
    in_indented = False
    for index in range(first, len(content)):
        line = content[index]
        start = lines.starts[index]
        if fence_lines[index]:
            spans.append((start, start + len(line)))
            prev_blank, in_indented = False, False
            continue
        stripped = line.strip()
        if stripped == "$$" or (math and stripped.endswith("$$")):
            spans.append((start, start + len(line)))
            math = not math if stripped == "$$" else False
            continue
        if math:
            spans.append((start, start + len(line)))
            continue
        if not stripped:
            prev_blank = True
            continue
        indented = line.startswith(("    ", "\t")) or (
            line[:1] == " " and line.expandtabs(4).startswith("    ")
        )
        if indented and not in_list and (prev_blank or in_indented):
            # An indented code block: it cannot interrupt a paragraph, and inside a list
            # item an indented line is the item's content.
            spans.append((start, start + len(line)))
            in_indented, prev_blank = True, False
            continue
        in_indented = False
        if _LIST_ITEM.match(line):
            in_list = True
        elif not indented and prev_blank:
            in_list = False
        prev_blank = False
        if "`" in line:
            spans.extend((start + m.start(), start + m.end()) for m in _CODE_SPAN.finditer(line))
    spans.sort()
    return _with_comments(
        note.text, lines.starts[first] if first < len(content) else len(note.text), spans
    )


def _with_comments(text: str, body: int, code: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Add ``%% %%`` and ``<!-- -->`` comments opened outside code to the spans."""
    if "%%" not in text and "<!--" not in text:
        return code
    starts = [s for s, _ in code]

    def in_code(pos: int) -> bool:
        i = bisect_right(starts, pos) - 1
        return i >= 0 and code[i][0] <= pos < code[i][1]

    comments: list[tuple[int, int]] = []
    pos = body
    while True:
        a = text.find("%%", pos)
        b = text.find("<!--", pos)
        if a == -1 and b == -1:
            break
        at, close, width = (a, "%%", 2) if b == -1 or (a != -1 and a < b) else (b, "-->", 4)
        if in_code(at):
            pos = at + 1
            continue
        end = text.find(close, at + width)
        while end != -1 and in_code(end):
            end = text.find(close, end + 1)
        stop = len(text) if end == -1 else end + len(close)
        comments.append((at, stop))
        pos = stop
    if not comments:
        return code
    merged: list[tuple[int, int]] = []
    for span in sorted(code + comments):
        if merged and span[0] < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], span[1]))
        else:
            merged.append(span)
    return merged


def _inside(spans: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    i = bisect_right(starts, pos) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


# -- links ------------------------------------------------------------------------------------


def find_links(note: ParsedNote) -> list[Link]:
    """Every wikilink and embed in the note, frontmatter values first, in document order."""
    text = note.text
    if "[[" not in text:
        return []
    found = list(_frontmatter_links(note))
    body = note.block.after if note.block else 0
    if "[[" not in text[body:]:
        return found
    spans = hidden_spans(note)
    starts = [s for s, _ in spans]
    for at, link in _links_in(text, body, 0, False):
        if (spans and _inside(spans, starts, at)) or (at > 0 and text[at - 1] == "\\"):
            continue
        found.append(link)
    return found


def _frontmatter_links(note: ParsedNote) -> Iterator[Link]:
    block = note.block
    if block is None or "[[" not in note.text[block.start : block.end]:
        return
    try:
        root = note.nodes
    except ScaffoldError:
        return
    for node in _strings(root):
        raw = note.text[node.start : node.end]
        for _, link in _links_in(raw, 0, node.start, True):
            if node.style == "single" and "''" in link.target:
                # ``'[[Meta''s Llama]]'``: YAML's escaped quote; the link is to Meta's Llama
                link = link._replace(target=link.target.replace("''", "'"))
            yield link


def _strings(node: Node | None) -> Iterator[Node]:
    if node is None:
        return
    if node.kind == "scalar" and isinstance(node.value, str) and "[[" in node.value:
        yield node
    for item in node.items:
        yield from _strings(item)
    for entry in node.entries:
        yield from _strings(entry.value)


def link_at(note: ParsedNote, offset: int) -> Link | None:
    """The link whose span holds ``offset`` (its closing ``]]`` included)."""
    for link in find_links(note):
        if link.start <= offset <= link.end:
            return link
    return None


# -- anchors ----------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def anchor_key(text: str) -> str:
    """A heading as links are compared with it: markup stripped, case and everything but
    letters and digits ignored (Obsidian drops ``#|^:%[]`` from heading links, and people
    write headings' punctuation loosely)."""
    return "".join(ch for ch in fold(strip_markup(text)) if ch.isalnum())


@dataclass(frozen=True, slots=True)
class Anchors:
    """What ``#`` in a link to a note may name."""

    headings: frozenset[str]
    """Every heading's :func:`anchor_key`."""
    blocks: frozenset[str]
    """Every block id (``^id``), without the caret, casefolded."""


def anchors(note: ParsedNote) -> Anchors:
    """The headings and block ids of a note, generously: headings in callouts and list items
    count too, and so do ids anywhere outside code."""
    keys = {anchor_key(h.raw) for h in note.body.headings}
    text = note.text
    first = note.block.body_first if note.block else 0
    fence: set[int] = set()
    for region in note.body.hidden:
        if region.kind == "fence":
            fence.update(range(region.line - 1, region.end_line))
    content = note.lines.content
    for index in range(first, len(content)):
        line = content[index]
        if "#" in line and index not in fence:
            m = _ATX.match(line)
            if m:
                keys.add(anchor_key(m.group(2)))
    blocks = (
        frozenset(m.group(1).casefold() for m in _BLOCK_ID.finditer(text))
        if "^" in text
        else frozenset()
    )
    return Anchors(frozenset(keys), blocks)
