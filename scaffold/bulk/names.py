"""Naming notes in bulk input: a path, a file stem or an alias, as ``scaffold get`` takes them.

The stems come from one walk of the vault; aliases are read (the start of every note) only
when a name matches no stem, so a run that names notes by path or stem reads nothing extra.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from scaffold.errors import AddressError, NoteMissingError
from scaffold.vault.index import VaultIndex, link_name, note_relpaths


class NoteNames:
    """The notes of one vault, by vault-relative path (``/`` separators)."""

    def __init__(self, vault: Path) -> None:
        self.vault = vault
        self.paths = note_relpaths(vault)
        # A stem names one note almost always: keep the path itself, a list only when shared
        # (a list per note would cost 64 bytes more each, in vaults of 100,000 notes).
        self._by_stem: dict[str, str | list[str]] = {}
        for rel in self.paths:
            key = _stem(rel).casefold()
            known = self._by_stem.get(key)
            if known is None:
                self._by_stem[key] = rel
            elif isinstance(known, str):
                self._by_stem[key] = [known, rel]
            else:
                known.append(rel)
        self._index: VaultIndex | None = None

    def resolve(self, name: str) -> str:
        """The path of the one note ``name`` names; :class:`AddressError` listing the
        candidates when it names none or several."""
        name = link_name(name)  # a wikilink pasted from a note names its note
        if not name:
            raise AddressError("the note name is empty", hint="fill in the note column")
        found = self._as_path(name)
        if found is not None:
            return found
        stem = name.removesuffix(".md")
        base = stem.rsplit("/", 1)[-1]
        matches = self._stem_matches(base)
        if not matches:
            matches = [self._rel(p) for p in self._aliases().by_alias.get(base.casefold(), [])]
        if "/" in stem:  # "folder/Note": Obsidian's path-qualified link
            want = stem.casefold() + ".md"
            matches = [m for m in matches if m.casefold() == want]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            stems = sorted({_stem(p) for p in self.paths})
            close = tuple(difflib.get_close_matches(base, stems, n=3, cutoff=0.6))
            hint = f"Did you mean {', '.join(close)}?" if close else "check the name or the path"
            # Exit 3 and kind "missing", as `scaffold get` reports a note that isn't there.
            raise NoteMissingError(
                f"no note named {name!r} in the vault", candidates=close, hint=hint
            )
        raise AddressError(
            f"note name {name!r} is ambiguous: {', '.join(matches)}",
            candidates=tuple(matches),
            hint="give the path of the one you mean",
        )

    def _as_path(self, name: str) -> str | None:
        if not (name.endswith(".md") or "/" in name or os.sep in name):
            return None
        for candidate in (self.vault / name, Path(name)):
            if candidate.is_file():
                full = candidate.resolve()
                if not full.is_relative_to(self.vault.resolve()):
                    raise AddressError(
                        f"{name!r} is outside the vault {self.vault}",
                        hint="pass --vault with the folder that holds it",
                    )
                return full.relative_to(self.vault.resolve()).as_posix()
        return None

    def _aliases(self) -> VaultIndex:
        if self._index is None:
            self._index = VaultIndex.build(self.vault)
        return self._index

    def _rel(self, path: Path) -> str:
        return path.relative_to(self.vault).as_posix()

    def display(self, rel: str) -> str:
        """How export names a note: its stem when that is unique, else its path."""
        stem = _stem(rel)
        return stem if len(self._stem_matches(stem)) == 1 else rel

    def _stem_matches(self, stem: str) -> list[str]:
        known = self._by_stem.get(stem.casefold())
        if known is None:
            return []
        return [known] if isinstance(known, str) else known


def _stem(rel: str) -> str:
    return rel.rsplit("/", 1)[-1].removesuffix(".md")
