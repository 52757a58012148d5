"""Table edits as spans: set a cell, append a row, delete a row.

Each function returns :class:`~scaffold.edit.splice.Edit` s for
:func:`~scaffold.edit.splice.splice`; text it does not change is never re-rendered. An aligned
table (every line's pipes at the same display columns) stays aligned: a value that fits is
padded to its column, a wider one widens that column on every line, which is the only case
where other lines change.
"""

from __future__ import annotations

from collections.abc import Sequence

from scaffold.edit.splice import Edit
from scaffold.errors import AddressError, ValueRefusedError
from scaffold.note.body.model import Cell, Row, Table
from scaffold.note.body.tables import cell_source, display_width, escape_cell, row_bounds, split_row
from scaffold.text import Lines

_WS = " \t"
# A row without a leading pipe must not read as another block (or lose its first cell).
_RISKY_START = frozenset("#>-*+_=`~<%0123456789:")


def _pipes(line: str) -> list[int]:
    """Display columns of the unescaped pipes in ``line``."""
    cols: list[int] = []
    pos = line.find("|")
    while pos != -1:
        if pos == 0 or line[pos - 1] != "\\":
            cols.append(display_width(line[:pos]))
        pos = line.find("|", pos + 1)
    return cols


def _line_at(text: str, start: int) -> str:
    """The content of the line starting at ``start`` (without its ending)."""
    end = text.find("\n", start)
    if end == -1:
        end = len(text)
    if end > start and text[end - 1] == "\r":
        end -= 1
    return text[start:end]


def _delimiter_start(text: str, table: Table) -> int:
    """Offset of the delimiter line (the line after the header)."""
    return table.header.end + (2 if text.startswith("\r\n", table.header.end) else 1)


def is_aligned(text: str, table: Table) -> bool:
    """Whether every line of ``table`` (header, delimiter, rows) has its pipes at the same
    display columns, and the table has at least one body row."""
    if not table.rows:
        return False
    want = _pipes(text[table.header.start : table.header.end])
    if not want:
        return False
    if _pipes(_line_at(text, _delimiter_start(text, table))) != want:
        return False
    return all(_pipes(text[row.start : row.end]) == want for row in table.rows)


def _row_at(table: Table, row: int) -> Row:
    if not 0 <= row < len(table.rows):
        raise AddressError(
            f"the table at line {table.line} has {len(table.rows)} rows; there is no row {row}",
            line=table.line,
            hint="body rows are numbered from 0; the header row is not one of them",
        )
    return table.rows[row]


def _column_at(table: Table, col: int) -> None:
    if not 0 <= col < len(table.header.cells):
        raise AddressError(
            f"the table at line {table.line} has {len(table.header.cells)} columns; "
            f"there is no column {col}",
            line=table.line,
            hint="columns are numbered from 0",
        )


def _closed(text: str, cell: Cell) -> bool:
    """Whether a pipe closes ``cell`` (the last cell of a row may have none)."""
    return text[cell.raw_end : cell.raw_end + 1] == "|"


def _layout(text: str, cell: Cell) -> tuple[int, int, int]:
    """``(width, left, right)``: the raw region's display width and the padding to keep on
    each side (0 or 1: a table is either tight ``|x|`` or padded ``| x |``)."""
    raw = text[cell.raw_start : cell.raw_end]
    width = display_width(raw)
    if cell.text:
        return width, min(1, cell.start - cell.raw_start), min(1, cell.raw_end - cell.end)
    return width, min(1, width), 1 if width >= 2 else 0


