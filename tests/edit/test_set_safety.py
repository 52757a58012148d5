"""``set`` and friends, through the real CLI: no silent surprises.

What it protects: a typo never creates a key (new keys need ``--create``); a value that
``--type auto`` stores as a string over a number, boolean or date is reported (and refused
with ``--strict``); two keys that differ only in case are ambiguous, never a reason to add a
third; deleting an anchor that an alias still uses is refused, and an edit that would leave a
note that does not parse is a failed read-back (exit 7), not the user's invalid YAML.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import scaffold
from scaffold.edit import frontmatter_edit, ops
from scaffold.edit.splice import Edit
from scaffold.errors import AddressError, ValueRefusedError, VerifyError
from tests.conftest import SEED, run_main


def _note(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "n.md"
    path.write_text(text, encoding="utf-8")
    return path


# -- new keys need --create -----------------------------------------------------------------


def test_a_typo_does_not_create_a_key(seed: Path) -> None:
    before = seed.read_bytes()
    assert run_main("set", seed, "created", "2026-02-01", "--create").returncode == 0
    made = seed.read_bytes()
    typo = run_main("set", seed, "creatd", "2026-02-02")
    assert typo.returncode == 5, typo.stderr
    assert "Did you mean 'created'?" in typo.stderr
    assert "--create" in typo.stderr
    assert seed.read_bytes() == made
    assert before != made


def test_a_key_named_like_a_row_points_at_the_row(seed: Path) -> None:
    before = seed.read_bytes()
    result = run_main("set", seed, "Downloads", "5", "--json")
    assert result.returncode == 5
    error = json.loads(result.stdout)["error"]
    assert "Quick stats > Downloads" in error["candidates"]
    assert "'Quick stats > Downloads'" in error["hint"]
    assert seed.read_bytes() == before
    # The suggestion is an address that works.
    assert run_main("get", seed, "Quick stats > Downloads").stdout == "1.2B+\n"


def test_create_adds_keys_nested_and_in_a_note_without_frontmatter(tmp_path: Path) -> None:
    note = _note(tmp_path, "---\nmeta:\n  count: 1\nempty:\n---\nbody\n")
    for address in ("meta.new", "empty.x", "fresh"):
        refused = run_main("set", note, address, "v")
        assert refused.returncode == 5, (address, refused.stderr)
        assert "--create" in refused.stderr
    for address in ("meta.new", "empty.x", "fresh"):
        assert run_main("set", note, address, "v", "--create").returncode == 0
    assert scaffold.load(note).data == {
        "meta": {"count": 1, "new": "v"},
        "empty": {"x": "v"},
        "fresh": "v",
    }
    bare = _note(tmp_path, "just a body\n")
    assert run_main("set", bare, "title", "T").returncode == 5
    assert bare.read_text() == "just a body\n"
    assert run_main("set", bare, "title", "T", "--create").returncode == 0
    assert bare.read_text() == "---\ntitle: T\n---\njust a body\n"


def test_the_api_needs_create_too() -> None:
    note = scaffold.loads("---\ntitle: a\n---\n")
    with pytest.raises(AddressError, match="only with --create"):
        note.set("titel", "b")
    assert note.set("titel", "b", create=True).data == {"title": "a", "titel": "b"}
    assert note.set("title", "b").data == {"title": "b"}  # an existing key needs nothing


# -- type changes ---------------------------------------------------------------------------


def test_a_string_over_a_number_or_date_is_reported(tmp_path: Path) -> None:
    note = _note(tmp_path, "---\nstars: 7\ncreated: 2026-01-27\nok: true\nname: x\n---\n")
    result = run_main("set", note, "stars", "seven")
    assert result.returncode == 0
    assert "warning:" in result.stderr
    assert f"{note}:2:8:" in result.stderr
    assert "integer 7" in result.stderr and "--strict" in result.stderr
    payload = json.loads(run_main("set", note, "created", "2026-02-30", "--json").stdout)
    assert payload["type_change"] == {
        "from": "date",
        "to": "string",
        "old": "2026-01-27",
        "value": "2026-02-30",
    }
    assert scaffold.load(note).data["created"] == "2026-02-30"
    # A kept type, an explicit --type str, and a string over a string say nothing.
    for args in (("ok", "false"), ("name", "7"), ("stars", "8", "--type", "str")):
        quiet = run_main("set", note, *args, "--json")
        assert quiet.returncode == 0
        assert "warning" not in quiet.stderr, args
        assert json.loads(quiet.stdout)["type_change"] is None


def test_strict_refuses_a_type_change(tmp_path: Path) -> None:
    text = "---\nstars: 7\ncreated: 2026-01-27\n---\n"
    note = _note(tmp_path, text)
    for address, value in (("stars", "seven"), ("created", "2026-02-30")):
        result = run_main("set", note, address, value, "--strict", "--json")
        assert result.returncode == 6, result.stderr
        assert json.loads(result.stdout)["error"]["kind"] == "value"
        assert "--strict" in result.stderr
    assert note.read_text() == text
    assert run_main("set", note, "stars", "8", "--strict").returncode == 0
    with pytest.raises(ValueRefusedError):
        scaffold.loads(text).set("stars", "seven", strict=True)


# -- keys that differ only in case ----------------------------------------------------------


def test_two_keys_that_differ_in_case_are_ambiguous(tmp_path: Path) -> None:
    text = "---\nTitle: a\ntitle: b\n---\n"
    note = _note(tmp_path, text)
    for extra in ((), ("--create",)):
        result = run_main("set", note, "TITLE", "c", *extra, "--json")
        assert result.returncode == 5, result.stderr
        error = json.loads(result.stdout)["error"]
        assert error["candidates"] == ["Title", "title"]
        assert "ambiguous" in error["message"]
    assert run_main("get", note, "TITLE").returncode == 5
    assert note.read_text() == text
    assert run_main("set", note, "title", "c").returncode == 0  # the exact spelling works
    assert note.read_text() == "---\nTitle: a\ntitle: c\n---\n"


# -- anchors, aliases and a read-back that does not parse -----------------------------------


ANCHORED = "---\nbase: &b 1\nother: *b\nlist:\n  - &i x\n  - *i\n---\n"


@pytest.mark.parametrize(
    "args",
    [("delete", "base"), ("delete", "list.0"), ("remove", "list", "x")],
    ids=["key", "item", "remove"],
)
def test_removing_an_anchor_an_alias_uses_is_refused(tmp_path: Path, args: tuple[str]) -> None:
    note = _note(tmp_path, ANCHORED)
    result = run_main(args[0], note, *args[1:])
    assert result.returncode == 6, result.stderr
    assert "invalid YAML" not in result.stderr
    assert "alias *" in result.stderr and "still uses" in result.stderr
    assert note.read_text() == ANCHORED


def test_removing_an_alias_or_an_unused_anchor_works(tmp_path: Path) -> None:
    note = _note(tmp_path, ANCHORED + "body\n")
    assert run_main("delete", note, "other").returncode == 0
    assert run_main("delete", note, "base").returncode == 0  # nothing uses &b any more
    assert scaffold.load(note).data == {"list": ["x", "x"]}


def test_an_edit_that_breaks_the_yaml_is_a_failed_read_back() -> None:
    note = scaffold.loads("---\na: 1\nb: 2\n---\n")
    broken = frontmatter_edit.Change((Edit(6, 7, "[1"),), {"a": 1, "b": 2}, 2)
    with pytest.raises(VerifyError, match="does not parse") as info:
        ops._frontmatter_change(note, broken)
    assert info.value.exit_code == 7


def test_a_nul_in_a_cell_is_refused_as_a_value() -> None:
    # A command line cannot carry a NUL; a script through the API (or a bulk input file) can.
    note = scaffold.load(SEED)
    with pytest.raises(ValueRefusedError, match="NUL"):
        note.set("Quick stats > Downloads", "1\x002")
