"""One set of placeholders: what recovery, history rows and check's value rules all skip."""

from __future__ import annotations

import re

import pytest

from scaffold.note.values.placeholders import is_placeholder


@pytest.mark.parametrize(
    "text", ["", "  ", "\u2014", " \u2013 ", "-", "?", "\u2026", "n/a", "N/A", "TBD", "None"]
)
def test_placeholders_hold_no_value(text: str) -> None:
    assert is_placeholder(text)


@pytest.mark.parametrize("text", ["0", "1.2B+", "\u20141", "n/a yet", "Nonesuch", "--"])
def test_values_are_not_placeholders(text: str) -> None:
    assert not is_placeholder(text)


# A module-level set of "no value" texts: a name ending in PLACEHOLDERS or EMPTY bound, within
# three lines, to text holding an em dash (as `_EMPTY = frozenset({"", "\u2014", ...})` did).
_PLACEHOLDER_SET = re.compile(
    r"^_?[A-Z_]*(PLACEHOLDERS|EMPTY) *=.*(\n.*){0,2}?(\\u2014|\u2014)", re.M
)


def test_every_feature_asks_the_one_set() -> None:
    """No feature keeps a set of its own (the three copies disagreed on ``TBD`` and ``?``)."""
    from pathlib import Path

    root = Path(__file__).parents[2] / "scaffold"
    owners = [
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if _PLACEHOLDER_SET.search(p.read_text(encoding="utf-8"))
    ]
    assert owners == ["note/values/placeholders.py"]
