"""Printing a report: text lines editors jump to, JSON for scripts, SARIF for code-scanning
pages. Each function returns the whole output as a string; the CLI writes it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from scaffold._version import __version__
from scaffold.check.diagnostic import Diagnostic, Severity
from scaffold.check.registry import RULES

FORMATS = ("text", "json", "sarif")

_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def text(diagnostics: Sequence[Diagnostic]) -> str:
    """``path:line:col: severity: message [code]``, one line each."""
    return "".join(d.text_line() + "\n" for d in diagnostics)


def summary(diagnostics: Sequence[Diagnostic], files: int) -> str:
    """``3 problems (1 error, 2 warnings) in 12 notes``: for standard error."""
    counts = {s: sum(1 for d in diagnostics if d.severity is s) for s in Severity}
    notes = f"{files} note{'s' if files != 1 else ''}"
    if not diagnostics:
        return f"no problems in {notes}"
    parts = [
        f"{n} {s.value}{'s' if n != 1 and s is not Severity.INFO else ''}"
        for s, n in sorted(counts.items(), key=lambda kv: -kv[0].rank)
        if n
    ]
    total = len(diagnostics)
    return f"{total} problem{'s' if total != 1 else ''} ({', '.join(parts)}) in {notes}"


def as_json(diagnostics: Sequence[Diagnostic], files: int, ok: bool) -> str:
    """One JSON object: ``{"ok", "files", "counts", "diagnostics": [...]}``."""
    payload = {
        "ok": ok,
        "files": files,
        "counts": {s.value: sum(1 for d in diagnostics if d.severity is s) for s in Severity},
        "diagnostics": [d.to_dict() for d in diagnostics],
    }
    return json.dumps(payload, ensure_ascii=False) + "\n"


SRCROOT = "SRCROOT"
"""The ``uriBaseId`` of every relative ``uri``: the folder check ran in."""


def artifact(path: str | None) -> dict[str, str]:
    """A SARIF ``artifactLocation`` for a path as check shows it: a relative path is a
    percent-encoded URI reference from ``%SRCROOT%`` (``Claude%20Code.md``), an absolute one a
    ``file:`` URI."""
    shown = (path or "stdin").replace("\\", "/")
    if PurePosixPath(shown).is_absolute() or Path(shown).is_absolute():
        return {"uri": Path(shown).as_uri()}
    return {"uri": quote(shown, safe="/"), "uriBaseId": SRCROOT}


def _folder_uri(folder: Path) -> str:
    uri = folder.resolve().as_uri()
    return uri if uri.endswith("/") else uri + "/"


def sarif(diagnostics: Sequence[Diagnostic], root: Path | None = None) -> str:
    """A SARIF 2.1.0 log with one run; columns are Unicode code points; each ``uri`` is
    percent-encoded, relative ones from ``originalUriBaseIds``' ``SRCROOT``: ``root`` (the
    folder check ran in; default: the current folder)."""
    codes = sorted(RULES)
    rules = [
        {
            "id": code,
            "name": RULES[code].name,
            "shortDescription": {"text": RULES[code].summary},
            "defaultConfiguration": {"level": _SARIF_LEVEL[RULES[code].severity]},
        }
        for code in codes
    ]
    results = []
    for d in diagnostics:
        region = {
            "startLine": d.line,
            "startColumn": d.col,
            "endLine": d.end_line,
            "endColumn": max(d.end_col, d.col),
        }
        result: dict[str, object] = {
            "ruleId": d.code,
            "ruleIndex": codes.index(d.code),
            "level": _SARIF_LEVEL[d.severity],
            "message": {"text": d.message + (f" ({d.hint})" if d.hint else "")},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": artifact(d.path),
                        "region": region,
                    }
                }
            ],
        }
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "scaffold",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {SRCROOT: {"uri": _folder_uri(root or Path.cwd())}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
