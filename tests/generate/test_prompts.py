"""The real questionary prompts, driven in-process through prompt_toolkit pipe input.

Everything goes through `scaffold.generate.prompts.ask`, the one function that calls questionary.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from scaffold.generate import prompts
from scaffold.generate.plan import gather_answers, plan_note, write_plan
from scaffold.types.library import Library
from scaffold.types.questions import Choice, Question

ENTER = "\r"
DOWN = "\x1b[B"
CTRL_C = "\x03"
BACKSPACE = "\x7f"
TODAY = dt.date(2026, 1, 27)


@pytest.fixture
def keys() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        yield pipe


def test_text_typed_and_default_accepted(keys: PipeInput) -> None:
    keys.send_text("Llama" + ENTER)
    assert prompts.ask(Question("name", required=True), "", {}) == "Llama"
    keys.send_text(ENTER)
    assert prompts.ask(Question("tags", type="list"), ["ai", "usa"], {}) == ["ai", "usa"]


def test_invalid_answer_is_fixed_at_the_prompt(keys: PipeInput) -> None:
    founded = Question("founded", type="integer", min=1600.0, max=2100.0)
    # "abc" and "1500" are refused where they were typed; the user edits and retries.
    keys.send_text("abc" + ENTER + BACKSPACE * 3 + "1500" + ENTER + BACKSPACE * 4 + "2004" + ENTER)
    assert prompts.ask(founded, None, {}) == 2004


def test_required_text_cannot_be_left_empty(keys: PipeInput) -> None:
    keys.send_text(ENTER + "Meta" + ENTER)
    assert prompts.ask(Question("name", required=True), "", {}) == "Meta"


def test_yes_no_choice_and_multiple_choice(keys: PipeInput) -> None:
    keys.send_text("y")
    assert prompts.ask(Question("public", type="bool"), False, {}) is True
    keys.send_text(ENTER)
    assert prompts.ask(Question("public", type="bool"), False, {}) is False
    choices = (Choice("company", "Company"), Choice("person", "Person"))
    kind = Question("kind", type="choice", choices=choices, required=True)
    keys.send_text(DOWN + ENTER)
    assert prompts.ask(kind, "company", {}) == "person"
    keys.send_text(ENTER)
    assert prompts.ask(kind, "", {}) == "company"
    sectors = Question("sectors", type="multi", choices=(Choice("ai", "ai"), Choice("ads", "ads")))
    keys.send_text(" " + DOWN + " " + ENTER)  # toggle both
    assert prompts.ask(sectors, [], {}) == ["ai", "ads"]


def test_optional_choice_offers_none(keys: PipeInput) -> None:
    category = Question("category", type="choice", choices=(Choice("model", "AI model"),))
    keys.send_text(DOWN + ENTER)
    assert prompts.ask(category, "model", {}) == ""


def test_rows_one_prompt_per_row_until_an_empty_line(keys: PipeInput) -> None:
    why = Question("why", type="rows")
    keys.send_text("Downloads=1.2B+" + ENTER + "bad row" + ENTER + BACKSPACE * 7)
    keys.send_text("License=Free" + ENTER + ENTER)
    assert prompts.ask(why, [], {}) == [("Downloads", "1.2B+"), ("License", "Free")]


def test_date_and_wikilinks(keys: PipeInput) -> None:
    keys.send_text("2023-02-24" + ENTER)
    assert prompts.ask(Question("launched", type="date"), None, {}) == dt.date(2023, 2, 24)
    keys.send_text("Claude, [[ChatGPT]]" + ENTER)
    competitors = Question("competitors", type="wikilinks")
    assert prompts.ask(competitors, [], {}, suggestions=["Claude", "Meta"]) == [
        "Claude",
        "ChatGPT",
    ]


def test_link_completer_suggests_vault_notes_for_the_last_item() -> None:
    completer = prompts._LinkCompleter(["Meta", "Metaculus", "Claude", "Hugging Face"])
    got = [c.text for c in completer.get_completions(Document("Claude, me"), CompleteEvent())]
    assert got == ["Meta", "Metaculus"]
    got = [c.text for c in completer.get_completions(Document("face"), CompleteEvent())]
    assert got == ["Hugging Face"]


def test_ctrl_c_raises_keyboard_interrupt(keys: PipeInput) -> None:
    keys.send_text("Lla" + CTRL_C)
    with pytest.raises(KeyboardInterrupt):
        prompts.ask(Question("name"), "", {})


def test_whole_interactive_flow_name_then_enter_everywhere(keys: PipeInput, tmp_path: Path) -> None:
    library = Library(None)
    ttype = library.get("product")
    keys.send_text("Llama" + ENTER + ENTER * 30)
    answers = gather_answers(ttype, {}, ask=partial(prompts.ask, suggestions=[]), on=TODAY)
    assert answers["name"] == "Llama"
    assert answers["tags"] == ["ai"] and answers["category"] == "model"
    plan = plan_note(library, ttype, answers, tmp_path)
    write_plan(plan)
    assert (tmp_path / "Llama.md").read_text(encoding="utf-8").startswith("---\ntype: product\n")


def test_ctrl_c_midway_writes_nothing(keys: PipeInput, tmp_path: Path) -> None:
    library = Library(None)
    ttype = library.get("actor")
    keys.send_text("Meta" + ENTER + ENTER + "American" + CTRL_C)
    with pytest.raises(KeyboardInterrupt):
        answers = gather_answers(ttype, {}, ask=partial(prompts.ask, suggestions=[]), on=TODAY)
        write_plan(plan_note(library, ttype, answers, tmp_path))
    assert list(tmp_path.iterdir()) == []
