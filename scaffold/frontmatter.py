"""The frontmatter block of a note: where it is, and its YAML as a tree of source spans.

A block opens with ``---`` on the very first line and closes at the next line that is ``---`` or
``...``; trailing spaces and tabs are allowed on both fences. Obsidian accepts exactly this, so
``----`` or ``--- x`` on line 1 is body text, not frontmatter (python-frontmatter would take
``----``; scaffold does not, because Obsidian shows it as a rule and body text).

The YAML is composed once with ruamel.yaml (YAML 1.2, safe). That single pass gives both the
node tree with offsets into the *note* text (:func:`parse_nodes`) and the plain python data
(:func:`load_data`); the pair is cached per block text, so asking for both costs one parse.
"""

from __future__ import annotations

import difflib
import re
import warnings
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import AddressError, NoteParseError
from .text import Lines

_FENCES = ("---", "...")


@dataclass(frozen=True, slots=True)
class Block:
    """Where the frontmatter sits in a note. The YAML is ``text[start:end]``."""

    close_line: int
    """1-based line of the closing fence."""
    start: int
    """Offset of the first YAML character (the start of line 2)."""
    end: int
    """Offset of the closing fence line's start."""
    after: int
    """Offset just past the closing fence's line ending."""
    body_first: int
    """0-based index of the first line after the block."""


@dataclass(frozen=True, slots=True)
class Node:
    """One YAML node and the span of note text it was read from."""

    kind: str
    """``"scalar"``, ``"seq"`` or ``"map"``."""
    start: int
    """Offset into the note text of the node's first character (its anchor or tag, if any)."""
    end: int
    """Offset just past the node's last character (trailing blanks and comments excluded)."""
    line: int
    """1-based line of ``start`` in the note."""
    col: int
    """1-based column (in characters) of ``start``."""
    style: str
    """Scalars: plain, single, double, literal, folded. Collections: flow, block."""
    value: object
    """Scalars: the resolved python value (YAML 1.2 safe). Collections: None."""
    items: tuple[Node, ...] = ()
    """A sequence's items."""
    entries: tuple[Entry, ...] = ()
    """A mapping's entries, in source order."""
    anchor: str | None = None
    """The node's ``&anchor`` name, if it has one."""
    alias: bool = False
    """True when the node is a ``*alias`` of an anchored node (its span is the ``*name``)."""
    tag: str | None = None
    """An explicit tag written in the source (``!!str``, ``!foo``), or None."""


@dataclass(frozen=True, slots=True)
class Entry:
    """A key/value pair of a mapping."""

    key: Node
    value: Node


def find_block(text: str, lines: Lines, path: str | Path | None = None) -> Block | None:
    """Locate the frontmatter block, or return None when the note has none.

    Raises :class:`NoteParseError` when line 1 opens a block that no later line closes.
    """
    if not lines or lines.content[0].rstrip(" \t") != "---":
        return None
    content = lines.content
    for index in range(1, len(content)):
        if content[index].rstrip(" \t") in _FENCES:
            return Block(
                close_line=index + 1,
                start=lines.starts[1],
                end=lines.starts[index],
                after=lines.next_start(index),
                body_first=index + 1,
            )
    raise NoteParseError(
        "frontmatter opened on line 1 is never closed",
        path=path,
        line=1,
        col=1,
        hint="add a closing `---` line after the frontmatter",
    )


def parse_nodes(text: str, block: Block, path: str | Path | None = None) -> Node | None:
    """The block's YAML as a :class:`Node` tree, or None when it is empty or only comments.

    Raises :class:`NoteParseError` for invalid YAML, duplicate keys, more than one document or
    a top level that is not a mapping.
    """
    return _parse(text, block, path)[0]


def load_data(text: str, block: Block, path: str | Path | None = None) -> Any:
    """The block's YAML as plain python data (YAML 1.2 safe semantics); ``{}`` when empty."""
    return _copy(_parse(text, block, path)[1])


def parse(text: str, block: Block, path: str | Path | None = None) -> tuple[Node | None, Any]:
    """Both :func:`parse_nodes` and :func:`load_data` from one compose pass."""
    root, data = _parse(text, block, path)
    return root, _copy(data)


