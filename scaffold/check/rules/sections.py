"""S: the sections a note's type asks for, and headings that make an address ambiguous.

A type lists its sections in its ``questions.yaml``::

    sections:
      required: [Quick stats, Related]
      recommended: ["Why {{ name }} matters"]

Each is a section pattern, matched the way addresses match headings: case and whitespace
folded, inline markup stripped, ``*`` globs, a trailing parenthetical optional.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache

from scaffold.check.context import NoteContext
from scaffold.check.diagnostic import Diagnostic, Fix, Severity
from scaffold.check.rule import Rule
from scaffold.edit.splice import Edit
from scaffold.entities.fields import fill_name
from scaffold.note.body.inline import fold, strip_markup
from scaffold.note.body.model import Heading

REQUIRED = "S001"
RECOMMENDED = "S002"
DUPLICATE = "S003"

RULES = (
    Rule(
        REQUIRED,
        "missing-required-section",
        Severity.WARNING,
        "a section the note's type requires is missing",
        fixable=True,
        needs_type=True,
    ),
    Rule(
        RECOMMENDED,
        "missing-recommended-section",
        Severity.INFO,
        "a section the note's type recommends is missing",
        fixable=True,
        needs_type=True,
    ),
    Rule(
        DUPLICATE,
        "duplicate-heading",
        Severity.INFO,
        "two headings read the same, so an address naming them is ambiguous",
    ),
)

_TRAILING_PAREN = re.compile(r"\s*\([^()]*\)\s*$")


def _matches(pattern: str, heading: Heading) -> bool:
    return _matcher(pattern)(_names(heading.name))


@lru_cache(maxsize=4096)
def _names(heading: str) -> frozenset[str]:
    """The names a heading answers to: itself, and without a trailing ``(note)``."""
    name = fold(heading)
    return frozenset({name, fold(_TRAILING_PAREN.sub("", heading))} if ")" in name else {name})


@lru_cache(maxsize=1024)
def _matcher(pattern: str) -> Callable[[frozenset[str]], bool]:
    """A test of a heading's names against a type's section pattern (``*`` a wildcard),
    compiled once per pattern: every note of a type asks the same ones."""
    if "*" in pattern:
        rx = re.compile(".*".join(re.escape(fold(p)) for p in pattern.split("*")), re.DOTALL)
        return lambda names: any(rx.fullmatch(n) for n in names)
    want = fold(strip_markup(pattern))
    return lambda names: want in names


def check(ctx: NoteContext) -> Iterator[Diagnostic]:
    yield from _duplicates(ctx)
    if ctx.note_type is None:
        return
    spec = ctx.note_type.spec
    headings = ctx.note.body.headings
    order = [fill_name(p, ctx.name) for p in (*spec.recommended_sections, *spec.required_sections)]
    for code, patterns, what in (
        (REQUIRED, spec.required_sections, "requires"),
        (RECOMMENDED, spec.recommended_sections, "recommends"),
    ):
        for raw in patterns:
            pattern = fill_name(raw, ctx.name)
            if any(_matches(pattern, h) for h in headings):
                continue
            at = _anchor(ctx)
            yield ctx.diag(
                code,
                at,
                at,
                f"the {ctx.note_type.name} type {what} a section {pattern!r}, "
                "and this note has none",
                hint=f"add a '## {pattern}' section",
                fixes=_add_section(ctx, pattern, order),
            )


def _anchor(ctx: NoteContext) -> int:
    """Where a missing section is reported: the first line of the body."""
    block = ctx.note.block
    if block is None:
        return 0
    return min(block.after, len(ctx.note.text))


def _add_section(ctx: NoteContext, pattern: str, order: Sequence[str]) -> tuple[Fix, ...]:
    """Insert ``## pattern`` before the next section the type lists after it, else at the end,
    with the ``---`` rule between sections when the note uses them."""
    if "*" in pattern:
        return ()
    note = ctx.note
    eol = note.lines.dominant_eol()
    first = note.block.body_first if note.block else 0
    ruled = any(line.rstrip() == "---" for line in note.lines.content[first:])
    later = order[order.index(pattern) + 1 :] if pattern in order else []
    following = [h for h in note.body.headings if any(_matches(p, h) for p in later)]
    if following:
        heading = following[0]
        index = heading.line - 1
        at = note.lines.starts[index]
        level = note.lines.content[index].lstrip().split(" ", 1)[0]
        level = level if level.strip("#") == "" and level else "##"
        gap = f"{eol}---{eol}{eol}" if ruled else eol
        edit = Edit(at, at, f"{level} {pattern}{eol}{gap}")
    else:
        text = note.text
        lead = "" if not text or text.endswith("\n") else eol
        gap = "" if not text.strip() else (f"{eol}---{eol}{eol}" if ruled else eol)
        edit = Edit(len(text), len(text), f"{lead}{gap}## {pattern}{eol}")
    return (Fix(f"Add the section '{pattern}'", (edit,)),)


def _duplicates(ctx: NoteContext) -> Iterator[Diagnostic]:
    seen: dict[str, Heading] = {}
    for heading in ctx.note.body.headings:
        key = fold(heading.name)
        if not key:
            continue
        first = seen.setdefault(key, heading)
        if first is heading:
            continue
        yield ctx.diag(
            DUPLICATE,
            heading.start,
            heading.end,
            f"heading {heading.name!r} is used again (first on line {first.line}), "
            f"so the address '{heading.name} >' is ambiguous",
            hint="make the headings differ if scripts address this section",
        )
