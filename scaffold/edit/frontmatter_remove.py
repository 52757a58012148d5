"""Removing a mapping entry or a list item, with the line or separator it leaves behind.

A block member on lines of its own goes with its lines; a flow member with the comma next to
it; the last member of a nested collection leaves ``{}`` or ``[]``, never a null value.
"""

from __future__ import annotations

from scaffold.edit.splice import Edit
from scaffold.note.yaml.nodes import Node
from scaffold.text import Lines


def dash_before(text: str, item: Node) -> int:
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
    start = dash_before(text, item) if container.style == "block" else item.start
    return start, max(item.end, start + 1)


def remove_member(
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
