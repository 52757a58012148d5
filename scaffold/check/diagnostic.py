"""Diagnostics as values: what a rule found, where, how bad, and how to fix it.

A :class:`Diagnostic` is plain data. Rules make them, filters drop them, formatters print them
and the language server maps them to LSP types; none of those steps prints or raises.
"""

from __future__ import annotations

from collections.abc import Callable
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


class Fix:
    """One way to fix a finding: edits to the note's text (offsets into its text, BOM
    excluded, as everywhere in scaffold).

    ``edits`` may be given as a function that makes them: a fix that costs a migration is
    then made only when something reads it (``--format json``, an editor's quick fix), not
    for every finding ``scaffold check`` prints. A fix is made before it is pickled (sent
    from a worker process), so the function never travels."""

    __slots__ = ("_edits", "title")

    title: str
    """What the fix does, as an editor's quick-fix menu shows it."""

    def __init__(
        self, title: str, edits: tuple[Edit, ...] | Callable[[], tuple[Edit, ...]]
    ) -> None:
        self.title = title
        self._edits = edits

    @property
    def edits(self) -> tuple[Edit, ...]:
        made = self._edits
        if callable(made):
            made = self._edits = tuple(made())
        return made

    @property
    def made(self) -> bool:
        """Whether the edits exist yet (a fix given as a function is made on first read)."""
        return not callable(self._edits)

    def __reduce__(self) -> tuple[type[Fix], tuple[str, tuple[Edit, ...]]]:
        return (Fix, (self.title, self.edits))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Fix):
            return NotImplemented
        return self.title == other.title and self.edits == other.edits

    def __hash__(self) -> int:
        return hash((self.title, self.edits))

    def __repr__(self) -> str:
        return f"Fix(title={self.title!r}, edits={self.edits!r})"


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
    common suffix (found by halving, each comparison a slice compare in C, not a Python loop
    over every character)."""
    limit = min(len(old), len(new))
    lo, hi = 0, limit
    while lo < hi:  # the longest common prefix: old[:lo] == new[:lo]
        mid = (lo + hi + 1) // 2
        if old[lo:mid] == new[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    head = lo
    lo, hi = 0, limit - head
    n_old, n_new = len(old), len(new)
    while lo < hi:  # the longest common suffix not overlapping the prefix
        mid = (lo + hi + 1) // 2
        if old[n_old - mid : n_old - lo] == new[n_new - mid : n_new - lo]:
            lo = mid
        else:
            hi = mid - 1
    tail = lo
    return Edit(head, n_old - tail, new[head : n_new - tail])