def find_entry(node: Node, key: str, path: str | Path | None = None) -> Entry:
    """The entry of mapping ``node`` whose key is ``key``.

    An exact match wins; otherwise a single case-insensitive match is accepted. Anything else
    raises :class:`AddressError` listing the keys that exist.
    """
    if node.kind != "map":
        raise AddressError(
            f"cannot look up key {key!r}: the value is a {_kind_name(node)}, not a mapping",
            path=path,
            line=node.line,
            col=node.col,
        )
    for entry in node.entries:
        if entry.key.value == key and entry.key.kind == "scalar":
            return entry
    names = [_key_text(e.key) for e in node.entries]
    for entry, name in zip(node.entries, names, strict=True):
        if name == key:
            return entry
    folded = key.casefold()
    loose = [e for e, n in zip(node.entries, names, strict=True) if n.casefold() == folded]
    if len(loose) == 1:
        return loose[0]
    candidates = tuple(names)
    if len(loose) > 1:
        raise AddressError(
            f"key {key!r} matches {len(loose)} keys that differ only in case",
            candidates=tuple(_key_text(e.key) for e in loose),
            path=path,
            line=node.line,
            col=node.col,
            hint="spell the key with its exact case",
        )
    close = difflib.get_close_matches(key, candidates, n=1)
    if close:
        hint = f"Did you mean {close[0]!r}?"
    elif candidates:
        hint = "existing keys: " + ", ".join(candidates)
    else:
        hint = "the mapping is empty"
    raise AddressError(
        f"no key {key!r} here", candidates=candidates, path=path, line=node.line, hint=hint
    )


def _key_text(node: Node) -> str:
    if node.kind != "scalar":
        return "<complex key>"
    value = node.value
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _kind_name(node: Node) -> str:
    return {"scalar": "scalar", "seq": "list", "map": "mapping"}[node.kind]


