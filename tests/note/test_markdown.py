"""The body scanner: headings, sections, tables, hidden regions, and their spans."""

from __future__ import annotations

import dataclasses
import itertools
import json
import pickle
import re

import pytest

from scaffold.note.body.build import fast_cell, fast_heading, fast_row, fast_section
from scaffold.note.body.inline import fold, strip_markup
from scaffold.note.body.markdown import scan_body
from scaffold.note.body.model import Body, Cell, Heading, Row, Section, Table
from scaffold.text import split_lines
from tests.conftest import SEED, corpora_or_skip


def scan(text: str, first: int = 0) -> Body:
    return scan_body(text, split_lines(text), first)


def seed_body() -> tuple[str, Body]:
    text = SEED.read_text(encoding="utf-8")
    return text, scan(text, 3)


def cells(table: Table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in (table.header, *table.rows)]


def assert_spans(text: str, body: Body) -> None:
    """Every recorded span points at what it claims to hold."""
    for h in body.headings:
        assert text[h.start : h.end] == h.raw
    for t in body.tables:
        assert text[t.start : t.end].startswith(text[t.header.start : t.header.end])
        for row in (t.header, *t.rows):
            assert "\n" not in text[row.start : row.end]
            for c in row.cells:
                assert text[c.start : c.end] == c.text
                assert c.raw_start <= c.start <= c.end <= c.raw_end
                if c.virtual:
                    assert c.text == "" and c.start == c.raw_end
                else:
                    assert text[c.raw_start : c.raw_end].strip(" \t") == c.text


# -- the seed note ------------------------------------------------------------------------


def test_seed_structure() -> None:
    text, body = seed_body()
    assert len(body.tables) == 9
    assert [h.name for h in body.headings][:4] == [
        "Why Llama matters",
        "Download trajectory",
        "Llama 4 family (Apr 2025)",
        "Training",
    ]
    assert [h.level for h in body.headings].count(3) == 1
    assert body.hidden == ()
    assert body.sections[0].heading is None  # the tag line and intro paragraph
    assert (body.sections[0].line, body.sections[0].end_line) == (4, 9)
    family = next(s for s in body.sections if s.heading and s.heading.name.startswith("Llama 4"))
    assert [cells(t)[0][0] for t in family.tables] == ["Model", "Spec"]
    training = next(s for s in body.sections if s.heading and s.heading.name == "Training")
    assert training.end_line == family.end_line == 57
    quick = next(s for s in body.sections if s.heading and s.heading.name == "Quick stats")
    assert cells(quick.tables[0])[1:] == [
        ["Parent", "[[Meta]]"],
        ["Downloads", "1.2B+"],
        ["Meta AI users", "~1B"],
        ["Flagship", "Llama 4 Maverick (400B)"],
        ["License", "Free <700M MAU"],
    ]
    assert_spans(text, body)


def test_seed_sections_cover_the_body_in_order() -> None:
    _, body = seed_body()
    top = [s for s in body.sections if s.heading is None or s.heading.level == 2]
    for before, after in itertools.pairwise(top):
        assert before.end_line + 1 == after.line
    assert top[-1].end_line == 149


def test_crlf_and_missing_final_newline() -> None:
    text = SEED.read_text(encoding="utf-8")
    crlf = text.replace("\n", "\r\n").rstrip("\r\n")
    body = scan(crlf, 3)
    _, plain = seed_body()
    assert [cells(t) for t in body.tables] == [cells(t) for t in plain.tables]
    assert [h.name for h in body.headings] == [h.name for h in plain.headings]
    assert_spans(crlf, body)
    for t in body.tables:
        for row in (t.header, *t.rows):
            assert not crlf[row.start : row.end].endswith("\r")


def test_table_on_the_unterminated_last_line() -> None:
    text = "| a | b |\n|---|---|\n| 1 | 2 |"
    (table,) = scan(text).tables
    assert cells(table) == [["a", "b"], ["1", "2"]]
    assert table.end == len(text)


# -- headings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "level", "raw"),
    [
        ("# Title", 1, "Title"),
        ("## Title ##", 2, "Title"),
        ("###   Title   ###   ", 3, "Title"),
        ("# Title#", 1, "Title#"),
        ("# Title \\#", 1, "Title \\#"),
        ("#", 1, ""),
        ("### ###", 3, ""),
        ("   ## Indented", 2, "Indented"),
        ("###### Six", 6, "Six"),
        ("## **Why** Llama", 2, "**Why** Llama"),
    ],
)
def test_atx_headings(line: str, level: int, raw: str) -> None:
    text = f"intro\n\n{line}\n"
    (h,) = scan(text).headings
    assert (h.level, h.raw, h.line) == (level, raw, 3)
    assert text[h.start : h.end] == raw


