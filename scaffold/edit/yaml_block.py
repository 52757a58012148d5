"""Block-style YAML for a plain value (lists, mappings, scalars), in its own order.

For a person reading ``scaffold get`` output, and for the answer files ``scaffold new`` keeps.
Mappings keep their key order (a table's rows keep the table's column order), unlike a YAML
dumper that sorts keys; each scalar is written by :func:`~scaffold.edit.yaml_scalar.render_scalar`,
so YAML reads it back as the same value. No YAML library is loaded.
"""

from __future__ import annotations

from collections.abc import Mapping

from scaffold.edit.yaml_scalar import render_scalar


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
    return render_scalar(value)
