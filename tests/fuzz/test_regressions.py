"""Each failure a fuzz run found, kept as a fixed case (see test_fuzz.py for the properties).

A case is the note, the operation, the address and the arguments that broke a property,
shrunk by Hypothesis, and the test runs the same check the fuzzer ran.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import scaffold
from scaffold.errors import ValueRefusedError, VerifyError
from tests.fuzz.test_fuzz import check_edit

ARGS = {"value": "", "values": [""], "type": "auto", "create": False, "new_key": "k"}


def test_a_nul_set_into_a_cell_is_never_written(tmp_path: Path) -> None:
    # Found by test_every_edit_changes_only_its_span_or_refuses: a table cell took "\x00",
    # and the note written with it was refused by every later read ("a binary file").
    text = "# S\n\n|a|b|\n|---|---|\n|k|v|\n"
    check_edit(text, "set", "S > k", {**ARGS, "value": "\x00"})
    path = tmp_path / "n.md"
    path.write_text(text)
    note = scaffold.load(path)
    # The engine refuses the value (exit 6) ...
    with pytest.raises(ValueRefusedError, match="NUL") as refused:
        note.set("S > k", "a\x00b")
    assert refused.value.exit_code == 6
    # ... and the write path refuses bytes it could not read back, whatever made them (a
    # note parsed from a str may hold a NUL that bytes input would have refused).
    with pytest.raises(VerifyError, match="would not read back as a note") as info:
        scaffold.dump(scaffold.loads(text.replace("|v|", "|a\x00b|")), path, expect=note.to_bytes())
    assert info.value.exit_code == 7
    assert path.read_text() == text
