"""GFM table conformance: the scanner finds exactly the tables the reference renderers find.

Each case's expected HTML (cmark-gfm for the GFM spec and its extensions tests, markdown-it
for its fixtures) is parsed into tables of cell HTML; each scanned cell is rendered inline
(after GFM's ``\\|`` unescaping) and compared. Cases scaffold deliberately reads differently
are listed below with the reason, one by one.
"""

from __future__ import annotations

import html
import json
from html.parser import HTMLParser
from typing import Any

import pytest

from scaffold.note.body.markdown import scan_body
from scaffold.text import split_lines
from tests.conftest import CORPORA, CORPORA_MISSING

pytestmark = pytest.mark.corpus

if not CORPORA.is_dir():  # the cases are read at collection time, before any marker applies
    pytest.skip(CORPORA_MISSING, allow_module_level=True)

# A test dependency (pyproject's test extras): a missing one must fail, not skip silently.
import markdown_it  # noqa: E402

# Tables inside list items are list content to scaffold (it edits top-level and block-quote
# tables only); markdown-it also reads a table where GFM sees a list item.
XFAIL = {
    "markdown-it-6": "markdown-it reads `-   foo|foo` as a table header; GFM (and scaffold) "
    "see a list item whose lazy continuation is `---|---`",
    "markdown-it-19": "markdown-it tries tables before headings; in GFM `# | 1 | 2` is an ATX "
    "heading, so no table follows",
    "markdown-it-20": "same as markdown-it-19: `# | 1 | 2` is a heading in GFM",
    "markdown-it-32": "a table inside a nested list item: scaffold does not look for tables "
    "in list items",
}
# Non-table spec examples where the expected HTML has a <table> for other reasons, or where
# scaffold's simplified block parser is known to differ without affecting tables.
NO_TABLE_XFAIL: dict[int, str] = {}


Table = list[list[str]]  # rows of cell inner-HTML, header first


