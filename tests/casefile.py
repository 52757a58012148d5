"""Table-driven cases in plain-text files, in markdown-it-py's fixture format.

A case file (``tests/fixtures/edit/*.md``) is read with ``markdown_it.utils.read_fixture_file``,
the reader markdown-it-py and mdformat use for their own cases. Each case is a title line
and two sections, each closed by a line holding only ``.``::

    seed item | set_value [["aliases", 1], "Llama 3"]
    .
    ---
    aliases: [Meta Llama, LLaMA, Llama 4]
    ---
    .
    ---
    aliases: [Meta Llama, Llama 3, Llama 4]
    ---
    .

The title is ``NAME | OPERATION ARGS``: ARGS is a JSON list (a path is a list of keys and
indexes). Two flags may follow the JSON, for what a text file cannot show:

- ``[crlf]``: both sections use CRLF line endings;
- ``[no-eol]``: neither section ends with a line break.

Lines between cases (before a title) are free comments.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from markdown_it.utils import read_fixture_file

CASES = Path(__file__).parent / "fixtures"
FLAGS = ("[crlf]", "[no-eol]")


@dataclass(frozen=True)
class Case:
    name: str
    op: str
    args: tuple[Any, ...]
    text: str
    expected: str
    line: int  # of the title, 1-based, for the test id's reader

    def param(self) -> Any:
        return pytest.param(self, id=self.name)


def _section(text: str, flags: set[str]) -> str:
    if "[no-eol]" in flags:
        assert text.endswith("\n") or text == "", text
        text = text[:-1]
    if "[crlf]" in flags:
        text = text.replace("\n", "\r\n")
    return text


def read_cases(name: str) -> list[Case]:
    """The cases of ``tests/fixtures/NAME``, in file order; names must be unique."""
    cases = []
    for line, title, text, expected in read_fixture_file(CASES / name):
        head, sep, call = title.rpartition(" | ")
        assert sep, f"{name}:{line}: the title needs `NAME | OPERATION ARGS`: {title!r}"
        flags = set()
        while call.endswith(FLAGS):
            flag = next(f for f in FLAGS if call.endswith(f))
            flags.add(flag)
            call = call[: -len(flag)].rstrip()
        op, _, raw = call.partition(" ")
        args = json.loads(raw or "[]")
        assert isinstance(args, list), f"{name}:{line}: ARGS must be a JSON list"
        args = [tuple(a) if isinstance(a, list) else a for a in args]
        cases.append(
            Case(
                head,
                op,
                tuple(args),
                _section(text, flags),
                _section(expected, flags),
                line,
            )
        )
    names = [c.name for c in cases]
    assert len(names) == len(set(names)), f"{name}: duplicate case names"
    assert cases, f"{name}: no cases read (is every section closed by a `.` line?)"
    return cases
