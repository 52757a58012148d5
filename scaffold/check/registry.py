"""Every rule, by code: the one list the CLI's ``--select``, the config file, the README's
table and ``scaffold check --list-rules`` read.

Each family is a module under :mod:`scaffold.check.rules` with a ``RULES`` tuple and a
``check(ctx)`` generator; adding a rule is adding it there.
"""

from __future__ import annotations

from collections.abc import Iterable

from scaffold.check.rule import Rule
from scaffold.check.rules import (
    ages,
    characters,
    frontmatter,
    links,
    sections,
    tables,
    values,
    versions,
    views,
)

FAMILIES = {
    "F": frontmatter,
    "S": sections,
    "V": values,
    "T": tables,
    "L": links,
    "M": versions,
    "C": characters,
    "A": ages,
    "R": views,
}
"""Family letter -> its module, in the order rules run and are listed."""

FAMILY_DOCS = {
    "F": "frontmatter",
    "S": "sections",
    "V": "values against the note's type",
    "T": "tables",
    "L": "links",
    "M": "the note's version against its type's migrations",
    "C": "characters a note should not hold",
    "A": "the age of metrics against their fields' max_age",
    "R": "managed view regions against the vault they show",
}

RULES: dict[str, Rule] = {rule.code: rule for m in FAMILIES.values() for rule in m.RULES}
"""Every rule, by code."""

_BY_NAME = {rule.name: rule.code for rule in RULES.values()}


def expand(selectors: Iterable[str]) -> set[str]:
    """The codes a list of selectors names: a code (``L001``), a prefix (``L``, ``L00``), a
    rule name (``broken-link``) or ``ALL``. Raises ``ValueError`` naming an unknown one."""
    codes: set[str] = set()
    for raw in selectors:
        selector = raw.strip()
        if not selector:
            continue
        if selector.upper() == "ALL":
            codes.update(RULES)
            continue
        if selector.lower() in _BY_NAME:
            codes.add(_BY_NAME[selector.lower()])
            continue
        hits = {code for code in RULES if code.startswith(selector.upper())}
        if not hits:
            import difflib

            close = difflib.get_close_matches(selector, [*RULES, *_BY_NAME], n=1)
            extra = f"; did you mean {close[0]!r}?" if close else ""
            raise ValueError(f"no rule {selector!r}{extra} (scaffold check --list-rules)")
        codes.update(hits)
    return codes


def matches(code: str, selectors: Iterable[str]) -> bool:
    """Whether an inline ignore's selectors name ``code`` (no selector: every code)."""
    listed = [s for s in selectors if s]
    if not listed:
        return True
    try:
        return code in expand(listed)
    except ValueError:
        return False
