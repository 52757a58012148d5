"""Diagnostics as values: what a rule found, where, how bad, and how to fix it.

A :class:`Diagnostic` is plain data. Rules make them, filters drop them, formatters print them
and the language server maps them to LSP types; none of those steps prints or raises.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from scaffold.edit.splice import Edit


class Severity(Enum):
    """How bad a finding is. Ordered: ``ERROR > WARNING > INFO``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @classmethod
    def parse(cls, text: str) -> Severity:
        """``"error"``, ``"warning"`` or ``"info"`` (any case); ``ValueError`` otherwise."""
        try:
            return cls(text.strip().lower())
        except ValueError:
            raise ValueError(f"{text!r} is not a severity: use error, warning or info") from None


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True, slots=True)
class Fix:
    """One way to fix a finding: edits to the note's text (offsets into its text, BOM
    excluded, as everywhere in scaffold)."""

    title: str
    """What the fix does, as an editor's quick-fix menu shows it."""
    edits: tuple[Edit, ...]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding in one note."""

    path: str | None
    """The note's path as given (relative to where check ran), ``None`` for an unnamed buffer."""
    line: int
    """1-based line of the span's start."""
    col: int
    """1-based column of the span's start, in characters."""
    end_line: int
    end_col: int
    """1-based column just past the span's end (exclusive)."""
    code: str
    """The rule's stable code, e.g. ``L001``."""
    severity: Severity
    message: str
    hint: str | None = None
    """What to do about it."""
    fixes: tuple[Fix, ...] = ()
    start: int = 0
    """Offset of the span in the note text."""
    end: int = 0

    def with_severity(self, severity: Severity) -> Diagnostic:
        return replace(self, severity=severity)

    def text_line(self) -> str:
        """``path:line:col: severity: message [code]``, the form editors jump to."""
        return (
            f"{self.path or '<stdin>'}:{self.line}:{self.col}: "
            f"{self.severity.value}: {self.message} [{self.code}]"
        )

    def to_dict(self) -> dict[str, object]:
        """The JSON form of ``scaffold check --format json``."""
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "end_line": self.end_line,
            "end_col": self.end_col,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "hint": self.hint,
            "fixes": [
                {
                    "title": fix.title,
                    "edits": [{"start": e.start, "end": e.end, "new": e.new} for e in fix.edits],
                }
                for fix in self.fixes
            ],
        }


def in_bytes(diagnostic: Diagnostic, text: str) -> Diagnostic:
    """``diagnostic`` with its columns counted in UTF-8 bytes of its lines of ``text`` (the
    note's text, BOM excluded), as Vim's and Neovim's errorformat ``%c`` reads them: after
    ``é`` on a line, character column 3 is byte column 4."""
    lines = text.split("\n")

    def byte_col(line: int, col: int) -> int:
        if not 0 < line <= len(lines):
            return col
        return len(lines[line - 1][: col - 1].encode("utf-8", "surrogatepass")) + 1

    return replace(
        diagnostic,
        col=byte_col(diagnostic.line, diagnostic.col),
        end_col=byte_col(diagnostic.end_line, diagnostic.end_col),
    )


def sort_key(diagnostic: Diagnostic) -> tuple[str, int, int, str]:
    """File, then position, then code: the order check prints in."""
    return (diagnostic.path or "", diagnostic.line, diagnostic.col, diagnostic.code)


def edit_between(old: str, new: str) -> Edit:
    """The one edit that turns ``old`` into ``new``: the span between their common prefix and
    common suffix."""
    limit = min(len(old), len(new))
    head = 0
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[len(old) - 1 - tail] == new[len(new) - 1 - tail]:
        tail += 1
    return Edit(head, len(old) - tail, new[head : len(new) - tail])
