"""Edits of a note's structure: rename a heading or a column, add a column, move a row,
insert or remove a whole section. The migrations of :mod:`scaffold.migrate` are made of these
and of :mod:`scaffold.edit.ops`' key and cell edits.

Each follows the recipe of :mod:`scaffold.edit.ops`: the edits as spans, splice, re-parse and
verify that the note reads as intended (headings, every table's cells, the frontmatter) and
that nothing else changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scaffold.edit import table_edit
from scaffold.edit.ops import _apply, _checked, _table_change
from scaffold.edit.splice import Edit
from scaffold.edit.verify import Cells, heading_snapshot, table_cells
from scaffold.errors import VerifyError
from scaffold.note.body.inline import strip_markup
from scaffold.note.body.model import Heading, Section, Table
from scaffold.note.body.tables import display_width, escape_cell

if TYPE_CHECKING:
    from scaffold.note.parsed import ParsedNote as Note


def rename_heading(note: Note, section: Section, title: str) -> Note:
    """Give ``section``'s heading the text ``title``; its level and markers stay."""
    heading = section.heading
    assert heading is not None
    edits = [Edit(heading.start, heading.end, title)]
    want = tuple(
        (h.level, " ".join(strip_markup(title).split()) if h is heading else h.name)
        for h in note.body.headings
    )
    return _checked(note, _apply(note, edits), edits, headings=want)


def rename_column(note: Note, table: Table, col: int, title: str) -> Note:
    """Give column ``col`` of ``table`` the header ``title``. In an aligned table the header is
    re-padded, and a wider title widens the column on every line."""
    text = note.text
    cell = table.header.cells[col]
    new = escape_cell(title).strip()
    if table_edit.is_aligned(text, table) and text[cell.raw_end : cell.raw_end + 1] == "|":
        width, left, right = table_edit._layout(text, cell)
        inner = width - left - right
        need = display_width(new)
        edits: list[Edit] = []
        if need > inner:
            edits = table_edit._widen(text, table, col, need - inner, table.header)
            inner = need
        raw = " " * left + table_edit._pad(new, inner, table.aligns[col]) + " " * right
        edits.append(Edit(cell.raw_start, cell.raw_end, raw))
    else:
        edits = [Edit(cell.start, cell.end, new)]
    cells = [list(r) for r in table_cells(table)]
    cells[0][col] = new
    return _table_change(note, table, edits, _frozen(cells))


def add_column(note: Note, table: Table, title: str, value: str) -> Note:
    """Add a last column ``title`` to ``table``, every body row's cell holding ``value``.

    The delimiter cell copies the table's style: as wide as the header cell when the
    delimiter's cells are, else ``---``. An aligned table stays aligned. Rows that end
    without a closing pipe are refused (the new cell would join the last one)."""
    text = note.text
    lines = note.lines
    title_src = escape_cell(title).strip()
    value_src = escape_cell(value).strip()
    aligned = table_edit.is_aligned(text, table)
    inner = max(display_width(title_src), display_width(value_src)) if aligned else 0
    edits: list[Edit] = []
    header_line = lines.line_of(table.header.start)
    delim_index = table.delimiter_line - 1
    delim = lines.content[delim_index]
    header = lines.content[header_line]
    for index in (header_line, delim_index, *(r.line - 1 for r in table.rows)):
        if not lines.content[index].rstrip().endswith("|"):
            raise VerifyError(
                f"line {index + 1}: a table row without a closing pipe; cannot add a column",
                path=note.path,
                line=index + 1,
                hint="nothing was written; close the table's rows with '|' first",
            )
    padded = " |" in header or "| " in header

    def cell_text(content: str) -> str:
        if aligned:
            return f" {content}{' ' * (inner - display_width(content))} |"
        return f" {content} |" if padded else f"{content}|"

    def at_end(index: int) -> int:
        return lines.starts[index] + len(lines.content[index].rstrip())

    edits.append(Edit(at_end(header_line), at_end(header_line), cell_text(title_src)))
    dashes = _delimiter_cell(delim, header, title_src, aligned, inner, padded)
    edits.append(Edit(at_end(delim_index), at_end(delim_index), dashes))
    for row in table.rows:
        edits.append(Edit(at_end(row.line - 1), at_end(row.line - 1), cell_text(value_src)))
    new = _apply(note, edits)
    want = [[*r, title_src if i == 0 else value_src] for i, r in enumerate(table_cells(table))]
    _verify_table(note, new, table, _frozen(want))
    return new


