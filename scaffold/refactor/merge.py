"""``scaffold merge KEEP DROP``: fold one note into another and point every link at it.

Into KEEP go DROP's aliases (and its name, unless DROP stays as a stub) and its tags, the
rows of its tables that KEEP lacks, the cells KEEP leaves empty, and the items of its
Related list. A cell both notes fill differently is a conflict: every conflict is reported
and nothing is written, unless ``prefer`` says whose value wins. Every link to DROP, in any
note, is rewritten to KEEP, and DROP is removed (or, with ``stub``, left as a note that
links to KEEP). Each change to KEEP is made by the edit engine, which verifies it; the whole
merge is one journalled run.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scaffold.errors import (
    AddressError,
    MergeConflict,
    TargetMissingError,
    UsageError,
)
from scaffold.note.addressing import matching
from scaffold.note.addressing.address import quote_name
from scaffold.note.body.inline import strip_markup
from scaffold.note.parsed import ParsedNote
from scaffold.note.values.placeholders import is_placeholder
from scaffold.refactor.links import Rewrite, rewrites
from scaffold.refactor.move import (
    NoteRewrite,
    _git_name,
    _relative,
    _spliced,
    git_diff,
    read_linking,
    scan,
)
from scaffold.vault.changes import FileChange
from scaffold.vault.files import read_bytes
from scaffold.vault.head import aliases_in, tags_in

PREFER = ("keep", "drop")
_RELATED = "Related"


@dataclass(frozen=True, slots=True)
class Conflict:
    """A cell KEEP and DROP fill differently."""

    address: str
    keep: str
    drop: str

    def to_dict(self) -> dict[str, str]:
        return {"address": self.address, "keep": self.keep, "drop": self.drop}


@dataclass(frozen=True, slots=True)
class MergePlan:
    """What ``merge`` will do to KEEP, to DROP and to the notes that link to DROP."""

    vault: Path
    keep: str
    drop: str
    added: tuple[str, ...]
    """What KEEP gains, one line each: ``alias 'Facebook'``, ``row 'Stats > Users'``, ..."""
    conflicts: tuple[Conflict, ...]
    notes: tuple[NoteRewrite, ...]
    """The notes whose links to DROP are rewritten (KEEP among them when it links to it)."""
    keep_before: bytes
    keep_after: bytes
    drop_before: bytes
    drop_after: bytes | None
    """DROP's stub, or ``None`` when it is removed."""
    prefer: str | None = None
    changes: tuple[FileChange, ...] = field(default=())

    @property
    def links(self) -> int:
        return sum(len(n.links) for n in self.notes)

    def diff(self) -> str:
        """A patch ``git apply`` accepts: KEEP, the other rewritten notes, DROP."""
        out = [git_diff(self.keep_before, self.keep_after, self.keep)]
        for note in self.notes:
            if note.path not in (self.keep, self.drop):
                out.append(git_diff(note.before, note.after, note.path))
        if self.drop_after is not None:
            out.append(git_diff(self.drop_before, self.drop_after, self.drop))
        else:
            out.append(_deleted_diff(self.drop, self.drop_before))
        return "".join(out)

    def to_dict(self) -> dict[str, Any]:
        return {
            "keep": self.keep,
            "drop": self.drop,
            "stub": self.drop_after is not None,
            "added": list(self.added),
            "conflicts": [c.to_dict() for c in self.conflicts],
            "notes": [n.to_dict() for n in self.notes],
            "links": self.links,
        }


def _deleted_diff(name: str, before: bytes) -> str:
    from scaffold.edit.diff import note_diff

    body = note_diff(before, b"", name)
    lines = body.split("\n", 2)
    head = f"diff --git {_git_name('a', name)} {_git_name('b', name)}\ndeleted file mode 100644\n"
    return f"{head}--- a/{name}\n+++ /dev/null\n{lines[2]}"


