"""Aliases are bounded: a "billion laughs" frontmatter is refused at once, before expansion.

What it protects: a note whose aliases would expand past ``ALIAS_LIMIT`` values (or forever,
an alias inside its own anchor) is a parse error (exit 4) that says why, for ``get`` of any
key, instead of minutes of work and a MemoryError; ordinary aliases still read.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import scaffold
from scaffold.errors import NoteParseError
from scaffold.note.yaml._compose import ALIAS_LIMIT
from tests.conftest import run_main


def _bomb(levels: int) -> str:
    lines = ["---", "title: x", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels + 1):
        lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 9)}]")
    return "\n".join([*lines, "---", "body", ""])


def test_a_billion_laughs_is_refused_at_once(tmp_path: Path) -> None:
    note = tmp_path / "bomb.md"
    note.write_text(_bomb(9), encoding="utf-8")  # 9**10 values: hours and all memory, unbounded
    for args in (("get", note, "title"), ("set", note, "title", "y")):
        result = run_main(*args)
        assert result.returncode == 4, result.stderr
        assert "billion laughs" in result.stderr
        assert f"{ALIAS_LIMIT:,}" in result.stderr
        assert f"{note}:7:5:" in result.stderr  # a4, the first anchor past the limit
        assert "Traceback" not in result.stderr
    assert note.read_text() == _bomb(9)


def test_an_alias_inside_its_own_anchor_is_refused() -> None:
    with pytest.raises(NoteParseError, match="never stops expanding") as info:
        _ = scaffold.loads("---\na: &a [1, *a]\n---\n").data
    assert info.value.exit_code == 4
    assert info.value.line == 2


def test_the_limit_counts_what_aliases_repeat() -> None:
    def note(items: int) -> str:
        listed = ", ".join(["x"] * items)
        return f"---\nbase: &b [{listed}]\none: *b\ntwo: *b\n---\n"

    fits = (ALIAS_LIMIT // 2) - 1  # two aliases of a list repeat its items and itself
    assert scaffold.loads(note(fits)).get("two.0") == "x"
    with pytest.raises(NoteParseError, match="repeat more than"):
        _ = scaffold.loads(note(fits + 2)).data


def test_ordinary_aliases_and_merge_keys_still_read() -> None:
    text = "---\nbase: &b {k: 1, l: [a, b]}\nother:\n  <<: *b\n  m: 2\nsame: *b\n---\n"
    data = scaffold.loads(text).data
    assert data["other"] == {"k": 1, "l": ["a", "b"], "m": 2}
    assert data["same"] == data["base"]
