"""The note commands: ``get``, ``set``, ``append``, ``remove``, ``delete`` and ``rename``.

Thin, like every command module: the work is in :mod:`scaffold.api`, imported inside the
handlers so that ``--help`` and the parser stay light.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from scaffold.cli import completion
from scaffold.cli.noteargs import read_note_argument
from scaffold.cli.output import for_terminal, print_json
from scaffold.cli.parsing import say_warning
from scaffold.errors import ScaffoldError

ADDRESS_HELP = """\
addresses:
  KEY, KEY.SUB.SUB        a frontmatter value; a number indexes a list from 0 (aliases.0),
                          a negative one from the end (aliases.-1 is the last item)
  "a.b".c  or  a\\.b.c     keys that contain '.' or '>' go in double quotes or take a '\\'
  SECTION > ROW           the 2nd cell of the row whose 1st cell is ROW, in the first
                          table under the heading SECTION (any level, subsections included)
  SECTION > ROW > COLUMN  the cell of that row under the header COLUMN
  SECTION >               the whole table (get prints it; append adds a row)
  NAME[n]                 after a section, row or column: the n-th of several with that
                          name, from 1 ('Quick stats[2] > Downloads', 'S > Downloads[2]');
                          write '\\[2]' or quote the name to mean the text '[2]'
  Names match case-insensitively with whitespace folded, after inline markup is stripped
  (**Downloads** matches Downloads); a row key also answers to each wikilink target in it.
  SECTION may hold * globs ('Why * matters') and may leave out a trailing parenthetical
  ('Llama 4 family' finds 'Llama 4 family (Apr 2025)'); a heading matching as written wins.
  A cell reads as a GFM reader sees it (\\| is |). set of what get printed changes nothing.
