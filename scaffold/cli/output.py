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


def for_terminal(text: str, stream: Any = None) -> str:
    """``text`` as it may be shown to a person: control characters escaped when ``stream``
    (stdout by default) is a terminal, so a note's stray ESC cannot repaint the screen; piped
    output stays byte for byte what the note holds."""
    import sys

    stream = sys.stdout if stream is None else stream
    isatty = getattr(stream, "isatty", None)
    if isatty is None or not isatty():
        return text
    from scaffold.api import escape_controls

    return escape_controls(text)


def yaml_block(value: object) -> str:
    """``value`` as block-style YAML in its own key order (see :mod:`scaffold.edit.yaml_block`,
    imported only when something is printed this way)."""
    from scaffold.api import yaml_text as render

    return render(value)
