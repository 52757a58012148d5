"""Operations by address: find the target, compute the edit, splice it, verify, return.

Every write operation here follows one recipe: resolve the address against the parsed note,
ask the frontmatter or table editor for the edits *and* for the expected result, splice, parse
the new text again and :func:`~scaffold.edit.verify.verify` it (locally when it can:
:mod:`~scaffold.edit.verify_local`). A note that does not read back as intended raises
:class:`~scaffold.errors.VerifyError` and nothing is returned to write.

An edit that changes nothing returns the very same note, once the expected result is checked
to be what the note already holds.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scaffold.edit import frontmatter_edit, guards, table_edit, verify_local
from scaffold.edit.guards import TypeChange
from scaffold.edit.guards import type_change as scalar_type_change
from scaffold.edit.splice import Edit, apply_edits
from scaffold.edit.verify import (
    Cells,
    cell_difference,
    heading_snapshot,
    strict_equal,
    table_cells,
    verify,
)
from scaffold.edit.yaml_scalar import convert
from scaffold.errors import (
    AddressError,
    NoteParseError,
    ScaffoldError,
    UsageError,
    ValueRefusedError,
    VerifyError,
)
from scaffold.note.addressing import address as addr
from scaffold.note.addressing import matching
from scaffold.note.addressing.resolve import (
    TableTarget,
    describe,
    locate,
    located,
    resolve_path,
    resolve_table,
)
from scaffold.note.body.inline import fold, strip_markup
from scaffold.note.body.model import Section, Table
from scaffold.note.body.tables import cell_source, escape_cell

if TYPE_CHECKING:
    from scaffold.note.parsed import ParsedNote as Note

# -- writing ---------------------------------------------------------------------------------


def _apply(note: Note, edits: Sequence[Edit]) -> Note:
    return apply_edits(note, edits) if edits else note


def _checked(note: Note, new: Note, edits: Sequence[Edit], **expected: Any) -> Note:
    """``new`` after verification, local when :mod:`~scaffold.edit.verify_local` can decide
    it; an edited note that no longer parses failed its read-back (exit 7), whatever the
    reason: the note it was made from was valid."""
    try:
        local = bool(edits) and "headings" not in expected
        if not (local and verify_local.verified(note, new, edits, **expected)):
            verify(note, new, **expected)
    except NoteParseError as exc:
        raise VerifyError(
            f"the edit would leave a note that does not parse: {exc.message}",
            path=note.path,
            line=exc.line,
            col=exc.col,
            hint="nothing was written; make this change by hand",
        ) from None
    return new


def _frontmatter_change(note: Note, change: frontmatter_edit.Change) -> Note:
    """Apply a frontmatter editor's change and verify the data reads back as it expects."""
    return _checked(note, _apply(note, change.edits), change.edits, data=change.expected)


def _table_change(note: Note, table: Table, edits: Sequence[Edit], cells: Cells) -> Note:
    """Apply a table editor's edits; ``table`` must then read as ``cells``, all else unchanged."""
    new = _apply(note, edits)
    if new is note:  # nothing changed: the table must already read as intended
        if table_cells(table) != cells:
            raise cell_difference(note, table, cells, table_cells(table))
        return note
    return _checked(note, new, edits, table=table, cells=cells)


def _with_cell(cells: Cells, r: int, c: int, text: str) -> Cells:
    rows = [list(row) for row in cells]
    rows[r][c] = text
    return tuple(tuple(row) for row in rows)


@located
def set_value(
    note: Note,
    address: str | addr.Address,
    value: str,
    *,
    type_hint: str = "auto",
    create: bool = False,
    strict: bool = False,
) -> Note:
    """Set one frontmatter value or one table cell.

    A missing frontmatter key, or a missing table row (upserted by its key), is created only
    with ``create``; without it the address is an :class:`AddressError` saying what exists.
    ``strict`` refuses what ``type_hint="auto"`` would otherwise store as a string over a
    number, boolean or date (see :func:`type_change`).
    """
    target = _parsed(address)
    address = target.text
    if isinstance(target, addr.FrontmatterAddress):
        _refuse_key_that_names_a_section(note, target)
        return set_path(note, target.path, value, type_hint=type_hint, create=create, strict=strict)
    if type_hint not in ("auto", "str"):
        raise UsageError("--type applies to frontmatter values; table cells are text")
    found = resolve_table(note, target, allow_missing_row=create)
    if found.column is None:
        raise UsageError(
            f"address {address!r} names a whole table",
            hint="set a cell with SECTION > ROW or SECTION > ROW > COLUMN; add rows with append",
        )
    if found.row is None:
        return _upsert_row(note, found, value)
    return set_cell(note, found.table, found.row, found.column, value)


