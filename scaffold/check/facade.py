"""``scaffold check`` as a function: the findings for some notes of a vault, as data."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scaffold.check.config import load_config
from scaffold.check.diagnostic import Severity
from scaffold.check.runner import Checker, check_files
from scaffold.errors import UsageError
from scaffold.vault.confine import within
from scaffold.vault.index import note_paths


def check(
    vault: Path,
    paths: Sequence[str] = (),
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Check ``paths`` (vault-relative notes or folders; none: the whole vault) with the
    vault's configuration, as ``scaffold check --format json`` prints it: ``{"ok", "files",
    "counts", "diagnostics"}``, each diagnostic with its path relative to the vault."""
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
    report = check_files(checker, notes, shown=shown, whole_vault=whole, workers=1)
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
