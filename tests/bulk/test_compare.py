"""``--where`` comparisons: ``downloads>1B``, ``valuation>=$100B``, ``'Quick stats > Users'<10M``
and ``as_of<2026-06``, read with the metric reader, over real vaults and the real CLI."""

from __future__ import annotations

import json
import operator
import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scaffold
from scaffold.bulk.select import parse_where
from scaffold.errors import UsageError
from scaffold.note.values.metric import Metric, format_metric, read
from tests.conftest import run_main

OPS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _selected(vault: Path, where: str, target: str = "downloads") -> set[str]:
    out = scaffold.export(vault, [target], where=where, format="json")
    return {row["note"] for row in json.loads(out)}


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("downloads>1B", {"Llama"}),  # 1.2B+ > 1B; Meta AI's 1B is not
        ("downloads>=1B", {"Llama", "Meta AI"}),
        ("downloads>=2.5M", {"Llama", "Meta AI", "Grok"}),
        ("downloads < 1B", {"Grok"}),
        ("'Quick stats > Downloads'<10M", set()),
        ("'Quick stats > Downloads'<=10M", {"Grok"}),
        ("type:product and not downloads>100M", {"Grok"}),
    ],
)
def test_comparisons_select_by_the_number(vault: Path, where: str, expected: set[str]) -> None:
    assert _selected(vault, where) == expected


def test_downloads_ge_is_no_longer_a_key_named_downloads_gt(vault: Path) -> None:
    # Before: `downloads>` = `2.5M`, an empty selection with exit 0.
    result = run_main("export", "downloads", "--where", "downloads>=2.5M", cwd=vault)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1:] and "Grok" in result.stdout


def test_as_of_is_the_latest_history_row(vault: Path) -> None:
    # The seed's Download trajectory ends in Apr 2025; the other notes have no history table.
    assert _selected(vault, "as_of<2026-06") == {"Llama"}
    with pytest.raises(UsageError, match="'Apr' is not a date"):
        _selected(vault, "as_of>=Apr 2025")  # a date with a space is quoted
    assert _selected(vault, "as_of>='Apr 2025'") == {"Llama"}
    assert _selected(vault, "as_of>2025-04") == set()
    assert _selected(vault, "as_of<=2025") == {"Llama"}


def test_a_value_that_cannot_be_read_does_not_match_and_json_says_why(vault: Path) -> None:
    result = run_main(
        "update", "--where", "license>1M", "--set", "license=x", "--dry-run", "--json", cwd=vault
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.splitlines()[-1])
    assert summary["notes"] == 0
    reasons = {u["path"]: u for u in summary["unmatched"]}
    assert reasons["AI/Grok.md"]["text"] == "Proprietary"
    assert "not a metric" in reasons["AI/Grok.md"]["reason"]
    assert reasons["AI/Grok.md"]["target"] == "license"


def test_units_must_agree(tmp_path: Path) -> None:
    (tmp_path / ".scaffold").mkdir()
    for name, value in {"A": "$150B", "B": "€150B", "C": "90B", "D": "$50B"}.items():
        (tmp_path / f"{name}.md").write_text(f"---\nvaluation: {value}\n---\n", encoding="utf-8")
    # A unit on one side only compares; $ and € do not.
    assert _selected(tmp_path, "valuation>=$100B", "valuation") == {"A"}
    assert _selected(tmp_path, "valuation>=100B", "valuation") == {"A", "B"}


@pytest.mark.parametrize(
    ("where", "message"),
    [("downloads>lots", "not a number to compare with"), ("as_of<soon", "is not a date")],
)
def test_a_right_hand_side_that_is_not_a_number_is_a_usage_error(where: str, message: str) -> None:
    with pytest.raises(UsageError, match=message) as info:
        parse_where(where)
    assert "^" in info.value.message


# -- property: the comparison agrees with Python's ------------------------------------------

_VALUES = st.builds(
    lambda mantissa, scale, qual: f"{qual}{mantissa}{scale}",
    st.decimals(min_value=0, max_value=999, places=1, allow_nan=False).map(
        lambda d: f"{d.normalize():f}"
    ),
    st.sampled_from(["", "k", "M", "B"]),
    st.sampled_from(["", "~", "<"]),
).map(lambda t: t + "+" if "~" not in t and "<" not in t and t.endswith("B") else t)
_CELLS = st.one_of(_VALUES, _VALUES.map(lambda v: f"**{v}** (Apr 2025)"), st.just("n/a"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cells=st.lists(_CELLS, min_size=1, max_size=6),
    op=st.sampled_from(sorted(OPS)),
    bound=_VALUES,
)
def test_each_comparison_agrees_with_python_over_a_generated_vault(
    cells: list[str], op: str, bound: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / ".scaffold").mkdir()
        for i, cell in enumerate(cells):
            note = f"## Stats\n\n| Metric | Value |\n|---|---|\n| Users | {cell} |\n"
            (root / f"n{i}.md").write_text(note, encoding="utf-8")
        got = _selected(root, f"'Stats > Users'{op}{bound}", "Stats > Users")
        want = read(bound)
        assert isinstance(want, Metric)
        expected = set()
        for i, cell in enumerate(cells):
            metric = read(cell)
            if isinstance(metric, Metric) and OPS[op](metric.number, want.number):
                expected.add(f"n{i}")
        assert got == expected, (cells, op, bound, format_metric(want))
