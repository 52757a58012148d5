"""What a rule sees: one parsed note, its name and type, and a way to make diagnostics."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scaffold.check.diagnostic import Diagnostic, Fix, Severity
from scaffold.entities.fields import Field
from scaffold.entities.questions import QuestionFile
from scaffold.errors import ScaffoldError
from scaffold.note.parsed import ParsedNote

if TYPE_CHECKING:
    from scaffold.entities.library import Library, TemplateType


@dataclass(frozen=True, slots=True)
class NoteType:
    """The entity type a note declares (``type:`` in its frontmatter), as checks use it."""

    name: str
    spec: QuestionFile
    fields: dict[str, Field]
    template: TemplateType | None = None
    """The type as found on disk, for rules that render it (M001)."""
    library: Library | None = None


class NoteContext:
    """One note under check. Rules read it and call :meth:`diag`; nothing here prints."""

    __slots__ = ("name", "note", "note_type", "path", "severities")

    def __init__(
        self,
        note: ParsedNote,
        *,
        path: str | None,
        name: str,
        note_type: NoteType | None = None,
        severities: dict[str, Severity],
    ) -> None:
        self.note = note
        self.path = path
        """The path diagnostics carry (as the user gave it)."""
        self.name = name
        """The note's name: its file stem, what ``{{ name }}`` stands for in a type."""
        self.note_type = note_type
        self.severities = severities
        """Every rule's severity by code (the defaults with the config's changes)."""

    @property
    def data(self) -> Any:
        """The frontmatter data, or ``{}`` when it cannot be read (F-rules report that)."""
        try:
            return self.note.data
        except ScaffoldError:
            return {}

    def diag(
        self,
        code: str,
        start: int,
        end: int,
        message: str,
        *,
        hint: str | None = None,
        fixes: Sequence[Fix] = (),
    ) -> Diagnostic:
        """A diagnostic of rule ``code`` over ``text[start:end]``, at the rule's severity."""
        line, col = self.note.lines.position(start)
        end_line, end_col = self.note.lines.position(end) if end > start else (line, col)
        severity = self.severities[code]
        return Diagnostic(
            self.path,
            line,
            col,
            end_line,
            end_col,
            code,
            severity,
            message,
            hint,
            tuple(fixes),
            start,
            end,
        )
