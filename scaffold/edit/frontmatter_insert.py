"""New YAML text in the block's own style: the keys a path lacks, and items appended to lists.

Each builder returns an :class:`Insertion` (the edits and the line they land on) to
:mod:`scaffold.edit.frontmatter_edit`, which decides what may be edited and what the data
must read as afterwards. New lines copy the block's line ending and nested indentation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scaffold.edit.frontmatter_remove import dash_before
from scaffold.edit.splice import Edit
from scaffold.edit.yaml_scalar import render_scalar
from scaffold.errors import ValueRefusedError
from scaffold.note.addressing.resolve import FrontmatterTarget, KeyStep
from scaffold.note.yaml.nodes import Block, Node
from scaffold.text import Lines


@dataclass(frozen=True, slots=True)
class Source:
    """The note text new keys are written into."""

    text: str
    lines: Lines
    block: Block | None


@dataclass(frozen=True, slots=True)
class Insertion:
    """The text that creates missing keys: the edits, and the line they land on."""

    edits: tuple[Edit, ...]
    line: int


def line_ending(lines: Lines) -> str:
    # New lines use the frontmatter's own line ending: the opening fence's.
    return lines.eols[0] if lines.eols and lines.eols[0] else lines.dominant_eol()


def indent_step(lines: Lines, block: Block) -> int:
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


def block_lines(keys: list[str], value: Any, indent: int, step: int, eol: str) -> str:
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


def flow_text(keys: list[str], value: Any) -> str:
    """``k1: {k2: value}`` for inside a flow mapping."""
    if isinstance(value, list):
        inner = "[" + ", ".join(render_scalar(v, flow=True) for v in value) + "]"
    else:
        inner = render_scalar(value, flow=True)
    for key in reversed(keys[1:]):
        inner = "{" + f"{_key_text(key, True)}: {inner}" + "}"
    return f"{_key_text(keys[0], True)}: {inner}"


# -- keys a path lacks ---------------------------------------------------------------------


def insert_keys(src: Source, target: FrontmatterTarget, keys: list[str], value: Any) -> Insertion:
    """Where the new keys go depends on what holds them: no YAML yet, an empty value, a flow
    mapping (``{a: 1}``) or a block mapping."""
    parent = target.parent
    text, lines, block = src.text, src.lines, src.block
    if parent is None:
        return new_block(lines, block, keys, value)
    assert block is not None  # a parent node comes from the block's YAML
    if parent.kind == "scalar":  # an empty value under a key (the root is a mapping)
        edits = null_to_collection(text, lines, block, target.steps[-1], keys, value)
        return Insertion(edits, parent.line)
    if parent.style == "flow":
        new = flow_text(keys, value)
        if parent.entries:
            last = parent.entries[-1]
            at = max(last.value.end, last.key.end)
            return Insertion((Edit(at, at, ", " + new),), parent.line)
        return Insertion((Edit(parent.end - 1, parent.end - 1, new),), parent.line)
    last = parent.entries[-1]
    end = max(last.value.end, last.key.end)
    at = lines.next_start(lines.line_of(end - 1))
    new = block_lines(keys, value, parent.col - 1, indent_step(lines, block), line_ending(lines))
    return Insertion((Edit(at, at, new),), lines.line_of(at) + 1)


def new_block(lines: Lines, block: Block | None, keys: list[str], value: Any) -> Insertion:
    """The keys as the first YAML of an empty block, or of a new block when there is none."""
    if block is None:
        eol = lines.dominant_eol()
        new = f"---{eol}{block_lines(keys, value, 0, 2, eol)}---{eol}"
        return Insertion((Edit(0, 0, new),), 2)
    new = block_lines(keys, value, 0, indent_step(lines, block), line_ending(lines))
    return Insertion((Edit(block.end, block.end, new),), block.close_line)


def null_to_collection(
    text: str, lines: Lines, block: Block, step: KeyStep, keys: list[str], value: Any
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
            inner = "{" + flow_text(keys, value) + "}"
        else:
            inner = "[" + ", ".join(render_scalar(v, flow=True) for v in value) + "]"
        if node.start == node.end:
            return (Edit(node.start, node.end, " " + inner),)
        return (Edit(node.start, node.end, inner),)
    indent = entry.key.col - 1
    step_width = indent_step(lines, block)
    if keys:
        new = block_lines(keys, value, indent + step_width, step_width, line_ending(lines))
    else:
        pad = " " * (indent + step_width)
        new = "".join(f"{pad}- {render_scalar(v)}{line_ending(lines)}" for v in value)
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


# -- an item at the end of a list ----------------------------------------------------------


def append_to_list(text: str, lines: Lines, seq: Node, value: Any) -> Insertion:
    """``value`` as the last item of the list ``seq``, written like the item before it."""
    last = seq.items[-1] if seq.items else None
    style = last.style if last is not None and last.kind == "scalar" else "plain"
    if seq.style == "flow":
        rendered = render_scalar(value, style=style, flow=True)
        if last is None:
            return Insertion((Edit(seq.end - 1, seq.end - 1, rendered),), seq.line)
        return Insertion((Edit(last.end, last.end, ", " + rendered),), seq.line)
    assert last is not None  # a block sequence always has an item
    rendered = render_scalar(value, style=style, flow=False)
    dash = dash_before(text, last)
    indent = dash - lines.starts[lines.line_of(dash)]
    at = lines.next_start(lines.line_of(max(last.end, dash + 1) - 1))
    new = " " * indent + "- " + rendered + line_ending(lines)
    return Insertion((Edit(at, at, new),), last.line)
