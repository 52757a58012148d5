"""Planning one note: read it, make its edits in memory, verify them, and say what changed.

Nothing here writes. The edits themselves are :mod:`scaffold.bulk.edits`'; this module reads
the note, decides whether the selection takes it, knows the types' fields, and packs the
outcome small for the trip back from a worker process. A note is planned whole or not at all:
when one of its assignments fails, the note fails and none of its edits is kept.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from scaffold.bulk.edits import Editor, NoteEdits, field_named, is_missing
from scaffold.bulk.journal import entry_lines
from scaffold.bulk.requests import Assignment, InputRow, Options
from scaffold.bulk.results import CHANGED, FAILED, SKIPPED, UNCHANGED, NoteResult
from scaffold.bulk.select import Expr, Facts, Unmatched, path_only
from scaffold.edit.diff import note_diff
from scaffold.entities.fields import Field, fields_of
from scaffold.entities.layout import Layout, layout_of, optional_sections
from scaffold.entities.series import latest_date
from scaffold.errors import (
    AddressError,
    NoteFileError,
    NoteParseError,
    ScaffoldError,
    SkippedPlaceError,
    TemplateError,
)
from scaffold.note.addressing.resolve import get
from scaffold.note.parsed import ParsedNote
from scaffold.vault.files import read_bytes


@dataclass(frozen=True, slots=True)
class Task:
    """One note to plan: the input row and where its name resolved to."""

    index: int
    row: InputRow
    path: str | None
    """The note's path in the vault (``/`` separators), or None when the name did not resolve."""
    error: ScaffoldError | None = None
    named: bool = True
    """The input named the note (False: only a ``--where`` selection would pick it, so a note
    that cannot be read, and so cannot be tested, is not taken to be picked)."""
    plain: bool = False
    """The vault's walk found the note with no link on its way (:meth:`NoteNames.plain`), so
    it lies in the vault without a look at its links; False: it is checked before it is read."""


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
    unmatched: tuple[dict[str, str], ...] = ()
    """Why a note was left out of the selection: each comparison that could not read its
    value (:meth:`Unmatched.to_dict`, with the note's ``path``)."""
    skipped: int = 0
    """How many of the note's places were skipped (a value not written where it lives)."""
    unreadable: dict[str, Any] | None = None
    """The note could not be read, so the selection could not tell whether it picks it: the
    note's ``path`` and the error (:meth:`ScaffoldError.to_dict`). Not a failure."""
    type_changes: int = 0
    """How many of the note's values change their place's kind (each one warned)."""


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
        self.editor = Editor(options, self.layout, self.optional_sections)
        self._layouts: dict[tuple[str, str], Layout | None] = {}
        self._optional: dict[str, frozenset[str]] = {}
        self._root = os.path.realpath(vault)

    def read_note(self, relpath: str) -> bytes:
        """The bytes of the vault's note ``relpath``; a note that is a link (or lies under a
        linked folder) leading out of the vault is refused before anything is read, so no
        plan, diff or export ever shows a file from outside (:class:`NoteFileError`)."""
        return note_bytes(self.vault, relpath, self._root)

    @cached_property
    def _library(self) -> Any:
        from scaffold.entities.library import Library

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

    def layout(self, type_name: str, note_name: str) -> Layout | None:
        """What the type's template writes for a note of that name (rendered once each, and
        only when a missing bound row must be placed)."""
        key = (type_name, note_name)
        if key not in self._layouts:
            try:
                ttype = self._library.get(type_name)
            except TemplateError:
                self._layouts[key] = None
            else:
                self._layouts[key] = layout_of(self._library, ttype, note_name)
        return self._layouts[key]

    def optional_sections(self, type_name: str) -> frozenset[str]:
        """The headings the type writes only when answered (rendered once per type)."""
        if type_name not in self._optional:
            try:
                ttype = self._library.get(type_name)
            except TemplateError:
                self._optional[type_name] = frozenset()
            else:
                self._optional[type_name] = optional_sections(self._library, ttype)
        return self._optional[type_name]

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
        undecided = where is not None and not task.named and not path_only(where)
        try:
            # A link out of the vault is refused whatever the selection: never read, and
            # never taken as a note that merely could not be read.
            if not task.plain:
                confine(self.vault, relpath, self._root)
            try:
                old = read_bytes(self.vault / relpath)
                note = ParsedNote.from_bytes(old, path=relpath)
                if where is not None:
                    facts = self.facts(note, relpath)
                    if not where.matches(facts):
                        return Planned(task.index, None, unmatched=_unmatched(relpath, facts))
            except (NoteFileError, NoteParseError) as exc:
                if not undecided:
                    raise
                # Neither named nor known to be selected: reported apart, not failed.
                said = exc.with_path(relpath).to_dict()
                return Planned(task.index, None, unreadable={"path": relpath, **said})
            outcome = self.apply(note, row.assignments, _stem(relpath))
        except ScaffoldError as exc:
            return Planned(task.index, FAILED, result(FAILED, error=exc.with_path(relpath)))
        changes = tuple(outcome.changes)
        skips = [c for c in changes if c.unwritten]
        kinds = sum(c.type_change is not None for c in changes)
        if skips and self.options.strict:
            error = SkippedPlaceError(
                f"--strict: {len(skips)} value(s) could not be written where they live: "
                + "; ".join(f"{c.address} ({c.reason})" for c in skips),
                path=relpath,
                hint="add the missing places (scaffold migrate, or --create for an address), "
                "or drop --strict to write the rest",
            )
            return Planned(task.index, FAILED, result(FAILED, error=error, changes=changes))
        if outcome.note.text == note.text:
            skipped_all = all(c.status == SKIPPED for c in changes)
            status = SKIPPED if changes and skipped_all else UNCHANGED
            if self.lean and status == UNCHANGED and not skips:
                return Planned(task.index, status)
            return Planned(task.index, status, result(status, changes=changes), skipped=len(skips))
        new = outcome.note.to_bytes()
        diff = note_diff(old, new, relpath) if self.options.diff else None
        lines = entry_lines(relpath, old, new) if self.record else None
        planned = result(CHANGED, changes=changes, diff=diff)
        return Planned(task.index, CHANGED, planned, lines, skipped=len(skips), type_changes=kinds)

    def apply(self, note: ParsedNote, assignments: tuple[Assignment, ...], stem: str) -> NoteEdits:
        # Field names are identifiers: only a target that could be one needs the note's type
        # (which costs reading the frontmatter, where a table cell alone would not).
        if any(a.target.isidentifier() for a in assignments):
            type_name = self.type_of(note)
            fields = self.fields_of_type(type_name) or {}
        else:
            type_name, fields = None, {}
        return self.editor.apply(note, assignments, stem, type_name, fields)

    # -- what --where asks ---------------------------------------------------------------

    def facts(self, note: ParsedNote, relpath: str) -> Facts:
        return Facts(
            relpath,
            lambda: self.type_of(note),
            lambda: tags_of(note),
            lambda target: self.read(note, target, Path(relpath).stem),
            lambda: latest_date(
                note, self.fields_of_type(self.type_of(note)) or {}, Path(relpath).stem
            ),
        )

    def read(self, note: ParsedNote, target: str, stem: str) -> tuple[bool, Any]:
        """``(present, value)`` of a field (its first place the note has) or an address."""
        fields = self.fields_of_type(self.type_of(note)) or {}
        field = field_named(fields, target)
        places = field.addresses(stem) if field is not None else (target,)
        for place in places:
            try:
                return True, get(note, place)
            except AddressError as exc:
                if not is_missing(exc):
                    raise
        return False, None


