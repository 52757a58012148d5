"""Planning one note: read it, make its edits in memory, verify them, and say what changed.

Nothing here writes. Each edit goes through :mod:`scaffold.edit.ops`, so it is spliced,
re-parsed and verified like ``scaffold set``'s. A note is planned whole or not at all: when one
of its assignments fails, the note fails and none of its edits is kept.

Targets: a name that is a field of the note's type (its frontmatter ``type:``) means the
field, and sets every place the field is bound to that the note has; anything else is an
address. A field's missing place is skipped and reported; a missing address is an error,
unless ``create`` is set.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from scaffold.bulk import history
from scaffold.bulk.diff import unified_diff
from scaffold.bulk.journal import entry_lines
from scaffold.bulk.requests import Assignment, Options, Row
from scaffold.bulk.results import (
    CHANGED,
    FAILED,
    SKIPPED,
    UNCHANGED,
    NoteResult,
    ValueChange,
)
from scaffold.bulk.select import Expr, Facts, path_only
from scaffold.edit import ops
from scaffold.errors import AddressError, ScaffoldError, TemplateError, ValueRefusedError
from scaffold.note import address as addr
from scaffold.note.parsed import ParsedNote
from scaffold.note.resolve import get, resolve_table
from scaffold.note.tables import escape_cell
from scaffold.types.cells import restyle
from scaffold.types.convert import AnswerProblem
from scaffold.types.fields import Field, fields_of
from scaffold.vault.files import read_bytes


@dataclass(frozen=True, slots=True)
class Task:
    """One note to plan: the input row and where its name resolved to."""

    index: int
    row: Row
    path: str | None
    """The note's path in the vault (``/`` separators), or None when the name did not resolve."""
    error: ScaffoldError | None = None


@dataclass(frozen=True, slots=True)
class Planned:
    """A planned note, as it travels back from a worker: small, because there are many."""

    index: int
    status: str | None
    """The note's status; None: the note is not in the selection."""
    result: NoteResult | None = None
    """The full result (None for an unchanged note when the planner is ``lean``)."""
    lines: tuple[str, str] | None = None
    """A changed note's journal and staging lines (:func:`scaffold.bulk.journal.entry_lines`),
    when the planner records."""


class _Outcome:
    """The assignments' effect on one note, built up edit by edit."""

    def __init__(self, note: ParsedNote) -> None:
        self.note = note
        self.changes: list[ValueChange] = []

    def add(self, change: ValueChange, note: ParsedNote | None = None) -> None:
        self.changes.append(change)
        if note is not None:
            self.note = note


