"""Where a note stands against its type's migrations: for each step, whether it applies.

A step applies when its precondition holds (the old key is there and the new one is not; the
section is missing), so running a migration twice changes nothing. When a step cannot be
decided (both names are there, a row is ambiguous) it is a conflict. This module only reads:
:mod:`scaffold.migration.note` makes the edits, deciding each step on the note the steps
before it left (for ``scaffold migrate`` and ``scaffold check``'s M001 alike).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from scaffold.entities.fields import fill_name
from scaffold.entities.library import Library, TemplateType
from scaffold.entities.migrations import Step
from scaffold.errors import AddressError, AmbiguousAddressError
from scaffold.note.addressing import matching
from scaffold.note.body.inline import fold, strip_markup
from scaffold.note.body.model import Section, Table
from scaffold.note.parsed import ParsedNote

APPLY = "apply"
"""The step changes the note."""
DONE = "done"
"""The note already reads as the step leaves it."""
ABSENT = "absent"
"""What the step changes is not in this note (no such section, key or table)."""
CONFLICT = "conflict"
"""The step cannot be decided: both names are there, or a name matches twice."""


@dataclass(frozen=True, slots=True)
class Decision:
    """What one step would do to one note."""

    step: Step
    status: str
    address: str
    old: Any = None
    new: Any = None
    reason: str = ""
    line: int | None = None
    section: Section | None = None
    table: Table | None = None
    row: int | None = None
    col: int | None = None
    after: int | None = None
    """``add_row``/``move_row``: the body row the row goes after (None: first)."""
    text: str = ""
    """``add_section``: the text to insert; ``add_row``: the row's cells joined by ``\\x1f``."""
    at: int | None = None
    """``add_section``: the offset to insert at."""


@dataclass(slots=True)
class Context:
    """One note's type, for deciding its steps."""

    library: Library
    ttype: TemplateType
    stem: str
    _rendered: dict[int, ParsedNote] = field(default_factory=dict)

    def rendered(self, note: ParsedNote) -> ParsedNote:
        """The type's current template rendered with ``note``'s answers (memoised by note)."""
        from scaffold.entities.recover import render_current

        key = id(note)
        if key not in self._rendered:
            self._rendered.clear()
            self._rendered[key] = render_current(self.library, self.ttype, note, self.stem)
        return self._rendered[key]

    @cached_property
    def steps(self) -> tuple[Step, ...]:
        return self.ttype.spec.steps_after(1)


def note_version(ttype: TemplateType, note: ParsedNote) -> int | None:
    """The version the note records in the type's ``version_key``, if it records one."""
    key = ttype.spec.version_key
    data = note.data
    if key is None or not isinstance(data, dict):
        return None
    value = data.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def steps_for(ttype: TemplateType, note: ParsedNote) -> tuple[Step, ...]:
    """The steps to try on ``note``: those after the version it records, else all of them
    (each step's precondition then says whether the note needs it)."""
    version = note_version(ttype, note)
    return ttype.spec.steps_after(version or 1)


# -- one step ----------------------------------------------------------------------------


def decide(ctx: Context, note: ParsedNote, step: Step) -> Decision:
    """What ``step`` would do to ``note``. Raises only for a template that fails to render."""
    return _DECIDERS[step.op](ctx, note, step)


def _name(ctx: Context, step: Step, arg: str) -> str:
    return fill_name(step.req(arg), ctx.stem)


def _data(note: ParsedNote) -> dict[Any, Any]:
    return note.data if isinstance(note.data, dict) else {}


def _section(note: ParsedNote, name: str) -> Section | None:
    """The section headed exactly ``name`` (markup, case and spacing aside); two are a
    conflict, raised as :class:`AmbiguousAddressError`."""
    want = fold(strip_markup(name))
    hits = [s for s in note.body.sections if s.heading and fold(s.heading.name) == want]
    if len(hits) > 1:
        raise AmbiguousAddressError(
            f"section {name!r} is there {len(hits)} times", line=hits[1].line
        )
    return hits[0] if hits else None


def _row(table: Table, key: str) -> int | None:
    want = fold(strip_markup(key))
    hits = [i for i, r in enumerate(table.rows) if fold(strip_markup(r.cells[0].text)) == want]
    if len(hits) > 1:
        raise AmbiguousAddressError(
            f"row {key!r} is there {len(hits)} times", line=table.rows[hits[1]].line
        )
    return hits[0] if hits else None


def _column(table: Table, name: str) -> int | None:
    want = fold(strip_markup(name))
    hits = [i for i, c in enumerate(table.header.cells) if fold(strip_markup(c.text)) == want]
    if len(hits) > 1:
        raise AmbiguousAddressError(f"column {name!r} is there {len(hits)} times", line=table.line)
    return hits[0] if hits else None