@pytest.mark.parametrize(
    "line",
    ["#actor #product #ai", "#5 bolt", "####### seven", "    # code", "\\# escaped", "#hashtag"],
)
def test_not_headings(line: str) -> None:
    assert scan(f"{line}\n").headings == ()


def test_heading_name_strips_markup() -> None:
    (h,) = scan("## **Why** [[Llama|Llama's]] `matters`\n").headings
    assert h.name == "Why Llama's matters"


def test_setext_headings() -> None:
    text = "Title\n=====\n\nTwo\nlines\n---\n"
    h1, h2 = scan(text).headings
    assert (h1.level, h1.raw, h1.line) == (1, "Title", 1)
    assert (h2.level, h2.line, h2.name) == (2, 4, "Two lines")
    assert text[h2.start : h2.end] == "Two\nlines"


@pytest.mark.parametrize(
    "text",
    [
        "para\n\n---\n",  # after a blank line
        "| a |\n| - |\n| x |\n---\n",  # after a table
        "- item\n---\n",  # after a list item
        "## H\n---\n",  # after a heading
    ],
)
def test_dashes_that_are_thematic_breaks(text: str) -> None:
    assert all(h.level != 2 or h.raw == "H" for h in scan(text).headings)


def test_sections_nest() -> None:
    text = "# A\n## B\ntext\n### C\n## D\n# E\n"
    body = scan(text)
    spans = {s.heading.name: (s.line, s.end_line) for s in body.sections if s.heading}
    assert spans == {"A": (1, 5), "B": (2, 4), "C": (4, 4), "D": (5, 5), "E": (6, 6)}
    assert body.sections[0].heading is not None  # no preamble: nothing before "# A"


def test_preamble_only_when_there_is_content() -> None:
    assert scan("\n\n# A\n").sections[0].heading is not None
    body = scan("x\n# A\n")
    assert body.sections[0].heading is None and body.sections[0].end_line == 1
    assert [s.heading for s in scan("just text\n").sections] == [None]


def test_frontmatter_lines_are_skipped() -> None:
    text = "---\ntitle: x\n---\n# A\n"
    body = scan(text, 3)
    assert [h.line for h in body.headings] == [4]
    assert body.sections[0].line == 4


# -- hidden regions -------------------------------------------------------------------------


def test_fences_hide_headings_and_tables() -> None:
    text = (
        "```md\n# not\n| a | b |\n|---|---|\n```\n"
        "~~~~\n~~~\n# still code\n~~~~~\n"
        "# real\n"
        "````\n# unclosed\n"
    )
    body = scan(text)
    assert [h.raw for h in body.headings] == ["real"]
    assert body.tables == ()
    assert [(x.kind, x.line, x.end_line) for x in body.hidden] == [
        ("fence", 1, 5),
        ("fence", 6, 9),
        ("fence", 11, 12),
    ]


def test_comments_hide_headings_and_tables() -> None:
    text = (
        "<!--\n# not\n| a | b |\n|---|---|\n-->\n"
        "%%\n## hidden\n| a |\n| - |\n%%\n"
        "%% one line %%\n"
        "# real\n"
    )
    body = scan(text)
    assert [h.raw for h in body.headings] == ["real"]
    assert body.tables == ()
    assert [(x.kind, x.line, x.end_line) for x in body.hidden] == [
        ("html-comment", 1, 5),
        ("obsidian-comment", 6, 10),
        ("obsidian-comment", 11, 11),
    ]


def test_html_block_hides_tables() -> None:
    assert scan("<div>\n| a | b |\n|---|---|\n</div>\n").tables == ()


# -- tables ---------------------------------------------------------------------------------


def test_cells_keep_escaped_pipes_and_wikilink_aliases() -> None:
    text = "| Name | Link |\n|---|---|\n| a \\| b | [[Page\\|Alias]] |\n"
    (table,) = scan(text).tables
    assert cells(table)[1] == ["a \\| b", "[[Page\\|Alias]]"]
    assert strip_markup(table.rows[0].cells[1].text) == "Alias"
    assert_spans(text, scan(text))


def test_short_and_long_rows() -> None:
    text = "| a | b | c |\n|---|---|---|\n| 1 |\n| 1 | 2 | 3 | 4 |\nx | y\n"
    body = scan(text)
    (table,) = body.tables
    assert cells(table) == [["a", "b", "c"], ["1", "", ""], ["1", "2", "3"], ["x", "y", ""]]
    short = table.rows[0]
    assert [c.virtual for c in short.cells] == [False, True, True]
    assert short.cells[1].start == text.index("|\n| 1 | 2")  # before the trailing pipe
    no_pipe = table.rows[2]
    assert no_pipe.cells[2].start == no_pipe.end
    assert_spans(text, body)


