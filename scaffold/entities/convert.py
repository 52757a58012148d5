"""Answer conversion: each question type's converter from a raw answer to its value.

A raw answer is text from ``--set`` or a prompt, or a value from an ``--answers`` file or a
default. :meth:`Question.convert <scaffold.entities.questions.Question.convert>` picks the
converter for its type here. This module sits below :mod:`scaffold.entities.questions`;
answering a whole question file is :mod:`scaffold.generate.answering`, above it.

Answer values, after conversion:

=============  ======================================  ===========================
type           value                                   empty
=============  ======================================  ===========================
``text``       ``str`` (one line)                      ``""``
``integer``    ``int``                                 ``None``
``number``     ``int`` or ``float``                    ``None``
``bool``       ``bool``                                ``False``
``choice``     ``str`` (one of ``choices``)            ``""``
``multi``      ``list[str]`` (each one of ``choices``) ``[]``
``date``       ``datetime.date``                       ``None``
``list``       ``list[str]``                           ``[]``
``wikilink``   ``str`` (the note name, no brackets)    ``""``
``wikilinks``  ``list[str]``                           ``[]``
``rows``       ``list[tuple[str, str]]`` (key, value)  ``[]``
``tags``       ``list[str]`` (without ``#``)           ``[]``
=============  ======================================  ===========================

In text, a list is comma-separated and rows are ``NAME=VALUE`` pairs separated by ``;``. A
backslash makes the next ``,``, ``;``, ``=`` or ``\\`` an ordinary character: ``a\\, b`` is one
item, ``a, b``; :func:`escape_item` writes text that reads back as the same items.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

_TRUE = frozenset({"y", "yes", "true", "on", "1"})
_FALSE = frozenset({"n", "no", "false", "off", "0"})
# A wikilink target may not hold these: they end or split the link in Obsidian.
_LINK_FORBIDDEN = frozenset("[]|\n\r")


@dataclass(frozen=True, slots=True)
class Choice:
    """One option of a ``choice`` or ``multi`` question."""

    value: str
    """What the answer holds and what ``--set`` accepts."""
    label: str
    """What the prompt shows."""


class AnswerProblem(ValueError):
    """One answer cannot be converted or fails its validation; ``str()`` says why."""


# --- conversion -----------------------------------------------------------------------------


def _one_line(raw: object) -> str:
    if isinstance(raw, bool):
        return "yes" if raw else "no"
    if isinstance(raw, dt.date | int | float | str):
        text = raw.isoformat() if isinstance(raw, dt.date) else str(raw)
    else:
        raise AnswerProblem(f"expected text, got {_kind(raw)}")
    text = text.strip()
    if "\n" in text or "\r" in text:
        raise AnswerProblem("must be a single line")
    return text


def _conv_text(choices: Sequence[Choice], raw: object) -> object:
    return _one_line(raw)


def _conv_integer(choices: Sequence[Choice], raw: object) -> object:
    if isinstance(raw, bool):
        raise AnswerProblem("expected a whole number, got yes/no")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    text = _one_line(raw)
    try:
        return int(text)
    except ValueError:
        raise AnswerProblem(f"{text!r} is not a whole number") from None


def _conv_number(choices: Sequence[Choice], raw: object) -> object:
    if isinstance(raw, bool):
        raise AnswerProblem("expected a number, got yes/no")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        number = raw
    else:
        text = _one_line(raw)
        try:
            return int(text)
        except ValueError:
            pass
        try:
            number = float(text)
        except ValueError:
            raise AnswerProblem(f"{text!r} is not a number") from None
    if not math.isfinite(number):
        raise AnswerProblem("must be a finite number")
    return number


def _conv_bool(choices: Sequence[Choice], raw: object) -> object:
    if isinstance(raw, bool):
        return raw
    text = _one_line(raw).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise AnswerProblem(f"{text!r} is not yes or no")


def _pick(choices: Sequence[Choice], raw: object) -> str:
    text = _one_line(raw)
    for choice in choices:
        if text == choice.value:
            return choice.value
    folded = text.casefold()
    for choice in choices:
        if folded in (choice.value.casefold(), choice.label.casefold()):
            return choice.value
    allowed = ", ".join(c.value for c in choices)
    raise AnswerProblem(f"{text!r} is not one of: {allowed}")


def _conv_choice(choices: Sequence[Choice], raw: object) -> object:
    return _pick(choices, raw)


_ESCAPABLE = ",;=\\"


def split_escaped(text: str, separators: str) -> list[str]:
    """Split ``text`` at each unescaped character of ``separators``; a backslash before one
    of ``,;=\\`` keeps that character (without the backslash), any other stays as written."""
    parts: list[str] = []
    buf: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in _ESCAPABLE:
            buf.append(text[i + 1])
            i += 2
            continue
        if ch in separators:
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
        i += 1
    parts.append("".join(buf))
    return parts


def escape_item(text: str, separators: str = ",") -> str:
    """``text`` as one item of a list written in text: ``\\`` and each separator escaped."""
    out = text.replace("\\", "\\\\")
    for sep in separators:
        out = out.replace(sep, "\\" + sep)
    return out


def _items(raw: object) -> list[object]:
    if isinstance(raw, str):
        return [part for part in (p.strip() for p in split_escaped(raw, ",")) if part]
    if isinstance(raw, list | tuple):
        return [item for item in raw if item is not None and str(item).strip()]
    return [raw]


def _dedupe(values: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        if value.casefold() not in seen:
            seen.add(value.casefold())
            out.append(value)
    return out


def _conv_multi(choices: Sequence[Choice], raw: object) -> object:
    return _dedupe([_pick(choices, item) for item in _items(raw)])


def as_date(raw: object) -> dt.date:
    """A date, a datetime's day, or ISO text like ``2026-01-27`` as a date."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = _one_line(raw)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise AnswerProblem(f"{text!r} is not a date like 2026-01-27") from None


