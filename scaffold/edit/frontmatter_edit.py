"""Frontmatter edits as spans: set, delete, rename, append to and remove from lists.

Each operation returns a :class:`Change`: the edits to splice into the note, and the data the
frontmatter must hold afterwards. ``expected`` is computed from the *old* data with the change
applied in python, never from the new text, so the caller can re-parse the edited note and
refuse to write when the two differ. Every byte outside the edited spans stays as it was.

Nodes that share data with others (``&anchor``, ``*alias``, ``<<`` merge keys) and explicitly
tagged nodes are refused (:mod:`~scaffold.edit.frontmatter_refuse`): editing one in place would
silently change, or fail to change, its copies. The new text for missing keys and appended
items comes from :mod:`~scaffold.edit.frontmatter_insert`, removals from
:mod:`~scaffold.edit.frontmatter_remove`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scaffold.edit.frontmatter_insert import (
    Source,
    append_to_list,
    insert_keys,
    null_to_collection,
)
from scaffold.edit.frontmatter_refuse import editable_target, refuse_merge, refuse_shared
from scaffold.edit.frontmatter_remove import remove_member
from scaffold.edit.splice import Edit
from scaffold.edit.yaml_scalar import convert, render_scalar
from scaffold.errors import AddressError, TargetMissingError, ValueRefusedError
from scaffold.note.addressing.resolve import FrontmatterTarget, KeyPath, KeyStep, describe
from scaffold.note.yaml.frontmatter import load_data
from scaffold.note.yaml.nodes import Block, Node
from scaffold.text import Lines

__all__ = ["Change", "Path", "append_item", "delete_key", "remove_item", "rename_key", "set_value"]

Path = KeyPath
"""An address inside the frontmatter: mapping keys; an int indexes a sequence."""


@dataclass(frozen=True, slots=True)
class Change:
    """What one frontmatter operation does to a note."""

    edits: tuple[Edit, ...]
    """The spans to replace; everything else stays byte-identical."""
    expected: object
    """The whole frontmatter data (as ``load_data`` returns it) after the change."""
    line: int
    """1-based line of the changed node, for messages."""


# ---------------------------------------------------------------------------------------------
# Public operations


def set_value(
    text: str,
    lines: Lines,
    block: Block | None,
    root: Node | None,
    path: Path,
    raw: str,
    type_hint: str = "auto",
) -> Change:
    """Set the scalar at ``path`` to the value ``raw`` stands for, creating missing keys."""
    _check_path(path)
    data = _old_data(text, block)
    target = editable_target(root, path)
    if not target.found:
        value = convert(raw, None, type_hint)
        return _create_missing(Source(text, lines, block), target, value, data)
    steps, node = target.steps, target.require()
    where = _describe(path)
    if node.kind != "scalar":
        raise ValueRefusedError(
            f"{where} is a {_kind(node)}, not a single value",
            line=node.line,
            col=node.col,
            hint=(
                f"use append/remove to change its items, or address one item like `{where}.0`"
                if node.kind == "seq"
                else f"address one of its keys, like `{where}.<key>`"
            ),
        )
    refuse_shared(steps, node, where)
    value = convert(raw, node, type_hint)
    rendered = render_scalar(value, style=node.style, flow=target.flow)
    if node.start == node.end:
        edit = Edit(node.start, node.end, " " + rendered)
        if not _empty_locatable(text, steps[-1], node):
            raise ValueRefusedError(
                f"cannot locate the empty value of {where} in the text",
                line=node.line,
                hint="write a placeholder value (e.g. `null`) by hand, then set it",
            )
    else:
        edit = Edit(node.start, _replaced_end(text, node), rendered)
    expected = _set_in(data, target.data_keys, value)
    return Change((edit,), expected, node.line)


def delete_key(
    text: str,
    lines: Lines,
    block: Block | None,
    root: Node | None,
    path: Path,
) -> Change:
    """Delete the mapping entry (or, for an int last element, the list item) at ``path``."""
    _check_path(path)
    target = editable_target(root, path)
    node = target.require()
    steps = target.steps
    step = steps[-1]
    refuse_shared(steps[:-1], step.container, _describe(path[:-1]) or "the frontmatter")
    refuse_merge(step.container, path)
    data = _old_data(text, block)
    assert root is not None
    edits = remove_member(text, lines, step.container, step.index, root)
    expected = _delete_in(data, target.data_keys)
    return Change(edits, expected, node.line)


def rename_key(
    text: str,
    lines: Lines,
    block: Block | None,
    root: Node | None,
    path: Path,
    new_key: str,
) -> Change:
    """Rename the key at ``path`` to ``new_key`` in place; refuses when ``new_key`` exists."""
    _check_path(path)
    if not isinstance(path[-1], str):
        raise ValueRefusedError(
            f"{_describe(path)} is a list item; only mapping keys can be renamed",
        )
    target = editable_target(root, path)
    target.require()
    steps = target.steps
    step = steps[-1]
    container = step.container
    refuse_merge(container, path)
    entry = container.entries[step.index]
    for other in container.entries:
        if other is not entry and other.key.kind == "scalar" and other.key.value == new_key:
            raise ValueRefusedError(
                f"cannot rename {_describe(path)} to {new_key!r}: that key already exists",
                line=other.key.line,
                col=other.key.col,
                hint="delete or rename the existing key first",
            )
    if entry.key.alias or entry.key.anchor or entry.key.tag:
        raise ValueRefusedError(
            f"the key {_describe(path)} has an anchor, alias or tag; rename it by hand",
            line=entry.key.line,
        )
    style = entry.key.style if entry.key.style in ("plain", "single", "double") else "plain"
    rendered = render_scalar(new_key, style=style, flow=step.flow)
    data = _old_data(text, block)
    parent = _get_in(data, target.data_keys[:-1])
    renamed = {(new_key if k == step.key else k): v for k, v in parent.items()}
    parent.clear()
    parent.update(renamed)
    return Change((Edit(entry.key.start, entry.key.end, rendered),), data, entry.key.line)


def append_item(
    text: str,
    lines: Lines,
    block: Block | None,
    root: Node | None,
    path: Path,
    raw: str,
    type_hint: str = "auto",
) -> Change:
    """Append the value ``raw`` stands for to the list at ``path``, creating the list if needed."""
    _check_path(path)
    data = _old_data(text, block)
    target = editable_target(root, path)
    if not target.found:
        value = convert(raw, None, type_hint)
        source = Source(text, lines, block)
        return _create_missing(source, target, [value], data)
    steps, node = target.steps, target.require()
    where = _describe(path)
    keys = target.data_keys
    refuse_shared(steps, node, where)
    if node.kind == "scalar" and node.value is None and not node.tag:
        assert block is not None  # the node was read from it
        value = convert(raw, None, type_hint)
        expected = _set_in(data, keys, [value])
        edits = null_to_collection(text, lines, block, steps[-1], [], [value])
        return Change(edits, expected, node.line)
    if node.kind != "seq":
        raise ValueRefusedError(
            f"{where} is a {_kind(node)}, not a list; cannot append to it",
            line=node.line,
            col=node.col,
            hint=f"use `set` to change it, or delete it first to make `{where}` a list",
        )
    last = node.items[-1] if node.items else None
    value = convert(raw, last if last is not None and last.kind == "scalar" else None, type_hint)
    expected = _set_in(data, keys, [*_get_in(data, keys), value])
    made = append_to_list(text, lines, node, value)
    return Change(made.edits, expected, made.line)


def remove_item(
    text: str,
    lines: Lines,
    block: Block | None,
    root: Node | None,
    path: Path,
    raw: str,
) -> Change:
    """Remove the first item of the list at ``path`` equal to the value ``raw`` stands for."""
    _check_path(path)
    target = editable_target(root, path)
    steps, node = target.steps, target.require()
    where = _describe(path)
    if node.kind != "seq":
        raise ValueRefusedError(
            f"{where} is a {_kind(node)}, not a list",
            line=node.line,
            col=node.col,
            hint=f"use `delete {where}` to remove it",
        )
    refuse_shared(steps, node, where)
    index = _match_item(node, raw)
    if index is None:
        shown = tuple(_item_text(item) for item in node.items)
        raise TargetMissingError(
            f"{where} has no item {raw!r}",
            candidates=shown,
            line=node.line,
            hint=("its items: " + ", ".join(shown)) if shown else f"{where} is empty",
        )
    data = _old_data(text, block)
    assert root is not None
    edits = remove_member(text, lines, node, index, root)
    expected = _delete_in(data, [*target.data_keys, index])
    return Change(edits, expected, node.items[index].line)


# ---------------------------------------------------------------------------------------------
# Walking a path


def _empty_locatable(text: str, step: KeyStep, node: Node) -> bool:
    """Whether an empty scalar's span sits right after the `:` or `-` that introduces it."""
    if node.start == 0:
        return False
    if step.container.kind == "map":
        key = step.container.entries[step.index].key
        return node.start > key.end and text[node.start - 1] == ":"
    return step.container.style == "block" and text[node.start - 1] == "-"


