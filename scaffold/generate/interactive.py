"""``scaffold new`` with a person at the terminal: ask, preview, confirm, write.

What a person must not lose is their answers. So:

- the name (and each alias) is checked at its own prompt against the vault: a note that
  exists, a name or alias another note answers to, characters Obsidian forbids, a path out
  of the vault. The person fixes it there, not after sixteen more questions;
- if the note appears while the prompts run (or a name gets taken), they choose another
  name, overwriting, or cancelling;
- at the confirmation they may change any one answer and see the note again;
- a run that is declined, fails or is interrupted keeps its answers
  (:mod:`scaffold.generate.saved`) and says where, and ``--resume`` starts from them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from scaffold.entities.clock import today
from scaffold.entities.questions import Question
from scaffold.errors import NoteExistsError, ScaffoldError, VerifyError
from scaffold.generate import prompts, saved
from scaffold.generate.names import prompt_checks
from scaffold.generate.plan import NotePlan, Writer, gather_answers, plan_note, write_plan
from scaffold.generate.suggest import Suggestions

if TYPE_CHECKING:
    from scaffold.entities.library import Library, TemplateType


@dataclass
class Session:
    """One interactive run. ``answers`` grows as questions are answered, so whatever stops
    the run, what was typed can be kept."""

    library: Library
    ttype: TemplateType
    vault: Path
    given: Mapping[str, object]
    """Answers from ``--set``/``--answers`` (raw), which are not asked."""
    screen: IO[str]
    """Where previews and messages go: the terminal the person is looking at."""
    force: bool = False
    link_back: bool | None = None
    write: Writer | None = None
    """How the confirmed note is written (:func:`scaffold.generate.plan.write_plan`)."""
    answers: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        from scaffold.vault.index import VaultIndex

        index = VaultIndex.build(self.vault)
        self.suggestions = Suggestions.from_index(index)
        self.checks = prompt_checks(
            self.library, self.ttype, self.vault, index, force=self.force, day=today()
        )

    # -- asking ------------------------------------------------------------------------------

    def ask(self, question: Question, default: object, context: Mapping[str, object]) -> object:
        """The :data:`~scaffold.entities.questions.Asker`: ask, and remember the answer."""
        value = prompts.ask(
            question,
            default,
            context,
            suggestions=self.suggestions,
            check=self._check_for(question),
        )
        self.answers[question.name] = value
        return value

    def _check_for(self, question: Question) -> prompts.Check | None:
        return self.checks.get(question.name)

    def gather(self, replay: Mapping[str, object] | None = None) -> dict[str, object]:
        """Answer every question: given ones from ``given``, others at a prompt, or from
        ``replay`` (answers kept from an earlier pass) without asking again."""
        if replay is None:
            return gather_answers(self.ttype, self.given, ask=self.ask)
        kept = dict(replay)
        # A question that is never asked (`ask: false`) keeps its --set answer; the others
        # are replayed from `kept`, so that `when` is evaluated again over the new answers.
        never_asked = {q.name for q in self.ttype.spec.questions if not q.ask}
        given = {k: v for k, v in self.given.items() if k not in kept or k in never_asked}

        def again(question: Question, default: object, context: Mapping[str, object]) -> object:
            if question.name in kept:
                self.answers[question.name] = kept[question.name]
                return kept[question.name]
            return self.ask(question, default, context)

        return gather_answers(self.ttype, given, ask=again)

    # -- the run -----------------------------------------------------------------------------

    def run(self, *, dry_run: bool = False) -> NotePlan | None:
        """Ask, preview, confirm and write. Returns the written plan, or None when the person
        cancelled. Whatever stops the run keeps the answers given so far. With ``dry_run``,
        returns the plan once the answers are in, without a preview or a write."""
        try:
            answers = self.gather()
            while True:
                plan = self._plan(answers)
                if plan is None:
                    self._keep("the run was cancelled")
                    return None
                if dry_run:
                    return plan
                self._preview(plan)
                action = prompts.choose(
                    f"{'Overwrite' if plan.replaces else 'Write'} {plan.relpath}?",
                    [
                        ("write", "Yes, write it"),
                        ("change", "Change an answer"),
                        ("cancel", "No, cancel (the answers are kept)"),
                    ],
                    default="write",
                )
                if action == "cancel":
                    self._keep("the note was not confirmed")
                    return None
                if action == "change":
                    answers = self._change_one(answers)
                    continue
                try:
                    write_plan(plan, self.write)
                except VerifyError as exc:  # a file changed while the confirmation waited
                    self.say(f"not written: {exc}; checking again")
                    continue
                saved.discard(self.vault, self.ttype.name)
                return plan
        except KeyboardInterrupt:
            self._keep("the run was interrupted")
            raise
        except ScaffoldError:
            self._keep("the run failed")
            raise

    def _plan(self, answers: dict[str, object]) -> NotePlan | None:
        """NotePlan the note; when its name is taken, ask what to do (None: cancel)."""
        while True:
            try:
                return plan_note(
                    self.library,
                    self.ttype,
                    answers,
                    self.vault,
                    force=self.force,
                    link_back=self.link_back,
                )
            except NoteExistsError as exc:
                self.say(f"{exc.message.removesuffix('; nothing was written')} ({exc.path})")
                choice = prompts.choose(
                    "What now?",
                    [
                        ("rename", "Give the note another name"),
                        ("overwrite", "Write anyway (overwrite, or share the name)"),
                        ("cancel", "Cancel (the answers are kept)"),
                    ],
                )
                if choice == "cancel":
                    return None
                if choice == "overwrite":
                    self.force = True
                    continue
                question = self.ttype.spec.get("name")
                assert question is not None  # every type has one (parse_question_file checks)
                answers["name"] = self.ask(question, answers.get("name"), answers)
                self.answers = dict(answers)

    def _change_one(self, answers: dict[str, object]) -> dict[str, object]:
        """Pick one answer, ask it again, and answer any question that now applies."""
        askable = [
            q
            for q in self.ttype.spec.questions
            if q.ask and q.applies({**answers, "today": today()})
        ]
        options = [(q.name, f"{q.prompt_texts(answers)[0]}: {_shown(q, answers)}") for q in askable]
        name = prompts.choose("Which answer?", options)
        question = next(q for q in askable if q.name == name)
        # Keep what was answered (a skipped question's empty value is not an answer, so it is
        # asked if the change makes it apply), and ask the chosen one again.
        answered = set(self.answers) | set(self.given)
        kept = {k: v for k, v in answers.items() if k != name and k in answered}
        kept[name] = self.ask(question, answers.get(name), answers)
        return self.gather(replay=kept)

    # -- saying things -----------------------------------------------------------------------

    def say(self, text: str) -> None:
        """Print a line for the person at the terminal (gone, after a hang-up: then the
        line is dropped, and what matters has been done already)."""
        with suppress(OSError, ValueError):
            print(text, file=self.screen, flush=True)

    def _preview(self, plan: NotePlan) -> None:
        verb = "will overwrite" if plan.replaces else "will create"
        self.say(f"{verb} {plan.relpath} (vault: {plan.vault})")
        self.say("-" * 72)
        self.screen.write(plan.text)
        self.say("-" * 72)
        for back in plan.link_backs:
            self.say(f"will add to {back.path.relative_to(plan.vault).as_posix()}: {back.item}")
        for note in plan.notes:
            self.say(f"note: {note}")

    def _keep(self, why: str) -> None:
        """Keep the answers so far (given and typed) and say where."""
        answers = {**self.given, **self.answers}
        if not any(k != "created" for k in answers):
            return
        try:
            path = saved.save(self.vault, self.ttype.name, answers, why)
        except (OSError, ScaffoldError) as exc:
            self.say(f"could not keep the answers: {exc}")
            return
        self.say(f"Answers kept in {path}")
        self.say(f"Resume with: scaffold new {self.ttype.name} --resume")


def _shown(question: Question, answers: Mapping[str, object]) -> str:
    text = question.to_text(answers.get(question.name))
    if len(text) > 40:
        text = text[:39] + "…"
    return text or "(empty)"


def run(
    library: Library,
    ttype: TemplateType,
    vault: Path,
    given: Mapping[str, object],
    *,
    force: bool = False,
    link_back: bool | None = None,
    dry_run: bool = False,
    write: Writer | None = None,
) -> NotePlan | None:
    """Run ``scaffold new`` interactively on the person's terminal (see :class:`Session`).

    Closing the terminal (SIGHUP) or a polite kill (SIGTERM) stops the run the way Ctrl-C
    does, so the answers typed so far are kept for ``--resume``.
    """
    with prompts.terminal() as screen, _hang_up_is_an_interrupt():
        session = Session(library, ttype, vault, given, screen, force, link_back, write)
        return session.run(dry_run=dry_run)


@contextmanager
def _hang_up_is_an_interrupt() -> Iterator[None]:
    import signal

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    wanted = [getattr(signal, name) for name in ("SIGHUP", "SIGTERM") if hasattr(signal, name)]
    previous = {sig: signal.signal(sig, interrupt) for sig in wanted}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
