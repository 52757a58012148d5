"""Address syntax: the strings other tools will call verbatim must keep parsing the same way."""

from __future__ import annotations

import pytest

from scaffold.errors import UsageError
from scaffold.note.address import FrontmatterAddress, TableAddress, parse


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("aliases", ("aliases",)),
        ("a.b.c", ("a", "b", "c")),
        ("aliases.0", ("aliases", 0)),
        ("aliases.-1", ("aliases", -1)),
        ('aliases."-1"', ("aliases", "-1")),
        ("x.²", ("x", "²")),
        ('"a.b".c', ("a.b", "c")),
        (r"a\.b.c", ("a.b", "c")),
        ('"x > y"', ("x > y",)),
        (r"x \> y", ("x > y",)),
        ('"0"', ("0",)),
        ('"say \\"hi\\"".k', ('say "hi"', "k")),
    ],
)
def test_frontmatter_addresses(text: str, path: tuple[str | int, ...]) -> None:
    assert parse(text) == FrontmatterAddress(path, text)


@pytest.mark.parametrize(
    ("text", "section", "row", "column"),
    [
        ("Quick stats > Downloads", "Quick stats", "Downloads", None),
        ("Llama 4 family > Scout > Context", "Llama 4 family", "Scout", "Context"),
        ("Why * matters>Downloads", "Why * matters", "Downloads", None),
        ("  Quick   stats  >  Meta AI  users ", "Quick stats", "Meta AI users", None),
        ("Quick stats >", "Quick stats", None, None),
        (r"A \> B > row", "A > B", "row", None),
    ],
)
def test_table_addresses(text: str, section: str, row: str | None, column: str | None) -> None:
    assert parse(text) == TableAddress(section, row, column, text)


@pytest.mark.parametrize("text", ["", "  ", "a..b", '"open', "> row", "a > > b", "a > b > c > d"])
def test_malformed_addresses_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError) as info:
        parse(text)
    assert info.value.exit_code == 2
    assert info.value.hint
