"""Questions are data: conversion, validation, defaults and `when`, shared by every flow."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scaffold.entities.library import builtin_root, cell, link, links, tags, yaml_value
from scaffold.entities.question_file import parse_question_file
from scaffold.entities.questions import AnswerProblem, Choice, Question
from scaffold.errors import AnswersError, TemplateError
from scaffold.generate.answering import resolve_answers

TODAY = dt.date(2026, 1, 27)


def q(name: str = "x", **fields: object) -> Question:
    return Question(name=name, **fields)  # type: ignore[arg-type]


# --- conversion -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qtype", "raw", "expected"),
    [
        ("text", "  Llama  ", "Llama"),
        ("text", 42, "42"),
        ("integer", "2004", 2004),
        ("integer", 2004, 2004),
        ("number", "1.5", 1.5),
        ("number", "1500", 1500),
        ("number", 2.0, 2.0),
        ("bool", "yes", True),
        ("bool", "N", False),
        ("bool", True, True),
        ("date", "2026-01-27", dt.date(2026, 1, 27)),
        ("date", dt.date(2025, 4, 1), dt.date(2025, 4, 1)),
        ("list", "Meta Llama, LLaMA,, Llama 4", ["Meta Llama", "LLaMA", "Llama 4"]),
        ("list", ["a", "A", "b"], ["a", "b"]),
        ("wikilink", "[[Meta]]", "Meta"),
        ("wikilink", "Meta", "Meta"),
        ("wikilinks", "Claude, [[ChatGPT]]", ["Claude", "ChatGPT"]),
        ("rows", "Downloads=1.2B+; License = Free", [("Downloads", "1.2B+"), ("License", "Free")]),
        ("rows", {"Users": "**3B**", "Year": 2004}, [("Users", "**3B**"), ("Year", "2004")]),
        ("rows", [["a", "1"], {"b": "x=y"}], [("a", "1"), ("b", "x=y")]),
        ("rows", ">700M MAU=Commercial", [(">700M MAU", "Commercial")]),
    ],
)
def test_convert(qtype: str, raw: object, expected: object) -> None:
    assert q(type=qtype).convert(raw) == expected


@pytest.mark.parametrize(
    ("qtype", "raw", "message"),
    [
        ("integer", "twenty", "not a whole number"),
        ("integer", True, "yes/no"),
        ("number", "1.2.3", "not a number"),
        ("number", "inf", "finite"),
        ("bool", "maybe", "not yes or no"),
        ("date", "27/01/2026", "not a date"),
        ("text", "two\nlines", "single line"),
        ("wikilink", "Meta|Facebook", "cannot contain"),
        ("wikilinks", "A, B]]x", "cannot contain"),
        ("rows", "no equals sign", "NAME=VALUE"),
        ("rows", "a=1; A=2", "appears twice"),
        ("rows", "a|b=1", "cannot contain '|'"),
        ("text", {"a": 1}, "expected text"),
    ],
)
def test_convert_refuses(qtype: str, raw: object, message: str) -> None:
    with pytest.raises(AnswerProblem, match=message):
        q(type=qtype).convert(raw)


def test_choice_accepts_value_or_label_case_insensitively() -> None:
    question = q(type="choice", choices=(Choice("model", "AI model"), Choice("app", "App")))
    assert question.convert("model") == "model"
    assert question.convert("ai MODEL") == "model"
    with pytest.raises(AnswerProblem, match="not one of: model, app"):
        question.convert("hardware")
    multi = q(type="multi", choices=(Choice("ai", "ai"), Choice("ads", "ads")))
    assert multi.convert("ads, AI, ads") == ["ads", "ai"]


def test_empty_answers_have_typed_empty_values() -> None:
    assert q(type="text").convert("  ") == ""
    assert q(type="integer").convert(None) is None
    assert q(type="wikilinks").convert("") == []
    assert q(type="rows").convert(None) == []
    assert q(type="bool").convert("") is False


def test_validation_pattern_range_required() -> None:
    ticker = q(pattern="[A-Z]{1,5}")
    assert ticker.problem("META") is None
    assert "does not match" in (ticker.problem("meta") or "")
    founded = q(type="integer", min=1600.0, max=2100.0)
    assert founded.problem("2004") is None
    assert founded.problem("1500") == "must be at least 1600"
    assert founded.problem("3000") == "must be at most 2100"
    launched = q(type="date", min="2000-01-01")
    assert launched.problem("1999-12-31") == "must be on or after 2000-01-01"
    assert q(required=True).problem("") == "an answer is required"
    tagq = q(type="list", pattern="[a-z]+")
    assert "does not match" in (tagq.problem("ai, Bad Tag") or "")


# --- defaults and when ----------------------------------------------------------------------


def test_default_is_jinja_over_earlier_answers() -> None:
    question = q("license", default="{{ 'open weights' if open_weights else '' }}")
    assert question.default_value({"open_weights": True}) == "open weights"
    assert question.default_value({"open_weights": False}) == ""
    created = q("created", type="date", default="{{ today }}")
    assert created.default_value({"today": TODAY}) == TODAY


def test_default_referring_to_a_later_answer_is_a_template_error() -> None:
    with pytest.raises(TemplateError, match="cannot render default"):
        q("a", default="{{ b }}").default_value({})


def test_when_skips_a_question_and_leaves_it_empty() -> None:
    spec = parse_question_file(
        """
questions:
  - {name: name, required: true}
  - {name: public, type: bool, default: false}
  - {name: ticker, when: public, required: true}