"""

NOTE_HELP = (
    "a note file, a note name resolved like an Obsidian link (file stem, then alias) "
    "in the vault, or '-' for standard input (edits go to standard output)"
)


COMMANDS = ("get", "set", "append", "remove", "delete", "rename")


def register(
    sub: Any, common: argparse.ArgumentParser, exit_help: str, only: str | None = None
) -> None:
    """Add the note commands to the ``scaffold`` subcommands (``only``: just that one, which
    is all ``scaffold get …`` needs to parse its arguments)."""
    fmt = argparse.RawDescriptionHelpFormatter
    edit = argparse.ArgumentParser(add_help=False)
    edit.add_argument("--dry-run", action="store_true", help="check the edit, write nothing")
    edit.add_argument("--diff", action="store_true", help="print a unified diff of the change")
    edit.add_argument(
        "--force",
        action="store_true",
        help="write a read-only note anyway (its mode is kept), or write a note with several "
        "hard links or another owner in place",
    )

    def command(name: str, help: str, example: str, parents: list[argparse.ArgumentParser]) -> Any:
        p = sub.add_parser(
            name,
            help=help,
            description=help[0].upper() + help[1:] + ".",
            parents=parents,
            formatter_class=fmt,
            epilog=f"example:\n  {example}\n\n{ADDRESS_HELP}\n{exit_help}",
        )
        p.add_argument("note", metavar="NOTE", help=NOTE_HELP).completer = completion.notes
        p.add_argument(
            "address", metavar="ADDRESS", help="what to read or change (see below)"
        ).completer = completion.addresses
        return p

    def wanted(name: str) -> bool:
        return only is None or only == name

    if wanted("get"):
        p = command(
            "get",
            "print the value at an address",
            "scaffold get Llama 'Quick stats > Downloads'",
            [common],
        )
        p.set_defaults(run=_run_get)

    if wanted("set"):
        p = command(
            "set",
            "set a frontmatter value or a table cell",
            "scaffold set Llama.md 'Quick stats > Downloads' '1.3B+' --diff",
            [common, edit],
        )
        p.add_argument("value", metavar="VALUE", help="the new value (a cell's markdown text)")
        _type_option(
            p, "frontmatter type for VALUE (default: keep the old value's type when possible)"
        )
        p.add_argument(
            "--create",
            action="store_true",
            help="create what is missing: a frontmatter key, or a table row (upsert by row "
            "key); without it a missing key or row is an error (exit 5)",
        )
        p.add_argument(
            "--strict",
            action="store_true",
            help="refuse (exit 6), instead of warning, a VALUE that --type auto would store as "
            "a string over a number, boolean or date",
        )
        p.set_defaults(run=_run_edit, op="set")

    if wanted("append"):
        p = command(
            "append",
            "append items to a frontmatter list, or a row to a table",
            "scaffold append Llama.md 'Download trajectory >' 'May 2025' 1.3B '—'",
            [common, edit],
        )
        p.add_argument(
            "values", metavar="VALUE", nargs="+", help="list items, or one value per table cell"
        )
        _type_option(p, "frontmatter type for each item (default: auto, as for set)")
        p.set_defaults(run=_run_edit, op="append")

    if wanted("remove"):
        p = command(
            "remove",
            "remove an item from a frontmatter list",
            "scaffold remove Llama.md aliases LLaMA",
            [common, edit],
        )
        p.add_argument("value", metavar="VALUE", help="the item to remove")
        p.set_defaults(run=_run_edit, op="remove")

    if wanted("delete"):
        p = command(
            "delete",
            "delete a frontmatter key or list item, or a table row",
            "scaffold delete Llama.md 'Download trajectory > Jul 2024'",
            [common, edit],
        )
        p.set_defaults(run=_run_edit, op="delete")

    if wanted("rename"):
        p = command(
            "rename",
            "rename a frontmatter key in place",
            "scaffold rename Llama.md aliases alias",
            [common, edit],
        )
        p.add_argument("new_key", metavar="NEW_KEY", help="the key's new name")
        p.set_defaults(run=_run_edit, op="rename")


def _type_option(parser: argparse.ArgumentParser, help: str) -> None:
    # One list of types for every command: the one the converter itself accepts.
    from scaffold.api import type_hints

    parser.add_argument("--type", dest="type_hint", default="auto", choices=type_hints(), help=help)


# -- running commands ----------------------------------------------------------------------


def _run_get(args: argparse.Namespace) -> int:
    note = read_note_argument(args.note, args.vault).note
    with _placed(note, args.address):
        value = note.get(args.address)
    if args.json:
        print_json({"ok": True, "path": note.path, "address": args.address, "value": value})
    elif isinstance(value, str):
        print(for_terminal(value))
    elif isinstance(value, list | dict):
        from scaffold.api import yaml_text

        print(for_terminal(yaml_text(value)), end="")
    else:
        print(_scalar_text(value))
    return 0


def _run_edit(args: argparse.Namespace) -> int:
    try:
        return _edit(args)
    except ScaffoldError:
        # A filter (`:%!scaffold set - ...`) must not destroy the buffer it was given: on any
        # failure the input goes back out unchanged, and the error only to standard error.
        original = getattr(args, "original", None)
        if original is not None and not args.json and not args.diff:
            sys.stdout.buffer.write(original)
            sys.stdout.flush()
            args.filtered = True
        raise


def _values(args: argparse.Namespace) -> tuple[str, ...]:
    if args.op == "append":
        return tuple(args.values)
    if args.op == "rename":
        return (args.new_key,)
    if args.op == "delete":
        return ()
    return (args.value,)


def _edit(args: argparse.Namespace) -> int:
    from scaffold import api

    def keep(data: bytes) -> None:
        args.original = data  # a filter gives its input back if it fails

    read = read_note_argument(args.note, args.vault, sweep=True, received=keep)
    note, path, op = read.note, read.path, args.op
    with _placed(note, args.address):
        done = api.edit(
            note,
            op,
            args.address,
            *_values(args),
            type_hint=getattr(args, "type_hint", "auto"),
            create=getattr(args, "create", False),
            strict=getattr(args, "strict", False),
        )
    if done.type_change is not None and done.type_change_at is not None:
        at = "{}:{}:{}".format(note.path, *done.type_change_at)
        change = done.type_change
        say_warning(f"{at}: {args.address}: {change.message}", change.hint)
    new, changed, line, col = done.new, done.changed, done.line, done.col
    result: dict[str, object] = {
        "ok": True,
        "path": None if path is None else str(path),
        "address": args.address,
        "operation": op,
        "changed": changed,
    }
    if op == "set":
        result["type_change"] = done.type_change.to_dict() if done.type_change else None
    diff = _diff(args, note, new, path) if args.diff else None
    if path is None:  # a pipe: the edited buffer is the output
        if args.json:
            result.update(line=line, col=col, content=api.dumps(new))
            if diff is not None:
                result["diff"] = diff
            print_json(result)
        elif diff is not None:
            sys.stdout.write(for_terminal(diff))
        else:
            sys.stdout.buffer.write(new.to_bytes())
        return 0
    written = (
        changed
        and not args.dry_run
        and api.write(path, note.to_bytes(), new.to_bytes(), force=args.force)
    )
    if args.json:
        result.update(written=bool(written), line=line, col=col)
        if diff is not None:
            result["diff"] = diff
        print_json(result)
        return 0
    if diff is not None:
        sys.stdout.write(for_terminal(diff))
    verb = "would change" if args.dry_run else "changed"
    status = f"{verb} {path}:{line}:{col}" if changed else f"unchanged {path}"
    print(f"{status} ({op} {args.address})", file=sys.stderr)
    return 0


@contextmanager
def _placed(note: Any, address: str) -> Iterator[None]:
    """An error about ``address`` that says no line, or no column, points at the nearest
    part of the address that exists, so it prints as FILE:LINE:COL for an editor."""
    try:
        yield
    except ScaffoldError as err:
        if err.col is None and err.path == note.path:
            from scaffold.api import nearest

            place = nearest(note, address)
            if place is not None and err.line in (None, place[0]):
                err.line, err.col = place
            elif err.line is not None:
                err.col = 1  # a line-level error: the line's start
        raise


def _diff(args: argparse.Namespace, old: Any, new: Any, path: Path | None) -> str:
    from scaffold import api

    name = "note.md" if path is None else api.diff_name(path, api.find_vault(args.vault))
    return api.diff(old, new, name)


def _scalar_text(value: Any) -> str:
    from scaffold import api

    return api.scalar_text(value)
