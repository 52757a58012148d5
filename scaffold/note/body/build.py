"""Building the body model fast: constructors that skip a frozen dataclass's ``__init__``,
and the lazy :class:`~scaffold.note.body.model.Body` and
:class:`~scaffold.note.body.model.Table` that group sections and split rows into cells only
when something reads them.

The scanner (:mod:`scaffold.note.body.markdown`) decides *what* is there; this module only builds
the objects. ``eager`` builds plain model objects instead, up front (tests compare the two).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import fields as dataclass_fields
from typing import Any

from scaffold.note.body.blocks import quote_markers
from scaffold.note.body.model import Body, Cell, Heading, Hidden, Row, Section, Table
from scaffold.note.body.tables import row_bounds, split_row
from scaffold.text import Lines

# # A frozen dataclass's __init__ sets each field through object.__setattr__; setting the slots
# directly is about twice as fast (0.4 against 0.7 us a Cell or Heading), which matters for
# the ~40 objects every scan builds and the cells of the table an edit reads. The _fast_*
# constructors below do that, through each field's slot setter, named after the field.

_new = object.__new__


def _same_fields(cls: type, names: tuple[str, ...]) -> bool:
    return tuple(f.name for f in dataclass_fields(cls)) == names


if not (
    _same_fields(Cell, ("start", "end", "raw_start", "raw_end", "text", "virtual"))
    and _same_fields(Heading, ("level", "line", "start", "end", "raw", "name"))
    and _same_fields(Section, ("heading", "line", "end_line", "tables"))
    and _same_fields(Row, ("line", "start", "end", "cells"))
    and _same_fields(
        Table, ("header", "delimiter_line", "rows", "aligns", "prefix", "start", "end")
    )
    and _same_fields(Body, ("headings", "sections", "tables", "hidden"))
):  # pragma: no cover - a guard for whoever changes the model
    raise TypeError("the body model's fields changed: update the slot setters in " + __name__)


def slot_setter(cls: type, name: str) -> Callable[[Any, Any], None]:
    """The setter of slot ``name`` of ``cls``; it bypasses a frozen dataclass's __setattr__."""
    setter: Callable[[Any, Any], None] = getattr(cls, name).__set__
    return setter


_set_body_headings = slot_setter(Body, "headings")
_set_body_tables = slot_setter(Body, "tables")
_set_body_hidden = slot_setter(Body, "hidden")
_set_row_line = slot_setter(Row, "line")
_set_row_start = slot_setter(Row, "start")
_set_row_end = slot_setter(Row, "end")
_set_row_cells = slot_setter(Row, "cells")
_set_section_heading = slot_setter(Section, "heading")
_set_section_line = slot_setter(Section, "line")
_set_section_end_line = slot_setter(Section, "end_line")
_set_section_tables = slot_setter(Section, "tables")
_set_table_delimiter_line = slot_setter(Table, "delimiter_line")
_set_table_aligns = slot_setter(Table, "aligns")
_set_table_prefix = slot_setter(Table, "prefix")
_set_table_start = slot_setter(Table, "start")
_set_table_end = slot_setter(Table, "end")
_set_cell_start = slot_setter(Cell, "start")
_set_cell_end = slot_setter(Cell, "end")
_set_cell_raw_start = slot_setter(Cell, "raw_start")
_set_cell_raw_end = slot_setter(Cell, "raw_end")
_set_cell_text = slot_setter(Cell, "text")
_set_cell_virtual = slot_setter(Cell, "virtual")
_set_heading_level = slot_setter(Heading, "level")
_set_heading_line = slot_setter(Heading, "line")
_set_heading_start = slot_setter(Heading, "start")
_set_heading_end = slot_setter(Heading, "end")
_set_heading_raw = slot_setter(Heading, "raw")
_set_heading_name = slot_setter(Heading, "name")


def fast_cell(start: int, end: int, raw_start: int, raw_end: int, text: str) -> Cell:
    """``Cell(start, end, raw_start, raw_end, text)``, built fast."""
    cell: Cell = _new(Cell)
    _set_cell_start(cell, start)
    _set_cell_end(cell, end)
    _set_cell_raw_start(cell, raw_start)
    _set_cell_raw_end(cell, raw_end)
    _set_cell_text(cell, text)
    _set_cell_virtual(cell, False)
    return cell


def fast_section(
    heading: Heading | None, line: int, end_line: int, tables: tuple[Table, ...]
) -> Section:
    """``Section(heading, line, end_line, tables)``, built fast."""
    section: Section = _new(Section)
    _set_section_heading(section, heading)
    _set_section_line(section, line)
    _set_section_end_line(section, end_line)
    _set_section_tables(section, tables)
    return section


