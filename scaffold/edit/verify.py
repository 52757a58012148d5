"""The edit engine: splice replacement text into spans, leaving every other byte alone."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scaffold.errors import VerifyError
from scaffold.note.model import Body, Table

if TYPE_CHECKING:
    from scaffold.note.parsed import ParsedNote as Note


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with ``new``. ``start == end`` inserts."""

    start: int
    end: int
    new: str


def splice(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits to ``text``; each edit's offsets refer to the original."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    out: list[str] = []
    pos = 0
    for edit in ordered:
        if edit.start < pos:
            raise ValueError(f"overlapping edits at offset {edit.start}")
        out.append(text[pos : edit.start])
        out.append(edit.new)
        pos = edit.end
    out.append(text[pos:])
    return "".join(out)


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


_SAME: Any = object()
_REPORT = "nothing was written; the value may need different quoting or escaping"


def verify(
    old: Note,
    new: Note,
    *,
    data: Any = _SAME,
    table: int | None = None,
    cells: Cells | None = None,
    headings: tuple[tuple[int, str], ...] | None = None,
) -> None:
    """Check that ``new`` reads back as ``old`` with exactly the intended change.

    ``data`` is the expected frontmatter (default: unchanged). ``table`` is the index of the
    one table the edit may change and ``cells`` what it must read as; every other table must
    be unchanged. ``headings`` are the expected headings (default: unchanged). Raises
    :class:`VerifyError` naming the first difference; the caller then writes nothing.
    """
    if data is _SAME:
        if old.frontmatter_text != new.frontmatter_text and not strict_equal(old.data, new.data):
            raise VerifyError(
                "the edit changed the frontmatter, which it should not touch",
                path=old.path,
                hint=_REPORT,
            )
    elif not strict_equal(new.data, data):
        raise VerifyError(
            f"the frontmatter reads back as {new.data!r}, expected {data!r}",
            path=old.path,
            line=1,
            hint=_REPORT,
        )
    want_headings = headings if headings is not None else heading_snapshot(old.body)
    if heading_snapshot(new.body) != want_headings:
        raise VerifyError("the edit changed the note's headings", path=old.path, hint=_REPORT)
    before, after = old.body.tables, new.body.tables
    if len(before) != len(after):
        raise VerifyError(
            f"after the edit the note has {len(after)} tables instead of {len(before)}",
            path=old.path,
            hint=_REPORT,
        )
    for index, (was, now) in enumerate(zip(before, after, strict=True)):
        if index == table:
            got = table_cells(now)
            if got != cells:
                raise _cell_difference(new, now, cells or (), got)
        # Equal source text parses to equal cells, and comparing text is much cheaper than
        # splitting every row of every table into cells.
        elif old.text[was.start : was.end] != new.text[now.start : now.end]:
            raise VerifyError(
                "the edit changed a table it should not touch",
                path=old.path,
                line=now.line,
                hint=_REPORT,
            )


def _cell_difference(new: Note, table: Table, want: Cells, got: Cells) -> VerifyError:
    rows = (table.header, *table.rows)
    if len(want) != len(got):
        return VerifyError(
            f"after the edit the table has {len(got) - 1} rows, expected {len(want) - 1}",
            path=new.path,
            line=table.line,
            hint=_REPORT,
        )
    r = next(i for i, (w, g) in enumerate(zip(want, got, strict=True)) if w != g)
    return VerifyError(
        f"after the edit this row reads back as {list(got[r])}, expected {list(want[r])}",
        path=new.path,
        line=rows[r].line,
        hint=_REPORT,
    )
