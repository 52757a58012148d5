"""The real questionary prompts, driven in-process through prompt_toolkit pipe input.

Everything goes through `scaffold.generate.prompts.ask`, the one function that calls questionary.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.data_structures import Size
from prompt_toolkit.document import Document
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.plain_text import PlainTextOutput

from scaffold.entities.library import Library
from scaffold.entities.questions import Choice, Question
from scaffold.generate import prompts
from scaffold.generate.plan import gather_answers, plan_note, write_plan
from scaffold.generate.suggest import LinkChoice, Suggestions

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
    keys.send_text("y" + ENTER)
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


def test_a_word_typed_at_a_yes_no_question_stays_there(keys: PipeInput) -> None:
    """`no` + Enter answers no; the `o` must not leak into the next question."""
    keys.send_text("no" + ENTER + ENTER)
    assert prompts.ask(Question("public", type="bool"), True, {}) is False
    assert prompts.ask(Question("license"), "MIT", {}) == "MIT"
    keys.send_text("yes" + ENTER + "Apache" + ENTER)
    assert prompts.ask(Question("public", type="bool"), False, {}) is True
    assert prompts.ask(Question("license"), "", {}) == "Apache"


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
    assert prompts.ask(competitors, [], {}, suggestions=SUGGESTIONS) == ["Claude", "ChatGPT"]


SUGGESTIONS = Suggestions(
    links=(
        LinkChoice("Claude", "Claude"),
        LinkChoice("Hugging Face", "Hugging Face"),
        LinkChoice("Meta", "Meta"),
        LinkChoice("Metaculus", "Metaculus"),
        LinkChoice("Facebook", "Meta"),
    ),
    tags=("ai", "ai/llm", "opensource", "usa"),
)


def _completions(completer: object, text: str) -> list[tuple[str, str, str]]:
    assert isinstance(completer, prompts.ItemCompleter)
    return [
        (c.text, c.display_text, c.display_meta_text)
        for c in completer.get_completions(Document(text), CompleteEvent())
    ]


def test_link_completer_suggests_vault_notes_for_the_last_item() -> None:
    completer = prompts._completer(Question("competitors", type="wikilinks"), SUGGESTIONS)
    assert [c[0] for c in _completions(completer, "Claude, me")] == ["Meta", "Metaculus"]
    assert [c[0] for c in _completions(completer, "face")] == ["Meta", "Hugging Face"]


def test_link_completion_offers_aliases_and_completes_to_the_note() -> None:
    completer = prompts._completer(Question("parent", type="wikilink"), SUGGESTIONS)
    assert _completions(completer, "faceb") == [("Meta", "Facebook", "alias of Meta")]
    # An escaped comma is part of the item being typed, not a separator.
    completer = prompts._completer(Question("competitors", type="wikilinks"), SUGGESTIONS)
    assert _completions(completer, "A\\, B, cla") == [("Claude", "Claude", "")]


def test_tags_complete_from_the_vault(keys: PipeInput) -> None:
    tags = Question("tags", type="tags")
    completer = prompts._completer(tags, SUGGESTIONS)
    assert [c[0] for c in _completions(completer, "usa, ai")] == ["ai", "ai/llm"]
    assert [c[0] for c in _completions(completer, "#open")] == ["opensource"]
    keys.send_text("#ai, opensource" + ENTER)  # Tab completion itself: test_new_pty.py
    assert prompts.ask(tags, [], {}, suggestions=SUGGESTIONS) == ["ai", "opensource"]


def test_a_bad_tag_is_explained_in_words_at_the_prompt(keys: PipeInput) -> None:
    tags = Question("tags", type="tags")
    assert tags.problem("ai models") == "'ai models': a tag cannot hold spaces (write 'ai-models')"
    assert "(?=" not in (tags.problem("1984") or "")
    keys.send_text("ai models" + ENTER + BACKSPACE * 7 + "-models" + ENTER)
    assert prompts.ask(tags, [], {}) == ["ai-models"]


def test_related_rows_complete_note_names_before_the_equals_sign(keys: PipeInput) -> None:
    related = Question("related", type="rows", row_links=True)
    completer = prompts._completer(related, SUGGESTIONS)
    assert isinstance(completer, prompts.RowKeyCompleter)
    assert [c[0] for c in _completions(completer, "hug")] == ["Hugging Face"]
    assert _completions(completer, "Hugging Face=dis") == []
    keys.send_text("Hugging Face=distribution" + ENTER + ENTER)
    assert prompts.ask(related, [], {}, suggestions=SUGGESTIONS) == [
        ("Hugging Face", "distribution")
    ]
    assert prompts._completer(Question("why", type="rows"), SUGGESTIONS) is None


def test_a_vault_check_refuses_the_answer_at_its_prompt(keys: PipeInput) -> None:
    def taken(value: object, answers: object) -> str | None:
        return "Meta.md already exists; pick another name" if value == "Meta" else None

    keys.send_text("Meta" + ENTER + BACKSPACE * 4 + "Llama" + ENTER)
    assert prompts.ask(Question("name", required=True), "", {}, check=taken) == "Llama"


def test_choose_takes_arrows_or_a_shortcut_then_enter(keys: PipeInput) -> None:
    options = [("write", "Yes, write it"), ("change", "Change an answer"), ("cancel", "No")]
    keys.send_text(ENTER)
    assert prompts.choose("Write?", options, default="write") == "write"
    keys.send_text(DOWN + ENTER)
    assert prompts.choose("Write?", options, default="write") == "change"
    keys.send_text("n" + ENTER)
    assert prompts.choose("Write?", options, default="write") == "cancel"


def test_help_and_earlier_answers_are_shown_in_the_prompt_texts() -> None:
    description = Question(
        "description", label="What is it?", help='completes "{{ name }} — {{ parent }}\'s …"'
    )
    assert description.prompt_texts({"name": "Llama", "parent": "Meta"}) == (
        "What is it?",
        'completes "Llama — Meta\'s …"',
    )
    # An answer not given yet shows as its name, so the text still reads.
    assert description.prompt_texts({})[1] == 'completes "NAME — PARENT\'s …"'


def test_ctrl_c_raises_keyboard_interrupt(keys: PipeInput) -> None:
    keys.send_text("Lla" + CTRL_C)
    with pytest.raises(KeyboardInterrupt):
        prompts.ask(Question("name"), "", {})


def test_whole_interactive_flow_name_then_enter_everywhere(keys: PipeInput, tmp_path: Path) -> None:
    library = Library(None)
    ttype = library.get("product")
    keys.send_text("Llama" + ENTER + ENTER * 30)
    answers = gather_answers(ttype, {}, ask=partial(prompts.ask), on=TODAY)
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
        answers = gather_answers(ttype, {}, ask=partial(prompts.ask), on=TODAY)
        write_plan(plan_note(library, ttype, answers, tmp_path))
    assert list(tmp_path.iterdir()) == []


class _Screen(PlainTextOutput):
    """What an 80-column terminal would show, as plain text."""

    def get_size(self) -> Size:
        return Size(rows=20, columns=80)


def test_help_sits_on_a_line_of_its_own_not_beside_the_prompt() -> None:
    screen = io.StringIO()
    long_help = 'completes "Llama — Meta\'s …", e.g. open-weight AI model family'
    question = Question("description", label="What is it?", help=long_help)
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=_Screen(screen)):
        pipe.send_text("x" + ENTER)
        assert prompts.ask(question, "", {}) == "x"
    # Plain text has no cursor movement: "\r" starts each piece drawn on a line of its own.
    lines = screen.getvalue().replace("\r\n", "\r").split("\r")
    help_lines = [line for line in lines if "open-weight AI model family" in line]
    assert help_lines, screen.getvalue()
    assert all("What is it?" not in line for line in help_lines)
