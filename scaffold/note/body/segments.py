"""A body read one stretch at a time: its headings found cheaply, and the tables and hidden
regions between two headings scanned only when something reads them.

Scanning a body from a heading on does not depend on anything before it: a heading closes
every open paragraph and list, and no block is open across it (see
:func:`~scaffold.note.body.markdown.scan_body`'s ``stop_after``). So once the headings are known,
the stretch between two of them can be scanned on its own, and an edit that reads one table
scans one stretch instead of the whole note.

Finding the headings without the full scan is safe only when nothing in the body could hide
a heading line or make one: :func:`find_headings` gives up (returns ``None``) on any fence,
HTML block start, ``%%`` comment, indented ``#`` line, or ``===``/``---`` line right under
text (a possible setext underline), and the full scan decides. Otherwise a line starting with
``#`` is an ATX heading exactly when the scanner's own rule says so, wherever it stands: no
paragraph, list, table or block quote can swallow it.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import chain

from scaffold.note.body.blocks import atx_heading
from scaffold.note.body.build import fast_heading, section_ends, slot_setter
from scaffold.note.body.inline import strip_markup
from scaffold.note.body.markdown import scan_body
from scaffold.note.body.model import Body, Heading, Hidden, Section, Table
from scaffold.text import Lines

# An Obsidian comment may open mid-line, in text of any kind, and hide the lines after it.
_COMMENT = "%%"
# First characters of the lines that may be, hide or make a heading: ``#`` (an ATX heading,
# or text such as ``#tag``); ``=`` and ``-`` (a setext underline, a thematic break, a list
# item); ``<`` (an HTML block); a backtick or tilde (a code fence); indentation and ``>``
# (anything nested: looked at closer).
_CUES = frozenset("#=-<`~ \t>")
_NESTING = " \t>"


def find_headings(text: str, lines: Lines, first: int) -> tuple[list[Heading], list[int]] | None:
    """The body's headings and their 0-based lines, exactly as :func:`scan_body` finds them,
    or ``None`` when the body holds anything that makes a full scan necessary."""
    content = lines.content
    if first >= len(content):
        return [], []
    if text.find(_COMMENT, lines.starts[first]) != -1:
        return None
    starts = lines.starts
    headings: list[Heading] = []
    index: list[int] = []
    previous = ""  # the line before, as far as a setext underline is concerned: blank
    for i in range(first, len(content)):
        line = content[i]
        lead = line[:1]
        if lead not in _CUES or not lead:
            previous = line
            continue
        if lead == "#":
            found = atx_heading(line)
            if found is not None:
                level, a, b = found
                raw = line[a:b]
                base = starts[i]
                headings.append(
                    fast_heading(level, i + 1, base + a, base + b, raw, strip_markup(raw))
                )
                index.append(i)
            previous = line
            continue
        rest = line.lstrip(_NESTING) if lead in _NESTING else line
        head = rest[:1]
        if head == "<" or rest[:3] == "```" or rest[:3] == "~~~":
            return None  # an HTML block or a code fence: it may run over a heading line
        if head == "#" and ">" not in line[: len(line) - len(rest)]:
            return None  # an indented `#` line: list content, or a heading
        if (
            (head == "-" or head == "=")
            and not rest.rstrip(" \t").strip(head)
            and previous.strip(" \t")
        ):
            return None  # a line of dashes or equals right under text: maybe setext
        previous = line
    return headings, index


def read_body(text: str, lines: Lines, first: int) -> Body:
    """The body of a note (see :func:`scan_body`), read stretch by stretch when its headings
    can be found cheaply, else scanned whole."""
    found = find_headings(text, lines, first)
    if found is None:
        return scan_body(text, lines, first)
    headings, index = found
    body: Body = object.__new__(SegmentedBody)
    _init(body, text, lines, first, headings, index)
    return body


class SegmentedBody(Body):
    """A :class:`Body` whose headings are known and whose stretches are scanned on demand.

    Stretch ``k`` runs from heading ``k - 1`` (or the body's first line) to heading ``k``; the
    tables, hidden regions and sections are assembled from the stretches when first read, so
    a section's tables are the very objects ``tables`` holds.
    """

    __slots__ = ("_first", "_index", "_lines", "_sections_built", "_stretches", "_text")

    _text: str
    _lines: Lines
    _first: int
    _index: list[int]
    _stretches: list[tuple[tuple[Table, ...], tuple[Hidden, ...]] | None]
    _sections_built: dict[int, Section]
    """The sections of headings built so far, by heading index, so each is built once."""

    def __repr__(self) -> str:
        return "Body" + Body.__repr__(self).removeprefix(type(self).__name__)

    def __getattr__(self, name: str) -> object:
        # Reached only while a slot is still unset.
        if name == "tables" or name == "hidden":
            part = 0 if name == "tables" else 1
            count = len(self._stretches)
            value = tuple(chain.from_iterable(self.stretch(k)[part] for k in range(count)))
        elif name == "sections":
            value = self._group()
        else:
            raise AttributeError(name)
        object.__setattr__(self, name, value)
        return value

    def stretch(self, k: int) -> tuple[tuple[Table, ...], tuple[Hidden, ...]]:
        """The tables and hidden regions of stretch ``k``, scanned on first use."""
        known = self._stretches[k]
        if known is not None:
            return known
        index, headings = self._index, self.headings
        if k == 0:
            first, want = self._first, headings[:1]
        else:
            first, want = index[k - 1], headings[k - 1 : k + 1]
        last = k == len(index)
        part = scan_body(self._text, self._lines, first, stop_after=0 if last else len(want))
        if [(h.line, h.level, h.raw) for h in part.headings] != [
            (h.line, h.level, h.raw) for h in want
        ]:  # pragma: no cover - find_headings promises this; a failure is a bug to report
            raise AssertionError(f"heading scan disagrees at line {first + 1}")
        known = (part.tables, part.hidden)
        self._stretches[k] = known
        return known

    def stretch_of(self, line: int) -> int:
        """The stretch holding 0-based line ``line`` (not a heading's own line)."""
        return bisect_right(self._index, line)

    def section(self, k: int) -> Section:
        """The section of heading ``k``: the very object ``sections`` holds, or will."""
        index = self._index
        end = section_ends(self.headings, index, len(self._lines.content))[k]
        return self._section(k, end)

    def _section(self, k: int, end: int) -> Section:
        built = self._sections_built
        if k in built:
            return built[k]
        # The section of heading k holds stretches k + 1 up to the one its end starts.
        index = self._index
        stop = bisect_right(index, end - 1) + 1
        section = _lazy_section(self, self.headings[k], index[k] + 1, end, k + 1, stop)
        built[k] = section
        return section

    def _group(self) -> tuple[Section, ...]:
        content, first, index = self._lines.content, self._first, self._index
        sections: list[Section] = []
        top = index[0] if index else len(content)
        if any(content[j].strip() for j in range(first, top)):
            sections.append(_lazy_section(self, None, first + 1, top, 0, 1))
        ends = section_ends(self.headings, index, len(content))
        sections.extend(self._section(k, end) for k, end in enumerate(ends))
        return tuple(sections)


def _init(
    body: Body, text: str, lines: Lines, first: int, headings: list[Heading], index: list[int]
) -> None:
    setattr_ = object.__setattr__
    setattr_(body, "headings", tuple(headings))
    setattr_(body, "_text", text)
    setattr_(body, "_lines", lines)
    setattr_(body, "_first", first)
    setattr_(body, "_index", index)
    setattr_(body, "_stretches", [None] * (len(headings) + 1))
    setattr_(body, "_sections_built", {})


class _LazySection(Section):
    """A :class:`Section` whose tables are its stretches' tables, scanned on first access."""

    __slots__ = ("_source",)

    def __repr__(self) -> str:
        return "Section" + Section.__repr__(self).removeprefix(type(self).__name__)

    def __getattr__(self, name: str) -> object:
        if name != "tables":
            raise AttributeError(name)
        body, lo, hi = object.__getattribute__(self, "_source")
        tables = tuple(chain.from_iterable(body.stretch(k)[0] for k in range(lo, hi)))
        object.__setattr__(self, "tables", tables)
        return tables


def _lazy_section(
    body: SegmentedBody, heading: Heading | None, line: int, end_line: int, lo: int, hi: int
) -> Section:
    section: Section = object.__new__(_LazySection)
    _set_section_heading(section, heading)
    _set_section_line(section, line)
    _set_section_end_line(section, end_line)
    _set_section_source(section, (body, lo, hi))
    return section


_set_section_heading = slot_setter(Section, "heading")
_set_section_line = slot_setter(Section, "line")
_set_section_end_line = slot_setter(Section, "end_line")
_set_section_source = slot_setter(_LazySection, "_source")
