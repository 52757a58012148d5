"""Every address of a note: the :class:`Place` model and the outline, each place's address
built from the model and checked by resolving it again with :mod:`scaffold.note.addressing.resolve`.

An address is only reported when it resolves back to the very span it was made from, so a
``get`` of an address printed here reads the value printed with it, and a cell that no
address reaches (a row key used twice, a second table in a section, a heading used twice) is
reported without one rather than with an address that means something else.

Lines and columns are 1-based; columns count characters (code points), not bytes or UTF-16
units (the language server converts). :mod:`scaffold.note.addressing.locate` finds the place
at a cursor.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scaffold.errors import ScaffoldError
from scaffold.note.addressing import address as addr
from scaffold.note.addressing import matching
from scaffold.note.body.inline import strip_markup
from scaffold.note.body.model import Section, Table
from scaffold.note.body.tables import unescape_cell

if TYPE_CHECKING:
    from scaffold.note.parsed import ParsedNote
    from scaffold.note.yaml.nodes import Node

FRONTMATTER = "frontmatter"
CELL = "cell"
TABLE = "table"
SECTION = "section"


@dataclass(frozen=True, slots=True)
class Place:
    """Something a cursor can be on, and the address that names it."""

    kind: str
    """``"frontmatter"``, ``"cell"``, ``"table"`` or ``"section"``."""
    address: str | None
    """What ``scaffold get`` takes to read it; ``None`` when no address reaches it."""
    value: Any
    """What ``get`` of the address returns: a cell's markdown, frontmatter data, a table's
    rows; for a section without a table, ``None``."""
    start: int
    """Offset of the span in the note text: the cell's content, the YAML value node, the
    heading's title."""
    end: int
    line: int
    col: int
    end_line: int
    end_col: int
    name: str = ""
    """A section's heading, a cell's column header, a frontmatter key: what it is called."""
    reason: str = ""
    """Why ``address`` is ``None``."""

    def to_dict(self) -> dict[str, object]:
        """The JSON form ``scaffold where --json`` and ``outline --json`` print."""
        return {
            "kind": self.kind,
            "address": self.address,
            "value": self.value,
            "name": self.name,
            "line": self.line,
            "col": self.col,
            "end_line": self.end_line,
            "end_col": self.end_col,
            "start": self.start,
            "end": self.end,
            **({"reason": self.reason} if self.reason else {}),
        }


def offset_of(note: ParsedNote, line: int, col: int | None = None) -> int:
    """The offset of a 1-based line and column; the column is clamped to the line."""
    lines = note.lines
    if not 1 <= line <= max(len(lines), 1):
        raise ScaffoldError(f"line {line} is outside the note (it has {len(lines)} lines)")
    if not len(lines):
        return 0
    index = line - 1
    width = len(lines.content[index])
    return lines.starts[index] + min(max((col or 1) - 1, 0), width)


def make_place(
    note: ParsedNote,
    kind: str,
    address: str | None,
    value: Any,
    start: int,
    end: int,
    name: str = "",
    reason: str = "",
) -> Place:
    line, col = note.lines.position(start)
    end_line, end_col = note.lines.position(end) if end > start else (line, col)
    return Place(kind, address, value, start, end, line, col, end_line, end_col, name, reason)


# -- frontmatter --------------------------------------------------------------------------------


def _key_text(node: Node) -> str | None:
    if node.kind != "scalar":
        return None
    value = node.value
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def frontmatter_places(note: ParsedNote) -> Iterator[tuple[Place, tuple[Node, ...]]]:
    """Every frontmatter value with an address, with the nodes its span covers (the key and
    the value, for an entry)."""
    try:
        root, data = note.nodes, note.data
    except ScaffoldError:
        return
    if root is None or root.kind != "map":
        return
    yield from _walk(note, root, data, "", ())


