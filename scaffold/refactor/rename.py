"""Renaming what links name inside a note: a heading (``[[Note#Heading]]`` links follow it)
and an alias (``[[Alias]]`` links follow it), planned the way ``scaffold mv`` plans a note's
rename: the vault scanned once for the notes that mention the old text, each link resolved
as Obsidian resolves it (:func:`scaffold.refactor.links.chosen`), only the spans that name the
old text replaced, every rewritten note parsed again and its links compared.

A plan writes nothing. Its :attr:`RenamePlan.changes` is a change set for
:func:`scaffold.bulk.changeset.write_journalled`; its :attr:`RenamePlan.notes` give each
rewritten note's edits as spans of its text, which the language server sends as a
``WorkspaceEdit``.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scaffold.errors import AddressError, NoteExistsError, ScaffoldError, UsageError, VerifyError
from scaffold.note.parsed import ParsedNote
from scaffold.note.wikilinks import Link, anchor_key, find_links
from scaffold.refactor.links import by_name, chosen, scalar_escape, style_at
from scaffold.vault.changes import FileChange
from scaffold.vault.files import read_bytes
from scaffold.vault.head import aliases_in

if TYPE_CHECKING:
    from scaffold.refactor.move import MovePlan

_NOT_IN_LINKS = re.compile(r"[#|^\[\]]+")
"""What Obsidian drops from a heading when it writes a link to it."""


@dataclass(frozen=True, slots=True)
class Span:
    """One replaced span of a note's text (offsets into the text before the rename)."""

    start: int
    end: int
    new: str


@dataclass(frozen=True, slots=True)
class NoteEdits:
    """One note whose text changes, and the spans that change."""

    path: str
    """Vault-relative."""
    before: bytes
    after: bytes
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class RenamePlan:
    """What renaming a heading or an alias will change."""

    vault: Path
    kind: str
    """``"heading"`` or ``"alias"``."""
    note: str
    """The vault-relative note that holds the heading or alias."""
    old: str
    new: str
    notes: tuple[NoteEdits, ...]
    changes: tuple[FileChange, ...] = field(default=())

    @property
    def links(self) -> int:
        """How many spans change outside the heading or alias itself."""
        return sum(len(n.spans) for n in self.notes) - 1

    def diff(self) -> str:
        from scaffold.refactor.move import git_diff

        return "".join(git_diff(n.before, n.after, n.path) for n in self.notes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "note": self.note,
            "old": self.old,
            "new": self.new,
            "notes": [n.path for n in self.notes],
            "links": self.links,
        }


def link_text(heading: str) -> str:
    """A heading as a link names it: what Obsidian drops from it (``#|^[]``) dropped, spaces
    folded."""
    return " ".join(_NOT_IN_LINKS.sub(" ", heading).split())


def move_edits(plan: MovePlan) -> tuple[NoteEdits, ...]:
    """A ``mv`` plan's rewritten notes as spans of their text before the move (the moved
    note under its new path)."""
    return tuple(
        NoteEdits(n.path, n.before, n.after, tuple(Span(r.start, r.end, r.new) for r in n.links))
        for n in plan.notes
    )


# -- headings ---------------------------------------------------------------------------------


def plan_heading_rename(vault: Path, path: Path, line: int, new: str) -> RenamePlan:
    """Rename the heading on 1-based ``line`` of the note at ``path`` to ``new``, and every
    ``[[Note#Heading]]`` (and ``[[#Heading]]`` in the note itself) that names it.

    :class:`AddressError` when no heading is on that line; :class:`UsageError` for a new
    title that is empty, spans lines, or names nothing a link can reach."""
    from scaffold.refactor.move import scan

    rel = _rel(vault, path)
    data = read_bytes(path)
    note = ParsedNote.from_bytes(data, path=path)
    heading = next((h for h in note.body.headings if h.line == line), None)
    if heading is None:
        raise AddressError("no heading on this line", path=path, line=line, hint="")
    title = new.strip()
    if not title or "\n" in title or "\r" in title:
        raise UsageError("a heading's new title must be one non-empty line", path=path)
    target = link_text(title)
    if not anchor_key(target):
        raise UsageError(
            f"{title!r}: a link cannot name this heading",
            path=path,
            hint="give the heading a letter or a digit",
        )
    old_key = anchor_key(heading.raw)
    if anchor_key(title) != old_key:
        taken = [
            h
            for h in note.body.headings
            if h is not heading and anchor_key(h.raw) == anchor_key(title)
        ]
        if taken:
            raise NoteExistsError(
                f"the note has a heading {taken[0].name!r} already; links to it would "
                "change meaning",
                path=path,
                line=taken[0].line,
                hint="choose another title",
            )
    stem = posixpath.basename(rel)[:-3]
    index, candidates = scan(vault, stem)
    if rel not in candidates:
        candidates.append(rel)

    def wanted(link: Link, source: str) -> bool:
        if not link.anchor or link.anchor.startswith("^"):
            return False
        if anchor_key(link.anchor.rsplit("#", 1)[-1]) != old_key:
            return False
        if not link.target:
            return source == rel
        return chosen(index.resolve(link.target, source), source) == rel

    def spans(current: ParsedNote, source: str) -> list[Span]:
        found = [_anchor_span(current, k, target) for k in find_links(current) if wanted(k, source)]
        if source == rel:
            found.append(Span(heading.start, heading.end, title))
        return found

    def expect(link: Link, source: str) -> Link:
        if not wanted(link, source):
            return link
        return link._replace(anchor=_renamed_anchor(link.anchor, target))

    notes = _rewritten(vault, rel, note, data, candidates, spans, expect)
    changes = tuple(FileChange(vault / n.path, n.before, n.after) for n in notes)
    return RenamePlan(vault, "heading", rel, heading.name, title, notes, changes)


