"""Answering a question file: every question of a type, in order, from given answers, a
prompt or defaults, with every problem collected into one error."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping

from scaffold.entities.convert import AnswerProblem
from scaffold.entities.questions import Asker, QuestionFile
from scaffold.errors import AnswersError

# --- answering ------------------------------------------------------------------------------


def resolve_answers(
    spec: QuestionFile,
    given: Mapping[str, object],
    *,
    today: dt.date,
    ask: Asker | None = None,
    type_name: str = "",
    not_asked: str = "run in a terminal to be asked instead",
) -> dict[str, object]:
    """Answer every question of ``spec`` in order.

    A question answered in ``given`` (``--set``/``--answers``) takes that answer, converted and
    validated. Otherwise a question whose ``when`` is false is left empty; one that may be
    asked is asked through ``ask`` when there is one (a terminal), else it takes its default.
    Every problem is collected, so one error names every missing or invalid answer;
    ``not_asked`` ends its hint, saying why nothing was asked.
    """
    known = {q.name for q in spec.questions}
    problems: list[str] = []
    for key in given:
        if key not in known:
            close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
            guess = f"did you mean {close[0]!r}? " if close else ""
            problems.append(
                f"{key}: not a question of this type ({guess}known: {', '.join(sorted(known))})"
            )
    answers: dict[str, object] = {}
    for question in spec.questions:
        context: dict[str, object] = {**answers, "today": today}
        value: object
        if question.name in given:
            try:
                value = question.parse(given[question.name])
            except AnswerProblem as exc:
                problems.append(f"{question.name}: {exc} (fix it with --set {question.name}=VALUE)")
                value = question.empty()
        elif not question.applies(context):
            value = question.empty()
        else:
            default = question.default_value(context)
            if ask is not None and question.ask:
                value = ask(question, default, context)
            else:
                value = default
                try:
                    question.check(value)
                except AnswerProblem as exc:
                    what = "missing" if question.is_empty(value) else str(exc)
                    problems.append(
                        f"{question.name}: {what} (supply it with --set {question.name}=VALUE)"
                    )
        answers[question.name] = value
    if problems:
        names = ", ".join(p.split(":", 1)[0] for p in problems)
        label = f" for type {type_name!r}" if type_name else ""
        raise AnswersError(
            f"missing or invalid answers{label}: " + "; ".join(problems),
            problems=tuple(problems),
            hint=f"pass each with --set KEY=VALUE or in an --answers FILE ({names}); {not_asked}",
        )
    return answers
