"""``scaffold new`` without a terminal, as a function: answers in, the note planned and
(unless a dry run) written through the one write path with its link-backs."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from scaffold.generate.plan import gather_answers, plan_note, write_plan
from scaffold.generate.saved import plain
from scaffold.types.library import Library


def new_note(
    vault: Path,
    type_name: str,
    answers: Mapping[str, object],
    *,
    dry_run: bool = False,
    force: bool = False,
    link_back: bool | None = None,
    why: str = "the answers were given as data, so nothing was asked",
) -> dict[str, object]:
    """Create a note of ``type_name`` from ``answers`` (values, or text as ``--set`` takes
    it), as ``scaffold new TYPE --answers FILE --json`` does; returns what it printed:
    ``{"type", "path", "written", "dry_run", "replaced", "answers", "link_backs", "notes"}``
    and, in a dry run, ``content``. Missing or invalid answers raise
    :class:`~scaffold.errors.AnswersError` before anything is written."""
    library = Library(vault)
    ttype = library.get(type_name)
    resolved = gather_answers(ttype, dict(answers), not_asked=why)
    plan = plan_note(library, ttype, resolved, vault, force=force, link_back=link_back)
    if not dry_run:
        write_plan(plan)
    written = not dry_run
    data: dict[str, object] = {
        "type": plan.type_name,
        "path": plan.relpath,
        "written": written,
        "dry_run": dry_run,
        "replaced": plan.replaces and written,
        "answers": {k: plain(v) for k, v in plan.answers.items()},
        "link_backs": [
            {"path": b.path.relative_to(plan.vault).as_posix(), "item": b.item, "written": written}
            for b in plan.link_backs
        ],
        "notes": list(plan.notes),
    }
    if dry_run:
        data["content"] = plan.text
    return data