def _copy(data: Any) -> Any:
    # Cached results are shared, so hand out fresh containers; scalars are immutable.
    if isinstance(data, dict):
        return {k: _copy(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_copy(v) for v in data]
    return data


# ---------------------------------------------------------------------------------------------
# The ruamel pass


_YAML: Any = None


def _yaml() -> Any:
    global _YAML
    if _YAML is None:
        from ruamel.yaml import YAML

        _YAML = YAML(typ="safe", pure=True)
    return _YAML


def _parse(text: str, block: Block, path: str | Path | None) -> tuple[Node | None, Any]:
    yaml_text = text[block.start : block.end]
    try:
        return _parse_cached(yaml_text, block.start)
    except NoteParseError as exc:
        if path is not None:
            exc.with_path(path)
        raise


@lru_cache(maxsize=32)
def _parse_cached(yaml_text: str, base: int) -> tuple[Node | None, Any]:
    # ``base`` is the block's offset in the note and its line 2; everything reported is
    # translated to note offsets and note lines from it.
    if not yaml_text.strip():
        return None, {}
    locate = _Locator(yaml_text, base)
    if _FAST:
        fast = _fast_parse(yaml_text, base, locate)
        if fast is not None:
            return fast
    try:
        with warnings.catch_warnings():
            # Valid YAML ruamel merely frowns on (a reused anchor name) must still load.
            warnings.simplefilter("ignore")
            return _compose(yaml_text, base, locate)
    except NoteParseError:
        raise
    except Exception as exc:  # every ruamel failure becomes a located parse error
        raise _translate(exc, locate) from None


def _compose(yaml_text: str, base: int, locate: _Locator) -> tuple[Node | None, Any]:
    yaml = _yaml()
    yaml.doc_infos.clear()  # ruamel appends one per call; a long bulk run would grow it
    root = yaml.compose(yaml_text)
    if root is None:
        return None, {}
    if root.tag != "tag:yaml.org,2002:map":
        line, col = locate.line_col(root.start_mark.index)
        what = "a mapping of keys to values" if root.tag.startswith("tag:yaml.org") else ""
        raise NoteParseError(
            f"the frontmatter is not {what or 'a plain mapping (it has a tag)'}",
            line=line,
            col=col,
            hint="write the frontmatter as plain `key: value` lines",
        )
    pairs = _collect_pairs(root) if "<<" in yaml_text else None
    constructor = yaml.constructor
    try:
        # One compose pass feeds both outputs: the constructor's per-node results give each
        # scalar's value, so nothing is parsed twice.
        data = constructor.construct_object(root, deep=True)
        while constructor.state_generators:
            generators = constructor.state_generators
            constructor.state_generators = []
            for generator in generators:
                for _ in generator:
                    pass
        values = constructor.constructed_objects
        tree = _Builder(yaml_text, base, locate, values, pairs).build(root)
    finally:
        constructor.constructed_objects = {}
        constructor.recursive_objects = {}
        constructor.state_generators = []
        constructor.deep_construct = False
    return tree, data


def _collect_pairs(root: Any) -> dict[int, list[tuple[Any, Any]]]:
    # Merge keys make ruamel rewrite mapping nodes in place while constructing; keep the
    # source order so the tree still shows what is written.
    pairs: dict[int, list[tuple[Any, Any]]] = {}
    stack = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        name = type(node).__name__
        if name == "MappingNode":
            pairs[id(node)] = list(node.value)
            for k, v in node.value:
                stack.extend((k, v))
        elif name == "SequenceNode":
            stack.extend(node.value)
    return pairs


class _Locator:
    """Maps offsets in the YAML text to note lines and columns."""

    __slots__ = ("base", "newlines")

    def __init__(self, yaml_text: str, base: int) -> None:
        self.base = base
        newlines: list[int] = []
        pos = yaml_text.find("\n")
        while pos != -1:
            newlines.append(pos)
            pos = yaml_text.find("\n", pos + 1)
        self.newlines = newlines

    def line_col(self, index: int) -> tuple[int, int]:
        """1-based note line and column of YAML offset ``index`` (the YAML starts on line 2)."""
        before = bisect_right(self.newlines, index - 1)
        line_start = self.newlines[before - 1] + 1 if before else 0
        return before + 2, index - line_start + 1


_SCALAR_STYLES = {None: "plain", "'": "single", '"': "double", "|": "literal", ">": "folded"}
_BLANKS = " \t\r\n"


class _Builder:
    __slots__ = ("base", "locate", "pairs", "seen", "text", "values")

    def __init__(
        self,
        text: str,
        base: int,
        locate: _Locator,
        values: dict[Any, Any],
        pairs: dict[int, list[tuple[Any, Any]]] | None,
    ) -> None:
        self.text = text
        self.base = base
        self.locate = locate
        self.values = values
        self.pairs = pairs
        self.seen: set[int] = set()

    def build(self, node: Any, after: int = 0, indicator: str = "") -> Node:
        """Convert a ruamel node.

        ``after`` is where to look for the ``*alias`` naming it, or for the ``indicator``
        (``:`` or ``-``) an empty scalar follows.
        """
        text = self.text
        if id(node) in self.seen:
            return self._alias(node, after)
        self.seen.add(id(node))
        start = node.start_mark.index
        anchor = getattr(node, "anchor", None)
        tag = self._explicit_tag(start)
        name = type(node).__name__
        if name == "ScalarNode":
            end = node.end_mark.index
            style = _SCALAR_STYLES.get(node.style, "plain")
            if start == end:
                start = end = self._empty_position(after, start, indicator)
            elif style in ("literal", "folded"):
                # ruamel ends a block scalar at the next token; its trailing line breaks and
                # blank lines are not part of what an edit should replace.
                end = start + len(text[start:end].rstrip(_BLANKS))
            return self._node("scalar", start, end, style, self.values.get(node), anchor, tag)
        if name == "SequenceNode":
            items: list[Node] = []
            pos = start
            for child in node.value:
                item = self.build(child, pos, "-" if not node.flow_style else "")
                items.append(item)
                pos = item.end - self.base
            flow = bool(node.flow_style)
            end = node.end_mark.index if flow else (items[-1].end - self.base if items else start)
            if not flow and not items:
                end = start
            made = self._node("seq", start, end, "flow" if flow else "block", None, anchor, tag)
            return _with(made, items=tuple(items))
        pairs = self.pairs.get(id(node), node.value) if self.pairs is not None else node.value
        entries: list[Entry] = []
        pos = start
        for key_node, value_node in pairs:
            key = self.build(key_node, pos)
            value = self.build(value_node, key.end - self.base, ":")
            entries.append(Entry(key, value))
            pos = value.end - self.base
        flow = bool(node.flow_style)
        if flow:
            end = node.end_mark.index
        else:
            end = entries[-1].value.end - self.base if entries else start
            end = max(end, entries[-1].key.end - self.base) if entries else end
        made = self._node("map", start, end, "flow" if flow else "block", None, anchor, tag)
        return _with(made, entries=tuple(entries))

    def _node(
        self,
        kind: str,
        start: int,
        end: int,
        style: str,
        value: object,
        anchor: str | None,
        tag: str | None,
    ) -> Node:
        line, col = self.locate.line_col(start)
        base = self.base
        return Node(kind, start + base, end + base, line, col, style, value, anchor=anchor, tag=tag)

    def _explicit_tag(self, start: int) -> str | None:
        text = self.text
        if start >= len(text) or text[start] not in "&!":
            return None
        pos = start
        while pos < len(text) and text[pos] in "&!":
            stop = pos
            while stop < len(text) and text[stop] not in " \t\r\n,]}":
                stop += 1
            if text[pos] == "!":
                return text[pos:stop]
            pos = stop
            while pos < len(text) and text[pos] in " \t":
                pos += 1
        return None

    def _empty_position(self, after: int, fallback: int, indicator: str) -> int:
        # ruamel puts an empty scalar at the next token, possibly lines later; an edit wants
        # the spot right after the `:` (or `-`, `?`) that introduced it.
        text = self.text
        pos = after
        while pos < len(text):
            char = text[pos]
            if char in _BLANKS:
                pos += 1
            elif char == "#":
                newline = text.find("\n", pos)
                pos = len(text) if newline == -1 else newline
            else:
                break
        if indicator and pos < len(text) and text[pos] == indicator:
            return pos + 1
        # Not found (an explicit `? key` without `:`, a flow oddity): an empty span where no
        # indicator precedes it, which edits refuse.
        return min(after, fallback)

    def _alias(self, node: Any, after: int) -> Node:
        target = self.values.get(node)
        anchor = getattr(node, "anchor", None) or ""
        pos = self.text.find("*" + anchor, after) if anchor else -1
        if pos == -1:
            pos = node.start_mark.index
            end = node.end_mark.index
        else:
            end = pos + 1 + len(anchor)
        name = type(node).__name__
        kind = {"ScalarNode": "scalar", "SequenceNode": "seq"}.get(name, "map")
        style = "plain" if kind == "scalar" else "flow"
        value = target if kind == "scalar" else None
        made = self._node(kind, pos, end, style, value, None, None)
        return _with(made, alias=True, anchor=anchor or None)


def _with(node: Node, **changes: Any) -> Node:
    from dataclasses import replace

    return replace(node, **changes)


def _translate(exc: Exception, locate: _Locator) -> NoteParseError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line: int | None = None
    col: int | None = None
    if mark is not None and getattr(mark, "index", None) is not None:
        line, col = locate.line_col(mark.index)
    elif getattr(exc, "position", None) is not None:  # ruamel's ReaderError
        line, col = locate.line_col(int(exc.position))  # type: ignore[attr-defined]
    else:
        line = 2
    name = type(exc).__name__
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0] if str(exc) else name
    if name == "DuplicateKeyError":
        message = f"duplicate key in the frontmatter: {problem.split('with value')[0].strip()}"
        hint = "remove or rename one of the duplicate keys"
    elif name == "ComposerError" and "another document" in str(exc):
        message = "the frontmatter holds more than one YAML document"
        hint = "remove the `---` or `...` line inside the frontmatter, or indent it"
    elif name == "ReaderError":
        message = f"the frontmatter holds a character YAML does not allow ({exc})"
        hint = "remove the control character, or write it as an escape in double quotes"
    else:
        message = f"invalid YAML in the frontmatter: {problem}"
        hint = "fix the YAML syntax at that position (quote values that contain `: ` or `#`)"
    return NoteParseError(message, line=line, col=col, hint=hint)