def _conv_date(choices: Sequence[Choice], raw: object) -> object:
    return as_date(raw)


def _conv_list(choices: Sequence[Choice], raw: object) -> object:
    return _dedupe([_one_line(item) for item in _items(raw)])


def _link(raw: object) -> str:
    text = _one_line(raw)
    if text.startswith("[[") and text.endswith("]]"):
        text = text[2:-2].strip()
    bad = sorted(set(text) & _LINK_FORBIDDEN)
    if bad:
        shown = " ".join(bad)
        raise AnswerProblem(f"{text!r}: a link target cannot contain {shown}")
    return text


def _conv_wikilink(choices: Sequence[Choice], raw: object) -> object:
    return _link(raw)


def _conv_wikilinks(choices: Sequence[Choice], raw: object) -> object:
    return _dedupe([_link(item) for item in _items(raw)])


def _row_key(raw: object) -> str:
    key = _one_line(raw)
    if not key:
        raise AnswerProblem("a row needs a name before '='")
    if "|" in key:
        raise AnswerProblem(f"row name {key!r} cannot contain '|'")
    return key


def _conv_rows(choices: Sequence[Choice], raw: object) -> object:
    pairs: list[tuple[object, object]] = []
    if isinstance(raw, str):
        # Split on the raw text, then unescape each part: `\\;` and `\\=` stay literal.
        for chunk in _split_raw(raw, ";\n"):
            if not chunk.strip():
                continue
            key_value = _split_raw(chunk, "=", limit=1)
            if len(key_value) < 2:
                raise AnswerProblem(f"{chunk.strip()!r}: write each row as NAME=VALUE")
            pairs.append((split_escaped(key_value[0], "")[0], split_escaped(key_value[1], "")[0]))
    elif isinstance(raw, Mapping):
        pairs = list(raw.items())
    elif isinstance(raw, list | tuple):
        for item in raw:
            if isinstance(item, Mapping) and len(item) == 1:
                pairs.extend(item.items())
            elif isinstance(item, list | tuple) and len(item) == 2:
                pairs.append((item[0], item[1]))
            else:
                raise AnswerProblem("each row must be NAME: VALUE or [NAME, VALUE]")
    else:
        raise AnswerProblem(f"expected rows (NAME=VALUE; ...), got {_kind(raw)}")
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for key, val in pairs:
        name = _row_key(key)
        if name.casefold() in seen:
            raise AnswerProblem(f"row {name!r} appears twice")
        seen.add(name.casefold())
        rows.append((name, _one_line("" if val is None else val)))
    return rows


def _split_raw(text: str, separators: str, limit: int = -1) -> list[str]:
    """Split at unescaped separators, keeping every escape in the parts (for a second split)."""
    parts: list[str] = []
    start = i = 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            i += 2
            continue
        if text[i] in separators and (limit < 0 or len(parts) < limit):
            parts.append(text[start:i])
            start = i + 1
        i += 1
    parts.append(text[start:])
    return parts


# Obsidian's rule: letters (any script), digits, `_`, `-` and `/`, and not only digits.
_TAG = re.compile(r"[\w/-]+")


def _tag(raw: object) -> str:
    text = _one_line(raw).lstrip("#").strip()
    if not text:
        raise AnswerProblem("an empty tag ('#' alone)")
    if any(ch.isspace() for ch in text):
        dashed = "-".join(text.split())
        raise AnswerProblem(f"{text!r}: a tag cannot hold spaces (write {dashed!r})")
    if not _TAG.fullmatch(text):
        bad = " ".join(sorted({ch for ch in text if not _TAG.fullmatch(ch)}))
        raise AnswerProblem(
            f"{text!r}: a tag holds only letters, digits, '_', '-' and '/', not {bad}"
        )
    if text.replace("/", "").isdigit():
        raise AnswerProblem(f"{text!r}: a tag needs at least one letter, '_' or '-'")
    return text


def _conv_tags(choices: Sequence[Choice], raw: object) -> object:
    return _dedupe([_tag(item) for item in _items(raw)])


CONVERTERS: dict[str, Callable[[Sequence[Choice], object], object]] = {
    "text": _conv_text,
    "integer": _conv_integer,
    "number": _conv_number,
    "bool": _conv_bool,
    "choice": _conv_choice,
    "multi": _conv_multi,
    "date": _conv_date,
    "list": _conv_list,
    "wikilink": _conv_wikilink,
    "wikilinks": _conv_wikilinks,
    "rows": _conv_rows,
    "tags": _conv_tags,
}
"""Each type's converter: ``(the question's choices, non-empty raw answer) -> value``, or
AnswerProblem. The one list of question types: :data:`TYPES` is derived from it."""

TYPES = tuple(CONVERTERS)
"""Every question type a question file may name."""

LIST_TYPES = frozenset({"multi", "list", "wikilinks", "rows", "tags"})
"""The types whose answer is a list."""


def _kind(raw: object) -> str:
    if isinstance(raw, Mapping):
        return "a mapping"
    if isinstance(raw, list | tuple):
        return "a list"
    return type(raw).__name__


def num_text(value: float | str) -> str:
    """A number or a ``min``/``max`` limit as a user writes it: ``3``, not ``3.0``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def as_data(value: object) -> object:
    """An answer as JSON and answers files hold it: dates as ISO text, rows (a list of
    ``(name, value)`` pairs) as a ``NAME: VALUE`` mapping, lists item by item."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list) and value and all(isinstance(v, tuple) for v in value):
        return {str(k): v for k, v in value}
    if isinstance(value, list | tuple):
        return [as_data(v) for v in value]
    return value
