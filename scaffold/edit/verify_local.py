"""Verification that reads only what an edit could have changed: the same checks as
:func:`scaffold.edit.verify.verify`, on a fraction of the text.

Bytes outside the edits' spans are unchanged by construction (:func:`~scaffold.edit.splice.
splice`); what an edit can change is structure, and the structure of a note is local:

* **A frontmatter edit** whose spans lie inside the YAML, and after which the closing fence is
  where the unchanged text says it is, leaves the body's text untouched, so its headings and
  tables are the same. The new YAML is read in full, and must hold exactly the expected data.
* **A table edit** lies between two headings. Scanning a body from a heading on does not depend
  on anything before it (a heading closes every paragraph and list), and the lines from the
  next heading on are unchanged. So the new text is scanned from the heading before the edit
  to the heading after it, and must find the same two headings, the same tables, every one of
  them reading as before but the edited one, which must read as expected. Headings and tables
  outside that stretch are then the same by construction.

Anything else (an edit that spans headings, creates the frontmatter, changes what precedes it)
returns ``False``, and the caller verifies in full.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from scaffold.edit.splice import Edit
from scaffold.edit.verify import (
    REPORT,
    UNCHANGED,
    Cells,
    cell_difference,
    strict_equal,
    table_cells,
)
from scaffold.errors import VerifyError
from scaffold.note.body.build import row_layout, split_row_at
from scaffold.note.body.markdown import scan_body
from scaffold.note.body.model import Heading, Table
from scaffold.note.body.segments import SegmentedBody

if TYPE_CHECKING:
    from scaffold.note.parsed import ParsedNote as Note


def verified(
    old: Note,
    new: Note,
    edits: Sequence[Edit],
    *,
    data: Any = UNCHANGED,
    table: Table | None = None,
    cells: Cells | None = None,
) -> bool:
    """Verify ``new`` (``old`` with ``edits`` spliced in) locally; see the module docstring.

    Raises :class:`VerifyError` as :func:`~scaffold.edit.verify.verify` would; returns
    ``False`` when the edit is not one this can decide.
    """
    lo = min(e.start for e in edits)
    hi = max(e.end for e in edits)
    if not _only_spans_changed(old.text, new.text, lo, hi):
        return False  # not what these edits make of ``old``: nothing local can be assumed
    block = old.block
    if table is None:
        if block is None or data is UNCHANGED or lo < block.start or hi > block.end:
            return False
        return _frontmatter(old, new, data)
    body_start = block.after if block is not None else 0
    if data is not UNCHANGED or cells is None or lo < body_start or not old.body_scanned:
        return False
    return _table(old, new, table, cells, lo, hi)


def _only_spans_changed(old: str, new: str, lo: int, hi: int) -> bool:
    """Whether ``new`` is ``old`` with only ``old[lo:hi]`` replaced."""
    tail = len(old) - hi
    return new.startswith(old[:lo]) and new.endswith(old[hi:]) and len(new) - tail >= lo


def _frontmatter(old: Note, new: Note, data: Any) -> bool:
    old_block, new_block = old.block, new.block
    assert old_block is not None
    delta = len(new.text) - len(old.text)
    if new_block is None or new_block.end != old_block.end + delta:
        return False  # the YAML now ends elsewhere: the full check says how
    # The text from the closing fence on is the old one, shifted: the body is unchanged.
    if not strict_equal(new.data, data):
        raise VerifyError(
            f"the frontmatter reads back as {new.data!r}, expected {data!r}",
            path=old.path,
            line=1,
            hint=REPORT,
        )
    return True


def _table(old: Note, new: Note, edited: Table, cells: Cells, lo: int, hi: int) -> bool:
    body = old.body
    headings = body.headings
    lines = old.lines
    # The headings before and after the edited table, and the stretch of lines between. A
    # table's header line is its delimiter line's predecessor (``Table.line`` would split
    # its rows into cells just to say so).
    header = edited.delimiter_line - 2  # 0-based
    k = bisect_right([h.line - 1 for h in headings], header)
    before = headings[k - 1] if k else None
    after = headings[k] if k < len(headings) else None
    if before is not None:
        first = before.line - 1
    else:
        first = old.block.body_first if old.block is not None else 0
    stop = after.line - 1 if after is not None else len(lines)
    if lo < lines.starts[first] or (after is not None and hi > lines.starts[stop]):
        return False
    if isinstance(body, SegmentedBody):
        inside: Sequence[Table] = body.stretch(k)[0]
    else:
        inside = [t for t in body.tables if first <= t.delimiter_line - 2 < stop]
    if not any(t is edited for t in inside):
        return False  # not one of this note's tables: the full check says so

    wanted = (before is not None) + (after is not None)
    part = scan_body(new.text, new.lines, first, stop_after=wanted if after is not None else 0)
    shift = len(new.text) - len(old.text)
    line_shift = len(new.lines) - len(old.lines)
    expected = [_place(before, 0, 0)] if before is not None else []
    if after is not None:
        expected.append(_place(after, shift, line_shift))
    if [_place(h, 0, 0) for h in part.headings] != expected:
        raise VerifyError("the edit changed the note's headings", path=old.path, hint=REPORT)

    if len(part.tables) != len(inside):
        count = len(body.tables) - len(inside) + len(part.tables)
        raise VerifyError(
            f"after the edit the note has {count} tables instead of {len(body.tables)}",
            path=old.path,
            hint=REPORT,
        )
    for was, now in zip(inside, part.tables, strict=True):
        if was is edited:
            if not _reads_as(old, new, was, now, cells):
                got = table_cells(now)
                if got != cells:
                    raise cell_difference(new, now, cells, got)
        elif old.text[was.start : was.end] != new.text[now.start : now.end]:
            raise VerifyError(
                "the edit changed a table it should not touch",
                path=old.path,
                line=now.line,
                hint=REPORT,
            )
    return True


def _reads_as(old: Note, new: Note, was: Table, now: Table, cells: Cells) -> bool:
    """Whether the edited table ``now`` reads as ``cells``, comparing rows by their text: a
    row whose line (and its offset, and the column count) did not change reads as it did, so
    only the rows the edit touched are split into cells. ``False`` also when this cannot
    tell; the caller then compares every cell."""
    old_rows, new_rows = row_layout(was), row_layout(now)
    if old_rows is None or new_rows is None or len(new_rows) != len(cells):
        return False
    if len(now.aligns) != len(was.aligns) or len(old_rows) != len(new_rows):
        return False
    built = (was.header, *was.rows)
    old_lines, new_lines = old.lines.content, new.lines.content
    for r, ((old_line, old_off), (new_line, new_off)) in enumerate(
        zip(old_rows, new_rows, strict=True)
    ):
        if old_off == new_off and old_lines[old_line] == new_lines[new_line]:
            row = built[r]
        else:
            row = split_row_at(now, new_line, new_off)
        if tuple([c.text for c in row.cells]) != cells[r]:
            return False
    return True


def _place(heading: Heading | None, shift: int, line_shift: int) -> tuple[Any, ...]:
    """What identifies a heading, moved by the edit's shift in characters and lines."""
    assert heading is not None
    return (
        heading.level,
        heading.raw,
        heading.name,
        heading.line + line_shift,
        heading.start + shift,
        heading.end + shift,
    )
