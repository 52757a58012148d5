"""``scaffold mv OLD NEW``: rename or move a note and rewrite every link that leads to it.

The plan is made whole before anything is written: the note's new name, and for every note
whose links lead to it, the note's text with each link's target replaced (the only bytes
that change). Each rewritten note is parsed again and must read back with the same links as
before, each rewritten one now naming the new place; otherwise nothing is written.

The plan is written as one journalled run (:func:`scaffold.bulk.changeset.write_journalled`):
the note at its new path, every rewritten note, and the removal of the old path, all or
nothing, and ``scaffold undo`` puts back every byte.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from scaffold.errors import (
    NoteExistsError,
    NoteFileError,
    NoteParseError,
    ScaffoldError,
    UsageError,
    VerifyError,
)
from scaffold.note.mdlinks import find_md_links
from scaffold.note.parsed import ParsedNote
from scaffold.note.wikilinks import find_links
from scaffold.refactor.links import Rewrite, rewrites
from scaffold.vault.changes import FileChange
from scaffold.vault.confine import outside_error
from scaffold.vault.files import read_bytes
from scaffold.vault.head import HEAD_BYTES, aliases_in

if TYPE_CHECKING:
    from collections.abc import Callable

    from scaffold.check.linkindex import LinkIndex

# Characters a note name cannot hold: Obsidian refuses them in file names, and each would
# end or split a wikilink (``[[a|b]]``, ``[[a#b]]``, ``[[a^b]]``).
_NOT_IN_NAMES = frozenset('[]|#^\\:*?"<>') | {chr(c) for c in range(32)} | {"\x7f"}
_SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__"})
_CHUNK = 1 << 16
"""What a vault scan reads of each note at first: nearly every note whole (a read sized for
the largest note allowed would allocate that much for each)."""


@dataclass(frozen=True, slots=True)
class NoteRewrite:
    """One note whose links are rewritten (the moved note itself under its new path)."""

    path: str
    """Vault-relative, as the note is after the run."""
    links: tuple[Rewrite, ...]
    before: bytes
    after: bytes

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "links": [
                {
                    "line": r.line,
                    "old": r.old,
                    "new": r.new,
                    "frontmatter": r.frontmatter,
                    "markdown": r.markdown,
                }
                for r in self.links
            ],
        }


@dataclass(frozen=True, slots=True)
class MovePlan:
    """What ``mv`` will do: rename ``old`` to ``new`` and rewrite ``notes``."""

    vault: Path
    old: str
    """The note's vault-relative path now."""
    new: str
    """Its vault-relative path after the move."""
    notes: tuple[NoteRewrite, ...]
    """Every note whose text changes, the moved note first when its own text does."""
    moved_before: bytes
    moved_after: bytes
    alias_added: str | None = None
    changes: tuple[FileChange, ...] = field(default=())
    """The change set: the new path created, each other note rewritten, the old removed."""

    @property
    def links(self) -> int:
        """How many links are rewritten."""
        return sum(len(n.links) for n in self.notes)

    def diff(self) -> str:
        """The plan as a patch ``git apply`` accepts: a rename with the moved note's changes,
        then each other rewritten note."""
        out = [_rename_diff(self.old, self.new, self.moved_before, self.moved_after)]
        for note in self.notes:
            if note.path != self.new:
                out.append(git_diff(note.before, note.after, note.path))
        return "".join(out)

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old,
            "new": self.new,
            "alias_added": self.alias_added,
            "notes": [n.to_dict() for n in self.notes],
            "links": self.links,
        }


def _rename_diff(old: str, new: str, before: bytes, after: bytes) -> str:
    from scaffold.edit.diff import note_diff

    head = f"diff --git {_git_name('a', old)} {_git_name('b', new)}\n"
    head += f"rename from {_git_path(old)}\nrename to {_git_path(new)}\n"
    body = note_diff(before, after, "x")
    if body:
        # note_diff names one file: give the hunks git's names for both sides of the rename
        lines = body.split("\n", 2)
        tab = "\t" if " " in old or " " in new else ""
        body = f"--- a/{old}{tab}\n+++ b/{new}{tab}\n{lines[2]}"
    return head + body


def git_diff(before: bytes, after: bytes, name: str) -> str:
    """One note's diff with git's header: after a rename with no hunks, ``git apply`` would
    read a bare ``--- a/NAME`` as more of the rename."""
    from scaffold.edit.diff import note_diff

    body = note_diff(before, after, name)
    if not body:
        return ""
    return f"diff --git {_git_name('a', name)} {_git_name('b', name)}\n{body}"


def _git_path(name: str) -> str:
    if any(ch in name for ch in '"\\\t\n') or not name.isprintable():
        escaped = name.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
        return f'"{escaped}"'
    return name


