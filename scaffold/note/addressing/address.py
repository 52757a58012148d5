"""Address syntax: how a command names one value in a note (finding those names in a note is
:mod:`scaffold.note.addressing.matching`).

Forms (the README and ``scaffold --help`` document them):

* ``KEY`` or ``KEY.SUB.SUB`` — a frontmatter value; a number indexes a list (``aliases.0``),
  a negative one from the end (``aliases.-1`` is the last item).
* ``SECTION > ROW`` — the second cell of the row whose first cell is ROW, in the first table
  under the heading SECTION.
* ``SECTION > ROW > COLUMN`` — the cell of that row under the header COLUMN.
* ``SECTION >`` — the table itself (to append rows to, or to read whole).
* ``NAME[n]`` for any of SECTION, ROW, COLUMN — the n-th (from 1, in document order) of the
  names that match, where several do: ``Quick stats[2] > Downloads``.

A key containing ``.`` or ``>`` is written in double quotes (``"a.b".c``) or with a backslash
(``a\\.b``); so is a name that really ends in ``[2]``. Names match case-insensitively with
whitespace folded; headings and row keys match after inline markup is stripped, and a row key
also answers to each wikilink target in it (``[[Page\\|Alias]]`` to ``Page``,
``[[Qwen]]/[[DeepSeek]]`` to ``DeepSeek``) when no row's text matches. SECTION may hold ``*``
globs, and may leave out a heading's trailing parenthetical (``Llama 4 family`` finds ``Llama 4
family (Apr 2025)``) unless a heading matches as written; any heading level counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeVar

from scaffold.errors import UsageError

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class FrontmatterAddress:
    """A path of mapping keys (``str``) and list indexes (``int``) into the frontmatter."""

    path: tuple[str | int, ...]
    text: str


@dataclass(frozen=True, slots=True)
class TableAddress:
    """A table (``row is None``), a row's value cell, or a row's cell under a column.

    Each ``*_pick`` is the ``[n]`` written after that part (1-based: the n-th match in
    document order), or ``None`` when the part must match exactly one thing.
    """

    section: str
    row: str | None
    column: str | None
    text: str
    section_pick: int | None = None
    row_pick: int | None = None
    column_pick: int | None = None

    def spelled(self, part: int | None = None, pick: int | None = None) -> str:
        """The address as text, with ``pick`` as the ``[n]`` of ``part`` (0: the section,
        1: the row, 2: the column): what an error suggests to pick one of several matches."""
        names = [self.section, self.row, self.column]
        picks = [self.section_pick, self.row_pick, self.column_pick]
        if part is not None:
            picks[part] = pick
        shown = [
            quote_name(name) + (f"[{n}]" if n is not None else "")
            for name, n in zip(names, picks, strict=True)
            if name is not None
        ]
        return " > ".join(shown) if self.row is not None else f"{shown[0]} >"


Address = FrontmatterAddress | TableAddress

# ``Name[2]``: the second of the names that match. Only an unquoted, unescaped suffix counts.
_PICK = re.compile(r"\[([0-9]+)\][ \t]*$")


# -- writing addresses: every feature that writes an address quotes its parts here ----------

_KEY_SPECIAL = frozenset('\\.>"')
_NAME_SPECIAL = frozenset('\\>"')


def quote_key(key: str | int) -> str:
    """One frontmatter key as address text (``a.b`` -> ``a\\.b``); an int is a list index.
    A key with spaces around it, or an empty one, is written in double quotes."""
    if isinstance(key, int):
        return str(key)
    if key != key.strip() or not key:
        return '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if _KEY_SPECIAL.isdisjoint(key):
        return key
    return "".join("\\" + ch if ch in _KEY_SPECIAL else ch for ch in key)


def quote_name(name: str) -> str:
    """A section, row or column name as address text: ``\\``, ``"`` and ``>`` escaped, and
    a name that really ends in ``[n]`` escaped so that it is not read as a pick."""
    if _NAME_SPECIAL.isdisjoint(name) and not name.rstrip(" \t").endswith("]"):
        return name
    escaped = "".join("\\" + ch if ch in _NAME_SPECIAL else ch for ch in name)
    return re.sub(r"\[([0-9]+\][ \t]*)$", r"\\[\1", escaped)


_Part = tuple[str, bool, int | None]
"""One part of an address: its text (unescaped), whether any of it was quoted (a quoted
number is a key, not a list index), and its ``[n]`` pick (only when asked for)."""


def _split(text: str, sep: str, *, address: str, picks: bool = False) -> list[_Part]:
    """Split on unescaped, unquoted ``sep``; with ``picks``, a part ending in an unescaped,
    unquoted ``[n]`` has it taken off as its pick."""
    if "\\" not in text and '"' not in text:  # nothing escaped or quoted: the usual case
        return [_part(part, [False] * len(part), False, picks, address) for part in text.split(sep)]
    parts: list[_Part] = []
    buf: list[str] = []
    literal: list[bool] = []  # per character of ``buf``: escaped or quoted
    quoted = in_quotes = False
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            buf.append(text[i + 1])
            literal.append(True)
            i += 2
            continue
        if ch == '"':
            in_quotes = not in_quotes
            quoted = True
        elif ch == sep and not in_quotes:
            parts.append(_part("".join(buf), literal, quoted, picks, address))
            buf, literal, quoted = [], [], False
        else:
            buf.append(ch)
            literal.append(in_quotes)
        i += 1
    if in_quotes:
        raise UsageError(
            f"address {address!r} has an unclosed double quote",
            hint='close the quote, e.g. "a.b".c',
        )
    parts.append(_part("".join(buf), literal, quoted, picks, address))
    return parts


def _part(text: str, literal: list[bool], quoted: bool, picks: bool, address: str) -> _Part:
    if not picks or "[" not in text:
        return text, quoted, None
    m = _PICK.search(text)
    if m is None or any(literal[m.start() : m.end()]):
        return text, quoted, None
    n = int(m.group(1))
    if n < 1:
        raise UsageError(
            f"address {address!r} picks match [{n}]; matches are counted from 1",
            hint="[1] is the first match, [2] the second",
        )
    return text[: m.start()], quoted, n


def _is_index(key: str) -> bool:
    """Whether an unquoted key is a list index: ``0``, ``12``, or ``-1`` (from the end)."""
    digits = key[1:] if key.startswith("-") else key
    return digits.isascii() and digits.isdigit()  # "²" is a digit, but not an int


def parse(text: str) -> Address:
    """Parse an address string; a malformed one raises :class:`UsageError`."""
    if not text.strip():
        raise UsageError("the address is empty", hint="e.g. 'aliases' or 'Quick stats > Downloads'")
    segments = _split(text, ">", address=text, picks=True)
    if len(segments) == 1:
        keys: list[str | int] = []
        for raw, quoted, _ in _split(text, ".", address=text):
            key = raw if quoted else raw.strip()
            if key == "":
                raise UsageError(
                    f"address {text!r} has an empty key",
                    hint='write keys that contain dots in quotes: "a.b"',
                )
            keys.append(int(key) if not quoted and _is_index(key) else key)
        return FrontmatterAddress(tuple(keys), text)
    names = [" ".join(raw.split()) for raw, _, _ in segments]
    picks = [pick for _, _, pick in segments]
    if len(names) > 3:
        raise UsageError(
            f"address {text!r} has {len(names) - 1} '>' separators; at most 2 are allowed",
            hint="SECTION > ROW > COLUMN; escape a literal '>' as '\\>'",
        )
    if not names[0]:
        raise UsageError(f"address {text!r} names no section", hint="SECTION > ROW")
    if len(names) == 2 and not names[1]:
        if picks[1] is not None:
            raise UsageError(f"address {text!r} picks a match of no row", hint="SECTION > ROW[n]")
        return TableAddress(names[0], None, None, text, picks[0])
    if any(not n for n in names[1:]):
        raise UsageError(f"address {text!r} has an empty part", hint="SECTION > ROW > COLUMN")
    column = names[2] if len(names) == 3 else None
    column_pick = picks[2] if len(names) == 3 else None
    return TableAddress(names[0], names[1], column, text, picks[0], picks[1], column_pick)