@located
def type_change(
    note: Note, address: str | addr.Address, value: str, *, type_hint: str = "auto"
) -> TypeChange | None:
    """What setting ``address`` to ``value`` does to the old value's type, when ``auto``
    falls back to a string over a number, boolean or date; ``None`` otherwise (a table cell,
    a new key, a kept type). The CLI warns with it; ``strict=True`` refuses it."""
    target = _parsed(address)
    if not isinstance(target, addr.FrontmatterAddress) or note.nodes is None:
        return None
    found = resolve_path(note.nodes, target.path, file=note.path)
    if not found.found:
        return None
    return scalar_type_change(value, found.steps[-1].node, type_hint)


def _refuse_key_that_names_a_section(note: Note, target: addr.FrontmatterAddress) -> None:
    """``set NOTE "Quick stats" 5`` would create a frontmatter key; the user almost surely
    meant the section's table, so say so. A quoted key (``'"Quick stats"'``) is taken as is."""
    key = target.path[0]
    if len(target.path) != 1 or not isinstance(key, str) or target.text.lstrip().startswith('"'):
        return
    data = note.data
    if isinstance(data, dict) and any(fold(str(k)) == fold(key) for k in data):
        return
    try:
        section = matching.find_section(note.body, note.lines, key)
    except AddressError:
        return
    raise AddressError(
        f"{key!r} is not a frontmatter key but a section (line {section.line})",
        line=section.line,
        hint=f"address a cell as '{key} > ROW'; to create a frontmatter key of that name, "
        f"quote it and pass --create: '\"{key}\"'",
    )


@located
def set_path(
    note: Note,
    path: tuple[str | int, ...],
    value: str,
    *,
    type_hint: str = "auto",
    create: bool = False,
    strict: bool = False,
) -> Note:
    """Set the frontmatter value at a resolved key path (see :func:`set_value`).

    Setting a value to what it already is changes nothing: a block scalar, a multi-line or
    differently spelled value (``1e3`` for ``1000.0``) and an empty value keep their text.
    """
    target = resolve_path(note.nodes, path, file=note.path)
    if not target.found and not create:
        raise guards.missing_key(note, target)
    if target.found:
        node = target.steps[-1].node
        if node.kind == "scalar":
            changed = scalar_type_change(value, node, type_hint)
            if changed is not None and strict:
                raise ValueRefusedError(
                    f"{describe(path)}: {changed.refusal}",
                    line=node.line,
                    col=node.col,
                    hint=changed.hint.partition("; --strict")[0],
                )
            if strict_equal(convert(value, node, type_hint), node.value):
                return note  # already that value: leave its spelling alone
    return _frontmatter_change(
        note,
        frontmatter_edit.set_value(
            note.text, note.lines, note.block, note.nodes, path, value, type_hint
        ),
    )


@located
def set_cell(note: Note, table: Table, row: int, col: int, value: str) -> Note:
    """Set the cell at body row ``row``, column ``col`` of ``table`` (one of ``note``'s)."""
    edits = table_edit.set_cell(note.text, table, row, col, value)
    if not edits:
        return note
    old = table.rows[row].cells[col] if 0 <= row < len(table.rows) else None
    source = cell_source(value, None if old is None or old.virtual else old.text)
    expected = _with_cell(table_cells(table), row + 1, col, source)
    return _table_change(note, table, edits, expected)


def _upsert_row(note: Note, target: TableTarget, value: str) -> Note:
    """Append a row keyed by the address's row with ``value`` in the addressed column."""
    if target.column == 0:
        raise ValueRefusedError("cannot create a row by setting its key column", path=note.path)
    assert target.column is not None
    cells = [""] * len(target.table.header.cells)
    cells[0] = target.address.row or ""
    cells[target.column] = value
    return _append_row(note, target.table, cells)


def _append_row(note: Note, table: Table, cells: list[str], before: int | None = None) -> Note:
    width = len(table.header.cells)
    if len(cells) > width:
        raise ValueRefusedError(
            f"{len(cells)} values for a table of {width} columns (line {table.line})",
            path=note.path,
            line=table.line,
            hint="give one value per column",
        )
    edits = table_edit.append_row(note.text, table, note.lines, cells, before=before)
    row = tuple(escape_cell(v).strip() for v in [*cells, *[""] * (width - len(cells))])
    rows = list(table_cells(table))
    rows.insert(len(rows) if before is None else before + 1, row)  # rows[0] is the header
    return _table_change(note, table, edits, tuple(rows))


