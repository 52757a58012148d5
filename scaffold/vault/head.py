"""A note's head: the frontmatter at the start of a file, read for the vault's names and tags.

Scans of the whole vault (the name index, ``check``'s link index, ``scaffold new``'s tag
completion) read only the first :data:`HEAD_BYTES` of each note, through the guarded
:func:`scaffold.vault.files.read_head` (regular files only, never blocking on a FIFO), and parse
the frontmatter with the note model's own YAML reader, so every command reads ``aliases`` and
``tags`` the same way whatever form YAML gives them: a flow list, a block list, quoted items,
items with commas or comments, a single string.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from scaffold.vault.files import read_head

HEAD_BYTES = 16384
"""How much of a note a vault scan reads: the frontmatter sits at the top."""

_SPLIT_TAGS = re.compile(r"[,\s]+")


def head_text(path: Path, size: int = HEAD_BYTES) -> str | None:
    """The start of the note at ``path`` as text (BOM dropped, universal newlines), or
    ``None`` when it is not a readable regular file."""
    raw = read_head(path, size)
    if raw is None:
        return None
    text = raw.decode("utf-8", errors="replace").removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_head(text: str) -> tuple[str, str] | None:
    """``(frontmatter block with its fences, rest)`` of a note's head, or ``None`` when it has
    no closed frontmatter block at its start."""
    if not text.startswith("---"):
        return None
    lines = text.split("\n")
    if lines[0].rstrip(" \t") != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip(" \t") in ("---", "..."):
            return "\n".join(lines[: index + 1]) + "\n", "\n".join(lines[index + 1 :])
    return None


def head_data(text: str, *, wanted: tuple[str, ...] = ()) -> dict[str, Any]:
    """The frontmatter mapping at the start of ``text`` ({} when there is none or it does not
    parse). With ``wanted``, YAML is parsed only when one of those words is in the block (the
    fast path for vault scans)."""
    parts = split_head(text)
    if parts is None:
        return {}
    block = parts[0]
    if wanted and not any(word in block for word in wanted):
        return {}
    from scaffold.errors import ScaffoldError
    from scaffold.note.parsed import ParsedNote

    try:
        data = ParsedNote(block).data
    except ScaffoldError:
        return {}
    return data if isinstance(data, dict) else {}


def aliases_in(data: dict[str, Any]) -> list[str]:
    """A frontmatter's ``aliases`` (or ``alias``): a list, or a single text."""
    value = data.get("aliases", data.get("alias"))
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return [text for text in (str(v).strip() for v in value if v is not None) if text]


def tags_in(data: dict[str, Any]) -> list[str]:
    """A frontmatter's ``tags`` as written (without a leading ``#``): a list, or a text of
    tags separated by commas or spaces."""
    raw = data.get("tags")
    items: list[Any] = []
    if isinstance(raw, list):
        items = raw
    elif isinstance(raw, str):
        items = _SPLIT_TAGS.split(raw)
    return [tag for tag in (str(t).strip().lstrip("#") for t in items if t is not None) if tag]


def read_aliases(path: Path) -> list[str]:
    """The aliases of the note at ``path``, read from its head only."""
    text = head_text(path)
    if text is None or "alias" not in text:
        return []
    return aliases_in(head_data(text, wanted=("alias",)))
