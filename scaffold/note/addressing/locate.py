"""Positions to addresses: which address names the cell, frontmatter value or section at a
line and column of a note (the places themselves, and the outline, are
:mod:`scaffold.note.addressing.places`).

Lines and columns are 1-based; columns count characters (code points), not bytes or UTF-16
units (the language server converts).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scaffold.errors import ScaffoldError
from scaffold.note.body.model import Section, Table
from scaffold.note.body.tables import unescape_cell

if TYPE_CHECKING:
    from scaffold.note.parsed import ParsedNote

from scaffold.note.addressing.places import (
    CELL,
    Place,
    cell_address_of,
    frontmatter_places,
    make_place,
    offset_of,
    section_place,
    table_names,
    table_places,
    table_rows,
)


def place_at(note: ParsedNote, line: int, col: int | None = None) -> Place | None:
    """The place under a cursor at a 1-based line and (character) column.

    Without a column: the frontmatter entry on the line, a row's value cell (``SECTION >
    ROW``), the table for its header or delimiter line, else the section holding the line.
    Returns ``None`` when nothing there is a place (the preamble, a blank line before any
    heading, the frontmatter fences).
    """
    offset = offset_of(note, line, col)
    block = note.block
    if block is not None and line <= block.close_line:
        return _frontmatter_at(note, line, offset if col is not None else None)
    for table in note.body.tables:
        if table.line <= line <= table.end_line:
            return _table_at(note, table, line, offset if col is not None else None)
    section = _section_at(note, line)
    if section is None or section.heading is None:
        return None
    return section_place(note, section)


def _section_at(note: ParsedNote, line: int) -> Section | None:
    found = None
    for section in note.body.sections:
        if section.line <= line <= section.end_line and section.heading is not None:
            found = section  # the innermost: sections come in document order
    return found


def _frontmatter_at(note: ParsedNote, line: int, offset: int | None) -> Place | None:
    best: Place | None = None
    best_size = -1
    for found, nodes in frontmatter_places(note):
        first = nodes[0]
        if offset is not None:
            lo, hi = first.start, max(n.end for n in nodes)
            inside = lo <= offset <= hi
            size = hi - lo
            # The innermost span holding the cursor wins.
            if inside and (best is None or size <= best_size):
                best, best_size = found, size
        elif first.line == line and best is None:
            best = found  # the outermost entry that starts on this line
    if best is None and offset is not None:
        return _frontmatter_at(note, line, None)
    return best


def _table_at(note: ParsedNote, table: Table, line: int, offset: int | None) -> Place:
    names = table_names(note, table)
    headers = [c.text for c in table.header.cells]
    row_index = next((i for i, r in enumerate(table.rows) if r.line == line), None)
    if row_index is None:  # the header or delimiter row: the table itself
        return next(table_places(note, table, names))
    row = table.rows[row_index]
    c = 1 if len(row.cells) > 1 else 0
    if offset is not None:
        hits = [i for i, cell in enumerate(row.cells) if not cell.virtual]
        # On a cell's text (its end included) that cell; on padding or a pipe, the cell the
        # pipe opens.
        inside = [i for i in hits if row.cells[i].start <= offset <= row.cells[i].end]
        around = [i for i in hits if row.cells[i].raw_start - 1 <= offset <= row.cells[i].raw_end]
        if inside:
            c = inside[0]
        elif around:
            c = around[-1] if offset == row.cells[around[-1]].raw_start - 1 else around[0]
    cell = row.cells[c]
    cell_address, why = cell_address_of(names, row_index, c, len(headers))
    return make_place(
        note, CELL, cell_address, unescape_cell(cell.text), cell.start, cell.end, headers[c], why
    )


def read(note: ParsedNote, address: str) -> tuple[Any, int, int] | None:
    """What ``get`` returns for ``address``, with the offsets of what it names (a cell's
    content, a frontmatter value's node, a whole table); ``None`` when it names nothing."""
    from scaffold.note.addressing.resolve import FrontmatterTarget, resolve

    try:
        target = resolve(note, address)
        if isinstance(target, FrontmatterTarget):
            node = target.require()
            value = note.data
            for key in target.data_keys:
                value = value[key]
            return value, node.start, node.end
    except ScaffoldError:
        return None
    table = target.table
    if target.row is None or target.column is None:
        return table_rows(table), table.start, table.end
    cell = table.rows[target.row].cells[target.column]
    return cell.text, cell.start, cell.end


def span_of(note: ParsedNote, address: str) -> tuple[int, int] | None:
    """The offsets of what ``address`` names (see :func:`read`)."""
    found = read(note, address)
    return None if found is None else (found[1], found[2])
