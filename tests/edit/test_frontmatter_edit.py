"""Frontmatter edits change only their span, and the result reads back as ``expected``."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.edit.frontmatter_edit import (
    Change,
    append_item,
    delete_key,
    remove_item,
    rename_key,
    set_value,
)
from scaffold.edit.verify import splice
from scaffold.errors import AddressError, NoteParseError, ScaffoldError, ValueRefusedError
from scaffold.note.frontmatter import find_block, load_data, parse_nodes
from scaffold.note.yaml_nodes import Node
from scaffold.text import decode, split_lines
from tests.conftest import corpora_or_skip

SEED_TEXT = "---\naliases: [Meta Llama, LLaMA, Llama 4]\n---\n#actor #product\n\n**Llama** body\n"

Op = Callable[..., Change]


def _run(text: str, op: Op, *args: Any) -> tuple[str, Change]:
    """Apply ``op`` and check the two promises: the result reads back as ``expected``, and
    every byte outside the edits is the old text's."""
    lines = split_lines(text)
    block = find_block(text, lines)
    root = parse_nodes(text, block) if block else None
    change = op(text, lines, block, root, *args)
    new = splice(text, change.edits)
    new_block = find_block(new, split_lines(new))
    assert new_block is not None
    assert load_data(new, new_block) == change.expected
    _assert_outside_unchanged(text, new, change)
    return new, change


def _assert_outside_unchanged(old: str, new: str, change: Change) -> None:
    pos_old = pos_new = 0
    for edit in sorted(change.edits, key=lambda e: e.start):
        kept = old[pos_old : edit.start]
        assert new[pos_new : pos_new + len(kept)] == kept
        pos_new += len(kept)
        assert new[pos_new : pos_new + len(edit.new)] == edit.new
        pos_new += len(edit.new)
        pos_old = edit.end
    assert new[pos_new:] == old[pos_old:]


# -- exact results ----------------------------------------------------------------------------

BLOCKY = (
    "---\n"
    "title: Old title  # keep me\n"
    "tags:\n"
    "  - ai\n"
    "  - 'open source'\n"
    "meta:\n"
    "  born: 2023-02-24\n"
    "  count: 3\n"
    "  x:\n"
    "empty:\n"
    "---\n"
    "body\n"
)