def insert_row(note: Note, table: Table, before: int | None, cells: Sequence[str]) -> Note:
    """Add a body row holding ``cells`` before body row ``before`` (0-based), or at the end
    when ``before`` is None; spliced and verified like every edit."""
    return _append_row(note, table, list(cells), before)


@located
def delete(note: Note, address: str | addr.Address) -> Note:
    """Delete a frontmatter key or list item, or a table row."""
    target = _parsed(address)
    address = target.text
    if isinstance(target, addr.FrontmatterAddress):
        change = frontmatter_edit.delete_key(
            note.text, note.lines, note.block, note.nodes, target.path
        )
        guards.refuse_breaking_aliases(note, change.edits, address)
        return _frontmatter_change(note, change)
    if target.row is None or target.column is not None:
        raise UsageError(
            f"delete takes a row address (SECTION > ROW), not {address!r}",
            hint="to clear one cell, set it to an empty string",
        )
    found = resolve_table(note, target, whole_row=True)
    table, r = found.table, found.row
    assert r is not None
    edits = table_edit.delete_row(note.text, table, note.lines, r)
    cells = table_cells(table)
    return _table_change(note, table, edits, cells[: r + 1] + cells[r + 2 :])


@located
def rename(note: Note, address: str | addr.Address, new_key: str) -> Note:
    """Rename a frontmatter key, leaving its value and position as they are."""
    target = _frontmatter_only(address, "rename")
    return _frontmatter_change(
        note,
        frontmatter_edit.rename_key(
            note.text, note.lines, note.block, note.nodes, target.path, new_key
        ),
    )


@located
def append(
    note: Note, address: str | addr.Address, values: Sequence[str], *, type_hint: str = "auto"
) -> Note:
    """Append items to a frontmatter list, or one row (a value per cell) to a table."""
    if not values:
        raise UsageError("append needs at least one value")
    target = _parsed(address)
    if isinstance(target, addr.TableAddress):
        if target.row is not None:
            raise UsageError(
                f"append adds a row to a table: address the table as '{target.section} >'",
                hint="to change a row's cell, use set",
            )
        return _append_row(note, resolve_table(note, target).table, list(values))
    for value in values:
        note = _frontmatter_change(
            note,
            frontmatter_edit.append_item(
                note.text, note.lines, note.block, note.nodes, target.path, value, type_hint
            ),
        )
    return note


@located
def remove(note: Note, address: str | addr.Address, value: str) -> Note:
    """Remove the item equal to ``value`` from a frontmatter list."""
    target = _frontmatter_only(address, "remove")
    address = target.text
    change = frontmatter_edit.remove_item(
        note.text, note.lines, note.block, note.nodes, target.path, value
    )
    guards.refuse_breaking_aliases(note, change.edits, f"{address} item {value!r}")
    return _frontmatter_change(note, change)


def _parsed(address: str | addr.Address) -> addr.Address:
    """The address, parsed once: an operation given a parsed one does not parse it again."""
    return addr.parse(address) if isinstance(address, str) else address


def _frontmatter_only(address: str | addr.Address, verb: str) -> addr.FrontmatterAddress:
    target = _parsed(address)
    if not isinstance(target, addr.FrontmatterAddress):
        raise UsageError(
            f"{verb} works on frontmatter keys, not table address {target.text!r}",
            hint="use delete for table rows" if verb == "remove" else None,
        )
    return target


# -- one edit, and what it did: the front ends' entry point -------------------------------


@dataclass(frozen=True, slots=True)
class Edited:
    """What one edit did: the note before and after, where an editor should put the cursor,
    and (for ``set``) the type change that ``--type auto`` made."""

    old: Note
    new: Note
    address: str
    operation: str
    line: int | None
    """1-based line of what was set or added (else of the first change); None: unchanged."""
    col: int | None
    type_change: TypeChange | None = None
    type_change_at: tuple[int, int] | None = None
    """Where the old value of a changed type stands in the old note."""

    @property
    def changed(self) -> bool:
        return self.new.text != self.old.text


OPERATIONS = ("set", "append", "remove", "delete", "rename")


