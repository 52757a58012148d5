"""Reading a metric: the text of a cell or a value as a number, with its qualifier and unit.

This is the one reader of metrics; ``--where`` comparisons, ``check``'s metric-agreement rule
(V002), ``update``'s monotonic and max-change checks, ``scaffold history`` and ``scaffold
chart`` all call it. What it reads::

    1.2B+   ~1B   90k   1,234   650M   2.5 billion      plain and grouped numbers, scales
    50%+    $2.5B   €3.5T   <700M   >=10   2-3M         units, bounds, a range
    **1.2B+** (Apr 2025)                                markup and a trailing as-of note

A value in emphasis (``**~1B** worldwide``) is the text inside the emphasis: the words after it
are a remark. Without emphasis the whole text must be the metric, with at most an as-of note
after it, so ``Free <700M MAU`` is not read as 700M. A text that cannot be read gives an
:class:`Unreadable` with the reason; nothing is guessed.

:func:`format_metric` writes a metric back (``format_metric(read(x))`` reads as the same number,
qualifier and unit), and :func:`format_number` writes a bare number in the scale a person
would (``500M``, ``1.5B``), for axes and sparklines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from scaffold.errors import ValueRefusedError
from scaffold.note.body.inline import split_emphasis, strip_markup
from scaffold.note.values.dates import Dated, parse_date

SCALES: dict[str, int] = {
    "k": 3,
    "K": 3,
    "M": 6,
    "B": 9,
    "bn": 9,
    "T": 12,
    "thousand": 3,
    "million": 6,
    "billion": 9,
    "trillion": 12,
}
"""Scale suffixes and the power of ten each stands for; the words need a space before them."""

_CANONICAL_SCALE = {3: "k", 6: "M", 9: "B", 12: "T"}

QUALIFIERS = ("", "+", "~", "<", ">", "<=", ">=")
"""What a metric may say about its number: exact, at least (``1.2B+``), about (``~1B``),
under, over, at most, at least (``>=``)."""

_PREFIX_QUALIFIER = {"~": "~", "≈": "~", "<": "<", ">": ">", "≤": "<=", "≥": ">=", "<=": "<="}
_PREFIX_QUALIFIER[">="] = ">="

UNITS = ("$", "€", "£", "¥", "%")
"""Currency signs written before the number, and ``%`` written after it."""

_NUMBER = r"[-\u2212]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
_SCALE = r"(?:bn|k|K|M|B|T|\s(?:thousand|million|billion|trillion))"
_METRIC = re.compile(
    rf"(?P<qual><=|>=|~|≈|<|>|≤|≥)?\s?"
    rf"(?P<unit>US\$|[$€£¥])?"
    rf"(?P<low>{_NUMBER})(?P<lscale>{_SCALE})?"
    rf"(?:\s?(?:\u2013|—|-|to)\s?(?:US\$|[$€£¥])?(?P<high>{_NUMBER})(?P<hscale>{_SCALE})?)?"
    rf"(?P<pct>\s?%)?(?P<plus>\+)?"
)
_AS_OF = re.compile(r"\(([^()]+)\)")


@dataclass(frozen=True, slots=True)
class Metric:
    """A number as a note states it."""

    number: Decimal
    """The number, scale applied (``1.2B`` is 1200000000); a range's low end."""
    qualifier: str = ""
    """One of :data:`QUALIFIERS`."""
    unit: str = ""
    """One of :data:`UNITS`, or ``""``."""
    high: Decimal | None = None
    """A range's high end (``2-3M``), else None."""
    scale: int = 0
    """The power of ten it was written in (9 for ``1.2B``), so it is written back alike."""
    as_of: Dated | None = None
    """The date of a trailing ``(Apr 2025)`` note."""

    @property
    def value(self) -> float:
        """The number as a float, for plotting."""
        return float(self.number)

    def same(self, other: Metric) -> bool:
        """The same number, range, qualifier and unit (the as-of date and scale aside)."""
        return (self.number, self.high, self.qualifier, self.unit) == (
            other.number,
            other.high,
            other.qualifier,
            other.unit,
        )


@dataclass(frozen=True, slots=True)
class Unreadable:
    """Text the reader could not take for a metric, and why."""

    text: str
    reason: str

    def __bool__(self) -> bool:  # an Unreadable is falsy, a Metric truthy
        return False


