"""One resolver for every frontmatter address: what ``get`` reads, ``set`` and ``delete`` change.

What it protects: ``get``, ``set`` and ``delete`` agree on every address, including negative
list indexes (``aliases.-1`` is the last item, as in Python), indexes outside the list (an
:class:`AddressError` naming its length), keys inside single values, and ``*alias`` nodes
(read through; edits refuse).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import scaffold
from scaffold.errors import AddressError, ScaffoldError, ValueRefusedError
from scaffold.note.addressing.resolve import FrontmatterTarget, TableTarget, resolve
from tests.conftest import run_main

NOTE = (
    "---\n"
    "aliases: [Meta Llama, LLaMA, Llama 4]\n"
    "tags:\n"
    "  - ai\n"
    "  - open\n"
    "meta:\n"
    "  count: 3\n"
    "  rows:\n"
    "    - {a: 1}\n"
    "    - [5, 6]\n"
    "empty:\n"
    "base: &b {k: 1}\n"
    "copy: *b\n"
    "---\n"
    "## Stats\n\n| Metric | Value |\n|---|---|\n| Users | 1 |\n"
)

# (address, the value get reads); set writes "Z" there and delete removes it, agreeing.
READABLE: list[tuple[str, Any]] = [
    ("aliases.0", "Meta Llama"),
    ("aliases.2", "Llama 4"),
    ("aliases.-1", "Llama 4"),
    ("aliases.-3", "Meta Llama"),
    ("tags.-1", "open"),
    ("tags.-2", "ai"),
    ("meta.count", 3),
    ("META.Count", 3),
    ("meta.rows.0.a", 1),
    ("meta.rows.-1.-1", 6),
    ("meta.rows.-2.a", 1),
]


def _at(data: Any, keys: list[Any]) -> Any:
    for key in keys:
        data = data[key]
    return data


@pytest.mark.parametrize(("address", "value"), READABLE)
def test_get_set_and_delete_agree_on_the_item(address: str, value: Any) -> None:
    note = scaffold.loads(NOTE)
    assert note.get(address) == value
    target = resolve(note, address)
    assert isinstance(target, FrontmatterTarget) and target.found
    keys = target.data_keys  # every index counted from 0
    assert all(k >= 0 for k in keys if isinstance(k, int))

    edited = note.set(address, "Z")
    assert edited.get(address) == "Z"
    assert _at(edited.data, keys) == "Z"
    want = note.data
    parent = _at(want, keys[:-1])
    parent[keys[-1]] = "Z"
    assert edited.data == want

    deleted = note.delete(address)
    want = note.data
    del _at(want, keys[:-1])[keys[-1]]
    assert deleted.data == want


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("aliases.3", "aliases has 3 items; there is no item 3"),
        ("aliases.-4", "aliases has 3 items; there is no item -4"),
        ("meta.rows.1.2", "meta.rows.1 has 2 items; there is no item 2"),
        ("aliases.x", "aliases is a list, so it has no key 'x'"),
        ("meta.count.x", "meta.count is a single value, so it has no key 'x'"),
        ("aliases.0.x", "aliases.0 is a single value, so it has no key 'x'"),
    ],
)
def test_get_set_and_delete_refuse_alike(address: str, message: str) -> None:
    note = scaffold.loads(NOTE)
    errors: list[ScaffoldError] = []
    for op in (
        lambda: note.get(address),
        lambda: note.set(address, "Z"),
        lambda: note.delete(address),
    ):
        with pytest.raises(AddressError) as info:
            op()
        errors.append(info.value)
    assert [e.message for e in errors] == [message] * 3
    assert len({(e.line, e.col, e.hint) for e in errors}) == 1


def test_an_index_outside_the_list_names_the_range() -> None:
    with pytest.raises(AddressError) as info:
        scaffold.loads(NOTE).get("aliases.5")
    assert info.value.line == 2
    assert info.value.hint is not None
    assert "0 to 2" in info.value.hint and "-1 to -3" in info.value.hint
    assert info.value.candidates == ("0", "1", "2")


def test_a_missing_key_is_read_as_missing_and_set_creates_it() -> None:
    note = scaffold.loads(NOTE)
    for address, hint in (("titel", None), ("meta.cuont", "Did you mean 'count'?")):
        with pytest.raises(AddressError) as info:
            note.get(address)
        with pytest.raises(AddressError) as deleting:
            note.delete(address)
        assert deleting.value.message == info.value.message
        if hint:
            assert info.value.hint == hint
        with pytest.raises(AddressError, match="creates keys only with --create"):
            note.set(address, "v")
        assert note.set(address, "v", create=True).get(address) == "v"
    # Under an empty value the key is missing too; set turns the value into a mapping.
    with pytest.raises(AddressError):
        note.get("empty.x")
    assert note.set("empty.x", "1", create=True).data["empty"] == {"x": 1}


def test_a_negative_index_cannot_create_a_list() -> None:
    with pytest.raises(AddressError, match="cannot create list item -1"):
        scaffold.loads(NOTE).set("new.-1", "x", create=True)
    # A quoted "-1" is a key, not an index.
    assert scaffold.loads(NOTE).set('new."-1"', "x", create=True).data["new"] == {"-1": "x"}


def test_get_reads_through_an_alias_and_edits_refuse_it() -> None:
    note = scaffold.loads(NOTE)
    assert note.get("copy.k") == 1
    assert note.get("copy") == {"k": 1}
    for op in (lambda: note.set("copy.k", "2"), lambda: note.delete("copy.k")):
        with pytest.raises(ValueRefusedError, match=r"copy is an alias \(\*b\)"):
            op()


def test_an_alias_reads_the_latest_anchor_of_its_name() -> None:
    note = scaffold.loads("---\na: &x [1]\nb: *x\nc: &x [2, 3]\nd: *x\n---\n")
    assert note.get("b.0") == 1
    assert note.get("d.-1") == 3


def test_table_addresses_resolve_to_section_table_row_and_column() -> None:
    note = scaffold.loads(NOTE)
    cell = resolve(note, "Stats > Users")
    assert isinstance(cell, TableTarget)
    assert (cell.section_name, cell.row, cell.column) == ("Stats", 0, 1)
    assert cell.table is note.body.tables[0]
    whole = resolve(note, "Stats >")
    assert isinstance(whole, TableTarget)
    assert (whole.row, whole.column) == (None, None)


def test_cli_get_set_and_delete_the_last_item(seed: Path) -> None:
    got = run_main("get", seed, "aliases.-1")
    assert (got.returncode, got.stdout) == (0, "Llama 4\n")
    assert run_main("set", seed, "aliases.-1", "Llama 5").returncode == 0
    assert seed.read_text().startswith("---\naliases: [Meta Llama, LLaMA, Llama 5]\n")
    assert run_main("delete", seed, "aliases.-1").returncode == 0
    assert seed.read_text().startswith("---\naliases: [Meta Llama, LLaMA]\n")
    missing = run_main("get", seed, "aliases.-3")
    assert missing.returncode == 5
    assert f"{seed}:2:10: aliases has 2 items; there is no item -3" in missing.stderr
