"""Address syntax: how a command names one value in a note, and how that name is found.

Forms (the README and ``scaffold --help`` document them):

* ``KEY`` or ``KEY.SUB.SUB`` — a frontmatter value; a number indexes a list (``aliases.0``),
  a negative one from the end (``aliases.-1`` is the last item).
* ``SECTION > ROW`` — the second cell of the row whose first cell is ROW, in the first table
  under the heading SECTION.
* ``SECTION > ROW > COLUMN`` — the cell of that row under the header COLUMN.
* ``SECTION >`` — the table itself (to append rows to, or to read whole).

A key containing ``.`` or ``>`` is written in double quotes (``"a.b".c``) or with a backslash
(``a\\.b``). Names match case-insensitively with whitespace folded; headings and row keys
match after inline markup is stripped (a row keyed ``[[Page\\|Alias]]`` also answers to
``Page``); SECTION may hold ``*`` globs, and may leave out a heading's trailing parenthetical
(``Llama 4 family`` finds ``Llama 4 family (Apr 2025)``); any heading level counts.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from scaffold.errors import AddressError, UsageError
from scaffold.note.inline import fold, strip_markup
from scaffold.note.model import Body, Section, Table
from scaffold.note.segments import SegmentedBody
from scaffold.text import Lines

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class FrontmatterAddress:
    """A path of mapping keys (``str``) and list indexes (``int``) into the frontmatter."""

    path: tuple[str | int, ...]
    text: str


@dataclass(frozen=True, slots=True)
class TableAddress:
    """A table (``row is None``), a row's value cell, or a row's cell under a column."""

    section: str
    row: str | None
    column: str | None
    text: str


Address = FrontmatterAddress | TableAddress


def _split(text: str, sep: str, *, address: str) -> list[tuple[str, bool]]:
    """Split on unescaped, unquoted ``sep``; each part comes back unescaped, with whether any
    of it was quoted (a quoted number is a key, not a list index)."""
    if "\\" not in text and '"' not in text:  # nothing escaped or quoted: the usual case
        return [(part, False) for part in text.split(sep)]
    parts: list[tuple[str, bool]] = []
    buf: list[str] = []
    quoted = in_quotes = False
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            buf.append(text[i + 1])
            i += 2
            continue
        if ch == '"':
            in_quotes = not in_quotes
            quoted = True
        elif ch == sep and not in_quotes:
            parts.append(("".join(buf), quoted))
            buf, quoted = [], False
        else:
            buf.append(ch)
        i += 1
    if in_quotes:
        raise UsageError(
            f"address {address!r} has an unclosed double quote",
            hint='close the quote, e.g. "a.b".c',
        )
    parts.append(("".join(buf), quoted))
    return parts


def _is_index(key: str) -> bool:
    """Whether an unquoted key is a list index: ``0``, ``12``, or ``-1`` (from the end)."""
    digits = key[1:] if key.startswith("-") else key
    return digits.isascii() and digits.isdigit()  # "²" is a digit, but not an int


def parse(text: str) -> Address:
    """Parse an address string; a malformed one raises :class:`UsageError`."""
    if not text.strip():
        raise UsageError("the address is empty", hint="e.g. 'aliases' or 'Quick stats > Downloads'")
    segments = _split(text, ">", address=text)
    if len(segments) == 1:
        keys: list[str | int] = []
        for raw, quoted in _split(text, ".", address=text):
            key = raw if quoted else raw.strip()
            if key == "":
                raise UsageError(
                    f"address {text!r} has an empty key",
                    hint='write keys that contain dots in quotes: "a.b"',
                )
            keys.append(int(key) if not quoted and _is_index(key) else key)
        return FrontmatterAddress(tuple(keys), text)
    names = [" ".join(raw.split()) for raw, _ in segments]
    if len(names) > 3:
        raise UsageError(
            f"address {text!r} has {len(names) - 1} '>' separators; at most 2 are allowed",
            hint="SECTION > ROW > COLUMN; escape a literal '>' as '\\>'",
        )
    if not names[0]:
        raise UsageError(f"address {text!r} names no section", hint="SECTION > ROW")
    if len(names) == 2 and not names[1]:
        return TableAddress(names[0], None, None, text)
    if any(not n for n in names[1:]):
        raise UsageError(f"address {text!r} has an empty part", hint="SECTION > ROW > COLUMN")
    return TableAddress(names[0], names[1], names[2] if len(names) == 3 else None, text)


def _matcher(pattern: str, *, glob: bool) -> Callable[[str], bool]:
    """A predicate over already-folded names."""
    if glob and "*" in pattern:
        rx = re.compile(".*".join(re.escape(fold(p)) for p in pattern.split("*")), re.DOTALL)
        return lambda name: rx.fullmatch(name) is not None
    want = fold(strip_markup(pattern))
    return lambda name: name == want


def _did_you_mean(pattern: str, names: Sequence[str]) -> tuple[str, ...]:
    by_fold = {fold(n): n for n in names}
    close = difflib.get_close_matches(fold(pattern), list(by_fold), n=3, cutoff=0.5)
    return tuple(by_fold[c] for c in close)


def _missing(what: str, pattern: str, names: Sequence[str], where: str) -> AddressError:
    close = _did_you_mean(pattern, names)
    listing = ", ".join(repr(n) for n in names[:20]) or "none"
    hint = (
        f"Did you mean {' or '.join(repr(c) for c in close)}?"
        if close
        else f"{what}s {where}: {listing}"
    )
    return AddressError(f"no {what} matches {pattern!r} {where}", candidates=close, hint=hint)


# "Llama 4 family (Apr 2025)" is addressable as "Llama 4 family": headings often carry a date.
_TRAILING_PAREN = re.compile(r"\s*\([^()]*\)\s*$")


def _heading_matches(name: str, match: Callable[[str], bool]) -> bool:
    """Whether a heading's name, or the name without a trailing parenthetical, matches."""
    return match(fold(name)) or (")" in name and match(fold(_TRAILING_PAREN.sub("", name))))


