"""L: wikilinks and embeds that point at nothing: no such note, no such file, no such heading
or block in the note they name.

Links are found by :func:`scaffold.note.wikilinks.find_links` (never inside code, math or
comments) and resolved by :class:`scaffold.check.linkindex.LinkIndex` as Obsidian resolves
them. Finding a note's links needs only the note; resolving them needs the vault, so a vault
check extracts :class:`LinkRef` values from every note first (in parallel) and resolves them
once the whole vault is indexed.
"""

from __future__ import annotations

import posixpath
from bisect import bisect_right
from collections.abc import Callable, Iterator
from typing import NamedTuple

from scaffold.check.context import NoteContext
from scaffold.check.diagnostic import Diagnostic, Severity
from scaffold.check.linkindex import LinkIndex, chosen
from scaffold.check.rule import Rule
from scaffold.note.wikilinks import Anchors, anchor_key, anchors, find_links

NO_NOTE = "L001"
NO_HEADING = "L002"
NO_BLOCK = "L003"
NO_FILE = "L004"

RULES = (
    Rule(
        NO_NOTE, "broken-link", Severity.WARNING, "a wikilink or embed names no note in the vault"
    ),
    Rule(
        NO_HEADING,
        "broken-heading-link",
        Severity.WARNING,
        "a [[note#heading]] link names a heading the note does not have",
    ),
    Rule(
        NO_BLOCK,
        "broken-block-link",
        Severity.WARNING,
        "a [[note#^block]] link names a block id the note does not have",
    ),
    Rule(
        NO_FILE,
        "missing-attachment",
        Severity.WARNING,
        "an embed or link names a file (image, PDF, ...) that is not in the vault",
    ),
)

# A link whose name ends in one of these names a file, not a note ("Version 1.2" is a note).
ATTACHMENTS = frozenset(
    {
        "png",
        "jpg",
        "jpeg",
        "gif",
        "bmp",
        "svg",
        "webp",
        "avif",
        "tif",
        "tiff",
        "ico",
        "heic",
        "pdf",
        "mp3",
        "wav",
        "ogg",
        "m4a",
        "flac",
        "webm",
        "3gp",
        "mp4",
        "mov",
        "mkv",
        "ogv",
        "canvas",
        "base",
        "excalidraw",
        "csv",
        "json",
        "txt",
        "zip",
        "html",
        "htm",
        "js",
        "css",
    }
)


class LinkRef(NamedTuple):
    """A link and where it is, without the note: cheap to build and to send between
    processes (a vault has hundreds of thousands)."""

    start: int
    end: int
    line: int
    col: int
    end_line: int
    end_col: int
    target: str
    anchor: str
    embed: bool


def refs(ctx: NoteContext, settled: Callable[[str], bool] | None = None) -> list[LinkRef]:
    """The note's links with their positions; without those whose target ``settled`` says
    is fine as it stands (a worker's look at the vault's names: an anchorless link to a file
    that exists needs nothing more, so it is not worth a line and column)."""
    found = find_links(ctx.note)
    if settled is not None:
        found = [link for link in found if link.anchor or not settled(link.target)]
    if not found:
        return []
    starts = ctx.note.lines.starts
    out: list[LinkRef] = []
    for link in found:
        a = bisect_right(starts, link.start) - 1
        b = bisect_right(starts, link.end) - 1
        out.append(
            LinkRef(
                link.start,
                link.end,
                a + 1,
                link.start - starts[a] + 1,
                b + 1,
                link.end - starts[b] + 1,
                link.target,
                link.anchor,
                link.embed,
            )
        )
    return out


def check(
    ctx: NoteContext, index: LinkIndex | None = None, rel: str | None = None
) -> Iterator[Diagnostic]:
    """Resolve the note's links against ``index`` (no index: nothing to check against)."""
    if index is None:
        return
    yield from resolve(
        refs(ctx), index, path=ctx.path, rel=rel, own=anchors(ctx.note), severities=ctx.severities
    )


