"""Running a view over the vault, and writing its result as markdown.

The notes are read once per render (:class:`VaultNotes`), however many views ask. A view
selects with the ``--where`` grammar, reads each column as ``scaffold export`` reads it (a
field at its first place the note has, or an address: frontmatter and body tables alike), and
sorts by its keys:

* a value the metric reader takes (``**1.2B+** (Apr 2025)``, ``$2.5B``, ``50%``) sorts as
  its number, before a date (``Apr 2025``, ``2023-02-24``), before any other text (compared
  with case and markup folded), whichever the direction; in a column whose every value is a
  date, ``2021`` is a year; a note without the value, or with a placeholder (``—``,
  ``n/a``), comes last;
* ties are broken by the note's name, then its path, so the output is the same on every run.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scaffold.bulk.planner import Planner
from scaffold.bulk.requests import Options
from scaffold.bulk.select import Facts
from scaffold.errors import ScaffoldError
from scaffold.note.body.inline import fold, strip_markup
from scaffold.note.parsed import ParsedNote
from scaffold.note.values.dates import parse_date
from scaffold.note.values.metric import Metric, read
from scaffold.note.values.placeholders import is_placeholder
from scaffold.note.yaml.frontmatter import scalar_text
from scaffold.vault.files import read_bytes
from scaffold.vault.names import NoteNames
from scaffold.views.regions import View


@dataclass(slots=True)
class Entry:
    """One note of the vault, read on first use."""

    rel: str
    stem: str
    display: str
    link: str
    """The note as a wikilink target: its stem, or its path when the stem is not unique."""
    _note: ParsedNote | ScaffoldError | None = None
    _bytes: bytes | None = None


class VaultNotes:
    """The vault's notes, each read and parsed at most once for all the views of a render."""

    def __init__(
        self,
        vault: Path,
        *,
        default_type: str | None = None,
        overlay: Mapping[str, bytes] | None = None,
        names: NoteNames | None = None,
    ) -> None:
        self.vault = vault
        self.names = names = names or NoteNames(vault)
        self.overlay = dict(overlay or {})
        """Notes read from these bytes (by vault path) rather than from disk: the vault as a
        run is about to leave it. A path not on disk is a note about to be created."""
        self.entries: list[Entry] = []
        for rel in names.paths:
            display = names.display(rel)
            stem = rel.rsplit("/", 1)[-1].removesuffix(".md")
            link = stem if display == stem else rel.removesuffix(".md")
            self.entries.append(Entry(rel, stem, display, link))
        known = set(names.paths)
        for rel in sorted(set(self.overlay) - known):
            stem = rel.rsplit("/", 1)[-1].removesuffix(".md")
            self.entries.append(Entry(rel, stem, stem, stem))
        self.by_path = {e.rel: e for e in self.entries}
        self.planner = Planner(vault, Options(default_type=default_type))
        self.unreadable: dict[str, ScaffoldError] = {}
        self.left_out: dict[str, ScaffoldError] = {}
        """Notes a view could not test or read a value of (an unreadable note, frontmatter
        that does not parse, an ambiguous address): left out of its rows, and said."""
        self._values: dict[tuple[str, str], tuple[bool, Any]] = {}
        self._facts: dict[str, Facts] = {}

    def read(self, entry: Entry, note: ParsedNote, target: str) -> tuple[bool, Any]:
        """``(present, value)`` of a field or an address, as the planner reads it, read once
        per note for all the views that ask (a miss costs the most: it is an error with its
        suggestions)."""
        key = (entry.rel, target)
        found = self._values.get(key)
        if found is None:
            found = self._values[key] = self.planner.read(note, target, entry.stem)
        return found

    def facts(self, entry: Entry, note: ParsedNote) -> Facts:
        """What ``--where`` asks of the note, its values read through :meth:`read`."""
        facts = self._facts.get(entry.rel)
        if facts is None:
            planner = self.planner
            made = planner.facts(note, entry.rel)
            facts = Facts(
                made.relpath,
                made.type_name,
                made.tags,
                lambda target: self.read(entry, note, target),
                made.as_of,
            )
            self._facts[entry.rel] = facts
        facts.unmatched.clear()
        return facts

    def raw(self, entry: Entry) -> bytes | None:
        """The entry's bytes; None when the file cannot be read (kept in :attr:`unreadable`)."""
        if entry._bytes is None and entry._note is None and entry.rel in self.overlay:
            entry._bytes = self.overlay[entry.rel]
        if entry._bytes is None and entry._note is None:
            try:
                entry._bytes = read_bytes(self.vault / entry.rel)
            except ScaffoldError as exc:
                entry._note = exc.with_path(entry.rel)
                self.unreadable[entry.rel] = entry._note
        return entry._bytes

    def note(self, entry: Entry) -> ParsedNote | None:
        """The entry's note; None when it cannot be read (kept in :attr:`unreadable`)."""
        if entry._note is None:
            data = self.raw(entry)
            if data is None:
                return None
            try:
                entry._note = ParsedNote.from_bytes(data, path=entry.rel)
            except ScaffoldError as exc:
                entry._note = exc.with_path(entry.rel)
                self.unreadable[entry.rel] = entry._note
        return entry._note if isinstance(entry._note, ParsedNote) else None


@dataclass(frozen=True, slots=True)
class ResultRow:
    """One note in a view's result: its link and each target's text (None: missing)."""

    entry: Entry
    values: dict[str, str | None]