def _ambiguous(step: Step, address: str, exc: AddressError) -> Decision:
    return Decision(step, CONFLICT, address, reason=exc.message, line=exc.line)


def _table_of(note: ParsedNote, name: str) -> tuple[Section | None, Table | None]:
    section = _section(note, name)
    if section is None or not section.tables:
        return section, None
    return section, matching.first_table(section)


def _rename_key(ctx: Context, note: ParsedNote, step: Step) -> Decision:
    old, new = step.req("from"), step.req("to")
    data = _data(note)
    if old in data and new in data:
        return Decision(step, CONFLICT, old, data[old], data[new],
                        f"both {old!r} and {new!r} are there")  # fmt: skip
    if old in data:
        return Decision(step, APPLY, old, old, new)
    if new in data:
        return Decision(step, DONE, new, new, new)
    return Decision(step, ABSENT, old, reason=f"no key {old!r}")


def _rename_section(ctx: Context, note: ParsedNote, step: Step) -> Decision:
    old, new = _name(ctx, step, "from"), _name(ctx, step, "to")
    try:
        was, now = _section(note, old), _section(note, new)
    except AmbiguousAddressError as exc:
        return _ambiguous(step, old, exc)
    if was is not None and now is not None:
        return Decision(step, CONFLICT, old, old, new, f"both {old!r} and {new!r} are there",
                        line=now.line)  # fmt: skip
    if was is not None:
        return Decision(step, APPLY, old, old, new, line=was.line, section=was)
    if now is not None:
        return Decision(step, DONE, new, new, new)
    return Decision(step, ABSENT, old, reason=f"no section {old!r}")


def _in_table(
    ctx: Context, note: ParsedNote, step: Step
) -> tuple[str, Section | None, Table | None]:
    name = _name(ctx, step, "section")
    section, table = _table_of(note, name)
    return name, section, table


def _rename_row(ctx: Context, note: ParsedNote, step: Step) -> Decision:
    old, new = step.req("from"), step.req("to")
    try:
        name, _, table = _in_table(ctx, note, step)
        address = f"{name} > {old}"
        if table is None:
            return Decision(step, ABSENT, address, reason=f"no table under {name!r}")
        was, now = _row(table, old), _row(table, new)
    except AmbiguousAddressError as exc:
        return _ambiguous(step, f"{_name(ctx, step, 'section')} > {old}", exc)
    if was is not None and now is not None:
        return Decision(step, CONFLICT, address, _cells(table, was), _cells(table, now),
                        f"both rows {old!r} and {new!r} are there",
                        line=table.rows[now].line)  # fmt: skip
    if was is not None:
        return Decision(step, APPLY, address, old, new, line=table.rows[was].line, table=table,
                        row=was)  # fmt: skip
    if now is not None:
        return Decision(step, DONE, f"{name} > {new}", new, new)
    return Decision(step, ABSENT, address, reason=f"no row {old!r}")


def _cells(table: Table, row: int) -> str:
    return " | ".join(c.text for c in table.rows[row].cells)


def _rename_column(ctx: Context, note: ParsedNote, step: Step) -> Decision:
    old, new = step.req("from"), step.req("to")
    try:
        name, _, table = _in_table(ctx, note, step)
        address = f"{name} > {old}"
        if table is None:
            return Decision(step, ABSENT, address, reason=f"no table under {name!r}")
        was, now = _column(table, old), _column(table, new)
    except AmbiguousAddressError as exc:
        return _ambiguous(step, f"{_name(ctx, step, 'section')} > {old}", exc)
    if was is not None and now is not None:
        return Decision(step, CONFLICT, address, old, new,
                        f"both columns {old!r} and {new!r} are there", line=table.line)  # fmt: skip
    if was is not None:
        return Decision(step, APPLY, address, old, new, line=table.line, table=table, col=was)
    if now is not None:
        return Decision(step, DONE, f"{name} > {new}", new, new)
    return Decision(step, ABSENT, address, reason=f"no column {old!r}")


def _add_key(ctx: Context, note: ParsedNote, step: Step) -> Decision:
    key = step.req("key")
    data = _data(note)
    if key in data:
        return Decision(step, DONE, key, data[key], data[key])
    value = step.arg("value")
    if value is None:
        from scaffold.entities.recover import recover_answers

        question = ctx.ttype.spec.get(step.arg("question") or key)
        answer = recover_answers(ctx.ttype, note, ctx.stem).get(question.name) if question else ""
        value = question.to_text(answer) if question is not None else ""
    return Decision(step, APPLY, key, None, value)


