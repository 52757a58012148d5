"""Finding the names an address gives: the section, its first table, the row and the column.

Names match case-insensitively with whitespace folded; headings and row keys match after inline
markup is stripped, and a row key also answers to each wikilink target in it when no row's text
matches. SECTION may hold ``*`` globs and may leave out a heading's trailing parenthetical unless
a heading matches as written. Several matches are an :class:`AmbiguousAddressError` unless the
address picks one (``NAME[n]``); none is an :class:`AddressError` with "Did you mean". The
syntax is :mod:`scaffold.note.addressing.address`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from scaffold.errors import AddressError, AmbiguousAddressError, TargetMissingError
from scaffold.note.body.inline import fold, strip_markup
from scaffold.note.body.model import Body, Section, Table
from scaffold.note.body.segments import SegmentedBody
from scaffold.text import Lines


def _matcher(pattern: str, *, glob: bool) -> Callable[[str], bool]:
    """A predicate over already-folded names."""
    if glob and "*" in pattern:
        rx = re.compile(".*".join(re.escape(fold(p)) for p in pattern.split("*")), re.DOTALL)
        return lambda name: rx.fullmatch(name) is not None
    want = fold(strip_markup(pattern))
    return lambda name: name == want


def _did_you_mean(pattern: str, names: Sequence[str]) -> tuple[str, ...]:
    import difflib  # only an address that matches nothing needs it: keep it off `get`'s path

    by_fold = {fold(n): n for n in names}
    close = difflib.get_close_matches(fold(pattern), list(by_fold), n=3, cutoff=0.5)
    return tuple(by_fold[c] for c in close)


def _missing(what: str, pattern: str, names: Sequence[str], where: str) -> TargetMissingError:
    close = _did_you_mean(pattern, names)
    listing = ", ".join(repr(n) for n in names[:20]) or "none"
    hint = (
        f"Did you mean {' or '.join(repr(c) for c in close)}?"
        if close
        else f"{what}s {where}: {listing}"
    )
    return TargetMissingError(f"no {what} matches {pattern!r} {where}", candidates=close, hint=hint)


# "Llama 4 family (Apr 2025)" is addressable as "Llama 4 family": headings often carry a date.
_TRAILING_PAREN = re.compile(r"\s*\([^()]*\)\s*$")

Spell = Callable[[int], str]
"""Given n, the user's address with ``[n]`` on the part being matched (for hints)."""


def _pick_one(
    what: str,
    pattern: str,
    hits: Sequence[int],
    shown: Callable[[int], str],
    line_of: Callable[[int], int],
    where: str,
    pick: int | None,
    spell: Spell | None,
) -> int:
    """The one hit, or the ``pick``-th; several hits without a pick are ambiguous."""
    spell = spell or (lambda n: f"{pattern}[{n}]")
    if pick is not None:
        if pick <= len(hits):
            return hits[pick - 1]
        raise AddressError(
            f"{what} {pattern!r} matches {len(hits)} time{'s' * (len(hits) != 1)} {where}; "
            f"there is no match [{pick}]",
            candidates=tuple(spell(n) for n in range(1, len(hits) + 1)),
            line=line_of(hits[-1]),
            hint=f"pick one from [1] to [{len(hits)}]" if len(hits) > 1 else f"use {spell(1)!r}",
        )
    if len(hits) == 1:
        return hits[0]
    listed = tuple(f"{shown(i)} (line {line_of(i)})" for i in hits)
    choices = [f"{spell(n)!r} (line {line_of(i)})" for n, i in enumerate(hits[:3], start=1)]
    raise AmbiguousAddressError(
        f"{what} {pattern!r} is ambiguous {where}: it matches {', '.join(listed)}",
        candidates=tuple(spell(n) for n in range(1, len(hits) + 1)),
        line=line_of(hits[0]),
        hint=f"pick one by its place, counted from 1: {' or '.join(choices)}",
    )


def find_section(
    body: Body, lines: Lines, pattern: str, *, pick: int | None = None, spell: Spell | None = None
) -> Section:
    """The one section whose heading matches ``pattern`` (globs allowed), or the ``pick``-th.

    A heading that matches as written wins over one that only matches with its trailing
    parenthetical left out: ``Quick stats`` finds ``## Quick stats`` even below
    ``## Quick stats (archive)``.
    """
    match = _matcher(pattern, glob=True)
    if isinstance(body, SegmentedBody) and pick is None:
        # The usual case, one match, decided on the headings: only its section is built.
        found = _quick_heading(body, match)
        if found is not None:
            return body.section(found)
    sections = body.sections
    named = [(i, s.heading.name) for i, s in enumerate(sections) if s.heading]
    hits = [i for i, name in named if match(fold(name))]
    if not hits:
        bare = [(i, _TRAILING_PAREN.sub("", name)) for i, name in named if ")" in name]
        hits = [i for i, name in bare if match(fold(name))]
    if hits:
        names = dict(named)
        index = _pick_one(
            "section",
            pattern,
            hits,
            lambda i: names[i],
            lambda i: sections[i].line,
            "in this note",
            pick,
            spell,
        )
        return sections[index]
    hidden = _hidden_heading(body, lines, match)
    if hidden is not None:
        raise hidden
    raise _missing("section", pattern, [name for _, name in named], "in this note")


