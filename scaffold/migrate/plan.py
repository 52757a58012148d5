"""Planning one note's migration: the bulk planner, with the type's steps as its edits."""

from __future__ import annotations

from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import Any

from scaffold.bulk.edits import NoteEdits
from scaffold.bulk.planner import Planned, Planner, Task
from scaffold.bulk.requests import Assignment, Options
from scaffold.bulk.results import CHANGED, SKIPPED, UNCHANGED, ValueChange
from scaffold.bulk.select import Expr
from scaffold.entities.evolve import ABSENT, APPLY, DONE, Context, Decision
from scaffold.entities.fields import Field
from scaffold.entities.library import TemplateType
from scaffold.migrate.drift import drift
from scaffold.migration.note import Migrated, migrate_note
from scaffold.note.parsed import ParsedNote


class MigratePlanner(Planner):
    """Plans the migration of notes of one type (one per process)."""

    def __init__(
        self,
        vault: Path,
        options: Options,
        where: Expr | None = None,
        *,
        record: bool = False,
        lean: bool = False,
        types: dict[str, dict[str, Field] | None] | None = None,
        type_name: str = "",
        allow_destructive: bool = False,
        with_drift: bool = False,
    ) -> None:
        super().__init__(vault, options, where, record=record, lean=lean, types=types)
        self.type_name = type_name
        self.allow_destructive = allow_destructive
        self.with_drift = with_drift
        self._drift: dict[str, Any] | None = None

    @cached_property
    def ttype(self) -> TemplateType:
        ttype: TemplateType = self._library.get(self.type_name)
        return ttype

    def plan(self, task: Task) -> Planned:
        self._drift = None
        planned = super().plan(task)
        if self._drift is not None and planned.result is not None:
            detail = {"drift": self._drift}
            planned = replace(planned, result=replace(planned.result, detail=detail))
        return planned

    def apply(self, note: ParsedNote, assignments: tuple[Assignment, ...], stem: str) -> NoteEdits:
        ctx = Context(self._library, self.ttype, stem)
        migrated = migrate_note(ctx, note, allow_destructive=self.allow_destructive)
        outcome = NoteEdits(migrated.note)
        outcome.changes.extend(changes_of(migrated))
        if self.with_drift:
            self._drift = drift(migrated.note, ctx.rendered(migrated.note))
        return outcome


def changes_of(migrated: Migrated) -> list[ValueChange]:
    """What each step did to the note, as an ``update`` result reports a field's change."""
    changes = [_change(d) for d in migrated.decisions]
    if migrated.version is not None:
        key, before, after = migrated.version
        changes.append(ValueChange("version", key, before, after, CHANGED))
    return changes


def _change(d: Decision) -> ValueChange:
    status = {APPLY: CHANGED, DONE: UNCHANGED, ABSENT: SKIPPED}[d.status]
    old, new = (d.old, d.new) if d.status == APPLY else (d.new, d.new)
    return ValueChange(d.step.describe(), d.address, _plain(old), _plain(new), status, d.reason)


def _plain(value: object) -> object:
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    return str(value)
