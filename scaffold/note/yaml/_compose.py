"""The general frontmatter reader: ruamel.yaml composes the YAML, and its nodes become a
:class:`~scaffold.note.yaml.nodes.Node` tree with spans into the note text.

It reads any YAML 1.2 (nesting, block scalars, anchors and aliases, tags, merge keys) and turns
what ruamel raises for bad input into a located :class:`NoteParseError`; any other exception is
a bug, and is not dressed up as the user's invalid YAML. Flat frontmatter usually never gets
here: :mod:`scaffold.note.yaml._flat` reads it first. ruamel is imported on first use only.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from scaffold.errors import DuplicateKeyError, InvalidFrontmatterError, NoteParseError
from scaffold.note.yaml.nodes import Entry, Node

if TYPE_CHECKING:
    from scaffold.note.yaml.nodes import Locator

_YAML: Any = None


def _yaml() -> Any:
    global _YAML
    if _YAML is None:
        from ruamel.yaml import YAML

        _YAML = YAML(typ="safe", pure=True)
    return _YAML


def compose(yaml_text: str, base: int, locate: Locator) -> tuple[Node | None, Any]:
    """The node tree and the python data of ``yaml_text``, which starts at offset ``base`` of
    the note. Raises :class:`NoteParseError` at the note line and column of any YAML error.

    Only ruamel's own work (composing and constructing) is guarded: what it raises for bad
    input becomes a located parse error; anything raised by scaffold's code around it is a
    bug and propagates as one.
    """
    yaml = _yaml()
    with warnings.catch_warnings():
        # Valid YAML ruamel merely frowns on (a reused anchor name) must still load.
        warnings.simplefilter("ignore")
        root = _guarded(lambda: _compose_root(yaml, yaml_text), locate)
        if root is None:
            return None, {}
        if root.tag != "tag:yaml.org,2002:map":
            line, col = locate.line_col(root.start_mark.index)
            what = "a mapping of keys to values" if root.tag.startswith("tag:yaml.org") else ""
            raise InvalidFrontmatterError(
                f"the frontmatter is not {what or 'a plain mapping (it has a tag)'}",
                line=line,
                col=col,
                hint="write the frontmatter as plain `key: value` lines",
            )
        if "*" in yaml_text:
            _check_aliases(root, locate)
        pairs = _collect_pairs(root) if "<<" in yaml_text else None
        data, values = _guarded(lambda: _construct(yaml, root), locate)
    return _Builder(yaml_text, base, locate, values, pairs).build(root), data


ALIAS_LIMIT = 10_000
"""How many values ``*aliases`` may repeat in one frontmatter, counted as they expand (an
alias of a 3-item list repeats 4 values: the list and its items). Nested aliases multiply:
a "billion laughs" frontmatter of a few hundred bytes expands to billions of values, so one
past the limit is refused before anything is expanded."""


def _check_aliases(root: Any, locate: Locator) -> None:
    """Refuse a frontmatter whose aliases expand past :data:`ALIAS_LIMIT`, or that holds an
    alias inside the node it names (which never stops expanding). The composed graph shares
    each aliased node, so this walks every node once and expands nothing."""
    sizes: dict[int, int] = {}  # id(node) -> values in its expansion
    cap = 1 << 62  # far past any limit, and it keeps the numbers small
    stack: list[tuple[Any, bool]] = [(root, False)]
    open_: set[int] = set()  # nodes whose expansion is being counted: the path from the root
    while stack:
        node, counted = stack.pop()
        children = _children(node)
        if counted:
            open_.discard(id(node))
            sizes[id(node)] = min(cap, 1 + sum(sizes[id(c)] for c in children))
            continue
        if id(node) in sizes:
            continue
        open_.add(id(node))
        stack.append((node, True))
        for child in children:
            if id(child) in open_:
                line, col = locate.line_col(child.start_mark.index)
                name = getattr(child, "anchor", None) or "?"
                raise InvalidFrontmatterError(
                    f"the frontmatter's alias *{name} sits inside the node &{name} it names, "
                    "so it never stops expanding",
                    line=line,
                    col=col,
                    hint=f"replace *{name} with a value",
                )
            if id(child) not in sizes:
                stack.append((child, False))
    if sizes[id(root)] - len(sizes) > ALIAS_LIMIT:  # the values only aliases add
        line, col = locate.line_col(_biggest_alias(root, sizes).start_mark.index)
        raise InvalidFrontmatterError(
            f"the frontmatter's aliases repeat more than {ALIAS_LIMIT:,} values (nested "
            "*aliases multiply, as in a 'billion laughs' file); scaffold reads no further",
            line=line,
            col=col,
            hint="write the values out, or use fewer nested aliases",
        )


def _children(node: Any) -> list[Any]:
    value = node.value
    if isinstance(value, list):
        if value and isinstance(value[0], tuple):
            return [part for pair in value for part in pair]
        return list(value)
    return []


def _biggest_alias(root: Any, sizes: dict[int, int]) -> Any:
    """The first node whose expansion alone passes the limit, else the root: where to point."""
    node = root
    while True:
        big = [c for c in _children(node) if sizes.get(id(c), 0) > ALIAS_LIMIT]
        if not big:
            return node
        node = big[0]


def _compose_root(yaml: Any, yaml_text: str) -> Any:
    yaml.doc_infos.clear()  # ruamel appends one per call; a long bulk run would grow it
    return yaml.compose(yaml_text)


def _construct(yaml: Any, root: Any) -> tuple[Any, dict[Any, Any]]:
    """The python data of ``root``, and each ruamel node's constructed value.

    One compose pass feeds both outputs: the constructor's per-node results give each
    scalar's value to the tree builder, so nothing is parsed twice.
    """
    constructor = yaml.constructor
    try:
        data = constructor.construct_object(root, deep=True)
        while constructor.state_generators:
            generators = constructor.state_generators
            constructor.state_generators = []
            for generator in generators:
                for _ in generator:
                    pass
        return data, constructor.constructed_objects
    finally:
        constructor.constructed_objects = {}
        constructor.recursive_objects = {}
        constructor.state_generators = []
        constructor.deep_construct = False


T = TypeVar("T")


def _guarded(call: Callable[[], T], locate: Locator) -> T:
    """Run one step of ruamel's reading, turning what it raises for bad input into a located
    :class:`NoteParseError`."""
    from ruamel.yaml.error import YAMLError

    try:
        return call()
    except (YAMLError, ValueError) as exc:
        # ValueError: ruamel's constructors let it through for values such as `2023-02-30`
        # or `!!int 0x`.
        raise _translate(exc, locate) from None
    except RecursionError:
        raise InvalidFrontmatterError(
            "the frontmatter is nested too deeply to read",
            line=2,
            hint="flatten the nested lists or mappings",
        ) from None
    except AssertionError as exc:
        # ruamel asserts on some input (`%YAML 1.3`); an assertion anywhere else is a bug.
        if not _raised_in_ruamel(exc):
            raise
        raise _translate(exc, locate) from None


def _raised_in_ruamel(exc: BaseException) -> bool:
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and str(tb.tb_frame.f_globals.get("__name__", "")).startswith("ruamel.")


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


_SCALAR_STYLES = {None: "plain", "'": "single", '"': "double", "|": "literal", ">": "folded"}
_BLANKS = " \t\r\n"


class _Builder:
    __slots__ = ("base", "locate", "pairs", "seen", "text", "values")

    def __init__(
        self,
        text: str,
        base: int,
        locate: Locator,
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
            value = self.values.get(node)
            return self.locate.node("scalar", start, end, style, value, anchor=anchor, tag=tag)
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
            style = "flow" if flow else "block"
            return self.locate.node(
                "seq", start, end, style, None, tuple(items), anchor=anchor, tag=tag
            )
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
        style = "flow" if flow else "block"
        return self.locate.node(
            "map", start, end, style, None, entries=tuple(entries), anchor=anchor, tag=tag
        )

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
        made = self.locate.node(kind, pos, end, style, value)
        return _with(made, alias=True, anchor=anchor or None)


def _with(node: Node, **changes: Any) -> Node:
    from dataclasses import replace

    return replace(node, **changes)


def _translate(exc: Exception, locate: Locator) -> NoteParseError:
    """A located parse error for what ruamel raised."""
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
    problem = getattr(exc, "problem", None) or _first_line(exc) or name
    error: type[NoteParseError] = InvalidFrontmatterError
    if name == "DuplicateKeyError":
        error = DuplicateKeyError
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
    return error(message, line=line, col=col, hint=hint)


def _first_line(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0].strip() if lines else ""
