"""The frontmatter block of a note: where it is, and its YAML as a tree of source spans.

A block opens with ``---`` on the very first line and closes at the next line that is ``---`` or
``...``; trailing spaces and tabs are allowed on both fences. Obsidian accepts exactly this, so
``----`` or ``--- x`` on line 1 is body text, not frontmatter (python-frontmatter would take
``----``; scaffold does not, because Obsidian shows it as a rule and body text).

The YAML is read once (YAML 1.2, safe). That single pass gives both the node tree with offsets
into the *note* text (:func:`parse_nodes`) and the plain python data (:func:`load_data`); the
pair is cached per block text, so asking for both costs one parse. Two readers share the work:
:mod:`scaffold.note.yaml._flat` reads the flat `key: value` frontmatter most notes have in
microseconds, and :mod:`scaffold.note.yaml._compose` composes everything else with ruamel.yaml.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

from scaffold.errors import (
    AddressError,
    AmbiguousAddressError,
    NoteParseError,
    TargetMissingError,
    UnclosedFrontmatterError,
)
from scaffold.note.yaml._flat import read_flat
from scaffold.note.yaml.nodes import Block, Entry, Locator, Node
from scaffold.text import Lines

_FENCES = ("---", "...")


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
    raise UnclosedFrontmatterError(
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


def find_entry(
    node: Node, key: str, path: str | Path | None = None, *, where: str = "here"
) -> Entry:
    """The entry of mapping ``node`` whose key is ``key``.

    An exact match wins; otherwise a single case-insensitive match is accepted. Two or more
    case-insensitive matches raise :class:`AmbiguousAddressError` (``Title`` and ``title``
    both present: ``TITLE`` names neither). No match raises :class:`AddressError` listing
    the keys that exist; ``where`` names the mapping in that message (``"in the
    frontmatter"``, ``"under a.b"``).
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
        shown = tuple(_key_text(e.key) for e in loose)
        listed = ", ".join(f"{n!r} (line {e.key.line})" for n, e in zip(shown, loose, strict=True))
        raise AmbiguousAddressError(
            f"key {key!r} is ambiguous {where}: it matches {listed}",
            candidates=shown,
            path=path,
            line=loose[0].key.line,
            col=loose[0].key.col,
            hint="spell the key with its exact case: " + " or ".join(repr(n) for n in shown),
        )
    import difflib  # only a missing key needs it: keep it off `get`'s path

    close = difflib.get_close_matches(key, candidates, n=3)
    if close:
        hint = f"Did you mean {' or '.join(repr(c) for c in close)}?"
    elif candidates:
        hint = "existing keys: " + ", ".join(candidates)
    else:
        hint = "the mapping is empty"
    raise TargetMissingError(
        f"no key {key!r} {where}", candidates=candidates, path=path, line=node.line, hint=hint
    )


def scalar_text(value: object) -> str:
    """A frontmatter scalar as text, the way ``scaffold get`` prints it: ``true``/``false``,
    a date in ISO form, nothing for null. The one display of a value: the CLI, the language
    server, bulk and check show values through it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):  # a datetime is a date too
        return value.isoformat()
    return str(value)


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
# Reading the block: cached, the fast reader first, ruamel when it declines


def _parse(text: str, block: Block, path: str | Path | None) -> tuple[Node | None, Any]:
    yaml_text = text[block.start : block.end]
    try:
        return _parse_cached(yaml_text, block.start)
    except NoteParseError as exc:
        if path is not None:
            exc.with_path(path)
        raise


@lru_cache(maxsize=32)
def _parse_cached(yaml_text: str, base: int, *, fast: bool = True) -> tuple[Node | None, Any]:
    """The node tree and data of one block's YAML (shared: callers copy the data).

    ``base`` is the block's offset in the note and its line 2; everything reported is
    translated to note offsets and note lines from it. ``fast=False`` skips the flat reader,
    so tests can compare it with ruamel.
    """
    if not yaml_text.strip():
        return None, {}
    locate = Locator(yaml_text, base)
    if fast:
        flat = read_flat(yaml_text, base, locate)
        if flat is not None:
            return flat
    from scaffold.note.yaml._compose import compose  # lazily: it imports ruamel

    return compose(yaml_text, base, locate)
