"""The Python API of bulk updates: :func:`update`, :func:`export`, :func:`undo`, :func:`runs`.

Like LibCST's codemod runner, each returns one result per note and never raises for a single
note's failure: a note that cannot be updated is a result with ``status == "failed"`` and its
error. Only a problem with the request itself (a bad ``where``, an unreadable input file, an
interrupted earlier run) raises.

>>> report = update("vault", {"Llama": {"downloads": "1.3B+"}}, dry_run=True)  # doctest: +SKIP
>>> report.summary.counts["changed"]  # doctest: +SKIP
1
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from scaffold.bulk import journal
from scaffold.bulk import undo as _undo
from scaffold.bulk.changeset import staged_changes, write_journalled
from scaffold.bulk.export import export_rows, write_export
from scaffold.bulk.inputs import object_row, read_rows
from scaffold.bulk.requests import Assignment, InputRow, Options, check_request, parse_assignments
from scaffold.bulk.results import NoteResult, Summary
from scaffold.bulk.runner import Follow, Progress, Request, run
from scaffold.bulk.select import parse_where
from scaffold.bulk.undo import UndoOutcome as UndoOutcome  # re-exported for the CLI
from scaffold.errors import ScaffoldError, UsageError
from scaffold.vault.changes import FileChange
from scaffold.vault.index import find_vault

Values = Mapping[str, Mapping[str, object]] | Iterable[Mapping[str, object]]
"""``{note: {target: value}}``, or rows like ``{"note": ..., target: value}``."""


@dataclass(frozen=True, slots=True)
class Report:
    """What an update or an undo did: every note's result, in input order, and the counts."""

    results: list[NoteResult]
    summary: Summary
    refused: dict[str, ScaffoldError] = field(default_factory=dict)
    """Notes planned to change but refused when written (changed on disk meanwhile, or the
    write failed), by path; their results say so too."""

    @property
    def ok(self) -> bool:
        """No note failed."""
        return self.summary.failed == 0


def _vault(vault: str | Path | None) -> Path:
    return find_vault(Path.cwd(), Path(vault) if vault is not None else None)


def _value_rows(values: Values) -> list[InputRow]:
    if isinstance(values, Mapping):
        items: list[Any] = []
        for note, targets in values.items():
            items.append({"note": note, **targets} if isinstance(targets, Mapping) else targets)
    else:
        items = list(values)
    return [object_row(item, f"values[{i}]") for i, item in enumerate(items)]


def update(
    vault: str | Path | None,
    values: Values | None = None,
    *,
    source: str | Path | None = None,
    format: str | None = None,
    delimiter: str | None = None,
    where: str | Sequence[str] | None = None,
    set: Mapping[str, object] | Sequence[str] | None = None,
    as_of: str | None = None,
    create: bool = False,
    verbatim: bool = False,
    type: str | None = None,
    dry_run: bool = False,
    fail_fast: bool = False,
    jobs: int | None = None,
    strict: bool = False,
    diff: bool = False,
    confirm: Callable[[Summary], bool] | None = None,
    on_note: Callable[[NoteResult], None] | None = None,
    progress: Progress | None = None,
    keep_results: bool = True,
    command: str = "scaffold.update()",
    follow: Follow | None = None,
) -> Report:
    """Update notes of ``vault``: ``values`` (or the file ``source``) names notes and their
    new values by field or address; ``set`` (a mapping, or ``"TARGET=VALUE"`` texts) gives
    every note matching ``where`` the same values, and needs ``where`` unless rows are given
    too. Returns every note's result; writes nothing when ``dry_run``.

    A field is a bound question of the note's type (``downloads``); anything else is an
    address (``Quick stats > Downloads``, ``license``). See the README's "Bulk updates".

    ``diff`` gives each changed note's unified diff; ``confirm`` is asked (with the plan's
    summary) before anything is written; ``on_note`` sees each note's planned result as it is
    made; ``progress(phase, done, total)`` follows the planning and writing;
    ``keep_results=False`` leaves the report's ``results`` empty (a large run, seen through
    ``on_note``); ``command`` is what the journal records the run as; ``follow`` gives the
    further changes the planned ones make, written in the same run (:attr:`Request.follow`:
    :func:`scaffold.api.update` passes the views the changes affect).
    """
    options = Options(
        create=create,
        verbatim=verbatim,
        as_of=as_of,
        default_type=type,
        diff=diff,
        strict=strict,
    )
    request = _request(
        vault,
        values,
        source=source,
        format=format,
        delimiter=delimiter,
        where=where,
        set=set,
        options=options,
        jobs=jobs,
        command=command,
    )
    request.dry_run, request.fail_fast, request.keep_results = dry_run, fail_fast, keep_results
    request.follow = follow
    outcome = run(request, confirm=confirm, on_planned=on_note, progress=progress)
    return Report(list(outcome.results()), outcome.summary, outcome.refused)


