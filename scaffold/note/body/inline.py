"""Inline markdown reduced to its visible text, for matching names (headings, row keys).

This is not a renderer: it removes the markup people put around names in Obsidian notes
(emphasis, code, links, wikilinks, html tags, escapes) and leaves everything else alone, so
``50%+``, ``$2.5B``, ``<700M MAU``, ``~1B`` and ``snake_case_word`` survive unchanged.
"""

from __future__ import annotations

import re

# Strings with none of these characters carry no markup: most names take this path.
_MARKUP_CHARS = frozenset("*_~=`[<\\!")

_HOLE = re.compile("\ue000(\\d+)\ue001")
_CODE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_WIKILINK = re.compile(r"!?\[\[([^\[\]]*)\]\]")
_LINK = re.compile(r"!?\[([^\[\]]*)\](?:\([^()]*\)|\[[^\[\]]*\])")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^<>\s]*)>", re.IGNORECASE)
_TAG = re.compile(
    r"<!--.*?-->"
    r"|</?[A-Za-z][A-Za-z0-9-]*"
    r"(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*\s*/?>",
    re.DOTALL,
)
_PAIRED = re.compile(r"(\*\*|~~|==)(?=\S)(.+?)(?<=\S)\1", re.DOTALL)
_STRONG_UNDERSCORE = re.compile(r"(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)", re.DOTALL)
_STAR = re.compile(r"\*(?=[^\s*])(.+?)(?<=[^\s*])\*", re.DOTALL)
_UNDERSCORE = re.compile(r"(?<!\w)_(?=[^\s_])(.+?)(?<=[^\s_])_(?!\w)", re.DOTALL)


def fold(s: str) -> str:
    """``s`` with runs of whitespace folded to one space, stripped and casefolded: the form
    names are compared in."""
    return " ".join(s.split()).casefold()


def strip_markup(s: str) -> str:
    """The visible text of the inline markdown ``s``, whitespace folded and stripped.

    ``**Why** [[Meta|Meta's]] `x` \\| y`` becomes ``Why Meta's x | y``.
    """
    if _MARKUP_CHARS.isdisjoint(s):
        return " ".join(s.split())
    kept: list[str] = []

    def hole(text: str) -> str:
        # Protected text (code, escaped characters) sits in a private-use placeholder while
        # the other patterns run, so no pattern can take it for markup.
        kept.append(text)
        return f"\ue000{len(kept) - 1}\ue001"

    # A table cell's \| is a plain | even inside code (GFM unescapes it before inline parsing).
    s = s.replace("\\|", "|")
    if "`" in s:
        s = _CODE.sub(lambda m: hole(m.group(2)), s)
    if "\\" in s:
        s = _ESCAPE.sub(lambda m: hole(m.group(1)), s)
    if "[" in s:
        s = _WIKILINK.sub(_wikilink_text, s)
        s = _LINK.sub(r"\1", s)
    if "<" in s:
        s = _AUTOLINK.sub(r"\1", s)
        s = _TAG.sub("", s)
    for _ in range(4):  # nested emphasis (``_**x**_``) peels one layer per pass
        before = s
        if "**" in s or "~~" in s or "==" in s:
            s = _PAIRED.sub(r"\2", s)
        if "__" in s:
            s = _STRONG_UNDERSCORE.sub(r"\1", s)
        if "*" in s:
            s = _STAR.sub(r"\1", s)
        if "_" in s:
            s = _UNDERSCORE.sub(r"\1", s)
        if s == before:
            break
    if kept:
        s = _HOLE.sub(lambda m: kept[int(m.group(1))], s)
    return " ".join(s.split())


def _wikilink_text(match: re.Match[str]) -> str:
    inner = match.group(1)
    _, bar, alias = inner.partition("|")
    return alias if bar else inner


# Longest first, so ``***x***`` is read as one marker rather than ``**`` around ``*x*``.
MARKERS = ("***", "**", "__", "~~", "==", "*", "_")


def split_emphasis(cell: str) -> tuple[str, str, str]:
    """``(marker, inner, rest)`` of a cell whose leading value is emphasised, else
    ``("", cell, "")``. ``**1.2B+** (Apr 2025)`` gives ``("**", "1.2B+", " (Apr 2025)")``."""
    for marker in MARKERS:
        if not cell.startswith(marker):
            continue
        body = len(marker)
        if body >= len(cell) or cell[body].isspace() or cell[body] == marker[0]:
            continue
        close = cell.find(marker, body + 1)
        # A closing marker follows a non-space and is not part of a longer run (`***`).
        while close != -1 and (
            cell[close - 1].isspace()
            or cell[close + len(marker) : close + len(marker) + 1] == marker[0]
        ):
            close = cell.find(marker, close + 1)
        if close == -1:
            continue
        rest = cell[close + len(marker) :]
        # `**a**b` is not a value with an annotation; `**a** (b)` and `**a**,` are.
        if rest and rest[0].isalnum():
            continue
        return marker, cell[body:close], rest
    return "", cell, ""