def plan_merge(
    vault: Path, keep: Path, drop: Path, *, prefer: str | None = None, stub: bool = False
) -> MergePlan:
    """Plan merging the note at ``drop`` into the note at ``keep`` (both paths in ``vault``).

    Raises :class:`MergeConflict` (exit 10) listing every cell the two notes fill
    differently, unless ``prefer`` is ``"keep"`` or ``"drop"``."""
    if prefer is not None and prefer not in PREFER:
        raise UsageError(f"--prefer {prefer}: give keep or drop")
    keep_rel = _relative(keep, vault, str(keep))
    drop_rel = _relative(drop, vault, str(drop))
    if keep_rel == drop_rel or _same(keep, drop):
        raise UsageError("KEEP and DROP are the same note", hint="give two different notes")
    for rel in (keep_rel, drop_rel):
        if not rel.casefold().endswith(".md"):
            raise UsageError(f"{rel} is not a note (.md)")
    keep_bytes, drop_bytes = read_bytes(vault / keep_rel), read_bytes(vault / drop_rel)
    keep_note = ParsedNote.from_bytes(keep_bytes, path=vault / keep_rel)
    drop_note = ParsedNote.from_bytes(drop_bytes, path=vault / drop_rel)
    keep_stem = posixpath.basename(keep_rel)[:-3]
    drop_stem = posixpath.basename(drop_rel)[:-3]

    added: list[str] = []
    conflicts: list[Conflict] = []
    merged = _union_heads(keep_note, drop_note, keep_stem, drop_stem, stub, added)
    merged = _merge_sections(merged, drop_note, added)
    merged = _merge_tables(merged, drop_note, prefer, added, conflicts)
    merged = _merge_related(merged, drop_note, keep_stem, added)
    if conflicts and prefer is None:
        listed = "; ".join(f"{c.address}: {c.keep!r} vs {c.drop!r}" for c in conflicts[:5])
        more = f" (and {len(conflicts) - 5} more)" if len(conflicts) > 5 else ""
        raise MergeConflict(
            f"{len(conflicts)} cell(s) differ between {keep_rel} and {drop_rel}: "
            f"{listed}{more}; nothing was written",
            conflicts=tuple(c.to_dict() for c in conflicts),
            path=vault / keep_rel,
            hint="pass --prefer keep or --prefer drop to say whose values win, or edit one note",
        )

    index, candidates = scan(vault, drop_stem)
    others = [p for p in index.by_stem.get(keep_stem.casefold(), ()) if p != keep_rel]
    bare = not others
    notes: list[NoteRewrite] = []
    changes: list[FileChange] = []
    own = rewrites(merged, keep_rel, index, drop_rel, keep_rel, stem_changed=True, bare=bare)
    merged = _spliced(merged, own)
    keep_after = merged.to_bytes()
    if own:
        notes.append(NoteRewrite(keep_rel, tuple(own), keep_bytes, keep_after))
    changes.append(FileChange(vault / keep_rel, keep_bytes, keep_after))

    def find(note: ParsedNote, at: str) -> list[Rewrite]:
        return rewrites(note, at, index, drop_rel, keep_rel, stem_changed=True, bare=bare)

    for rel in candidates:
        if rel in (keep_rel, drop_rel):
            continue
        read = read_linking(vault, rel, drop_rel, find)
        if read is None:
            continue
        data, note, found = read
        after = _spliced(note, found).to_bytes()
        notes.append(NoteRewrite(rel, tuple(found), data, after))
        changes.append(FileChange(vault / rel, data, after))
    drop_after = None
    if stub:
        eol = drop_note.lines.dominant_eol()
        link = keep_stem if bare else keep_rel[:-3]
        drop_after = f"Merged into [[{link}]].{eol}".encode()
        changes.append(FileChange(vault / drop_rel, drop_bytes, drop_after))
    else:
        changes.append(FileChange(vault / drop_rel, drop_bytes, b"", remove=True))
    return MergePlan(
        vault,
        keep_rel,
        drop_rel,
        tuple(added),
        tuple(conflicts),
        tuple(notes),
        keep_bytes,
        keep_after,
        drop_bytes,
        drop_after,
        prefer,
        tuple(changes),
    )


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _data(note: ParsedNote) -> dict[str, Any]:
    data = note.data if note.block is not None else None
    return data if isinstance(data, dict) else {}


def _union_heads(
    keep: ParsedNote, drop: ParsedNote, keep_stem: str, drop_stem: str, stub: bool, added: list[str]
) -> ParsedNote:
    """KEEP with DROP's aliases (and name) and tags appended where KEEP lacks them."""
    from scaffold.edit import ops

    keep_data, drop_data = _data(keep), _data(drop)
    have = {a.casefold() for a in aliases_in(keep_data)} | {keep_stem.casefold()}
    wanted = ([] if stub else [drop_stem]) + aliases_in(drop_data)
    key = "alias" if "alias" in keep_data and "aliases" not in keep_data else "aliases"
    for alias in wanted:
        if alias.casefold() in have:
            continue
        keep = ops.append(keep, key, [alias], type_hint="str")
        have.add(alias.casefold())
        added.append(f"alias {alias!r}")
    tags = {t.casefold() for t in tags_in(keep_data)}
    for tag in tags_in(drop_data):
        if tag.casefold() in tags:
            continue
        keep = ops.append(keep, "tags", [tag], type_hint="str")
        tags.add(tag.casefold())
        added.append(f"tag {tag!r}")
    return keep


def _empty(text: str) -> bool:
    return is_placeholder(strip_markup(text))


