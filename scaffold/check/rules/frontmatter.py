"""F: the file and its frontmatter can be read: UTF-8 text, a closed block, valid YAML, a
mapping, no duplicate keys.

The note model raises :class:`~scaffold.errors.NoteParseError` for these; here each one
becomes a diagnostic at the spot it names, so one bad note does not stop a vault's check.
"""

from __future__ import annotations

from collections.abc import Iterator

from scaffold.check.context import NoteContext
from scaffold.check.diagnostic import Diagnostic, Severity
from scaffold.check.rule import Rule
from scaffold.errors import DuplicateKeyError, NoteParseError, UnclosedFrontmatterError

UNCLOSED = "F001"
INVALID = "F002"
DUPLICATE = "F003"
UNREADABLE = "F004"

RULES = (
    Rule(
        UNCLOSED,
        "frontmatter-unclosed",
        Severity.ERROR,
        "the frontmatter opened on line 1 is never closed",
    ),
    Rule(
        INVALID,
        "frontmatter-invalid",
        Severity.ERROR,
        "the frontmatter is not valid YAML, or not a mapping",
    ),
    Rule(DUPLICATE, "frontmatter-duplicate-key", Severity.ERROR, "a frontmatter key appears twice"),
    Rule(UNREADABLE, "not-a-text-note", Severity.ERROR, "the file is binary or not UTF-8"),
)


def code_of(error: NoteParseError) -> str:
    """Which rule a parse error of the note model is: decided by its class."""
    if isinstance(error, UnclosedFrontmatterError):
        return UNCLOSED
    if isinstance(error, DuplicateKeyError):
        return DUPLICATE
    return INVALID


def check(ctx: NoteContext) -> Iterator[Diagnostic]:
    if ctx.note.block is None:
        return
    try:
        ctx.note.nodes  # noqa: B018 - parsing is the check
        ctx.note.data  # noqa: B018
    except NoteParseError as exc:
        yield from from_error(ctx, exc)


def from_error(ctx: NoteContext, exc: NoteParseError) -> Iterator[Diagnostic]:
    """The diagnostic for a parse error, spanning the rest of the line it points at."""
    lines = ctx.note.lines
    line = min(max(exc.line or 1, 1), max(len(lines), 1))
    if len(lines):
        start = lines.starts[line - 1] + max((exc.col or 1) - 1, 0)
        end = max(lines.end(line - 1), start)
    else:
        start = end = 0
    yield ctx.diag(code_of(exc), start, end, exc.message, hint=exc.hint)
