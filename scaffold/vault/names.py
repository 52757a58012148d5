"""The one resolver of note names: a path, a file stem, an alias or a pasted ``[[link]]``,
case folded, ``folder/Note`` narrowing a shared stem, ambiguity and absence as errors.

``scaffold get NOTE`` (through :func:`resolve_note`), the bulk input's
note column, ``history``, ``render`` and the rest all ask :class:`NoteNames`, so they agree on
which note a name means. The stems come from one walk of the vault; aliases are read (the head
of every note, through the note model's reader) only when a name matches no stem, so naming
notes by path or stem reads nothing extra.
"""

from __future__ import annotations

import os
from pathlib import Path

from scaffold.errors import AddressError, NoteFileError, NoteMissingError, UsageError
from scaffold.vault import index
from scaffold.vault.index import (
    MARK_HINT,
    VaultIndex,
    is_marked,
    link_name,
    note_relpaths,
)


class NoteNames:
    """The notes of one vault, by vault-relative path (``/`` separators)."""

    def __init__(self, vault: Path, *, limit: int | None = None) -> None:
        self.vault = vault
        self.limit = limit
        """At most this many entries are walked (a folder that is not a marked vault)."""
        self.links: set[str] = set()
        """The notes that are symbolic links: every other path of :attr:`paths` is known,
        from the walk, to lie in the vault (no link between the vault and the file)."""
        self.paths = note_relpaths(vault, limit=limit, links=self.links)
        self._known: set[str] | None = None
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

    def resolve(self, name: str, *, by_path: bool = True) -> str:
        """The vault-relative path of the one note ``name`` names: :class:`NoteMissingError`
        (with close names) when it names none, :class:`AddressError` listing the candidates
        when it names several. ``by_path``: a name ending in ``.md`` or holding a ``/`` may be
        a file's path (in the vault, else from the current folder; never outside the vault)."""
        name = link_name(name)  # a wikilink pasted from a note names its note
        if not name:
            raise AddressError("the note name is empty", hint="fill in the note column")
        found = self._as_path(name) if by_path else None
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
            import difflib  # only for a name that is not there: `get` must not load it

            close = tuple(difflib.get_close_matches(base, stems, n=3, cutoff=0.6))
            hint = f"Did you mean {', '.join(close)}?" if close else "check the name or the path"
            # Exit 3 and kind "missing", as `scaffold get` reports a note that isn't there.
            raise NoteMissingError(
                f"no note named {name!r} in the vault {self.vault}", candidates=close, hint=hint
            )
        raise AddressError(
            f"note name {name!r} is ambiguous: {', '.join(matches)}",
            candidates=tuple(matches),
            hint="give the path of the one you mean",
        )

    def plain(self, rel: str) -> bool:
        """Whether the walk found ``rel`` with no link on its way: it lies in the vault."""
        return rel not in self.links

    def _as_path(self, name: str) -> str | None:
        if not (name.endswith(".md") or "/" in name or os.sep in name):
            return None
        # A vault-relative path the walk found, not a link: known without a system call.
        if self._known is None:
            self._known = set(self.paths)
        rel = name.replace(os.sep, "/").removeprefix("./")
        if rel in self._known and rel not in self.links:
            return rel
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
            self._index = VaultIndex.build(self.vault, limit=self.limit)
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


def resolve_note(name: str, *, vault: Path, explicit: bool = False) -> Path:
    """Resolve NOTE as given on the command line: an existing path, or a note name.

    A path that exists (or is absolute, or climbs with ``..``) is taken as a path, and a
    symbolic link there is followed. Anything else is a note name, looked up inside ``vault``
    by stem, then by alias, like a wikilink; a note found that way must not be a link leading
    out of the vault (:class:`NoteFileError`). Unless the user named the vault (``explicit``),
    a folder without a vault marker is searched only within limits (:class:`UsageError`).
    """
    as_path = Path(name)
    if as_path.exists() or as_path.is_absolute() or ".." in as_path.parts:
        return as_path
    names = NoteNames(vault, limit=_search_limit(link_name(name), vault, explicit))
    return _inside(vault / names.resolve(name, by_path=False), vault)


def _search_limit(name: str, vault: Path, explicit: bool) -> int | None:
    """The scan limit for a lookup by name in ``vault``; refuses ``/`` and the home folder
    when neither is a marked vault nor named by the user."""
    if explicit or is_marked(vault):
        return None
    here = vault.resolve()
    if here == Path(here.anchor) or here == Path.home().resolve():
        where = "the root folder" if here == Path(here.anchor) else "your home folder"
        raise UsageError(
            f"note name {name!r}: no vault here (neither {here} nor a folder above it holds "
            f".obsidian/ or .scaffold/), and scaffold will not search all of {where} for it",
            hint=MARK_HINT,
        )
    return index.UNMARKED_SCAN_LIMIT


def _inside(path: Path, vault: Path) -> Path:
    """``path`` when it really lies inside ``vault``; a link leading out is refused."""
    real = Path(os.path.realpath(path))
    if real.is_relative_to(os.path.realpath(vault)):
        return path
    raise NoteFileError(
        f"this note is a link to {real}, outside the vault {vault}; nothing was read",
        path=path,
        hint="scaffold does not follow links out of the vault for a note found by name: "
        "give that file's path to use it",
    )
