"""The public, json-like API: ``load``/``loads`` a note, ``get``/``set`` by address,
``dump``/``dumps`` it back. A note that was not edited dumps to exactly the bytes it came from.

>>> note = loads("## Stats\\n\\n| Metric | Value |\\n|---|---|\\n| Users | 1 |\\n")
>>> note.get("Stats > Users")
'1'
>>> dumps(note.set("Stats > Users", "2")).splitlines()[-1]
'| Users | 2 |'
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from scaffold.note.addressing.resolve import get as _get
from scaffold.note.parsed import ParsedNote
from scaffold.vault.files import current_bytes, read_note

if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import IO

    from scaffold.bulk.facade import (
        Plan,
        Report,
        apply_plan,
        export,
        redo,
        runs,
        undo,
    )
    from scaffold.check.facade import Checked
    from scaffold.edit.ops import Edited
    from scaffold.entities.catalog import describe as describe_type
    from scaffold.entities.catalog import describe_text as describe_type_text
    from scaffold.entities.catalog import type_list
    from scaffold.metrics.facade import (
        ChartResult,
        NoteHistory,
        chart,
        history,
        history_csv,
        history_export,
        history_lines,
    )
    from scaffold.notefiles.candidates import (
        address_candidates,
        field_names,
        note_names,
        question_names,
        type_names,
    )
    from scaffold.notefiles.entities import note_types
    from scaffold.notefiles.facade import (
        EditResult,
        get_value,
        note_path,
        outline,
        place_of,
        places,
        text,
        where,
    )
    from scaffold.refactor.facade import (
        Backlink,
        FixesWritten,
        FixPlan,
        Merged,
        MergePlan,
        Moved,
        MovePlan,
        NoteEdits,
        RenamePlan,
        Span,
        alias_at,
        apply_fixes,
        apply_merge,
        apply_move,
        apply_rename,
        backlinks,
        link_leads_to,
        move_edits,
        plan_alias_rename,
        plan_fixes,
        plan_heading_rename,
        plan_merge,
        plan_move,
    )
    from scaffold.refactor.facade import merge as merge_notes
    from scaffold.refactor.facade import move as move_note
    from scaffold.vault.leftovers import Leftover
    from scaffold.views.facade import Refresh, RenderReport, refreshes, render
    from scaffold.views.freshness import Freshness, metric_hints, stale, write_stale
    from scaffold.views.report import VaultReport, report

# The edit engine and the writer are imported on first use: `scaffold get` reads through
# this module and must not pay for them at start-up (tests/cli/test_startup.py).

__all__ = [
    "Backlink",
    "ChartResult",
    "EditResult",
    "FixPlan",
    "FixesWritten",
    "Freshness",
    "MergePlan",
    "Merged",
    "MovePlan",
    "Moved",
    "Note",
    "NoteEdits",
    "NoteHistory",
    "Plan",
    "Refresh",
    "RenamePlan",
    "RenderReport",
    "Report",
    "Span",
    "VaultReport",
    "address_candidates",
    "alias_at",
    "apply_fixes",
    "apply_merge",
    "apply_move",
    "apply_plan",
    "apply_rename",
    "backlinks",
    "chart",
    "check",
    "check_paths",
    "describe_type",
    "describe_type_text",
    "dump",
    "dumps",
    "edit",
    "edit_note",
    "export",
    "field_names",
    "find_vault",
    "get_value",
    "history",
    "history_csv",
    "history_export",
    "history_lines",
    "link_leads_to",
    "load",
    "loads",
    "merge_notes",
    "metric_hints",
    "migrate",
    "move_edits",
    "move_note",
    "new_note",
    "note_names",
    "note_path",
    "note_types",
    "note_writer",
    "outline",
    "place_of",
    "places",
    "plan",
    "plan_alias_rename",
    "plan_fixes",
    "plan_heading_rename",
    "plan_merge",
    "plan_move",
    "question_names",
    "redo",
    "refreshes",
    "render",
    "report",
    "resolve_name",
    "runs",
    "stale",
    "text",
    "type_list",
    "type_names",
    "undo",
    "update",
    "view_follower",
    "where",
    "write_stale",
    "written_so_far",
]


def _ops() -> Any:
    from scaffold.edit import ops

    return ops


class Note(ParsedNote):
    """An immutable parsed note. Editing returns a new ``Note``; the original is unchanged.

    Every edit is resolved, spliced, re-parsed and verified before it is returned (see
    :mod:`scaffold.edit.ops`); one that does not read back as intended raises
    :class:`~scaffold.errors.VerifyError`.
    """

    __slots__ = ()

    def get(self, address: str) -> Any:
        """The value at ``address``: a cell's trimmed markdown, a table as a list of row
        dicts, or frontmatter data."""
        return _get(self, address)

    # The edit functions build their result with ``replace_text``, which keeps the class of
    # the note they were given, so each returns a ``Note`` here.

    def set(
        self,
        address: str,
        value: str,
        *,
        type_hint: str = "auto",
        create: bool = False,
        strict: bool = False,
    ) -> Note:
        """Set a frontmatter value or a table cell.

        ``create`` adds what is missing: a frontmatter key, or a table row (upserted by its
        key); without it a missing target is an error. ``strict`` refuses text that
        ``type_hint="auto"`` would store as a string over a number, boolean or date.
        """
        return cast(
            Note,
            _ops().set_value(
                self, address, value, type_hint=type_hint, create=create, strict=strict
            ),
        )

    def delete(self, address: str) -> Note:
        """Delete a frontmatter key or list item, or a table row."""
        return cast(Note, _ops().delete(self, address))

    def rename(self, address: str, new_key: str) -> Note:
        """Rename a frontmatter key in place."""
        return cast(Note, _ops().rename(self, address, new_key))

    def append(self, address: str, *values: str, type_hint: str = "auto") -> Note:
        """Append an item to a frontmatter list, or a row (one value per cell) to a table."""
        return cast(Note, _ops().append(self, address, values, type_hint=type_hint))

    def remove(self, address: str, value: str) -> Note:
        """Remove an item from a frontmatter list."""
        return cast(Note, _ops().remove(self, address, value))

    def add_list_item(self, section: str, item: str) -> Note:
        """Append the line ``item`` to the first list under the heading ``section``,
        creating the section at the end when there is none."""
        return cast(Note, _ops().add_list_item(self, section, item))


def loads(text: str | bytes, *, path: str | Path | None = None) -> Note:
    """Parse a note from text (or bytes, which keeps a BOM and refuses non-UTF-8)."""
    if isinstance(text, bytes):
        return Note.from_bytes(text, path=path)
    bom = text.startswith("\ufeff")
    return Note(text[1:] if bom else text, bom=bom, path=path)


def load(path: str | Path) -> Note:
    """Read and parse a note file. Errors name the file, line and problem."""
    return read_note(Path(path), Note)


def dumps(note: ParsedNote) -> str:
    """The note's text, BOM included when it had one."""
    return ("\ufeff" if note.bom else "") + note.text


