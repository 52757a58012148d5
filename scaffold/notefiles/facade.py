"""One note of a vault, by name or by vault-relative path, never a file outside the vault.

:func:`plan_edit` runs ``set``, ``append``, ``remove``, ``delete`` or ``rename`` with the
same arguments and validation as the command line and returns what would change, with the
:class:`~scaffold.vault.changes.FileChange` that writes it; the caller writes it through the
one write path (journalled, in :mod:`scaffold.api`). :func:`outline` and :func:`where` are
``scaffold outline`` and ``scaffold where`` as values.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scaffold.errors import AddressError, NoteParseError, ScaffoldError, UsageError
from scaffold.note.addressing import resolve
from scaffold.note.addressing.locate import place_at
from scaffold.note.addressing.places import Place
from scaffold.note.addressing.places import outline as _outline
from scaffold.note.parsed import ParsedNote
from scaffold.vault.confine import check_inside, within
from scaffold.vault.files import read_note
from scaffold.vault.names import resolve_note

if TYPE_CHECKING:
    from scaffold.vault.changes import FileChange

OPERATIONS = ("set", "append", "remove", "delete", "rename")


class EditableNote(ParsedNote):
    """A note the edit engine may change (the engine keeps the class it was given)."""

    __slots__ = ()


def note_path(vault: Path, note: str) -> Path:
    """The file of ``note`` in ``vault``: a vault-relative path (``Countries/USA.md``) or a
    note name resolved like an Obsidian link (stem, then alias). An absolute path, a path
    that climbs out with ``..``, or a link that leads out of the vault is refused."""
    inside = within(vault, note)
    path = inside if os.path.lexists(inside) else resolve_note(note, vault=vault, explicit=True)
    check_inside(path, vault, note)
    return path


def relative(path: Path, vault: Path) -> str:
    """``path`` as the vault names it (``/``-separated), for results and diffs."""
    try:
        return Path(os.path.realpath(path)).relative_to(os.path.realpath(vault)).as_posix()
    except ValueError:
        return path.name


def read(vault: Path, note: str) -> EditableNote:
    """The note ``note`` of ``vault`` (see :func:`note_path`), read through the guarded
    reader; errors name its vault-relative path."""
    path = note_path(vault, note)
    return read_note(path, EditableNote)


@dataclass(frozen=True, slots=True)
class EditResult:
    """What an edit did, or would do: the ``--json`` result of ``scaffold set`` and its kin."""

    path: str
    """The note, relative to the vault."""
    address: str
    operation: str
    changed: bool
    line: int | None
    """Where the edit is (the cell or value set or added), 1-based; None when unchanged."""
    col: int | None
    diff: str
    """The unified diff (``a/PATH`` ``b/PATH``, applies from the vault's root); ``""``
    when nothing changed."""
    type_change: dict[str, object] | None = None
    """``set`` only: the value's type changed from a number, boolean or date to a string."""
    change: FileChange | None = field(default=None, compare=False, repr=False)
    """The bytes to write (None when unchanged)."""
    written: bool = False
    run: str | None = None
    """The journal run that wrote it (``undo`` takes it)."""

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "address": self.address,
            "operation": self.operation,
            "changed": self.changed,
            "written": self.written,
            "run": self.run,
            "line": self.line,
            "col": self.col,
            "type_change": self.type_change,
            "diff": self.diff,
        }


def plan_edit(
    vault: Path,
    note: str,
    operation: str,
    address: str,
    values: Sequence[str] = (),
    *,
    type_hint: str = "auto",
    create: bool = False,
    strict: bool = False,
) -> EditResult:
    """Edit ``note`` in memory as ``scaffold OPERATION NOTE ADDRESS VALUES…`` would, and say
    what changed. ``values``: ``set`` and ``remove`` take one, ``append`` one or more,
    ``rename`` the new key, ``delete`` none. Nothing is written."""
    if operation not in OPERATIONS:
        raise UsageError(
            f"unknown operation {operation!r}", hint=f"one of: {', '.join(OPERATIONS)}"
        )
    wanted = {"set": 1, "remove": 1, "rename": 1, "delete": 0}.get(operation)
    if (wanted is not None and len(values) != wanted) or (operation == "append" and not values):
        count = "one or more values" if wanted is None else f"{wanted} value(s)"
        raise UsageError(f"{operation} takes {count}, got {len(values)}")
    # The edit engine and the writer are imported here: `where`, `outline` and `get` read only.
    from scaffold.edit import ops
    from scaffold.edit.diff import unified_diff
    from scaffold.vault.changes import FileChange

    old = read(vault, note)
    with placed(old, address):
        edited = ops.edit(
            old,
            operation,
            address,
            *values,
            type_hint=type_hint,
            create=create,
            strict=strict,
        )
    new, changed_type, line, col = edited.new, edited.type_change, edited.line, edited.col
    assert old.path is not None
    path = Path(old.path)
    rel = relative(path, vault)
    changed = edited.changed
    return EditResult(
        path=rel,
        address=address,
        operation=operation,
        changed=changed,
        line=line,
        col=col,
        diff=unified_diff(old.text, new.text, rel),
        type_change=changed_type.to_dict() if changed_type else None,
        change=FileChange(path, old.to_bytes(), new.to_bytes()) if changed else None,
    )


