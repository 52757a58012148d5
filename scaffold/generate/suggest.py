"""What the vault offers while answering: note names and aliases for links, tags for tags.

:class:`Suggestions` is read once per ``scaffold new`` run. Besides completion it answers
"which note does this link mean?" (:meth:`Suggestions.canonical`), so a link typed
``claude`` or by an alias (``Facebook``) is written with the note's real name (``Meta``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scaffold.vault.index import VaultIndex

# An inline tag: `#` after a space or a line start, then tag characters (Obsidian's rule).
_INLINE_TAG = re.compile(r"(?:^|(?<=\s))#([\w/-]*[^\W\d][\w/-]*)", re.MULTILINE)
_FENCE = re.compile(r"^(?:```|~~~).*?^(?:```|~~~)", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class LinkChoice:
    """One completion for a link: the text offered, and the note it names."""

    text: str
    """What is matched while typing: a note name or an alias."""
    note: str
    """The note's name (its file stem): what the answer becomes."""

    @property
    def meta(self) -> str:
        """The completion's side note: ``alias of Meta`` for an alias, else empty."""
        return "" if self.text == self.note else f"alias of {self.note}"


@dataclass(frozen=True, slots=True)
class Suggestions:
    """The vault's note names, aliases and tags."""

    links: tuple[LinkChoice, ...] = ()
    tags: tuple[str, ...] = ()
    _by_fold: dict[str, str | None] = field(default_factory=dict, compare=False)

    @classmethod
    def from_index(cls, index: VaultIndex) -> Suggestions:
        """Read the names and aliases from ``index``, and the tags from its notes."""
        links: list[LinkChoice] = []
        by_fold: dict[str, str | None] = {}
        for name in index.names():
            links.append(LinkChoice(name, name))
            by_fold[name.casefold()] = name if len(index.by_stem[name.casefold()]) == 1 else None
        for folded, paths in sorted(index.by_alias.items()):
            notes = {p.stem for p in paths}
            alias = index.alias_text.get(folded, folded)
            if len(notes) == 1 and folded not in by_fold:
                note = next(iter(notes))
                links.append(LinkChoice(alias, note))
                by_fold[folded] = note
            elif folded not in by_fold:
                by_fold[folded] = None  # an alias of several notes names none of them
        return cls(tuple(links), tuple(vault_tags(index)), by_fold)

    def canonical(self, name: str) -> str | None:
        """The real name of the one note ``name`` means (by name or alias, any case), or None
        when no note, or more than one, answers to it."""
        return self._by_fold.get(name.strip().casefold())


def vault_tags(index: VaultIndex) -> list[str]:
    """Every tag used in the vault's notes (frontmatter ``tags:`` and inline ``#tags``), most
    used first."""
    from scaffold.vault.index import note_paths

    counts: dict[str, int] = {}
    spelled: dict[str, str] = {}
    for path in note_paths(index.vault):
        for tag in _tags_in(path):
            folded = tag.casefold()
            counts[folded] = counts.get(folded, 0) + 1
            spelled.setdefault(folded, tag)
    return [spelled[t] for t in sorted(counts, key=lambda t: (-counts[t], t))]


def _tags_in(path: Path) -> list[str]:
    """The tags in a note's head: its frontmatter ``tags`` (read as the note model reads
    them) and the inline ``#tags`` after it, outside code fences."""
    from scaffold.vault.head import head_data, head_text, split_head, tags_in

    head = head_text(path)  # the guarded reader: regular files only, never a FIFO's wait
    if head is None:
        return []
    parts = split_head(head)
    body = head if parts is None else parts[1]
    found = tags_in(head_data(head, wanted=("tags",))) if parts is not None else []
    found += _INLINE_TAG.findall(_FENCE.sub("", body))
    return [t for t in found if t]
