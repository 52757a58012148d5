"""Verification: after every edit, the new note must read back as the old one with exactly the
intended change, or nothing is written.

:func:`verify` compares what a full re-parse reads. :mod:`scaffold.edit.verify_local` makes
the same checks on only the part of the note an edit could have changed; what it cannot
decide is verified here, in full.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scaffold.edit.splice import Edit, splice
from scaffold.errors import VerifyError
from scaffold.note.body.model import Body, Table

if TYPE_CHECKING:
    from scaffold.note.parsed import ParsedNote as Note

__all__ = ["Cells", "Edit", "heading_snapshot", "splice", "strict_equal", "table_cells", "verify"]


# -- verification: re-parse after every edit and compare what should and should not change ----

Cells = tuple[tuple[str, ...], ...]
"""One table's cell texts, header row first: ``cells[row][col]``."""


def table_cells(table: Table) -> Cells:
    """The readable content of one table, for comparing before and after an edit."""
    return tuple(tuple(c.text for c in row.cells) for row in (table.header, *table.rows))


def heading_snapshot(body: Body) -> tuple[tuple[int, str], ...]:
    return tuple((h.level, h.name) for h in body.headings)


def strict_equal(a: object, b: object) -> bool:
    """Deep equality that also compares types, so ``1``, ``1.0`` and ``True`` differ."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        assert isinstance(b, dict)
        return a.keys() == b.keys() and all(strict_equal(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        assert isinstance(b, list | tuple)
        return len(a) == len(b) and all(strict_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and a != a:  # NaN
        return b != b
    return a == b


UNCHANGED: Any = object()
"""``verify(data=...)``'s default: the frontmatter must read as it did."""
REPORT = "nothing was written; the value may need different quoting or escaping"


def verify(
    old: Note,
    new: Note,
    *,
    data: Any = UNCHANGED,
    table: int | Table | None = None,
    cells: Cells | None = None,
    headings: tuple[tuple[int, str], ...] | None = None,
) -> None:
    """Check that ``new`` reads back as ``old`` with exactly the intended change.

    ``data`` is the expected frontmatter (default: unchanged). ``table`` is the one table
    the edit may change (one of ``old.body.tables``, or its index) and ``cells`` what it must
    read as; every other table must be unchanged. ``headings`` are the expected headings
    (default: unchanged). Raises :class:`VerifyError` naming the first difference; the
    caller then writes nothing.
    """
    if table is not None and not isinstance(table, int):
        table = next(i for i, t in enumerate(old.body.tables) if t is table)
    if data is UNCHANGED:
        if old.frontmatter_text != new.frontmatter_text and not strict_equal(old.data, new.data):
            raise VerifyError(
                "the edit changed the frontmatter, which it should not touch",
                path=old.path,
                hint=REPORT,
            )
    elif not strict_equal(new.data, data):
        raise VerifyError(
            f"the frontmatter reads back as {new.data!r}, expected {data!r}",
            path=old.path,
            line=1,
            hint=REPORT,
        )
    want_headings = headings if headings is not None else heading_snapshot(old.body)
    if heading_snapshot(new.body) != want_headings:
        raise VerifyError("the edit changed the note's headings", path=old.path, hint=REPORT)
    before, after = old.body.tables, new.body.tables
    if len(before) != len(after):
        raise VerifyError(
            f"after the edit the note has {len(after)} tables instead of {len(before)}",
            path=old.path,
            hint=REPORT,
        )
    for index, (was, now) in enumerate(zip(before, after, strict=True)):
        if index == table:
            got = table_cells(now)
            if got != cells:
                raise cell_difference(new, now, cells or (), got)
        # Equal source text parses to equal cells, and comparing text is much cheaper than
        # splitting every row of every table into cells.
        elif old.text[was.start : was.end] != new.text[now.start : now.end]:
            raise VerifyError(
                "the edit changed a table it should not touch",
                path=old.path,
                line=now.line,
                hint=REPORT,
            )


def cell_difference(new: Note, table: Table, want: Cells, got: Cells) -> VerifyError:
    """The error naming the first row of ``table`` (in ``new``) that reads ``got``, not
    ``want``."""
    rows = (table.header, *table.rows)
    if len(want) != len(got):
        return VerifyError(
            f"after the edit the table has {len(got) - 1} rows, expected {len(want) - 1}",
            path=new.path,
            line=table.line,
            hint=REPORT,
        )
    r = next(i for i, (w, g) in enumerate(zip(want, got, strict=True)) if w != g)
    return VerifyError(
        f"after the edit this row reads back as {list(got[r])}, expected {list(want[r])}",
        path=new.path,
        line=rows[r].line,
        hint=REPORT,
    )