def _replaced_end(text: str, node: Node) -> int:
    """Where the edit replacing ``node`` ends: its span, plus, for a block scalar, trailing
    whitespace-only lines holding a tab, which would be invalid YAML once outside it."""
    if node.style not in ("literal", "folded"):
        return node.end
    stop = node.end
    while stop < len(text) and text[stop] in " \t\r\n":
        stop += 1
    run = text[node.end : stop]
    first, last = run.find("\n"), run.rfind("\n")
    if first == last or "\t" not in run[first:last]:
        return node.end
    end = node.end + last
    return end - 1 if text[end - 1] == "\r" else end


def _check_path(path: Path) -> None:
    if not path:
        raise AddressError("empty frontmatter address", hint="name a key, like `title`")


_describe = describe


def _kind(node: Node) -> str:
    return {"scalar": "single value", "seq": "list", "map": "mapping"}[node.kind]


def _new_keys(path: Path, start: int) -> list[str]:
    keys: list[str] = []
    for element in path[start:]:
        if isinstance(element, int):
            raise AddressError(
                f"{_describe(path)}: cannot create list item {element} of a missing list",
                hint="append to the list instead",
            )
        keys.append(element)
    return keys


# ---------------------------------------------------------------------------------------------
# Python-side expectations


def _old_data(text: str, block: Block | None) -> Any:
    if block is None:
        return {}
    data = load_data(text, block)
    return data


