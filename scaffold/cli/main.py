"""The ``scaffold`` command line: a thin layer over the API that parses arguments, prints
results and turns errors into messages and exit codes. It holds no logic the API lacks."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn

from scaffold._version import __version__
from scaffold.cli.output import print_json
from scaffold.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, ScaffoldError

ADDRESS_HELP = """\
addresses:
  KEY, KEY.SUB.SUB        a frontmatter value; a number indexes a list (aliases.0)
  "a.b".c  or  a\\.b.c     keys that contain '.' or '>' go in double quotes or take a '\\'
  SECTION > ROW           the 2nd cell of the row whose 1st cell is ROW, in the first
                          table under the heading SECTION (any level, subsections included)
  SECTION > ROW > COLUMN  the cell of that row under the header COLUMN
  SECTION >               the whole table (get prints it; append adds a row)
  Names match case-insensitively with whitespace folded, after inline markup is stripped
  (**Downloads** matches Downloads). SECTION may hold * globs ('Why * matters') and may
  leave out a trailing parenthetical ('Llama 4 family' finds 'Llama 4 family (Apr 2025)').
"""

EXIT_HELP = """\
exit codes:
  0 success            1 internal error (a bug)   2 usage error or bad address syntax
  3 unreadable file    4 unparsable note          5 address matches nothing / is ambiguous
  6 value refused      7 edit failed its check    8 missing or invalid answers (new)
  9 note exists (new)  130 interrupted (the message says whether the note was written)
"""

NOTE_HELP = (
    "a note file, a note name resolved like an Obsidian link (file stem, then alias) "
    "in the vault, or '-' for standard input (edits go to standard output)"
)


class _Parser(argparse.ArgumentParser):
    """argparse with click's manners: usage errors exit 2 and point at --help."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        _say_error(f"{message}\nTry '{self.prog} --help' for help.")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="scaffold",
        description=(
            "Write and maintain Obsidian-style entity notes. Edits change one frontmatter\n"
            "value or one table cell and leave every other byte of the file as it was."
        ),
        epilog=ADDRESS_HELP + "\n" + EXIT_HELP + "\nRun 'scaffold COMMAND --help' for details.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"scaffold {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--vault",
        type=Path,
        metavar="DIR",
        help="the vault folder (default: nearest parent with .obsidian/ or .scaffold/, "
        "else the current folder)",
    )
    common.add_argument("--json", action="store_true", help="print machine-readable JSON")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    _add_note_commands(sub, common)
    from scaffold.cli import new as cli_new
    from scaffold.cli import templates as cli_templates

    cli_new.register(sub, common)
    cli_templates.register(sub, common)
    return parser


def _add_note_commands(sub: Any, common: argparse.ArgumentParser) -> None:
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
            epilog=f"example:\n  {example}\n\n{ADDRESS_HELP}\n{EXIT_HELP}",
        )
        p.add_argument("note", metavar="NOTE", help=NOTE_HELP)
        p.add_argument("address", metavar="ADDRESS", help="what to read or change (see below)")
        return p

    p = command(
        "get",
        "print the value at an address",
        "scaffold get Llama 'Quick stats > Downloads'",
        [common],
    )
    p.set_defaults(run=_run_get)

    p = command(
        "set",
        "set a frontmatter value or a table cell",
        "scaffold set Llama.md 'Quick stats > Downloads' '1.3B+' --diff",
        [common, edit],
    )
    p.add_argument("value", metavar="VALUE", help="the new value (a cell's markdown text)")
    p.add_argument(
        "--type",
        dest="type_hint",
        default="auto",
        choices=["auto", "str", "int", "float", "bool", "date", "null"],
        help="frontmatter type for VALUE (default: keep the old value's type when possible)",
    )
    p.add_argument(
        "--create",
        action="store_true",
        help="add the row when a table row is missing (upsert by row key)",
    )
    p.set_defaults(run=_run_edit, op="set")

    p = command(
        "append",
        "append items to a frontmatter list, or a row to a table",
        "scaffold append Llama.md 'Download trajectory >' 'May 2025' 1.3B '—'",
        [common, edit],
    )
    p.add_argument(
        "values", metavar="VALUE", nargs="+", help="list items, or one value per table cell"
    )
    p.add_argument("--type", dest="type_hint", default="auto", help="frontmatter item type")
    p.set_defaults(run=_run_edit, op="append")

    p = command(
        "remove",
        "remove an item from a frontmatter list",
        "scaffold remove Llama.md aliases LLaMA",
        [common, edit],
    )
    p.add_argument("value", metavar="VALUE", help="the item to remove")
    p.set_defaults(run=_run_edit, op="remove")

    p = command(
        "delete",
        "delete a frontmatter key or list item, or a table row",
        "scaffold delete Llama.md 'Download trajectory > Jul 2024'",
        [common, edit],
    )
    p.set_defaults(run=_run_edit, op="delete")

    p = command(
        "rename",
        "rename a frontmatter key in place",
        "scaffold rename Llama.md aliases alias",
        [common, edit],
    )
    p.add_argument("new_key", metavar="NEW_KEY", help="the key's new name")
    p.set_defaults(run=_run_edit, op="rename")


# -- running commands ----------------------------------------------------------------------


