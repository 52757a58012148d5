"""Finding a note's managed regions: the ``scaffold:view`` markers and their options.

::

    <!-- scaffold:view where="type:product and tag:ai" columns="name, downloads" sort="name" -->
    ...generated, rewritten by scaffold render...
    <!-- /scaffold:view -->

A marker is an HTML comment on lines of its own, as the note model finds it (a marker shown
in a fenced code block is not one). Options are ``key="value"`` pairs; a value may hold single
quotes, which the ``--where`` grammar uses. A region whose markers are malformed (an opener
never closed, one opened inside another, a closer with no opener, an unknown option, an option
without its quotes, a ``where`` that does not parse) is a :class:`~scaffold.errors.ViewError`
with the marker's line, and the note it is in is left as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scaffold.bulk.select import Expr, parse_where
from scaffold.errors import UsageError, ViewError
from scaffold.note.parsed import ParsedNote

OPTIONS = ("where", "columns", "sort", "as", "limit")
"""What a view marker may say: the selection (``--where`` grammar; every note when left
out), the columns (``name`` and fields or addresses; default ``name``), the sort keys
(``-`` for descending; default ``name``), ``as="table"`` or ``as="list"``, and ``limit``."""

FORMATS = ("table", "list")

_OPEN = re.compile(r"<!--\s*scaffold:view(?=[\s-])(?P<options>.*?)-->\s*\Z", re.DOTALL)
_CLOSE = re.compile(r"<!--\s*/scaffold:view\s*-->\s*\Z")
_MENTIONS = re.compile(r"<!--\s*/?scaffold:view")
_OPTION = re.compile(r'\s*(?P<key>[A-Za-z_][\w-]*)\s*=\s*"(?P<value>[^"]*)"')

MARKER_HINT = (
    'write <!-- scaffold:view where="type:product" columns="name, downloads" '
    'sort="-downloads" --> on a line of its own, and <!-- /scaffold:view --> after it'
)


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a view: ``name`` (the note, as a link) or a field or address."""

    target: str

    @property
    def is_name(self) -> bool:
        return self.target.casefold() == "name"

    @property
    def header(self) -> str:
        """What the column is called: an address's last part, first letter capitalised."""
        last = self.target.rsplit(">", 1)[-1].strip()
        return last[:1].upper() + last[1:]


@dataclass(frozen=True, slots=True)
class SortKey:
    target: str
    descending: bool = False

    @property
    def is_name(self) -> bool:
        return self.target.casefold() == "name"


@dataclass(frozen=True, slots=True)
class View:
    """What a view marker asks for."""

    where: Expr | None
    where_text: str
    columns: tuple[Column, ...]
    sort: tuple[SortKey, ...]
    format: str
    limit: int | None

    @property
    def targets(self) -> tuple[str, ...]:
        """Every field or address the view reads (its columns and sort keys), once each."""
        seen: dict[str, None] = {}
        for target in (*(c.target for c in self.columns), *(k.target for k in self.sort)):
            if target.casefold() != "name":
                seen.setdefault(target, None)
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class Region:
    """A well-formed region of a note."""

    line: int
    """1-based line of the opening marker."""
    end_line: int
    """1-based line of the closing marker."""
    view: View
    content_start: int
    """Offset of the first character after the opening marker's line."""
    content_end: int
    """Offset of the closing marker's first character."""
    eol: str
    """The line ending the opening marker uses (the generated lines use it too)."""


def find_regions(note: ParsedNote) -> tuple[list[Region], list[ViewError]]:
    """The note's regions, and the problems of its malformed ones (with their lines)."""
    if "scaffold:view" not in note.text:
        return [], []
    lines = note.lines
    regions: list[Region] = []
    problems: list[ViewError] = []
    opened: tuple[int, int, View | None] | None = None  # (line, end_line, view) of the opener
    for hidden in note.body.hidden:
        if hidden.kind != "html-comment":
            continue
        first, last = hidden.line - 1, hidden.end_line - 1
        text = "\n".join(lines.content[first : last + 1]).strip()
        if not _MENTIONS.match(text):
            continue
        if _CLOSE.match(text):
            if opened is None:
                problems.append(_error(note, hidden.line, "a closing view marker with no opener"))
                continue
            line, end_line, view = opened
            opened = None
            if view is not None:
                regions.append(
                    Region(
                        line,
                        hidden.line,
                        view,
                        lines.next_start(end_line - 1),
                        lines.starts[first],
                        lines.eols[end_line - 1] or lines.dominant_eol(),
                    )
                )
            continue
        found = _OPEN.match(text)
        if found is None:
            problems.append(_error(note, hidden.line, "a view marker that cannot be read"))
            continue
        if opened is not None:
            problems.append(
                _error(note, hidden.line, f"a view opened inside the view of line {opened[0]}")
            )
            # The outer view is not written either: its end is no longer known.
            opened = (opened[0], opened[1], None)
            continue
        try:
            view = parse_view(found.group("options"))
        except UsageError as exc:
            problems.append(_error(note, hidden.line, exc.message, exc.hint))
            view = None
        opened = (hidden.line, hidden.end_line, view)
    if opened is not None:
        problems.append(
            _error(note, opened[0], "this view is never closed: no <!-- /scaffold:view -->")
        )
    # A note with a malformed region is left whole as it was: drop its good regions too.
    return ([] if problems else regions), problems


def _error(note: ParsedNote, line: int, message: str, hint: str | None = None) -> ViewError:
    return ViewError(message, path=note.path, line=line, hint=hint or MARKER_HINT)


def parse_view(options: str) -> View:
    """A view from the text between ``scaffold:view`` and ``-->``."""
    found: dict[str, str] = {}
    pos = 0
    rest = options.strip()
    while pos < len(rest):
        m = _OPTION.match(rest, pos)
        if m is None:
            raise UsageError(
                f"cannot read the view's options from {rest[pos:].strip()!r}",
                hint='write each option as key="value"',
            )
        key = m.group("key")
        if key not in OPTIONS:
            import difflib

            close = difflib.get_close_matches(key, OPTIONS, n=1)
            hint = f"did you mean {close[0]}?" if close else f"the options are {', '.join(OPTIONS)}"
            raise UsageError(f"unknown view option {key!r}", hint=hint)
        if key in found:
            raise UsageError(f"the view option {key!r} is given twice")
        found[key] = m.group("value")
        pos = m.end()
        while pos < len(rest) and rest[pos].isspace():
            pos += 1
    where_text = found.get("where", "").strip()
    where = parse_where(where_text) if where_text else None
    columns = tuple(Column(c) for c in _items(found.get("columns", "name")))
    if not columns:
        raise UsageError("the view has no columns", hint='write e.g. columns="name, downloads"')
    sort = tuple(
        SortKey(k[1:].strip(), True) if k.startswith("-") else SortKey(k.lstrip("+").strip())
        for k in _items(found.get("sort", "name"))
    )
    fmt = found.get("as", "table").strip()
    if fmt not in FORMATS:
        raise UsageError(f'as="{fmt}": a view is a table or a list', hint='write as="list"')
    limit = None
    if "limit" in found:
        text = found["limit"].strip()
        if not text.isdigit() or int(text) < 1:
            raise UsageError(f'limit="{text}" is not a positive whole number')
        limit = int(text)
    return View(where, where_text, columns, sort, fmt, limit)


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]