def dump(note: ParsedNote, path: str | Path, *, expect: bytes | None = None) -> bool:
    """Write the note atomically. Returns False (and writes nothing) when the file already
    holds exactly these bytes.

    ``expect`` guards against lost updates: when given, the file must still hold exactly
    those bytes (what the note was read from), or :class:`~scaffold.errors.VerifyError` is
    raised and nothing is written. Without it the file is replaced whatever it holds.
    """
    path = Path(path)
    data = note.to_bytes()
    if expect is None:
        expect = current_bytes(path)
    return write(path, expect, data)


def write(path: str | Path, old: bytes | None, new: bytes, *, force: bool = False) -> bool:
    """Replace ``path``'s bytes ``old`` with ``new`` atomically, refusing when the file no
    longer holds ``old`` (a lost update). ``force`` writes a read-only note or one with
    several hard links or another owner in place. False when nothing needed writing."""
    from scaffold.vault.changes import FileChange, apply_changes

    return bool(apply_changes([FileChange(Path(path), old, new)], force=force))


def edit(
    note: ParsedNote,
    operation: str,
    address: str,
    *values: str,
    type_hint: str = "auto",
    create: bool = False,
    strict: bool = False,
) -> Edited:
    """One edit by name (``set``, ``append``, ``remove``, ``delete``, ``rename``), with what it
    did: the new note, where the cursor goes, the type change. Nothing is written."""
    from scaffold.edit import ops

    return ops.edit(
        note, operation, address, *values, type_hint=type_hint, create=create, strict=strict
    )


