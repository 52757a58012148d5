"""The interactive session, in-process through prompt_toolkit pipe input: changing one answer
at the confirmation, a name clash at the end, and the answers kept when a run stops.
(tests/generate/test_new_pty.py runs the same flows in a real pseudo-terminal.)"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from scaffold.entities.library import Library
from scaffold.generate.interactive import Session
from scaffold.generate.plan import gather_answers

ENTER = "\r"
UP = "\x1b[A"


@pytest.fixture
def keys() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        yield pipe


@pytest.fixture
def vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SCAFFOLD_TODAY", "2026-01-27")
    root = tmp_path / "vault"
    (root / ".obsidian").mkdir(parents=True)
    return root


def _session(vault: Path, type_name: str, given: dict[str, object]) -> Session:
    library = Library(vault)
    return Session(library, library.get(type_name), vault, given, io.StringIO())


def test_changing_an_answer_asks_the_questions_that_now_apply(keys: PipeInput, vault: Path) -> None:
    session = _session(vault, "actor", {"name": "DeepMind", "kind": "lab"})
    keys.send_text(ENTER * 11)  # each of the 11 questions asked takes its default
    answers = session.gather()
    assert answers["kind"] == "lab" and answers["public"] is False  # not asked: not a company
    # Change "kind" to company: "Publicly traded?" and then "Ticker" now apply, and are asked.
    keys.send_text("w" + ENTER)  # "What kind of actor?: lab"
    keys.send_text(UP + ENTER)  # from "lab" up to "company"
    keys.send_text("y" + ENTER + "GOOGL" + ENTER)  # yes/no waits for Enter
    changed = session._change_one(answers)
    assert changed["kind"] == "company"
    assert changed["public"] is True
    assert changed["ticker"] == "GOOGL"
    assert changed["name"] == "DeepMind"  # the rest is kept, not asked again


def test_a_name_taken_at_the_end_offers_another_name(keys: PipeInput, vault: Path) -> None:
    (vault / "Grok.md").write_text("made meanwhile\n", encoding="utf-8")
    session = _session(vault, "product", {})
    answers = gather_answers(session.ttype, {"name": "Grok"})
    keys.send_text("g" + ENTER + "\x7f" * 4 + "Grok 2" + ENTER)
    plan = session._plan(dict(answers))
    assert plan is not None and plan.relpath == "Grok 2.md"
    assert "this note already exists" in session.screen.getvalue()  # type: ignore[attr-defined]


def test_cancelling_keeps_the_answers_and_says_where(keys: PipeInput, vault: Path) -> None:
    session = _session(vault, "product", {"name": "Llama", "downloads": "1.2B+"})
    keys.send_text(ENTER * 13 + "n" + ENTER)  # 13 defaults, then "No, cancel" at the confirm
    assert session.run() is None
    kept = vault / ".scaffold" / "answers" / "product.yaml"
    said = session.screen.getvalue()  # type: ignore[attr-defined]
    assert f"Answers kept in {kept}" in said
    text = kept.read_text(encoding="utf-8")
    assert "name: Llama\n" in text and "downloads: 1.2B+\n" in text
    assert not (vault / "Llama.md").exists()
