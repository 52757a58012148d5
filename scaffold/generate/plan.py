"""The note generator: answers → rendered note → round-trip check → path rules → atomic write.

The steps are separate so the CLI can show a plan before writing it:

1. :func:`gather_answers` answers a type's questions from given answers, defaults and (with a
   terminal) prompts, through the one validation path in :mod:`scaffold.entities.questions`.
2. :func:`plan_note` renders the note, reads it back with the core note model and checks that
   every bound answer reads back as rendered, checks the path and name rules, and prepares the
   link-back edits to other notes. Nothing is written; every check that can fail, fails here.
3. :func:`write_plan` writes the note, then the link-backs, each atomically.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from scaffold.entities.clock import today
from scaffold.entities.library import Library, TemplateType, cell, link, links
from scaffold.entities.questions import Asker, Question
from scaffold.errors import AnswersError, NoteExistsError, ScaffoldError, TemplateError
from scaffold.generate.answering import resolve_answers
from scaffold.generate.names import (
    canonical_links,
    check_name_free,
    note_name_problem,
    note_path,
)
from scaffold.note.addressing.address import quote_name
from scaffold.note.body.tables import unescape_cell

if TYPE_CHECKING:
    from scaffold.note.parsed import ParsedNote
    from scaffold.vault.changes import FileChange
    from scaffold.vault.index import VaultIndex

RELATED = "Related"


@dataclass(frozen=True, slots=True)
class LinkBack:
    """One planned edit to another note's Related list."""

    path: Path
    """The note that gets the line."""
    item: str
    """The line added, e.g. ``- [[Llama]] — product``."""
    data: bytes
    """That note's complete new bytes (its other bytes unchanged)."""
    original: bytes
    """The bytes ``data`` was computed from: if the file no longer holds them when the plan
    is written (someone edited it while a prompt waited), nothing is written."""


@dataclass(frozen=True, slots=True)
class NotePlan:
    """Everything :func:`write_plan` will do, computed and checked without writing."""

    type_name: str
    vault: Path
    path: Path
    """Where the note goes (inside ``vault``)."""
    text: str
    """The note's full text."""
    answers: Mapping[str, object]
    replaces: bool
    """The file exists and ``force`` was given."""
    link_backs: tuple[LinkBack, ...] = ()
    notes: tuple[str, ...] = ()
    """Things the user may want to know (a linked note that is missing or ambiguous)."""

    @property
    def relpath(self) -> str:
        """The note's path relative to the vault, with ``/`` separators."""
        return self.path.relative_to(self.vault).as_posix()


def gather_answers(
    ttype: TemplateType,
    given: Mapping[str, object],
    *,
    ask: Asker | None = None,
    on: dt.date | None = None,
    not_asked: str | None = None,
) -> dict[str, object]:
    """Answer ``ttype``'s questions (see :func:`scaffold.generate.answering.resolve_answers`), then
    check the note name. ``on`` is the creation date (default: :func:`today`); ``not_asked``
    says why nothing was asked, for the error's hint."""
    extra = {} if not_asked is None else {"not_asked": not_asked}
    answers = resolve_answers(
        ttype.spec, given, today=on or today(), ask=ask, type_name=ttype.name, **extra
    )
    problem = note_name_problem(str(answers.get("name", "")))
    if problem:
        raise AnswersError(
            f"name: {problem}",
            problems=(f"name: {problem}",),
            hint="pick a plain note name, e.g. --set name='Llama 4'",
        )
    return answers


def plan_note(
    library: Library,
    ttype: TemplateType,
    answers: Mapping[str, object],
    vault: Path,
    *,
    force: bool = False,
    link_back: bool | None = None,
) -> NotePlan:
    """Render and check the note, and prepare its link-backs. Writes nothing.

    Raises :class:`TemplateError` when the note does not read back (the template is broken),
    :class:`NoteExistsError` when the file or the name is taken (unless ``force``).
    """
    from scaffold.vault.index import VaultIndex

    vault = vault.resolve()
    index = VaultIndex.build(vault)
    answers, renamed = canonical_links(ttype, answers, index)
    day = today()
    # `today` and `created` are there for every template, even a type that asks neither.
    context = {"today": day, "created": day, **answers, "type_name": ttype.name}
    path = note_path(library, ttype, context, vault)
    text = library.render(ttype, context)
    check_round_trip(library, ttype, answers, text)
    name = str(answers["name"])
    exists = path.exists()
    if exists and not force:
        raise NoteExistsError(
            "this note already exists; nothing was written",
            path=path,
            hint="pick another name, or pass --force to overwrite it",
        )
    if not force:
        check_name_free(index, name, answers.get("aliases"), path, vault)
    want_links = ttype.spec.link_back if link_back is None else link_back
    link_backs: tuple[LinkBack, ...] = ()
    notes: tuple[str, ...] = renamed
    if want_links:
        link_backs, more = _plan_link_backs(library, ttype, answers, index, path)
        notes += more
    return NotePlan(ttype.name, vault, path, text, dict(answers), exists, link_backs, notes)


