"""Scaffold's diagnostics and edits as LSP types, positions in UTF-16 units."""

from __future__ import annotations

from lsprotocol import types as lsp

from scaffold.check.diagnostic import Diagnostic, Severity
from scaffold.lsp.positions import Lines

_SEVERITY = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.INFO: lsp.DiagnosticSeverity.Information,
}


def _range(lines: Lines, start: tuple[int, int], end: tuple[int, int]) -> lsp.Range:
    return lsp.Range(lsp.Position(*start), lsp.Position(*end))


def to_lsp(d: Diagnostic, lines: Lines) -> lsp.Diagnostic:
    """A scaffold diagnostic as LSP's, its columns in UTF-16 units."""
    return lsp.Diagnostic(
        range=_range(lines, lines.position(d.line, d.col), lines.position(d.end_line, d.end_col)),
        message=d.message + (f"\n{d.hint}" if d.hint else ""),
        severity=_SEVERITY[d.severity],
        code=d.code,
        source="scaffold",
    )


def edit_range(lines: Lines, start: int, end: int) -> lsp.Range:
    return _range(lines, lines.offset_position(start), lines.offset_position(end))


def overlaps(d: Diagnostic, lines: Lines, rng: lsp.Range) -> bool:
    first = lines.position(d.line, d.col)
    last = lines.position(d.end_line, d.end_col)
    lo = (rng.start.line, rng.start.character)
    hi = (rng.end.line, rng.end.character)
    return first <= hi and last >= lo