class Planner:
    """Plans notes of one vault with one set of options (one per process)."""

    def __init__(
        self,
        vault: Path,
        options: Options,
        where: Expr | None = None,
        *,
        record: bool = False,
        lean: bool = False,
        types: dict[str, dict[str, Field] | None] | None = None,
    ) -> None:
        self.vault = vault
        self.options = options
        self.where = where
        self.record = record
        """Prepare the journal lines of changed notes (a run that writes)."""
        self.lean = lean
        """Leave out the result of unchanged notes (nobody will read it)."""
        self._types: dict[str, dict[str, Field] | None] = dict(types or {})

    @cached_property
    def _library(self) -> Any:
        from scaffold.types.library import Library

        return Library(self.vault)

    def fields_of_type(self, name: str | None) -> dict[str, Field] | None:
        """The fields of type ``name``; None when there is no such type."""
        if name is None:
            return None
        if name not in self._types:
            try:
                spec = self._library.get(name).spec
            except TemplateError:
                self._types[name] = None
            else:
                self._types[name] = fields_of(spec)
        return self._types[name]

    def all_types(self) -> dict[str, dict[str, Field] | None]:
        """Every type's fields, read now (a parent reads them once for all its workers)."""
        for name in self._library.names():
            self.fields_of_type(name)
        return dict(self._types)

    def type_of(self, note: ParsedNote) -> str | None:
        data = note.data
        value = data.get("type") if isinstance(data, dict) else None
        if isinstance(value, str) and value.strip():
            return value.strip()
        return self.options.default_type

    # -- one note ------------------------------------------------------------------------

    def plan(self, task: Task) -> Planned:
        row = task.row

        def result(status: str, **kw: Any) -> NoteResult:
            return NoteResult(row.note, task.path, status, origin=row.origin, **kw)

        error = task.error or row.error
        if error is not None or task.path is None:
            assert error is not None
            return Planned(task.index, FAILED, result(FAILED, error=error))
        relpath = task.path
        where = self.where
        if where is not None and path_only(where) and not where.matches(_path_facts(relpath)):
            return Planned(task.index, None)
        try:
            old = read_bytes(self.vault / relpath)
            note = ParsedNote.from_bytes(old, path=relpath)
            if where is not None and not where.matches(self.facts(note, relpath)):
                return Planned(task.index, None)
            outcome = self.apply(note, row.assignments, _stem(relpath))
        except ScaffoldError as exc:
            return Planned(task.index, FAILED, result(FAILED, error=exc.with_path(relpath)))
        changes = tuple(outcome.changes)
        if outcome.note.text == note.text:
            skipped = bool(changes) and all(c.status == SKIPPED for c in changes)
            status = SKIPPED if skipped else UNCHANGED
            if self.lean and status == UNCHANGED:
                return Planned(task.index, status)
            return Planned(task.index, status, result(status, changes=changes))
        new = outcome.note.to_bytes()
        diff = unified_diff(relpath, old, new) if self.options.diff else None
        lines = entry_lines(relpath, old, new) if self.record else None
        return Planned(task.index, CHANGED, result(CHANGED, changes=changes, diff=diff), lines)

    def apply(self, note: ParsedNote, assignments: tuple[Assignment, ...], stem: str) -> _Outcome:
        type_name = self.type_of(note)
        fields = self.fields_of_type(type_name) or {}
        outcome = _Outcome(note)
        for assignment in assignments:
            field = _field_named(fields, assignment.target)
            if field is not None:
                self.set_field(outcome, field, assignment, stem)
            else:
                self.set_address(outcome, assignment, type_name, fields)
        return outcome

    # -- fields --------------------------------------------------------------------------

    def set_field(self, out: _Outcome, field: Field, assignment: Assignment, stem: str) -> None:
        try:
            value = field.question.parse(assignment.value)
        except AnswerProblem as exc:
            raise ValueRefusedError(
                f"{field.name}: {assignment.value!r} is refused: {exc}",
                hint=f"give a value the type's question {field.name!r} accepts "
                "(scaffold templates show TYPE lists them)",
            ) from None
        as_of = assignment.as_of or self.options.as_of
        current = True
        if as_of and field.history is not None:
            current = self.history_row(out, field, value, history.parse_as_of(as_of), stem)
        places = field.addresses(stem)
        found = 0
        for place in places:
            if not current:
                out.add(
                    ValueChange(
                        field.name,
                        place,
                        None,
                        None,
                        SKIPPED,
                        "the date is older than the history's latest row; "
                        "the current value is kept",
                    )
                )
                continue
            try:
                self.set_place(out, field, place, value)
            except AddressError as exc:
                if not _is_missing(exc):
                    raise
                out.add(ValueChange(field.name, place, None, None, SKIPPED, exc.message))
            else:
                found += 1
        if current and places and not found and self.options.create:
            out.changes = [c for c in out.changes if c.address not in places]
            text = _place_text(field, value, places[0])
            self._set(out, field.name, places[0], text, create=True)

    def set_place(self, out: _Outcome, field: Field, place: str, value: object) -> None:
        text = _place_text(field, value, place)
        self._set(out, field.name, place, text, create=False, missing_ok=True)

    def history_row(
        self, out: _Outcome, field: Field, value: object, as_of: history.Dated, stem: str
    ) -> bool:
        """Add or update the dated row; returns whether the current value follows the date."""
        assert field.history is not None
        section = field.history_table(stem) or ""
        note = out.note
        try:
            found = resolve_table(note, addr.TableAddress(section, None, None, section))
            table = found.table
            name = found.section_name or section
            col = addr.find_column(table, field.history.column, name) if field.history.column else 1
        except AddressError as exc:
            if not _is_missing(exc):
                raise
            out.add(ValueChange(field.name, f"{section} >", None, None, SKIPPED, exc.message))
            return True
        if col >= len(table.header.cells) or col == 0:
            raise AddressError(
                f"the history table under {name!r} (line {table.line}) has no value column",
                line=table.line,
                hint="a history table needs a date column and a value column",
            )
        text = _cell_text(field, value)
        plan = history.plan_row(table, col, as_of)
        header = table.header.cells[col].text
        if plan.row is not None:
            cells = table.rows[plan.row].cells
            key = cells[0].text
            where = f"{section} > {key} > {header}"
            old = cells[col].text if col < len(cells) else ""
            new_text = restyle(old, text, verbatim=self.options.verbatim)
            if new_text == old:
                out.add(ValueChange(field.name, where, old, old, UNCHANGED))
            else:
                edited = ops.set_cell(note, table, plan.row, col, new_text)
                out.add(ValueChange(field.name, where, old, new_text, CHANGED), edited)
            return plan.latest
        row = [plan.filler] * len(table.header.cells)
        row[0] = plan.date_text
        row[col] = text
        edited = ops.append(note, f"{_escape(section)} >", row)
        where = f"{section} > {plan.date_text} > {header}"
        out.add(ValueChange(field.name, where, None, text, CHANGED, "a new row"), edited)
        return plan.latest

    # -- addresses -----------------------------------------------------------------------

    def set_address(
        self,
        out: _Outcome,
        assignment: Assignment,
        type_name: str | None,
        fields: dict[str, Field],
    ) -> None:
        try:
            self._set(out, assignment.target, assignment.target, assignment.value,
                      create=self.options.create)  # fmt: skip
        except AddressError as exc:
            raise _unknown_target(exc, assignment.target, type_name, fields, out.note) from None

    def _set(
        self,
        out: _Outcome,
        target: str,
        address: str,
        text: str,
        *,
        create: bool,
        missing_ok: bool = False,
    ) -> None:
        note = out.note
        parsed = addr.parse(address)
        if isinstance(parsed, addr.FrontmatterAddress):
            self._set_frontmatter(out, target, address, text, create=create)
            return
        if parsed.row is None:
            raise ValueRefusedError(
                f"{address!r} names a whole table, not a cell",
                hint="name a cell: SECTION > ROW or SECTION > ROW > COLUMN",
            )
        found = resolve_table(note, parsed, allow_missing_row=create and not missing_ok)
        table, r, c = found.table, found.row, found.column
        assert c is not None
        if r is None:  # --create: a new row keyed by the address's row
            edited = ops.set_value(note, address, text, create=True)
            out.add(ValueChange(target, address, None, text, CHANGED, "a new row"), edited)
            return
        cells = table.rows[r].cells
        old = cells[c].text if c < len(cells) else ""
        new_text = restyle(old, escape_cell(text).strip(), verbatim=self.options.verbatim)
        if new_text == old:
            out.add(ValueChange(target, address, old, old, UNCHANGED))
            return
        edited = ops.set_cell(note, table, r, c, new_text)
        out.add(ValueChange(target, address, old, new_text, CHANGED), edited)

    def _set_frontmatter(
        self, out: _Outcome, target: str, address: str, text: str, *, create: bool
    ) -> None:
        note = out.note
        try:
            old = get(note, address)
        except AddressError as exc:
            if not create or not _is_missing(exc):
                raise
            old, present = None, False
        else:
            present = True
        if isinstance(old, list) and text == ", ".join(scalar_text(i) for i in old):
            out.add(ValueChange(target, address, old, old, UNCHANGED))
            return
        if isinstance(old, list | dict):
            raise ValueRefusedError(
                f"{address!r} is a {'list' if isinstance(old, list) else 'mapping'}; "
                "an update sets single values",
                hint="address one item (aliases.0), or use scaffold append / remove",
            )
        if present and scalar_text(old) == text:
            out.add(ValueChange(target, address, old, old, UNCHANGED))
            return
        # The key is missing only when --create allowed it (checked above).
        edited = ops.set_value(note, address, text, create=not present)
        if edited.text == note.text:
            out.add(ValueChange(target, address, old, old, UNCHANGED))
            return
        new = get(edited, address)
        out.add(ValueChange(target, address, old, new, CHANGED), edited)

    # -- what --where asks ---------------------------------------------------------------

    def facts(self, note: ParsedNote, relpath: str) -> Facts:
        return Facts(
            relpath,
            lambda: self.type_of(note),
            lambda: tags_of(note),
            lambda target: self.read(note, target, Path(relpath).stem),
        )

    def read(self, note: ParsedNote, target: str, stem: str) -> tuple[bool, Any]:
        """``(present, value)`` of a field (its first place the note has) or an address."""
        fields = self.fields_of_type(self.type_of(note)) or {}
        field = _field_named(fields, target)
        places = field.addresses(stem) if field is not None else (target,)
        for place in places:
            try:
                return True, get(note, place)
            except AddressError as exc:
                if not _is_missing(exc):
                    raise
        return False, None


