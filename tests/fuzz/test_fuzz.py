"""Fuzzing the parser and every edit operation with generated notes and hostile YAML.

Two properties, whatever the input:

1. No exception escapes but scaffold's own (:class:`~scaffold.errors.ScaffoldError`): bad
   input gets an error with an exit code, never a traceback.
2. An edit that succeeds changes bytes only inside its span: the frontmatter block for a
   frontmatter address, the addressed table (and the line after it, for a new row) for a
   table address. Everything else stays byte for byte as it was.

Modest in the normal suite. For a long run, pick the number of examples per test:

    SCAFFOLD_FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest tests/fuzz -q

Each failure a long run finds becomes a case in test_regressions.py.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scaffold
from scaffold.errors import NoteFileError, ScaffoldError, VerifyError
from scaffold.note.addressing import address as addr
from scaffold.note.addressing.resolve import table_of
from scaffold.note.body.inline import strip_markup
from scaffold.vault.changes import FileChange, apply_changes
from tests.fuzz import strategies as s

EXAMPLES = int(os.environ.get("SCAFFOLD_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _frontmatter_key(k: object) -> str:
    text = str(k)
    escaped = "".join("\\" + c if c in '\\".>' else c for c in text)
    return f'"{escaped}"' if text.isdigit() or text.strip() != text or not text else escaped


def _table_part(name: str) -> str:
    return "".join("\\" + c if c in '\\">' else c for c in name)


def addresses(note: scaffold.Note) -> list[str]:
    """Addresses of what the note holds: keys, list items, sections, rows, columns."""
    found: list[str] = []
    try:
        data = note.data
    except ScaffoldError:
        data = None
    if isinstance(data, dict):
        for k, v in list(data.items())[:6]:
            top = _frontmatter_key(k)
            found.append(top)
            if isinstance(v, list) and v:
                found += [f"{top}.0", f"{top}.{len(v) - 1}", f"{top}.{len(v)}"]
            elif isinstance(v, dict):
                found += [f"{top}.{_frontmatter_key(sub)}" for sub in list(v)[:3]]
    for section in note.body.sections[:4]:
        if section.heading is None or not section.tables:
            continue
        name = _table_part(section.heading.name)
        found.append(f"{name} >")
        t = section.tables[0]
        headers = [_table_part(strip_markup(c.text)) for c in t.header.cells]
        for row in t.rows[:3]:
            key = _table_part(strip_markup(row.cells[0].text))
            found += [f"{name} > {key}", *(f"{name} > {key} > {h}" for h in headers[:2])]
    return found


def allowed_span(note: scaffold.Note, address: str) -> tuple[int, int]:
    """Where an edit at ``address`` may change the note's text (start, end offsets)."""
    target = addr.parse(address)
    if isinstance(target, addr.FrontmatterAddress):
        return (0, note.block.after) if note.block else (0, 0)
    _, table = table_of(note, target)
    last = note.lines.line_of(table.end)
    return table.start, note.lines.next_start(last)


def changed_span(old: str, new: str) -> list[tuple[int, int]]:
    """The part of ``old`` that differs from ``new``, as the longest common prefix then
    suffix allow, and the other way round (the two differ where text repeats)."""
    spans = []
    for prefix_first in (True, False):
        limit = min(len(old), len(new))
        p = s_ = 0
        if prefix_first:
            while p < limit and old[p] == new[p]:
                p += 1
            while s_ < limit - p and old[-1 - s_] == new[-1 - s_]:
                s_ += 1
        else:
            while s_ < limit and old[-1 - s_] == new[-1 - s_]:
                s_ += 1
            while p < limit - s_ and old[p] == new[p]:
                p += 1
        spans.append((p, len(old) - s_))
    return spans


def apply(note: scaffold.Note, op: str, address: str, args: dict[str, Any]) -> scaffold.Note:
    if op == "set":
        return note.set(address, args["value"], type_hint=args["type"], create=args["create"])
    if op == "delete":
        return note.delete(address)
    if op == "append":
        return note.append(address, *args["values"], type_hint=args["type"])
    if op == "remove":
        return note.remove(address, args["value"])
    return note.rename(address, args["new_key"])


def check_edit(text: str | bytes, op: str, address: str, args: dict[str, Any]) -> None:
    """Both properties for one edit of one note (also the body of every regression case).
    The note is given as bytes, as every file is read (``loads`` of a ``str`` skips the
    checks that decoding does, such as refusing a NUL byte)."""
    try:
        note = scaffold.loads(text.encode("utf-8") if isinstance(text, str) else text)
    except ScaffoldError:
        return
    try:
        new = apply(note, op, address, args)
    except ScaffoldError:
        return
    assert new.bom == note.bom
    try:
        assert scaffold.loads(new.to_bytes()).text == new.text
    except NoteFileError:  # e.g. a NUL put in a cell: the write path must refuse it
        with pytest.raises(VerifyError, match="would not read back as a note"):
            apply_changes([FileChange(Path("never-written.md"), None, new.to_bytes())])
        return
    if new.text == note.text:
        return
    lo, hi = allowed_span(note, address)
    spans = changed_span(note.text, new.text)
    assert any(lo <= a and b <= hi for a, b in spans), (
        f"{op} {address!r} changed {spans} of the text, outside {lo}..{hi}:\n"
        f"before: {note.text!r}\nafter:  {new.text!r}"
    )


def check_read(data: bytes, probes: list[str]) -> None:
    """Parsing, reading every part, and ``get`` raise nothing but scaffold's errors."""
    try:
        note = scaffold.loads(data)
    except ScaffoldError:
        return
    assert note.to_bytes() == data
    for part in ("data", "nodes"):
        with contextlib.suppress(ScaffoldError):
            getattr(note, part)
    for address in [*addresses(note), *probes]:
        with contextlib.suppress(ScaffoldError):
            note.get(address)


TYPES = st.sampled_from(["auto", "auto", "str", "int", "float", "bool", "date", "null"])
OPS = st.sampled_from(["set", "set", "set", "delete", "append", "remove", "rename"])
random_address = st.one_of(
    s.phrase,
    st.builds(lambda a, b: f"{a} > {b}", s.phrase, s.phrase),
    st.builds(lambda a, b: f"{a}.{b}", s.phrase, st.integers(-2, 5)),
    st.sampled_from(
        [
            "aliases",
            "tags.0",
            "a.b.c",
            '"a.b"',
            "x >",
            ">",
            "a > b > c > d",
            '"',
            "\\",
            "Quick stats > Downloads",
        ]
    ),
)


@FUZZ
@given(s.note_bytes, st.lists(random_address, max_size=3))
def test_reading_raises_only_scaffold_errors(data: bytes, probes: list[str]) -> None:
    check_read(data, probes)


@FUZZ
@given(s.note_text(), st.data())
def test_every_edit_changes_only_its_span_or_refuses(text: str, data: st.DataObject) -> None:
    try:
        known = addresses(scaffold.loads(text.encode("utf-8")))
    except ScaffoldError:
        known = []
    if known and data.draw(st.integers(0, 3)):
        address = data.draw(st.sampled_from(known), label="address")
    else:
        address = data.draw(random_address, label="address")
    op = data.draw(OPS, label="op")
    args = {
        "value": data.draw(s.value, label="value"),
        "values": data.draw(st.lists(s.value, min_size=1, max_size=3), label="values"),
        "type": data.draw(TYPES, label="type"),
        "create": data.draw(st.booleans(), label="create"),
        "new_key": data.draw(s.key | s.phrase, label="new_key"),
    }
    check_edit(text, op, address, args)
