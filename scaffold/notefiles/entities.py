"""The vault's entities by type, for workspace symbols: each note's ``type`` read from its
head, remembered per note until the file changes (its size or modification time)."""

from __future__ import annotations

import os
from pathlib import Path

from scaffold.vault.head import head_data, head_text

_seen: dict[tuple[str, str], tuple[int, int, str | None]] = {}
"""(vault, note) -> (mtime_ns, size, type) of the last read."""


def note_types(vault: Path, notes: list[str]) -> dict[str, str | None]:
    """Each vault-relative note's ``type`` (``None`` when it has none), read from its head
    only, and only again when the file changed since the last call."""
    root = str(vault)
    out: dict[str, str | None] = {}
    for rel in notes:
        path = vault / rel
        try:
            st = os.stat(path)
        except OSError:
            continue
        key = (root, rel)
        held = _seen.get(key)
        if held is not None and held[0] == st.st_mtime_ns and held[1] == st.st_size:
            out[rel] = held[2]
            continue
        text = head_text(path)
        kind = None
        if text is not None and "type" in text:
            value = head_data(text, wanted=("type",)).get("type")
            if isinstance(value, str | int) and str(value).strip():
                kind = str(value).strip()
        _seen[key] = (st.st_mtime_ns, st.st_size, kind)
        out[rel] = kind
    return out