def edit(
    note: Note,
    operation: str,
    address: str,
    *values: str,
    type_hint: str = "auto",
    create: bool = False,
    strict: bool = False,
) -> Edited:
    """Run one operation (``set`` VALUE, ``append`` VALUE..., ``remove`` VALUE, ``delete``,
    ``rename`` NEW_KEY), parsing ``address`` once, and say what it did."""
    if operation not in OPERATIONS:
        raise UsageError(f"unknown operation {operation!r}", hint=", ".join(OPERATIONS))
    target = addr.parse(address)
    change: TypeChange | None = None
    change_at: tuple[int, int] | None = None
    if operation == "set":
        (value,) = values
        new = set_value(note, target, value, type_hint=type_hint, create=create, strict=strict)
        change = type_change(note, target, value, type_hint=type_hint)
        if change is not None:
            change_at = locate(note, target)
    elif operation == "append":
        new = append(note, target, values, type_hint=type_hint)
    elif operation == "remove":
        (value,) = values
        new = remove(note, target, value)
    elif operation == "delete":
        new = delete(note, target)
    else:
        (new_key,) = values
        new = rename(note, target, new_key)
    line: int | None = None
    col: int | None = None
    if new.text != note.text:
        line, col = _cursor(note, new, operation, target, values)
    return Edited(note, new, address, operation, line, col, change, change_at)


def _cursor(
    old: Note, new: Note, operation: str, target: addr.Address, values: Sequence[str]
) -> tuple[int, int]:
    """Where an editor should put the cursor after the edit: the cell or value that was set
    or added, else the first character that changed."""
    try:
        if operation == "set":
            return locate(new, target)
        if operation == "append" and isinstance(target, addr.TableAddress):
            table = resolve_table(new, target).table
            return new.lines.position(table.rows[-1].cells[0].start)
        if operation == "append":
            assert isinstance(target, addr.FrontmatterAddress)
            items = resolve_path(new.nodes, target.path, file=new.path).require()
            index = len(items.items) - len(values)
            if not items.alias and index >= 0:
                return locate(new, addr.FrontmatterAddress((*target.path, index), target.text))
        if operation == "rename" and isinstance(target, addr.FrontmatterAddress):
            renamed = (*target.path[:-1], values[0])
            return locate(new, addr.FrontmatterAddress(renamed, target.text))
    except ScaffoldError:  # the edit read back, so this is not expected
        pass
    # Character by character is exactly what is wanted here: these are texts, not paths.
    same = len(os.path.commonprefix((old.text, new.text)))  # noqa: RUF071
    return old.lines.position(same)


# -- lists in the body: the generator's link-back -----------------------------------------


@located
def add_list_item(note: Note, section: str, item: str) -> Note:
    """Append the line ``item`` (e.g. ``- [[Grok]] — competitor``) to the first list under
    the heading ``section``, creating a level-2 section at the end when there is none."""
    if "\n" in item or "\r" in item:
        raise ValueRefusedError("a list item must be one line", path=note.path)
    eol = note.lines.dominant_eol()
    try:
        found = matching.find_section(note.body, note.lines, section)
    except AddressError:
        found = None
    headings = heading_snapshot(note.body)
    if found is None:
        text = note.text
        lead = "" if not text or text.endswith("\n") else eol
        gap = "" if not text.strip() else eol
        if gap and _uses_rules(note):  # the house style puts a --- rule between sections
            gap = f"{eol}---{eol}{eol}"
        edits = [Edit(len(text), len(text), f"{lead}{gap}## {section}{eol}{eol}{item}{eol}")]
        headings = (*headings, (2, strip_markup(section)))
    else:
        edits = [_list_insertion(note, found, item, eol)]
    return _checked(note, _apply(note, edits), edits, headings=headings)


def _uses_rules(note: Note) -> bool:
    """Whether the body separates sections with ``---`` thematic breaks."""
    first = note.block.body_first if note.block else 0
    return any(line.rstrip() == "---" for line in note.lines.content[first:])


def _list_insertion(note: Note, section: Section, item: str, eol: str) -> Edit:
    lines = note.lines
    first = section.line  # 1-based heading line == 0-based index of the line after it
    last_item: int | None = None
    for index in range(first, section.end_line):
        content = lines.content[index]
        stripped = content.lstrip()
        is_item = stripped[:2] in ("- ", "* ", "+ ") or stripped in ("-", "*", "+")
        if is_item and len(content) - len(stripped) < 2:
            last_item = index
        elif last_item is not None and (not content.strip() or content[:1] not in " \t"):
            break  # the first list ended
    if last_item is None:
        # No list yet: put one after the section's last non-blank line.
        index = section.end_line - 1
        while index >= first and not lines.content[index].strip():
            index -= 1
        at = lines.next_start(index)
        lead = eol if not lines.eols[index] else ""
        return Edit(at, at, f"{lead}{eol}{item}{eol}")
    # Include the last item's indented continuation lines.
    index = last_item
    while index + 1 < section.end_line and lines.content[index + 1][:1] in (" ", "\t"):
        index += 1
    at = lines.next_start(index)
    if not lines.eols[index]:
        return Edit(at, at, f"{eol}{item}")
    return Edit(at, at, f"{item}{lines.eols[index]}")