def _get_in(data: Any, keys: list[Any]) -> Any:
    for key in keys:
        data = data[key]
    return data


def _set_in(data: Any, keys: list[Any], value: Any) -> Any:
    target = data
    for key in keys[:-1]:
        if isinstance(target, dict) and not isinstance(target.get(key), dict | list):
            target[key] = {}
        target = target[key]
    target[keys[-1]] = value
    return data


def _delete_in(data: Any, keys: list[Any]) -> Any:
    del _get_in(data, keys[:-1])[keys[-1]]
    return data


# -- creating what a path lacks: the keys after the last one found, holding the new value ---


def _create_missing(src: Source, target: FrontmatterTarget, stored: Any, data: Any) -> Change:
    """Create the keys ``target`` lacks, the last one holding ``stored``."""
    found = len(target.steps)
    keys = _new_keys(target.path, found)
    if target.parent is not None:
        where = _describe(target.path[:found]) or "the frontmatter"
        refuse_shared(target.steps, target.parent, where)
    expected = _set_in(data, [*target.data_keys, *keys], stored)
    made = insert_keys(src, target, keys, stored)
    return Change(made.edits, expected, made.line)


def _match_item(node: Node, raw: str) -> int | None:
    for wanted_type in (False, True):
        for index, item in enumerate(node.items):
            if item.kind != "scalar" or item.alias:
                continue
            if not wanted_type:
                converted = convert(raw, item, "auto")
                if item.value == converted and type(item.value) is type(converted):
                    return index
            elif _item_text(item) == raw:
                return index
    return None


def _item_text(item: Node) -> str:
    if item.kind != "scalar":
        return f"<{_kind(item)}>"
    if item.value is None:
        return "null"
    if isinstance(item.value, bool):
        return "true" if item.value else "false"
    return str(item.value)
