"""M: a note behind its type's version: a step of the type's ``migrations:`` would change it.

The note is migrated as ``scaffold migrate`` migrates it (:func:`scaffold.migration.note.
migrate_note`: each step decided on the note the steps before it left), so ``check`` and
``migrate --check`` agree on which notes are behind and on every step, a step that only an
earlier one makes needed included. The fix is that migration of this one note (offered by the
language server as a quick fix) unless a step would delete data: that one is
``scaffold migrate TYPE --allow-destructive``'s to make. The steps are named from
:func:`~scaffold.migration.note.foreseen` when it can tell them without editing the note; the
fix's migration is made only when the fix is read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from scaffold.check.context import NoteContext
from scaffold.check.diagnostic import Diagnostic, Fix, Severity, edit_between
from scaffold.check.rule import Rule
from scaffold.edit.splice import Edit
from scaffold.entities import evolve
from scaffold.errors import MigrationConflict, ScaffoldError
from scaffold.migration.note import Migrated, foreseen, migrate_note
from scaffold.note.parsed import ParsedNote

BEHIND = "M001"

RULES = (
    Rule(
        BEHIND,
        "behind-type-version",
        Severity.WARNING,
        "the note is behind its type's version: a migration step would change it",
        needs_type=True,
        fixable=True,
    ),
)


def check(ctx: NoteContext) -> Iterator[Diagnostic]:
    note_type = ctx.note_type
    if note_type is None or note_type.template is None or note_type.library is None:
        return
    spec = note_type.spec
    if not spec.migrations:
        return
    evolve_ctx = evolve.Context(note_type.library, note_type.template, ctx.name)
    block = ctx.note.block
    at = min(block.after, len(ctx.note.text)) if block is not None else 0
    hint = f"run: scaffold migrate {note_type.name} --where 'path:{ctx.path}' --dry-run"
    behind = f"the note is behind the {note_type.name} type (version {spec.version})"
    try:
        # Naming the steps needs no edit when they can be foreseen (rows added to tables, the
        # usual case); the fix, a migration of the note, is made only when it is read.
        migrated = foreseen(evolve_ctx, ctx.note) or migrate_note(
            evolve_ctx, ctx.note, allow_destructive=True
        )
    except MigrationConflict as exc:
        yield ctx.diag(BEHIND, 0, at, f"{behind}: {exc.message} (conflict)",
                       hint="settle the conflict by hand, then " + hint)  # fmt: skip
        return
    except ScaffoldError:  # a template that does not render is `templates check`'s to report
        return
    if not migrated.changed:
        return
    steps = [d.step.describe() for d in migrated.applied]
    if migrated.version is not None:
        key, before, after = migrated.version
        steps.append(f"set {key} to {after}" + (f" (was {before})" if before is not None else ""))
    fixes: tuple[Fix, ...] = ()
    if not any(d.step.destructive for d in migrated.applied):
        fixes = (Fix(f"Migrate the note to {note_type.name} version {spec.version}",
                     _migration_edit(evolve_ctx, ctx.note, migrated)),)  # fmt: skip
    else:
        hint = hint.replace(" --dry-run", " --allow-destructive --dry-run")
    yield ctx.diag(BEHIND, 0, at, f"{behind}: {'; '.join(steps)}", hint=hint, fixes=fixes)


def _migration_edit(
    evolve_ctx: evolve.Context, note: ParsedNote, migrated: Migrated
) -> Callable[[], tuple[Edit, ...]]:
    """The fix's edit, made when first read: the note migrated (unless it already was)."""

    def make() -> tuple[Edit, ...]:
        done = (
            migrated
            if migrated.note is not note
            else migrate_note(evolve_ctx, note, allow_destructive=True)
        )
        return (edit_between(note.text, done.note.text),)

    return make