CASES: list[tuple[str, str, Op, tuple[Any, ...], str]] = [
    # set on existing scalars keeps the style and everything around
    (
        "seed item",
        SEED_TEXT,
        set_value,
        (("aliases", 1), "Llama 3"),
        SEED_TEXT.replace("LLaMA,", "Llama 3,"),
    ),
    (
        "flow needs quotes",
        SEED_TEXT,
        set_value,
        (("aliases", 0), "a, b"),
        SEED_TEXT.replace("Meta Llama,", "'a, b',"),
    ),
    (
        "comment kept",
        BLOCKY,
        set_value,
        (("title",), "New: yes"),
        BLOCKY.replace("Old title  #", "'New: yes'  #"),
    ),
    (
        "date stays date",
        BLOCKY,
        set_value,
        (("meta", "born"), "2024-01-01"),
        BLOCKY.replace("2023-02-24", "2024-01-01"),
    ),
    (
        "int stays int",
        BLOCKY,
        set_value,
        (("meta", "count"), "4"),
        BLOCKY.replace("count: 3", "count: 4"),
    ),
    (
        "empty value",
        BLOCKY,
        set_value,
        (("empty",), "filled"),
        BLOCKY.replace("empty:\n", "empty: filled\n"),
    ),
    (
        "quoted keeps single",
        BLOCKY,
        set_value,
        (("tags", 1), "closed"),
        BLOCKY.replace("'open source'", "'closed'"),
    ),
    (
        "double keeps double",
        '---\na: "x"\n---\n',
        set_value,
        (("a",), "it's"),
        '---\na: "it\'s"\n---\n',
    ),
    (
        "string looks like a number",
        "---\na: text\n---\n",
        set_value,
        (("a",), "12"),
        "---\na: '12'\n---\n",
    ),
    (
        "literal to one line",
        "---\nd: |\n  one\n  two\n\ne: 1\n---\n",
        set_value,
        (("d",), "three"),
        "---\nd: three\n\ne: 1\n---\n",
    ),
    (
        "folded to one line",
        "---\nd: >-\n  one\n  two\ne: 1\n---\n",
        set_value,
        (("d",), "a\nb"),
        '---\nd: "a\\nb"\ne: 1\n---\n',
    ),
    (
        "multi-line plain",
        "---\nd: one\n  two\ne: 1\n---\n",
        set_value,
        (("d",), "x"),
        "---\nd: x\ne: 1\n---\n",
    ),
    (
        "alias scalar replaced",
        "---\nx: &a 1\ny: *a\n---\n",
        set_value,
        (("y",), "2"),
        "---\nx: &a 1\ny: 2\n---\n",
    ),
    # set on missing keys
    (
        "new key",
        SEED_TEXT,
        set_value,
        (("type",), "actor"),
        SEED_TEXT.replace("]\n---", "]\ntype: actor\n---"),
    ),
    (
        "new nested",
        SEED_TEXT,
        set_value,
        (("meta", "born"), "2023"),
        SEED_TEXT.replace("]\n---", "]\nmeta:\n  born: 2023\n---"),
    ),
    (
        "new in nested",
        BLOCKY,
        set_value,
        (("meta", "new"), "v"),
        BLOCKY.replace("  x:\n", "  x:\n  new: v\n"),
    ),
    (
        "new under null",
        BLOCKY,
        set_value,
        (("meta", "x", "y"), "v"),
        BLOCKY.replace("  x:\n", "  x:\n    'y': v\n"),
    ),
    (
        "new in flow map",
        "---\na: {x: 1}\n---\n",
        set_value,
        (("a", "b"), "v w"),
        "---\na: {x: 1, b: v w}\n---\n",
    ),
    (
        "new in empty flow map",
        "---\na: {}\n---\n",
        set_value,
        (("a", "b"), "v"),
        "---\na: {b: v}\n---\n",
    ),
    (
        "key with dot and >",
        SEED_TEXT,
        set_value,
        (("a.b > c",), "v"),
        SEED_TEXT.replace("]\n---", "]\na.b > c: v\n---"),
    ),
    (
        "key needing quotes",
        SEED_TEXT,
        set_value,
        (("a: b",), "v"),
        SEED_TEXT.replace("]\n---", "]\n'a: b': v\n---"),
    ),
    ("no frontmatter", "body\n", set_value, (("title",), "T"), "---\ntitle: T\n---\nbody\n"),
    (
        "no frontmatter crlf",
        "body\r\nmore\r\n",
        set_value,
        (("a",), "1"),
        "---\r\na: 1\r\n---\r\nbody\r\nmore\r\n",
    ),
    ("empty file", "", set_value, (("a",), "1"), "---\na: 1\n---\n"),
    ("empty frontmatter", "---\n---\nbody", set_value, (("a",), "x"), "---\na: x\n---\nbody"),
    (
        "comment-only frontmatter",
        "---\n# c\n---\n",
        set_value,
        (("a",), "x"),
        "---\n# c\na: x\n---\n",
    ),
    (
        "frontmatter only, no final newline",
        "---\na: 1\n---",
        set_value,
        (("b",), "2"),
        "---\na: 1\nb: 2\n---",
    ),
    (
        "crlf new key",
        "---\r\na: 1\r\n---\r\nbody",
        set_value,
        (("b",), "2"),
        "---\r\na: 1\r\nb: 2\r\n---\r\nbody",
    ),
    ("cjk", "---\n名前: 中文\n---\n", set_value, (("名前",), "日本語"), "---\n名前: 日本語\n---\n"),
    (
        "indent step 4",
        "---\na:\n    b: 1\n---\n",
        set_value,
        (("c", "d"), "2"),
        "---\na:\n    b: 1\nc:\n    d: 2\n---\n",
    ),
    # delete
    (
        "delete key",
        BLOCKY,
        delete_key,
        (("title",),),
        BLOCKY.replace("title: Old title  # keep me\n", ""),
    ),
    (
        "delete nested map",
        BLOCKY,
        delete_key,
        (("meta",),),
        BLOCKY.replace("meta:\n  born: 2023-02-24\n  count: 3\n  x:\n", ""),
    ),
    ("delete block item", BLOCKY, delete_key, (("tags", 0),), BLOCKY.replace("  - ai\n", "")),
    (
        "delete last block item",
        "---\nl:\n  - a\n---\n",
        delete_key,
        (("l", 0),),
        "---\nl:\n  []\n---\n",
    ),
    (
        "delete only nested key",
        "---\nm:\n  a: 1\n---\n",
        delete_key,
        (("m", "a"),),
        "---\nm:\n  {}\n---\n",
    ),
    (
        "delete flow first",
        "---\na: {x: 1, y: 2}\n---\n",
        delete_key,
        (("a", "x"),),
        "---\na: {y: 2}\n---\n",
    ),
    (
        "delete flow last",
        "---\na: {x: 1, y: 2}\n---\n",
        delete_key,
        (("a", "y"),),
        "---\na: {x: 1}\n---\n",
    ),
    ("delete flow only", "---\na: {x: 1}\n---\n", delete_key, (("a", "x"),), "---\na: {}\n---\n"),
    (
        "delete flow item",
        SEED_TEXT,
        delete_key,
        (("aliases", 1),),
        SEED_TEXT.replace("LLaMA, ", ""),
    ),
    ("delete only key", "---\na: 1\n---\nbody", delete_key, (("a",),), "---\n---\nbody"),
    (
        "delete map in seq item",
        "---\nl:\n- a: 1\n  b: 2\n---\n",
        delete_key,
        (("l", 0, "a"),),
        "---\nl:\n- b: 2\n---\n",
    ),
    (
        "delete crlf",
        "---\r\na: 1\r\nb: 2\r\n---\r\n",
        delete_key,
        (("a",),),
        "---\r\nb: 2\r\n---\r\n",
    ),
    (
        "delete case-insensitive",
        "---\nTitle: 1\nb: 2\n---\n",
        delete_key,
        (("title",),),
        "---\nb: 2\n---\n",
    ),
    # rename
    (
        "rename",
        SEED_TEXT,
        rename_key,
        (("aliases",), "alias"),
        SEED_TEXT.replace("aliases:", "alias:"),
    ),
    (
        "rename quoted",
        SEED_TEXT,
        rename_key,
        (("aliases",), "yes"),
        SEED_TEXT.replace("aliases:", "'yes':"),
    ),
    (
        "rename in flow",
        "---\na: {x: 1}\n---\n",
        rename_key,
        (("a", "x"), "y,z"),
        "---\na: {'y,z': 1}\n---\n",
    ),
    # append
    (
        "append flow",
        SEED_TEXT,
        append_item,
        (("aliases",), "Llama 5"),
        SEED_TEXT.replace("Llama 4]", "Llama 4, Llama 5]"),
    ),
    ("append empty flow", "---\nl: []\n---\n", append_item, (("l",), "x"), "---\nl: [x]\n---\n"),
    (
        "append block",
        BLOCKY,
        append_item,
        (("tags",), "new"),
        BLOCKY.replace("  - 'open source'\n", "  - 'open source'\n  - 'new'\n"),
    ),
    (
        "append zero-indent block",
        "---\nl:\n- a\nb: 1\n---\n",
        append_item,
        (("l",), "c"),
        "---\nl:\n- a\n- c\nb: 1\n---\n",
    ),
    (
        "append to null",
        BLOCKY,
        append_item,
        (("empty",), "x"),
        BLOCKY.replace("empty:\n", "empty:\n  - x\n"),
    ),
    (
        "append to explicit null",
        "---\nl: null\n---\n",
        append_item,
        (("l",), "x"),
        "---\nl:\n  - x\n---\n",
    ),
    (
        "append to missing",
        SEED_TEXT,
        append_item,
        (("tags",), "ai"),
        SEED_TEXT.replace("]\n---", "]\ntags:\n  - ai\n---"),
    ),
    (
        "append no frontmatter",
        "body",
        append_item,
        (("tags",), "ai"),
        "---\ntags:\n  - ai\n---\nbody",
    ),
    (
        "append needs flow quotes",
        SEED_TEXT,
        append_item,
        (("aliases",), "[[Meta]]"),
        SEED_TEXT.replace("Llama 4]", "Llama 4, '[[Meta]]']"),
    ),
    (
        "append crlf block",
        "---\r\nl:\r\n  - a\r\n---\r\n",
        append_item,
        (("l",), "b"),
        "---\r\nl:\r\n  - a\r\n  - b\r\n---\r\n",
    ),
    # remove
    (
        "remove middle",
        SEED_TEXT,
        remove_item,
        (("aliases",), "LLaMA"),
        SEED_TEXT.replace("LLaMA, ", ""),
    ),
    (
        "remove last",
        SEED_TEXT,
        remove_item,
        (("aliases",), "Llama 4"),
        SEED_TEXT.replace(", Llama 4]", "]"),
    ),
    ("remove only", "---\nl: [a]\n---\n", remove_item, (("l",), "a"), "---\nl: []\n---\n"),
    (
        "remove block",
        BLOCKY,
        remove_item,
        (("tags",), "open source"),
        BLOCKY.replace("  - 'open source'\n", ""),
    ),
    (
        "remove number by text",
        "---\nl: [1, 2]\n---\n",
        remove_item,
        (("l",), "2"),
        "---\nl: [1]\n---\n",
    ),
]


