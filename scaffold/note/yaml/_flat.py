"""The fast reader for flat frontmatter, the kind almost every note has.

Most frontmatter is a flat mapping of one-line values: `key: text`, `key: [a, b]`, `key:` plus
`- item` lines. ruamel's pure-python scanner needs ~0.2 ms even for one such line; reading the
subset directly takes a few microseconds. The subset is deliberately narrow: anything outside
it (nesting, block scalars, anchors, tags, escapes, tabs, numbers in unusual forms, duplicate
keys, any doubt) returns None and ruamel decides (:mod:`scaffold.note.yaml._compose`). A plain
value is a string exactly when no pattern of ruamel's YAML 1.2 resolver matches it, so
``1.3B+`` and ``10:00`` stay on the fast path. Tests compare both paths node for node and value
for value on every real note in the corpora.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from scaffold.note.yaml.nodes import Entry, Node

if TYPE_CHECKING:
    from scaffold.note.yaml.nodes import Locator

_FAST_REFUSE = re.compile(
    "[\t\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\\\\]"
)
_FAST_KEY = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#:]*")
_FAST_FLOW_BAD = re.compile("[][{}#:?'\"]")
_FAST_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_FAST_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+")
_FAST_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_FAST_BOOL = {
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}
_FAST_NULL = frozenset({"null", "Null", "NULL", "~"})
_FAST_SPECIAL_START = frozenset("0123456789+-.~=<")
# What ruamel's YAML 1.2 resolver reads as a float, an int or a timestamp (its patterns, in
# one): a plain scalar matching none of them is a string. One that matches, but not one of
# the simple forms above, is left to ruamel.
_IMPLICIT_NUMBER_OR_TIME = re.compile(
    r"[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)"
    r"|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)"
    r"|\.(?:nan|NaN|NAN)"
    r"|[-+]?0b[0-1_]+"
    r"|[-+]?0o?[0-7_]+"
    r"|[-+]?[0-9_]+"
    r"|[-+]?0x[0-9a-fA-F_]+"
    r"|[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
    r"|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
    r"(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?"
    r"(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?"
)
_FAST_PLAIN_BAD_START = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FAST_SPECIAL_WORDS = frozenset({"true", "false", "null"})


def _negative(text: str, pos: int, end: int) -> bool:
    """Whether a plain scalar starting with `-` is a negative number like ``-2.5``."""
    return text[pos] == "-" and pos + 1 < end and text[pos + 1].isdigit()


class _NotFast(Exception):
    """The block is outside the fast subset; ruamel will read it."""


def read_flat(yaml_text: str, base: int, locate: Locator) -> tuple[Node, Any] | None:
    """The node tree and the python data of ``yaml_text`` (at offset ``base`` of the note),
    or None when the block is outside the flat subset."""
    crlf = "\r\n" in yaml_text
    plain_text = yaml_text.replace("\r\n", "\n") if crlf else yaml_text
    if _FAST_REFUSE.search(plain_text):
        return None
    try:
        return _FastReader(yaml_text, base, locate).read()
    except _NotFast:
        return None


def _fast_scalar(text: str) -> object:
    """The YAML 1.2 value of the plain scalar ``text``, or _NotFast when unsure."""
    first = text[0]
    if first in _FAST_SPECIAL_START:
        if _FAST_INT.fullmatch(text):
            return int(text)
        if _FAST_FLOAT.fullmatch(text):
            return float(text)
        if _FAST_DATE.fullmatch(text):
            import datetime

            try:
                return datetime.date.fromisoformat(text)
            except ValueError:
                raise _NotFast from None
        if text in _FAST_NULL:
            return None
        if text == "=" or text == "<<" or _IMPLICIT_NUMBER_OR_TIME.fullmatch(text):
            raise _NotFast  # a number, timestamp, merge or value in another form
        return text  # ``1.3B+``, ``10:00``, ``~1B``: no YAML 1.2 resolver takes it
    if text in _FAST_BOOL:
        return _FAST_BOOL[text]
    if text in _FAST_NULL:
        return None
    if text.lower() in _FAST_SPECIAL_WORDS or len(text) > 1000:
        raise _NotFast
    return text


class _FastReader:
    __slots__ = ("base", "locate", "text")

    def __init__(self, text: str, base: int, locate: Locator) -> None:
        self.text = text
        self.base = base
        self.locate = locate

    def read(self) -> tuple[Node, Any]:
        text = self.text
        entries: list[Entry] = []
        data: dict[str, Any] = {}
        pos = 0
        size = len(text)
        # The open entry whose empty value may turn out to be a block sequence.
        pending: tuple[Node, int, int] | None = None  # key node, line end, colon+1
        items: list[Node] = []
        item_data: list[Any] = []
        item_indent = -1
        while pos < size:
            newline = text.find("\n", pos)
            line_end = size if newline == -1 else newline
            content_end = (
                line_end - 1 if line_end > pos and text[line_end - 1] == "\r" else line_end
            )
            line = text[pos:content_end]
            next_pos = line_end + 1
            stripped = line.lstrip(" ")
            if not stripped or stripped[0] == "#":
                pos = next_pos
                continue
            indent = len(line) - len(stripped)
            if (
                pending is not None
                and stripped[0] == "-"
                and (len(stripped) == 1 or stripped[1] == " ")
            ):
                if item_indent == -1:
                    item_indent = indent
                elif indent != item_indent:
                    raise _NotFast
                dash = pos + indent
                item, value = self.value(dash + 1, content_end, in_seq=True)
                items.append(item)
                item_data.append(value)
                pos = next_pos
                continue
            if indent:
                raise _NotFast
            if pending is not None:
                self.close(pending, items, item_data, entries, data)
                pending, items, item_data, item_indent = None, [], [], -1
            colon = line.find(":")
            while colon != -1 and colon + 1 < len(line) and line[colon + 1] != " ":
                colon = line.find(":", colon + 1)
            if colon <= 0:
                raise _NotFast
            key_text = line[:colon]
            if not _FAST_KEY.fullmatch(key_text) or key_text[-1] == " ":
                raise _NotFast
            key_value = _fast_scalar(key_text)
            if not isinstance(key_value, str) or key_value in data:
                raise _NotFast
            key = self.locate.node("scalar", pos, pos + colon, "plain", key_value)
            after = pos + colon + 1
            rest = text[after:content_end].strip(" ")
            if not rest or rest[0] == "#":
                pending = (key, content_end, after)
                data[key_value] = None
            else:
                value_node, value = self.value(after, content_end, in_seq=False)
                entries.append(Entry(key, value_node))
                data[key_value] = value
            pos = next_pos
        if pending is not None:
            self.close(pending, items, item_data, entries, data)
        if not entries:
            raise _NotFast
        last = entries[-1]
        end = max(last.value.end, last.key.end) - self.base
        start = entries[0].key.start - self.base
        return self.locate.node("map", start, end, "block", None, entries=tuple(entries)), data

    def close(
        self,
        pending: tuple[Node, int, int],
        items: list[Node],
        item_data: list[Any],
        entries: list[Entry],
        data: dict[str, Any],
    ) -> None:
        key, _, after = pending
        if not items:
            entries.append(Entry(key, self.locate.node("scalar", after, after, "plain", None)))
            return
        first = items[0].start - self.base
        dash = self.text.rfind("-", 0, first)
        seq = self.locate.node("seq", dash, items[-1].end - self.base, "block", None, tuple(items))
        entries.append(Entry(key, seq))
        data[str(key.value)] = item_data

    def value(self, start: int, end: int, *, in_seq: bool) -> tuple[Node, Any]:
        """The scalar or flow sequence in ``text[start:end]`` (after a `:` or `-`)."""
        text = self.text
        pos = start
        while pos < end and text[pos] == " ":
            pos += 1
        if pos == end or text[pos] == "#":
            if not in_seq:
                raise _NotFast
            return self.locate.node("scalar", start, start, "plain", None), None
        if pos == start:
            raise _NotFast  # `-x` or `:x` without a space
        first = text[pos]
        if first == "[" and not in_seq:
            return self.flow(pos, end)
        if first in "'\"":
            close, value = self.quoted(pos, end)
            self.comment_only(close, end)
            style = "single" if first == "'" else "double"
            return self.locate.node("scalar", pos, close, style, value), value
        if first in _FAST_PLAIN_BAD_START and not _negative(text, pos, end):
            raise _NotFast
        hash_at = text.find(" #", pos, end)
        stop = end if hash_at == -1 else hash_at
        while stop > pos and text[stop - 1] == " ":
            stop -= 1
        plain = text[pos:stop]
        if ": " in plain or plain.endswith(":"):
            raise _NotFast
        scalar = _fast_scalar(plain)
        return self.locate.node("scalar", pos, stop, "plain", scalar), scalar

    def quoted(self, pos: int, end: int) -> tuple[int, str]:
        text = self.text
        quote = text[pos]
        if quote == '"':
            close = text.find('"', pos + 1, end)
            if close == -1:
                raise _NotFast
            return close + 1, text[pos + 1 : close]
        chunks: list[str] = []
        cursor = pos + 1
        while True:
            close = text.find("'", cursor, end)
            if close == -1:
                raise _NotFast
            chunks.append(text[cursor:close])
            if close + 1 < end and text[close + 1] == "'":
                chunks.append("'")
                cursor = close + 2
                continue
            return close + 1, "".join(chunks)

    def comment_only(self, pos: int, end: int) -> None:
        rest = self.text[pos:end]
        stripped = rest.lstrip(" ")
        if stripped and (stripped[0] != "#" or len(stripped) == len(rest)):
            raise _NotFast

    def flow(self, pos: int, end: int) -> tuple[Node, Any]:
        text = self.text
        close = text.find("]", pos, end)
        if close == -1:
            raise _NotFast
        self.comment_only(close + 1, end)
        items: list[Node] = []
        values: list[Any] = []
        cursor = pos + 1
        if text[cursor:close].strip(" "):
            while True:
                comma = text.find(",", cursor, close)
                stop = close if comma == -1 else comma
                item_start = cursor
                while item_start < stop and text[item_start] == " ":
                    item_start += 1
                item_end = stop
                while item_end > item_start and text[item_end - 1] == " ":
                    item_end -= 1
                if item_start == item_end:
                    raise _NotFast  # `[a, , b]` or a trailing comma
                first = text[item_start]
                piece = text[item_start:item_end]
                value: object
                if first in "'\"":
                    qclose, value = self.quoted(item_start, item_end)
                    if qclose != item_end:
                        raise _NotFast
                    style = "single" if first == "'" else "double"
                elif (
                    first in _FAST_PLAIN_BAD_START and not _negative(text, item_start, item_end)
                ) or _FAST_FLOW_BAD.search(piece):
                    raise _NotFast
                else:
                    style = "plain"
                    value = _fast_scalar(piece)
                items.append(self.locate.node("scalar", item_start, item_end, style, value))
                values.append(value)
                if comma == -1:
                    break
                cursor = comma + 1
        return self.locate.node("seq", pos, close + 1, "flow", None, tuple(items)), values