def _delimiter_cell(
    delim: str, header: str, title: str, aligned: bool, inner: int, padded: bool
) -> str:
    if aligned:
        return "-" * (inner + 2) + "|"
    # ``|--------|-------|`` under ``| Metric | Value |``: each run of dashes as wide as its
    # header cell (spaces included): the new one is too.
    runs = delim.strip().strip("|").split("|")
    heads = header.strip().strip("|").split("|")
    if len(runs) == len(heads) and all(
        set(r.strip()) <= {"-"} and len(r) == len(h) for r, h in zip(runs, heads, strict=True)
    ):
        width = len(title) + (2 if padded else 0)
        return "-" * width + "|"
    sample = runs[-1] if runs else "---"
    return (sample if set(sample.strip()) <= {"-"} else " --- ") + "|"


def move_row(note: Note, table: Table, row: int, after: int | None) -> Note:
    """Move body row ``row`` of ``table`` to just after body row ``after`` (None: to the top),
    its line's bytes as they are."""
    lines = note.lines
    index = table.rows[row].line - 1
    eol = lines.eols[index] or lines.dominant_eol()
    moved = lines.content[index] + eol
    target = table.delimiter_line - 1 if after is None else table.rows[after].line - 1
    edits: list[Edit] = []
    if lines.eols[index]:
        edits.append(Edit(lines.starts[index], lines.next_start(index), ""))
    else:  # the file's unterminated last line: the ending before it goes with it
        edits.append(Edit(lines.end(index - 1), lines.end(index), ""))
    if lines.eols[target]:
        at = lines.next_start(target)
        edits.append(Edit(at, at, moved))
    else:
        at = lines.end(target)
        edits.append(Edit(at, at, eol + lines.content[index]))
    cells = list(table_cells(table))
    body = cells[1:]
    item = body.pop(row)
    position = 0 if after is None else (after if after < row else after - 1) + 1
    body.insert(position, item)
    return _table_change(note, table, edits, (cells[0], *body))


def insert_text(note: Note, at: int, text: str) -> Note:
    """Insert ``text`` (whole lines, the note's line endings) at offset ``at``: a new section.

    The result must read as the old note with the inserted part's headings and tables in
    that place, the frontmatter and every other table as they were."""
    edits = [Edit(at, at, text)]
    new = _apply(note, edits)
    _verify_spliced(note, new, at, at, len(text))
    return new


def remove_text(note: Note, start: int, end: int) -> Note:
    """Remove ``text[start:end]`` (a whole section), verified like :func:`insert_text`."""
    edits = [Edit(start, end, "")]
    new = _apply(note, edits)
    _verify_spliced(note, new, start, end, 0)
    return new


def _verify_spliced(old: Note, new: Note, start: int, end: int, size: int) -> None:
    from scaffold.note.parsed import ParsedNote

    def fail(what: str) -> VerifyError:
        return VerifyError(
            f"the new section would change {what}",
            path=old.path,
            hint="nothing was written; the surrounding text may need a blank line",
        )

    if old.block is not None and start < old.block.after:
        raise fail("the frontmatter")
    piece = ParsedNote(new.text[start : start + size])
    shift = size - (end - start)
    before = [h for h in old.body.headings if h.start < start]
    after = [h for h in old.body.headings if h.start >= end]
    want = [*heading_snapshot_of(before), *heading_snapshot(piece.body),
            *heading_snapshot_of(after)]  # fmt: skip
    if list(heading_snapshot(new.body)) != want:
        raise fail("the note's other headings")
    kept = [t for t in old.body.tables if t.end <= start or t.start >= end]
    if len(new.body.tables) != len(kept) + len(piece.body.tables):
        raise fail("the note's tables")
    for table in kept:
        moved = shift if table.start >= end else 0
        now = next((t for t in new.body.tables if t.start == table.start + moved), None)
        if now is None or new.text[now.start : now.end] != old.text[table.start : table.end]:
            raise fail(f"the table at line {table.line}")
    if new.frontmatter_text != old.frontmatter_text:
        raise fail("the frontmatter")


def heading_snapshot_of(headings: list[Heading]) -> list[tuple[int, str]]:
    return [(h.level, h.name) for h in headings]


def _verify_table(old: Note, new: Note, table: Table, cells: Cells) -> None:
    from scaffold.edit.verify import verify

    verify(old, new, table=table, cells=cells)


def _frozen(rows: list[list[str]]) -> Cells:
    return tuple(tuple(r) for r in rows)
