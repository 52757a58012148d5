"""Inline ignores: ``%% scaffold: ignore CODE %%`` in a note silences a finding there.

* On a line with other text, it silences that line.
* On a line of its own, it silences the block after it: the next lines up to a blank line
  (a paragraph, a list, a whole table: a comment inside a table would end it).
* ``%% scaffold: ignore-file CODE %%`` silences the whole note.

CODE is one or more codes, prefixes or rule names, separated by commas or spaces; none means
every rule. Inside the frontmatter the same text can sit in a YAML comment
(``# %% scaffold: ignore V001 %%``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from scaffold.check.diagnostic import Diagnostic
from scaffold.check.registry import matches
from scaffold.text import split_lines

_DIRECTIVE = re.compile(r"%%\s*scaffold:\s*(ignore-file|ignore)\b([^%]*)%%")


@dataclass(frozen=True, slots=True)
class Suppression:
    """Lines ``first``..``last`` (1-based, inclusive) where ``selectors`` are silenced."""

    first: int
    last: int
    selectors: tuple[str, ...]

    def silences(self, diagnostic: Diagnostic) -> bool:
        return self.first <= diagnostic.line <= self.last and matches(
            diagnostic.code, self.selectors
        )


def suppressions(text: str) -> tuple[Suppression, ...]:
    """The inline ignores written in a note's text."""
    if "scaffold:" not in text:
        return ()
    lines = split_lines(text).content
    found: list[Suppression] = []
    for index, line in enumerate(lines):
        if "scaffold:" not in line:
            continue
        for match in _DIRECTIVE.finditer(line):
            selectors = tuple(s for s in re.split(r"[\s,]+", match.group(2).strip()) if s)
            if match.group(1) == "ignore-file":
                found.append(Suppression(1, len(lines) + 1, selectors))
                continue
            rest = (line[: match.start()] + line[match.end() :]).strip().lstrip("#").strip()
            if rest:
                found.append(Suppression(index + 1, index + 1, selectors))
                continue
            last = index + 1
            while last < len(lines) and not lines[last].strip():
                last += 1  # the block starts at the next non-blank line
            while last < len(lines) and lines[last].strip():
                last += 1
            found.append(Suppression(index + 1, last, selectors))
    return tuple(found)


def keep(diagnostics: Iterable[Diagnostic], rules: tuple[Suppression, ...]) -> list[Diagnostic]:
    """The diagnostics no inline ignore silences."""
    if not rules:
        return list(diagnostics)
    return [d for d in diagnostics if not any(s.silences(d) for s in rules)]