# ---------------------------------------------------------------------------------------------
# The fast path
#
# Most frontmatter is a flat mapping of one-line values: `key: text`, `key: [a, b]`, `key:` plus
# `- item` lines. ruamel's pure-python scanner needs ~0.2 ms even for one such line; reading the
# subset directly takes a few microseconds. The subset is deliberately narrow: anything outside
# it (nesting, block scalars, anchors, tags, escapes, tabs, numbers in unusual forms, duplicate
# keys, any doubt) returns None and ruamel decides. Tests compare both paths node for node and
# value for value on every real note in the corpora.

_FAST = True
"""Switch for tests that compare the fast path with ruamel."""

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
# Every character an implicit int, float or timestamp can contain (hex digits, 0b/0o/0x,
# exponents, .inf/.nan, the T/Z and separators of timestamps).
_FAST_NUMERIC_CHARS = frozenset("0123456789_.+-: \tabcdefABCDEFxXoOiInNtTzZ")
_FAST_PLAIN_BAD_START = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FAST_SPECIAL_WORDS = frozenset({"true", "false", "null"})


def _negative(text: str, pos: int, end: int) -> bool:
    """Whether a plain scalar starting with `-` is a negative number like ``-2.5``."""
    return text[pos] == "-" and pos + 1 < end and text[pos + 1].isdigit()


