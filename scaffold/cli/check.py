"""``scaffold check``, ``where``, ``outline`` and ``lsp``: the editor-facing commands.

Thin, like every command module: the rules are :mod:`scaffold.check`, the cursor lookup is
:mod:`scaffold.note.locate`, the server is :mod:`scaffold.lsp` (imported only by ``lsp``).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from scaffold.cli.output import print_json, yaml_block
from scaffold.errors import UsageError

CHECK_EPILOG = """\
examples:
  scaffold check                          every note of the vault holding the current folder
  scaffold check Llama.md Products/ --format json
  scaffold check --select L --severity error
  scaffold check --stdin --stdin-filename Notes/Llama.md < buffer.md

output: one line per finding, path:line:col: severity: message [code] (1-based columns,
in characters); --format json or sarif for tools. A summary goes to standard error.

configuration: VAULT/.scaffold/check.toml (select, ignore, exclude, fail-on, [severity],
[types]); in a note, %% scaffold: ignore CODE %% silences CODE on its line, or on the block
after it when alone on a line; %% scaffold: ignore-file CODE %% for the whole note.

exit codes:
  0 no finding at or above --severity   1 findings at or above --severity
  2 usage or configuration error
"""

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
    """Add ``check``, ``where``, ``outline`` and ``lsp`` to the ``scaffold`` parser."""
    fmt = argparse.RawDescriptionHelpFormatter
    p = sub.add_parser(
        "check",
        parents=[common],
        help="report problems in notes: frontmatter, sections, values, tables, links",
        description="Check notes against the rules (scaffold check --list-rules) and print "
        "each finding as path:line:col: severity: message [code].",
        epilog=CHECK_EPILOG,
        formatter_class=fmt,
    )
    p.add_argument(
        "paths",
        metavar="PATH",
        nargs="*",
        type=Path,
        help="notes or folders to check (default: the whole vault)",
    )
    p.add_argument(
        "--format", choices=["text", "json", "sarif"], default=None, help="output format"
    )
    p.add_argument(
        "--select",
        action="append",
        metavar="CODES",
        help="only these rules: codes, prefixes or names, comma-separated (replaces the config)",
    )
    p.add_argument(
        "--ignore", action="append", metavar="CODES", help="skip these rules (adds to the config)"
    )
    p.add_argument(
        "--severity",
        choices=["error", "warning", "info"],
        help="the lowest severity that makes check exit 1 (default: the config's fail-on, "
        "else warning); lower findings are still printed",
    )
    p.add_argument("--config", type=Path, metavar="FILE", help="a check.toml to use instead")
    p.add_argument("--stdin", action="store_true", help="check the note on standard input")
    p.add_argument(
        "--stdin-filename",
        type=Path,
        metavar="PATH",
        help="where the standard-input note lives (finds its vault, config and name)",
    )
    p.add_argument(
        "--jobs", type=int, metavar="N", help="worker processes for a vault (default: cores)"
    )
    p.add_argument("--list-rules", action="store_true", help="print every rule and exit")
    p.set_defaults(run=run_check)

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

    p = sub.add_parser(
        "lsp",
        parents=[common],
        help="run the language server on standard input and output",
        description="Run scaffold's language server (LSP over stdio): diagnostics, hovers, "
        "[[ completion, go to definition, quick fixes. Needs: pip install 'scaffold[lsp]'.",
        epilog="editor set-ups: examples/editors/\n",
        formatter_class=fmt,
    )
    p.set_defaults(run=run_lsp)


# -- check ------------------------------------------------------------------------------------


def _codes(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [code for value in values for code in value.replace(" ", ",").split(",") if code]


def run_check(args: argparse.Namespace) -> int:
    from scaffold.api import find_vault
    from scaffold.check import formats
    from scaffold.check.config import load_config
    from scaffold.check.runner import Checker, Report, check_files

    if args.list_rules:
        return _list_rules(args)
    if args.stdin_filename is not None and not args.stdin:
        raise UsageError("--stdin-filename needs --stdin", hint="add --stdin")
    if args.stdin and args.paths:
        raise UsageError("give PATHs or --stdin, not both")
    for path in args.paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder", hint="check the path")
    if args.stdin:
        anchor = args.stdin_filename or Path.cwd()
    else:
        anchor = args.paths[0] if args.paths else Path.cwd()
    vault = find_vault(args.vault, start=anchor if anchor.exists() else anchor.parent)
    config = load_config(vault, args.config).with_options(
        select=_codes(args.select), ignore=_codes(args.ignore), fail_on=args.severity
    )
    checker = Checker(vault, config)
    if args.stdin:
        from scaffold.api import relative_to_vault

        shown = str(args.stdin_filename) if args.stdin_filename else None
        rel = relative_to_vault(args.stdin_filename, vault) if args.stdin_filename else None
        found = checker.check_text(
            sys.stdin.buffer.read(), path=shown, rel=rel, index=checker.link_index()
        )
        report = Report(found, 1)
    else:
        notes, shown_paths, whole = _notes(args.paths, vault)
        report = check_files(
            checker, notes, shown=shown_paths, whole_vault=whole, workers=args.jobs
        )
    failed = report.fails(config.fail_on)
    out_format = args.format or ("json" if args.json else "text")
    if out_format == "json":
        sys.stdout.write(formats.as_json(report.diagnostics, report.files, not failed))
    elif out_format == "sarif":
        sys.stdout.write(formats.sarif(report.diagnostics))
    else:
        sys.stdout.write(formats.text(report.diagnostics))
        print(formats.summary(report.diagnostics, report.files), file=sys.stderr)
    return 1 if failed else 0


def _list_rules(args: argparse.Namespace) -> int:
    from scaffold.check.registry import RULES

    if args.json or args.format == "json":
        print_json(
            {
                "rules": [
                    {
                        "code": r.code,
                        "name": r.name,
                        "severity": r.severity.value,
                        "summary": r.summary,
                        "fixable": r.fixable,
                        "needs_type": r.needs_type,
                    }
                    for r in RULES.values()
                ]
            }
        )
        return 0
    for rule in RULES.values():
        fix = " (fixable)" if rule.fixable else ""
        print(f"{rule.code}  {rule.severity.value:<7}  {rule.name:<28} {rule.summary}{fix}")
    return 0


def _shown(path: Path) -> str:
    """A path as check prints it: relative to the current folder when it is inside it."""
    try:
        return os.path.relpath(path) if not path.is_absolute() else str(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)


def _notes(paths: list[Path], vault: Path) -> tuple[list[Path], dict[Path, str], bool]:
    """The notes to check, how to show each, and whether they are the whole vault."""
    from scaffold.vault.index import note_paths

    if not paths:
        notes = note_paths(vault)
        cwd = Path.cwd()
        shown = {}
        for note in notes:
            try:
                shown[note] = note.relative_to(cwd).as_posix()
            except ValueError:
                shown[note] = str(note)
        return notes, shown, True
    notes, shown = [], {}
    for path in paths:
        found = note_paths(path) if path.is_dir() else [path]
        for note in found:
            if note not in shown:
                notes.append(note)
                shown[note] = _shown(note)
    whole = len(paths) == 1 and paths[0].is_dir() and paths[0].resolve() == vault.resolve()
    return notes, shown, whole


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
    from scaffold.note.places import outline

    note = _load(args.note, args.vault)
    places = [p for p in outline(note) if p.address is not None]
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


# -- lsp --------------------------------------------------------------------------------------


def run_lsp(args: argparse.Namespace) -> int:
    try:
        from scaffold.lsp.server import serve
    except ImportError as exc:
        if exc.name not in ("pygls", "lsprotocol", "cattrs"):
            raise
        raise UsageError(
            f"the language server needs pygls, which is not installed ({exc.name})",
            hint="pip install 'scaffold[lsp]'",
        ) from None
    return serve(args.vault)
