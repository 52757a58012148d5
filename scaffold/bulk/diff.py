"""Unified diffs of whole notes that ``git apply`` accepts: ``a/PATH`` and ``b/PATH`` relative to
the vault, a BOM kept in the first line, and the ``\\ No newline at end of file`` marker."""

from __future__ import annotations

import difflib

_NO_EOL = "\\ No newline at end of file\n"


def unified_diff(relpath: str, old: bytes, new: bytes, *, context: int = 3) -> str:
    """The diff from ``old`` to ``new`` of the note at ``relpath`` (``/`` separators)."""
    a = _lines(old.decode("utf-8"))
    b = _lines(new.decode("utf-8"))
    out: list[str] = []
    for line in difflib.unified_diff(a, b, f"a/{relpath}", f"b/{relpath}", n=context):
        if line.startswith(("---", "+++")):
            # difflib ends the header lines itself; keep them free of trailing tabs.
            out.append(line.rstrip() + "\n")
        elif line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n" + _NO_EOL)
    return "".join(out)


def _lines(text: str) -> list[str]:
    # Only "\n" ends a line for git; str.splitlines would also split at \r, \x0c, \u2028...
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out