def is_attachment(target: str) -> bool:
    ext = posixpath.splitext(target)[1][1:].lower()
    return ext in ATTACHMENTS


def resolve(
    links: list[LinkRef],
    index: LinkIndex,
    *,
    path: str | None,
    rel: str | None,
    own: Anchors,
    severities: dict[str, Severity],
) -> Iterator[Diagnostic]:
    """A diagnostic for each link that finds no file, heading or block; ``severities`` has
    every code's severity."""

    def make(link: LinkRef, code: str, message: str, hint: str) -> Diagnostic:
        return Diagnostic(
            path,
            link.line,
            link.col,
            link.end_line,
            link.end_col,
            code,
            severities[code],
            message,
            hint,
            (),
            link.start,
            link.end,
        )

    for link in links:
        shown = "embed" if link.embed else "link"
        if link.target:
            hits = index.resolve(link.target, rel)
            if not hits:
                if is_attachment(link.target):
                    yield make(
                        link,
                        NO_FILE,
                        f"{shown} to {link.target!r}: no such file in the vault",
                        "add the file to the vault, or fix the name",
                    )
                else:
                    yield make(
                        link,
                        NO_NOTE,
                        f"{shown} to {link.target!r}: no note of that name in the vault",
                        _suggest(index, link.target),
                    )
                continue
            notes = [h for h in hits if h.lower().endswith(".md")]
            if not link.anchor or not notes:
                continue
            # Several notes of that name: Obsidian opens one (beside this note, else the
            # shortest path), and the heading or block must be there.
            picked = chosen(notes, rel)
            found = [a for a in (index.anchors_of(h) for h in notes if h == picked) if a]
            if not found:
                continue
        else:
            found = [own]
            if not link.anchor:
                continue
        where = repr(link.target) if link.target else "this note"
        if link.anchor.startswith("^"):
            block = link.anchor[1:].strip().casefold()
            if block and not any(block in a.blocks for a in found):
                yield make(
                    link,
                    NO_BLOCK,
                    f"{shown} to block ^{link.anchor[1:]}: {where} has no such block id",
                    "block ids are written ^id at the end of a paragraph or list item",
                )
            continue
        parts = [anchor_key(p) for p in link.anchor.split("#")]
        missing = [
            p
            for p, key in zip(link.anchor.split("#"), parts, strict=True)
            if key and not any(key in a.headings for a in found)
        ]
        if missing:
            yield make(
                link,
                NO_HEADING,
                f"{shown} to heading {missing[0].strip()!r}: {where} has no such heading",
                "check the heading's words against the note (`scaffold outline NOTE`)",
            )


def _suggest(index: LinkIndex, target: str) -> str:
    name = posixpath.basename(target).casefold()
    cache = index.suggestions
    if name not in cache:
        cache[name] = _closest(index, name)
    return cache[name]


def _closest(index: LinkIndex, name: str) -> str:
    shown = closest_name(index, name)
    if shown is not None:
        return f"Did you mean [[{shown}]]?"
    return "create the note, or fix the link's name"


def closest_name(index: LinkIndex, name: str) -> str | None:
    """The note name (or alias) nearest a broken link's casefolded ``name``, as written, or
    None when none is near."""
    import difflib

    # Only names of about the same length and start: difflib over a whole big vault for each
    # broken name would cost more than the rest of the check.
    pool = index.names_like(name)
    close = difflib.get_close_matches(name, pool, n=1, cutoff=0.75) if len(pool) <= 400 else []
    if not close:
        return None
    paths = index.by_stem.get(close[0])
    if paths:
        return posixpath.basename(paths[0])[:-3]
    for rel in index.by_alias.get(close[0], ()):
        for alias in index.aliases.get(rel, ()):
            if alias.casefold() == close[0]:
                return alias
    return close[0]
