"""Frontmatter edits as spans: set, delete, rename, append to and remove from lists.

Each operation returns a :class:`Change`: the edits to splice into the note, and the data the
frontmatter must hold afterwards. ``expected`` is computed from the *old* data with the change
applied in python, never from the new text, so the caller can re-parse the edited note and
refuse to write when the two differ. Every byte outside the edited spans stays as it was.

Nodes that share data with others (``&anchor``, ``*alias``, ``<<`` merge keys) and explicitly
tagged nodes are refused: editing one in place would silently change, or fail to change, its
copies.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Any

from scaffold.edit.verify import Edit
from scaffold.edit.yaml_scalar import convert, render_scalar
from scaffold.errors import AddressError, ValueRefusedError
from scaffold.note.frontmatter import load_data
from scaffold.note.resolve import FrontmatterTarget, KeyPath, Step, describe, resolve_path
from scaffold.note.yaml_nodes import Block, Node
from scaffold.text import Lines

__all__ = ["Change", "Path", "append_item", "delete_key", "remove_item", "rename_key", "set_value"]

Path = KeyPath
"""An address inside the frontmatter: mapping keys; an int indexes a sequence."""

ErrPath = str | FilePath | None


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
    path_for_errors: ErrPath = None,
) -> Change:
    """Set the scalar at ``path`` to the value ``raw`` stands for, creating missing keys."""
    _check_path(path, path_for_errors)
    data = _old_data(text, block, path_for_errors)
    target = _resolve(root, path, path_for_errors)
    if not target.found:
        value = convert(raw, None, type_hint)
        return _create_missing(_Source(text, lines, block), target, value, data, path_for_errors)
    steps, node = target.steps, target.require()
    where = _describe(path)
    if node.kind != "scalar":
        raise ValueRefusedError(
            f"{where} is a {_kind(node)}, not a single value",
            path=path_for_errors,
            line=node.line,
            col=node.col,
            hint=(
                f"use append/remove to change its items, or address one item like `{where}.0`"
                if node.kind == "seq"
                else f"address one of its keys, like `{where}.<key>`"
            ),
        )
    _refuse_shared(steps, node, where, path_for_errors)
    value = convert(raw, node, type_hint)
    rendered = render_scalar(value, style=node.style, flow=target.flow)
    if node.start == node.end:
        edit = Edit(node.start, node.end, " " + rendered)
        if not _empty_locatable(text, steps[-1], node):
            raise ValueRefusedError(
                f"cannot locate the empty value of {where} in the text",
                path=path_for_errors,
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
    path_for_errors: ErrPath = None,
) -> Change:
    """Delete the mapping entry (or, for an int last element, the list item) at ``path``."""
    _check_path(path, path_for_errors)
    target = _resolve(root, path, path_for_errors)
    node = target.require()
    steps = target.steps
    step = steps[-1]
    _refuse_shared(
        steps[:-1], step.container, _describe(path[:-1]) or "the frontmatter", path_for_errors
    )
    _refuse_merge(step.container, path, path_for_errors)
    data = _old_data(text, block, path_for_errors)
    assert root is not None
    edits = _remove_member(text, lines, step.container, step.index, root)
    expected = _delete_in(data, target.data_keys)
    return Change(edits, expected, node.line)


def rename_key(
    text: str,
    lines: Lines,
    block: Block | None,
    root: Node | None,
    path: Path,
    new_key: str,
    path_for_errors: ErrPath = None,
) -> Change:
    """Rename the key at ``path`` to ``new_key`` in place; refuses when ``new_key`` exists."""
    _check_path(path, path_for_errors)
    if not isinstance(path[-1], str):
        raise ValueRefusedError(
            f"{_describe(path)} is a list item; only mapping keys can be renamed",
            path=path_for_errors,
        )
    target = _resolve(root, path, path_for_errors)
    target.require()
    steps = target.steps
    step = steps[-1]
    container = step.container
    _refuse_merge(container, path, path_for_errors)
    entry = container.entries[step.index]
    for other in container.entries:
        if other is not entry and other.key.kind == "scalar" and other.key.value == new_key:
            raise ValueRefusedError(
                f"cannot rename {_describe(path)} to {new_key!r}: that key already exists",
                path=path_for_errors,
                line=other.key.line,
                col=other.key.col,
                hint="delete or rename the existing key first",
            )
    if entry.key.alias or entry.key.anchor or entry.key.tag:
        raise ValueRefusedError(
            f"the key {_describe(path)} has an anchor, alias or tag; rename it by hand",
            path=path_for_errors,
            line=entry.key.line,
        )
    style = entry.key.style if entry.key.style in ("plain", "single", "double") else "plain"
    rendered = render_scalar(new_key, style=style, flow=step.flow)
    data = _old_data(text, block, path_for_errors)
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
    path_for_errors: ErrPath = None,
) -> Change:
    """Append the value ``raw`` stands for to the list at ``path``, creating the list if needed."""
    _check_path(path, path_for_errors)
    data = _old_data(text, block, path_for_errors)
    target = _resolve(root, path, path_for_errors)
    if not target.found:
        value = convert(raw, None, type_hint)
        source = _Source(text, lines, block)
        return _create_missing(source, target, [value], data, path_for_errors)
    steps, node = target.steps, target.require()
    where = _describe(path)
    keys = target.data_keys
    _refuse_shared(steps, node, where, path_for_errors)
    if node.kind == "scalar" and node.value is None and not node.tag:
        assert block is not None  # the node was read from it
        value = convert(raw, None, type_hint)
        expected = _set_in(data, keys, [value])
        edits = _null_to_collection(text, lines, block, steps[-1], [], [value])
        return Change(edits, expected, node.line)
    if node.kind != "seq":
        raise ValueRefusedError(
            f"{where} is a {_kind(node)}, not a list; cannot append to it",
            path=path_for_errors,
            line=node.line,
            col=node.col,
            hint=f"use `set` to change it, or delete it first to make `{where}` a list",
        )
    last = node.items[-1] if node.items else None
    value = convert(raw, last if last is not None and last.kind == "scalar" else None, type_hint)
    expected = _set_in(data, keys, [*_get_in(data, keys), value])
    style = last.style if last is not None and last.kind == "scalar" else "plain"
    if node.style == "flow":
        rendered = render_scalar(value, style=style, flow=True)
        if last is None:
            edit = Edit(node.end - 1, node.end - 1, rendered)
        else:
            edit = Edit(last.end, last.end, ", " + rendered)
        return Change((edit,), expected, node.line)
    assert last is not None  # a block sequence always has an item
    rendered = render_scalar(value, style=style, flow=False)
    dash = _dash_before(text, last)
    indent = dash - lines.starts[lines.line_of(dash)]
    at = lines.next_start(lines.line_of(max(last.end, dash + 1) - 1))
    new = " " * indent + "- " + rendered + _eol(lines)
    return Change((Edit(at, at, new),), expected, last.line)


def remove_item(
    text: str,
    lines: Lines,
    block: Block | None,
    root: Node | None,
    path: Path,
    raw: str,
    path_for_errors: ErrPath = None,
) -> Change:
    """Remove the first item of the list at ``path`` equal to the value ``raw`` stands for."""
    _check_path(path, path_for_errors)
    target = _resolve(root, path, path_for_errors)
    steps, node = target.steps, target.require()
    where = _describe(path)
    if node.kind != "seq":
        raise ValueRefusedError(
            f"{where} is a {_kind(node)}, not a list",
            path=path_for_errors,
            line=node.line,
            col=node.col,
            hint=f"use `delete {where}` to remove it",
        )
    _refuse_shared(steps, node, where, path_for_errors)
    index = _match_item(node, raw)
    if index is None:
        shown = tuple(_item_text(item) for item in node.items)
        raise AddressError(
            f"{where} has no item {raw!r}",
            candidates=shown,
            path=path_for_errors,
            line=node.line,
            hint=("its items: " + ", ".join(shown)) if shown else f"{where} is empty",
        )
    data = _old_data(text, block, path_for_errors)
    assert root is not None
    edits = _remove_member(text, lines, node, index, root)
    expected = _delete_in(data, [*target.data_keys, index])
    return Change(edits, expected, node.items[index].line)


# ---------------------------------------------------------------------------------------------
# Walking a path


def _empty_locatable(text: str, step: Step, node: Node) -> bool:
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


def _check_path(path: Path, err: ErrPath) -> None:
    if not path:
        raise AddressError("empty frontmatter address", path=err, hint="name a key, like `title`")


def _resolve(root: Node | None, path: Path, err: ErrPath) -> FrontmatterTarget:
    """The target of ``path``, refusing to edit inside an ``*alias`` (that would change, or
    fail to change, what the alias's anchor holds)."""
    target = resolve_path(root, path, file=err)
    through = target.through_alias()
    if through is not None:
        at, alias = through
        raise ValueRefusedError(
            f"{_describe(at)} is an alias (*{alias.anchor}); edit its anchor instead",
            path=err,
            line=alias.line,
        )
    return target


_describe = describe


def _kind(node: Node) -> str:
    return {"scalar": "single value", "seq": "list", "map": "mapping"}[node.kind]


def _refuse_shared(steps: tuple[Step, ...], node: Node, where: str, err: ErrPath) -> None:
    for holder in [*(s.container for s in steps), node]:
        # Replacing a scalar `*alias` itself is safe; changing anything an alias points at
        # (or reaches through) is not.
        if holder.alias:
            if holder is node and node.kind == "scalar":
                continue
        elif not holder.anchor:
            continue
        raise ValueRefusedError(
            f"{where} is shared through the YAML anchor/alias "
            f"`{holder.anchor}`; editing it in place would change its copies too",
            path=err,
            line=holder.line,
            col=holder.col,
            hint="edit the frontmatter by hand",
        )
    if node.tag:
        raise ValueRefusedError(
            f"{where} has the explicit YAML tag `{node.tag}`; scaffold does not rewrite tagged "
            "values",
            path=err,
            line=node.line,
            col=node.col,
            hint="edit the value by hand",
        )


def _refuse_merge(container: Node, path: Path, err: ErrPath) -> None:
    for entry in container.entries:
        if entry.key.kind == "scalar" and entry.key.style == "plain" and _is_merge(entry):
            raise ValueRefusedError(
                f"the mapping holding {_describe(path)} uses a `<<` merge key; deleting or "
                "renaming there may not change what readers see",
                path=err,
                line=entry.key.line,
                hint="edit the frontmatter by hand",
            )


def _is_merge(entry: Any) -> bool:
    return bool(entry.value.alias) and entry.key.value in (None, "<<")


def _new_keys(path: Path, start: int, err: ErrPath) -> list[str]:
    keys: list[str] = []
    for element in path[start:]:
        if isinstance(element, int):
            raise AddressError(
                f"{_describe(path)}: cannot create list item {element} of a missing list",
                path=err,
                hint="append to the list instead",
            )
        keys.append(element)
    return keys


# ---------------------------------------------------------------------------------------------
# Python-side expectations


def _old_data(text: str, block: Block | None, err: ErrPath) -> Any:
    if block is None:
        return {}
    data = load_data(text, block, err)
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


# ---------------------------------------------------------------------------------------------
# Text builders


def _eol(lines: Lines) -> str:
    # New lines use the frontmatter's own line ending: the opening fence's.
    return lines.eols[0] if lines.eols and lines.eols[0] else lines.dominant_eol()


def _indent_step(lines: Lines, block: Block) -> int:
    """The indentation a nested mapping in this block uses; 2 when nothing is nested."""
    best = 0
    for index in range(1, block.close_line - 1):
        line = lines.content[index]
        stripped = line.lstrip(" ")
        width = len(line) - len(stripped)
        if width and stripped and not stripped.startswith("#") and (best == 0 or width < best):
            best = width
    return best or 2


def _key_text(key: str, flow: bool) -> str:
    return render_scalar(key, style="plain", flow=flow)


def _block_lines(keys: list[str], value: Any, indent: int, step: int, eol: str) -> str:
    """``k1:`` / ``  k2: value`` lines; a list value becomes a block list."""
    out: list[str] = []
    for depth, key in enumerate(keys):
        pad = " " * (indent + depth * step)
        if depth < len(keys) - 1:
            out.append(f"{pad}{_key_text(key, False)}:{eol}")
        elif isinstance(value, list):
            out.append(f"{pad}{_key_text(key, False)}:{eol}")
            item_pad = " " * (indent + (depth + 1) * step)
            out.extend(f"{item_pad}- {render_scalar(v)}{eol}" for v in value)
        else:
            out.append(f"{pad}{_key_text(key, False)}: {render_scalar(value)}{eol}")
    return "".join(out)


def _flow_text(keys: list[str], value: Any) -> str:
    """``k1: {k2: value}`` for inside a flow mapping."""
    if isinstance(value, list):
        inner = "[" + ", ".join(render_scalar(v, flow=True) for v in value) + "]"
    else:
        inner = render_scalar(value, flow=True)
    for key in reversed(keys[1:]):
        inner = "{" + f"{_key_text(key, True)}: {inner}" + "}"
    return f"{_key_text(keys[0], True)}: {inner}"


# Creating what a path lacks: the keys after the last one found, holding the new value.


@dataclass(frozen=True, slots=True)
class _Source:
    """The note text new keys are written into."""

    text: str
    lines: Lines
    block: Block | None


@dataclass(frozen=True, slots=True)
class _Insertion:
    """The text that creates missing keys: the edits, and the line they land on."""

    edits: tuple[Edit, ...]
    line: int


def _create_missing(
    src: _Source, target: FrontmatterTarget, stored: Any, data: Any, err: ErrPath
) -> Change:
    """Create the keys ``target`` lacks, the last one holding ``stored``."""
    found = len(target.steps)
    keys = _new_keys(target.path, found, err)
    if target.parent is not None:
        where = _describe(target.path[:found]) or "the frontmatter"
        _refuse_shared(target.steps, target.parent, where, err)
    expected = _set_in(data, [*target.data_keys, *keys], stored)
    made = _insert_keys(src, target, keys, stored)
    return Change(made.edits, expected, made.line)


def _insert_keys(
    src: _Source, target: FrontmatterTarget, keys: list[str], value: Any
) -> _Insertion:
    """Where the new keys go depends on what holds them: no YAML yet, an empty value, a flow
    mapping (``{a: 1}``) or a block mapping."""
    parent = target.parent
    text, lines, block = src.text, src.lines, src.block
    if parent is None:
        return _new_block(lines, block, keys, value)
    assert block is not None  # a parent node comes from the block's YAML
    if parent.kind == "scalar":  # an empty value under a key (the root is a mapping)
        edits = _null_to_collection(text, lines, block, target.steps[-1], keys, value)
        return _Insertion(edits, parent.line)
    if parent.style == "flow":
        new = _flow_text(keys, value)
        if parent.entries:
            last = parent.entries[-1]
            at = max(last.value.end, last.key.end)
            return _Insertion((Edit(at, at, ", " + new),), parent.line)
        return _Insertion((Edit(parent.end - 1, parent.end - 1, new),), parent.line)
    last = parent.entries[-1]
    end = max(last.value.end, last.key.end)
    at = lines.next_start(lines.line_of(end - 1))
    new = _block_lines(keys, value, parent.col - 1, _indent_step(lines, block), _eol(lines))
    return _Insertion((Edit(at, at, new),), lines.line_of(at) + 1)


def _new_block(lines: Lines, block: Block | None, keys: list[str], value: Any) -> _Insertion:
    """The keys as the first YAML of an empty block, or of a new block when there is none."""
    if block is None:
        eol = lines.dominant_eol()
        new = f"---{eol}{_block_lines(keys, value, 0, 2, eol)}---{eol}"
        return _Insertion((Edit(0, 0, new),), 2)
    new = _block_lines(keys, value, 0, _indent_step(lines, block), _eol(lines))
    return _Insertion((Edit(block.end, block.end, new),), block.close_line)


def _null_to_collection(
    text: str, lines: Lines, block: Block, step: Step, keys: list[str], value: Any
) -> tuple[Edit, ...]:
    """Turn the empty/null value ``step.node`` into a mapping of ``keys`` (or, with no keys,
    the list ``value``)."""
    node, flow = step.node, step.flow
    if step.container.kind != "map":
        raise ValueRefusedError(
            "only an empty value under a key can become a list or mapping here",
            line=node.line,
            hint="write the collection by hand",
        )
    entry = step.container.entries[step.index]
    if flow:
        if keys:
            inner = "{" + _flow_text(keys, value) + "}"
        else:
            inner = "[" + ", ".join(render_scalar(v, flow=True) for v in value) + "]"
        if node.start == node.end:
            return (Edit(node.start, node.end, " " + inner),)
        return (Edit(node.start, node.end, inner),)
    indent = entry.key.col - 1
    step_width = _indent_step(lines, block)
    if keys:
        new = _block_lines(keys, value, indent + step_width, step_width, _eol(lines))
    else:
        pad = " " * (indent + step_width)
        new = "".join(f"{pad}- {render_scalar(v)}{_eol(lines)}" for v in value)
    # Drop an explicit `null`/`~`; the new lines after the key make the value.
    clear_start = node.start
    if node.start != node.end:
        clear_start = entry.key.end
        while text[clear_start] != ":":
            clear_start += 1
        clear_start += 1
    at = lines.next_start(lines.line_of(max(node.end, entry.key.end) - 1))
    edits = [Edit(at, at, new)]
    if clear_start != node.end:
        edits.append(Edit(clear_start, node.end, ""))
    return tuple(edits)


def _dash_before(text: str, item: Node) -> int:
    """Offset of the ``-`` that introduces block-sequence ``item``."""
    pos = item.start - 1
    while pos >= 0 and text[pos] in " \t":
        pos -= 1
    if pos >= 0 and text[pos] == "-":
        return pos
    # An empty item (`-` alone) starts right after its dash.
    return item.start - 1 if item.start > 0 and text[item.start - 1] == "-" else item.start


def _line_is_blank_before(text: str, lines: Lines, offset: int) -> bool:
    start = lines.starts[lines.line_of(offset)]
    return not text[start:offset].strip(" \t")


def _member_span(text: str, container: Node, index: int) -> tuple[int, int]:
    """First and last offsets of member ``index`` of ``container`` (key through value)."""
    if container.kind == "map":
        entry = container.entries[index]
        return entry.key.start, max(entry.key.end, entry.value.end)
    item = container.items[index]
    start = _dash_before(text, item) if container.style == "block" else item.start
    return start, max(item.end, start + 1)


def _remove_member(
    text: str, lines: Lines, container: Node, index: int, root: Node
) -> tuple[Edit, ...]:
    members = len(container.entries) if container.kind == "map" else len(container.items)
    start, end = _member_span(text, container, index)
    if container.style == "flow":
        if index + 1 < members:
            next_start = _member_span(text, container, index + 1)[0]
            return (Edit(start, next_start, ""),)
        if index > 0:
            previous_end = _member_span(text, container, index - 1)[1]
            return (Edit(previous_end, end, ""),)
        return (Edit(start, end, ""),)
    own_lines = _line_is_blank_before(text, lines, start)
    if members == 1 and container is not root:
        # Removing the last member must leave an empty collection, not a null value.
        return (Edit(container.start, container.end, "{}" if container.kind == "map" else "[]"),)
    if own_lines:
        first = lines.line_of(start)
        last = lines.line_of(end - 1)
        return (Edit(lines.starts[first], lines.next_start(last), ""),)
    # The member shares its line with a parent's `- `: pull the next member up into its place.
    next_start = _member_span(text, container, index + 1)[0]
    return (Edit(start, next_start, ""),)


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