def _git_name(side: str, name: str) -> str:
    return _git_path(f"{side}/{name}")


# -- planning --------------------------------------------------------------------------------


def destination(old: Path, new: str, *, vault: Path, cwd: Path) -> Path:
    """Where NEW puts the note at ``old``: a name (``Meta Llama``) keeps its folder; a folder
    (``Models/``, or one that exists) keeps its name; a path (``Models/Meta Llama.md``, the
    ``.md`` optional) is taken from ``cwd`` like mv(1), or from the vault's root when it does
    not lie under ``cwd``."""
    given = new.strip()
    if not given:
        raise UsageError("NEW is empty", hint="give the note's new name or path")
    if given.endswith("/") or (cwd / given).is_dir():
        folder = cwd / given
        return folder / old.name
    if "/" not in given:
        name = given if given.casefold().endswith(".md") else given + ".md"
        return old.parent / name
    target = cwd / given
    if not target.name.casefold().endswith(".md"):
        target = target.with_name(target.name + ".md")
    return target


def _check_name(stem: str, given: str) -> None:
    bad = sorted({ch for ch in stem if ch in _NOT_IN_NAMES})
    if bad:
        shown = " ".join(repr(ch) for ch in bad)
        raise UsageError(
            f"{given!r}: a note name cannot hold {shown}",
            hint="these characters end or split a wikilink; choose another name",
        )
    if not stem.strip() or stem != stem.strip() or stem.startswith("."):
        raise UsageError(
            f"{given!r}: a note name must not be empty, start with '.', or start or end "
            "with a space",
            hint="Obsidian hides such files, or cannot link to them",
        )


def _relative(path: Path, vault: Path, given: str) -> str:
    """``path`` (which need not exist) relative to the vault, refusing one outside it."""
    root = Path(os.path.realpath(vault))
    real = Path(os.path.realpath(path.parent)) / path.name
    if not real.is_relative_to(root) or real == root:
        raise outside_error(given, vault)
    return real.relative_to(root).as_posix()


def plan_move(
    vault: Path,
    old: Path,
    new: str,
    *,
    cwd: Path | None = None,
    keep_alias: bool = False,
) -> MovePlan:
    """Plan moving the note at ``old`` (a path; see :func:`scaffold.vault.names.resolve_note`
    for a name) to NEW (see :func:`destination`), with every link to it rewritten.

    Refused: a NEW outside the vault, in a hidden folder or not a note name
    (:class:`UsageError`, :class:`~scaffold.errors.NoteFileError`); a NEW that exists, or
    whose name is another note's name or alias (:class:`NoteExistsError`, exit 9)."""
    cwd = Path.cwd() if cwd is None else cwd
    if old.is_symlink():
        raise UsageError(
            f"{old} is a symbolic link; mv renames note files, not links",
            hint="rename the link with your file manager, or mv the note it leads to",
        )
    old_rel = _relative(old, vault, str(old))
    if not old_rel.casefold().endswith(".md"):
        raise UsageError(f"{old_rel} is not a note (.md)", hint="mv renames markdown notes")
    target = destination(old, new, vault=vault, cwd=cwd)
    new_rel = _relative(target, vault, new)
    parts = new_rel.split("/")
    _check_name(parts[-1][:-3], new)
    if any(p.startswith(".") or p in _SKIPPED_FOLDERS for p in parts[:-1]):
        raise UsageError(
            f"{new!r}: that folder is hidden from the vault",
            hint="scaffold and Obsidian do not index hidden folders; choose another folder",
        )
    if new_rel == old_rel:
        raise UsageError(f"{old_rel} is already there", hint="give a new name or folder")
    vault_path = vault / new_rel
    if _case_only_here(vault_path, vault / old_rel):
        raise UsageError(
            f"{old_rel} -> {new_rel}: a change of case only, on a file system that ignores "
            "case; scaffold cannot rename it in one step here",
            hint=f"move it through another name: scaffold mv {old_rel!r} tmp && "
            f"scaffold mv tmp {new_rel!r}",
        )
    if os.path.lexists(vault_path) and not _same_file(vault_path, vault / old_rel):
        raise NoteExistsError(
            "a file is already there; nothing was written",
            path=vault_path,
            hint="choose another name, or scaffold merge the two notes",
        )

    old_stem = posixpath.basename(old_rel)[:-3]
    index, candidates = scan(vault, old_stem)
    new_stem = posixpath.basename(new_rel)[:-3]
    stem_changed = old_stem != new_stem
    key = new_stem.casefold()
    others = [p for p in index.by_stem.get(key, ()) if p != old_rel]
    if stem_changed and key != old_stem.casefold() and others:
        raise NoteExistsError(
            f"the name {new_stem!r} is taken by {others[0]}; nothing was written",
            path=vault_path,
            hint="links to that name would change meaning: choose another name, or "
            "scaffold merge the two notes",
        )
    taken = [p for p in index.by_alias.get(key, ()) if p != old_rel]
    if stem_changed and taken:
        raise NoteExistsError(
            f"{new_stem!r} is an alias of {taken[0]}; nothing was written",
            path=vault_path,
            hint="links to that alias would change meaning: choose another name",
        )
    bare = not others

    notes: list[NoteRewrite] = []
    changes: list[FileChange] = []
    old_bytes = read_bytes(vault / old_rel)
    moved = ParsedNote.from_bytes(old_bytes, path=vault / old_rel)
    moved_links = rewrites(
        moved, old_rel, index, old_rel, new_rel, moved=True, stem_changed=stem_changed, bare=bare
    )
    moved_new = _spliced(moved, moved_links)
    alias_added = None
    if keep_alias and old_stem.casefold() != new_stem.casefold():
        moved_new, alias_added = _with_alias(moved_new, old_stem), old_stem
    moved_after = moved_new.to_bytes()
    if moved_links or alias_added:
        notes.append(NoteRewrite(new_rel, tuple(moved_links), old_bytes, moved_after))
    changes.append(FileChange(vault / new_rel, None, moved_after))

    def find(note: ParsedNote, at: str) -> list[Rewrite]:
        return rewrites(note, at, index, old_rel, new_rel, stem_changed=stem_changed, bare=bare)

    # Every link that names the note holds its name, or (in a single-quoted YAML value,
    # where a quote is doubled) its longest part without a quote.
    for rel in candidates:
        if rel == old_rel:
            continue
        read = read_linking(vault, rel, old_rel, find)
        if read is None:
            continue
        data, note, found = read
        after = _spliced(note, found).to_bytes()
        notes.append(NoteRewrite(rel, tuple(found), data, after))
        changes.append(FileChange(vault / rel, data, after))
    changes.append(FileChange(vault / old_rel, old_bytes, b"", remove=True))
    return MovePlan(
        vault,
        old_rel,
        new_rel,
        tuple(notes),
        old_bytes,
        moved_after,
        alias_added,
        tuple(changes),
    )


