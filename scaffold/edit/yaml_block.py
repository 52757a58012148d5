"""Block-style YAML for a plain value (lists, mappings, scalars), in its own order.

For a person reading ``scaffold get`` output, and for the answer files ``scaffold new`` keeps.
Mappings keep their key order (a table's rows keep the table's column order), unlike a YAML
dumper that sorts keys; each scalar is written by :func:`~scaffold.edit.yaml_scalar.render_scalar`
(or, for a plain word, as it is), so YAML reads it back as the same value. No YAML library is
loaded.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# Words, digits and inner spaces, starting with a letter: YAML reads these as the string itself,
# unless it is one of YAML 1.1's booleans or null. The everyday value (an alias, a name) is
# written without loading the full scalar writer; anything else goes to `render_scalar`.
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?: [A-Za-z0-9]+)*")
_KEYWORDS = frozenset({"y", "n", "yes", "no", "true", "false", "on", "off", "null"})


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


def plain_enough(value: str) -> bool:
    """Whether ``value`` is written as is, without quotes (a conservative test)."""
    return bool(_PLAIN.fullmatch(value)) and value.lower() not in _KEYWORDS


def _scalar(value: object) -> str:
    if isinstance(value, Mapping | list | tuple):  # empty: the flow form
        return "{}" if isinstance(value, Mapping) else "[]"
    if isinstance(value, str) and plain_enough(value):
        return value
    from scaffold.edit.yaml_scalar import render_scalar

    return render_scalar(value)
