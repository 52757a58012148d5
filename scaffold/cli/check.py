"""``scaffold check``: the rules over notes, a vault or an editor's buffer.

Thin, like every command module: the checking is :mod:`scaffold.check.facade`, imported inside
the handler.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from scaffold.cli.output import print_json
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


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``check`` to the ``scaffold`` parser."""
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


# -- check ------------------------------------------------------------------------------------


def _codes(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [code for value in values for code in value.replace(" ", ",").split(",") if code]


def run_check(args: argparse.Namespace) -> int:
    from scaffold.api import check_paths, find_vault
    from scaffold.check.facade import check_stdin

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
    options = {
        "config_file": args.config,
        "select": _codes(args.select),
        "ignore": _codes(args.ignore),
        "fail_on": args.severity,
    }
    if args.stdin:
        checked = check_stdin(vault, sys.stdin.buffer.read(), args.stdin_filename, **options)
    else:
        checked = check_paths(vault, args.paths, jobs=args.jobs, **options)
    out_format = args.format or ("json" if args.json else "text")
    sys.stdout.write(checked.render(out_format))
    if out_format == "text":
        print(checked.summary(), file=sys.stderr)
    return 1 if checked.failed else 0


def _list_rules(args: argparse.Namespace) -> int:
    from scaffold.check.facade import rule_list

    rules = rule_list()
    if args.json or args.format == "json":
        print_json({"rules": rules})
        return 0
    for rule in rules:
        fix = " (fixable)" if rule["fixable"] else ""
        print(f"{rule['code']}  {rule['severity']:<7}  {rule['name']:<28} {rule['summary']}{fix}")
    return 0