"""
    )
    answers = resolve_answers(spec, {"name": "Meta"}, today=TODAY)
    assert answers == {"name": "Meta", "public": False, "ticker": ""}
    with pytest.raises(AnswersError, match="ticker: missing"):
        resolve_answers(spec, {"name": "Meta", "public": "yes"}, today=TODAY)


def test_resolve_names_every_missing_and_invalid_answer_and_the_flag() -> None:
    spec = parse_question_file(
        """
questions:
  - {name: name, required: true}
  - {name: founded, type: integer, min: 1600}
  - {name: country, type: wikilink, required: true}
"""
    )
    with pytest.raises(AnswersError) as info:
        resolve_answers(spec, {"founded": "1200", "colour": "red"}, today=TODAY)
    err = info.value
    assert [p.split(":")[0] for p in err.problems] == ["colour", "name", "founded", "country"]
    assert "--set name=VALUE" in err.message
    assert "--set country=VALUE" in err.message
    assert "must be at least 1600" in err.message


def test_resolve_asks_only_askable_applicable_questions_in_order() -> None:
    spec = parse_question_file(
        """
questions:
  - {name: name, required: true}
  - {name: kind, type: choice, choices: [company, person], default: company}
  - {name: ticker, when: "kind == 'company'"}
  - {name: created, type: date, default: "{{ today }}", ask: false}
"""
    )
    asked: list[str] = []

    def ask(question: Question, default: object, context: object) -> object:
        asked.append(question.name)
        return {"name": "Meta", "kind": "person"}.get(question.name, default)

    answers = resolve_answers(spec, {}, today=TODAY, ask=ask)
    assert asked == ["name", "kind"]  # ticker skipped by `when`, created never asked
    assert answers == {"name": "Meta", "kind": "person", "ticker": "", "created": TODAY}


# --- question files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("questions: []", "non-empty `questions:`"),
        ("questions:\n  - {name: title}", "question called `name`"),
        ("questions:\n  - {name: name, type: txt}", "unknown type 'txt'"),
        ("questions:\n  - {name: name}\n  - {name: name}", "defined twice"),
        ("questions:\n  - {name: name, colour: red}", "unknown field"),
        ("questions:\n  - {name: name}\n  - {name: k, type: choice}", "needs `choices`"),
        ("questions:\n  - {name: 2x}", "must be an identifier"),
        ("questions:\n  - {name: name, pattern: '('}", "bad pattern"),
        ("questions:\n  - {name: name, backlink: x}", "only applies to wikilink"),
        ("paths: x\nquestions:\n  - {name: name}", "unknown key"),
        ("questions: [", "not valid YAML"),
    ],
)
def test_bad_question_files_are_template_errors(text: str, message: str) -> None:
    with pytest.raises(TemplateError, match=message):
        parse_question_file(text)


def test_unknown_type_suggests_the_close_one() -> None:
    with pytest.raises(TemplateError) as info:
        parse_question_file("questions:\n  - {name: name, type: wikilnk}")
    assert info.value.hint == "did you mean 'wikilink'?"
    assert info.value.line == 2


@pytest.mark.parametrize("type_name", ["actor", "product"])
def test_builtin_question_files_parse_and_only_name_is_required(type_name: str) -> None:
    path = builtin_root() / type_name / "questions.yaml"
    spec = parse_question_file(path.read_text(encoding="utf-8"), path)
    answers = resolve_answers(spec, {"name": "X"}, today=TODAY)  # name alone is enough
    assert answers["name"] == "X"
    assert answers["created"] == TODAY
    assert {q.type for q in spec.questions} >= {"text", "list", "wikilink", "rows", "date"}


# --- filters --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "yes",
        "No",
        "on",
        "null",
        "~",
        "10:00",
        "[[Meta]]",
        "#tag",
        "a: b",
        "x #y",
        "1.2",
        "1e3",
        "0x1F",
        "2026-01-27",
        " lead",
        "trail ",
        "it's",
        'say "hi"',
        "- item",
        "? key",
        "@x",
        "%x",
        "`x`",
        "{a}",
        "a, b",
        "",
        "Meta Llama",
        "Llama 4",
        "Straße",
    ],
)
def test_yaml_filter_reads_back_as_written(value: str) -> None:
    from ruamel.yaml import YAML

    loaded = YAML(typ="safe", pure=True).load(f"k: {yaml_value(value)}\nl: {yaml_value([value])}")
    assert loaded == {"k": value, "l": [value]}


def test_yaml_filter_leaves_plain_words_plain() -> None:
    assert yaml_value("Meta Llama") == "Meta Llama"
    assert yaml_value(["Meta Llama", "LLaMA", "Llama 4"]) == "[Meta Llama, LLaMA, Llama 4]"
    assert yaml_value("yes") == '"yes"'
    assert yaml_value("[[Meta]]") == '"[[Meta]]"'
    assert yaml_value(TODAY) == "2026-01-27"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30))
def test_yaml_filter_property(value: str) -> None:
    from ruamel.yaml import YAML

    loaded = YAML(typ="safe", pure=True).load(f"k: {yaml_value(value)}")
    assert loaded["k"] == value


def test_cell_link_and_tag_filters() -> None:
    assert cell("a | b") == "a \\| b"
    assert cell(["x", "y|z"]) == "x, y\\|z"
    assert cell(1500.0) == "1500"
    assert cell(TODAY) == "2026-01-27"
    assert cell(None) == ""
    assert link("Meta") == "[[Meta]]"
    assert link("[[Meta]]") == "[[Meta]]"
    assert link("") == ""  # no dangling [[]]
    assert links(["A", "", "B"]) == "[[A]], [[B]]"
    assert tags(["product", "#ai"]) == "#product #ai"
    from scaffold.errors import ValueRefusedError

    with pytest.raises(ValueRefusedError):
        cell("two\nlines")