@pytest.mark.parametrize(
    ("text", "op", "args", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_exact_results(text: str, op: Op, args: tuple[Any, ...], expected: str) -> None:
    new, _ = _run(text, op, *args)
    assert new == expected


def test_bom_note_keeps_offsets() -> None:
    text, bom = decode(("\ufeff" + SEED_TEXT).encode("utf-8"))
    assert bom
    new, _ = _run(text, set_value, ("aliases", 2), "Llama 5")
    assert new == SEED_TEXT.replace("Llama 4", "Llama 5")


def test_change_line_points_at_the_node() -> None:
    _, change = _run(BLOCKY, set_value, ("meta", "count"), "9")
    assert change.line == 8


# -- refusals ---------------------------------------------------------------------------------

REFUSALS: list[tuple[str, str, Op, tuple[Any, ...], type[ScaffoldError], str | None]] = [
    ("set a list", SEED_TEXT, set_value, (("aliases",), "x"), ValueRefusedError, "aliases.0"),
    ("set a map", BLOCKY, set_value, (("meta",), "x"), ValueRefusedError, "meta.<key>"),
    ("set inside a scalar", BLOCKY, set_value, (("title", "x"), "v"), AddressError, "title"),
    ("bad index", SEED_TEXT, set_value, (("aliases", 5), "v"), AddressError, "0 to 2"),
    (
        "anchored",
        "---\nx: &a 1\ny: *a\n---\n",
        set_value,
        (("x",), "2"),
        ValueRefusedError,
        "by hand",
    ),
    (
        "inside anchored",
        "---\nb: &m {k: 1}\nc: *m\n---\n",
        set_value,
        (("b", "k"), "2"),
        ValueRefusedError,
        "by hand",
    ),
    ("tagged", "---\nx: !!str 1\n---\n", set_value, (("x",), "2"), ValueRefusedError, "by hand"),
    (
        "bad type",
        BLOCKY,
        set_value,
        (("meta", "count"), "many", "int"),
        ValueRefusedError,
        "--type str",
    ),
    ("delete missing", BLOCKY, delete_key, (("titel",),), AddressError, "Did you mean 'title'?"),
    ("delete no fm", "body", delete_key, (("a",),), AddressError, None),
    (
        "delete in merge",
        "---\nb: &b {k: 1}\nm:\n  <<: *b\n  k: 2\n---\n",
        delete_key,
        (("m", "k"),),
        ValueRefusedError,
        "by hand",
    ),
    (
        "rename onto existing",
        BLOCKY,
        rename_key,
        (("title",), "tags"),
        ValueRefusedError,
        "existing key",
    ),
    ("rename an item", SEED_TEXT, rename_key, (("aliases", 0), "x"), ValueRefusedError, None),
    ("append to scalar", BLOCKY, append_item, (("title",), "x"), ValueRefusedError, "set"),
    ("append to map", BLOCKY, append_item, (("meta",), "x"), ValueRefusedError, "set"),
    (
        "remove missing",
        SEED_TEXT,
        remove_item,
        (("aliases",), "GPT"),
        AddressError,
        "Meta Llama, LLaMA, Llama 4",
    ),
    ("remove from scalar", BLOCKY, remove_item, (("title",), "x"), ValueRefusedError, "delete"),
    ("create an index", SEED_TEXT, set_value, (("new", 0), "x"), AddressError, "append"),
    ("empty path", SEED_TEXT, set_value, ((), "x"), AddressError, None),
    (
        "explicit key without value",
        "---\n? a\n? b\n---\n",
        set_value,
        (("a",), "x"),
        ValueRefusedError,
        "placeholder",
    ),
]


@pytest.mark.parametrize(
    ("text", "op", "args", "error", "hint"),
    [case[1:] for case in REFUSALS],
    ids=[case[0] for case in REFUSALS],
)
def test_refusals(
    text: str, op: Op, args: tuple[Any, ...], error: type[ScaffoldError], hint: str | None
) -> None:
    lines = split_lines(text)
    block = find_block(text, lines)
    root = parse_nodes(text, block) if block else None
    with pytest.raises(error) as info:
        op(text, lines, block, root, *args)
    if hint is not None:
        assert hint in f"{info.value.message} {info.value.hint}"


def test_remove_missing_lists_candidates() -> None:
    lines = split_lines(SEED_TEXT)
    block = find_block(SEED_TEXT, lines)
    assert block is not None
    with pytest.raises(AddressError) as info:
        remove_item(SEED_TEXT, lines, block, parse_nodes(SEED_TEXT, block), ("aliases",), "x")
    assert info.value.candidates == ("Meta Llama", "LLaMA", "Llama 4")


# -- properties -------------------------------------------------------------------------------

ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=20)
KEYS = st.sampled_from(
    [
        ("title",),
        ("tags", 0),
        ("tags", 1),
        ("meta", "born"),
        ("meta", "count"),
        ("meta", "x"),
        ("empty",),
        ("new",),
        ("meta", "new"),
    ]
)


@settings(max_examples=200, deadline=None)
@given(key=KEYS, raw=ANY_TEXT, crlf=st.booleans())
def test_set_any_text_anywhere_reads_back(key: tuple[str | int, ...], raw: str, crlf: bool) -> None:
    text = BLOCKY.replace("\n", "\r\n") if crlf else BLOCKY
    _, change = _run(text, set_value, key, raw, "str")
    if key not in {("new",), ("meta", "new")}:
        # An existing value is replaced on its own line, never by a multi-line form.
        assert len(change.edits) == 1
        assert "\n" not in change.edits[0].new


@settings(max_examples=100, deadline=None)
@given(raw=ANY_TEXT, flow=st.booleans())
def test_append_then_remove_restores_the_note(raw: str, flow: bool) -> None:
    text = SEED_TEXT if flow else BLOCKY
    key = ("aliases",) if flow else ("tags",)
    appended, _ = _run(text, append_item, key, raw, "str")
    lines = split_lines(appended)
    block = find_block(appended, lines)
    assert block is not None
    root = parse_nodes(appended, block)
    assert root is not None
    removed, _ = _run(appended, remove_item, key, raw)
    if raw not in ("Meta Llama", "LLaMA", "Llama 4", "ai", "open source"):
        assert removed == text


# -- conformance over the YAML test suite -----------------------------------------------------


def _suite() -> Path:
    return corpora_or_skip("yaml-test-suite", "manifest.json").parent


def _wrap(source: str) -> str | None:
    """The case as a note's frontmatter, or None when a line of it would close the block."""
    if any(line.rstrip(" \t") in ("---", "...") for line in source.splitlines()):
        return None
    return "---\n" + source + ("" if source.endswith("\n") or not source else "\n") + "---\n"


def _ruamel_refuses(yaml_text: str) -> bool:
    import warnings

    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yaml.load(yaml_text)
    except Exception:
        return True
    return False


def _scalars(
    node: Node, path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], Node]]:
    if node.kind == "map":
        for entry in node.entries:
            if entry.key.kind == "scalar" and isinstance(entry.key.value, str):
                yield from _scalars(entry.value, (*path, entry.key.value))
    elif node.kind == "seq":
        for index, item in enumerate(node.items):
            yield from _scalars(item, (*path, index))
    elif path:
        yield path, node