def find_section(body: Body, lines: Lines, pattern: str) -> Section:
    """The one section whose heading matches ``pattern`` (globs allowed)."""
    match = _matcher(pattern, glob=True)
    if isinstance(body, SegmentedBody):  # match the headings; build only the hit's section
        found = [k for k, h in enumerate(body.headings) if _heading_matches(h.name, match)]
        if len(found) == 1:
            return body.section(found[0])
    hits = [s for s in body.sections if s.heading and _heading_matches(s.heading.name, match)]
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        listed = tuple(f"{s.heading.name} (line {s.line})" for s in hits if s.heading)
        raise AddressError(
            f"section {pattern!r} is ambiguous: it matches {', '.join(listed)}",
            candidates=listed,
            line=hits[0].line,
            hint="use more of the heading's words, or a narrower glob",
        )
    hidden = _hidden_heading(body, lines, match)
    if hidden is not None:
        raise hidden
    names = [s.heading.name for s in body.sections if s.heading]
    raise _missing("section", pattern, names, "in this note")


_HEADING_LIKE = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$")


def _hidden_heading(body: Body, lines: Lines, match: Callable[[str], bool]) -> AddressError | None:
    """A heading that only exists inside a code block or comment gets its own clear error."""
    for region in body.hidden:
        for index in range(region.line - 1, min(region.end_line, len(lines))):
            m = _HEADING_LIKE.match(lines.content[index])
            if m and match(fold(strip_markup(m.group(1)))):
                return AddressError(
                    f"heading {m.group(1)!r} is inside a {region.kind.replace('-', ' ')} "
                    f"(lines {region.line}-{region.end_line}); scaffold does not edit there",
                    line=index + 1,
                    hint="move the table out of the code block, or edit it by hand",
                )
    return None


def first_table(section: Section) -> Table:
    """The first table under a section's heading (its subsections included)."""
    if not section.tables:
        name = section.heading.name if section.heading else "(top)"
        raise AddressError(
            f"section {name!r} (line {section.line}) has no table",
            line=section.line,
            hint="check the section name; tables need a header and a '| --- |' delimiter row",
        )
    return section.tables[0]


def _find_one(
    what: str,
    pattern: str,
    names: Sequence[str],
    lines_of: Sequence[int],
    where: str,
    fallback: Sequence[str] = (),
) -> int:
    """The one index whose name matches; ``fallback`` names are tried when none does."""
    match = _matcher(pattern, glob=False)
    hits = [i for i, n in enumerate(names) if match(fold(n))]
    if not hits and fallback:
        hits = [i for i, n in enumerate(fallback) if n and match(fold(n))]
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        listed = tuple(f"{names[i]} (line {lines_of[i]})" for i in hits)
        raise AddressError(
            f"{what} {pattern!r} is ambiguous {where}: {', '.join(listed)}",
            candidates=listed,
            line=lines_of[hits[0]],
            hint=f"make the {what} names unique, or edit by line",
        )
    raise _missing(what, pattern, list(names), where)


_LINK_TARGET = re.compile(r"\[\[([^\]|\\#]+)[^\]]*\]\]")


def _only_match(pattern: str, names: Sequence[str]) -> int | None:
    """The index of the one name matching ``pattern``, when exactly one does: the usual
    case, decided before the fallbacks and messages of :func:`_find_one` are built."""
    match = _matcher(pattern, glob=False)
    hits = [i for i, n in enumerate(names) if match(fold(n))]
    return hits[0] if len(hits) == 1 else None


def find_row(table: Table, key: str, section_name: str) -> int:
    """Index into ``table.rows`` of the row whose first cell matches ``key``."""
    keys = [r.cells[0].text if r.cells else "" for r in table.rows]
    names = [strip_markup(k) for k in keys]
    found = _only_match(key, names)
    if found is not None:
        return found
    # "[[Page\|Alias]]" reads as "Alias", but its link target names the row too.
    targets = [m.group(1) if (m := _LINK_TARGET.search(k)) else "" for k in keys]
    where = f"in the table under {section_name!r} (line {table.line})"
    return _find_one("row", key, names, [r.line for r in table.rows], where, targets)


def find_column(table: Table, name: str, section_name: str) -> int:
    """Index of the header cell matching ``name``."""
    names = [strip_markup(c.text) for c in table.header.cells]
    found = _only_match(name, names)
    if found is not None:
        return found
    where = f"in the table under {section_name!r} (line {table.line})"
    return _find_one("column", name, names, [table.line] * len(names), where)