def run_view(view: View, notes: VaultNotes) -> list[ResultRow]:
    """The notes ``view`` selects, with the values it shows, in its order."""
    rows: list[ResultRow] = []
    targets = view.targets
    for entry in notes.entries:
        note = notes.note(entry)
        if note is None:
            notes.left_out.setdefault(entry.rel, notes.unreadable[entry.rel])
            continue
        try:
            if view.where is not None and not view.where.matches(notes.facts(entry, note)):
                continue
            values = {t: text_of(*notes.read(entry, note, t)) for t in targets}
        except ScaffoldError as exc:
            # A value that cannot be read (broken YAML, an ambiguous address) leaves the note
            # out of the view, and the render says so.
            notes.left_out.setdefault(entry.rel, exc.with_path(entry.rel))
            continue
        rows.append(ResultRow(entry, values))
    _sort(view, rows)
    return rows[: view.limit] if view.limit is not None else rows


def text_of(present: bool, value: Any) -> str | None:
    """A value as ``scaffold export`` writes it: a cell's markdown, a scalar as ``get``
    prints it, a list's items joined with ``, ``."""
    if not present or value is None:
        return None
    if isinstance(value, list):
        text = ", ".join(scalar_text(item) for item in value)
    elif isinstance(value, dict):
        text = json.dumps(value, ensure_ascii=False, default=str)
    else:
        text = scalar_text(value)
    return text if text.strip() else None


# -- sorting ----------------------------------------------------------------------------------

_NUMBER, _DATE, _TEXT, _MISSING = 0, 1, 2, 3


@functools.lru_cache(maxsize=65536)
def sort_key(text: str, dates: bool = False) -> tuple[int, Any]:
    """What a value sorts by: its number, else its date, else its folded text. In a column
    of ``dates`` the date comes first (``2021`` is a year there, not a number)."""
    if dates and (dated := parse_date(text)) is not None:
        return _DATE, dated.date
    found = read(text)
    if isinstance(found, Metric):
        return _NUMBER, found.number
    dated = parse_date(text)
    if dated is not None:
        return _DATE, dated.date
    return _TEXT, fold(strip_markup(text))


def _order(a: Any, b: Any) -> int:
    return int(a > b) - int(a < b)


def _missing(text: str | None) -> bool:
    return text is None or is_placeholder(strip_markup(text))


def _sort(view: View, rows: list[ResultRow]) -> None:
    """Sort ``rows`` by the view's keys. A column whose every value reads as a date sorts
    as dates; otherwise each value sorts as a number, a date or text, in that order, and a
    missing value last, whichever the direction."""
    keys: dict[str, dict[int, tuple[int, Any]]] = {}
    for key in view.sort:
        if key.is_name or key.target in keys:
            continue
        shown = [(id(r), r.values.get(key.target)) for r in rows]
        present = [t for _, t in shown if t is not None and not _missing(t)]
        dates = bool(present) and all(parse_date(t) is not None for t in present)
        keys[key.target] = {
            i: (_MISSING, None) if t is None or _missing(t) else sort_key(t, dates)
            for i, t in shown
        }

    def compare(a: ResultRow, b: ResultRow) -> int:
        for key in view.sort:
            if key.is_name:
                order = _order(_name_key(a), _name_key(b))
                if order:
                    return -order if key.descending else order
                continue
            ka, kb = keys[key.target][id(a)], keys[key.target][id(b)]
            order = _order(ka[0], kb[0])  # numbers, dates, text, nothing: either way
            if order:
                return order
            if ka[0] != _MISSING and (order := _order(ka[1], kb[1])):
                return -order if key.descending else order
        return _order(_name_key(a), _name_key(b))

    rows.sort(key=functools.cmp_to_key(compare))


def _name_key(row: ResultRow) -> tuple[str, str]:
    return fold(row.entry.display), row.entry.rel


# -- writing ----------------------------------------------------------------------------------

_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def _cell(text: str | None) -> str:
    """A value made safe for a table cell: one line, every pipe escaped."""
    if text is None:
        return ""
    return _UNESCAPED_PIPE.sub(r"\\|", " ".join(text.split()))


def _link(entry: Entry, *, in_table: bool) -> str:
    if entry.link == entry.stem:
        return f"[[{entry.link}]]"
    bar = "\\|" if in_table else "|"
    return f"[[{entry.link}{bar}{entry.stem}]]"


def _is_number_column(rows: list[ResultRow], target: str) -> bool:
    shown = [r.values.get(target) for r in rows]
    texts = [t for t in shown if not _missing(t)]
    return bool(texts) and all(isinstance(read(t), Metric) for t in texts)


def render_lines(view: View, rows: list[ResultRow]) -> Iterator[str]:
    """The region's lines (without line endings): a GFM table, or a list."""
    if view.format == "list":
        if not rows:
            yield "*No notes match.*"
        for row in rows:
            parts = []
            for column in view.columns:
                if column.is_name:
                    parts.append(_link(row.entry, in_table=False))
                else:
                    text = row.values.get(column.target)
                    if text is not None:
                        parts.append(f"{column.header}: {' '.join(text.split())}")
            first, rest = (parts[0], parts[1:]) if parts else ("", [])
            yield f"- {first} — {', '.join(rest)}" if rest else f"- {first}"
        return
    headers = [c.header for c in view.columns]
    aligns = [
        "---:" if not c.is_name and _is_number_column(rows, c.target) else "---"
        for c in view.columns
    ]
    yield "| " + " | ".join(_cell(h) for h in headers) + " |"
    yield "|" + "|".join(aligns) + "|"
    for row in rows:
        cells = [
            _link(row.entry, in_table=True) if c.is_name else _cell(row.values.get(c.target))
            for c in view.columns
        ]
        yield "| " + " | ".join(cells) + " |"


def render_region(view: View, rows: list[ResultRow], eol: str) -> str:
    """The text between a region's markers: a blank line, the result, a blank line."""
    return eol + "".join(line + eol for line in render_lines(view, rows)) + eol