def type_hints() -> tuple[str, ...]:
    """The ``--type`` names a value can be converted with."""
    from scaffold.edit.yaml_scalar import TYPE_HINTS

    return tuple(TYPE_HINTS)


def nearest(note: ParsedNote, address: str) -> tuple[int, int] | None:
    """Where the longest existing part of ``address`` stands in the note, or None."""
    from scaffold.note.addressing.resolve import nearest as _nearest

    return _nearest(note, address)


def diff(old: ParsedNote, new: ParsedNote, name: str) -> str:
    """A unified diff of two versions of a note, named ``a/NAME`` and ``b/NAME``."""
    from scaffold.edit.diff import unified_diff

    return unified_diff(old.text, new.text, name)


def scalar_text(value: object) -> str:
    """A frontmatter scalar as ``scaffold get`` prints it (``true``, an ISO date, ``""``)."""
    from scaffold.note.yaml.frontmatter import scalar_text as _scalar_text

    return _scalar_text(value)


def escape_controls(text: str) -> str:
    """``text`` with terminal control characters shown as ``\\xNN`` (safe to print)."""
    from scaffold.text import escape_controls as _escape

    return _escape(text)


def relative_to_vault(path: str | Path, vault: Path | None) -> str | None:
    """``path`` relative to the vault's root (``/``-separated), or None outside it."""
    from scaffold.vault.files import relative_to_vault as _relative

    return _relative(path, vault)


def diff_name(path: str | Path, vault: Path, cwd: Path | None = None) -> str:
    """The name a diff gives a note file: vault-relative when it is in the vault."""
    from scaffold.edit.diff import diff_name as _diff_name

    return _diff_name(path, vault, Path.cwd() if cwd is None else cwd)


def yaml_text(value: object) -> str:
    """A list or mapping as ``get`` prints it: block YAML."""
    from scaffold.edit.yaml_block import yaml_block

    return yaml_block(value)


# -- finding notes -----------------------------------------------------------------------------


def find_vault(vault: str | Path | None = None, *, start: str | Path | None = None) -> Path:
    """The vault: ``vault`` when given, else the nearest marked folder above ``start`` (the
    current folder by default)."""
    from scaffold.vault.index import find_vault as _find_vault

    return _find_vault(
        Path.cwd() if start is None else Path(start), None if vault is None else Path(vault)
    )


def resolve_name(name: str, *, vault: str | Path, explicit: bool = False) -> Path:
    """The note a NOTE argument means: a file, else a name resolved like an Obsidian link
    (file stem, then alias) in ``vault``. ``explicit``: the vault was given, not found."""
    from scaffold.vault.names import resolve_note

    return resolve_note(name, vault=Path(vault), explicit=explicit)


def served_vault(cwd: Path, vault: str | Path | None) -> Path:
    """The vault a server (``scaffold mcp``) confines itself to: ``vault`` or the one around
    ``cwd``, resolved."""
    from scaffold.vault.confine import served_vault as _served

    return _served(cwd, None if vault is None else Path(vault))


def read_stream(stream: IO[bytes], name: str = "<stdin>") -> bytes:
    """A note's bytes from a stream, under the same size cap as a file."""
    from scaffold.vault.files import read_stream as _read_stream

    return _read_stream(stream, name)


def written_so_far() -> tuple[Path, ...]:
    """Every note this process has written, in order: what an interrupted command reports
    (a write is never half-reported: Ctrl-C is held during it)."""
    from scaffold.vault.changes import written_so_far as _written

    return _written()


def sweep(folder: str | Path) -> list[Leftover]:
    """Remove (or keep aside) what an interrupted scaffold left in ``folder``; what it found."""
    from scaffold.vault.leftovers import sweep as _sweep

    return _sweep(Path(folder))


def edit_note(
    vault: Path,
    note: str,
    operation: str,
    address: str,
    values: Sequence[str] = (),
    *,
    type_hint: str = "auto",
    create: bool = False,
    strict: bool = False,
    dry_run: bool = False,
    command: str = "scaffold.edit_note()",
) -> EditResult:
    """``set``, ``append``, ``remove``, ``delete`` or ``rename`` on a note of ``vault`` (a
    name or a vault-relative path, never a file outside it), with the CLI's arguments and
    validation. Unless ``dry_run``, the change is written through the one write path as a
    journalled run (refused when the file changed since it was read), so ``undo`` takes it
    back. Returns what changed, where, and the diff. (:func:`edit` edits a loaded note.)"""
    from dataclasses import replace

    from scaffold.bulk.changeset import write_journalled
    from scaffold.notefiles.facade import plan_edit

    result = plan_edit(
        vault, note, operation, address, values, type_hint=type_hint, create=create, strict=strict
    )
    if dry_run or result.change is None:
        return result
    written = write_journalled(vault, [result.change], command=command)
    return replace(result, written=bool(written.paths), run=written.run)