class _NotFast(Exception):
    """The block is outside the fast subset; ruamel will read it."""


def _fast_parse(yaml_text: str, base: int, locate: _Locator) -> tuple[Node, Any] | None:
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
        if text not in ("=", "<<") and not _FAST_NUMERIC_CHARS.issuperset(text):
            # No YAML 1.2 number or timestamp holds this character: certainly a string.
            return text
        raise _NotFast
    if text in _FAST_BOOL:
        return _FAST_BOOL[text]
    if text in _FAST_NULL:
        return None
    if text.lower() in _FAST_SPECIAL_WORDS or len(text) > 1000:
        raise _NotFast
    return text


class _FastReader:
    __slots__ = ("base", "locate", "text")

    def __init__(self, text: str, base: int, locate: _Locator) -> None:
        self.text = text
        self.base = base
        self.locate = locate

    def node(
        self,
        kind: str,
        start: int,
        end: int,
        style: str,
        value: object,
        items: tuple[Node, ...] = (),
        entries: tuple[Entry, ...] = (),
    ) -> Node:
        line, col = self.locate.line_col(start)
        base = self.base
        return Node(kind, start + base, end + base, line, col, style, value, items, entries)

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
            key = self.node("scalar", pos, pos + colon, "plain", key_value)
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
        return self.node("map", start, end, "block", None, entries=tuple(entries)), data

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
            entries.append(Entry(key, self.node("scalar", after, after, "plain", None)))
            return
        first = items[0].start - self.base
        dash = self.text.rfind("-", 0, first)
        seq = self.node("seq", dash, items[-1].end - self.base, "block", None, tuple(items))
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
            return self.node("scalar", start, start, "plain", None), None
        if pos == start:
            raise _NotFast  # `-x` or `:x` without a space
        first = text[pos]
        if first == "[" and not in_seq:
            return self.flow(pos, end)
        if first in "'\"":
            close, value = self.quoted(pos, end)
            self.comment_only(close, end)
            style = "single" if first == "'" else "double"
            return self.node("scalar", pos, close, style, value), value
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
        return self.node("scalar", pos, stop, "plain", scalar), scalar

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
                items.append(self.node("scalar", item_start, item_end, style, value))
                values.append(value)
                if comma == -1:
                    break
                cursor = comma + 1
        return self.node("seq", pos, close + 1, "flow", None, tuple(items)), values
