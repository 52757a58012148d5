"""T: table structure: rows with more or fewer cells than the header, and a ``|`` inside a
``[[target|alias]]`` link that splits a cell in two.

GFM splits a row on every ``|`` not preceded by a backslash, before any inline parsing, so in a
table the alias pipe of a wikilink must be written ``[[target\\|alias]]`` (Obsidian's own advice).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scaffold.check.context import NoteContext
from scaffold.check.diagnostic import Diagnostic, Fix, Severity
from scaffold.check.rule import Rule
from scaffold.edit.verify import Edit
from scaffold.note.model import Row, Table
from scaffold.note.tables import split_row

RAGGED = "T001"
SPLIT_LINK = "T002"

RULES = (
    Rule(
        RAGGED,
        "ragged-row",
        Severity.WARNING,
        "a table row has more or fewer cells than the header",
        fixable=True,
    ),
    Rule(
        SPLIT_LINK,
        "unescaped-link-pipe",
        Severity.ERROR,
        "an unescaped | inside a [[target|alias]] link splits a table cell",
        fixable=True,
    ),
)

# ``[[`` up to ``]]`` on one line, holding a ``|`` that no backslash escapes.
_SPLIT = re.compile(r"\[\[[^\[\]\n]*?(?<!\\)\|[^\[\]\n]*?\]\]")
# Obsidian's block id for the table, written on the line after it: not a row to Obsidian.
_BLOCK_ID = re.compile(r"[ \t>]*\^[A-Za-z0-9-]+[ \t]*")


def check(ctx: NoteContext) -> Iterator[Diagnostic]:
    for table in ctx.note.body.tables:
        yield from _table(ctx, table)


def _table(ctx: NoteContext, table: Table) -> Iterator[Diagnostic]:
    text = ctx.note.text
    width = len(table.header.cells)
    for row in (table.header, *table.rows):
        line = text[row.start : row.end]
        split = list(_split_links(ctx, row, line))
        yield from split
        if split or row is table.header or _BLOCK_ID.fullmatch(line):
            continue  # a split link is the cause of any raggedness: report that alone
        count = _cell_count(row, line)
        if count != width:
            yield _ragged(ctx, table, row, line, count, width)


def _split_links(ctx: NoteContext, row: Row, line: str) -> Iterator[Diagnostic]:
    if "[[" not in line or "|" not in line:
        return
    for match in _SPLIT.finditer(line):
        pipe = row.start + match.start() + match.group().index("|", 2)
        while ctx.note.text[pipe - 1] == "\\":  # an escaped pipe earlier in the same link
            pipe = ctx.note.text.index("|", pipe + 1)
        link = match.group()
        yield ctx.diag(
            SPLIT_LINK,
            row.start + match.start(),
            row.start + match.end(),
            f"the | in {link} splits this table cell in two",
            hint="escape the pipe inside a table: [[target\\|alias]]",
            fixes=(Fix("Escape the pipe (\\|)", (Edit(pipe, pipe, "\\"),)),),
        )


def _cell_count(row: Row, line: str) -> int:
    """How many cells the row really has (the model pads short rows and cuts long ones)."""
    first = row.cells[0]
    lo = first.raw_start - row.start
    if lo > 0 and line[lo - 1] == "|":
        lo -= 1
    return len(split_row(line, lo))


def _ragged(
    ctx: NoteContext, table: Table, row: Row, line: str, count: int, width: int
) -> Diagnostic:
    fixes: tuple[Fix, ...] = ()
    if "|" not in line:
        # GFM continues a table with any following line that starts no other block.
        eol = ctx.note.lines.dominant_eol()
        return ctx.diag(
            RAGGED,
            row.start,
            row.end,
            f"this line has no blank line before it, so it continues the table above as a row "
            f"of 1 of the header's {width} cells",
            hint="put a blank line between the table and the text after it",
            fixes=(
                Fix("Insert a blank line before this line", (Edit(row.start, row.start, eol),)),
            ),
        )
    if count < width:
        missing = width - count
        trailing = line.rstrip(" \t").endswith("|") and not line.rstrip(" \t").endswith("\\|")
        pad = " |" * missing if trailing else " |" * (missing + 1)
        at = row.start + len(line.rstrip(" \t"))
        fixes = (Fix(f"Pad the row with {missing} empty cell(s)", (Edit(at, at, pad),)),)
        what = f"{count} of the header's {width} cells"
    else:
        what = f"{count} cells; the header (line {table.line}) has {width}, so the rest are dropped"
    return ctx.diag(
        RAGGED,
        row.start,
        row.end,
        f"this row has {what}",
        hint="give every row as many cells as the header",
        fixes=fixes,
    )