def get_value(vault: Path, note: str, address: str) -> Any:
    """The value at ``address`` in ``note`` (``scaffold get``): a cell's markdown, a table's
    rows, frontmatter data."""
    found = read(vault, note)
    with placed(found, address):
        return resolve.get(found, address)


def outline(vault: Path, note: str) -> list[Place]:
    """Every address of ``note`` with its value and position (``scaffold outline``)."""
    return places(read(vault, note))


def places(note: Any) -> list[Place]:
    """Every addressed place of a loaded note, in order (``scaffold outline NOTE``). A
    frontmatter that does not parse is its :class:`~scaffold.errors.NoteParseError` (exit 4),
    not an outline without it."""
    _frontmatter_parses(note, "outline lists a note's addresses once its frontmatter parses")
    return [p for p in _outline(note) if p.address is not None]


def _frontmatter_parses(note: Any, why: str) -> None:
    """Raise the frontmatter's parse error (exit 4), with a hint, when it has one."""
    if note.block is None:
        return
    try:
        _ = note.data
    except NoteParseError as err:
        err.hint = err.hint or f"fix the YAML there ({why}; `scaffold check` shows each problem)"
        raise


def where(vault: Path, note: str, line: int, col: int | None = None) -> Place:
    """The address and value at 1-based ``line`` and ``col`` (characters) of ``note``
    (``scaffold where``). :class:`AddressError` when nothing there has an address."""
    return place_of(read(vault, note), line, col, hint="outline lists every address")


def place_of(found: Any, line: int, col: int | None, *, hint: str) -> Place:
    """The addressed place at 1-based ``line``/``col`` of a loaded note: a
    :class:`UsageError` outside the note, an :class:`AddressError` (with ``hint``) where
    nothing has an address. ``scaffold where`` and the MCP ``where`` tool both ask this."""
    if line < 1 or line > max(len(found.lines), 1) or (col is not None and col < 1):
        raise UsageError(
            f"line {line}{f', column {col}' if col else ''} is outside the note "
            f"({len(found.lines)} lines)",
            path=found.path,
        )
    block = found.block
    if block is not None and line <= block.close_line:
        _frontmatter_parses(found, "the values in it have no address until it parses")
    place = place_at(found, line, col)
    at = f"line {line}" + (f", column {col}" if col else "")
    if place is None:
        raise AddressError(
            f"nothing at {at} has an address (it is not a frontmatter value, a table or a section)",
            path=found.path,
            line=line,
            col=col,
            hint=hint,
        )
    if place.address is None:
        raise AddressError(
            f"the {place.kind} at {at} has no address: {place.reason}",
            path=found.path,
            line=place.line,
            col=place.col,
            hint=hint,
        )
    return place


@contextmanager
def placed(note: Any, address: str) -> Iterator[None]:
    """An error about ``address`` that says no line, or no column, points at the nearest
    part of the address that exists, so it reads as FILE:LINE:COL."""
    try:
        yield
    except ScaffoldError as err:
        if err.col is None and err.path == note.path:
            place = resolve.nearest(note, address)
            if place is not None and err.line in (None, place[0]):
                err.line, err.col = place
            elif err.line is not None:
                err.col = 1  # a line-level error: the line's start
        raise


def _key_text(key: str | int) -> str:
    """One frontmatter key as address text: quoted, so any character is taken literally."""
    if isinstance(key, int):
        return str(key)
    return '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'


def text(vault: Path, note: str) -> str:
    """The text of ``note`` (a vault-relative path or a note name), read through the guarded
    reader and never from outside the vault."""
    return read(vault, note).text