def scan(vault: Path, name: str) -> tuple[LinkIndex, list[str]]:
    """The vault's link index, and the notes whose text mentions ``name`` (the only ones
    that can link to it by name or path), in one read of each note."""
    from scaffold.check.linkindex import LinkIndex, vault_files
    from scaffold.vault.files import max_note_bytes, read_head
    from scaffold.vault.head import head_data

    # Every link that names the note holds its name, or (in a single-quoted YAML value,
    # where a quote is doubled) its longest part without a quote.
    needle = max(name.casefold().split("'"), key=len)
    encoded = quote(needle, safe="").lower()  # as a markdown link's path holds it
    files = vault_files(vault)
    aliases: dict[str, list[str]] = {}
    candidates: list[str] = []
    limit = max_note_bytes()
    for rel in files:
        if not rel.lower().endswith(".md"):
            continue
        data = read_head(vault / rel, _CHUNK)
        if data is not None and len(data) == _CHUNK:  # a long note: read it whole
            data = read_head(vault / rel, limit)
        if data is None:
            continue
        if data.startswith((b"---", b"\xef\xbb\xbf---")) and b"alias" in data[:HEAD_BYTES]:
            head = data[:HEAD_BYTES].decode("utf-8", errors="replace").removeprefix("\ufeff")
            head = head.replace("\r\n", "\n").replace("\r", "\n")
            found = aliases_in(head_data(head, wanted=("alias",)))
            if found:
                aliases[rel] = found
        if b"[[" in data and mentions(data, needle):
            candidates.append(rel)
        elif b"](" in data and (mentions(data, needle) or mentions(data, encoded)):
            candidates.append(rel)  # a markdown link: [x](Old%20Name.md)
    return LinkIndex.build(vault, files, aliases), sorted(candidates)


def read_linking(
    vault: Path, rel: str, target: str, find: Callable[[ParsedNote, str], list[Rewrite]]
) -> tuple[bytes, ParsedNote, list[Rewrite]] | None:
    """A note that may link to ``target``: its bytes, its note and the rewrites ``find``
    (given the note and ``rel``) finds in it; None when there are none (or it is no note at
    all: a device, a FIFO, a file too large). A note that is not UTF-8 is searched with its
    bad bytes replaced: when it links to ``target`` it is refused
    (:class:`~scaffold.errors.NoteFileError`, nothing written), since its link would be left
    naming a note that is no longer there."""
    path = vault / rel
    try:
        data = read_bytes(path)
    except ScaffoldError:
        return None
    try:
        note = ParsedNote.from_bytes(data, path=path)
    except NoteFileError as exc:
        try:
            lenient = ParsedNote(data.decode("utf-8", errors="replace"), path=path)
            linking = bool(find(lenient, rel))
        except ScaffoldError:
            return None
        if not linking:
            return None
        raise NoteFileError(
            f"it links to {target}, but cannot be read ({exc.message}), so its link cannot be "
            "rewritten; nothing was written",
            path=path,
            line=exc.line,
            col=exc.col,
            hint=f"{exc.hint or 'fix the file'}, then run this again",
        ) from None
    found = find(note, rel)
    return (data, note, found) if found else None