def _request(
    vault: str | Path | None,
    values: Values | None,
    *,
    source: str | Path | None,
    format: str | None,
    delimiter: str | None,
    where: str | Sequence[str] | None,
    set: Mapping[str, object] | Sequence[str] | None,
    options: Options,
    jobs: int | None = None,
    command: str,
) -> Request:
    """The :class:`Request` an :func:`update` or a :func:`plan` makes, its inputs checked."""
    given: list[Iterable[InputRow]] = []
    if values is not None:
        given.append(_value_rows(values))
    sets = _sets(set)
    wheres = [where] if isinstance(where, str) else list(where or [])
    has_rows = values is not None or source is not None
    check_request(rows=has_rows, sets=sets, where=wheres, jobs=jobs)
    selection = parse_where(wheres) if wheres else None
    root = _vault(vault)
    if source is not None:
        given.append(read_rows(str(source), format, delimiter=delimiter))
    rows: Iterable[InputRow] = itertools.chain.from_iterable(given) if given else ()
    return Request(root, rows, sets, selection, options, jobs=jobs, command=command)


@dataclass(frozen=True, slots=True)
class Plan:
    """An update planned and not written: every note's result (with its diff), and the
    changes to write, each with the bytes its note was planned from. :func:`apply_plan`
    writes it later, only if none of those notes changed meanwhile."""

    id: str
    vault: Path
    report: Report
    changes: tuple[FileChange, ...]
    command: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan": self.id,
            "results": [r.to_dict() for r in self.report.results],
            "summary": self.report.summary.to_dict(),
        }


def plan(
    vault: str | Path | None,
    values: Values | None = None,
    *,
    where: str | Sequence[str] | None = None,
    set: Mapping[str, object] | Sequence[str] | None = None,
    as_of: str | None = None,
    create: bool = False,
    verbatim: bool = False,
    type: str | None = None,
    strict: bool = False,
    command: str = "scaffold.plan()",
    follow: Follow | None = None,
) -> Plan:
    """Plan an :func:`update` (same arguments) without writing: the result of a dry run with
    diffs, and the changes :func:`apply_plan` writes (with ``follow``, the further changes it
    returns, as :func:`update` writes them)."""
    import secrets

    options = Options(
        create=create, verbatim=verbatim, as_of=as_of, default_type=type, diff=True, strict=strict
    )
    request = _request(
        vault,
        values,
        source=None,
        format=None,
        delimiter=None,
        where=where,
        set=set,
        options=options,
        command=command,
    )
    request.dry_run = request.stage = True
    request.follow = follow
    outcome = run(request)
    report = Report(list(outcome.results()), outcome.summary, outcome.refused)
    changes = staged_changes(request.vault, outcome.staged)
    return Plan(secrets.token_hex(6), request.vault, report, changes, command)


def apply_plan(plan: Plan) -> Report:
    """Write ``plan`` as one journalled run, all or nothing: refused whole
    (:class:`~scaffold.errors.VerifyError`) when any of its notes changed since it was made."""
    written = write_journalled(plan.vault, plan.changes, command=plan.command)
    done = set(written.paths)
    results = [
        replace(r, written=True, diff=None) if r.path in done else replace(r, diff=None)
        for r in plan.report.results
    ]
    summary = replace(plan.report.summary, dry_run=False, written=len(done), run_id=written.run)
    return Report(results, summary, plan.report.refused)


