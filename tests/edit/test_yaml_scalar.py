"""render_scalar writes text every YAML reader reads back as the same value; convert's policy."""

from __future__ import annotations

import datetime as dt
import io
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.edit.guards import type_change
from scaffold.edit.yaml_scalar import convert, render_scalar
from scaffold.errors import ValueRefusedError
from scaffold.note.yaml.nodes import Node

STYLES = ("plain", "single", "double", "literal", "folded")


def _load(source: str, version: tuple[int, int]) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.version = version
    return yaml.load(io.StringIO(source))


def _reads_back(value: object, style: str) -> None:
    block = render_scalar(value, style=style)
    flow = render_scalar(value, style=style, flow=True)
    assert "\n" not in block and "\r" not in block
    for version in ((1, 2), (1, 1)):
        assert _load(f"k: {block}\n", version) == {"k": value}, (block, version)
        assert _load(f"k: [{flow}]\n", version) == {"k": [value]}, (flow, version)
        assert _load(f"k: {{a: {flow}}}\n", version) == {"k": {"a": value}}, (flow, version)


@settings(max_examples=1000, deadline=None)
@given(st.text(st.characters(codec="utf-8")), st.sampled_from(STYLES))
def test_any_string_reads_back_in_yaml_1_1_and_1_2(value: str, style: str) -> None:
    _reads_back(value, style)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="aZ09 .:-_+#,[]{}'\"!&*?|>%@`~=<\t\\/eE", max_size=8),
    st.sampled_from(STYLES),
)
def test_yaml_looking_strings_read_back(value: str, style: str) -> None:
    _reads_back(value, style)


TRICKY = [
    "yes",
    "No",
    "on",
    "OFF",
    "y",
    "n",
    "~",
    "null",
    "Null",
    "10:00",
    "1:20:30",
    "1e3",
    "0x1F",
    "0o17",
    "012",
    "1_000",
    ".inf",
    "-.INF",
    ".nan",
    "2026-01-27",
    "2026-01-27 10:00:00",
    "=",
    "<<",
    "",
    " a",
    "a ",
    "-a",
    "- a",
    "?a",
    ":a",
    "a:",
    "a: b",
    "a #b",
    "#x",
    "[[Meta]]",
    "{a}",
    "&x",
    "*x",
    "!x",
    "|x",
    ">x",
    "'x",
    '"x',
    "%x",
    "@x",
    "`x",
    "a\nb",
    "a\tb",
    "a\rb",
    "\x07",
    "\u2028",
    "\x85",
    "\ufeff",
    "---",
    "...",
    "true",
    "False",
    "TRUE",
    "123",
    "-1.5",
]


@pytest.mark.parametrize("value", TRICKY)
@pytest.mark.parametrize("style", STYLES)
def test_tricky_strings_read_back(value: str, style: str) -> None:
    _reads_back(value, style)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("yes", "'yes'"),
        ("10:00", "'10:00'"),
        ("2026-01-27", "'2026-01-27'"),
        ("Llama 4", "Llama 4"),
        ("[[Meta]]", "'[[Meta]]'"),
        ("it's", "it's"),
        ("#it's", "'#it''s'"),
        ("a\nb", '"a\\nb"'),
        ("", "''"),
    ],
)
def test_plain_falls_back_to_single_then_double(value: str, expected: str) -> None:
    assert render_scalar(value) == expected


def test_requested_styles_are_kept_when_possible() -> None:
    assert render_scalar("Meta", style="single") == "'Meta'"
    assert render_scalar("Meta", style="double") == '"Meta"'
    assert render_scalar("a,b", flow=True) == "'a,b'"
    assert render_scalar("a,b") == "a,b"
    assert render_scalar("multi\nline", style="literal") == '"multi\\nline"'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, "true"),
        (False, "false"),
        (None, "null"),
        (42, "42"),
        (-1.5, "-1.5"),
        (1e20, "1.0e+20"),
        (math.inf, ".inf"),
        (-math.inf, "-.inf"),
        (dt.date(2026, 1, 27), "2026-01-27"),
        (dt.datetime(2026, 1, 27, 10, 0), "2026-01-27T10:00:00"),
    ],
)
def test_non_strings_render_canonically(value: object, expected: str) -> None:
    text = render_scalar(value)
    assert text == expected
    for version in ((1, 2), (1, 1)):
        assert _load(f"k: {text}\n", version) == {"k": value}


def test_nan_renders_as_nan() -> None:
    assert render_scalar(math.nan) == ".nan"
    assert math.isnan(_load("k: .nan\n", (1, 2))["k"])


