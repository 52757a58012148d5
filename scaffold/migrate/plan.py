"""Planning one note's migration: the bulk planner, with the type's steps as its edits."""

from __future__ import annotations

from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import Any

from scaffold.bulk.edits import Outcome
from scaffold.bulk.planner import Planned, Planner, Task
from scaffold.bulk.requests import Assignment, Options
from scaffold.bulk.select import Expr
from scaffold.migrate.drift import drift
from scaffold.migrate.steps import migrate_note
from scaffold.note.parsed import ParsedNote
from scaffold.types.evolve import Context
from scaffold.types.fields import Field
from scaffold.types.library import TemplateType


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

    def apply(self, note: ParsedNote, assignments: tuple[Assignment, ...], stem: str) -> Outcome:
        ctx = Context(self._library, self.ttype, stem)
        migrated = migrate_note(ctx, note, allow_destructive=self.allow_destructive)
        outcome = Outcome(migrated.note)
        outcome.changes.extend(migrated.changes)
        if self.with_drift:
            self._drift = drift(migrated.note, ctx.rendered(migrated.note))
        return outcome
