"""The body scanner's line classifiers, one fixture case each: what a single line starts.

What it protects: the rules the body scanner dispatches on (ATX headings, fences, HTML block
starts, thematic breaks, list items, block quote nesting, list continuation), each pinned in
``fixtures/line_classifiers.json`` with a title saying which rule it shows.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from scaffold.note.body import blocks, markdown

FIXTURE = Path(__file__).parent / "fixtures" / "line_classifiers.json"
CLASSIFIERS: dict[str, Any] = {
    name: spec for name, spec in json.loads(FIXTURE.read_text("utf-8")).items() if name != "about"
}
CASES = [
    pytest.param(name, case["args"], case["want"], id=f"{name}: {case['title']}")
    for name, spec in CLASSIFIERS.items()
    for case in spec["cases"]
]


def _plain(value: object) -> object:
    """What a classifier returned, in the fixture's JSON terms."""
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, re.Pattern):
        return "re:" + value.pattern
    return value


@pytest.mark.parametrize(("name", "args", "want"), CASES)
def test_line_classifier(name: str, args: list[Any], want: object) -> None:
    classify = getattr(markdown if name == "_list_continues" else blocks, name)
    assert _plain(classify(*args)) == want


def test_every_classifier_has_cases() -> None:
    assert all(len(spec["cases"]) >= 4 for spec in CLASSIFIERS.values())
    named = {"atx_heading", "fence_opener", "html_start", "_list_continues", "nesting"}
    assert set(CLASSIFIERS) >= named
