"""C: characters a note should not hold: terminal control characters (ESC, BEL, DEL, C1).

A stray ESC left by a copied terminal line is invisible in most editors, but it changes the
colours or clears the screen of every terminal that prints the note (``cat``, ``git diff``,
``scaffold get``). scaffold refuses to write them; this reports the ones already there.
"""

from __future__ import annotations

from collections.abc import Iterator

from scaffold.check.context import NoteContext
from scaffold.check.diagnostic import Diagnostic, Fix, Severity
from scaffold.check.rule import Rule
from scaffold.edit.splice import Edit
from scaffold.text import control_characters

CONTROL = "C001"

RULES = (
    Rule(
        CONTROL,
        "control-character",
        Severity.WARNING,
        "the note holds a terminal control character (ESC, BEL, ...)",
        fixable=True,
    ),
)


def check(ctx: NoteContext) -> Iterator[Diagnostic]:
    for at, char in control_characters(ctx.note.text):
        shown = f"\\x{ord(char):02x}"
        yield ctx.diag(
            CONTROL,
            at,
            at + 1,
            f"a terminal control character {shown} is in the text",
            hint="remove it: it changes any terminal that prints the note",
            fixes=(Fix(f"Remove the {shown}", (Edit(at, at + 1, ""),)),),
        )
