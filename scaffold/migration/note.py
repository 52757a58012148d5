"""Migrating one note: decide each step on the note the steps before it made, and make the
edits of those that apply, through the edit engine (each verified, byte-exact elsewhere).

``scaffold migrate`` plans each note with :func:`migrate_note`; ``scaffold check``'s M001 names
the steps it applies and offers its result as the fix, so both agree step for step. To name
them ``check`` first asks :func:`foreseen`, which decides every step on the note as it is and
makes no edit, and migrates the note only when that cannot be trusted to agree.

A conflict stops the note: :class:`~scaffold.errors.MigrationConflict` is raised and none of
the note's edits is kept. A destructive step that would apply is refused unless allowed.
"""

from __future__ import annotations

from dataclasses import dataclass

from scaffold.edit import frontmatter_edit, ops, structure, table_edit
from scaffold.edit.verify import table_cells
from scaffold.entities import evolve
from scaffold.entities.evolve import APPLY, CONFLICT, DONE, Context, Decision
from scaffold.entities.fields import fill_name
from scaffold.errors import MigrationConflict, ValueRefusedError
from scaffold.note.body.inline import fold, strip_markup
from scaffold.note.body.model import Table
from scaffold.note.parsed import ParsedNote


@dataclass(slots=True)
class Migrated:
    """One note after its steps: the new note, each step's decision (made on the note the
    steps before it left), and the version key's change when it was written."""

    note: ParsedNote
    decisions: list[Decision]
    version: tuple[str, int | None, int] | None = None
    """``(key, version recorded before, version written)`` when the type's version key was set."""

    @property
    def applied(self) -> list[Decision]:
        """The decisions whose steps changed the note."""
        return [d for d in self.decisions if d.status == APPLY]

    @property
    def changed(self) -> bool:
        return bool(self.applied) or self.version is not None


def migrate_note(ctx: Context, note: ParsedNote, *, allow_destructive: bool = False) -> Migrated:
    """Apply the steps ``note`` needs; raises :class:`MigrationConflict` on a conflict."""
    decisions: list[Decision] = []
    version: tuple[str, int | None, int] | None = None
    current = note
    spec = ctx.ttype.spec
    for step in evolve.steps_for(ctx.ttype, note):
        decision = evolve.decide(ctx, current, step)
        if decision.status == CONFLICT:
            raise MigrationConflict(
                f"{step.describe()}: {decision.reason}",
                address=decision.address,
                values=(decision.old, decision.new),
                step=step.describe(),
                path=note.path,
                line=decision.line,
                hint="nothing of this note was written; settle it by hand, then run again",
            )
        if decision.status == APPLY:
            if step.destructive and not allow_destructive:
                raise ValueRefusedError(
                    f"{step.describe()} would delete what the note holds at {decision.address!r}",
                    path=note.path,
                    line=decision.line,
                    hint="nothing of this note was written; rerun with --allow-destructive",
                )
            current = _apply(current, decision)
        decisions.append(decision)
    key = spec.version_key
    if key is not None and (current is not note or evolve.note_version(ctx.ttype, note)):
        before = evolve.note_version(ctx.ttype, current)
        if before != spec.version:
            current = ops.set_path(current, (key,), str(spec.version), type_hint="int",
                                   create=True)  # fmt: skip
            version = (key, before, spec.version)
    return Migrated(current, decisions, version)


# Steps decided on the frontmatter alone: a row added to a table cannot change their decision.
_FRONTMATTER_STEPS = frozenset({"rename_key", "add_key", "drop_key", "retype"})


