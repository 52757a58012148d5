"""Finding the frontmatter block and reading its YAML as nodes with exact note offsets."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.errors import AddressError, NoteParseError
from scaffold.note.yaml.frontmatter import find_block, find_entry, load_data, parse, parse_nodes
from scaffold.note.yaml.nodes import Block, Node
from scaffold.text import decode, split_lines
from tests.conftest import SEED, corpora_or_skip


def _block(text: str) -> Block | None:
    return find_block(text, split_lines(text))


def _must_block(text: str) -> Block:
    block = _block(text)
    assert block is not None
    return block


def _nodes(text: str) -> Node:
    root = parse_nodes(text, _must_block(text))
    assert root is not None
    return root


def _all(node: Node) -> list[Node]:
    out = [node]
    for item in node.items:
        out.extend(_all(item))
    for entry in node.entries:
        out.extend(_all(entry.key))
        out.extend(_all(entry.value))
    return out


def _assert_line_col(text: str, node: Node) -> None:
    lines = split_lines(text)
    index = lines.line_of(node.start)
    assert node.line == index + 1
    assert node.col == node.start - lines.starts[index] + 1


# -- find_block -------------------------------------------------------------------------------


def test_block_of_the_seed_note() -> None:
    text = "---\naliases: [A]\n---\nbody\n"
    block = _must_block(text)
    assert block == Block(close_line=3, start=4, end=17, after=21, body_first=3)
    assert text[block.start : block.end] == "aliases: [A]\n"


@pytest.mark.parametrize(
    ("text", "yaml", "body_first"),
    [
        ("--- \t\na: 1\n---\n", "a: 1\n", 3),
        ("---\na: 1\n...\nbody", "a: 1\n", 3),
        ("---\na: 1\n---  \nbody", "a: 1\n", 3),
        ("---\r\na: 1\r\n---\r\nbody", "a: 1\r\n", 3),
        ("---\n---\n", "", 2),
        ("---\n---", "", 2),
        ("---\ntitle: a --- b\nq: '---'\n---\n", "title: a --- b\nq: '---'\n", 4),
    ],
)
def test_fence_variants(text: str, yaml: str, body_first: int) -> None:
    block = _must_block(text)
    assert text[block.start : block.end] == yaml
    assert block.body_first == body_first
    assert block.after == len(text) or text[block.after - 1] == "\n"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "body only\n",
        "----\na: 1\n----\n",
        " ---\na: 1\n---\n",
        "--- x\na: 1\n---\n",
        "\n---\na: 1\n---\n",
    ],
)
def test_no_block(text: str) -> None:
    assert _block(text) is None


@pytest.mark.parametrize("text", ["---\na: 1\n", "---", "---\na: 1\n----\n", "---\n a: ---\n"])
def test_unclosed_block(text: str) -> None:
    with pytest.raises(NoteParseError) as info:
        find_block(text, split_lines(text), path="n.md")
    assert info.value.line == 1
    assert "never closed" in info.value.message
    assert info.value.hint is not None and "---" in info.value.hint
    assert str(info.value).startswith("n.md:1")


@pytest.mark.corpus
def test_python_frontmatter_fixtures_agree_where_obsidian_does() -> None:
    root = corpora_or_skip("python-frontmatter-tests")
    decided = 0
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".txt", ".md", ".markdown"):
            continue
        text, _ = decode(path.read_bytes())
        lines = split_lines(text)
        first = lines.content[0] if lines else ""
        result = path.with_suffix(".result.json")
        if first.rstrip(" \t") != "---":
            # `----`, `+++` (TOML), `{` (JSON) and no fence: body text to Obsidian and to us.
            assert find_block(text, lines) is None
            continue
        block = find_block(text, lines)
        assert block is not None
        data = load_data(text, block)
        if result.exists():
            # Their ``content`` is the body (a frontmatter key named content is shadowed there).
            expected = json.loads(result.read_text())
            expected.pop("content", None)
            got = json.loads(json.dumps(data, default=str))
            got.pop("content", None)
            if path.name == "unpretty.md":
                # python-frontmatter reads YAML 1.1, where `yes` is true; 1.2 keeps the string.
                assert got["destination"]["encoding"]["xz"]["enabled"] == "yes"
                continue
            assert got == expected, path
        decided += 1
    assert decided >= 8


# -- parse_nodes ------------------------------------------------------------------------------


def test_seed_nodes() -> None:
    text = SEED.read_text(encoding="utf-8")
    root = _nodes(text)
    entry = find_entry(root, "aliases")
    assert entry.value.kind == "seq" and entry.value.style == "flow"
    assert [text[i.start : i.end] for i in entry.value.items] == ["Meta Llama", "LLaMA", "Llama 4"]
    assert [(i.line, i.col) for i in entry.value.items] == [(2, 11), (2, 23), (2, 30)]
    assert text[entry.value.start : entry.value.end] == "[Meta Llama, LLaMA, Llama 4]"


MIXED = (
    "---\r\n"
    'title: "Quoted: yes"  # comment\r\n'
    "名前: 中文テキスト\r\n"
    "tags:\r\n"
    "  - ai\r\n"
    "  - 'open source'\r\n"
    "flow: {a: 1, b: [x, y]}\r\n"
    "born: 2023-02-24\r\n"
    "at: 2023-02-24 10:30:00\r\n"
    "desc: |\r\n"
    "  line one\r\n"
    "  line two\r\n"
    "\r\n"
    "folded: >-\r\n"
    "  a\r\n"
    "  b\r\n"
    "multi: plain\r\n"
    "  continued\r\n"
    "empty:\r\n"
    "tab: a b  #\ta tab in a comment\r\n"
    'qtab: "x\ty"\r\n'
    "num: 1.5\r\n"
    "---\r\n"
    "body\r\n"
)


def test_node_spans_map_onto_note_offsets_with_crlf_cjk_and_tabs() -> None:
    text = MIXED
    root = _nodes(text)
    for node in _all(root):
        _assert_line_col(text, node)
    got = {
        e.key.value: (e.value.style, text[e.value.start : e.value.end], e.value.value)
        for e in root.entries
    }
    assert got["title"] == ("double", '"Quoted: yes"', "Quoted: yes")
    assert got["名前"] == ("plain", "中文テキスト", "中文テキスト")
    assert got["tags"][:2] == ("block", "- ai\r\n  - 'open source'")
    assert got["flow"][:2] == ("flow", "{a: 1, b: [x, y]}")
    assert got["born"] == ("plain", "2023-02-24", dt.date(2023, 2, 24))
    assert got["at"][2] == dt.datetime(2023, 2, 24, 10, 30)
    assert got["desc"] == ("literal", "|\r\n  line one\r\n  line two", "line one\nline two\n")
    assert got["folded"] == ("folded", ">-\r\n  a\r\n  b", "a b")
    assert got["multi"] == ("plain", "plain\r\n  continued", "plain continued")
    assert got["empty"] == ("plain", "", None)
    assert got["tab"] == ("plain", "a b", "a b")
    assert got["qtab"] == ("double", '"x\ty"', "x\ty")
    assert find_entry(root, "qtab").value.col == 7
    assert got["num"] == ("plain", "1.5", 1.5)
    empty = find_entry(root, "empty").value
    assert text[empty.start - 1] == ":"
    assert find_entry(root, "名前").value.col == 5


def test_bom_before_the_note_does_not_shift_offsets() -> None:
    text, had_bom = decode(("\ufeff" + MIXED).encode("utf-8"))
    assert had_bom
    root = _nodes(text)
    title = find_entry(root, "title").value
    assert (title.line, title.col) == (2, 8)
    assert text[title.start : title.end] == '"Quoted: yes"'


def test_parse_and_load_agree() -> None:
    block = _must_block(MIXED)
    root, data = parse(MIXED, block)
    assert root == parse_nodes(MIXED, block)
    assert data == load_data(MIXED, block)
    assert data["tags"] == ["ai", "open source"]
    assert data["flow"] == {"a": 1, "b": ["x", "y"]}


def test_load_data_returns_fresh_containers() -> None:
    text = "---\na: [1]\n---\n"
    block = _must_block(text)
    first = load_data(text, block)
    first["a"].append(2)
    assert load_data(text, block) == {"a": [1]}


@pytest.mark.parametrize("yaml", ["", "# only a comment\n", "\n\n"])
def test_empty_yaml(yaml: str) -> None:
    text = f"---\n{yaml}---\n"
    block = _must_block(text)
    assert parse_nodes(text, block) is None
    assert load_data(text, block) == {}


def test_yaml_1_2_semantics() -> None:
    text = "---\na: yes\nb: on\nc: 010\nd: 0o10\ne: ~\nf: 1_000\ng: 10:00\n---\n"
    assert load_data(text, _must_block(text)) == {
        "a": "yes",
        "b": "on",
        "c": 10,
        "d": 8,
        "e": None,
        "f": 1000,
        "g": "10:00",
    }


def test_anchors_aliases_merge_and_tags_parse() -> None:
    text = "---\nbase: &b {k: 1}\nx: &a 3\ny: *a\nm:\n  <<: *b\n  z: !!str 5\n---\n"
    root = _nodes(text)
    data = load_data(text, _must_block(text))
    assert data == {"base": {"k": 1}, "x": 3, "y": 3, "m": {"k": 1, "z": "5"}}
    x, y = find_entry(root, "x").value, find_entry(root, "y").value
    assert x.anchor == "a" and not x.alias
    assert y.alias and text[y.start : y.end] == "*a"
    m = find_entry(root, "m").value
    assert [e.key.value for e in m.entries][1] == "z"
    assert find_entry(m, "z").value.tag == "!!str"


@pytest.mark.parametrize(
    ("yaml", "line", "says"),
    [
        ("a: 1\na: 2\n", 3, "duplicate key"),
        ("a: 1\nb: [\n", 4, "invalid YAML"),
        ("a: 1\n--- x\n", 3, "more than one"),
        ("- a\n- b\n", 2, "not a mapping"),
        ("just text\n", 2, "not a mapping"),
        ("a: b: c\n", 2, "invalid YAML"),
        ("a: \x07\n", 2, "character"),
        ("a: 2026-02-30\n", 2, "invalid YAML"),
        ("a: !!int 0x\n", 2, "invalid YAML"),  # ruamel's constructor raises ValueError
        ("%YAML 1.3\n--- a: 1\n", 2, "version"),  # ... and asserts on this directive
        ("a: " + "[" * 3000 + "]" * 3000 + "\n", 2, "nested too deeply"),
        ("--- !!set\n? a\n", 2, "not a mapping"),
    ],
)
def test_parse_errors_name_the_note_line(yaml: str, line: int, says: str) -> None:
    text = f"---\n{yaml}---\nbody\n"
    block = _must_block(text)
    with pytest.raises(NoteParseError) as info:
        parse_nodes(text, block, path="n.md")
    assert info.value.line == line
    assert says in info.value.message
    assert info.value.hint
    assert info.value.path == "n.md"
    with pytest.raises(NoteParseError):
        load_data(text, block)


def test_ruamel_refuses_a_tab_in_a_plain_scalar() -> None:
    # YAML 1.2 allows it, ruamel 0.19 does not; such a note is reported, not mangled.
    text = "---\nk: a\tb\n---\n"
    with pytest.raises(NoteParseError) as info:
        parse_nodes(text, _must_block(text))
    assert info.value.line == 2


def test_a_bug_is_not_reported_as_invalid_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    """An exception that is not ruamel's verdict on the input (here a RuntimeError from inside
    ruamel, standing in for a bug) propagates as itself, not as exit 4."""
    from ruamel.yaml.composer import Composer

    def broken(self: object, *args: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(Composer, "compose_node", broken)
    text = "---\nnested:\n  bug: simulated\n---\n"  # nested: the fast reader declines
    with pytest.raises(RuntimeError, match="simulated bug"):
        parse_nodes(text, _must_block(text))


def test_a_bug_in_the_tree_builder_is_not_invalid_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    import scaffold.note.yaml._compose as compose

    def broken(self: object, *args: object) -> None:
        raise ValueError("simulated bug in scaffold")  # ValueError, as ruamel raises too

    monkeypatch.setattr(compose._Builder, "build", broken)
    text = "---\nnested:\n  bug: in the builder\n---\n"
    with pytest.raises(ValueError, match="simulated bug in scaffold"):
        parse_nodes(text, _must_block(text))


def test_the_cli_reports_a_bug_as_exit_1(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_text("---\nnested:\n  k: v\n---\nbody\n", encoding="utf-8")
    patch_and_run = (
        "import sys\n"
        "from ruamel.yaml.composer import Composer\n"
        "def broken(self, *args):\n"
        "    raise RuntimeError('simulated bug')\n"
        "Composer.compose_node = broken\n"
        "from scaffold.cli.main import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "SCAFFOLD_DEBUG"}
    proc = subprocess.run(
        [sys.executable, "-c", patch_and_run, "get", str(note), "nested.k"],
        capture_output=True,
        text=True,
        env={**env, "NO_COLOR": "1"},
        timeout=60,
    )
    assert proc.returncode == 1
    assert "bug in scaffold" in proc.stderr
    assert "invalid YAML" not in proc.stderr


def test_a_parse_error_message_is_the_problem_not_the_whole_report() -> None:
    text = "---\na: b: c\n---\n"
    with pytest.raises(NoteParseError) as info:
        parse_nodes(text, _must_block(text))
    # ruamel's str() starts with its context ("while scanning ..." or similar) and spans
    # several lines; the message holds only its one-line problem.
    assert "\n" not in info.value.message
    assert info.value.message == (
        "invalid YAML in the frontmatter: mapping values are not allowed here"
    )


def test_a_problem_is_reported_even_when_the_exception_text_is_empty() -> None:
    from scaffold.note.yaml._compose import _translate
    from scaffold.note.yaml.nodes import Locator

    class Quiet(Exception):
        problem = "found a thing ruamel dislikes"

    error = _translate(Quiet(), Locator("a: 1\n", 4))
    assert error.message == "invalid YAML in the frontmatter: found a thing ruamel dislikes"
    assert _translate(Exception(), Locator("", 4)).message.endswith(": Exception")


def test_parse_error_column() -> None:
    text = "---\nok: 1\nbad: [a, b\n---\n"
    with pytest.raises(NoteParseError) as info:
        parse_nodes(text, _must_block(text))
    assert info.value.line is not None and info.value.line >= 3
    assert info.value.col is not None


# -- find_entry -------------------------------------------------------------------------------


def test_find_entry_exact_then_case_insensitive() -> None:
    root = _nodes("---\nTitle: a\ntitle: b\nType: c\n1: one\n---\n")
    assert find_entry(root, "title").value.value == "b"
    assert find_entry(root, "type").value.value == "c"
    assert find_entry(root, "1").value.value == "one"


def test_find_entry_ambiguous_case() -> None:
    root = _nodes("---\nTitle: a\nTITLE: b\n---\n")
    with pytest.raises(AddressError) as info:
        find_entry(root, "title")
    assert set(info.value.candidates) == {"Title", "TITLE"}


def test_find_entry_missing_suggests() -> None:
    root = _nodes("---\naliases: [a]\ntype: x\n---\n")
    with pytest.raises(AddressError) as info:
        find_entry(root, "alias", path="n.md")
    assert info.value.candidates == ("aliases", "type")
    assert info.value.hint == "Did you mean 'aliases'?"
    assert info.value.path == "n.md"


def test_find_entry_on_a_list() -> None:
    root = _nodes("---\naliases: [a]\n---\n")
    with pytest.raises(AddressError):
        find_entry(find_entry(root, "aliases").value, "x")


# -- real vaults: every frontmatter block parses or fails cleanly ------------------------------


@pytest.mark.corpus
def test_real_vault_frontmatter_parses() -> None:
    parsed = refused = 0
    for name in ("obsidian-help", "obsidian-tasks", "13th-Age-SRD-Markdown"):
        for path in sorted(corpora_or_skip(name).rglob("*.md")):
            text, _ = decode(path.read_bytes())
            lines = split_lines(text)
            try:
                block = find_block(text, lines)
                if block is None:
                    continue
                root = parse_nodes(text, block)
            except NoteParseError:
                refused += 1
                continue
            parsed += 1
            if root is not None:
                for node in _all(root)[:50]:
                    _assert_line_col(text, node)
    assert parsed > 1000
    assert refused < parsed // 50


# -- the fast path reads exactly what ruamel reads ---------------------------------------------


def _both_paths(yaml_text: str) -> tuple[object, object] | None:
    """(fast result, ruamel result) for a block, or None when the fast path declines."""
    import scaffold.note.yaml.frontmatter as fm
    from scaffold.note.yaml._flat import read_flat

    fast = read_flat(yaml_text, 4, fm.Locator(yaml_text, 4))
    if fast is None:
        return None
    slow = fm._parse_cached(yaml_text, 4, fast=False)
    return fast, slow


def _same(fast: object, slow: object) -> None:
    assert fast == slow
    # 1 == 1.0 == True in python; the types must match too.
    assert repr(fast) == repr(slow)


def test_fast_path_takes_the_seed_and_flat_blocks() -> None:
    for yaml in (
        "aliases: [Meta Llama, LLaMA, Llama 4]\n",
        "a: 1\nb: -2.5\nc: 2024-01-31\nd: true\ne: ~\nf: 'it''s'\ng: \"q\"  # c\nh:\n",
        "tags:\n  - ai\n  -\n  - 'x y'\nlist:\n- 1\n- -3  # c\n",
        "# comment\nurl: https://x.y/z?q=1#frag\nname: 中文 テキスト\r\nyes: y\n",
        "downloads: 1.3B+\nopens: 10:00\nusers: ~1B\nspend: $2.5B\nshare: 50%+\n",
    ):
        pair = _both_paths(yaml)
        assert pair is not None, yaml
        _same(*pair)


@pytest.mark.parametrize(
    "yaml",
    [
        "a:\n  b: 1\n",  # nesting
        "a: |\n  x\n",  # block scalar
        "a: &x 1\n",  # anchor
        "a: !!str 1\n",  # tag
        'a: "x\\ty"\n',  # escapes
        "a: 1_000\n",  # unusual number
        "a: 1\na: 2\n",  # duplicate: ruamel reports it
        "a: b: c\n",  # invalid: ruamel reports it
        "a: [x, [y]]\n",  # nested flow
        "a: {b: 1}\n",  # flow mapping
        "a: tRue\n",  # odd-case keyword
        "a: x\n  continued\n",  # multi-line plain
        "a: x\tb\n",  # tab
    ],
)
def test_fast_path_declines_what_it_does_not_know(yaml: str) -> None:
    assert _both_paths(yaml) is None


_SCALARS = st.sampled_from(
    [
        "a",
        "b c",
        "1",
        "-1",
        "0",
        "01",
        "1.5",
        "-0.5",
        "2024-01-01",
        "2024-13-01",
        "true",
        "True",
        "FALSE",
        "tRue",
        "null",
        "NULL",
        "~",
        "yes",
        "x:y",
        "a #b",
        "a#b",
        "'q'",
        "'it''s'",
        "''",
        '""',
        '"d e"',
        "'a, b'",
        "é ü",
        "中文",
        "http://x.y/z?q=1",
        "[[Link]]",
        "#tag",
        "a b  ",
        "3.",
        ".5",
        "1e3",
        "+1",
        "-",
        "-x",
        "a: b",
        "a:",
        "v'",
        "a]",
        "a,b",
        "=",
        "<<",
        "0o7",
        "13A/x",
        "1st level+",
        "2024-03-23 15:14",
        ".hidden",
        "<x>",
        "=x",
        "1 2",
        "0x1F",
        "0b11",
        "1e",
        "2001-12-14t21:59:43.10-05:00",
        "-.inf",
        ".NaN",
        "12:30",
        "a\\b",
        "%x",
        "@x",
        "&a",
        "*a",
        "!t",
        "|",
        ">",
        # values entity notes hold: strings for YAML 1.2, though digits come first
        "1.3B+",
        "10:00",
        "2 B",
        "1B users",
        "~1B",
        "<700M",
        "50%+",
        "$2.5B",
        "1.2.3",
        "12-34",
        "3:25:45",
        "2024-03-23T15:14",
        "1e+",
        "0x",
        "0b",
        "+",
        ".",
        # ... and the numbers and timestamps ruamel reads in their other forms
        "1_000",
        "1__0",
        "+1.5",
        "-.5e+3",
        "1.",
        "0.",
        "-0",
        "0o17",
        "0017",
        "1e+3",
        "1E3",
        "+.inf",
        "2001-12-14 21:59:43.10 -5",
        "2001-1-2T3:04:05Z",
    ]
)
_ITEMS = st.lists(_SCALARS, max_size=4)
_COMMENTS = st.sampled_from(["", "", " # c", "  #c", "#c", " #"])


def _entry(key: str) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(_SCALARS, _COMMENTS).map(lambda t: f"{key}: {t[0]}{t[1]}"),
        st.tuples(_ITEMS, _COMMENTS, st.sampled_from([", ", ",", " , "])).map(
            lambda t: f"{key}: [{t[2].join(t[0])}]{t[1]}"
        ),
        st.tuples(_COMMENTS, _ITEMS, st.sampled_from(["", "  "]), st.sampled_from(["- ", "-"])).map(
            lambda t: f"{key}:{t[0]}" + "".join(f"\n{t[2]}{t[3]}{i}" for i in t[1])
        ),
        st.sampled_from(["# comment", "", "  # indented comment", f"{key}:", "  extra: 1"]),
    )


@st.composite
def _blocks(draw: st.DrawFn) -> str:
    keys = draw(
        st.lists(
            st.sampled_from(["k", "a b", "x.y", "ü", "1", "K", "null", "tags"]),
            min_size=1,
            max_size=5,
            unique=True,
        )
    )
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    parts = [draw(_entry(key)) for key in keys]
    return eol.join(p.replace("\n", eol) for p in parts) + eol


@settings(max_examples=600, deadline=None)
@given(_blocks())
def test_fast_path_agrees_with_ruamel(yaml: str) -> None:
    try:
        pair = _both_paths(yaml)
    except NoteParseError as exc:  # the fast path took a block ruamel refuses
        raise AssertionError(f"fast path accepted invalid YAML {yaml!r}: {exc}") from None
    if pair is not None:
        _same(*pair)


@pytest.mark.corpus
def test_fast_path_agrees_with_ruamel_on_real_vaults() -> None:
    fast = 0
    for path in sorted(corpora_or_skip().rglob("*")):
        if path.suffix not in (".md", ".txt", ".markdown"):
            continue
        text, _ = decode(path.read_bytes())
        for variant in (text, text.replace("\n", "\r\n")):
            try:
                block = find_block(variant, split_lines(variant))
            except NoteParseError:
                continue
            if block is None:
                continue
            pair = _both_paths(variant[block.start : block.end])
            if pair is not None:
                _same(*pair)
                fast += 1
    assert fast > 1000