def _pad(value: str, inner: int, align: str) -> str:
    """``value`` padded with spaces to ``inner`` display columns, per the column's align."""
    gap = inner - display_width(value)
    if gap <= 0:
        return value
    if align == "right":
        return " " * gap + value
    if align == "center":
        return " " * (gap // 2) + value + " " * (gap - gap // 2)
    return value + " " * gap


def _widen(text: str, table: Table, col: int, delta: int, skip: Row | None) -> list[Edit]:
    """Edits that widen column ``col`` by ``delta`` columns on every line but ``skip``."""
    edits: list[Edit] = []
    for row in (table.header, *table.rows):
        if row is skip:
            continue
        cell = row.cells[col]
        if not cell.virtual and _closed(text, cell):
            edits.append(Edit(cell.raw_end, cell.raw_end, " " * delta))
    start = _delimiter_start(text, table)
    line = _line_at(text, start)
    cells = split_row(line, len(line) - len(line.lstrip(_WS + ">")))
    if col < len(cells):
        _, raw_end, _, c_end, marker = cells[col]
        if line[raw_end : raw_end + 1] == "|":
            at = c_end - 1 if marker.endswith(":") else c_end
            edits.append(Edit(start + at, start + at, "-" * delta))
    return edits


def set_cell(text: str, table: Table, row: int, col: int, value: str) -> list[Edit]:
    """Edits that set body row ``row``, column ``col`` (both 0-based) to ``value``.

    The cell gets :func:`~scaffold.note.body.tables.cell_source` of the value: nothing changes when
    the value is what the cell already reads as. The cell keeps its surrounding spaces; in an
    aligned table it is re-padded to its column, and a value too wide for the column widens
    the column on every line. Setting a cell a short row lacks appends the missing cells to
    that row. A value ending in ``\\`` keeps a space before the next pipe, which it would
    otherwise escape.
    """
    target = _row_at(table, row)
    _column_at(table, col)
    cell = target.cells[col]
    new = cell_source(value, None if cell.virtual else cell.text)
    if cell.virtual:
        return _fill_short_row(text, target, col, new)
    if new == cell.text:
        return []
    closed = _closed(text, cell)
    if not is_aligned(text, table) or not closed:
        if not cell.text and cell.raw_end - cell.raw_start == 1 and new:
            return [Edit(cell.raw_start, cell.raw_end, f" {new} ")]  # ``| |`` → ``| x |``
        if closed and new.endswith("\\") and cell.end == cell.raw_end:
            new += " "  # ``|x\\|`` would escape the pipe
        return [Edit(cell.start, cell.end, new)]
    width, left, right = _layout(text, cell)
    if new.endswith("\\"):
        right = max(right, 1)
    align = table.aligns[col]
    if cell.raw_start == target.start or text[cell.raw_start - 1] != "|":
        # The first cell of a row without a leading pipe: spaces before it would indent the
        # row (four make it a code block), so it is padded on the right only.
        left, align = 0, "left"
    inner = width - left - right
    need = display_width(new)
    if need <= inner:
        raw = " " * left + _pad(new, inner, align) + " " * right
        if text[cell.raw_start : cell.raw_end] == raw:
            return []
        return [Edit(cell.raw_start, cell.raw_end, raw)]
    edits = _widen(text, table, col, need - inner, target)
    edits.append(Edit(cell.raw_start, cell.raw_end, " " * left + new + " " * right))
    return edits


def _fill_short_row(text: str, row: Row, col: int, new: str) -> list[Edit]:
    """Append the cells a short row lacks, up to ``col`` (which gets ``new``)."""
    if not new:
        return []  # a missing cell already reads as empty
    missing = sum(1 for c in row.cells[: col + 1] if c.virtual)
    values = [""] * (missing - 1) + [new]
    at = row.cells[col].start
    if text[at : at + 1] == "|":  # a trailing pipe: add `` value |`` after it
        return [Edit(at + 1, at + 1, "".join(f" {v} |" if v else "  |" for v in values))]
    return [Edit(at, at, "".join(f" | {v}" if v else " |" for v in values))]


def append_row(
    text: str, table: Table, lines: Lines, cells: Sequence[str], *, before: int | None = None
) -> list[Edit]:
    """Edits that add a body row holding ``cells`` after the table's last line, or before
    body row ``before`` (0-based) when it is given.

    The new row copies its neighbour's style (container prefix, outer pipes, padding, line
    ending); missing trailing cells are empty; more cells than columns are refused. In an
    aligned table the row is padded to the columns, widening any its values do not fit.
    """
    width = len(table.header.cells)
    if len(cells) > width:
        raise ValueRefusedError(
            f"{len(cells)} values for a table of {width} columns (line {table.line})",
            line=table.line,
            hint="give one value per column",
        )
    values = [escape_cell(v).strip() for v in cells] + [""] * (width - len(cells))
    if before is not None and not 0 <= before <= len(table.rows):
        raise ValueError(f"no body row {before} to insert before")
    if before == len(table.rows):
        before = None
    if before is not None:
        neighbour = table.rows[before]
    else:
        neighbour = table.rows[-1] if table.rows else table.header
    line = lines.content[neighbour.line - 1]
    lead_len = len(line) - len(line.lstrip(_WS + ">" if table.prefix else _WS))
    lead_text = line[:lead_len]
    _, _, lead, trail = row_bounds(line, lead_len)
    real = [c for c in neighbour.cells if not c.virtual]
    padded = any(c.start > c.raw_start for c in real if c.text) or not any(c.text for c in real)
    if not lead and (not values[0] or values[0][0] in _RISKY_START):
        lead = True
    edits: list[Edit] = []
    if is_aligned(text, table):
        parts: list[str] = []
        for col, value in enumerate(values):
            cell = neighbour.cells[col]
            size, left, right = _layout(text, cell)
            if not _closed(text, cell):
                parts.append(" " * left + value)
                continue
            if value.endswith("\\"):
                right = max(right, 1)  # ``x\\|`` would escape the pipe
            inner = size - left - right
            need = display_width(value)
            if need > inner:
                edits.extend(_widen(text, table, col, need - inner, None))
                inner = need
            parts.append(" " * left + _pad(value, inner, table.aligns[col]) + " " * right)
        body = "|".join(parts)
        new_row = lead_text + ("|" if lead else "") + body + ("|" if trail else "")
    else:
        if not padded:  # ``|x\\|`` would escape the pipe
            values = [v + " " if v.endswith("\\") else v for v in values]
        sep = " | " if padded else "|"
        body = sep.join(values)
        if padded:
            new_row = lead_text + ("| " if lead else "") + body + (" |" if trail else "")
        else:
            new_row = lead_text + ("|" if lead else "") + body + ("|" if trail else "")
        new_row = new_row.rstrip(_WS) if not trail else new_row
    if before is not None:
        index = table.rows[before].line - 1
        at = lines.starts[index]
        edits.append(Edit(at, at, new_row + (lines.eols[index] or lines.dominant_eol())))
        return edits
    last = table.end_line - 1
    eol = lines.eols[last]
    if eol:
        at = lines.next_start(last)
        edits.append(Edit(at, at, new_row + eol))
    else:
        at = lines.end(last)
        edits.append(Edit(at, at, lines.dominant_eol() + new_row))
    return edits


def delete_row(text: str, table: Table, lines: Lines, row: int) -> list[Edit]:
    """Edits that remove body row ``row`` (0-based) with its line ending.

    When the row is the file's unterminated last line, the line ending before it goes
    instead, so the file still ends the way it did.
    """
    target = _row_at(table, row)
    index = target.line - 1
    if lines.eols[index] or index == 0:
        return [Edit(lines.starts[index], lines.next_start(index), "")]
    return [Edit(lines.end(index - 1), lines.end(index), "")]
