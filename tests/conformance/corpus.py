"""Walking the real corpora for the conformance tests: their notes, and every scalar of a
frontmatter node tree."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from scaffold.note.yaml.nodes import Node
from tests.conftest import corpora_or_skip


def notes(vault: str) -> list[Path]:
    """Every ``.md`` file of one corpus (skips when the corpora are absent)."""
    return sorted((corpora_or_skip() / vault).rglob("*.md"))


def scalars(
    node: Node | None, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], Node]]:
    """Every scalar reachable through string keys and list indexes, aliases included."""
    if node is None:
        return
    if node.kind == "scalar":
        if path:
            yield path, node
    elif node.kind == "seq":
        for i, item in enumerate(node.items):
            yield from scalars(item, (*path, i))
    else:
        for entry in node.entries:
            if isinstance(entry.key.value, str):
                yield from scalars(entry.value, (*path, entry.key.value))