@pytest.mark.corpus
def test_yaml_test_suite_conformance() -> None:
    root_dir = _suite()
    errors = {
        line.split("\t")[0]
        for line in (root_dir / "error-cases.txt").read_text().splitlines()
        if line and not line.startswith("#")
    }
    counts: Counter[str] = Counter()
    for path in sorted((root_dir / "in").glob("*.yaml")):
        text = _wrap(path.read_text(encoding="utf-8"))
        if text is None:
            counts["skipped: holds a --- or ... line"] += 1
            continue
        lines = split_lines(text)
        block = find_block(text, lines)
        assert block is not None
        yaml_text = text[block.start : block.end]
        if path.stem in errors:
            if _ruamel_refuses(yaml_text):
                with pytest.raises(NoteParseError):
                    parse_nodes(text, block)
                counts["error case: NoteParseError"] += 1
            else:
                counts["error case ruamel accepts"] += 1
            continue
        try:
            root = parse_nodes(text, block)
        except NoteParseError:
            counts["valid case refused (ruamel or not a mapping)"] += 1
            continue
        if root is None:
            continue
        counts["mapping cases"] += 1
        for key, node in _scalars(root, ()):
            try:
                change = set_value(text, lines, block, root, key, "new: value #1", "str")
            except ScaffoldError as exc:
                counts[f"set refused: {type(exc).__name__}"] += 1
                continue
            new = splice(text, change.edits)
            new_block = find_block(new, split_lines(new))
            assert new_block is not None
            assert load_data(new, new_block) == change.expected, (path.stem, key, new)
            _assert_outside_unchanged(text, new, change)
            assert node.start == change.edits[0].start
            counts["set verified"] += 1
    print(json.dumps(dict(sorted(counts.items())), indent=1))
    assert counts["set verified"] > 100
    assert counts["error case: NoteParseError"] > 40