def _walk(
    note: ParsedNote, node: Node, data: Any, prefix: str, path: tuple[str | int, ...]
) -> Iterator[tuple[Place, tuple[Node, ...]]]:
    if node.kind == "map" and isinstance(data, dict):
        for entry in node.entries:
            text = _key_text(entry.key)
            if text is None or entry.key.value not in data:
                continue
            value = data[entry.key.value]
            address = prefix + addr.quote_key(text)
            ok = _resolves(note, address, entry.value)
            place = make_place(
                note,
                FRONTMATTER,
                address if ok else None,
                value,
                entry.value.start,
                entry.value.end,
                name=text,
                reason="" if ok else "another key reads the same way",
            )
            yield place, (entry.key, entry.value)
            yield from _walk(note, entry.value, value, address + ".", (*path, text))
    elif node.kind == "seq" and isinstance(data, list) and len(data) == len(node.items):
        for index, item in enumerate(node.items):
            address = f"{prefix}{index}"
            ok = _resolves(note, address, item)
            place = make_place(
                note,
                FRONTMATTER,
                address if ok else None,
                data[index],
                item.start,
                item.end,
                name=str(index),
            )
            yield place, (item,)
            yield from _walk(note, item, data[index], address + ".", (*path, index))


def _resolves(note: ParsedNote, address: str, want: Node) -> bool:
    """Whether ``address`` resolves to exactly ``want``, through the resolver ``get`` uses."""
    from scaffold.note.addressing.resolve import FrontmatterTarget, resolve

    try:
        target = resolve(note, address)
        return isinstance(target, FrontmatterTarget) and target.require() is want
    except ScaffoldError:
        return False


# -- tables -------------------------------------------------------------------------------------


def _section_of_table(note: ParsedNote, table: Table) -> Section | None:
    """The innermost section whose first table is ``table`` (what ``SECTION >`` reaches)."""
    found = None
    for section in note.body.sections:
        if section.heading is not None and section.tables and section.tables[0] is table:
            found = section
    return found


def _section_address(note: ParsedNote, section: Section) -> str | None:
    """A section pattern that finds exactly ``section``, as written in an address."""
    heading = section.heading
    if heading is None:
        return None
    for pattern in (heading.name, heading.raw):
        if not pattern.strip() or ("*" in pattern and pattern is heading.raw):
            continue
        text = addr.quote_name(pattern)
        try:
            # Through the address parser, as `get` will read it (escapes, folded spaces).
            target = addr.parse(f"{text} >")
            assert isinstance(target, addr.TableAddress)
            if matching.find_section(note.body, note.lines, target.section) is section:
                return text
        except ScaffoldError:
            continue
    return None


def _unique_name(candidates: tuple[str, ...], find: Any, want: int) -> str | None:
    """The first spelling of a row or column name that finds index ``want``."""
    for pattern in candidates:
        if not pattern.strip():
            continue
        text = addr.quote_name(" ".join(pattern.split()))
        try:
            target = addr.parse(f"s > {text}")
            assert isinstance(target, addr.TableAddress) and target.row is not None
            if find(target.row) == want:
                return text
        except ScaffoldError:
            continue
    return None


class _TableNames:
    """The addresses of one table's parts, each worked out on first need."""

    __slots__ = ("_columns", "_rows", "name", "section", "table", "why")

    def __init__(self, table: Table, section: str | None, name: str, why: str) -> None:
        self.table = table
        self.section = section
        """The section pattern that reaches the table, or None."""
        self.name = name
        self.why = why
        """Why ``section`` is None."""
        self._rows: dict[int, str | None] = {}
        self._columns: dict[int, str | None] = {}

    def row(self, index: int) -> str | None:
        if index not in self._rows:
            cells = self.table.rows[index].cells
            key = cells[0].text if cells else ""
            self._rows[index] = _unique_name(
                (strip_markup(key), key),
                lambda t: matching.find_row(self.table, t, self.name),
                index,
            )
        return self._rows[index]

    def column(self, index: int) -> str | None:
        if index not in self._columns:
            text = self.table.header.cells[index].text
            self._columns[index] = _unique_name(
                (strip_markup(text), text),
                lambda t: matching.find_column(self.table, t, self.name),
                index,
            )
        return self._columns[index]


