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

from scaffold.edit import ops
from scaffold.note.parsed import ParsedNote
from scaffold.note.resolve import get as _get
from scaffold.vault.changes import FileChange, apply_changes
from scaffold.vault.files import current_bytes, read_note

if TYPE_CHECKING:
    from collections.abc import Sequence

    from scaffold.bulk.facade import (
        Plan,
        Report,
        apply_plan,
        export,
        plan,
        redo,
        runs,
        undo,
        update,
    )
    from scaffold.check.facade import check
    from scaffold.generate.scripted import new_note
    from scaffold.notefiles.facade import EditResult, get_value, note_path, outline, text, where
    from scaffold.types.catalog import describe as describe_type
    from scaffold.types.catalog import type_list

__all__ = [
    "EditResult",
    "Note",
    "Plan",
    "Report",
    "apply_plan",
    "check",
    "describe_type",
    "dump",
    "dumps",
    "edit",
    "export",
    "get_value",
    "load",
    "loads",
    "new_note",
    "note_path",
    "outline",
    "plan",
    "redo",
    "runs",
    "text",
    "type_list",
    "undo",
    "update",
    "where",
]


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
            ops.set_value(self, address, value, type_hint=type_hint, create=create, strict=strict),
        )

    def delete(self, address: str) -> Note:
        """Delete a frontmatter key or list item, or a table row."""
        return cast(Note, ops.delete(self, address))

    def rename(self, address: str, new_key: str) -> Note:
        """Rename a frontmatter key in place."""
        return cast(Note, ops.rename(self, address, new_key))

    def append(self, address: str, *values: str, type_hint: str = "auto") -> Note:
        """Append an item to a frontmatter list, or a row (one value per cell) to a table."""
        return cast(Note, ops.append(self, address, values, type_hint=type_hint))

    def remove(self, address: str, value: str) -> Note:
        """Remove an item from a frontmatter list."""
        return cast(Note, ops.remove(self, address, value))

    def add_list_item(self, section: str, item: str) -> Note:
        """Append the line ``item`` to the first list under the heading ``section``,
        creating the section at the end when there is none."""
        return cast(Note, ops.add_list_item(self, section, item))


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
    return bool(apply_changes([FileChange(path, expect, data)]))


def edit(
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
    command: str = "scaffold.edit()",
) -> EditResult:
    """``set``, ``append``, ``remove``, ``delete`` or ``rename`` on a note of ``vault`` (a
    name or a vault-relative path, never a file outside it), with the CLI's arguments and
    validation. Unless ``dry_run``, the change is written through the one write path as a
    journalled run (refused when the file changed since it was read), so ``undo`` takes it
    back. Returns what changed, where, and the diff."""
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


# The features below are imported on first use, so that `scaffold get` does not pay for
# multiprocessing, the journal, the checker or the templates at start-up.
_LAZY = {
    **dict.fromkeys(
        ("Plan", "Report", "apply_plan", "export", "plan", "redo", "runs", "undo", "update"),
        "scaffold.bulk.facade",
    ),
    "check": "scaffold.check.facade",
    "new_note": "scaffold.generate.scripted",
    **dict.fromkeys(
        ("EditResult", "get_value", "note_path", "outline", "text", "where"),
        "scaffold.notefiles.facade",
    ),
    "type_list": "scaffold.types.catalog",
}
_RENAMED = {"describe_type": ("scaffold.types.catalog", "describe")}


def __getattr__(name: str) -> Any:
    import importlib

    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    if name in _RENAMED:
        module, attr = _RENAMED[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