def plan_changes(plan: NotePlan) -> list[FileChange]:
    """The note and each link-back as changes: the note must not have appeared (unless it
    replaces one, with --force), a linked note must not have changed since it was read."""
    from scaffold.vault.changes import FileChange as Change
    from scaffold.vault.files import current_bytes

    # With --force the note is overwritten whatever it holds; otherwise it must not exist.
    before = current_bytes(plan.path) if plan.replaces else None
    changes = [Change(plan.path, before, plan.text.encode("utf-8"))]
    changes += [Change(back.path, back.original, back.data) for back in plan.link_backs]
    return changes


Writer = Callable[[Sequence["FileChange"]], object]
"""Writes a note's change set: by default :func:`scaffold.vault.changes.apply_changes`; the
API passes one that re-renders the views the new note affects, journalled with it
(:class:`scaffold.views.follow.NoteWriter`)."""


def write_plan(plan: NotePlan, write: Writer | None = None) -> None:
    """Write the note and each link-back as one change set (:func:`plan_changes`): every
    file is checked first, then each is written atomically (temp file, then rename); through
    ``write`` when given."""
    from scaffold.vault.changes import apply_changes

    (write or apply_changes)(plan_changes(plan))


# --- the round trip -------------------------------------------------------------------------


def expected_reading(question: Question, value: object) -> object:
    """What ``scaffold get`` must return at the question's bound address for ``value``."""
    if question.type == "wikilink":
        return link(value)
    if question.type == "wikilinks":
        return links(value)
    return unescape_cell(cell(value))  # ``get`` reads a cell's ``\|`` as ``|``


def bound_checks(
    library: Library, question: Question, answers: Mapping[str, object]
) -> list[tuple[str, object]]:
    """The ``(address, expected)`` pairs a bound answer must read back as."""
    value = answers.get(question.name)
    if question.bind is None or question.is_empty(value):
        return []
    address = question.bind
    if "{" in address:
        address = library.render_string(address, answers, f"bind of {question.name!r}")
    if question.type == "rows":
        assert isinstance(value, list)
        return [
            (f"{quote_name(address)} > {quote_name(key)}", unescape_cell(cell(val)))
            for key, val in value
        ]
    if ">" in address:
        return [(address, expected_reading(question, value))]
    return [(address, value)]  # a frontmatter key reads back as the YAML value


def other_place_checks(
    library: Library, question: Question, answers: Mapping[str, object]
) -> list[tuple[str, str]]:
    """The ``(address, expected cell)`` pairs of a bound answer's other places (``bind`` as a
    list: the template writes the first; ``scaffold update`` keeps the others in step).

    Only table places are checked, and only where the rendered note has them: there they must
    state the answer (``**1.2B+** (Apr 2025)`` states ``1.2B+``; see
    :mod:`scaffold.entities.cells`).
    """
    value = answers.get(question.name)
    if len(question.places) < 2 or question.type == "rows" or question.is_empty(value):
        return []
    checks: list[tuple[str, str]] = []
    for place in question.places[1:]:
        if ">" not in place:
            continue
        if "{" in place:
            place = library.render_string(place, answers, f"bind of {question.name!r}")
        expected = expected_reading(question, value)
        assert isinstance(expected, str)
        checks.append((place, expected))
    return checks