def table_names(note: ParsedNote, table: Table) -> _TableNames:
    section = _section_of_table(note, table)
    if section is None:
        owner = next(
            (
                s
                for s in reversed(note.body.sections)
                if s.heading and any(t is table for t in s.tables)
            ),
            None,
        )
        why = (
            f"it is not the first table under {owner.heading.name!r}"
            if owner is not None and owner.heading is not None
            else "it is not under a heading"
        )
        return _TableNames(table, None, "", why)
    name = section.heading.name if section.heading else ""
    pattern = _section_address(note, section)
    if pattern is None:
        return _TableNames(table, None, name, f"the heading {name!r} is not unique in this note")
    return _TableNames(table, pattern, name, "")


def cell_address_of(names: _TableNames, r: int, c: int, columns: int) -> tuple[str | None, str]:
    if names.section is None:
        return None, names.why
    row = names.row(r)
    if row is None:
        return None, "its row key is empty or used by another row"
    if c == 1 and columns >= 2:
        return f"{names.section} > {row}", ""
    column = names.column(c)
    if column is None:
        return None, "its column header is empty or used by another column"
    return f"{names.section} > {row} > {column}", ""


def table_rows(table: Table) -> list[dict[str, str]]:
    headers = [unescape_cell(c.text) for c in table.header.cells]
    return [
        dict(zip(headers, (unescape_cell(c.text) for c in row.cells), strict=True))
        for row in table.rows
    ]


def table_places(note: ParsedNote, table: Table, names: _TableNames) -> Iterator[Place]:
    address = f"{names.section} >" if names.section else None
    yield make_place(
        note,
        TABLE,
        address,
        table_rows(table),
        table.start,
        table.end,
        name=names.section or "",
        reason=names.why,
    )
    headers = [c.text for c in table.header.cells]
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            if cell.virtual:
                continue
            cell_address, why = cell_address_of(names, r, c, len(headers))
            yield make_place(
                note,
                CELL,
                cell_address,
                unescape_cell(cell.text),
                cell.start,
                cell.end,
                headers[c],
                why,
            )


# -- the outline and the cursor -------------------------------------------------------------------


def _own_table(note: ParsedNote, section: Section) -> Table | None:
    """The table ``SECTION >`` reaches for this section, unless it belongs to a subsection."""
    own = section.tables[0] if section.tables else None
    if own is not None and _section_of_table(note, own) is not section:
        return None
    return own


def section_place(note: ParsedNote, section: Section) -> Place:
    heading = section.heading
    assert heading is not None
    own = _own_table(note, section)
    pattern = _section_address(note, section)
    if pattern is None:
        reason = f"the heading {heading.name!r} is not unique in this note"
    elif own is None:
        reason = "the section has no table of its own"
    else:
        reason = ""
    return make_place(
        note,
        SECTION,
        f"{pattern} >" if pattern and own is not None else None,
        table_rows(own) if own is not None and pattern else None,
        heading.start,
        heading.end,
        name=heading.name,
        reason=reason,
    )


_ORDER = {FRONTMATTER: 0, SECTION: 1, TABLE: 2, CELL: 3}


def outline(note: ParsedNote) -> list[Place]:
    """Every place in the note, in document order: frontmatter values, each section, each
    table and its cells. Places with ``address=None`` say why no address reaches them."""
    places = [place for place, _ in frontmatter_places(note)]
    places.extend(section_place(note, s) for s in note.body.sections if s.heading is not None)
    for table in note.body.tables:
        places.extend(table_places(note, table, table_names(note, table)))
    places.sort(key=lambda p: (p.start, _ORDER[p.kind]))
    return places