def read(text: object) -> Metric | Unreadable:
    """The metric ``text`` states, or :class:`Unreadable` saying why not.

    Numbers that YAML already read (``downloads: 1200``) are metrics too; booleans are not.
    """
    if isinstance(text, bool) or text is None:
        return Unreadable(str(text), "not a number")
    if isinstance(text, int | float):
        return Metric(Decimal(str(text)))
    if not isinstance(text, str):
        return Unreadable(str(text), "not a number")
    cell = text.strip()
    if not cell:
        return Unreadable(text, "empty")
    marker, inner, rest = split_emphasis(cell)
    if marker:
        value, remark = strip_markup(inner), rest.strip()
    else:
        value, remark = strip_markup(cell), ""
        note = _AS_OF.search(value)
        if note is not None and value.endswith(")") and note.end() == len(value):
            value, remark = value[: note.start()].strip(), note.group(0)
    found = _METRIC.fullmatch(value)
    if found is None:
        return Unreadable(text, _why(value))
    as_of = None
    note = _AS_OF.match(remark)
    if note is not None:
        as_of = parse_date(note.group(1))
    elif remark and not marker:  # pragma: no cover - plain text leaves no remark
        return Unreadable(text, f"{remark!r} follows the number")
    metric = _metric(found, as_of)
    if metric.high is not None and metric.high < metric.number:
        return Unreadable(text, "a range goes from the lower number to the higher (2\u20133M)")
    return metric


def _metric(found: re.Match[str], as_of: Dated | None) -> Metric:
    lscale, hscale = found.group("lscale"), found.group("hscale")
    high_text = found.group("high")
    low_power = SCALES[lscale.strip()] if lscale else 0
    high_power = SCALES[hscale.strip()] if hscale else low_power
    if high_text is not None and not lscale:
        low_power = high_power  # `2-3M`: the scale after the range is both ends'
    qualifier = _PREFIX_QUALIFIER.get(found.group("qual") or "", "")
    if found.group("plus"):
        qualifier = qualifier or "+"
    unit = "%" if found.group("pct") else (found.group("unit") or "").removeprefix("US")
    high = _number(high_text, high_power) if high_text is not None else None
    return Metric(
        _number(found.group("low"), low_power),
        qualifier,
        unit,
        high,
        high_power if high is not None else low_power,
        as_of,
    )


def _number(text: str, power: int) -> Decimal:
    return Decimal(text.replace(",", "").replace("\u2212", "-")).scaleb(power)


def _why(value: str) -> str:
    if not any(ch.isdigit() for ch in value):
        return "no number in it"
    return "not a number with an optional scale (k, M, B, T), unit ($, €, %) and bound (~ < > +)"


def require(text: object, *, where: str = "") -> Metric:
    """:func:`read`, raising :class:`ValueRefusedError` for text that is not a metric."""
    found = read(text)
    if isinstance(found, Unreadable):
        place = f"{where}: " if where else ""
        raise ValueRefusedError(
            f"{place}{found.text!r} is not a metric: {found.reason}",
            hint="write a number like 1.2B+, ~1B, 90k, 1,234, $2.5B, 50%+ or 2\u20133M",
        )
    return found


# -- writing back ------------------------------------------------------------------------------


def format_metric(metric: Metric, *, as_of: bool = False) -> str:
    """The metric as text in its own scale: ``1.2B+``, ``~$2.5B``, ``50%+``, ``2-3M``; with
    ``as_of``, its as-of note after it (``1.2B+ (Apr 2025)``)."""
    suffix = _CANONICAL_SCALE.get(metric.scale, "")
    power = metric.scale if suffix else 0
    text = _mantissa(metric.number, power)
    if metric.high is not None:
        text += "\u2013" + _mantissa(metric.high, power)
    text += suffix
    prefix = metric.qualifier if metric.qualifier != "+" else ""
    if metric.unit == "%":
        text += "%"
    elif metric.unit:
        text = metric.unit + text
    text = prefix + text + ("+" if metric.qualifier == "+" else "")
    if as_of and metric.as_of is not None:
        text += f" ({metric.as_of.text()})"
    return text


def _mantissa(number: Decimal, power: int) -> str:
    shown = number.scaleb(-power)
    text = f"{shown:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_number(value: float | Decimal, unit: str = "", *, digits: int = 3) -> str:
    """A bare number the way a person writes it, at most ``digits`` significant digits:
    ``500M``, ``1.5B``, ``90k``, ``$2.5B``, ``50%``; for axes and sparkline labels."""
    number = Decimal(str(value))
    magnitude = abs(number)
    power = 0
    for candidate in (12, 9, 6, 3):
        if magnitude >= Decimal(10) ** candidate:
            power = candidate
            break
    shown = number.scaleb(-power)
    rounded = f"{float(shown):.{digits}g}"
    if "e" in rounded:
        rounded = f"{float(shown):.0f}"
    text = rounded + _CANONICAL_SCALE.get(power, "")
    if unit == "%":
        return text + "%"
    return unit + text
