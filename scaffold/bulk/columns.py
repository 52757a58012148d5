"""Names in the input that name nothing: a typo in a column's header is one error.

A wide table's column (or a JSON row's key) is a field when the note's type has one of that
name, else an address. A column that is no field of any type, and no frontmatter key of any
note it gives a value to, is a typo in the header: it is reported once, at the header cell,
with "did you mean" over the fields of those notes' types, before any note is planned. The
same for a long table's ``field`` that is no type's field. Without this, every note would fail
alone, each error pointing at a note instead of at the header.

Only names that could be fields are watched (identifiers that no type has as a field), and
the notes are read only for those, stopping at the first note that has the key, so a run
whose columns are fields reads nothing more.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from scaffold.bulk.requests import ADDRESS, FIELD, Assignment
from scaffold.entities.fields import Field
from scaffold.errors import AddressError, ScaffoldError, UsageError

Types = dict[str, dict[str, Field] | None]


@dataclass(slots=True)
class Suspect:
    """A name no type has as a field, and the notes the input gives it to."""

    first: Assignment
    origin: str
    paths: list[str] = field(default_factory=list)


class Watch:
    """Decides which input names to keep an eye on, and collects them while rows are read."""

    def __init__(self, types: Callable[[], Types], *, create: bool) -> None:
        self._read_types = types
        self._types: Types | None = None
        self._known: frozenset[str] | None = None
        self.create = create
        """``--create``: a column that is no field adds the key, as asked, so it is no typo."""
        self.suspects: dict[str, Suspect] = {}

    @property
    def types(self) -> Types:
        """Every type's fields (read once, and only when a name might be a field)."""
        if self._types is None:
            self._types = self._read_types()
        return self._types

    def known(self) -> frozenset[str]:
        if self._known is None:
            self._known = frozenset(
                name.casefold() for fields in self.types.values() for name in fields or {}
            )
        return self._known

    def watched(self, assignment: Assignment) -> bool:
        """Whether ``assignment`` names something that might be nobody's."""
        if assignment.kind == ADDRESS or (assignment.kind != FIELD and self.create):
            return False
        target = assignment.target
        return target.isidentifier() and target.casefold() not in self.known()

    def see(self, assignment: Assignment, path: str, origin: str) -> None:
        """Note that ``assignment`` (from the row at ``origin``) goes to the note ``path``."""
        if self.watched(assignment):
            self._suspect(assignment, origin).paths.append(path)

    def see_all(self, assignment: Assignment, paths: list[str], origin: str) -> None:
        """``assignment`` (``--set``) goes to any of ``paths``, as the selection decides."""
        if self.watched(assignment):
            self._suspect(assignment, origin).paths.extend(paths)

    def _suspect(self, assignment: Assignment, origin: str) -> Suspect:
        key = f"{assignment.kind}\0{assignment.target.casefold()}"
        suspect = self.suspects.get(key)
        if suspect is None:
            suspect = self.suspects[key] = Suspect(assignment, assignment.origin or origin)
        return suspect

    def check(self, vault: Path, default_type: str | None) -> None:
        """Raise one :class:`UsageError` for the first name that names nothing."""
        for suspect in self.suspects.values():
            if suspect.first.kind == FIELD:
                raise _unknown(suspect, self.types, set(), "field")
            seen: set[str] = set()
            if not _anyone_has(vault, suspect, seen, default_type):
                what = "set" if suspect.origin == "--set" else "column"
                raise _unknown(suspect, self.types, seen, what)


def _anyone_has(vault: Path, suspect: Suspect, types: set[str], default_type: str | None) -> bool:
    """Whether a note the name goes to has it as a frontmatter key (or cannot be read: then
    planning reports that note, and the name is given the benefit of the doubt)."""
    from scaffold.bulk.edits import is_missing
    from scaffold.bulk.planner import note_bytes
    from scaffold.note.addressing.resolve import get
    from scaffold.note.parsed import ParsedNote

    target = suspect.first.target
    for path in suspect.paths:
        try:
            note = ParsedNote.from_bytes(note_bytes(vault, path), path=path)
            data = note.data
        except ScaffoldError:
            return True
        kind = data.get("type") if isinstance(data, dict) else None
        kind = kind.strip() if isinstance(kind, str) and kind.strip() else default_type
        if kind:
            types.add(kind)
        try:
            get(note, target)
        except AddressError as exc:
            if not is_missing(exc):
                return True
            continue
        return True
    return False


def _unknown(suspect: Suspect, all_types: Types, types: set[str], what: str) -> UsageError:
    first = suspect.first
    target = first.target
    pool = {n: f for t in (types or all_types) for n, f in (all_types.get(t) or {}).items()}
    if not pool:
        pool = {n: f for fields in all_types.values() for n, f in (fields or {}).items()}
    close = difflib.get_close_matches(target, list(pool), n=3, cutoff=0.6)
    mean = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
    notes = len(suspect.paths)
    if what == "field":
        said = f"the field {target!r} is no field of any type"
        owner = ", ".join(sorted(all_types)) or "no type"
    elif what == "set":
        said = (
            f"--set {target}=...: {target!r} is no field of "
            f"{' or '.join(sorted(types)) if types else 'any type'}, and no note of the "
            "vault has that key"
        )
        owner = ", ".join(sorted(types or all_types)) or "no type"
    else:
        said = (
            f"the column {target!r} is no field of "
            f"{' or '.join(sorted(types)) if types else 'any type'}, "
            f"and none of the {notes} note{'s' if notes != 1 else ''} it gives a value to "
            "has that key"
        )
        owner = ", ".join(sorted(types or all_types)) or "no type"
    fields = ", ".join(pool) or "none"
    fix = {"column": "fix the header", "set": "fix the --set name"}.get(
        what, "fix the field column"
    )
    path: str | None = None if what == "set" else suspect.origin or None
    line: int | None = None
    col: int | None = None
    if first.header is not None:
        path, line, col = first.header
    return UsageError(
        f"{said}; nothing was changed",
        path=path,
        line=line,
        col=col,
        hint=f"{mean}{fix} (fields of {owner}: {fields})",
    )
