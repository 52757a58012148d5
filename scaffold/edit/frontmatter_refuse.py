"""What a frontmatter edit refuses to change in place: nodes shared with others.

An ``&anchor``'s copies (``*alias``), the mappings a ``<<`` merge key pulls in, and explicitly
tagged values: editing one in place would silently change, or fail to change, what readers
see elsewhere, so the edit is refused with a hint to edit by hand.
"""

from __future__ import annotations

from typing import Any

from scaffold.errors import ValueRefusedError
from scaffold.note.addressing.resolve import (
    FrontmatterTarget,
    KeyPath,
    KeyStep,
    describe,
    resolve_path,
)
from scaffold.note.yaml.nodes import Node


def editable_target(root: Node | None, path: KeyPath) -> FrontmatterTarget:
    """The target of ``path``, refusing to edit inside an ``*alias`` (that would change, or
    fail to change, what the alias's anchor holds)."""
    target = resolve_path(root, path)
    through = target.through_alias()
    if through is not None:
        at, alias = through
        raise ValueRefusedError(
            f"{describe(at)} is an alias (*{alias.anchor}); edit its anchor instead",
            line=alias.line,
        )
    return target


def refuse_shared(steps: tuple[KeyStep, ...], node: Node, where: str) -> None:
    """Refuse to change ``node`` (reached through ``steps``) when it, or a collection holding
    it, is anchored or an alias, or when it carries an explicit tag."""
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
            line=holder.line,
            col=holder.col,
            hint="edit the frontmatter by hand",
        )
    if node.tag:
        raise ValueRefusedError(
            f"{where} has the explicit YAML tag `{node.tag}`; scaffold does not rewrite tagged "
            "values",
            line=node.line,
            col=node.col,
            hint="edit the value by hand",
        )


def refuse_merge(container: Node, path: KeyPath) -> None:
    """Refuse to delete or rename a key of a mapping that has a ``<<`` merge key: the merged
    mapping may hold the same key, so readers could still see it."""
    for entry in container.entries:
        if entry.key.kind == "scalar" and entry.key.style == "plain" and _is_merge(entry):
            raise ValueRefusedError(
                f"the mapping holding {describe(path)} uses a `<<` merge key; deleting or "
                "renaming there may not change what readers see",
                line=entry.key.line,
                hint="edit the frontmatter by hand",
            )


def _is_merge(entry: Any) -> bool:
    return bool(entry.value.alias) and entry.key.value in (None, "<<")