def _renamed_anchor(anchor: str, target: str) -> str:
    head, sep, _ = anchor.rpartition("#")
    return f"{head}{sep}{target}"


def _anchor_span(note: ParsedNote, link: Link, new: str) -> Span:
    """The span of a link's last ``#`` part (trimmed), to be replaced by ``new``."""
    text = note.text
    close = text.rfind("]]", link.start, link.end)
    inner_end = close if close >= 0 else link.end
    bar = text.find("|", link.target_end, inner_end)
    end = bar if bar >= 0 else inner_end
    if end > link.target_end and text[end - 1] == "\\":
        end -= 1  # ``[[a#b\|c]]`` in a table
    start = text.rfind("#", link.target_end - (0 if link.target else 1), end) + 1
    part = text[start:end]
    lead = len(part) - len(part.lstrip())
    trail = len(part.rstrip())
    shown = new
    if link.frontmatter:
        shown = scalar_escape(new, style_at(note, start))
    return Span(start + lead, start + trail, shown)


# -- aliases ----------------------------------------------------------------------------------


def alias_at(note: ParsedNote, offset: int) -> tuple[str, int, int] | None:
    """The alias whose frontmatter item holds ``offset``: its text and its node's span."""
    for text, start, end, _ in _alias_nodes(note):
        if start <= offset <= end:
            return text, start, end
    return None


def plan_alias_rename(vault: Path, path: Path, old: str, new: str) -> RenamePlan:
    """Rename the alias ``old`` of the note at ``path`` to ``new``, and every link that
    reaches the note through it (``[[Old]]``, ``[[Old#Heading|shown]]``).

    Refused (:class:`NoteExistsError`, exit 9) when ``new`` is another note's name or
    alias: links to it would change meaning."""
    from scaffold.refactor.move import _check_name, scan

    rel = _rel(vault, path)
    data = read_bytes(path)
    note = ParsedNote.from_bytes(data, path=path)
    name = new.strip()
    _check_name(name, new)
    place = next((a for a in _alias_nodes(note) if a[0].casefold() == old.casefold()), None)
    if place is None:
        raise AddressError(f"{old!r} is not an alias of this note", path=path, hint="")
    index, candidates = scan(vault, old)
    key = name.casefold()
    if key != old.casefold():
        for paths, what in ((index.by_stem, "name"), (index.by_alias, "alias")):
            others = [p for p in paths.get(key, ()) if p != rel]
            if others:
                raise NoteExistsError(
                    f"{name!r} is the {what} of {others[0]}; nothing was written",
                    path=path,
                    hint="links to it would change meaning: choose another alias",
                )
    if rel not in candidates:
        candidates.append(rel)
    old_key = old.casefold()

    def wanted(link: Link, source: str) -> bool:
        if link.target.casefold() != old_key or by_name(link, rel):
            return False
        return chosen(index.resolve(link.target, source), source) == rel

    def spans(current: ParsedNote, source: str) -> list[Span]:
        found = []
        for link in find_links(current):
            if wanted(link, source):
                shown = name
                if link.frontmatter:
                    shown = scalar_escape(name, style_at(current, link.target_start))
                found.append(Span(link.target_start, link.target_end, shown))
        if source == rel:
            _, start, end, style = place
            found.append(Span(start, end, _yaml_scalar(name, style)))
        return found

    def expect(link: Link, source: str) -> Link:
        return link._replace(target=name) if wanted(link, source) else link

    notes = _rewritten(vault, rel, note, data, candidates, spans, expect)
    changes = tuple(FileChange(vault / n.path, n.before, n.after) for n in notes)
    plan = RenamePlan(vault, "alias", rel, place[0], name, notes, changes)
    first = ParsedNote.from_bytes(plan.notes[0].after)
    if name not in aliases_in(first.data):
        raise VerifyError(f"the alias {name!r} would not read back", path=path)
    return plan


