"""M: a note behind its type's version: a step of the type's ``migrations:`` would change it.

The steps are decided as ``scaffold migrate`` decides them (:mod:`scaffold.types.evolve`), so
``check`` and ``migrate --check`` agree on which notes are behind; the fix is
``scaffold migrate TYPE``.
"""

from __future__ import annotations

from collections.abc import Iterator

from scaffold.check.context import NoteContext
from scaffold.check.diagnostic import Diagnostic, Severity
from scaffold.check.rule import Rule
from scaffold.types import evolve

BEHIND = "M001"

RULES = (
    Rule(
        BEHIND,
        "behind-type-version",
        Severity.WARNING,
        "the note is behind its type's version: a migration step would change it",
        needs_type=True,
    ),
)


def check(ctx: NoteContext) -> Iterator[Diagnostic]:
    note_type = ctx.note_type
    if note_type is None or note_type.template is None or note_type.library is None:
        return
    if not note_type.spec.migrations:
        return
    evolve_ctx = evolve.Context(note_type.library, note_type.template, ctx.name)
    try:
        found = evolve.pending(evolve_ctx, ctx.note)
    except Exception:  # a template that does not render is `templates check`'s to report
        return
    if not found:
        return
    steps = "; ".join(
        d.step.describe() + (" (conflict)" if d.status == evolve.CONFLICT else "") for d in found
    )
    block = ctx.note.block
    at = min(block.after, len(ctx.note.text)) if block is not None else 0
    yield ctx.diag(
        BEHIND,
        0,
        at,
        f"the note is behind the {note_type.name} type (version {note_type.spec.version}): {steps}",
        hint=f"run: scaffold migrate {note_type.name} --where 'path:{ctx.path}' --dry-run",
    )
