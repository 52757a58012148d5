"""Unified diffs of a note's text that ``git apply`` and ``patch -p1`` accept.

The lines are the note's own (a ``\\r\\n`` stays a ``\\r\\n``; a form feed or U+2028 inside a
line does not split it, as :meth:`str.splitlines` would), and a last line without a line
ending is marked ``\\ No newline at end of file``, as diff(1) marks it.
"""

from __future__ import annotations

import difflib
from pathlib import Path, PurePath

from scaffold.text import split_lines

NO_EOL = "\\ No newline at end of file\n"


def unified_diff(old: str, new: str, name: str, *, context: int = 3) -> str:
    """The diff from ``old`` to ``new`` as ``--- a/NAME`` / ``+++ b/NAME``; ``""`` when equal."""
    # A name with a space ends in a tab, as git writes it: patch(1) reads a name up to a tab.
    tab = "\t" if " " in name else ""
    out: list[str] = []
    for line in difflib.unified_diff(
        _lines(old), _lines(new), f"a/{name}{tab}", f"b/{name}{tab}", n=context, lineterm="\n"
    ):
        out.append(line)
        if not line.endswith("\n"):
            out.append("\n" + NO_EOL)
    return "".join(out)


def note_diff(old: bytes, new: bytes, name: str, *, context: int = 3) -> str:
    """:func:`unified_diff` of a note's bytes (UTF-8; a BOM stays in the first line)."""
    return unified_diff(old.decode("utf-8"), new.decode("utf-8"), name, context=context)


def diff_name(path: str | PurePath, vault: Path, cwd: Path) -> str:
    """The name a diff gives ``path``: relative to the vault when the note is in it (so the
    patch applies from the vault's root), else relative to ``cwd``; always ``/``-separated."""
    resolved = Path(path).resolve()
    for root in (vault.resolve(), cwd.resolve()):
        if resolved.is_relative_to(root):
            return resolved.relative_to(root).as_posix()
    return Path(path).name


def _lines(text: str) -> list[str]:
    lines = split_lines(text)
    return [content + eol for content, eol in zip(lines.content, lines.eols, strict=True)]