def fast_heading(level: int, line: int, start: int, end: int, raw: str, name: str) -> Heading:
    """``Heading(level, line, start, end, raw, name)``, built fast."""
    heading: Heading = _new(Heading)
    _set_heading_level(heading, level)
    _set_heading_line(heading, line)
    _set_heading_start(heading, start)
    _set_heading_end(heading, end)
    _set_heading_raw(heading, raw)
    _set_heading_name(heading, name)
    return heading


def fast_row(line: int, start: int, end: int, cells: tuple[Cell, ...]) -> Row:
    """``Row(line, start, end, cells)``, built fast."""
    row: Row = _new(Row)
    _set_row_line(row, line)
    _set_row_start(row, start)
    _set_row_end(row, end)
    _set_row_cells(row, cells)
    return row


class _LazyBody(Body):
    """A :class:`Body` whose sections are grouped on first access.

    Sections are a grouping of the headings and tables the scan found; only address lookup
    reads them, so the re-parse that verifies an edit never pays for them. To everything
    else this is a Body (``dataclasses.replace`` and pickling give fully built ones).
    """

    __slots__ = ("_source",)

    def __repr__(self) -> str:
        return "Body" + Body.__repr__(self).removeprefix(type(self).__name__)

    def __getattr__(self, name: str) -> object:
        # Reached only while the sections slot is still unset.
        if name != "sections":
            raise AttributeError(name)
        content, first, heading_index = object.__getattribute__(self, "_source")
        sections = group_sections(content, first, self.headings, heading_index, self.tables, False)
        object.__setattr__(self, "sections", sections)
        return sections


_set_body_source = slot_setter(_LazyBody, "_source")


def build_body(
    content: tuple[str, ...],
    first: int,
    headings: list[Heading],
    heading_index: list[int],
    tables: list[Table],
    hidden: list[Hidden],
    eager: bool,
) -> Body:
    if eager:
        return Body(
            tuple(headings),
            group_sections(content, first, headings, heading_index, tables, True),
            tuple(tables),
            tuple(hidden),
        )
    body: Body = _new(_LazyBody)
    _set_body_source(body, (content, first, heading_index))
    _set_body_headings(body, tuple(headings))
    _set_body_tables(body, tuple(tables))
    _set_body_hidden(body, tuple(hidden))
    return body


class _LazyTable(Table):
    """A :class:`Table` whose header and rows are split into cells on first access.

    Most operations read one table of a note, so splitting every row of every table up
    front would be most of a scan's cost. Only the scanner creates these; to everything
    else they are Tables (``dataclasses.replace`` and pickling give fully built ones).
    """

    __slots__ = ("_source",)

    def __repr__(self) -> str:
        return "Table" + Table.__repr__(self).removeprefix(type(self).__name__)

    def __getattr__(self, name: str) -> object:
        # Reached only while the header/rows slots are still unset.
        if name != "header" and name != "rows":
            raise AttributeError(name)
        header, rows = _build_rows(*object.__getattribute__(self, "_source"), eager=False)
        object.__setattr__(self, "header", header)
        object.__setattr__(self, "rows", rows)
        return object.__getattribute__(self, name)


_set_table_source = slot_setter(_LazyTable, "_source")


def lazy_table(
    lines: Lines,
    header: int,
    header_off: int,
    end: int,
    offsets: list[int] | None,
    aligns: tuple[str, ...],
) -> Table:
    """The table whose header is line ``header`` (its text at ``header_off``) and whose body
    rows run up to line ``end`` (see :func:`table_rows` for ``offsets``); its rows are split
    into cells on first access."""
    content = lines.content
    last = end - 1  # the delimiter row when there is no body row
    table: Table = _new(_LazyTable)
    _set_table_source(table, (lines, header, header_off, end, offsets, len(aligns)))
    _set_table_delimiter_line(table, header + 2)
    _set_table_aligns(table, aligns)
    head_line = content[header]  # _table_prefix, inlined: every scan builds every table
    _set_table_prefix(
        table, head_line[: quote_markers(head_line)[1]] if header_off and ">" in head_line else ""
    )
    _set_table_start(table, lines.starts[header])
    _set_table_end(table, lines.starts[last] + len(content[last]))
    return table


def row_layout(table: Table) -> list[tuple[int, int]] | None:
    """``(0-based line, offset of its text)`` of the header and each body row of a table the
    scanner built lazily, in order, without splitting a row into cells; ``None`` for a table
    built whole."""
    try:
        _, header, header_off, end, offsets, _ = object.__getattribute__(table, "_source")
    except AttributeError:
        return None
    body = range(header + 2, end)
    if offsets is None:
        return [(header, header_off), *((i, 0) for i in body)]
    return [(header, header_off), *zip(body, offsets, strict=True)]


def split_row_at(table: Table, line: int, offset: int) -> Row:
    """Row ``line`` (0-based) of ``table``'s note, split into the table's columns, as the
    scanner would split it; ``line`` and ``offset`` come from :func:`row_layout`."""
    lines = object.__getattribute__(table, "_source")[0]
    return _row(lines, line, offset, len(table.aligns), False)