def _alias_nodes(note: ParsedNote) -> list[tuple[str, int, int, str]]:
    root = note.nodes if note.block is not None else None
    if root is None or root.kind != "map":
        return []
    found = []
    for entry in root.entries:
        if str(entry.key.value).casefold() not in ("aliases", "alias"):
            continue
        value = entry.value
        items = value.items if value.kind == "seq" else (value,)
        for item in items:
            if item.kind == "scalar" and isinstance(item.value, str):
                found.append((item.value, item.start, item.end, item.style))
    return found


def _yaml_scalar(text: str, style: str) -> str:
    """``text`` as a YAML scalar in the style of the one it replaces (quoted when plain
    would not read back as the same string)."""
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    if style == "double":
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if _plain_ok(text):
        return text
    return "'" + text.replace("'", "''") + "'"


def _plain_ok(text: str) -> bool:
    try:
        data = ParsedNote(f"---\na: [{text}]\n---\n").data
    except ScaffoldError:
        return False
    return bool(data == {"a": [text]})


# -- shared -----------------------------------------------------------------------------------


def _rewritten(
    vault: Path,
    rel: str,
    note: ParsedNote,
    data: bytes,
    candidates: list[str],
    spans: Callable[[ParsedNote, str], list[Span]],
    expect: Callable[[Link, str], Link],
) -> tuple[NoteEdits, ...]:
    """Each candidate note whose ``spans`` change its text, checked (:func:`_spliced`): the
    note at ``rel`` (read already as ``note``) first."""
    out: list[NoteEdits] = []
    for source in sorted(set(candidates)):
        if source == rel:
            current, before = note, data
        else:
            try:
                before = read_bytes(vault / source)
                current = ParsedNote.from_bytes(before, path=vault / source)
            except ScaffoldError:
                continue
        found = [s for s in spans(current, source) if current.text[s.start : s.end] != s.new]
        if not found:
            continue
        after = _spliced(current, found, lambda link, at=source: expect(link, at))
        found.sort(key=lambda s: s.start)
        out.append(NoteEdits(source, before, after.to_bytes(), tuple(found)))
    out.sort(key=lambda n: (n.path != rel, n.path))
    return tuple(out)


def _rel(vault: Path, path: Path) -> str:
    from scaffold.refactor.move import _relative

    rel = _relative(path, vault, str(path))
    if not rel.casefold().endswith(".md"):
        raise UsageError(f"{rel} is not a note (.md)")
    return rel


def _spliced(note: ParsedNote, spans: list[Span], expect: Any) -> ParsedNote:
    """``note`` with ``spans`` replaced, checked: it parses, and reads back with the same
    links, each one as ``expect(old_link)`` says."""
    text = note.text
    pieces: list[str] = []
    at = 0
    for s in sorted(spans, key=lambda s: s.start):
        if s.start < at:
            raise VerifyError("two edits overlap; nothing was written", path=note.path)
        pieces += [text[at : s.start], s.new]
        at = s.end
    pieces.append(text[at:])
    new = ParsedNote("".join(pieces), bom=note.bom, path=note.path)
    try:
        before, after = find_links(note), find_links(new)
        if note.block is not None:
            _ = new.data
    except ScaffoldError as exc:
        raise _refused(note, f"it would not parse after the rename ({exc.message})") from None
    if len(before) != len(after):
        raise _refused(note, "the rename would change the note's other links")
    for a, b in zip(before, after, strict=True):
        want = expect(a)
        if (b.target.casefold(), anchor_key(b.anchor), b.alias, b.embed) != (
            want.target.casefold(),
            anchor_key(want.anchor),
            want.alias,
            want.embed,
        ):
            raise _refused(note, f"the link [[{a.target}#{a.anchor}]] would not read back")
    return new


def _refused(note: ParsedNote, why: str) -> VerifyError:
    return VerifyError(
        f"cannot rename in this note: {why}; nothing was written",
        path=note.path,
        hint="choose a name without YAML punctuation, or fix the note's links",
    )
