"""The json-like Python API on the reference note."""

from __future__ import annotations

from pathlib import Path

import pytest

import scaffold
from scaffold.edit.verify import verify
from scaffold.errors import AddressError, VerifyError
from tests.conftest import SEED


def test_load_dump_is_identity_for_every_kind_of_text() -> None:
    for raw in [
        SEED.read_bytes(),
        SEED.read_bytes().replace(b"\n", b"\r\n"),
        b"\xef\xbb\xbf" + SEED.read_bytes(),
        SEED.read_bytes().rstrip(b"\n"),
        b"",
        b"---\n---\n",
    ]:
        assert scaffold.loads(raw).to_bytes() == raw


def test_seed_structure_reads_as_expected() -> None:
    note = scaffold.load(SEED)
    assert note.get("Quick stats > Downloads") == "1.2B+"
    assert note.get("Why Llama matters > Downloads") == "**1.2B+** (Apr 2025)"
    assert note.get("Training > Languages") == "200 (100+ with 1B+ tokens)"
    assert note.get("Meta AI distribution > WhatsApp") == "2B+ MAU"
    assert note.get("Competitive position > Qwen/DeepSeek > Disadvantage") == "Less efficient"
    rows = note.get("Download trajectory >")
    assert rows[0] == {"Date": "Jul 2024", "Downloads": "350M", "Notes": "—"}


def test_set_returns_a_new_note_and_leaves_the_old(tmp_path: Path) -> None:
    note = scaffold.load(SEED)
    new = note.set("Llama 4 family > Scout > Context", "**12M tokens**")
    assert note.get("Llama 4 family > Scout > Context") == "**10M tokens**"
    assert new.get("Llama 4 family > Scout > Context") == "**12M tokens**"
    out = tmp_path / "Llama.md"
    assert scaffold.dump(new, out) is True
    assert scaffold.dump(new, out) is False
    assert out.read_bytes() == SEED.read_bytes().replace(
        b"| **10M tokens** |", b"| **12M tokens** |"
    )


def test_crlf_and_bom_survive_an_edit() -> None:
    raw = b"\xef\xbb\xbf" + SEED.read_bytes().replace(b"\n", b"\r\n")
    new = scaffold.loads(raw).set("Quick stats > Downloads", "2B")
    assert new.to_bytes() == raw.replace(b"| Downloads | 1.2B+ |", b"| Downloads | 2B |")


def test_add_list_item_appends_to_related() -> None:
    note = scaffold.load(SEED)
    new = note.add_list_item("Related", "- [[Grok]] — competitor")
    assert new.text == note.text + "- [[Grok]] — competitor\n"
    fresh = scaffold.loads("# X\n\nText").add_list_item("Related", "- [[Y]] — z")
    assert fresh.text == "# X\n\nText\n\n## Related\n\n- [[Y]] — z\n"
    ruled = scaffold.loads("## X\n\nText\n\n---\n\n## W\n").add_list_item("Related", "- a")
    assert ruled.text == "## X\n\nText\n\n---\n\n## W\n\n---\n\n## Related\n\n- a\n"


def test_add_list_item_in_a_middle_section() -> None:
    note = scaffold.loads("## Related\n\n- [[A]] — a\n- [[B]] — b\n\n## Next\n\ntext\n")
    new = note.add_list_item("related", "- [[C]] — c")
    assert new.text == "## Related\n\n- [[A]] — a\n- [[B]] — b\n- [[C]] — c\n\n## Next\n\ntext\n"


def test_unknown_addresses_suggest() -> None:
    note = scaffold.load(SEED)
    with pytest.raises(AddressError) as info:
        note.get("Quick stat > Downloads")
    assert "Quick stats" in info.value.candidates
    with pytest.raises(AddressError) as row:
        note.get("Quick stats > Download")
    assert "Downloads" in row.value.candidates
    with pytest.raises(AddressError) as key:
        note.get("alias")
    assert "aliases" in key.value.candidates


def test_verify_catches_a_splice_that_breaks_the_table() -> None:
    # A cell value ending in a backslash would escape the closing pipe if spliced naively.
    note = scaffold.loads("## S\n\n| a | b |\n|---|---|\n|x|y|\n")
    broken = note.replace_text(note.text.replace("|x|y|", "|x|v\\|"))
    expected = (("a", "b"), ("x", "v\\"))
    with pytest.raises(VerifyError) as info:
        verify(note, broken, table=0, cells=expected)
    assert info.value.line == 5
    assert "expected" in info.value.message


def test_verify_catches_frontmatter_damage() -> None:
    note = scaffold.loads("---\na: 1\nb: x\n---\n")
    with pytest.raises(VerifyError):
        verify(note, note.replace_text("---\na: 1\nb: 2\n---\n"), data={"a": 1, "b": "2"})
    with pytest.raises(VerifyError):
        verify(note, note.replace_text("---\na: 2\nb: x\n---\n"))


def test_verify_catches_a_change_to_an_untouched_table() -> None:
    text = "## A\n\n| a | b |\n|---|---|\n| x | 1 |\n\n## B\n\n| a | b |\n|---|---|\n| y | 2 |\n"
    note = scaffold.loads(text)
    other = note.replace_text(text.replace("| y | 2 |", "| y | 3 |"))
    with pytest.raises(VerifyError) as info:
        verify(note, other, table=0, cells=(("a", "b"), ("x", "1")))
    assert info.value.line == 9


