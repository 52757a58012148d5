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

from scaffold import errors
from scaffold.edit.frontmatter_edit import (
    Change,
    append_item,
    delete_key,
    remove_item,
    rename_key,
    set_value,
)
from scaffold.edit.splice import splice
from scaffold.errors import AddressError, NoteParseError, ScaffoldError
from scaffold.note.yaml.frontmatter import find_block, load_data, parse_nodes
from scaffold.note.yaml.nodes import Node
from scaffold.text import decode, split_lines
from tests.casefile import Case, read_cases
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

OPS: dict[str, Op] = {
    op.__name__: op for op in (set_value, delete_key, rename_key, append_item, remove_item)
}


# Each case: a note, one operation on it, and the exact note after it. BLOCKY and SEED_TEXT
# are the first cases' notes.
@pytest.mark.parametrize("case", [c.param() for c in read_cases("edit/frontmatter_edits.md")])
def test_exact_results(case: Case) -> None:
    new, _ = _run(case.text, OPS[case.op], *case.args)
    assert new == case.expected


def test_the_case_files_start_from_the_notes_named_here() -> None:
    texts = {c.text for c in read_cases("edit/frontmatter_edits.md")}
    assert {SEED_TEXT, BLOCKY} <= texts


def test_bom_note_keeps_offsets() -> None:
    text, bom = decode(("\ufeff" + SEED_TEXT).encode("utf-8"))
    assert bom
    new, _ = _run(text, set_value, ("aliases", 2), "Llama 5")
    assert new == SEED_TEXT.replace("Llama 4", "Llama 5")


def test_change_line_points_at_the_node() -> None:
    _, change = _run(BLOCKY, set_value, ("meta", "count"), "9")
    assert change.line == 8


# -- refusals ---------------------------------------------------------------------------------


# Each case: a note, one operation, then the error class and a text its message or hint holds.
@pytest.mark.parametrize("case", [c.param() for c in read_cases("edit/frontmatter_refusals.md")])
def test_refusals(case: Case) -> None:
    name, _, hint = case.expected.rstrip("\n").partition("\n")
    error = getattr(errors, name)
    assert isinstance(error, type) and issubclass(error, ScaffoldError)
    text = case.text
    lines = split_lines(text)
    block = find_block(text, lines)
    root = parse_nodes(text, block) if block else None
    with pytest.raises(error) as info:
        OPS[case.op](text, lines, block, root, *case.args)
    if hint:
        assert hint in f"{info.value.message} {info.value.hint}"


def test_remove_missing_lists_candidates() -> None:
    lines = split_lines(SEED_TEXT)
    block = find_block(SEED_TEXT, lines)
    assert block is not None
    with pytest.raises(AddressError) as info:
        remove_item(SEED_TEXT, lines, block, parse_nodes(SEED_TEXT, block), ("aliases",), "x")
    assert info.value.candidates == ("Meta Llama", "LLaMA", "Llama 4")


# -- properties -------------------------------------------------------------------------------

# Any text a user can mean: terminal control characters (Cc but tab and line endings) are
# refused (tests/cli/test_control_characters.py).
ANY_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc",), include_characters="\t\n\r"),
    max_size=20,
)
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
