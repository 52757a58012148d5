"""The Python API of ``scaffold migrate``: :func:`migrate` (its CLI is
:mod:`scaffold.cli.migrate`).

Like :func:`scaffold.bulk.facade.update` it returns one result per note and never raises for a
single note: a conflict is a failed result whose error is a
:class:`~scaffold.errors.MigrationConflict` (exit 10). The run is an ``update`` run: the same
planner, journal, stale-note refusal and ``scaffold undo``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from scaffold.bulk.requests import Options
from scaffold.bulk.results import NoteResult, Summary
from scaffold.bulk.runner import Follow, Progress, Request, RunOutcome, run
from scaffold.bulk.select import parse_where
from scaffold.entities.library import Library
from scaffold.migrate.plan import MigratePlanner
from scaffold.vault.index import find_vault


def migration_request(
    vault: Path,
    type_name: str,
    *,
    where: Sequence[str] = (),
    dry_run: bool = False,
    allow_destructive: bool = False,
    drift: bool = False,
    diff: bool = False,
    jobs: int | None = None,
    fail_fast: bool = False,
    keep_results: bool = True,
    command: str = "scaffold.migrate()",
    follow: Follow | None = None,
) -> Request:
    """The bulk request that migrates the notes of ``type_name`` matching ``where``.

    ``follow`` gives the further changes the migrated notes make (the views that show them:
    :func:`scaffold.api.view_follower`), written in the same run.

    Raises :class:`~scaffold.errors.TemplateError` for an unknown or broken type."""
    Library(vault).get(type_name)  # an unknown type is the request's error, not each note's
    selection = parse_where([f"type:{type_name}", *where])
    factory = partial(
        MigratePlanner,
        type_name=type_name,
        allow_destructive=allow_destructive,
        with_drift=drift,
    )
    return Request(
        vault,
        where=selection,
        options=Options(default_type=None, diff=diff),
        dry_run=dry_run,
        fail_fast=fail_fast,
        jobs=jobs,
        command=command,
        keep_results=keep_results,
        every_note=True,
        planner=factory,
        follow=follow,
    )


def run_migration(
    request: Request,
    *,
    confirm: Callable[[Summary], bool] | None = None,
    on_planned: Callable[[NoteResult], None] | None = None,
    progress: Progress | None = None,
) -> RunOutcome:
    """Plan, journal and write a migration (see :func:`scaffold.bulk.runner.run`)."""
    return run(request, confirm=confirm, on_planned=on_planned, progress=progress)


def migrate(
    vault: str | Path | None,
    type_name: str,
    *,
    where: str | Sequence[str] | None = None,
    dry_run: bool = False,
    allow_destructive: bool = False,
    drift: bool = False,
    jobs: int | None = None,
    follow: Follow | None = None,
) -> Any:
    """Bring the notes of ``type_name`` up to the type's version. Returns a
    :class:`scaffold.bulk.facade.Report`; writes nothing when ``dry_run``. ``drift`` adds to
    each result how the note's structure differs from what the current template writes."""
    from scaffold.bulk.facade import Report

    root = find_vault(Path.cwd(), Path(vault) if vault is not None else None)
    wheres = [where] if isinstance(where, str) else list(where or [])
    request = migration_request(
        root,
        type_name,
        where=wheres,
        dry_run=dry_run,
        allow_destructive=allow_destructive,
        drift=drift,
        jobs=jobs,
        follow=follow,
    )
    outcome = run_migration(request)
    return Report(list(outcome.results()), outcome.summary)
