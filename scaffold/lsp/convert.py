"""Scaffold's diagnostics as LSP types, positions in the client's negotiated units."""

from __future__ import annotations

from lsprotocol import types as lsp

from scaffold.check.diagnostic import Diagnostic, Severity
from scaffold.lsp.positions import Positions

_SEVERITY = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.INFO: lsp.DiagnosticSeverity.Information,
}


def diagnostic_range(d: Diagnostic, where: Positions) -> lsp.Range:
    return where.line_range((d.line, d.col), (d.end_line, d.end_col))


def to_lsp(d: Diagnostic, where: Positions) -> lsp.Diagnostic:
    """A scaffold diagnostic as LSP's."""
    return lsp.Diagnostic(
        range=diagnostic_range(d, where),
        message=d.message + (f"\n{d.hint}" if d.hint else ""),
        severity=_SEVERITY[d.severity],
        code=d.code,
        source="scaffold",
    )


def overlaps(d: Diagnostic, where: Positions, rng: lsp.Range) -> bool:
    found = diagnostic_range(d, where)
    first = (found.start.line, found.start.character)
    last = (found.end.line, found.end.character)
    lo = (rng.start.line, rng.start.character)
    hi = (rng.end.line, rng.end.character)
    return first <= hi and last >= lo
