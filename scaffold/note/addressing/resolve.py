"""Reading by address: the one place that turns an address into what it names in a note.

:func:`resolve` gives a :class:`FrontmatterTarget` (the chain of YAML nodes walked, and what is
missing at the end) or a :class:`TableTarget` (section, table, row, column). ``get`` reads
through it, and every edit in :mod:`scaffold.edit.ops` and :mod:`scaffold.edit.frontmatter_edit`
finds its target through it, so a value ``get`` can read is a value an edit can change, and an
address ``get`` refuses is refused by the edits for the same reason.

List indexes count from 0; a negative index counts from the end, as in Python (``aliases.-1``
is the last alias). An index outside the list is an :class:`AddressError` naming its length.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from scaffold.errors import AddressError, AmbiguousAddressError, ScaffoldError, TargetMissingError
from scaffold.note.addressing import address as addr
from scaffold.note.addressing import matching
from scaffold.note.body.model import Section, Table
from scaffold.note.body.tables import unescape_cell
from scaffold.note.yaml.frontmatter import find_entry
from scaffold.note.yaml.nodes import Node

if TYPE_CHECKING:
    from scaffold.note.parsed import ParsedNote as Note

P = ParamSpec("P")
R = TypeVar("R")

KeyPath = tuple[str | int, ...]
"""A path into the frontmatter: mapping keys (``str``) and list indexes (``int``)."""


def located(func: Callable[Concatenate[Note, P], R]) -> Callable[Concatenate[Note, P], R]:
    """Errors from an operation name the note's file, whichever layer raised them."""

    @functools.wraps(func)
    def run(note: Note, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(note, *args, **kwargs)
        except ScaffoldError as exc:
            raise exc.with_path(note.path) from None

    return run


# -- targets ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KeyStep:
    """One key or index of a frontmatter path, found."""

    container: Node
    """The mapping or list it was found in (reached through an ``*alias``: the anchored node)."""
    index: int
    """Index into ``container.entries`` or ``container.items``."""
    key: Any
    """The key in the python data: the entry key's value, or the list index counted from 0."""
    node: Node
    """The value found there, as written (an ``*alias`` stays the alias node)."""
    flow: bool
    """Whether ``node`` sits inside a flow collection (``[...]`` / ``{...}``), at any depth."""


@dataclass(frozen=True, slots=True)
class FrontmatterTarget:
    """What a frontmatter address names: the chain walked, and what is missing at its end.

    A path is *found* when every key exists. It can be *missing* only at a mapping key that
    does not exist (``parent`` is that mapping) or under an empty value (``parent`` is that
    null scalar, which an edit may turn into a mapping), or because the note has no YAML at all
    (``parent is None``). Every other dead end (a bad list index, a key inside a non-empty
    single value) is raised while resolving, because no edit could create it.
    """

    path: KeyPath
    steps: tuple[KeyStep, ...]
    """One per key of ``path`` that was found, in order."""
    missing: KeyPath
    """The tail of ``path`` that does not exist (``()`` when the whole path was found)."""
    parent: Node | None
    """Where the first missing key would go (see above); ``None`` when nothing is missing or
    the frontmatter is empty."""
    error: AddressError | None
    """Why the target is missing, for an operation that needs it to exist."""

    @property
    def found(self) -> bool:
        return not self.missing

    def require(self) -> Node:
        """The node the whole path names; raises :attr:`error` when it is missing."""
        if self.error is not None:
            raise self.error
        return self.steps[-1].node

    @property
    def data_keys(self) -> list[Any]:
        """The keys of the found steps, for walking the python data."""
        return [step.key for step in self.steps]

    @property
    def flow(self) -> bool:
        """Whether the target (when missing: the key to create) sits in a flow collection."""
        inside = self.steps[-1].flow if self.steps else False
        if self.missing and self.parent is not None:
            return inside or self.parent.style == "flow"
        return inside

    def through_alias(self) -> tuple[KeyPath, Node] | None:
        """The first ``*alias`` the walk went inside of, with its path; ``None`` if none.

        Reading through an alias is fine; an edit there would change every copy.
        """
        for depth, step in enumerate(self.steps):
            if step.node.alias and (depth + 1 < len(self.steps) or self.missing):
                return self.path[: depth + 1], step.node
        return None


@dataclass(frozen=True, slots=True)
class TableTarget:
    """What a table address names: a whole table, one row's cell, or a row still missing."""

    address: addr.TableAddress
    section: Section
    table: Table
    """The first table under the section."""
    row: int | None
    """Index into ``table.rows``; ``None`` for the whole table or a missing row."""
    column: int | None
    """Index into the header's cells; ``None`` for the whole table or a whole row."""
    error: AddressError | None = None
    """Why the addressed row is missing (see :func:`resolve_table`'s ``allow_missing_row``)."""

    @property
    def section_name(self) -> str:
        return self.section.heading.name if self.section.heading else ""


Target = FrontmatterTarget | TableTarget


def resolve(note: Note, address: str | addr.Address) -> Target:
    """What ``address`` names in ``note``; raises :class:`AddressError` for what no edit could
    create (a missing section, table, row or column; a list index outside the list)."""
    parsed = addr.parse(address) if isinstance(address, str) else address
    if isinstance(parsed, addr.FrontmatterAddress):
        return resolve_path(note.nodes, parsed.path, file=note.path)
    return resolve_table(note, parsed)


# -- frontmatter -----------------------------------------------------------------------------


def describe(path: KeyPath) -> str:
    """A path as the address that names it: ``meta.tags.0``."""
    return ".".join(str(p) for p in path)


def resolve_path(
    root: Node | None, path: KeyPath, *, file: str | Path | None = None
) -> FrontmatterTarget:
    """Walk ``path`` from the frontmatter's root node (``None``: no YAML), one key at a time.

    Mapping keys match as :func:`~scaffold.note.yaml.frontmatter.find_entry` matches them (exact,
    else one case-insensitive match); list indexes count from 0, or from the end when
    negative. An ``*alias`` is walked through to its anchored node.
    """
    if root is None:
        error = TargetMissingError(
            f"no key {describe(path[:1])!r}: the note has no frontmatter",
            path=file,
            hint="create it with: scaffold set NOTE KEY VALUE",
        )
        return FrontmatterTarget(path, (), path, None, error)
    steps: list[KeyStep] = []
    node = root
    flow = False
    for depth, key in enumerate(path):
        container = _anchored(root, node) if node.alias else node
        flow = flow or container.style == "flow"
        if container.kind == "seq":
            index = _list_index(container, key, path[:depth], file)
            steps.append(KeyStep(container, index, index, container.items[index], flow))
        elif container.kind == "map":
            found = _exact_entry(container, key)
            if found is None:  # find_entry has the looser matches, and the message
                within = f"under {describe(path[:depth])}" if depth else "in the frontmatter"
                try:
                    entry = find_entry(container, str(key), path=file, where=within)
                except AmbiguousAddressError:
                    raise  # two keys match: neither is missing
                except AddressError as exc:
                    return FrontmatterTarget(path, tuple(steps), path[depth:], container, exc)
                found = next(i for i, e in enumerate(container.entries) if e is entry)
            entry = container.entries[found]
            steps.append(KeyStep(container, found, entry.key.value, entry.value, flow))
        else:
            where = describe(path[:depth])
            error = TargetMissingError(
                f"{where} is a single value, so it has no key {key!r}",
                path=file,
                line=container.line,
                col=container.col,
                hint=f"address `{where}` itself",
            )
            if container.value is None and not container.tag:
                # An empty value: an edit may turn it into a mapping holding the key.
                return FrontmatterTarget(path, tuple(steps), path[depth:], container, error)
            raise error
        node = steps[-1].node
    return FrontmatterTarget(path, tuple(steps), (), None, None)


def _exact_entry(mapping: Node, key: str | int) -> int | None:
    """The index of the entry whose key is exactly the string ``key``: the usual case, which
    :func:`~scaffold.note.yaml.frontmatter.find_entry` would also pick first."""
    if isinstance(key, str):
        for index, entry in enumerate(mapping.entries):
            if entry.key.value == key and entry.key.kind == "scalar":
                return index
    return None


def _list_index(seq: Node, key: str | int, at: KeyPath, file: str | Path | None) -> int:
    """The position ``key`` names in the list ``seq`` at ``at`` (a negative index counts
    from the end)."""
    size = len(seq.items)
    index = key if isinstance(key, int) else _as_int(key)
    if index is not None and -size <= index < size:
        return index % size
    where = describe(at) or "the frontmatter"
    if index is None:
        message = f"{where} is a list, so it has no key {key!r}"
    else:
        message = f"{where} has {size} item{'s' * (size != 1)}; there is no item {index}"
    if size:
        hint = f"use an index from 0 to {size - 1}, or from -1 to -{size} to count from the end"
    else:
        hint = "the list is empty; append an item first"
    raise TargetMissingError(
        message,
        candidates=tuple(str(i) for i in range(size)),
        path=file,
        line=seq.line,
        col=seq.col,
        hint=hint,
    )


def _as_int(key: str) -> int | None:
    digits = key[1:] if key.startswith("-") else key
    return int(key) if digits.isascii() and digits.isdigit() else None


def _anchored(root: Node, alias: Node) -> Node:
    """The node an ``*alias`` stands for: the last node before it anchored with its name
    (YAML lets a later anchor reuse a name); the alias itself when there is none."""
    found = alias
    stack = [root]
    while stack:
        node = stack.pop()
        if node.start >= alias.start:
            continue  # neither it nor anything inside it comes before the alias
        if (
            node.anchor == alias.anchor
            and not node.alias
            and (found is alias or node.start > found.start)
        ):
            found = node
        stack.extend(node.items)
        for entry in node.entries:
            stack.extend((entry.key, entry.value))
    return found


# -- tables ----------------------------------------------------------------------------------


def resolve_table(
    note: Note,
    target: addr.TableAddress,
    *,
    allow_missing_row: bool = False,
    whole_row: bool = False,
) -> TableTarget:
    """The section, first table, row and column a table address names.

    A missing section, table or column raises. A missing row raises too, unless
    ``allow_missing_row`` (an upsert): then ``row is None`` and ``error`` says why. With
    ``whole_row`` (deleting a row) a ``SECTION > ROW`` address names the row, not its value
    cell, so ``column`` stays ``None``.
    """
    section = matching.find_section(
        note.body,
        note.lines,
        target.section,
        pick=target.section_pick,
        spell=lambda n: target.spelled(0, n),
    )
    table = matching.first_table(section)
    if target.row is None:
        return TableTarget(target, section, table, None, None)
    name = section.heading.name if section.heading else ""
    try:
        row: int | None = matching.find_row(
            table, target.row, name, pick=target.row_pick, spell=lambda n: target.spelled(1, n)
        )
        error = None
    except AddressError as exc:
        # Only a row no row matches is missing: not one of several, nor the n-th of fewer.
        ambiguous = isinstance(exc, AmbiguousAddressError) or target.row_pick is not None
        if not allow_missing_row or ambiguous:
            raise
        row, error = None, exc
    column = None if whole_row and target.column is None else column_of(table, target, name)
    return TableTarget(target, section, table, row, column, error)


def column_of(table: Table, target: addr.TableAddress, section_name: str) -> int:
    """The column a row address reads: the named one, else the value cell (the second); a
    one-column table has none, an :class:`AddressError`."""
    if target.column is not None:
        return matching.find_column(
            table,
            target.column,
            section_name,
            pick=target.column_pick,
            spell=lambda n: target.spelled(2, n),
        )
    if len(table.header.cells) < 2:
        raise TargetMissingError(
            f"the table under {section_name!r} (line {table.line}) has one column, "
            "so a row has no value cell",
            line=table.line,
            hint="name the column: SECTION > ROW > COLUMN",
        )
    return 1


# -- reading ---------------------------------------------------------------------------------


@located
def get(note: Note, address: str) -> Any:
    """The value at ``address``: a cell's trimmed markdown as a reader sees it (``\\|`` read
    as ``|``), a table as a list of row dicts, or frontmatter data (a scalar, list or
    mapping)."""
    target = resolve(note, address)
    if isinstance(target, FrontmatterTarget):
        target.require()
        value = note.data
        for key in target.data_keys:
            value = value[key]
        return value
    table = target.table
    if target.row is None:
        headers = [unescape_cell(c.text) for c in table.header.cells]
        return [
            dict(zip(headers, (unescape_cell(c.text) for c in row.cells), strict=True))
            for row in table.rows
        ]
    assert target.column is not None
    return unescape_cell(table.rows[target.row].cells[target.column].text)


@located
def locate(note: Note, address: str | addr.Address) -> tuple[int, int]:
    """1-based ``(line, column)`` of what ``address`` names, for an editor to jump to: a
    frontmatter value's first character, a cell's content, or a whole table's first line."""
    target = resolve(note, address)
    if isinstance(target, FrontmatterTarget):
        node = target.require()
        return node.line, node.col
    if target.row is None or target.column is None:
        return target.table.line, 1
    return note.lines.position(target.table.rows[target.row].cells[target.column].start)


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
        parts = [target, replace(target, row=None, column=None, row_pick=None, column_pick=None)]
    for part in parts:
        try:
            return locate(note, part)
        except ScaffoldError:
            continue
    return None


def table_of(note: Note, target: addr.TableAddress) -> tuple[Section, Table]:
    """The section a table address names, and the first table under it."""
    found = resolve_table(note, addr.TableAddress(target.section, None, None, target.text))
    return found.section, found.table