def test_empty_cells_have_an_insertion_point() -> None:
    text = "| a | b |\n|---|---|\n|   | x |\n||y|\n"
    (table,) = scan(text).tables
    first = table.rows[0].cells[0]
    assert (first.start, first.end) == (first.raw_start + 1, first.raw_start + 1)
    tight = table.rows[1].cells[0]
    assert tight.start == tight.raw_start == tight.raw_end


def test_table_needs_matching_delimiter() -> None:
    assert scan("| a | b |\n| --- |\n| x |\n").tables == ()
    assert scan("| a |\n| --- | --- |\n").tables == ()
    (table,) = scan("a | b\n--- | ---\n").tables
    assert table.rows == ()


def test_table_ends_at_blank_line_or_block_start() -> None:
    head = "| a | b |\n|---|---|\n| 1 | 2 |\n"
    for tail in ("\nmore\n", "> quote\n", "# H\n", "- item\n", "```\n", "    code\n", "***\n"):
        (table,) = scan(head + tail).tables
        assert len(table.rows) == 1, tail
    (table,) = scan(head + "plain\n").tables  # a line without pipes is still a row
    assert cells(table)[-1] == ["plain", ""]


def test_indented_tables() -> None:
    assert len(scan("   | a |\n   | - |\n").tables) == 1
    assert scan("    | a |\n    | - |\n").tables == ()
    assert scan("- item\n\n  | a |\n  | - |\n").tables == ()  # list content


def test_table_after_paragraph_line() -> None:
    text = "Some text\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    (table,) = scan(text).tables
    assert table.line == 2 and cells(table)[1] == ["1", "2"]


def test_tables_in_callouts_and_quotes() -> None:
    text = (
        "> [!note] Stats\n> | a | b |\n> |---|---|\n> | 1 | 2 |\n\n"
        "> > | x |\n> > | - |\n> > | y |\n> not a row\n\n"
        ">| p | q |\n>|---|---|\n>| 3 | 4 |\n"
    )
    body = scan(text)
    assert [cells(t) for t in body.tables] == [
        [["a", "b"], ["1", "2"]],
        [["x"], ["y"]],
        [["p", "q"], ["3", "4"]],
    ]
    assert [t.prefix for t in body.tables] == ["> ", "> > ", ">"]
    assert_spans(text, body)


def test_quote_table_needs_the_same_container() -> None:
    assert scan("> | a |\n| - |\n").tables == ()  # lazy line: not a delimiter row


# -- inline ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markup", "visible"),
    [
        ("**Why** Llama matters", "Why Llama matters"),
        ("*a* _b_ __c__ ~~d~~ ==e== `f`", "a b c d e f"),
        ("[[Meta]]", "Meta"),
        ("[[Meta|the parent]]", "the parent"),
        ("[[Meta\\|alias]]", "alias"),
        ("![[diagram.png]]", "diagram.png"),
        ("[[Note#Heading]]", "Note#Heading"),
        ("[text](https://x.org/a_b_c)", "text"),
        ("a<br>b <span class='x'>c</span>", "ab c"),
        ("a \\| b \\* c", "a | b * c"),
        ("  spaced \t out  ", "spaced out"),
        ("50%+ $2.5B <700M MAU 2026E ~1B", "50%+ $2.5B <700M MAU 2026E ~1B"),
        ("snake_case_word", "snake_case_word"),
        ("`a_b_` and **`c`**", "a_b_ and c"),
        ("_**nested**_", "nested"),
        ("5 * 3 * 2", "5 * 3 * 2"),
        ("x == y", "x == y"),
    ],
)
def test_strip_markup(markup: str, visible: str) -> None:
    assert strip_markup(markup) == visible


def test_fold() -> None:
    assert fold("  Quick   STATS ") == "quick stats"


# -- the fast constructors build the same objects as the model's own ------------------------


def test_fast_constructors_match_the_model() -> None:
    assert fast_cell(1, 2, 0, 3, "x") == Cell(1, 2, 0, 3, "x")
    assert fast_heading(2, 3, 4, 5, "a", "a") == Heading(2, 3, 4, 5, "a", "a")
    cell = Cell(1, 2, 0, 3, "x")
    assert fast_row(7, 0, 9, (cell,)) == Row(7, 0, 9, (cell,))
    assert fast_section(None, 1, 2, ()) == Section(None, 1, 2, ())
    _, body = seed_body()
    table = body.tables[0]
    eager = Table(*(getattr(table, f.name) for f in dataclasses.fields(Table)))
    assert dataclasses.astuple(eager) == dataclasses.astuple(table)
    assert isinstance(table, Table)
    assert dataclasses.replace(table, prefix="> ").rows == table.rows
    assert pickle.loads(pickle.dumps(table)) == table
    assert repr(table).startswith("Table(header=Row(line=12")