def _merge_tables(
    keep: ParsedNote,
    drop: ParsedNote,
    prefer: str | None,
    added: list[str],
    conflicts: list[Conflict],
) -> ParsedNote:
    """KEEP with DROP's table rows merged in, row by row, matched by section and row key."""
    from scaffold.edit import ops

    for section in drop.body.sections:
        if section.heading is None or not section.tables:
            continue
        table = section.tables[0]
        name = section.heading.name
        if any(s.tables and s.tables[0] is table for s in _below(drop, section)):
            continue  # the table belongs to a subsection: merged with that one
        where = quote_name(name)
        try:
            mine = matching.find_section(keep.body, keep.lines, name)
        except TargetMissingError:
            keep = _with_section(keep, drop, section)
            added.append(f"section {name!r}")
            continue
        except AddressError:
            conflicts.append(Conflict(f"{where} >", "(several sections)", "(a table)"))
            continue
        if not mine.tables:
            conflicts.append(Conflict(f"{where} >", "(no table)", "(a table)"))
            continue
        headers = [strip_markup(c.text).strip() for c in table.header.cells]
        for row in table.rows:
            cells = [c.text for c in row.cells]
            if not cells or not strip_markup(cells[0]).strip():
                continue
            key = cells[0]
            row_address = f"{where} > {quote_name(strip_markup(key).strip())}"
            theirs = keep_table = matching.find_section(keep.body, keep.lines, name).tables[0]
            try:
                index = matching.find_row(keep_table, strip_markup(key).strip(), name)
            except TargetMissingError:
                index = None
            except AddressError:
                conflicts.append(Conflict(row_address, "(several rows)", key))
                continue
            keep_headers = [strip_markup(c.text).strip() for c in theirs.header.cells]
            if index is None:
                values = []
                for header in keep_headers:
                    at = headers.index(header) if header in headers else None
                    values.append(cells[at] if at is not None and at < len(cells) else "")
                if any(
                    h not in keep_headers
                    for h, v in zip(headers, cells, strict=False)
                    if not _empty(v)
                ):
                    missing = [h for h in headers if h not in keep_headers]
                    conflicts.append(
                        Conflict(row_address, "(no column " + ", ".join(missing) + ")", key)
                    )
                    continue
                keep = ops.append(keep, f"{where} >", values)
                added.append(f"row {row_address!r}")
                continue
            mine_cells = [c.text for c in theirs.rows[index].cells]
            for c, header in enumerate(headers[1:], start=1):
                if c >= len(cells) or _empty(cells[c]) or header not in keep_headers:
                    continue
                k = keep_headers.index(header)
                current = mine_cells[k] if k < len(mine_cells) else ""
                if current.strip() == cells[c].strip():
                    continue
                address = (
                    row_address
                    if k == 1 and len(keep_headers) >= 2
                    else (f"{row_address} > {quote_name(header)}")
                )
                if _empty(current) or prefer == "drop":
                    if not _empty(current):
                        conflicts.append(Conflict(address, current, cells[c]))
                    keep = ops.set_value(keep, address, cells[c], type_hint="str")
                    added.append(f"cell {address!r}")
                else:
                    conflicts.append(Conflict(address, current, cells[c]))
    return keep


def _merge_related(
    keep: ParsedNote, drop: ParsedNote, keep_stem: str, added: list[str]
) -> ParsedNote:
    """KEEP with the items of DROP's Related list it lacks (a link to KEEP itself left out)."""
    from scaffold.edit import ops

    try:
        section = matching.find_section(drop.body, drop.lines, _RELATED)
    except AddressError:
        return keep
    have = set()
    try:
        mine = matching.find_section(keep.body, keep.lines, _RELATED)
        have = {keep.lines.content[i].strip() for i in range(mine.line, mine.end_line)}
    except AddressError:
        pass
    content = drop.lines.content
    for i in range(section.line, min(section.end_line, len(content))):
        line = content[i]
        item = line.strip()
        if not item.startswith(("- ", "* ", "+ ")) or line[:1] in (" ", "\t"):
            continue
        if item in have or f"[[{keep_stem}]]".casefold() in item.casefold():
            continue
        keep = ops.add_list_item(keep, _RELATED, line.rstrip())
        have.add(item)
        added.append(f"related {item!r}")
    return keep


def _with_section(keep: ParsedNote, drop: ParsedNote, section: Any) -> ParsedNote:
    """KEEP with DROP's whole section (heading to its last line) added at its end."""
    eol = keep.lines.dominant_eol()
    content = drop.lines.content
    lines = content[section.line - 1 : section.end_line]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    text = keep.text
    if text and not text.endswith(("\n", "\r")):
        text += eol
    if text.strip() and not text.endswith(eol * 2):
        text += eol
    return ParsedNote(text + eol.join(lines) + eol, bom=keep.bom, path=keep.path)


def _below(note: ParsedNote, section: Any) -> list[Any]:
    return [s for s in note.body.sections if s.heading is not None and s.line > section.line]


def _merge_sections(keep: ParsedNote, drop: ParsedNote, added: list[str]) -> ParsedNote:
    """KEEP with each section of DROP it has no heading for (below the title), whole."""
    until = 0
    for section in drop.body.sections:
        heading = section.heading
        if heading is None or heading.level < 2 or section.line <= until:
            continue
        if heading.name.casefold() == _RELATED.casefold():
            continue  # its items are merged one by one
        try:
            matching.find_section(keep.body, keep.lines, heading.name)
            continue
        except TargetMissingError:
            pass
        except AddressError:
            continue
        keep = _with_section(keep, drop, section)
        added.append(f"section {heading.name!r}")
        until = section.end_line
    return keep