@settings(max_examples=200, deadline=None)
@given(st.floats(allow_nan=False) | st.integers())
def test_numbers_read_back(value: float) -> None:
    text = render_scalar(value)
    for version in ((1, 2), (1, 1)):
        assert _load(f"k: {text}\n", version) == {"k": value}


def test_unwritable_values_are_refused() -> None:
    with pytest.raises(ValueRefusedError):
        render_scalar(object())
    with pytest.raises(ValueRefusedError):
        render_scalar("\ud800")


def _scalar(value: object) -> Node:
    return Node("scalar", 0, 0, 1, 1, "plain", value)


@pytest.mark.parametrize(
    ("raw", "old", "expected"),
    [
        ("42", "old text", "42"),
        ("true", "old text", "true"),
        ("42", 7, 42),
        ("4.5", 7, 4.5),
        ("0x1F", 7, 31),
        ("many", 7, "many"),
        ("TRUE", False, True),
        ("yes", False, "yes"),
        ("2026-02-01", dt.date(2026, 1, 1), dt.date(2026, 2, 1)),
        ("soon", dt.date(2026, 1, 1), "soon"),
        ("2026-02-01T09:30:00", dt.datetime(2026, 1, 1), dt.datetime(2026, 2, 1, 9, 30)),
        ("42", None, 42),
        ("-1.5e3", None, -1500.0),
        ("true", None, True),
        ("2026-01-27", None, dt.date(2026, 1, 27)),
        ("012", None, "012"),
        ("hello", None, "hello"),
        (" 5", None, " 5"),
        ("", None, None),  # empty over empty: what get prints for it
        (
            "2026-01-27T10:00:00+01:00",
            dt.datetime(2026, 1, 1),
            dt.datetime(2026, 1, 27, 10, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        ),
        (
            "2001-12-14 21:59:43.10 -5",
            dt.datetime(2026, 1, 1),
            dt.datetime(2001, 12, 14, 21, 59, 43, 100000, dt.timezone(dt.timedelta(hours=-5))),
        ),
        ("2026-01-27T10:00:00Z", None, dt.datetime(2026, 1, 27, 10, tzinfo=dt.UTC)),
    ],
)
def test_auto_follows_the_existing_type(raw: str, old: object, expected: object) -> None:
    result = convert(raw, _scalar(old), "auto")
    assert result == expected
    assert type(result) is type(expected)


def test_auto_for_a_new_key_guesses() -> None:
    assert convert("3", None) == 3
    assert convert("Llama", None) == "Llama"
    assert convert("false", None) is False


@pytest.mark.parametrize(
    ("raw", "hint", "expected"),
    [
        ("42", "str", "42"),
        ("42", "int", 42),
        ("0o17", "int", 15),
        ("3", "float", 3.0),
        (".inf", "float", math.inf),
        ("False", "bool", False),
        ("2026-01-27", "date", dt.date(2026, 1, 27)),
        ("", "null", None),
        ("~", "null", None),
    ],
)
def test_explicit_types(raw: str, hint: str, expected: object) -> None:
    result = convert(raw, _scalar("x"), hint)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize(
    ("raw", "hint", "says"),
    [
        ("4.5", "int", "integer"),
        ("abc", "float", "number"),
        ("yes", "bool", "true or false"),
        ("2026-02-30", "date", "ISO date"),
        ("x", "null", "null"),
        ("x", "complex", "unknown type"),
    ],
)
def test_explicit_type_the_text_cannot_satisfy_is_refused(raw: str, hint: str, says: str) -> None:
    with pytest.raises(ValueRefusedError) as info:
        convert(raw, None, hint)
    assert says in str(info.value)


@pytest.mark.parametrize(
    ("raw", "old", "hint", "was"),
    [
        ("seven", 7, "auto", "integer"),
        ("1,5", 1.5, "auto", "number"),
        ("yes", True, "auto", "boolean"),
        ("2026-02-30", dt.date(2026, 1, 1), "auto", "date"),
        ("soon", dt.datetime(2026, 1, 1), "auto", "date-time"),
        ("8", 7, "auto", None),  # kept
        ("1.5", 7, "auto", None),  # still a number
        ("seven", 7, "str", None),  # asked for
        ("seven", "six", "auto", None),  # a string already
        ("seven", None, "auto", None),  # was empty
    ],
)
def test_type_change_says_when_auto_falls_back_to_a_string(
    raw: str, old: object, hint: str, was: str | None
) -> None:
    change = type_change(raw, _scalar(old), hint)
    if was is None:
        assert change is None
        return
    assert change is not None and change.was == was
    assert change.to_dict() == {"from": was, "to": "string", "old": old, "value": raw}
    assert repr(raw) in change.message and "--strict" in change.hint
