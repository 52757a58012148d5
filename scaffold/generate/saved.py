"""Answers kept when ``scaffold new`` does not finish, the way Copier keeps its answers file.

A run that was declined at the confirmation, failed, or was interrupted leaves its answers in
the vault's ``.scaffold/answers/TYPE.yaml`` (one file per type: the last unfinished run).
``scaffold new TYPE --resume`` (or ``--answers FILE``) starts from them: what was answered is
not asked again. A vault without a ``.scaffold/`` or ``.obsidian/`` folder gets no folder
made for it: its answers go to ``$XDG_STATE_HOME/scaffold/answers/`` (``~/.local/state``).
A run that writes its note removes the file.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from pathlib import Path

from scaffold.edit.yaml_block import yaml_block
from scaffold.entities.convert import as_data

ANSWERS = Path(".scaffold") / "answers"
_MARKERS = (".scaffold", ".obsidian")


def saved_path(vault: Path, type_name: str) -> Path:
    """Where the unfinished answers of ``type_name`` are kept for ``vault``."""
    if any((vault / marker).is_dir() for marker in _MARKERS):
        return vault / ANSWERS / f"{type_name}.yaml"
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "scaffold" / "answers" / f"{type_name}.yaml"


def save(vault: Path, type_name: str, answers: Mapping[str, object], why: str) -> Path:
    """Write ``answers`` (converted values or raw ``--set`` text) for ``type_name``; returns
    the file. ``why`` goes in its header: what stopped the run."""
    path = saved_path(vault, type_name)
    from scaffold.vault.changes import FileChange, apply_changes, unrecorded
    from scaffold.vault.files import current_bytes

    header = (
        f"# Answers for `scaffold new {type_name}`, kept because {why}.\n"
        f"# Resume with: scaffold new {type_name} --resume   (or --answers {path})\n"
    )
    body = yaml_block({k: as_data(v) for k, v in answers.items()}) if answers else "{}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    data = (header + body).encode("utf-8")
    with unrecorded():  # kept answers are not a note: Ctrl-C's report is about notes
        apply_changes([FileChange(path, current_bytes(path), data)])
    return path


def discard(vault: Path, type_name: str) -> None:
    """Remove the kept answers of ``type_name``: the note they were for has been written."""
    with contextlib.suppress(FileNotFoundError):
        saved_path(vault, type_name).unlink()
