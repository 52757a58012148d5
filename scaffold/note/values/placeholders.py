"""Placeholders: the text a note keeps where a value is not known yet (``—``, ``n/a``, ``TBD``).

One set for every feature that asks: answers recovered from a note (``scaffold migrate``) skip
them, the other cells of a history row that ``update`` appends copy the table's own, and
``check``'s value rules do not read them as a wrong value. The built-in templates write ``—``.
"""

from __future__ import annotations

PLACEHOLDERS = frozenset(
    {"\u2014", "\u2013", "-", "?", "\u2026", "n/a", "na", "tbd", "unknown", "none"}
)
"""Casefolded, markup and surrounding space aside: ``N/A`` and ``TBD`` are placeholders too."""


def is_placeholder(text: str) -> bool:
    """True for text that holds no value: empty, or one of :data:`PLACEHOLDERS`."""
    folded = text.strip().casefold()
    return not folded or folded in PLACEHOLDERS
