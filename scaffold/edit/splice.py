"""Splicing edits into a note: the new text, and the new note built from what the edit knows.

An edit replaces a few spans. Everything before the first one is unchanged, so the new note
keeps the old note's lines up to there (and its frontmatter block and YAML nodes, when the
edit is in the body), re-splits only the lines the edits touch, and shifts the rest. Its
body is scanned when something reads it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scaffold.text import Lines, split_lines

if TYPE_CHECKING:
    from scaffold.note.parsed import ParsedNote as Note


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with ``new``. ``start == end`` inserts."""

    start: int
    end: int
    new: str


def splice(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits to ``text``; each edit's offsets refer to the original."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    out: list[str] = []
    pos = 0
    for edit in ordered:
        if edit.start < pos:
            raise ValueError(f"overlapping edits at offset {edit.start}")
        out.append(text[pos : edit.start])
        out.append(edit.new)
        pos = edit.end
    out.append(text[pos:])
    return "".join(out)


def apply_edits(note: Note, edits: Sequence[Edit]) -> Note:
    """The note ``edits`` make of ``note`` (the same object when they change nothing)."""
    text = splice(note.text, edits)
    if text == note.text:
        return note
    lo = min(e.start for e in edits)
    hi = max(e.end for e in edits)
    lines = respliced_lines(note.lines, lo, hi, text, len(text) - len(note.text))
    in_body = note.block is None or lo >= note.block.after
    return note.replace_text(text, lines=lines, same_frontmatter=in_body and note.block is not None)


def respliced_lines(old: Lines, lo: int, hi: int, text: str, delta: int) -> Lines:
    """``split_lines(text)``, where ``text`` is the old text with ``old``'s characters
    ``lo:hi`` replaced (``delta``: how much longer it got): the lines holding ``lo`` to
    ``hi`` are split again, the ones before kept, the ones after shifted."""
    if not old.content:
        return split_lines(text)
    first = max(0, bisect_right(old.starts, lo) - 1)  # old.line_of(lo)
    last = max(0, bisect_right(old.starts, hi) - 1)
    start = old.starts[first]
    stop = old.next_start(last)  # the changed region ends with its last line's ending
    region = split_lines(text[start : stop + delta])
    after = last + 1
    return Lines(
        old.starts[:first]
        + tuple([start + s for s in region.starts])
        + tuple([s + delta for s in old.starts[after:]]),
        old.content[:first] + region.content + old.content[after:],
        old.eols[:first] + region.eols + old.eols[after:],
    )