# -- helpers --------------------------------------------------------------------------------


def _stem(relpath: str) -> str:
    return posixpath.splitext(posixpath.basename(relpath))[0]


def _path_facts(relpath: str) -> Facts:
    def unreadable() -> Any:  # pragma: no cover - path-only expressions never ask
        raise AssertionError("a path-only selection asked about the note")

    return Facts(relpath, unreadable, unreadable, lambda _: unreadable())


def _field_named(fields: dict[str, Field], target: str) -> Field | None:
    if target in fields:
        return fields[target]
    folded = target.casefold()
    return next((f for name, f in fields.items() if name.casefold() == folded), None)


def _is_missing(exc: AddressError) -> bool:
    # Ambiguity is the address's own problem; anything else means "not in this note".
    return "ambiguous" not in exc.message


def _unknown_target(
    exc: AddressError,
    target: str,
    type_name: str | None,
    fields: dict[str, Field],
    note: ParsedNote,
) -> AddressError:
    """A missing frontmatter key that was probably meant as a field gets a better message."""
    try:
        parsed = addr.parse(target)
    except ScaffoldError:
        return exc
    if not isinstance(parsed, addr.FrontmatterAddress) or len(parsed.path) != 1:
        return exc
    if not _is_missing(exc) or "no key" not in exc.message:
        return exc
    import difflib

    keys = [str(k) for k in note.data] if isinstance(note.data, dict) else []
    names = [*fields, *keys]
    close = difflib.get_close_matches(target, names, n=3, cutoff=0.6)
    if type_name is None:
        what = "the note has no type: in its frontmatter, so it has no fields"
    elif not fields:
        what = f"type {type_name!r} has no fields"
    else:
        what = f"fields of {type_name}: {', '.join(fields)}"
    hint = f"Did you mean {' or '.join(close)}? " if close else ""
    return AddressError(
        f"{target!r} is neither a field of the note's type nor a frontmatter key it has",
        candidates=tuple(close),
        line=exc.line,
        hint=f"{hint}{what}; pass --create to add the key",
    )


