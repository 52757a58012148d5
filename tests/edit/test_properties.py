"""Property tests of the edit engine over generated notes.

What they protect: whatever the note looks like (CRLF or mixed endings, a BOM, no final
newline, comments, flow lists, quoted strings, CJK), setting one value changes only that
value's span, the value reads back, and setting the same value again changes nothing.
"""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import scaffold
from scaffold.edit import ops
from scaffold.edit.table_edit import is_aligned
from scaffold.errors import ValueRefusedError, VerifyError
from scaffold.note.body.tables import escape_cell

CELL_TOKENS = [
    "Downloads",
    "1.2B+",
    "**bold**",
    "[[Meta]]",
    "[[a\\|b]]",
    "中文",
    "~1B",
    "`code`",
    "$2.5B",
    "50%+",
    "—",
    "Café",
    "<br>",
    "x: y",
    "#tag",
]
FM_LINES = [
    "aliases: [Meta Llama, LLaMA, 'Llama 4']",
    'title: "Quoted: value"',
    "title2: 'single # not comment'",
    "count: 12",
    "ratio: 0.5",
    "name: 中文名",
    "created: 2026-01-27",
    "# a comment line",
    "note: plain text # trailing comment",
    "tags:\n  - ai\n  - 'open source'",
    "nested:\n  inner: value\n  deeper:\n    leaf: 中",
    "empty:",
]
BODY_LINES = [
    "#actor #product",
    "**Llama** — [[Meta]]'s model.",
    "Some text.",
    "<!-- | a | b |\n|---|---| -->",
    "```\n| not | table |\n|---|---|\n```",
    "> [!note] A callout",
    "- [[Meta]] — parent",
]


@st.composite
def cell(draw: st.DrawFn) -> str:
    return " ".join(draw(st.lists(st.sampled_from(CELL_TOKENS), min_size=1, max_size=3)))


@st.composite
def table(draw: st.DrawFn) -> list[str]:
    cols = draw(st.integers(2, 4))
    pad = draw(st.sampled_from(["", " ", "  "]))
    outer = draw(st.booleans())

    def row(cells: list[str]) -> str:
        inner = "|".join(f"{pad}{c}{pad}" for c in cells)
        return f"|{inner}|" if outer else inner

    header = row([draw(cell()) for _ in range(cols)])
    delim = row(["---"] * cols)
    body = [row([draw(cell()) for _ in range(cols)]) for _ in range(draw(st.integers(1, 4)))]
    return [header, delim, *body]


@st.composite
def note_text(draw: st.DrawFn) -> str:
    parts: list[str] = []
    if draw(st.booleans()):
        fm = draw(st.lists(st.sampled_from(FM_LINES), min_size=1, max_size=5, unique=True))
        parts += ["---", *"\n".join(fm).split("\n"), "---"]
    for i in range(draw(st.integers(1, 3))):
        parts += ["", f"## Section {i} 中", ""]
        parts += draw(st.lists(st.sampled_from(BODY_LINES), max_size=2))
        parts += ["", *draw(table())]
    eol = draw(st.sampled_from(["\n", "\r\n", "mixed"]))
    if eol == "mixed":
        text = "".join(
            p + draw(st.sampled_from(["\n", "\r\n"])) for p in "\n".join(parts).split("\n")
        )
    else:
        text = eol.join("\n".join(parts).split("\n")) + eol
    if not draw(st.booleans()):
        text = text.rstrip("\r\n")
    return ("\ufeff" if draw(st.booleans()) else "") + text


values = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85"),
    min_size=1,
    max_size=20,
)


def _outside_unchanged(old: str, new: str, start: int, end: int) -> bool:
    tail = len(old) - end
    return new[:start] == old[:start] and new[len(new) - tail :] == old[end:]


PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(note_text(), st.data(), values)
def test_setting_a_cell_changes_only_its_span(text: str, data: st.DataObject, value: str) -> None:
    note = scaffold.loads(text)
    assert note.to_bytes() == text.encode()
    tables = [t for t in note.body.tables if not is_aligned(note.text, t)]
    assume(tables)
    table = data.draw(st.sampled_from(tables))
    r = data.draw(st.integers(0, len(table.rows) - 1))
    c = data.draw(st.integers(0, len(table.header.cells) - 1))
    target = table.rows[r].cells[c]
    assume(not target.virtual)
    try:
        new = ops.set_cell(note, table, r, c, value)
    except (ValueRefusedError, VerifyError):
        return  # refused with a reason, nothing returned to write: allowed
    assert _outside_unchanged(note.text, new.text, target.start, target.end)
    t = note.body.tables.index(table)
    got = new.body.tables[t].rows[r].cells[c].text
    assert got == escape_cell(value).strip()
    again = ops.set_cell(new, new.body.tables[t], r, c, value)
    assert again.text == new.text
    assert new.bom == note.bom


@PROPS
@given(note_text(), st.data(), values)
def test_setting_a_frontmatter_scalar_changes_only_its_span(
    text: str, data: st.DataObject, value: str
) -> None:
    note = scaffold.loads(text)
    scalars = []
    stack = [((), note.nodes)] if note.nodes else []
    while stack:
        path, node = stack.pop()
        if node.kind == "scalar":
            scalars.append((path, node))
        elif node.kind == "seq":
            stack += [((*path, i), item) for i, item in enumerate(node.items)]
        else:
            stack += [((*path, e.key.value), e.value) for e in node.entries]
    assume(scalars)
    path, node = data.draw(st.sampled_from(scalars))
    new = ops.set_path(note, path, value, type_hint="str")
    assert _outside_unchanged(note.text, new.text, node.start, node.end)
    address = ".".join(f'"{k}"' if isinstance(k, str) else str(k) for k in path)
    assert new.get(address) == value
    again = ops.set_path(new, path, value, type_hint="str")
    assert again.text == new.text
    assert new.to_bytes().startswith(b"\xef\xbb\xbf") == note.bom