class _Tables(HTMLParser):
    """Collects each <table>'s rows of <th>/<td> inner HTML (and cell aligns)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.tables: list[Table] = []
        self.aligns: list[list[str]] = []
        self.depth = 0
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
            self.aligns.append([])
        elif tag == "tr" and self.cell is None:
            self.tables[-1].append([])
        elif tag in ("th", "td") and self.cell is None:
            self.cell = []
            if tag == "th":
                found = dict(attrs)
                align = found.get("align") or ""
                style = found.get("style") or ""
                if style.startswith("text-align:"):
                    align = style.split(":", 1)[1]
                self.aligns[-1].append(align)
        elif self.cell is not None:
            self.cell.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self.cell is not None:
            self.tables[-1][-1].append("".join(self.cell))
            self.cell = None
        elif self.cell is not None:
            self.cell.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)

    def handle_entityref(self, name: str) -> None:
        if self.cell is not None:
            self.cell.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        if self.cell is not None:
            self.cell.append(f"&#{name};")


def _expected(rendered: str) -> tuple[list[Table], list[list[str]]]:
    parser = _Tables()
    parser.feed(rendered)
    parser.close()
    return parser.tables, parser.aligns


def _normal(cell_html: str) -> str:
    """Cell HTML reduced to comparable text: tags dropped, entities decoded, spaces folded."""
    parser = _Text()
    parser.feed(cell_html)
    parser.close()
    return " ".join(html.unescape("".join(parser.parts)).split())


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _scanned(markdown: str) -> tuple[list[Table], list[list[str]]]:
    md = markdown_it.MarkdownIt("commonmark")
    env: dict[str, Any] = {}
    md.parse(markdown, env)  # collects link reference definitions for the cells
    body = scan_body(markdown, split_lines(markdown), 0)
    tables: list[Table] = []
    aligns: list[list[str]] = []
    for table in body.tables:
        rows = [
            [md.renderInline(cell.text.replace("\\|", "|"), env) for cell in row.cells]
            for row in (table.header, *table.rows)
        ]
        tables.append(rows)
        aligns.append(list(table.aligns))
    return tables, aligns


def _check(case_id: str, markdown: str, rendered: str) -> None:
    want, want_aligns = _expected(rendered)
    got, got_aligns = _scanned(markdown)
    want_text = [[[_normal(c) for c in row] for row in t] for t in want]
    got_text = [[[_normal(c) for c in row] for row in t] for t in got]
    assert got_text == want_text, f"{case_id}:\n{markdown}"
    assert got_aligns == want_aligns, f"{case_id}: aligns"


def _load(name: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads((CORPORA / name).read_text(encoding="utf-8"))
    return data


def _cases() -> list[Any]:
    cases: list[Any] = []
    for name, tag in (
        ("gfm-tables/spec-tables.json", "gfm-spec"),
        ("gfm-tables/extensions-txt-tables.json", "gfm-ext"),
        ("markdown-it-tables/tables.json", "markdown-it"),
    ):
        for case in _load(name):
            case_id = f"{tag}-{case['example']}"
            marks = (
                [pytest.mark.xfail(reason=XFAIL[case_id], strict=True)] if case_id in XFAIL else []
            )
            cases.append(
                pytest.param(case_id, case["markdown"], case["html"], id=case_id, marks=marks)
            )
    return cases


@pytest.mark.parametrize(("case_id", "markdown", "rendered"), _cases())
def test_table_case(case_id: str, markdown: str, rendered: str) -> None:
    _check(case_id, markdown, rendered)


def _spec() -> list[dict[str, Any]]:
    return [e for e in _load("gfm-spec/all.json") if not e.get("disabled")]


def test_spec_table_examples() -> None:
    examples = [e for e in _spec() if "table" in e["extensions"]]
    assert len(examples) >= 8
    for example in examples:
        _check(f"spec-{example['example']}", example["markdown"], example["html"])


def test_no_false_tables_in_spec_examples() -> None:
    """No table is found in any spec example whose rendering has none."""
    checked = 0
    wrong: list[str] = []
    for example in _spec():
        if "<table>" in example["html"] or example["example"] in NO_TABLE_XFAIL:
            continue
        markdown = example["markdown"]
        body = scan_body(markdown, split_lines(markdown), 0)
        checked += 1
        if body.tables:
            wrong.append(f"example {example['example']}: {markdown!r}")
    assert checked > 600
    assert wrong == []


def test_tables_found_wherever_the_spec_renders_one() -> None:
    """Every spec example rendering a GFM table (<thead>) outside a list yields it."""
    for example in _spec():
        rendered = example["html"]
        if "<thead>" not in rendered or "<li>" in rendered:
            continue
        _check(f"spec-{example['example']}", example["markdown"], rendered)


def _frontmatter_end(lines: tuple[str, ...]) -> int:
    if lines and lines[0] == "---":
        for j in range(1, len(lines)):
            if lines[j] in ("---", "..."):
                return j + 1
    return 0


@pytest.mark.parametrize("vault", ["obsidian-help", "obsidian-tasks", "13th-Age-SRD-Markdown"])
def test_vault_tables_match_markdown_it(vault: str) -> None:
    """On real vaults (about 1,500 notes) the scanner finds the tables markdown-it finds,
    on the same lines, with the same cells (block quotes and callouts included)."""
    md = markdown_it.MarkdownIt("commonmark").enable("table")
    wrong: list[str] = []
    tables = 0
    for path in sorted((CORPORA / vault).rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        lines = split_lines(text)
        first = _frontmatter_end(lines.content)
        body = scan_body(text, lines, first)
        rest = "".join(
            c + e for c, e in zip(lines.content[first:], lines.eols[first:], strict=True)
        )
        tokens = md.parse(rest)
        want = [t.map[0] + first + 1 for t in tokens if t.type == "table_open" and t.map]
        got = [t.line for t in body.tables]
        cells_want = sum(1 for t in tokens if t.type in ("th_open", "td_open"))
        cells_got = sum(len(r.cells) for t in body.tables for r in (t.header, *t.rows))
        tables += len(got)
        if got != want or cells_got != cells_want:
            wrong.append(f"{path.relative_to(CORPORA)}: tables at {got}, markdown-it {want}")
    assert tables > 25
    assert wrong == []
