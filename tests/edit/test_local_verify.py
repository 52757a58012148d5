"""Reading and verifying locally decides exactly what reading and verifying in full decides.

What it protects: the engine's fast paths are only shortcuts.
- A body scan started at any heading finds what the full scan finds from there on: the
  property local verification and the stretch-by-stretch body rest on.
- A body read stretch by stretch (headings found cheaply) equals the full scan.
- The lines an edit re-splits equal splitting the new text.
- For any cell or frontmatter edit, local verification accepts or refuses exactly as the full
  re-parse does, with the same error, and an edit that changes nothing returns the very note.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scaffold
from scaffold.edit import ops, verify_local
from scaffold.edit.splice import Edit, respliced_lines, splice
from scaffold.errors import ScaffoldError
from scaffold.note.body.markdown import scan_body
from scaffold.note.body.segments import SegmentedBody, find_headings, read_body
from scaffold.text import decode, split_lines
from tests.conftest import SEED, corpora_or_skip

# Lines that open, close, hide or make headings and tables, in every way the scanner knows.
FRAGMENTS = [
    "# Title",
    "## Section",
    "### Sub (2025)",
    "  ## indented",
    "#tag #other",
    "text line",
    "**bold** text",
    "",
    "",
    "| a | b |",
    "|---|---|",
    "| 1 | 2 |",
    "| x | %% |",
    "a | b",
    "--- | ---",
    "- item",
    "- ",
    "  - nested",
    "  continued",
    "1. one",
    "2) two",
    "---",
    "***",
    "===",
    "Setext",
    "> quote",
    "> | q | r |",
    "> |---|---|",
    "> ## quoted heading",
    "```",
    "~~~",
    "<div>",
    "<!-- comment",
    "-->",
    "%%",
    "text %% open",
    "    indented code",
    "\t# tab",
    "<https://x.y>",
    # whole tables, with and without outer pipes, in and out of a block quote
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "a | b\n--- | ---\nc | d\ne | f",
    "> | q | r |\n> |---|---|\n> | s | t |",
]
DOC = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("\n".join)
ENDINGS = st.sampled_from(["", "\n"])


def _docs() -> list[str]:
    docs = [SEED.read_text(encoding="utf-8")]
    for path in sorted(corpora_or_skip().rglob("*.md")):
        try:
            docs.append(decode(path.read_bytes())[0])
        except ScaffoldError:
            continue
    return docs


# -- reading ---------------------------------------------------------------------------------


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(DOC, ENDINGS)
def test_a_scan_from_any_heading_finds_what_the_full_scan_finds(doc: str, end: str) -> None:
    text = doc + end
    lines = split_lines(text)
    full = scan_body(text, lines, 0, eager=True)
    for k, heading in enumerate(full.headings):
        start = heading.line - 1
        part = scan_body(text, lines, start, eager=True)
        assert repr(part.headings) == repr(full.headings[k:])
        assert repr(part.tables) == repr(tuple(t for t in full.tables if t.line > start))
        assert repr(part.hidden) == repr(tuple(h for h in full.hidden if h.line > start))
        stopped = scan_body(text, lines, start, eager=True, stop_after=2)
        assert repr(stopped.headings) == repr(full.headings[k : k + 2])


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(DOC, ENDINGS, st.integers(0, 3))
def test_a_body_read_by_stretches_equals_the_full_scan(doc: str, end: str, first: int) -> None:
    text = doc + end
    lines = split_lines(text)
    first = min(first, len(lines))
    body = read_body(text, lines, first)
    full = scan_body(text, lines, first, eager=True)
    assert repr(body) == repr(full)
    # A section's tables are the body's own table objects, and a section found alone is the
    # one ``sections`` holds.
    fresh = read_body(text, lines, first)
    if isinstance(fresh, SegmentedBody) and fresh.headings:
        alone = fresh.section(len(fresh.headings) - 1)
        assert any(s is alone for s in fresh.sections)
    for section in body.sections:
        assert all(any(t is u for u in body.tables) for t in section.tables)


@pytest.mark.corpus
def test_real_notes_read_by_stretches_equal_the_full_scan() -> None:
    docs = _docs()
    assert len(docs) > 1000
    by_stretches = 0
    for text in docs:
        lines = split_lines(text)
        try:
            note = scaffold.loads(text)
        except ScaffoldError:
            continue
        first = note.block.body_first if note.block else 0
        body = read_body(text, lines, first)
        by_stretches += isinstance(body, SegmentedBody)
        assert repr(body) == repr(scan_body(text, lines, first, eager=True))
    assert by_stretches > 300  # the cheap path is taken, not only declined


def test_the_seed_is_read_by_stretches() -> None:
    note = scaffold.loads(SEED.read_bytes())
    assert isinstance(note.body, SegmentedBody)
    assert find_headings(note.text, note.lines, 3) is not None


@pytest.mark.parametrize(
    "body",
    [
        "```\n# hidden\n```\n",
        "<div>\n# hidden\n</div>\n",
        "text %% open\n# hidden\n%%\n",
        "- item\n  ## list content\n",
        "Setext\n---\n",
        "> <div>\n# hidden\n",
    ],
)
def test_the_cheap_heading_finder_declines_what_it_cannot_decide(body: str) -> None:
    lines = split_lines(body)
    assert find_headings(body, lines, 0) is None
    assert repr(read_body(body, lines, 0)) == repr(scan_body(body, lines, 0, eager=True))


# -- splicing --------------------------------------------------------------------------------


@settings(max_examples=400)
@given(
    st.text(st.sampled_from("ab\n\r|"), max_size=30),
    st.data(),
)
def test_respliced_lines_equal_splitting_the_new_text(text: str, data: st.DataObject) -> None:
    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    new = data.draw(st.text(st.sampled_from("xy\n\r"), max_size=6))
    result = splice(text, [Edit(lo, hi, new)])
    got = respliced_lines(split_lines(text), lo, hi, result, len(result) - len(text))
    assert got == split_lines(result)


# -- verifying -------------------------------------------------------------------------------

NASTY = st.one_of(
    st.sampled_from(["%%", "<!--", "```", "# x", "---", "===", "|", "\\|", "- x", "<div>"]),
    st.text(st.sampled_from("ab |\\%`#-=<>!*_[]~:"), max_size=8),
)


def _outcome(note: scaffold.Note, edit: object) -> tuple[str, str]:
    """``("ok", new text)``, or the refusal's class. Both ways must make the same decision and
    the same bytes; a refusal may name another symptom first (the local check sees a heading
    move where the full one counts the table's rows), so its message is not compared."""
    try:
        new = edit(note)  # type: ignore[operator]
    except ScaffoldError as exc:
        return type(exc).__name__, ""
    return "ok", new.text


def _both_ways(
    note: scaffold.Note, edit: object, monkeypatch: pytest.MonkeyPatch
) -> tuple[tuple[str, str], tuple[str, str]]:
    """The edit's outcome verified locally, then (on a fresh copy) in full."""
    local = _outcome(note, edit)
    with monkeypatch.context() as patch:
        patch.setattr(verify_local, "verified", lambda *a, **k: False)
        full = _outcome(scaffold.loads(note.text), edit)
    return local, full


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=DOC, value=NASTY, data=st.data())
def test_local_and_full_verification_agree_on_cell_edits(
    doc: str, value: str, data: st.DataObject, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "## Stats\n\nKey | Value\n--- | ---\nk | v\nl | w\n\n" + doc + "\n"
    note = scaffold.loads(text)
    tables = [(i, t) for i, t in enumerate(note.body.tables) if t.rows]
    index, table = data.draw(st.sampled_from(tables))
    row = data.draw(st.integers(0, len(table.rows) - 1))
    col = data.draw(st.integers(0, len(table.header.cells) - 1))

    def edit(n: scaffold.Note) -> scaffold.Note:
        return ops.set_cell(n, n.body.tables[index], row, col, value)  # type: ignore[return-value]

    local, full = _both_ways(note, edit, monkeypatch)
    assert local == full


@pytest.mark.parametrize(("row", "col"), [(0, 0), (1, 0), (0, 1)])
def test_a_fence_in_a_key_cell_is_refused_both_ways(
    row: int, col: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Found by Hypothesis: a ``` key cell before an unclosed fence. Both ways refuse it (the
    # local check sees the headings move, the full one the table's rows), or both take it.
    note = scaffold.loads("## Stats\n\nKey | Value\n--- | ---\nk | v\nl | w\n\n# T\n```\n# T\n")

    def edit(n: scaffold.Note) -> scaffold.Note:
        return ops.set_cell(n, n.body.tables[0], row, col, "```")  # type: ignore[return-value]

    local, full = _both_ways(note, edit, monkeypatch)
    assert local == full
    if col == 0:
        assert local[0] == "VerifyError"


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(address=st.sampled_from(["aliases.0", "aliases.-1", "title", "new", "meta.k"]), value=NASTY)
def test_local_and_full_verification_agree_on_frontmatter_edits(
    address: str, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "---\naliases: [a, b]\ntitle: T\nmeta:\n  k: 1\n---\n# H\n\n| a | b |\n|---|---|\n"
    local, full = _both_ways(scaffold.loads(text), lambda n: n.set(address, value), monkeypatch)
    assert local == full


def test_the_seed_edits_are_verified_locally(monkeypatch: pytest.MonkeyPatch) -> None:
    decided: list[bool] = []
    real = verify_local.verified

    def spy(*args: object, **kwargs: object) -> bool:
        decided.append(real(*args, **kwargs))  # type: ignore[arg-type]
        return decided[-1]

    monkeypatch.setattr(verify_local, "verified", spy)
    note = scaffold.loads(SEED.read_bytes())
    note.set("Quick stats > Downloads", "1.3B+").set("aliases.1", "Llama")
    assert decided == [True, True]


def test_a_local_refusal_names_what_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without its leading pipe, the row would start with `# h`: a heading, not a row.
    text = "## A\n\nk | v\n--- | ---\nx | 1\n\n## B\n\ntext\n"
    decided: list[bool] = []
    real = verify_local.verified

    def spy(*args: object, **kwargs: object) -> bool:
        try:
            decided.append(real(*args, **kwargs))  # type: ignore[arg-type]
        except ScaffoldError:
            decided.append(True)
            raise
        return decided[-1]

    monkeypatch.setattr(verify_local, "verified", spy)
    note = scaffold.loads(text)
    with pytest.raises(ScaffoldError) as info:
        ops.set_cell(note, note.body.tables[0], 0, 0, "# h")
    assert info.value.exit_code == 7
    assert "headings" in info.value.message
    assert decided == [True]  # decided locally


def test_an_edit_that_changes_nothing_returns_the_same_note() -> None:
    note = scaffold.loads(SEED.read_bytes())
    assert note.set("Quick stats > Downloads", "1.2B+") is note
    assert note.set("aliases.1", "LLaMA") is note
    assert note.set("aliases.-1", "Llama 4") is note


def test_local_verification_refuses_data_other_than_expected() -> None:
    from scaffold.edit.splice import apply_edits
    from scaffold.errors import VerifyError

    old = scaffold.loads("---\ntitle: a\n---\n# H\n")
    edits = [Edit(11, 12, "b")]
    new = apply_edits(old, edits)
    assert new.text == "---\ntitle: b\n---\n# H\n"
    assert verify_local.verified(old, new, edits, data={"title": "b"})
    with pytest.raises(VerifyError, match="reads back as"):
        verify_local.verified(old, new, edits, data={"title": "c"})


def test_local_verification_refuses_cells_other_than_expected() -> None:
    from scaffold.edit.splice import apply_edits
    from scaffold.errors import VerifyError

    old = scaffold.loads("# H\n\n| k | v |\n|---|---|\n| x | 1 |\n")
    table = old.body.tables[0]
    cell = table.rows[0].cells[1]
    edits = [Edit(cell.start, cell.end, "2")]
    new = apply_edits(old, edits)
    assert verify_local.verified(old, new, edits, table=table, cells=(("k", "v"), ("x", "2")))
    with pytest.raises(VerifyError, match="this row reads back as"):
        verify_local.verified(old, new, edits, table=table, cells=(("k", "v"), ("x", "3")))


def test_an_edited_note_pickles_whole() -> None:
    import pickle

    note = scaffold.loads(SEED.read_bytes(), path="Llama.md")
    edited = note.set("Quick stats > Downloads", "1.3B+")  # its body not scanned yet
    copy = pickle.loads(pickle.dumps(edited))
    assert type(copy) is type(edited)
    assert (copy.text, copy.path, copy.bom) == (edited.text, edited.path, edited.bom)
    assert copy.get("Quick stats > Downloads") == "1.3B+"
    assert repr(copy.body) == repr(edited.body)