def _add_section(ctx: Context, note: ParsedNote, step: Step) -> Decision:
    name = _name(ctx, step, "section")
    try:
        if _section(note, name) is not None:
            return Decision(step, DONE, name, None, name)
        rendered = ctx.rendered(note)
        new = _section(rendered, name)
    except AmbiguousAddressError as exc:
        return _ambiguous(step, name, exc)
    if new is None or new.heading is None:
        return Decision(step, ABSENT, name,
                        reason="the template writes no such section for this note")  # fmt: skip
    at, text = _placement(note, rendered, new)
    return Decision(step, APPLY, name, None, name, text=text, at=at)


def _content_end(note: ParsedNote, section: Section) -> int:
    """Offset just past the last line of ``section`` that is not blank nor a ``---`` rule."""
    lines = note.lines
    index = section.end_line - 1
    while index > section.line - 1 and lines.content[index].strip() in ("", "---", "***"):
        index -= 1
    return lines.end(index)


def _placement(note: ParsedNote, rendered: ParsedNote, new: Section) -> tuple[int, str]:
    """Where the new section goes in ``note`` and its text: before the section the template
    writes after it, when the note has that one; else after the one before it (else at the
    end), with the separators the template writes between them."""
    assert new.heading is not None
    level = new.heading.level
    peers = [s for s in rendered.body.sections if s.heading and s.heading.level == level]
    k = next(i for i, s in enumerate(peers) if s is new)
    rlines = rendered.lines
    eol = note.lines.dominant_eol()

    def converted(text: str) -> str:
        return text.replace("\n", eol) if eol != "\n" else text

    start = rlines.starts[new.line - 1]
    for later in peers[k + 1 :]:
        assert later.heading is not None
        mine = _section(note, later.heading.name)
        if mine is not None:
            chunk = rendered.text[start : rlines.starts[later.line - 1]]
            return note.lines.starts[mine.line - 1], converted(chunk)
    for earlier in reversed(peers[:k]):
        assert earlier.heading is not None
        mine = _section(note, earlier.heading.name)
        if mine is not None:
            lead = rendered.text[_content_end(rendered, earlier) : start]
            body = rendered.text[start : _content_end(rendered, new)]
            return _content_end(note, mine), converted(lead + body)
    body = rendered.text[start : _content_end(rendered, new)]
    last = [s for s in note.body.sections if s.heading is None or s.heading.level >= 1]
    end = _content_end(note, last[-1]) if last else len(note.text)
    return end, converted("\n\n---\n\n" + body)


def _add_row(ctx: Context, note: ParsedNote, step: Step) -> Decision:
    """The row's cells and place come from the step, else from the row the template writes
    (its cells, and its place after the row before it that the note has)."""
    key = step.req("row")
    value, after_name = step.arg("value"), step.arg("after")
    try:
        name, _, table = _in_table(ctx, note, step)
        address = f"{name} > {key}"
        if table is None:
            return Decision(step, ABSENT, address, reason=f"no table under {name!r}")
        if _row(table, key) is not None:
            return Decision(step, DONE, address)
        cells = [key, value or ""]
        end = len(table.rows) - 1 if table.rows else None
        after: int | None = end
        if after_name is not None:
            found = _row(table, after_name)
            after = found if found is not None else end
        if value is None or after_name is None:
            model = _table_of(ctx.rendered(note), name)[1]
            r = _row(model, key) if model is not None else None
            if model is not None and r is not None:
                if value is None:
                    cells = [key, *(c.text for c in model.rows[r].cells[1:])]
                if after_name is None:
                    before = [_row(table, model.rows[i].cells[0].text) for i in range(r)]
                    present = [i for i in before if i is not None]
                    after = present[-1] if present else (None if r == 0 else end)
    except AmbiguousAddressError as exc:
        return _ambiguous(step, f"{_name(ctx, step, 'section')} > {key}", exc)
    return Decision(step, APPLY, address, None, cells[1] if len(cells) > 1 else "",
                    table=table, after=after, text="\x1f".join(cells))  # fmt: skip


def _add_column(ctx: Context, note: ParsedNote, step: Step) -> Decision:
    column = step.req("column")
    try:
        name, _, table = _in_table(ctx, note, step)
        address = f"{name} > {column}"
        if table is None:
            return Decision(step, ABSENT, address, reason=f"no table under {name!r}")
        if _column(table, column) is not None:
            return Decision(step, DONE, address)
    except AmbiguousAddressError as exc:
        return _ambiguous(step, f"{_name(ctx, step, 'section')} > {column}", exc)
    return Decision(step, APPLY, address, None, step.arg("value") or "", table=table)


