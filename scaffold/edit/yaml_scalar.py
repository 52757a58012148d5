"""One YAML scalar: what a value typed on the command line becomes, and how it is written.

Type policy for ``scaffold set`` (``convert``)
-----------------------------------------------

The text you type is turned into a YAML value by ``--type`` (default ``auto``):

- ``str``: always a string, written quoted when YAML would otherwise read it as something else.
- ``int``: a YAML 1.2 integer: ``42``, ``-7``, ``0x1F``, ``0o17``.
- ``float``: a YAML 1.2 number: ``1.5``, ``2e3``, ``.inf``, ``-.inf``, ``.nan`` (or an integer).
- ``bool``: ``true`` or ``false`` (any case).
- ``date``: an ISO date ``2026-01-27``, or an ISO date-time ``2026-01-27T10:00:00``, with
  an optional time zone (``Z``, ``+01:00``, or YAML 1.1's `` -5``).
- ``null``: empty text, ``null`` or ``~``.

Text that cannot be read as the requested type is refused (exit 6) and nothing is written.

``auto`` follows the type already in the note, so a value keeps its type unless the text
clearly cannot have it:

- an existing string stays a string, even when the new text looks like a number;
- an existing number becomes a number when the text is one (an integer if it reads as one,
  otherwise a float), else a string;
- an existing ``true``/``false`` becomes a bool when the text is ``true`` or ``false``
  (any case), else a string;
- an existing date (or date-time) becomes a date (date-time) when the text is an ISO date
  (date-time), else a string;
- an existing empty/``null`` value, or a new key: a YAML 1.2 number becomes a number,
  ``true``/``false`` a bool, an ISO date a date, anything else a string. Exception: a decimal
  integer with a leading zero (``012``, a zip code) stays a string, because writing it as a number
  would drop the zero. Empty text over an existing empty value keeps it empty (``get`` prints
  an empty value as empty text, so setting what it printed changes nothing).

When ``auto`` falls back to a string over a number, boolean or date,
:func:`scaffold.edit.guards.type_change` describes what happened: the CLI warns about it, and
``--strict`` refuses it.

Rendering (``render_scalar``)
-----------------------------

Strings keep the requested style (plain, single or double quotes) when the value can be
written in it, and otherwise fall back plain → single → double. A string that YAML 1.1 *or* 1.2
would read as another type (``yes``, ``10:00``, ``1e3``, ``2026-01-27``, ``null``...) or as
syntax is quoted; control characters, tabs and line breaks force double quotes with escapes, so
the result is always one line. A literal/folded (``|``/``>``) request is written as a one-line
scalar too, starting from plain. Numbers, bools and dates are written canonically (``true``,
``1.5``, ``2026-01-27``); ``None`` is written ``null``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from scaffold.errors import ValueRefusedError
from scaffold.text import refuse_controls

if TYPE_CHECKING:
    from scaffold.note.yaml.nodes import Node

TYPE_HINTS = ("auto", "str", "int", "float", "bool", "date", "null")

_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_INDICATORS = frozenset(",[]{}")
# Characters a plain or single-quoted scalar must not hold: line breaks in any YAML version,
# tabs (legal but fragile), the BOM, and everything YAML calls non-printable.
_NEEDS_ESCAPE = re.compile(
    "[\x00-\x08\x09\x0a-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]"
)
# YAML 1.1 readers differ on these (the spec lists them as booleans); quote them everywhere.
_ALWAYS_QUOTE = frozenset({"y", "Y", "n", "N", "=", "<<"})

_INT = re.compile(r"[-+]?[0-9]+|0x[0-9a-fA-F]+|0o[0-7]+")
_FLOAT = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME = re.compile(
    r"([0-9]{4}-[0-9]{2}-[0-9]{2})[Tt ]([0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)"
    # A time zone, as YAML 1.1 timestamps write it: `Z`, `+01:00`, ` -5`.
    r"(?:[ \t]*(Z|z|[-+][0-9]{1,2}(?::?[0-9]{2})?))?"
)


def render_scalar(value: object, *, style: str = "plain", flow: bool = False) -> str:
    """The one-line YAML text for ``value``, in ``style`` when possible.

    ``flow`` says the scalar sits inside ``[...]`` or ``{...}``, where ``,[]{}`` are syntax.
    Raises :class:`ValueRefusedError` for values YAML cannot hold (lone surrogates, objects).
    """
    if isinstance(value, str):
        return _render_str(value, style, flow)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _render_float(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    raise ValueRefusedError(f"cannot write a {type(value).__name__} as a YAML scalar")


def _render_float(value: float) -> str:
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value)
    if "e" in text and "." not in text:
        # YAML 1.1 needs a dot in a float with an exponent, or it reads a string.
        mantissa, exponent = text.split("e")
        text = f"{mantissa}.0e{exponent}"
    return text


def _render_str(value: str, style: str, flow: bool) -> str:
    if any("\ud800" <= c <= "\udfff" for c in value):
        raise ValueRefusedError(
            "the value holds a lone surrogate character, which UTF-8 cannot store",
            hint="check the text's encoding",
        )
    order = ("plain", "single", "double")
    first = order.index(style) if style in order else 0
    for candidate in order[first:]:
        if candidate == "plain" and _plain_ok(value, flow):
            return value
        if candidate == "single" and _single_ok(value):
            return "'" + value.replace("'", "''") + "'"
    return _double(value)


def _plain_ok(value: str, flow: bool) -> bool:
    if not value or value[0] in _INDICATORS or value[0] in " " or value[-1] in " :":
        return False
    if value in _ALWAYS_QUOTE or _NEEDS_ESCAPE.search(value):
        return False
    if ": " in value or " #" in value or "\u0085" in value:
        return False
    if flow and any(c in _FLOW_INDICATORS or c in ":?" for c in value):
        return False
    return _is_plain_string(value)


# Every implicit YAML 1.1/1.2 type (bool, null, int, float, timestamp, merge, value) starts
# with one of these characters or is one of these words (in any case); anything else is
# certainly a string, and ruamel need not be imported to say so.
_MAYBE_TYPED_START = frozenset("0123456789+-.~=<")
_MAYBE_TYPED_WORDS = frozenset({"y", "n", "yes", "no", "true", "false", "on", "off", "null"})


def _is_plain_string(value: str) -> bool:
    """Whether both YAML 1.1 and 1.2 resolve the plain scalar ``value`` to a string."""
    if value[0] not in _MAYBE_TYPED_START and value.lower() not in _MAYBE_TYPED_WORDS:
        return True
    return _resolves_to_string(value)


@lru_cache(maxsize=1024)
def _resolves_to_string(value: str) -> bool:
    from ruamel.yaml.nodes import ScalarNode

    str_tag = "tag:yaml.org,2002:str"
    return all(r.resolve(ScalarNode, value, (True, False)) == str_tag for r in _resolvers())


@lru_cache(maxsize=1)
def _resolvers() -> tuple[Any, Any]:
    from ruamel.yaml.resolver import VersionedResolver

    return VersionedResolver(version=(1, 1)), VersionedResolver(version=(1, 2))


def _single_ok(value: str) -> bool:
    # Leading/trailing spaces survive in a one-line single-quoted scalar; line breaks, tabs
    # and control characters cannot be written there at all.
    return not _NEEDS_ESCAPE.search(value) and "\u0085" not in value


_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\0": "\\0",
    "\a": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\v": "\\v",
    "\f": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
}


def _double(value: str) -> str:
    out = ['"']
    for char in value:
        escaped = _ESCAPES.get(char)
        if escaped is not None:
            out.append(escaped)
            continue
        code = ord(char)
        if code < 0x20 or 0x7F <= code <= 0x9F:
            out.append(f"\\x{code:02X}")
        elif char in "\u2028\u2029\ufeff\ufffe\uffff":
            out.append(f"\\u{code:04X}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# Type policy


def convert(raw: str, old: Node | None, type_hint: str = "auto") -> object:
    """The value ``raw`` (typed on the command line) stands for; see the module docstring."""
    refuse_controls(raw, "a frontmatter value")  # shown, they could be; typed, never meant
    if type_hint == "auto":
        if old is not None and old.kind == "scalar" and old.value is None and not raw.strip():
            return None  # empty over empty: what ``get`` printed for it
        return _auto(raw, old.value if old is not None and old.kind == "scalar" else None)
    if type_hint == "str":
        return raw
    parsed: object
    if type_hint == "int":
        parsed = _to_int(raw)
        expected = "an integer such as 42, -7 or 0x1F"
    elif type_hint == "float":
        parsed = _to_float(raw)
        expected = "a number such as 1.5, 2e3 or .inf"
    elif type_hint == "bool":
        parsed = _to_bool(raw)
        expected = "true or false"
    elif type_hint == "date":
        parsed = _to_date(raw)
        expected = "an ISO date such as 2026-01-27 (or 2026-01-27T10:00:00)"
    elif type_hint == "null":
        if raw.strip() in ("", "~") or raw.strip().lower() == "null":
            return None
        parsed, expected = _MISSING, "empty text, null or ~"
    else:
        raise ValueRefusedError(
            f"unknown type {type_hint!r}", hint="use one of: " + ", ".join(TYPE_HINTS)
        )
    if parsed is _MISSING:
        raise ValueRefusedError(
            f"{raw!r} is not {expected}",
            hint=f"give {expected}, or use --type str to store the text as a string",
        )
    return parsed


_MISSING: Any = object()


def _auto(raw: str, old: object) -> object:
    if isinstance(old, str):
        return raw
    if isinstance(old, bool):
        parsed = _to_bool(raw)
        return raw if parsed is _MISSING else parsed
    if isinstance(old, int | float):
        number = _to_int(raw)
        if number is _MISSING:
            number = _to_float(raw)
        return raw if number is _MISSING else number
    if isinstance(old, dt.date):
        parsed = _to_date(raw)
        return raw if parsed is _MISSING else parsed
    # A new key, or an empty/null value: guess from the text itself.
    text = raw.strip()
    if text != raw:
        return raw
    if re.fullmatch(r"[-+]?0[0-9]+", text):
        return raw  # a leading zero would be lost as a number
    for parse in (_to_int, _to_float, _to_bool, _to_date):
        parsed = parse(text)
        if parsed is not _MISSING:
            return parsed
    return raw


def _to_int(raw: str) -> Any:
    text = raw.strip()
    if not _INT.fullmatch(text):
        return _MISSING
    if text.startswith("0x"):
        return int(text[2:], 16)
    if text.startswith("0o"):
        return int(text[2:], 8)
    return int(text)


def _to_float(raw: str) -> Any:
    text = raw.strip()
    number = _to_int(text)
    if number is not _MISSING:
        return float(number)
    if not _FLOAT.fullmatch(text):
        return _MISSING
    lowered = text.lower()
    if lowered.endswith(".inf"):
        return -math.inf if lowered.startswith("-") else math.inf
    if lowered == ".nan":
        return math.nan
    return float(text)


def _to_bool(raw: str) -> Any:
    text = raw.strip().lower()
    if text == "true":
        return True
    if text == "false":
        return False
    return _MISSING


def _to_date(raw: str) -> Any:
    text = raw.strip()
    try:
        if _DATE.fullmatch(text):
            return dt.date.fromisoformat(text)
        m = _DATETIME.fullmatch(text)
        if m:
            day, time, zone = m.groups()
            if zone in ("Z", "z"):
                zone = "+00:00"
            elif zone and ":" not in zone:  # `-5`, `+0530`
                zone = zone[0] + zone[1:].rjust(2, "0") if len(zone) <= 3 else zone
            hours = time.partition(":")[0]
            time = time.rjust(len(time) + 2 - len(hours), "0")  # `9:00` -> `09:00`
            return dt.datetime.fromisoformat(f"{day}T{time}{zone or ''}")
    except ValueError:
        return _MISSING
    return _MISSING
