"""Markdown links to notes in a note's body: ``[text](Note.md)``, ``[x](Sub/Old%20Name.md#h)``,
``[x](<Old Name.md>)`` and embeds ``![alt](Note.md)``.

Only the destination is read: a path (percent-encoded, or in ``<...>`` as written), then an
optional ``#heading`` or ``#^block``. URLs (``https:``, ``mailto:``, anything with a scheme)
and links into the note itself (``(#h)``) are not links to notes. As for wikilinks, nothing
inside code, math or comments is a link (:func:`scaffold.note.wikilinks.hidden_spans`), and
``\\[x](y)`` is escaped text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import quote, unquote

from scaffold.note.wikilinks import hidden_spans

if TYPE_CHECKING:
    from scaffold.note.parsed import ParsedNote

# ``[text](`` or ``![alt](``: the text holds no brackets but balanced single ones are rare in
# notes; a destination in <...>, or without spaces and with balanced parentheses, then an
# optional "title".
_MD_LINK = re.compile(
    r"(!?)\[(?:[^\[\]\\\n]|\\.)*\]\(\s*"
    r"(<(?P<angle>[^<>\n]*)>|(?P<bare>(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))+))"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?\s*\)"
)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class MdLink(NamedTuple):
    """One markdown link or embed to a note or file, with its spans in the note text."""

    start: int
    """Offset of the ``[`` (of the ``!`` for an embed)."""
    end: int
    """Offset just past the ``)``."""
    path: str
    """The destination's path, decoded: ``Old Name.md``, ``Sub/Note.md``, ``../x.png``."""
    anchor: str
    """What follows ``#``, decoded: ``Heading``, ``^block``; ``""`` when none."""
    path_start: int
    """Offset of the path as written (percent-encoded, or inside ``<...>``)."""
    path_end: int
    angle: bool
    """The destination is written in ``<...>`` (spaces stand as they are)."""
    embed: bool


def find_md_links(note: ParsedNote) -> list[MdLink]:
    """Every markdown link of the body that names a file (not a URL), in document order."""
    text = note.text
    if "](" not in text:
        return []
    body = note.block.after if note.block else 0
    spans = hidden_spans(note)
    starts = [s for s, _ in spans]
    found: list[MdLink] = []
    for match in _MD_LINK.finditer(text, body):
        at = match.start()
        if at > 0 and text[at - 1] == "\\":
            continue
        if spans:
            i = bisect_right(starts, at) - 1
            if i >= 0 and spans[i][0] <= at < spans[i][1]:
                continue
        angle = match.group("angle") is not None
        group = "angle" if angle else "bare"
        dest = match.group(group)
        d_start = match.start(group)
        raw_path, _, raw_anchor = dest.partition("#")
        if not raw_path or _SCHEME.match(raw_path):
            continue
        found.append(
            MdLink(
                at,
                match.end(),
                unquote(raw_path),
                unquote(raw_anchor),
                d_start,
                d_start + len(raw_path),
                angle,
                bool(match.group(1)),
            )
        )
    return found


def write_path(path: str, *, angle: bool, ascii_only: bool = False) -> str:
    """``path`` as a markdown link's destination writes it: inside ``<...>`` as it is (only
    ``<``, ``>`` would end it), else percent-encoded where a bare destination cannot hold a
    character (a space, ``#``, ``%``, unbalanced parentheses), the rest kept readable as
    Obsidian writes it; with ``ascii_only`` non-ASCII letters are encoded too (as they were
    in the link being rewritten)."""
    if angle:
        return path
    safe = "/!$&'*+,;=:@~-._"
    if path.count("(") == path.count(")"):
        safe += "()"
    if not ascii_only:
        safe += "".join(ch for ch in path if ord(ch) > 127)
    return quote(path, safe=safe)