def eager_table(
    lines: Lines,
    header: int,
    header_off: int,
    end: int,
    offsets: list[int] | None,
    aligns: tuple[str, ...],
) -> Table:
    """The same table as :func:`lazy_table`, built whole as a plain :class:`Table`."""
    content = lines.content
    last = end - 1
    head, rows = _build_rows(lines, header, header_off, end, offsets, len(aligns), eager=True)
    prefix = _table_prefix(content[header], header_off)
    return Table(
        head,
        header + 2,
        rows,
        aligns,
        prefix,
        lines.starts[header],
        lines.starts[last] + len(content[last]),
    )


def _table_prefix(head_line: str, header_off: int) -> str:
    """The container prefix (``> ``) of a table whose header text starts at ``header_off``."""
    return head_line[: quote_markers(head_line)[1]] if header_off and ">" in head_line else ""


def _build_rows(
    lines: Lines,
    header: int,
    header_off: int,
    end: int,
    offsets: list[int] | None,
    cols: int,
    *,
    eager: bool,
) -> tuple[Row, tuple[Row, ...]]:
    """A table's header row and body rows, split into cells."""
    head = _row(lines, header, header_off, cols, eager)
    body = range(header + 2, end)
    if offsets is None:
        return head, tuple([_row(lines, i, 0, cols, eager) for i in body])
    return head, tuple(
        [_row(lines, i, off, cols, eager) for i, off in zip(body, offsets, strict=True)]
    )


def _row(lines: Lines, index: int, off: int, cols: int, eager: bool) -> Row:
    """The row on line ``index`` (its cells start at ``off``), padded or cut to ``cols``."""
    line = lines.content[index]
    base = lines.starts[index]
    if eager:
        cells = [
            Cell(base + c, base + d, base + a, base + b, t)
            for a, b, c, d, t in split_row(line, off)
        ]
    else:
        cells = []
        for a, b, c, d, t in split_row(line, off):
            # fast_cell, inlined: this loop runs for every cell an edit reads.
            cell = _new(Cell)
            _set_cell_start(cell, base + c)
            _set_cell_end(cell, base + d)
            _set_cell_raw_start(cell, base + a)
            _set_cell_raw_end(cell, base + b)
            _set_cell_text(cell, t)
            _set_cell_virtual(cell, False)
            cells.append(cell)
    del cells[cols:]
    if len(cells) < cols:
        # GFM pads a short row with empty cells; they live where text would be appended:
        # before the trailing pipe when there is one, else at the end of the row.
        at = base + row_bounds(line, off)[1]
        virtual = Cell(at, at, at, at, "", True)
        cells.extend([virtual] * (cols - len(cells)))
    if eager:
        return Row(index + 1, base, base + len(line), tuple(cells))
    row: Row = _new(Row)  # fast_row, inlined
    _set_row_line(row, index + 1)
    _set_row_start(row, base)
    _set_row_end(row, base + len(line))
    _set_row_cells(row, tuple(cells))
    return row


def group_sections(
    content: tuple[str, ...],
    first: int,
    headings: Sequence[Heading],
    heading_index: list[int],
    tables: Sequence[Table],
    eager: bool,
) -> tuple[Section, ...]:
    """One section per heading (up to the next of the same or a higher level), plus the
    preamble before the first heading when it holds anything."""
    make_section = Section if eager else fast_section
    n = len(content)
    sections: list[Section] = []
    header_lines = [t.delimiter_line - 1 for t in tables]  # 1-based, in order
    top = heading_index[0] if heading_index else n
    for j in range(first, top):
        if content[j].strip():
            inside = tuple(tables[: bisect_right(header_lines, top)])
            sections.append(make_section(None, first + 1, top, inside))
            break
    ends = section_ends(headings, heading_index, n)
    lo = 0  # the first table at or below the current heading (headings come in order)
    count = len(header_lines)
    for heading, index, end in zip(headings, heading_index, ends, strict=True):
        while lo < count and header_lines[lo] <= index:
            lo += 1
        inside = tuple(tables[lo : bisect_right(header_lines, end, lo)]) if lo < count else ()
        sections.append(make_section(heading, index + 1, end, inside))
    return tuple(sections)


def section_ends(headings: Sequence[Heading], heading_index: list[int], n: int) -> list[int]:
    """Where each heading's section ends (0-based, exclusive): at the next heading of the
    same or a higher level, else at the end of the note (``n`` lines)."""
    levels = [h.level for h in headings]
    ends = [n] * len(headings)
    open_: list[int] = []
    for k, level in enumerate(levels):
        while open_ and levels[open_[-1]] >= level:
            ends[open_.pop()] = heading_index[k]
        open_.append(k)
    return ends