def _sets(given: Mapping[str, object] | Sequence[str] | None) -> tuple[Assignment, ...]:
    if given is None:
        return ()
    if isinstance(given, Mapping):
        return tuple(Assignment(str(k), _scalar(v)) for k, v in given.items())
    if isinstance(given, str):
        given = [given]
    return parse_assignments(given)


def _scalar(value: object) -> str:
    from scaffold.bulk.inputs import value_text

    return value_text(value)


def export(
    vault: str | Path | None,
    targets: Sequence[str],
    *,
    where: str | Sequence[str] | None = None,
    format: str = "csv",
    type: str | None = None,
) -> str:
    """The selected notes' values of ``targets`` as text ``update(source=...)`` reads back
    (no ``targets``: every field of ``type``)."""
    out = io.StringIO()
    export_to(vault, targets, out, where=where, format=format, type=type)
    return out.getvalue()


def export_to(
    vault: str | Path | None,
    targets: Sequence[str],
    out: IO[str],
    *,
    where: str | Sequence[str] | None = None,
    format: str = "csv",
    type: str | None = None,
    on_error: Callable[[Any], None] | None = None,
) -> int:
    """Write the export to ``out``; the number of notes written. No ``targets``: every field
    of ``type`` (a :class:`UsageError` without one). A note that cannot be read is passed to
    ``on_error`` and left out."""
    root = _vault(vault)
    targets = list(targets)
    if not targets:
        if not type:
            raise UsageError(
                "name the fields or addresses to export",
                hint="e.g. scaffold export downloads license --where type:product, "
                "or --type product for all of its fields",
            )
        from scaffold.entities.fields import fields_of
        from scaffold.entities.library import Library

        targets = list(fields_of(Library(root).get(type).spec))
    wheres = [where] if isinstance(where, str) else list(where or [])
    rows = export_rows(
        root, targets, where=parse_where(wheres) if wheres else None, default_type=type
    )
    return write_export(rows, targets, out, format, on_error)


def undo(
    vault: str | Path | None,
    run: str | None = None,
    *,
    dry_run: bool = False,
    cascade: bool = False,
) -> Report:
    """Undo the run called ``run`` (default: the newest not yet undone), note by note. With
    ``cascade``, later runs that changed the same notes are undone first (their results come
    first in the report)."""
    outcome = undo_run(vault, run, dry_run=dry_run, cascade=cascade)
    results = [r for done in outcome.cascaded for r in done.results] + outcome.results
    return Report(results, outcome.summary)


def undo_run(
    vault: str | Path | None,
    run: str | None = None,
    *,
    dry_run: bool = False,
    cascade: bool = False,
) -> UndoOutcome:
    """:func:`undo`, with the run it undid and the runs undone first (``scaffold undo``)."""
    return _undo.undo(_vault(vault), run, dry_run=dry_run, cascade=cascade)


def redo(vault: str | Path | None, run: str | None = None, *, dry_run: bool = False) -> Report:
    """Re-apply the undone run called ``run`` (default: the most recently undone)."""
    outcome = redo_run(vault, run, dry_run=dry_run)
    return Report(outcome.results, outcome.summary)


def redo_run(
    vault: str | Path | None, run: str | None = None, *, dry_run: bool = False
) -> UndoOutcome:
    """:func:`redo`, with the run it wrote again (``scaffold redo``)."""
    return _undo.redo(_vault(vault), run, dry_run=dry_run)


def runs(vault: str | Path | None) -> list[dict[str, Any]]:
    """The recorded runs, newest first: name, command, state, times and counts.
    ``interrupted`` is true only for a run that stopped part-way, not for one going on now:
    while another scaffold holds the vault's run lock, no run counts as interrupted."""
    root = _vault(vault)
    found = journal.list_runs(root)
    try:
        with journal.RunLock(root):
            live = False
    except ScaffoldError:
        live = True
    return [{"id": r.id, **r.to_dict(), "interrupted": r.interrupted and not live} for r in found]
