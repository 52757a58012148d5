"""``scaffold new`` as functions: answers in, the note planned, checked and written through
the one write path with its link-backs.

:func:`new_note` is the Python API (answers as data, nothing asked); the CLI calls
:func:`plan_new` (nothing asked), :func:`ask_new` (a terminal session) and :func:`write_new`,
and prints :func:`plan_dict` for ``--json``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from scaffold.entities.convert import as_data
from scaffold.entities.library import Library
from scaffold.generate.plan import NotePlan as NotePlan  # re-exported for the CLI's type hints
from scaffold.generate.plan import Writer, gather_answers, plan_note, write_plan


def new_note(
    vault: Path,
    type_name: str,
    answers: Mapping[str, object],
    *,
    dry_run: bool = False,
    force: bool = False,
    link_back: bool | None = None,
    why: str = "the answers were given as data, so nothing was asked",
    write: Writer | None = None,
) -> dict[str, object]:
    """Create a note of ``type_name`` from ``answers`` (values, or text as ``--set`` takes
    it), as ``scaffold new TYPE --answers FILE --json`` does; returns what it printed:
    ``{"type", "path", "written", "dry_run", "replaced", "answers", "link_backs", "notes"}``
    and, in a dry run, ``content``. Missing or invalid answers raise
    :class:`~scaffold.errors.AnswersError` before anything is written."""
    plan = plan_new(vault, type_name, answers, not_asked=why, force=force, link_back=link_back)
    if not dry_run:
        write_plan(plan, write)
    return plan_dict(plan, written=not dry_run, dry_run=dry_run)


def plan_new(
    vault: Path,
    type_name: str,
    given: Mapping[str, object],
    *,
    not_asked: str,
    force: bool = False,
    link_back: bool | None = None,
) -> NotePlan:
    """The note ``given`` makes, asking nothing (``not_asked`` says why, for the hint of a
    missing answer); nothing is written."""
    library = Library(vault)
    ttype = library.get(type_name)
    answers = gather_answers(ttype, dict(given), not_asked=not_asked)
    return plan_note(library, ttype, answers, vault, force=force, link_back=link_back)


def ask_new(
    vault: Path,
    type_name: str,
    given: Mapping[str, object],
    *,
    force: bool = False,
    link_back: bool | None = None,
    dry_run: bool = False,
    write: Writer | None = None,
) -> NotePlan | None:
    """Ask a person on the terminal for what ``given`` lacks; the note is written after the
    confirmation (unless ``dry_run``). None when the person cancelled."""
    from scaffold.generate import interactive

    library = Library(vault)
    ttype = library.get(type_name)
    return interactive.run(
        library,
        ttype,
        vault,
        dict(given),
        force=force,
        link_back=link_back,
        dry_run=dry_run,
        write=write,
    )


def write_new(plan: NotePlan, *, resumed: bool = False, write: Writer | None = None) -> None:
    """Write a planned note and its link-backs (through ``write`` when given); ``resumed``:
    the answers kept by an unfinished run made it, so they are discarded."""
    write_plan(plan, write)
    if resumed:
        from scaffold.generate.saved import discard

        discard(plan.vault, plan.type_name)


def kept_answers(vault: Path, type_name: str) -> Path:
    """Where the answers of an unfinished ``scaffold new TYPE`` are kept."""
    from scaffold.generate.saved import saved_path

    return saved_path(vault, type_name)


def plan_dict(plan: NotePlan, *, written: bool, dry_run: bool) -> dict[str, object]:
    """A planned note as ``scaffold new --json`` and :func:`new_note` give it."""
    data: dict[str, object] = {
        "type": plan.type_name,
        "path": plan.relpath,
        "written": written,
        "dry_run": dry_run,
        "replaced": plan.replaces and written,
        "answers": {k: as_data(v) for k, v in plan.answers.items()},
        "link_backs": [
            {"path": b.path.relative_to(plan.vault).as_posix(), "item": b.item, "written": written}
            for b in plan.link_backs
        ],
        "notes": list(plan.notes),
    }
    if dry_run:
        data["content"] = plan.text
    return data