def mentions(data: bytes, needle: str) -> bool:
    """Whether a note's bytes hold ``needle`` (casefolded), tested on the bytes when it is
    ASCII: most notes of a vault do not, and are never decoded or parsed."""
    if needle.isascii():
        return needle.encode("ascii") in data.lower()
    return needle in data.decode("utf-8", errors="replace").casefold()


def _case_only_here(new: Path, old: Path) -> bool:
    """Whether ``new`` names the note at ``old`` only by a change of case, on a file system
    that ignores case (macOS, Windows, a FAT or exFAT stick): ``new`` is found, yet it is the
    same file, or its folder holds no entry spelt as ``new`` (a FUSE or network file system
    may give the two spellings different inode numbers)."""
    if new.name == old.name or new.name.casefold() != old.name.casefold():
        return False
    if new.parent != old.parent or not os.path.lexists(new):
        return False
    if _same_file(new, old):
        return True
    try:
        return new.name not in os.listdir(new.parent)
    except OSError:
        return False


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _spliced(note: ParsedNote, found: list[Rewrite]) -> ParsedNote:
    """``note`` with each link target replaced, checked: it reads back with the same links,
    each rewritten one naming its new target, and every other byte as it was."""
    if not found:
        return note
    text = note.text
    pieces: list[str] = []
    at = 0
    for r in sorted(found, key=lambda r: r.start):
        pieces.append(text[at : r.start])
        pieces.append(r.new)
        at = r.end
    pieces.append(text[at:])
    new = ParsedNote("".join(pieces), bom=note.bom, path=note.path)
    _verify(note, new, found)
    return new


def _verify(old: ParsedNote, new: ParsedNote, found: list[Rewrite]) -> None:
    _parses_before(old)
    try:
        before, after = find_links(old), find_links(new)
        if old.block is not None:
            _ = new.data  # the frontmatter still parses
    except ScaffoldError as exc:
        raise _refused(old, f"it would not parse after the rewrite ({exc.message})") from None
    wanted = {r.start: r.target for r in found}
    if len(before) != len(after):
        raise _refused(old, "a rewritten link would change the note's other links")
    for a, b in zip(before, after, strict=True):
        target = wanted.get(a.target_start, a.target)
        same = (b.target, b.anchor, b.alias, b.embed) == (target, a.anchor, a.alias, a.embed)
        if not same:
            raise _refused(old, f"the link [[{a.target}]] would not read back as [[{target}]]")
    md_before, md_after = find_md_links(old), find_md_links(new)
    if len(md_before) != len(md_after):
        raise _refused(old, "a rewritten link would change the note's other links")
    for m, n in zip(md_before, md_after, strict=True):
        path = wanted.get(m.path_start, m.path)
        if (n.path, n.anchor, n.embed) != (path, m.anchor, m.embed):
            raise _refused(old, f"the link ({m.path}) would not read back as ({path})")


def _parses_before(note: ParsedNote) -> None:
    """Refuse a note whose frontmatter does not parse as it stands, before any rewrite: its
    links are not found or written until the YAML is fixed (say so, not a quoting hint)."""
    if note.block is None:
        return
    try:
        _ = note.data
    except NoteParseError as exc:
        raise type(exc)(
            f"cannot rewrite the links in this note: its frontmatter does not parse "
            f"({exc.message}); nothing was written",
            path=note.path,
            line=exc.line,
            col=exc.col,
            hint=f"fix the frontmatter first (scaffold check {note.path}), then run this again",
        ) from None


def _refused(note: ParsedNote, why: str) -> VerifyError:
    return VerifyError(
        f"cannot rewrite the links in this note: {why}; nothing was written",
        path=note.path,
        hint="choose a name without quotes or YAML punctuation, or fix the note's links",
    )


def _with_alias(note: ParsedNote, alias: str) -> ParsedNote:
    """``note`` with ``alias`` appended to its aliases (the list is made when missing)."""
    from scaffold.edit import ops

    data = note.data if note.block is not None else None
    have = aliases_in(data) if isinstance(data, dict) else []
    if any(a.casefold() == alias.casefold() for a in have):
        return note
    single = isinstance(data, dict) and "alias" in data and "aliases" not in data
    key = "alias" if single else "aliases"
    result: ParsedNote = ops.append(note, key, [alias], type_hint="str")
    return result
