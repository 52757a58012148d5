"""``scaffold check``: the rules over notes, a vault or an editor's buffer.

Thin, like every command module: the checking is :mod:`scaffold.check.facade`, imported inside
the handler.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from scaffold.cli import completion
from scaffold.cli.confirm import confirmed, may_ask
from scaffold.cli.output import for_terminal, print_json
from scaffold.errors import UsageError

CHECK_EPILOG = """\
examples:
  scaffold check                          every note of the vault holding the current folder
  scaffold check Llama.md Products/ --format json
  scaffold check --select L --severity error
  scaffold check --stdin --stdin-filename Notes/Llama.md < buffer.md
  scaffold check --fix --dry-run --diff     the fixes the rules offer, as a patch
  scaffold check --fix --yes                write them (one run: scaffold undo puts it back)

output: one line per finding, path:line:col: severity: message [code] (1-based columns,
in characters; --columns bytes for Vim's errorformat); --format json or sarif for tools.
A summary goes to standard error.

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
    ).completer = completion.rule_codes
    p.add_argument(
        "--ignore", action="append", metavar="CODES", help="skip these rules (adds to the config)"
    ).completer = completion.rule_codes
    p.add_argument(
        "--severity",
        choices=["error", "warning", "info"],
        help="the lowest severity that makes check exit 1 (default: the config's fail-on, "
        "else warning); lower findings are still printed",
    )
    p.add_argument(
        "--columns",
        choices=["chars", "bytes"],
        default="chars",
        help="count columns in characters (default) or in UTF-8 bytes, as Vim's and Neovim's "
        "errorformat %%c does (the recipes in examples/editors use bytes)",
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
    p.add_argument("-q", "--quiet", action="store_true",
                   help="print the findings only: no summary line")  # fmt: skip
    p.add_argument("--fix", action="store_true",
                   help="apply the fixes of every finding whose rule offers one (as the "
                   "language server's quick fixes), as one run scaffold undo takes back; "
                   "then print what is left")  # fmt: skip
    p.add_argument("--diff", action="store_true",
                   help="with --fix: print the fixes as a diff git apply accepts")  # fmt: skip
    p.add_argument("--dry-run", action="store_true",
                   help="with --fix: say what would be fixed, write nothing")  # fmt: skip
    p.add_argument("-y", "--yes", action="store_true",
                   help="with --fix: do not ask before writing")  # fmt: skip
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
    out_format = args.format or ("json" if args.json else "text")
    if args.fix:
        if args.stdin:
            raise UsageError("--fix writes notes, not standard input",
                             hint="give the note's path, or use the language server's "
                             "quick fixes for an unsaved buffer")  # fmt: skip
        return _run_fix(args, vault, options, out_format)
    if args.diff or args.dry_run:
        raise UsageError(f"{'--diff' if args.diff else '--dry-run'} needs --fix", hint="add --fix")
    if args.stdin:
        checked = check_stdin(vault, sys.stdin.buffer.read(), args.stdin_filename, **options)
    else:
        checked = check_paths(
            vault, args.paths, jobs=args.jobs, fixes=out_format == "json", **options
        )
    return _report(args, checked, out_format)


def _report(args: argparse.Namespace, checked: Any, out_format: str, out: Any = None) -> int:
    """Print the findings (to ``out``, default standard output) and the summary line."""
    out = sys.stdout if out is None else out
    if args.columns == "bytes":
        if out_format == "sarif":
            raise UsageError(
                "SARIF counts columns in characters", hint="drop --columns bytes for SARIF"
            )
        checked = checked.in_bytes()
    out.write(checked.render(out_format))
    if out_format == "text" and not args.quiet:
        print(checked.summary(), file=sys.stderr)
    return 1 if checked.failed else 0


def _run_fix(args: argparse.Namespace, vault: Path, options: dict[str, Any], fmt: str) -> int:
    from scaffold import api

    plan = api.plan_fixes(vault, args.paths, jobs=args.jobs, **options)
    ask = may_ask(args, dry=args.dry_run) and plan.count > 0
    if args.diff:
        sys.stdout.write(for_terminal(plan.diff()))
    listing = sys.stderr if args.diff else sys.stdout
    if fmt == "text" and not args.quiet and (args.dry_run or ask):
        for note in plan.notes:
            for fixed in note.fixed:
                line = f"{note.path}:{fixed.line}:{fixed.col}: fix [{fixed.code}] {fixed.title}"
                print(for_terminal(line), file=listing)
    run: str | None = None
    written: tuple[str, ...] = ()
    if not args.dry_run and plan.count:
        if ask and not confirmed(f"Fix {_fixes(plan)}?"):
            return _report(args, plan.checked, fmt, listing)
        done = api.apply_fixes(plan, command=" ".join(["scaffold", *sys.argv[1:]]))
        run, written = done.run, done.written
    if fmt == "json":
        import json

        payload = json.loads(plan.checked.render("json"))
        payload.update(dry_run=args.dry_run, **plan.to_dict(), run=run, written=list(written))
        print_json(payload)
        return 1 if plan.checked.failed else 0
    if not args.quiet:
        verb = "would fix" if args.dry_run else "fixed"
        undo = f" (run {run}; scaffold undo puts it back)" if run else ""
        left = (
            f"; {plan.choices} left to choose (a quick fix in the editor)" if plan.choices else ""
        )
        print(f"{verb} {_fixes(plan)}{undo}{left}", file=sys.stderr)
    return _report(args, plan.checked, fmt, listing)


def _fixes(plan: Any) -> str:
    n, notes = plan.count, len(plan.notes)
    if not n:
        return "nothing: no finding has a fix to take without a choice"
    return f"{n} finding{'' if n == 1 else 's'} in {notes} note{'' if notes == 1 else 's'}"


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