# -- helpers --------------------------------------------------------------------------------


def note_bytes(vault: Path, relpath: str, root: str | None = None) -> bytes:
    """The bytes of ``vault``'s note ``relpath``, refused (exit 3, nothing read) when links
    take it out of the vault; ``root`` is the vault's real path, when known."""
    confine(vault, relpath, root)
    return read_bytes(vault / relpath)


def confine(vault: Path, relpath: str, root: str | None = None) -> None:
    """Refuse (:class:`NoteFileError`) the note ``relpath`` when links take it out of
    ``vault`` (whose real path is ``root``, when known)."""
    from scaffold.vault.confine import outside_error

    path = vault / relpath
    real = os.path.realpath(path)
    root = root if root is not None else os.path.realpath(vault)
    if not Path(real).is_relative_to(root):
        error = outside_error(relpath, vault, Path(real))
        error.hint = (
            "scaffold does not follow links out of the vault in a bulk run; "
            "give that file's own path to scaffold set, or move it into the vault"
        )
        raise error


def _unmatched(relpath: str, facts: Facts) -> tuple[dict[str, str], ...]:
    found: list[Unmatched] = facts.unmatched
    return tuple({"path": relpath, **u.to_dict()} for u in found)


def _stem(relpath: str) -> str:
    return posixpath.splitext(posixpath.basename(relpath))[0]


def _path_facts(relpath: str) -> Facts:
    def unreadable() -> Any:  # pragma: no cover - path-only expressions never ask
        raise AssertionError("a path-only selection asked about the note")

    return Facts(relpath, unreadable, unreadable, lambda _: unreadable())


_TAG = re.compile(r"(?<![\w#])#([^\s#]+)")


def tags_of(note: ParsedNote) -> frozenset[str]:
    """Casefolded tags: frontmatter ``tags`` (a list or a text) and the body's ``#tag`` line
    (its first non-blank line, when that line is only tags)."""
    from scaffold.vault.head import tags_in

    data = note.data
    found = {tag.casefold() for tag in tags_in(data if isinstance(data, dict) else {})}
    first = note.block.body_first if note.block else 0
    for line in note.lines.content[first:]:
        if not line.strip():
            continue
        words = line.split()
        if all(w.startswith("#") and len(w) > 1 and not w.startswith("##") for w in words):
            found.update(m.group(1).casefold() for m in _TAG.finditer(line))
        break
    return frozenset(found)