def test_the_api_docstring_example_runs() -> None:
    import doctest

    import scaffold.api

    result = doctest.testmod(scaffold.api)
    assert result.attempted == 3
    assert result.failed == 0


def test_dump_refuses_to_overwrite_a_file_that_changed_since_it_was_read(tmp_path: Path) -> None:
    path = tmp_path / "Llama.md"
    path.write_bytes(SEED.read_bytes())
    note = scaffold.load(path)
    new = note.set("Quick stats > Downloads", "2B")
    path.write_bytes(SEED.read_bytes() + b"\nedited elsewhere\n")
    with pytest.raises(VerifyError):
        scaffold.dump(new, path, expect=note.to_bytes())
    assert path.read_bytes().endswith(b"edited elsewhere\n")
    path.write_bytes(SEED.read_bytes())
    assert scaffold.dump(new, path, expect=note.to_bytes()) is True


def test_dump_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_bytes(SEED.read_bytes())
    link = tmp_path / "Llama.md"
    link.symlink_to(real)
    real.chmod(0o640)
    scaffold.dump(scaffold.load(link).set("Quick stats > Downloads", "2B"), link)
    assert link.is_symlink()
    assert b"| Downloads | 2B |" in real.read_bytes()
    assert real.stat().st_mode & 0o777 == 0o640


def test_row_keys_answer_to_their_text_then_their_link_target() -> None:
    note = scaffold.loads(
        "## S\n\n| k | v |\n|---|---|\n| [[Page\\|Alias]] | 1 |\n| [[Other#Head]] | 2 |\n"
    )
    assert note.get("S > Alias") == "1"
    assert note.get("S > Page") == "1"
    assert note.get("S > Other") == "2"
    with pytest.raises(AddressError):
        note.get("S > Head")


# -- api.edit: one call that says what the edit did ----------------------------------------------

_EDITED = (
    "---\ntitle: Old\nstars: 12\naliases: [A]\n---\n\n## Stats\n\n"
    "| Metric | Value |\n|---|---|\n| Users | 1 |\n"
)


def test_edit_returns_the_new_note_and_where_the_value_was_written() -> None:
    from scaffold import api

    note = scaffold.loads(_EDITED)
    done = api.edit(note, "set", "Stats > Users", "2")
    assert done.changed and done.new.get("Stats > Users") == "2"
    line = _EDITED.splitlines().index("| Users | 1 |") + 1
    assert (done.line, done.col) == (line, len("| Users | ") + 1)
    assert done.old is note and note.get("Stats > Users") == "1"


def test_edit_says_where_an_append_and_a_rename_went() -> None:
    from scaffold import api

    note = scaffold.loads(_EDITED)
    appended = api.edit(note, "append", "aliases", "B")
    assert appended.new.get("aliases") == ["A", "B"]
    assert (appended.line, appended.col) == (4, len("aliases: [A, ") + 1)
    row = api.edit(note, "append", "Stats >", "Posts", "3")
    assert (row.line, row.col) == (len(_EDITED.splitlines()) + 1, 3)
    renamed = api.edit(note, "rename", "title", "name")
    assert renamed.new.get("name") == "Old"
    assert (renamed.line, renamed.col) == (2, len("name: ") + 1)


def test_edit_reports_the_type_change_at_the_old_value() -> None:
    from scaffold import api

    done = api.edit(scaffold.loads(_EDITED), "set", "stars", "a dozen")
    assert done.type_change is not None and done.type_change_at == (3, len("stars: ") + 1)
    assert api.edit(scaffold.loads(_EDITED), "set", "stars", "13").type_change is None


def test_an_unchanged_edit_has_no_cursor() -> None:
    from scaffold import api

    done = api.edit(scaffold.loads(_EDITED), "set", "title", "Old")
    assert not done.changed and (done.line, done.col) == (None, None)


def test_a_set_parses_its_address_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from scaffold import api
    from scaffold.note.addressing import address

    calls: list[str] = []
    real = address.parse

    def counting(text: str) -> address.Address:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(address, "parse", counting)
    done = api.edit(scaffold.loads(_EDITED), "set", "stars", "a dozen")
    assert done.type_change is not None
    assert calls == ["stars"]


def test_every_public_name_loads_from_its_owner_in_one_hop() -> None:
    # A fresh interpreter: the top-level name must come straight from the owner module named
    # in scaffold._public, not by way of scaffold.api's own lazy lookup.
    import subprocess
    import sys

    code = (
        "import sys, scaffold, scaffold._public as p\n"
        "for name in scaffold.__all__: getattr(scaffold, name)\n"
        "assert 'scaffold.api' in sys.modules  # Note and load live there\n"
        "import scaffold.api as api\n"
        "lazy = [n for n in scaffold.__all__ if n in p.LAZY]\n"
        "assert lazy, 'the bulk names are loaded on first use'\n"
        "for name in lazy:\n"
        "    assert getattr(scaffold, name) is p.load(name), name\n"
        "    assert name not in vars(api), f'{name} went through scaffold.api'\n"
        "for name in p.LAZY: assert getattr(api, name) is p.load(name), name\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