# -- runs that re-render the views their changes affect -------------------------------------


def view_follower(type: str | None = None) -> Any:
    """What a bulk run calls, once planned and before it writes, for the further changes its
    changes make: the view regions that depend on them, re-rendered
    (:func:`scaffold.views.follow.follow`). ``type``: the default type of untyped notes."""
    from scaffold.views.follow import follower

    return follower(type)


def update(
    vault: str | Path | None, values: Any = None, *, render: bool = True, **options: Any
) -> Report:
    """:func:`scaffold.bulk.facade.update` (the same arguments), and the views its changes
    affect re-rendered in the same journalled run (``scaffold undo`` takes both back);
    ``render=False`` leaves the views as they are. The re-rendered notes are in the summary's
    ``followed``."""
    from scaffold.bulk.facade import update as _update

    follow = view_follower(options.get("type")) if render else None
    return _update(vault, values, follow=follow, **options)


def plan(
    vault: str | Path | None, values: Any = None, *, render: bool = True, **options: Any
) -> Plan:
    """:func:`scaffold.bulk.facade.plan` (the same arguments), with the views its changes
    affect re-rendered in the plan, so that :func:`apply_plan` writes them in the same run
    (as :func:`update` does); ``render=False`` leaves the views as they are."""
    from scaffold.bulk.facade import plan as _plan

    follow = view_follower(options.get("type")) if render else None
    return _plan(vault, values, follow=follow, **options)


def migrate(
    vault: str | Path | None, type_name: str, *, render: bool = True, **options: Any
) -> Any:
    """:func:`scaffold.migrate.facade.migrate` (the same arguments), and the views its changes
    affect re-rendered in the same run; ``render=False`` leaves them as they are."""
    from scaffold.migrate.facade import migrate as _migrate

    return _migrate(vault, type_name, follow=view_follower() if render else None, **options)


def check(vault: Path, paths: Sequence[str] = (), **options: Any) -> dict[str, Any]:
    """:func:`scaffold.check.facade.check` (the same arguments), with the rules found over
    the whole vault: R001, a view region that ``scaffold render`` would change."""
    from scaffold.check.facade import check as _check
    from scaffold.views.checks import VAULT_RULES

    return _check(vault, paths, vault_rules=VAULT_RULES, **options)


def check_paths(vault: Path, paths: Sequence[Path], **options: Any) -> Checked:
    """:func:`scaffold.check.facade.check_paths` (what ``scaffold check`` runs), with R001."""
    from scaffold.check.facade import check_paths as _check_paths
    from scaffold.views.checks import VAULT_RULES

    return _check_paths(vault, paths, vault_rules=VAULT_RULES, **options)


def note_writer(vault: Path, *, render: bool = True, command: str = "scaffold new") -> Any:
    """How ``scaffold new`` writes a note: with the views it affects re-rendered, journalled
    with it (:class:`scaffold.views.follow.NoteWriter`; its ``followed`` and ``run`` say what
    it did); ``render=False`` leaves the views alone."""
    from scaffold.views.follow import NoteWriter

    return NoteWriter(vault, command=command, render=render)


def new_note(
    vault: Path, type_name: str, answers: Any, *, render: bool = True, **options: Any
) -> Any:
    """:func:`scaffold.generate.facade.new_note` (the same arguments), and the views the new
    note affects re-rendered in the same run; ``render=False`` leaves them as they are."""
    from scaffold.generate.facade import new_note as _new_note

    write = note_writer(vault, render=render, command="scaffold.new_note()")
    return _new_note(vault, type_name, answers, write=write, **options)


def __getattr__(name: str) -> Any:
    # The features are imported on first use; scaffold._public says where each name lives.
    from scaffold import _public

    if name not in _public.LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = _public.load(name)
    globals()[name] = value
    return value