def _as_typed(value: object) -> str:
    """How a user types an existing item's value on the command line."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@pytest.mark.corpus
def test_every_operation_on_every_real_vault_note() -> None:
    """Set, delete, rename every top-level key, append to and remove from every list, in
    about 1,300 real notes; each result must read back as ``expected``."""
    counts: Counter[str] = Counter()
    for path in sorted(corpora_or_skip().rglob("*.md")):
        text, _ = decode(path.read_bytes())
        lines = split_lines(text)
        block = find_block(text, lines)
        if block is None:
            continue
        root = parse_nodes(text, block)
        if root is None:
            continue
        for entry in root.entries:
            key = entry.key.value
            if not isinstance(key, str):
                continue
            calls: list[tuple[Op, tuple[Any, ...]]] = [
                (delete_key, ((key,),)),
                (rename_key, ((key,), "renamed key")),
            ]
            if entry.value.kind == "scalar":
                calls.append((set_value, ((key,), "new: value")))
            if entry.value.kind == "map":
                calls.append((set_value, ((key, "zz new"), "x")))
            if entry.value.kind == "seq":
                calls.append((append_item, ((key,), "added")))
                for index, item in enumerate(entry.value.items[:2]):
                    calls.append((delete_key, ((key, index),)))
                    if item.kind == "scalar":
                        calls.append((remove_item, ((key,), _as_typed(item.value))))
            for op, args in calls:
                _run(text, op, *args)
                counts[op.__name__] += 1
    print(dict(counts))
    assert counts["set_value"] > 5000
    assert counts["append_item"] > 1000
