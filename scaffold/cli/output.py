"""What every command prints for scripts: one JSON object per run on stdout."""

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


def say_error(message: str, hint: str | None = None) -> None:
    """Print ``error: MESSAGE`` (and ``hint: HINT``) on stderr, in colour on a terminal only,
    as :func:`scaffold.cli.main.main` prints a failed command's error."""
    import os
    import sys

    def colour(text: str, code: str) -> str:
        if os.environ.get("NO_COLOR") or not sys.stderr.isatty():
            return text
        return f"\033[{code}m{text}\033[0m"

    print(f"{colour('error:', '1;31')} {message}", file=sys.stderr)
    if hint:
        print(f"{colour('hint:', '1;36')} {hint}", file=sys.stderr)