def test_lazy_sections_match_the_model() -> None:
    _, body = seed_body()
    assert isinstance(body, Body)
    eager = Body(*(getattr(body, f.name) for f in dataclasses.fields(Body)))
    assert dataclasses.astuple(eager) == dataclasses.astuple(body)
    assert dataclasses.replace(body, hidden=()).sections == body.sections
    assert pickle.loads(pickle.dumps(body)) == body
    assert repr(body).startswith("Body(headings=(Heading(level=2, line=10")


# Constructs whose lines the scanner hands to its helpers: indented and quoted rows, fences
# and comments that end with their block quote or the note, HTML blocks of each ending. Each
# comes with what it must scan to: heading texts, (line, end_line, rows, prefix) per table
# and (kind, line, end_line) per hidden region.
_TRICKY = [
    (
        "> | a | b |\n> |---|---|\n> | 1 | 2 |\n>  3 | 4\n> ```\n| x | y |\n",
        ([], [(1, 4, 2, "> ")], [("fence", 5, 5)]),
    ),
    (
        " | a | b |\n  |:-|-:|\n   | 1 | 2 |\n    | code? |\nrow\n- item\n",
        ([], [(1, 3, 1, "")], []),
    ),
    (
        "> ```\n> # code\n# out\n~~~\n| a |\n|---|\n",
        (["out"], [], [("fence", 1, 2), ("fence", 4, 6)]),
    ),
    (
        "%% open\n# hidden\nstill %%\n# shown\ntext %% x\n# hidden\n",
        (["shown"], [], [("obsidian-comment", 1, 3), ("obsidian-comment", 5, 6)]),
    ),
    (
        "<!-- a\n# hidden\n-->\n<div>\n# hidden\n\n# shown\n<pre>\n# hidden\n</pre>\n<!-- x -->\n",
        (["shown"], [], [("html-comment", 1, 3), ("html-comment", 11, 11)]),
    ),
    (
        "- a\n  | b | c |\n  |---|---|\n\n  - c\n1. one\n   two\n\nTitle\n===\n# H #\n",
        (["Title", "H"], [], []),
    ),
    (
        "| a | b |\n|---|---|\n|\n| c |\n\n| a |\n| - |\n>| q |\n",
        ([], [(1, 2, 0, ""), (6, 7, 0, "")], []),
    ),
]


@pytest.mark.parametrize(("text", "want"), _TRICKY)
def test_scanner_helpers(
    text: str, want: tuple[list[str], list[tuple[int, int, int, str]], list[tuple[str, int, int]]]
) -> None:
    body = scan(text)
    got = (
        [h.raw for h in body.headings],
        [(t.line, t.end_line, len(t.rows), t.prefix) for t in body.tables],
        [(h.kind, h.line, h.end_line) for h in body.hidden],
    )
    assert got == want
    assert_spans(text, body)


@pytest.mark.parametrize(("text", "want"), _TRICKY)
def test_fast_scan_matches_the_eager_model(text: str, want: object) -> None:
    fast = scan(text)
    eager = scan_body(text, split_lines(text), 0, eager=True)
    assert type(eager) is Body and all(type(t) is Table for t in eager.tables)
    assert repr(fast) == repr(eager)


def test_fast_scan_of_the_seed_matches_the_eager_model() -> None:
    text, fast = seed_body()
    eager = scan_body(text, split_lines(text), 3, eager=True)
    assert type(eager.tables[0]) is Table and type(fast.tables[0]) is not Table
    assert repr(fast) == repr(eager)


# -- CommonMark heading examples ------------------------------------------------------------


def _spec_heading_examples() -> list[tuple[int, str, list[tuple[int, str]]]]:
    path = corpora_or_skip("gfm-spec", "all.json")
    out = []
    for e in json.loads(path.read_text(encoding="utf-8")):
        if e["section"] not in ("ATX headings", "Setext headings") or e.get("disabled"):
            continue
        if re.search(r"<(?:blockquote|li|pre)", e["html"]):
            continue  # headings inside containers or code are not note sections
        want = [
            (int(m.group(1)), m.group(2))
            for m in re.finditer(r"<h([1-6])>(.*?)</h\1>", e["html"], re.DOTALL)
        ]
        out.append((e["example"], e["markdown"], want))
    return out


@pytest.mark.corpus
def test_spec_heading_examples() -> None:
    examples = _spec_heading_examples()
    assert examples
    import html

    wrong = []
    for number, markdown, want in examples:
        got = [(h.level, h.raw) for h in scan(markdown).headings]
        want_text = [
            (lv, " ".join(html.unescape(re.sub(r"<[^>]+>", "", t)).split())) for lv, t in want
        ]
        got_text = [(lv, strip_markup(raw)) for lv, raw in got]
        if got_text != want_text:
            wrong.append((number, markdown, got, want))
    assert len(examples) > 30
    assert wrong == []
