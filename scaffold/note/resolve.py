"""Reading by address: the one place that turns an address into what it names in a note.

``get`` and every edit in :mod:`scaffold.edit.ops` resolve sections, tables, rows and columns
through these functions, so a value that ``get`` can read is a value an edit can change.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from scaffold.errors import AddressError, ScaffoldError
from scaffold.note import address as addr
from scaffold.note import frontmatter
from scaffold.note.model import Section, Table

if TYPE_CHECKING:
    from scaffold.note.parsed import ParsedNote as Note

P = ParamSpec("P")
R = TypeVar("R")


def located(func: Callable[Concatenate[Note, P], R]) -> Callable[Concatenate[Note, P], R]:
    """Errors from an operation name the note's file, whichever layer raised them."""

    @functools.wraps(func)
    def run(note: Note, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(note, *args, **kwargs)
        except ScaffoldError as exc:
            raise exc.with_path(note.path) from None

    return run


# -- reading ---------------------------------------------------------------------------------


@located
def get(note: Note, address: str) -> Any:
    """The value at ``address``: a cell's trimmed markdown, a table as a list of row dicts,
    or frontmatter data (a scalar, list or mapping)."""
    target = addr.parse(address)
    if isinstance(target, addr.FrontmatterAddress):
        return _frontmatter_value(note, target)
    section, table = table_of(note, target)
    if target.row is None:
        headers = [c.text for c in table.header.cells]
        return [dict(zip(headers, (c.text for c in row.cells), strict=True)) for row in table.rows]
    r, c = cell_of(note, target, section, table)
    return table.rows[r].cells[c].text


def _frontmatter_value(note: Note, target: addr.FrontmatterAddress) -> Any:
    return _walk(note, target)[1]


def _walk(note: Note, target: addr.FrontmatterAddress) -> tuple[Any, Any]:
    """Walk the YAML nodes to resolve each key exactly as the editor does
    (:func:`~scaffold.note.frontmatter.find_entry`), and the data alongside to return values.
    Returns ``(node, value)``."""
    node, value = note.nodes, note.data
    walked: list[str] = []
    for key in target.path:
        where = ".".join(walked) or "the frontmatter"
        if node is None:
            raise AddressError(
                f"no key {key!r}: the note has no frontmatter",
                path=note.path,
                hint="create it with: scaffold set NOTE KEY VALUE",
            )
        if isinstance(key, int) and node.kind == "seq":
            if key >= len(node.items):
                raise AddressError(
                    f"{where} has {len(node.items)} items; there is no item {key}",
                    path=note.path,
                    line=node.line,
                    hint="list items are numbered from 0",
                )
            node, value = node.items[key], value[key]
        elif node.kind == "map":
            within = f"under {where}" if walked else "in the frontmatter"
            entry = frontmatter.find_entry(node, str(key), path=note.path, where=within)
            node, value = entry.value, value[entry.key.value]
        else:
            raise AddressError(
                f"{where} is a {'list' if node.kind == 'seq' else 'single value'}, "
                f"so it has no key {key!r}",
                path=note.path,
                line=node.line,
                hint=f"read {where} itself",
            )
        walked.append(str(key))
    return node, value


@located
def locate(note: Note, address: str | addr.Address) -> tuple[int, int]:
    """1-based ``(line, column)`` of what ``address`` names, for an editor to jump to: a
    frontmatter value's first character, a cell's content, or a whole table's first line."""
    target = addr.parse(address) if isinstance(address, str) else address
    if isinstance(target, addr.FrontmatterAddress):
        node, _ = _walk(note, target)
        return node.line, node.col
    section, table = table_of(note, target)
    if target.row is None:
        return table.line, 1
    r, c = cell_of(note, target, section, table)
    return position(note, table.rows[r].cells[c].start)


def nearest(note: Note, address: str) -> tuple[int, int] | None:
    """The position of the longest part of ``address`` that exists in the note (the cell,
    else its row's table; the key, else its parent), or None when no part does. Errors about
    an address point there."""
    try:
        target = addr.parse(address)
    except ScaffoldError:
        return None
    parts: list[addr.Address]
    if isinstance(target, addr.FrontmatterAddress):
        path = target.path
        parts = [addr.FrontmatterAddress(path[:n], target.text) for n in range(len(path), 0, -1)]
    else:
        parts = [target, addr.TableAddress(target.section, None, None, target.text)]
    for part in parts:
        try:
            return locate(note, part)
        except ScaffoldError:
            continue
    return None


def position(note: Note, offset: int) -> tuple[int, int]:
    """1-based ``(line, column)`` of a character offset in the note's text."""
    index = note.lines.line_of(offset)
    return index + 1, offset - note.lines.starts[index] + 1


def table_of(note: Note, target: addr.TableAddress) -> tuple[Section, Table]:
    section = addr.find_section(note.body, note.lines, target.section)
    return section, addr.first_table(section)


def cell_of(
    note: Note, target: addr.TableAddress, section: Section, table: Table
) -> tuple[int, int]:
    assert target.row is not None
    name = section.heading.name if section.heading else ""
    return addr.find_row(table, target.row, name), column_of(table, target, name)


def column_of(table: Table, target: addr.TableAddress, section_name: str) -> int:
    if target.column is not None:
        return addr.find_column(table, target.column, section_name)
    if len(table.header.cells) < 2:
        raise AddressError(
            f"the table under {section_name!r} (line {table.line}) has one column, "
            "so a row has no value cell",
            line=table.line,
            hint="name the column: SECTION > ROW > COLUMN",
        )
    return 1