def _escape(part: str) -> str:
    return re.sub(r'([\\">])', r"\\\1", part)


def _cell_text(field: Field, value: object) -> str:
    """A field's value as its template writes it in a cell."""
    from scaffold.types.library import cell, link, links

    if field.question.type == "wikilink":
        return link(value)
    if field.question.type == "wikilinks":
        return links(value)
    return cell(value)


def _place_text(field: Field, value: object, place: str) -> str:
    if ">" in place:
        return _cell_text(field, value)
    if isinstance(value, list):
        if all(isinstance(item, str) for item in value):
            return ", ".join(value)  # the same list reads back unchanged; another is refused
        raise ValueRefusedError(
            f"{field.name} is a list in the frontmatter; an update sets single values",
            hint="use scaffold append / remove for list items",
        )
    return scalar_text(value)


def scalar_text(value: Any) -> str:
    """A frontmatter scalar as text, the way ``scaffold get`` prints it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


_TAG = re.compile(r"(?<![\w#])#([^\s#]+)")


def tags_of(note: ParsedNote) -> frozenset[str]:
    """Casefolded tags: frontmatter ``tags`` (a list or a text) and the body's ``#tag`` line
    (its first non-blank line, when that line is only tags)."""
    found: set[str] = set()
    data = note.data
    raw = data.get("tags") if isinstance(data, dict) else None
    items: list[Any] = []
    if isinstance(raw, list):
        items = raw
    elif isinstance(raw, str):
        items = re.split(r"[,\s]+", raw)
    found.update(str(t).strip().lstrip("#").casefold() for t in items if str(t).strip())
    first = note.block.body_first if note.block else 0
    for line in note.lines.content[first:]:
        if not line.strip():
            continue
        words = line.split()
        if all(w.startswith("#") and len(w) > 1 and not w.startswith("##") for w in words):
            found.update(m.group(1).casefold() for m in _TAG.finditer(line))
        break
    return frozenset(found)


__all__ = ["Planned", "Planner", "Task", "scalar_text", "tags_of"]