def foreseen(ctx: Context, note: ParsedNote) -> Migrated | None:
    """What :func:`migrate_note` with ``allow_destructive`` would decide for ``note``, told
    from ``note`` as it is, without making any edit (the result's note is ``note`` itself);
    ``None`` when that cannot be told so, and only migrating the note says.

    Deciding every step on the note as it is agrees with deciding each on the note the steps
    before it left as long as no step that applies could change a later one's decision. That
    is known here for the common case, rows added to tables: the steps that apply are all
    ``add_row`` (each a different row), and each step after the first that applies is an
    ``add_row``, a frontmatter step, or an ``add_section`` of a section the note has (an
    added row changes neither the frontmatter nor the headings, nor whether another row is
    there). Anything else, a conflict included, gives ``None``."""
    decisions: list[Decision] = []
    added: set[tuple[str, str]] = set()
    for step in evolve.steps_for(ctx.ttype, note):
        op = step.op
        if added and op != "add_row" and op != "add_section" and op not in _FRONTMATTER_STEPS:
            return None
        decision = evolve.decide(ctx, note, step)
        status = decision.status
        if status == CONFLICT or (added and op == "add_section" and status != DONE):
            return None
        if status == APPLY:
            if op != "add_row":
                return None
            section = fill_name(step.req("section"), ctx.stem)
            row = (_folded(section), _folded(step.req("row")))
            if row in added:
                return None
            added.add(row)
        decisions.append(decision)
    version: tuple[str, int | None, int] | None = None
    key = ctx.ttype.spec.version_key
    recorded = evolve.note_version(ctx.ttype, note)
    if key is not None and (added or recorded) and recorded != ctx.ttype.spec.version:
        version = (key, recorded, ctx.ttype.spec.version)
    return Migrated(note, decisions, version)


def _folded(name: str) -> str:
    return fold(strip_markup(name))


def _apply(note: ParsedNote, d: Decision) -> ParsedNote:
    op = d.step.op
    step = d.step
    if op == "rename_key":
        change = frontmatter_edit.rename_key(
            note.text, note.lines, note.block, note.nodes, (step.req("from"),), step.req("to")
        )
        return ops._frontmatter_change(note, change)
    if op == "rename_section":
        assert d.section is not None
        return structure.rename_heading(note, d.section, str(d.new))
    if op == "rename_row":
        assert d.table is not None and d.row is not None
        return ops.set_cell(note, d.table, d.row, 0, step.req("to"))
    if op == "rename_column":
        assert d.table is not None and d.col is not None
        return structure.rename_column(note, d.table, d.col, step.req("to"))
    if op == "add_key":
        return ops.set_path(note, (step.req("key"),), str(d.new or ""), create=True)
    if op == "add_section":
        assert d.at is not None
        return structure.insert_text(note, d.at, d.text)
    if op == "add_row":
        assert d.table is not None
        cells = d.text.split("\x1f")
        new = ops._append_row(note, d.table, cells)
        if d.after is not None and d.after == len(d.table.rows) - 1:
            return new
        table = _same_table(new, d.table)
        return structure.move_row(new, table, len(table.rows) - 1, d.after)
    if op == "add_column":
        assert d.table is not None
        return structure.add_column(note, d.table, step.req("column"), str(d.new or ""))
    if op == "move_row":
        assert d.table is not None and d.row is not None
        return structure.move_row(note, d.table, d.row, d.after)
    if op == "retype":
        return ops.set_path(note, (step.req("key"),), str(d.new), type_hint=d.reason)
    if op == "drop_key":
        change = frontmatter_edit.delete_key(
            note.text, note.lines, note.block, note.nodes, (step.req("key"),)
        )
        return ops._frontmatter_change(note, change)
    if op == "drop_row":
        assert d.table is not None and d.row is not None
        edits = table_edit.delete_row(note.text, d.table, note.lines, d.row)
        kept = table_cells(d.table)
        return ops._table_change(note, d.table, edits, kept[: d.row + 1] + kept[d.row + 2 :])
    if op == "drop_section":
        assert d.section is not None
        lines = note.lines
        start = lines.starts[d.section.line - 1]
        end = lines.next_start(d.section.end_line - 1)
        return structure.remove_text(note, start, end)
    raise AssertionError(op)  # pragma: no cover - the parser knows every op


def _same_table(note: ParsedNote, table: Table) -> Table:
    """The table of ``note`` that starts where ``table`` did (an append keeps its start)."""
    return next(t for t in note.body.tables if t.start == table.start)
