"""A note's value as plain data, the one form export writes and update compares.

Scalars are their text as ``scaffold get`` prints them (``8``, ``true``, ``2026-01-27``);
lists and mappings stay lists and mappings of such text, so ``["a, b", "c"]`` and
``["a", "b", "c"]`` never read alike. A CSV cell holds one text: a list's items joined with
``, ``, a mapping as its JSON.
"""

from __future__ import annotations

import json
from typing import Any

from scaffold.note.yaml.frontmatter import scalar_text


def plain(value: Any) -> Any:
    """``value`` (read from a note, or from JSON or YAML input) as plain data."""
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    return scalar_text(value)


def cell_text(data: Any) -> str:
    """Plain data as one CSV cell: a list's items joined with ``, ``, a mapping as JSON."""
    if isinstance(data, list):
        return ", ".join(item if isinstance(item, str) else _json(item) for item in data)
    if isinstance(data, dict):
        return _json(data)
    return "" if data is None else str(data)


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


def is_structured(value: Any) -> bool:
    return isinstance(value, list | tuple | dict)