def _locate(args: argparse.Namespace) -> Path | None:
    """The note's path, or None for standard input."""
    if args.note == "-":
        return None
    from scaffold.vault.index import find_vault, resolve_note
    from scaffold.vault.leftovers import sweep

    vault = find_vault(Path.cwd(), args.vault)
    path = resolve_note(args.note, vault=vault, explicit=args.vault is not None)
    for left in sweep(Path(os.path.realpath(path)).parent):
        done = f"kept as {left.kept}" if left.kept else "removed it"
        print(
            f"scaffold: found {left.path} ({left.size:,} bytes), left by an interrupted "
            f"scaffold (pid {left.pid}); {done}",
            file=sys.stderr,
        )
    return path


def _read(args: argparse.Namespace) -> tuple[Any, Path | None]:
    from scaffold.api import load, loads
    from scaffold.vault.files import read_stream

    path = _locate(args)
    if path is None:
        return loads(read_stream(sys.stdin.buffer), path="<stdin>"), None
    return load(path), path


def _run_get(args: argparse.Namespace) -> int:
    note, _ = _read(args)
    value = note.get(args.address)
    if args.json:
        print_json({"ok": True, "path": note.path, "address": args.address, "value": value})
    elif isinstance(value, str):
        print(value)
    elif isinstance(value, list | dict):
        print(_yaml_text(value), end="")
    else:
        print(_scalar_text(value))
    return 0


def _run_edit(args: argparse.Namespace) -> int:
    from scaffold.api import dumps
    from scaffold.vault.changes import FileChange, apply_changes

    note, path = _read(args)
    op = args.op
    if op == "set":
        new = note.set(args.address, args.value, type_hint=args.type_hint, create=args.create)
    elif op == "append":
        new = note.append(args.address, *args.values, type_hint=args.type_hint)
    elif op == "remove":
        new = note.remove(args.address, args.value)
    elif op == "delete":
        new = note.delete(args.address)
    else:
        new = note.rename(args.address, args.new_key)
    changed = new.text != note.text
    line = _first_changed_line(note.text, new.text) if changed else None
    if path is None:  # a pipe: the edited buffer is the output
        if args.json:
            print_json(
                {
                    "ok": True,
                    "path": None,
                    "address": args.address,
                    "operation": op,
                    "changed": changed,
                    "line": line,
                    "content": dumps(new),
                }
            )
        elif args.diff:
            sys.stdout.write(_diff(note, new))
        else:
            sys.stdout.buffer.write(new.to_bytes())
        return 0
    change = FileChange(path, note.to_bytes(), new.to_bytes())
    written = changed and not args.dry_run and apply_changes([change], force=args.force)
    if args.json:
        print_json(
            {
                "ok": True,
                "path": str(path),
                "address": args.address,
                "operation": op,
                "changed": changed,
                "written": bool(written),
                "line": line,
            }
        )
    elif args.diff:
        sys.stdout.write(_diff(note, new))
    if not args.json:
        verb = "would change" if args.dry_run else "changed"
        status = f"{verb} {path}:{line}" if changed else f"unchanged {path}"
        print(f"{status} ({op} {args.address})", file=sys.stderr)
    return 0


def _first_changed_line(old: str, new: str) -> int:
    # Character by character is exactly what is wanted here: these are texts, not paths.
    same = len(os.path.commonprefix((old, new)))  # noqa: RUF071
    return old.count("\n", 0, same) + 1


def _diff(old: Any, new: Any) -> str:
    import difflib

    name = old.path or "note"
    return "".join(
        difflib.unified_diff(
            old.text.splitlines(keepends=True),
            new.text.splitlines(keepends=True),
            fromfile=f"a/{name}",
            tofile=f"b/{name}",
        )
    )


def _scalar_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def _yaml_text(value: Any) -> str:
    from io import StringIO

    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    out = StringIO()
    yaml.dump(value, out)
    return out.getvalue()


# -- errors --------------------------------------------------------------------------------


def _colour(text: str, code: str) -> str:
    if os.environ.get("NO_COLOR") or not sys.stderr.isatty():
        return text
    return f"\033[{code}m{text}\033[0m"


def _say_error(message: str, hint: str | None = None) -> None:
    print(f"{_colour('error:', '1;31')} {message}", file=sys.stderr)
    if hint:
        print(f"{_colour('hint:', '1;36')} {hint}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (documented in ``scaffold --help``)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return int(args.run(args))
    except ScaffoldError as err:
        if getattr(args, "json", False):
            print_json({"ok": False, "error": err.to_dict()})
        _say_error(str(err), err.hint)
        return err.exit_code
    except KeyboardInterrupt:
        # Writes finish or do not start under a held Ctrl-C, so this list is the truth.
        from scaffold.vault.changes import written_so_far

        done = written_so_far()
        written = f"after writing {', '.join(map(str, done))}" if done else "nothing was written"
        _say_error(f"interrupted; {written}")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: say so plainly, keep the traceback for debugging
        if os.environ.get("SCAFFOLD_DEBUG"):
            raise
        _say_error(
            f"internal error: {type(exc).__name__}: {exc}",
            "this is a bug in scaffold; rerun with SCAFFOLD_DEBUG=1 for the traceback",
        )
        return EXIT_INTERNAL
