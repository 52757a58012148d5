"""``scaffold where`` and ``outline``: the address under a cursor, and every address of a note.

Thin, like every command module: the lookups are :func:`scaffold.api.place_of` and
:func:`scaffold.api.places`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from scaffold.cli.output import print_json, yaml_block
from scaffold.errors import UsageError

WHERE_EPILOG = """\
examples:
  scaffold where Llama.md:12:5            the address and value of the cell at line 12, col 5
  scaffold where Llama.md:2 --json        with the span, for editor tasks
  scaffold where - 30:9 < Llama.md        an unsaved buffer on standard input

COL counts characters (not bytes); without it the line's frontmatter entry or row value is
used. `scaffold get FILE ADDRESS` with the printed address reads the printed value.

exit codes: 0 found, 2 usage error, 3 unreadable file, 4 unparsable note,
5 nothing with an address there
"""


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``where`` and ``outline`` to the ``scaffold`` parser."""
    fmt = argparse.RawDescriptionHelpFormatter
    p = sub.add_parser(
        "where",
        parents=[common],
        help="print the address and value under a cursor (FILE:LINE[:COL])",
        description="Print the address of the cell, frontmatter value or section at a "
        "position, and its value.",
        epilog=WHERE_EPILOG,
        formatter_class=fmt,
    )
    p.add_argument(
        "position", metavar="FILE:LINE[:COL]", help="1-based line and column ('-' for stdin)"
    )
    p.add_argument("at", metavar="LINE[:COL]", nargs="?", help="after '-': the position")
    p.set_defaults(run=run_where)

    p = sub.add_parser(
        "outline",
        parents=[common],
        help="list every address in a note with its line",
        description="List every address in a note (frontmatter values, sections, tables, "
        "cells) as path:line:col: address.",
        epilog="example:\n  scaffold outline Llama --json\n",
        formatter_class=fmt,
    )
    p.add_argument("note", metavar="NOTE", help="a note file, a note name, or '-' for stdin")
    p.set_defaults(run=run_outline)


# -- where and outline ------------------------------------------------------------------------


def _split_position(text: str) -> tuple[str, int, int | None]:
    parts = text.rsplit(":", 2)
    numbers: list[int] = []
    while len(parts) > 1 and parts[-1].isdigit() and len(numbers) < 2:
        numbers.insert(0, int(parts.pop()))
    if not numbers:
        raise UsageError(f"{text!r} is not FILE:LINE or FILE:LINE:COL", hint="e.g. Llama.md:12:5")
    path = ":".join(parts)
    if len(numbers) == 2:
        return path, numbers[0], numbers[1]
    return path, numbers[0], None


def _load(name: str, vault_arg: Path | None) -> Any:
    from scaffold.cli.noteargs import read_note_argument

    return read_note_argument(name, vault_arg).note


def run_where(args: argparse.Namespace) -> int:
    from scaffold.api import place_of

    if args.position == "-":
        if args.at is None:
            raise UsageError("after '-' give the position: scaffold where - LINE[:COL]")
        name, line, col = _split_position("-:" + args.at)
    elif args.at is not None:
        raise UsageError("give FILE:LINE[:COL], or - LINE[:COL] for standard input")
    else:
        name, line, col = _split_position(args.position)
    note = _load(name, args.vault)
    place = place_of(note, line, col, hint="scaffold outline NOTE lists every address")
    if args.json:
        print_json({"ok": True, "path": note.path, **place.to_dict()})
    else:
        print(place.address)
        print(_show(place.value), end="")
    return 0


def run_outline(args: argparse.Namespace) -> int:
    from scaffold.api import places as places_of

    note = _load(args.note, args.vault)
    places = places_of(note)
    if args.json:
        print_json({"ok": True, "path": note.path, "places": [p.to_dict() for p in places]})
        return 0
    for place in places:
        print(f"{note.path}:{place.line}:{place.col}: {place.address}")
    return 0


def _show(value: Any) -> str:
    """A value as ``scaffold get`` prints it, with a final newline."""
    from scaffold.api import scalar_text

    if isinstance(value, list | dict):
        return yaml_block(value)
    return scalar_text(value) + "\n"
