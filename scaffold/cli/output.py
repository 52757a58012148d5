"""What commands print: one JSON object per run for scripts, and YAML for a list or mapping
that ``get`` prints for a person."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any


def _default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def print_json(payload: Mapping[str, object]) -> None:
    """Print ``payload`` as one line of JSON (dates as ISO text, UTF-8 kept as is)."""
    print(json.dumps(payload, ensure_ascii=False, default=_default))


def yaml_block(value: object) -> str:
    """``value`` as block-style YAML, keys in their order (a table's rows keep the table's
    column order), each scalar written so YAML reads it back as this value."""
    return "".join(line + "\n" for line in _block(value))


def _block(value: object) -> list[str]:
    if isinstance(value, Mapping):
        if not value:
            return ["{}"]
        lines: list[str] = []
        for key, item in value.items():
            head = f"{_scalar(key)}:"
            if _is_collection(item):
                # A list under a key is not indented, as ruamel and PyYAML write it.
                inner = _block(item)
                pad = "" if isinstance(item, list | tuple) else "  "
                lines += [head, *(pad + line for line in inner)]
            else:
                lines.append(f"{head} {_scalar(item)}")
        return lines
    if isinstance(value, list | tuple):
        if not value:
            return ["[]"]
        lines = []
        for item in value:
            inner = _block(item) if _is_collection(item) else [_scalar(item)]
            lines += [f"- {inner[0]}", *("  " + line for line in inner[1:])]
        return lines
    return [_scalar(value)]


def _is_collection(value: object) -> bool:
    return isinstance(value, Mapping | list | tuple) and bool(value)


def _scalar(value: object) -> str:
    if isinstance(value, Mapping | list | tuple):  # empty: the flow form
        return "{}" if isinstance(value, Mapping) else "[]"
    from scaffold.edit.yaml_scalar import render_scalar

    return render_scalar(value)
