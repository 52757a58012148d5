"""What commands print for scripts: one JSON object per run on stdout. (``get`` prints a
list or mapping for a person with :func:`scaffold.edit.yaml_block.yaml_block`.)"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def _default(value: Any) -> Any:
    import datetime as dt

    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def print_json(payload: Mapping[str, object]) -> None:
    """Print ``payload`` as one line of JSON (dates as ISO text, UTF-8 kept as is)."""
    import json

    print(json.dumps(payload, ensure_ascii=False, default=_default))


def yaml_block(value: object) -> str:
    """``value`` as block-style YAML in its own key order (see :mod:`scaffold.edit.yaml_block`,
    imported only when something is printed this way)."""
    from scaffold.api import yaml_text as render

    return render(value)
