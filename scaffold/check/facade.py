"""``scaffold check`` as functions: the findings for some notes of a vault, as data.

:func:`check` is the Python API (vault-relative paths, JSON-like result); :func:`check_paths`
and :func:`check_stdin` are what the CLI calls (paths as the user gave them, output rendered
by :meth:`Checked.render`); :func:`rule_list` describes every rule.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scaffold.check import formats
from scaffold.check.config import CheckConfig, load_config
from scaffold.check.diagnostic import Severity
from scaffold.check.runner import Checker, CheckReport, VaultRule, check_files
from scaffold.errors import UsageError
from scaffold.vault.confine import within
from scaffold.vault.index import note_paths


def check(
    vault: Path,
    paths: Sequence[str] = (),
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    vault_rules: Sequence[tuple[str, VaultRule]] = (),
) -> dict[str, Any]:
    """Check ``paths`` (vault-relative notes or folders; none: the whole vault) with the
    vault's configuration, as ``scaffold check --format json`` prints it: ``{"ok", "files",
    "counts", "diagnostics"}``, each diagnostic with its path relative to the vault.
    ``vault_rules``: the rules found over the whole vault (:func:`scaffold.api.check` gives
    R001's)."""
    config = load_config(vault, None).with_options(
        select=list(select) if select else None, ignore=list(ignore) if ignore else None
    )
    checker = Checker(vault, config)
    if not paths:
        notes = note_paths(vault)
        whole = True
    else:
        notes, whole = [], False
        for given in paths:
            path = within(vault, given)
            if not path.exists():
                raise UsageError(f"{given}: no such file or folder in the vault {vault}")
            found = note_paths(path) if path.is_dir() else [path]
            notes.extend(n for n in found if n not in notes)
    root = vault.resolve()
    shown = {n: _shown(n, root) for n in notes}
    report = check_files(
        checker, notes, shown=shown, whole_vault=whole, workers=1, vault_rules=vault_rules
    )
    return {
        "ok": not report.fails(config.fail_on),
        "files": report.files,
        "counts": {s.value: report.count(s) for s in Severity},
        "diagnostics": [d.to_dict() for d in report.diagnostics],
    }


def _shown(note: Path, root: Path) -> str:
    try:
        return note.resolve().relative_to(root).as_posix()
    except ValueError:  # a link out of the vault: check reads it as it would anyway
        return note.name


# -- the command line's check ------------------------------------------------------------------


COLUMNS = ("chars", "bytes")
"""How ``check`` counts columns: characters (the default; JSON, SARIF, VS Code) or UTF-8
bytes (what Vim's and Neovim's errorformat ``%c`` means)."""


@dataclass(frozen=True, slots=True)
class Checked:
    """One run of ``scaffold check``: the findings, and whether they fail the run."""

    report: CheckReport
    config: CheckConfig
    stdin_text: str | None = None
    """The checked buffer, for a check of standard input."""

    def in_bytes(self) -> Checked:
        """The same findings, their columns counted in UTF-8 bytes of their lines."""
        from scaffold.check.diagnostic import in_bytes
        from scaffold.errors import ScaffoldError
        from scaffold.text import decode
        from scaffold.vault.files import read_bytes

        texts: dict[str | None, str | None] = {}
        converted = []
        for d in self.report.diagnostics:
            if d.path not in texts:
                if self.stdin_text is not None:
                    texts[d.path] = self.stdin_text
                else:
                    try:
                        texts[d.path] = decode(read_bytes(Path(d.path or "")), d.path)[0]
                    except (ScaffoldError, OSError):
                        texts[d.path] = None
            text = texts[d.path]
            converted.append(d if text is None else in_bytes(d, text))
        return Checked(CheckReport(converted, self.report.files), self.config, self.stdin_text)

    @property
    def failed(self) -> bool:
        return self.report.fails(self.config.fail_on)

    def render(self, out_format: str) -> str:
        """The findings as ``text``, ``json`` or ``sarif``."""
        if out_format == "json":
            return formats.as_json(self.report.diagnostics, self.report.files, not self.failed)
        if out_format == "sarif":
            return formats.sarif(self.report.diagnostics)
        return formats.text(self.report.diagnostics)

    def summary(self) -> str:
        """The one-line count the text format ends with (on standard error)."""
        return formats.summary(self.report.diagnostics, self.report.files)


def _configured(
    vault: Path,
    config_file: Path | None,
    select: Sequence[str] | None,
    ignore: Sequence[str] | None,
    fail_on: str | None,
) -> CheckConfig:
    return load_config(vault, config_file).with_options(
        select=list(select) if select else None,
        ignore=list(ignore) if ignore else None,
        fail_on=fail_on,
    )


def check_paths(
    vault: Path,
    paths: Sequence[Path],
    *,
    config_file: Path | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    fail_on: str | None = None,
    jobs: int | None = None,
    vault_rules: Sequence[tuple[str, VaultRule]] = (),
    fixes: bool = True,
) -> Checked:
    """Check the notes and folders at ``paths`` (as the user gave them; none: the whole
    vault), each shown relative to the current folder when it is inside it. The paths exist
    (the CLI says so first, before it looks for their vault). Without ``fixes`` (an output
    that shows none) a fix that costs work to make is left out."""
    config = _configured(vault, config_file, select, ignore, fail_on)
    notes, shown, whole = _given_notes(list(paths), vault)
    report = check_files(Checker(vault, config, fixes=fixes), notes, shown=shown,
                         whole_vault=whole, workers=jobs, vault_rules=vault_rules)  # fmt: skip
    return Checked(report, config)


def check_stdin(
    vault: Path,
    data: bytes,
    filename: Path | None,
    *,
    config_file: Path | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    fail_on: str | None = None,
) -> Checked:
    """Check one note's bytes (an editor's unsaved buffer), as if it were at ``filename``."""
    from scaffold.errors import ScaffoldError
    from scaffold.text import decode
    from scaffold.vault.files import relative_to_vault

    config = _configured(vault, config_file, select, ignore, fail_on)
    checker = Checker(vault, config)
    shown = str(filename) if filename else None
    rel = relative_to_vault(filename, vault) if filename else None
    found = checker.check_text(data, path=shown, rel=rel, index=checker.link_index())
    try:
        text = decode(data, shown)[0]
    except ScaffoldError:
        text = None
    return Checked(CheckReport(found, 1), config, text)


def rule_list() -> list[dict[str, Any]]:
    """Every rule: code, name, severity, summary, whether it has a fix, whether it needs a type."""
    from scaffold.check.registry import RULES

    return [
        {
            "code": r.code,
            "name": r.name,
            "severity": r.severity.value,
            "summary": r.summary,
            "fixable": r.fixable,
            "needs_type": r.needs_type,
        }
        for r in RULES.values()
    ]


def _cwd_relative(path: Path) -> str:
    """A path as check prints it: relative to the current folder when it is inside it."""
    try:
        return os.path.relpath(path) if not path.is_absolute() else str(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)


def _given_notes(paths: list[Path], vault: Path) -> tuple[list[Path], dict[Path, str], bool]:
    """The notes to check, how to show each, and whether they are the whole vault."""
    if not paths:
        notes = note_paths(vault)
        cwd = Path.cwd()
        shown = {}
        for note in notes:
            try:
                shown[note] = note.relative_to(cwd).as_posix()
            except ValueError:
                shown[note] = str(note)
        return notes, shown, True
    notes, shown = [], {}
    for path in paths:
        found = note_paths(path) if path.is_dir() else [path]
        for note in found:
            if note not in shown:
                notes.append(note)
                shown[note] = _cwd_relative(note)
    whole = len(paths) == 1 and paths[0].is_dir() and paths[0].resolve() == vault.resolve()
    return notes, shown, whole