def check_round_trip(
    library: Library, ttype: TemplateType, answers: Mapping[str, object], text: str
) -> None:
    """Parse ``text`` with the core note model and check every bound answer reads back.

    A mismatch means the template is broken; the error says which answer and address.
    """
    from scaffold.note.addressing.resolve import get
    from scaffold.note.parsed import ParsedNote

    where = ttype.folder / "note.md.j2"
    try:
        note = ParsedNote(text)
    except ScaffoldError as exc:
        raise TemplateError(
            f"type {ttype.name!r} rendered a note that does not parse: {exc.message}",
            path=where,
            hint="fix the template; nothing was written",
        ) from None
    for question in ttype.spec.questions:
        for address, expected in bound_checks(library, question, answers):
            try:
                got = get(note, address)
            except ScaffoldError as exc:
                got = exc
            if not _same(got, expected):
                shown = f"error: {got.message}" if isinstance(got, ScaffoldError) else repr(got)
                raise TemplateError(
                    f"type {ttype.name!r} is broken: answer {question.name!r} is bound to "
                    f"{address!r}, which reads back {shown} instead of {expected!r}",
                    path=where,
                    hint="fix the template or the question's `bind`; nothing was written",
                )
        _check_other_places(library, question, answers, note)


def _check_other_places(
    library: Library, question: Question, answers: Mapping[str, object], note: object
) -> None:
    """A bound answer's other places, where the note has them, must state the same value:
    otherwise the answers contradict each other (``downloads=1.2B+`` but a Why row of 500M)."""
    from scaffold.entities.cells import states
    from scaffold.errors import AddressError
    from scaffold.note.addressing.resolve import get
    from scaffold.note.parsed import ParsedNote

    assert isinstance(note, ParsedNote)
    for address, expected in other_place_checks(library, question, answers):
        try:
            got = get(note, address)
        except AddressError:
            continue  # the note has no such place: nothing to keep in step
        if not isinstance(got, str) or not states(got, expected):
            raise AnswersError(
                f"answer {question.name!r} is {expected!r}, but {address!r} in the note "
                f"says {got!r}",
                problems=(f"{question.name}: disagrees with {address}",),
                hint="give the same value in both, or leave the row out of the answers; "
                "nothing was written",
            )


def _same(got: object, expected: object) -> bool:
    if isinstance(got, ScaffoldError):
        return False
    if isinstance(expected, dt.date) and not isinstance(got, dt.date):
        return str(got) == expected.isoformat()
    if isinstance(expected, list) and isinstance(got, list):
        return [str(g) for g in got] == [str(e) for e in expected]
    return bool(got == expected)


# --- linking back ---------------------------------------------------------------------------


def _plan_link_backs(
    library: Library,
    ttype: TemplateType,
    answers: Mapping[str, object],
    index: VaultIndex,
    path: Path,
) -> tuple[tuple[LinkBack, ...], tuple[str, ...]]:
    from scaffold.edit.ops import add_list_item
    from scaffold.vault.files import read_note

    name = str(answers["name"])
    edited: dict[Path, ParsedNote] = {}
    originals: dict[Path, bytes] = {}
    items: dict[Path, list[str]] = {}
    notes: list[str] = []
    for question in ttype.spec.questions:
        if not question.backlink:
            continue
        value = answers.get(question.name)
        targets = value if isinstance(value, list) else [value]
        relation = question.backlink
        if "{" in relation:
            relation = library.render_string(relation, answers, f"backlink of {question.name!r}")
        for target in targets:
            if not target:
                continue
            found = [p.resolve() for p in index.lookup(str(target))]
            found = [p for p in found if p != path]
            if not found:
                notes.append(f"[[{target}]] is not in the vault; not linked back")
                continue
            if len(found) > 1:
                notes.append(f"[[{target}]] matches {len(found)} notes; not linked back")
                continue
            other = found[0]
            note = edited.get(other)
            if note is None:
                note = read_note(other)
                originals[other] = note.to_bytes()
            item = f"- [[{name}]] — {relation}" if relation else f"- [[{name}]]"
            if _already_listed(note.text, name):
                continue
            try:
                note = add_list_item(note, RELATED, item)
            except ScaffoldError as exc:
                raise exc.with_path(other) from None
            edited[other] = note
            items.setdefault(other, []).append(item)
    backs = tuple(
        LinkBack(p, "; ".join(items[p]), note.to_bytes(), originals[p])
        for p, note in edited.items()
    )
    return backs, tuple(notes)


def _already_listed(text: str, name: str) -> bool:
    want = f"[[{name}]]".casefold()
    want_alias = f"[[{name}|".casefold()
    for line in text.splitlines():
        stripped = line.lstrip().casefold()
        if stripped.startswith(("- ", "* ", "+ ")) and (
            stripped[2:].startswith(want) or stripped[2:].startswith(want_alias)
        ):
            return True
    return False
