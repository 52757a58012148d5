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
from scaffold.edit.splice import Edit
from scaffold.note.body.model import Table
from scaffold.note.body.tables import count_cells

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
    # Straight from the lines: the model pads short rows and cuts long ones, and building
    # every row's cells costs more than counting pipes.
    lines = ctx.note.lines
    width = len(table.aligns)
    header = table.delimiter_line - 2  # 0-based; table.line would split every row
    last = lines.line_of(table.end)
    for index in (header, *range(table.delimiter_line, last + 1)):
        line = lines.content[index]
        start = lines.starts[index]
        split = list(_split_links(ctx, start, line))
        yield from split
        if split or index == header or _BLOCK_ID.fullmatch(line):
            continue  # a split link is the cause of any raggedness: report that alone
        count = count_cells(line, _content_start(line, table.prefix))
        if count != width:
            yield _ragged(ctx, table, start, line, count, width)


def _content_start(line: str, prefix: str) -> int:
    """Where a table line's cells start, after its block-quote prefix (``> ``)."""
    if not prefix:
        return 0
    if line.startswith(prefix):
        return len(prefix)
    at = 0
    while at < len(line) and line[at] in " >":
        at += 1
    return at


def _split_links(ctx: NoteContext, row_start: int, line: str) -> Iterator[Diagnostic]:
    if "[[" not in line or "|" not in line:
        return
    for match in _SPLIT.finditer(line):
        pipe = row_start + match.start() + match.group().index("|", 2)
        while ctx.note.text[pipe - 1] == "\\":  # an escaped pipe earlier in the same link
            pipe = ctx.note.text.index("|", pipe + 1)
        link = match.group()
        yield ctx.diag(
            SPLIT_LINK,
            row_start + match.start(),
            row_start + match.end(),
            f"the | in {link} splits this table cell in two",
            hint="escape the pipe inside a table: [[target\\|alias]]",
            fixes=(Fix("Escape the pipe (\\|)", (Edit(pipe, pipe, "\\"),)),),
        )


def _ragged(
    ctx: NoteContext, table: Table, row_start: int, line: str, count: int, width: int
) -> Diagnostic:
    fixes: tuple[Fix, ...] = ()
    if "|" not in line:
        # GFM continues a table with any following line that starts no other block.
        eol = ctx.note.lines.dominant_eol()
        return ctx.diag(
            RAGGED,
            row_start,
            row_start + len(line),
            f"this line has no blank line before it, so it continues the table above as a row "
            f"of 1 of the header's {width} cells",
            hint="put a blank line between the table and the text after it",
            fixes=(
                Fix("Insert a blank line before this line", (Edit(row_start, row_start, eol),)),
            ),
        )
    if count < width:
        missing = width - count
        trailing = line.rstrip(" \t").endswith("|") and not line.rstrip(" \t").endswith("\\|")
        pad = " |" * missing if trailing else " |" * (missing + 1)
        at = row_start + len(line.rstrip(" \t"))
        fixes = (Fix(f"Pad the row with {missing} empty cell(s)", (Edit(at, at, pad),)),)
        what = f"{count} of the header's {width} cells"
    else:
        what = (
            f"{count} cells; the header (line {table.delimiter_line - 1}) has {width}, "
            "so the rest are dropped"
        )
    return ctx.diag(
        RAGGED,
        row_start,
        row_start + len(line),
        f"this row has {what}",
        hint="give every row as many cells as the header",
        fixes=fixes,
    )
