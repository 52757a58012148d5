"""Properties of the pieces a chart is made of: value ticks, date ticks, sparklines, the SVG
writer's numbers and escaping; and that `scaffold get` loads none of it."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from scaffold.metrics import svg
from scaffold.metrics.axes import date_label, date_ticks, value_ticks
from scaffold.metrics.sparkline import BARS, sparkline
from tests.cli.test_startup import _run_probe
from tests.conftest import SEED

# A metric from a note: zero, or a number of a few significant digits from a millionth up.
values = st.one_of(st.just(0.0), st.floats(min_value=1e-6, max_value=1e13))


@given(st.lists(values, min_size=1, max_size=20))
def test_value_ticks_cover_the_values_with_a_round_step(data: list[float]) -> None:
    ticks = value_ticks(min(data), max(data))
    assert ticks[0] <= min(min(data), 0) and ticks[-1] >= max(data)
    assert 2 <= len(ticks) <= 8
    steps = [b - a for a, b in itertools.pairwise(ticks)]
    step = ticks[1] - ticks[0]
    assert max(steps) - min(steps) <= step * 1e-6
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(math.isclose(mantissa, m, rel_tol=1e-6) for m in (1, 2, 2.5, 5, 10))


dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31))


@given(dates, dates)
def test_date_ticks_are_first_of_month_within_the_span_and_few(a: dt.date, b: dt.date) -> None:
    first, last = min(a, b), max(a, b)
    ticks, step = date_ticks(first, last)
    assert ticks and all(t.day == 1 for t in ticks)
    assert len(ticks) <= 8 or step == 120
    if len(ticks) > 1:
        assert first.replace(day=1) <= ticks[0] and ticks[-1] <= last
    if step >= 12:
        assert all(t.month == 1 for t in ticks) and date_label(ticks[0], step).isdigit()
    else:
        assert date_label(dt.date(2024, 7, 1), step) == "Jul 2024"


@given(st.lists(st.one_of(st.none(), values), max_size=30))
def test_a_sparkline_has_one_block_per_value_lowest_and_highest_at_the_ends(
    data: list[float | None],
) -> None:
    line = sparkline(data)
    assert len(line) == len(data)
    known = [(v, ch) for v, ch in zip(data, line, strict=True) if v is not None]
    assert all(ch == " " for v, ch in zip(data, line, strict=True) if v is None)
    if known and min(v for v, _ in known) < max(v for v, _ in known):
        assert BARS[0] in line and BARS[-1] in line
        ordered = sorted(known)
        assert [BARS.index(ch) for _, ch in ordered] == sorted(BARS.index(ch) for _, ch in ordered)


@given(st.text(max_size=40))
def test_svg_text_is_escaped_so_it_parses_back(text: str) -> None:
    clean = "".join(
        ch for ch in text if ch in "\t\n" or (ord(ch) >= 32 and ch not in "\ufffe\uffff")
    )
    clean = "".join(ch for ch in clean if not 0xD800 <= ord(ch) <= 0xDFFF)
    doc = svg.document(10, 10, clean)
    doc.add("text", clean, x=1, y=2)
    root = ET.fromstring(svg.render(doc))
    assert root.attrib["aria-label"] == clean.replace("\n", " ").replace("\t", " ")
    assert root[0].text == (clean or None)


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))
def test_svg_numbers_are_short_and_never_negative_zero(value: float) -> None:
    text = svg.num(value)
    assert text != "-0" and not text.endswith(".") and abs(float(text) - value) <= 0.005 + 1e-9


def test_get_loads_nothing_of_history_or_charts() -> None:
    _, modules = _run_probe("get", str(SEED), "Quick stats > Downloads")
    assert {
        m for m in modules if m.startswith(("scaffold.metrics", "scaffold.cli.metrics"))
    } == set()
