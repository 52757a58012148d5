"""Bytes to text and back: BOM, line endings and bad encodings."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scaffold.errors import NoteFileError
from scaffold.text import decode, encode, split_lines


@given(st.text(st.sampled_from(["a", "中", " ", "\n", "\r", "|"]), max_size=40))
def test_split_lines_rebuilds_the_text_exactly(text: str) -> None:
    lines = split_lines(text)
    assert "".join(c + e for c, e in zip(lines.content, lines.eols, strict=True)) == text
    for start, content in zip(lines.starts, lines.content, strict=True):
        assert text[start : start + len(content)] == content
        assert "\n" not in content


def test_line_endings_are_recorded() -> None:
    lines = split_lines("a\r\nb\nc")
    assert lines.content == ("a", "b", "c")
    assert lines.eols == ("\r\n", "\n", "")
    assert lines.dominant_eol() == "\n"
    assert split_lines("a\r\nb\r\n").dominant_eol() == "\r\n"
    assert split_lines("").content == ()


def test_bom_round_trips() -> None:
    text, bom = decode(b"\xef\xbb\xbf# T\n")
    assert (text, bom) == ("# T\n", True)
    assert encode(text, bom) == b"\xef\xbb\xbf# T\n"


@pytest.mark.parametrize(
    ("data", "line", "col", "needle"),
    [
        (b"ok\ncaf\xe9\n", 2, 4, "UTF-8"),
        (b"\xff\xfe# utf-16 with BOM", 1, 1, "UTF-8"),
        (b"abc\n\x00def", 2, None, "binary"),
        # Notepad's "Unicode": named as what it is, not as a binary file.
        ("# Llama \u2014 notes\n".encode("utf-16"), 1, 1, "UTF-16LE text"),
        ("# Llama\n".encode("utf-16-be").join([b"\xfe\xff", b""]), 1, 1, "UTF-16BE text"),
        ("# Llama\n".encode("utf-32"), 1, 1, "UTF-32LE text"),
    ],
)
def test_undecodable_input_names_the_place(
    data: bytes, line: int, col: int | None, needle: str
) -> None:
    with pytest.raises(NoteFileError) as info:
        decode(data, "n.md")
    assert (info.value.line, info.value.col) == (line, col)
    assert needle in info.value.message
    assert info.value.hint