def _quick_heading(body: SegmentedBody, match: Callable[[str], bool]) -> int | None:
    """The index of the one heading that matches as :func:`find_section` matches (as
    written, else without its trailing parenthetical), or None when not exactly one does."""
    names = [h.name for h in body.headings]
    # A name is strip_markup's output, whitespace already folded: casefold is all fold adds.
    hits = [k for k, name in enumerate(names) if match(name.casefold())]
    if not hits:
        hits = [
            k
            for k, name in enumerate(names)
            if ")" in name and match(fold(_TRAILING_PAREN.sub("", name)))
        ]
    return hits[0] if len(hits) == 1 else None


_HEADING_LIKE = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$")

_HIDDEN_NAMES = {
    "fence": "a fenced code block",
    "html-comment": "an HTML comment",
    "obsidian-comment": "an Obsidian comment (%% %%)",
}


def _hidden_heading(body: Body, lines: Lines, match: Callable[[str], bool]) -> AddressError | None:
    """A heading that only exists inside a code block or comment gets its own clear error."""
    for region in body.hidden:
        for index in range(region.line - 1, min(region.end_line, len(lines))):
            m = _HEADING_LIKE.match(lines.content[index])
            if m and match(fold(strip_markup(m.group(1)))):
                inside = _HIDDEN_NAMES.get(region.kind, f"a {region.kind.replace('-', ' ')}")
                return AddressError(
                    f"heading {m.group(1)!r} is inside {inside} "
                    f"(lines {region.line}-{region.end_line}); scaffold does not edit there",
                    line=index + 1,
                    hint=f"move the table out of {inside}, or edit it by hand",
                )
    return None


def first_table(section: Section) -> Table:
    """The first table under a section's heading (its subsections included)."""
    if not section.tables:
        name = section.heading.name if section.heading else "(top)"
        raise TargetMissingError(
            f"section {name!r} (line {section.line}) has no table",
            line=section.line,
            hint="check the section name; tables need a header and a '| --- |' delimiter row",
        )
    return section.tables[0]


def _find_one(
    what: str,
    pattern: str,
    names: Sequence[str],
    lines_of: Sequence[int],
    where: str,
    *,
    fallback: Sequence[Sequence[str]] = (),
    pick: int | None = None,
    spell: Spell | None = None,
) -> int:
    """The one index whose name matches (or the ``pick``-th); when none does, the indexes
    one of whose ``fallback`` names matches."""
    match = _matcher(pattern, glob=False)
    hits = [i for i, n in enumerate(names) if match(fold(n))]
    if not hits and fallback:
        hits = [i for i, alts in enumerate(fallback) if any(match(fold(a)) for a in alts)]
    if hits:
        return _pick_one(
            what, pattern, hits, lambda i: names[i], lambda i: lines_of[i], where, pick, spell
        )
    raise _missing(what, pattern, list(names), where)


_WIKILINK = re.compile(r"!?\[\[([^\[\]]*)\]\]")


def link_names(key: str) -> tuple[str, ...]:
    """The other names a row key answers to: each wikilink's target and, when the key holds
    more than one link, each link's shown text. ``[[Qwen]]/[[DeepSeek]]`` answers to
    ``Qwen`` and ``DeepSeek``; ``[[Page\\|Alias]]`` (which reads as ``Alias``) to ``Page``."""
    if "[[" not in key:
        return ()
    links = _WIKILINK.findall(key.replace("\\|", "|"))
    names: list[str] = []
    for inner in links:
        target, bar, alias = inner.partition("|")
        target = target.split("#", 1)[0].split("^", 1)[0].strip()
        if target:
            names.append(target)
        if bar and len(links) > 1:
            names.append(strip_markup(alias))
    return tuple(names)


def _only_match(pattern: str, names: Sequence[str]) -> int | None:
    """The index of the one name (each a :func:`strip_markup` result) matching ``pattern``,
    when exactly one does: the usual case, decided before the fallbacks and messages of
    :func:`_find_one` are built."""
    match = _matcher(pattern, glob=False)
    # ``names`` are strip_markup's output, whitespace already folded: casefold is all fold adds.
    hits = [i for i, n in enumerate(names) if match(n.casefold())]
    return hits[0] if len(hits) == 1 else None


def find_row(
    table: Table,
    key: str,
    section_name: str,
    *,
    pick: int | None = None,
    spell: Spell | None = None,
) -> int:
    """Index into ``table.rows`` of the row whose first cell matches ``key`` (its visible
    text; when no row's text matches, one of its :func:`link_names`), or the ``pick``-th."""
    keys = [r.cells[0].text if r.cells else "" for r in table.rows]
    names = [strip_markup(k) for k in keys]
    found = _only_match(key, names) if pick is None else None
    if found is not None:
        return found
    where = f"in the table under {section_name!r} (line {table.line})"
    lines_of = [r.line for r in table.rows]
    alts = [link_names(k) for k in keys]
    return _find_one("row", key, names, lines_of, where, fallback=alts, pick=pick, spell=spell)


def find_column(
    table: Table,
    name: str,
    section_name: str,
    *,
    pick: int | None = None,
    spell: Spell | None = None,
) -> int:
    """Index of the header cell matching ``name``, or the ``pick``-th."""
    names = [strip_markup(c.text) for c in table.header.cells]
    found = _only_match(name, names) if pick is None else None
    if found is not None:
        return found
    where = f"in the table under {section_name!r} (line {table.line})"
    lines = [table.line] * len(names)
    return _find_one("column", name, names, lines, where, pick=pick, spell=spell)
