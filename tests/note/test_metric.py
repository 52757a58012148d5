"""The metric reader: cell text -> number, qualifier, unit (and as-of date), and back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scaffold.errors import ValueRefusedError
from scaffold.note.values.metric import (
    Metric,
    Unreadable,
    format_metric,
    format_number,
    read,
    require,
)


@pytest.mark.parametrize(
    ("text", "number", "qualifier", "unit"),
    [
        ("1.2B+", "1200000000", "+", ""),
        ("~1B", "1000000000", "~", ""),
        ("90k", "90000", "", ""),
        ("1,234", "1234", "", ""),
        ("650M", "650000000", "", ""),
        ("50%+", "50", "+", "%"),
        ("$2.5B", "2500000000", "", "$"),
        ("€3.5T", "3500000000000", "", "€"),
        ("<700M", "700000000", "<", ""),
        ("≥10", "10", ">=", ""),
        ("2.5 billion", "2500000000", "", ""),
        ("US$3B", "3000000000", "", "$"),
        ("-5%", "-5", "", "%"),
        ("**1.2B+** (Apr 2025)", "1200000000", "+", ""),
        ("**~1B** worldwide", "1000000000", "~", ""),
        ("1.2B+ (Apr 2025)", "1200000000", "+", ""),
        (1200, "1200", "", ""),
    ],
)
def test_reads_the_seed_vault_values(text: object, number: str, qualifier: str, unit: str) -> None:
    metric = read(text)
    assert isinstance(metric, Metric), metric
    assert (metric.number, metric.qualifier, metric.unit) == (Decimal(number), qualifier, unit)


def test_a_range_and_an_as_of_note() -> None:
    metric = read("2\u20133M")
    assert isinstance(metric, Metric)
    assert (metric.number, metric.high) == (Decimal(2_000_000), Decimal(3_000_000))
    assert format_metric(metric) == "2\u20133M"
    dated = read("**1.2B+** (Apr 2025)")
    assert isinstance(dated, Metric) and dated.as_of is not None
    assert dated.as_of.date == dt.date(2025, 4, 1)
    assert format_metric(dated, as_of=True) == "1.2B+ (Apr 2025)"


@pytest.mark.parametrize(
    "text",
    ["Free <700M MAU", "n/a", "", "—", "2023-02-24", "1.2 B", "Llama 4 Maverick (400B)", True],
)
def test_text_that_is_not_a_metric_is_reported_not_guessed(text: object) -> None:
    found = read(text)
    assert isinstance(found, Unreadable) and found.reason and not found
    with pytest.raises(ValueRefusedError, match="is not a metric"):
        require(text, where="Quick stats > Downloads")


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [(5e8, "", "500M"), (1e9, "", "1B"), (1.5e9, "", "1.5B"), (90_000, "", "90k"),
     (12, "", "12"), (2.5e9, "$", "$2.5B"), (50, "%", "50%"), (0, "", "0")],
)  # fmt: skip
def test_format_number_writes_axis_labels(value: float, unit: str, text: str) -> None:
    assert format_number(value, unit) == text


_mantissas = st.decimals(min_value=0, max_value=999_999, places=2, allow_nan=False)
_scales = st.sampled_from(["", "k", "M", "B", "T", "bn", " million", " billion"])
_quals = st.sampled_from(["", "~", "<", ">", "<=", ">=", "≈", "≤", "≥"])
_units = st.sampled_from(["", "$", "€", "£", "%"])


@st.composite
def metric_texts(draw: st.DrawFn) -> str:
    mantissa = f"{draw(_mantissas).normalize():f}"
    scale, qual, unit = draw(_scales), draw(_quals), draw(_units)
    plus = draw(st.booleans()) and qual == ""
    text = f"{qual}{mantissa}{scale}%" if unit == "%" else f"{qual}{unit}{mantissa}{scale}"
    text += "+" if plus else ""
    if draw(st.booleans()):
        text = f"**{text}**"
    if draw(st.booleans()):
        text += " (Apr 2025)"
    return text


@given(metric_texts())
def test_format_of_read_reads_back_the_same(text: str) -> None:
    metric = read(text)
    assert isinstance(metric, Metric), (text, metric)
    again = read(format_metric(metric, as_of=True))
    assert isinstance(again, Metric)
    assert again.same(metric)
    assert again.as_of == metric.as_of