def _move_row(ctx: Context, note: ParsedNote, step: Step) -> Decision:
    key = step.req("row")
    after_name = step.arg("after")
    try:
        name, _, table = _in_table(ctx, note, step)
        address = f"{name} > {key}"
        if table is None:
            return Decision(step, ABSENT, address, reason=f"no table under {name!r}")
        row = _row(table, key)
        if row is None:
            return Decision(step, ABSENT, address, reason=f"no row {key!r}")
        after = _row(table, after_name) if after_name is not None else None
    except AmbiguousAddressError as exc:
        return _ambiguous(step, f"{_name(ctx, step, 'section')} > {key}", exc)
    if after_name is not None and after is None:
        return Decision(step, ABSENT, address, reason=f"no row {after_name!r} to move it after")
    where = f"after {after_name!r}" if after_name else "first"
    if (after is None and row == 0) or (after is not None and row == after + 1):
        return Decision(step, DONE, address, reason=where)
    return Decision(step, APPLY, address, row, where, line=table.rows[row].line, table=table,
                    row=row, after=after)  # fmt: skip


_RETYPE_CHECK = {
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "string": lambda v: isinstance(v, str),
    "bool": lambda v: isinstance(v, bool),
    "date": lambda v: type(v).__name__ == "date",
}


def retyped(value: Any, to: str) -> tuple[str, str] | None:
    """``(text, type hint)`` that writes ``value`` as type ``to``, or None when that would
    lose something (``1.5`` as an integer, ``yes`` as a date)."""
    import datetime as dt

    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    if isinstance(value, bool):
        text = "true" if value else "false"
    if to == "string":
        return (text, "str") if isinstance(value, int | float | bool | dt.date) else None
    if not isinstance(value, str):
        if to == "number" and isinstance(value, int) and not isinstance(value, bool):
            return None  # an integer is a number already
        return None
    raw = value.strip()
    try:
        if to == "integer" and str(int(raw)) == raw:
            return raw, "int"
        if to == "number" and re.fullmatch(r"-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?", raw):
            return raw, "float" if "." in raw else "int"
        if to == "bool" and raw in ("true", "false"):
            return raw, "bool"
        if to == "date" and dt.date.fromisoformat(raw).isoformat() == raw:
            return raw, "date"
    except ValueError:
        return None
    return None


def _retype(ctx: Context, note: ParsedNote, step: Step) -> Decision:
    key, to = step.req("key"), step.req("to")
    data = _data(note)
    if key not in data:
        return Decision(step, ABSENT, key, reason=f"no key {key!r}")
    value = data[key]
    if value is None or _RETYPE_CHECK[to](value):
        return Decision(step, DONE, key, value, value)
    converted = retyped(value, to)
    if converted is None:
        return Decision(step, CONFLICT, key, value, to,
                        f"{value!r} cannot become a {to} without losing something")  # fmt: skip
    return Decision(step, APPLY, key, value, converted[0], reason=converted[1])


def _drop_key(ctx: Context, note: ParsedNote, step: Step) -> Decision:
    key = step.req("key")
    data = _data(note)
    if key in data:
        return Decision(step, APPLY, key, data[key], None)
    return Decision(step, DONE, key, reason=f"no key {key!r}")


def _drop_row(ctx: Context, note: ParsedNote, step: Step) -> Decision:
    key = step.req("row")
    try:
        name, _, table = _in_table(ctx, note, step)
        address = f"{name} > {key}"
        row = _row(table, key) if table is not None else None
    except AmbiguousAddressError as exc:
        return _ambiguous(step, f"{_name(ctx, step, 'section')} > {key}", exc)
    if table is None or row is None:
        return Decision(step, DONE, address, reason=f"no row {key!r}")
    return Decision(step, APPLY, address, _cells(table, row), None, table=table, row=row,
                    line=table.rows[row].line)  # fmt: skip


def _drop_section(ctx: Context, note: ParsedNote, step: Step) -> Decision:
    name = _name(ctx, step, "section")
    try:
        section = _section(note, name)
    except AmbiguousAddressError as exc:
        return _ambiguous(step, name, exc)
    if section is None:
        return Decision(step, DONE, name, reason=f"no section {name!r}")
    return Decision(step, APPLY, name, name, None, section=section, line=section.line)


_DECIDERS = {
    "rename_key": _rename_key,
    "rename_section": _rename_section,
    "rename_row": _rename_row,
    "rename_column": _rename_column,
    "add_key": _add_key,
    "add_section": _add_section,
    "add_row": _add_row,
    "add_column": _add_column,
    "move_row": _move_row,
    "retype": _retype,
    "drop_key": _drop_key,
    "drop_row": _drop_row,
    "drop_section": _drop_section,
}
