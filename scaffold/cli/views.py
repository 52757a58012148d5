"""``scaffold render`` (refresh the views of the vault's notes) and ``scaffold stale`` (the
metrics older than their ``max_age``).

Thin: the regions, the queries, the ages and the writing are :mod:`scaffold.views`'; this
module turns flags into one :func:`scaffold.api.render` or :func:`scaffold.api.stale` call and
prints what it returns.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from scaffold.cli.output import print_json
from scaffold.cli.parsing import say_error, say_warning
from scaffold.errors import (
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_USAGE,
    EXIT_WOULD_CHANGE,
    PartialFailure,
    WouldChange,
    exit_codes_help,
)

RENDER_EPILOG = """\
a view is a region of a note between two HTML comments, filled by scaffold render:
  <!-- scaffold:view where="type:product and tag:ai" columns="name, downloads, license"
       sort="-downloads" -->
  <!-- /scaffold:view -->
options (key="value"):
  where     a selection in the --where grammar (scaffold update --help); every note if left out
  columns   name (the note, as a link) and fields or addresses: 'Quick stats > Parent'
  sort      keys, - for descending: numbers as numbers, then dates, then text; ties by name
  as        table (a GFM table, the default) or list
  limit     at most this many notes

examples:
  scaffold render                     every view of the vault
  scaffold render Products.md --diff  one note's views, with the diff
  scaffold render --check             CI and pre-commit: exit 11 when a view is out of date
  scaffold render && scaffold undo    a render is a journalled run

"""

EXIT_HELP = exit_codes_help((EXIT_OK, EXIT_USAGE, EXIT_PARTIAL, EXIT_WOULD_CHANGE))


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``render`` to the ``scaffold`` parser."""
    p = sub.add_parser(
        "render",
        help="refresh the views (scaffold:view regions) of notes from the vault",
        description="Fill each <!-- scaffold:view --> region with a table or a list of the "
        "notes its query selects. Only the bytes between a region's markers change, and only "
        "when they would differ; a note with a malformed region is reported with its line "
        "and left as it was. The changed notes are written as one journalled run "
        "(scaffold undo takes it back).",
        parents=[common],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=RENDER_EPILOG + EXIT_HELP,
    )
    p.add_argument("notes", nargs="*", metavar="NOTE",
                   help="notes to render (a path, stem or alias; default: every note)")  # fmt: skip
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 11 if a view is out of date")  # fmt: skip
    p.add_argument("--dry-run", action="store_true", help="say what would change, write nothing")
    p.add_argument("--diff", action="store_true", help="print a diff git apply accepts")
    p.add_argument("--type", dest="default_type", metavar="TYPE",
                   help="the type of notes without a type: in their frontmatter")  # fmt: skip
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p.set_defaults(run=run_render)

    p = sub.add_parser(
        "stale",
        help="list the metrics older than their max_age, oldest first",
        description="List each metric older than its field's max_age (questions.yaml), "
        "oldest first: note, field, value, as of, age. A metric's date is its history table's "
        "latest row, else the (Apr 2025) note in its cell, never the file's modification "
        "time; a value with neither is listed with an unknown age, last.",
        parents=[common],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=STALE_EPILOG,
    )
    p.add_argument("--older-than", metavar="AGE",
                   help="instead of each field's max_age (90d, 2w, 6mo, 1y); also looks at "
                   "every field with a history table")  # fmt: skip
    p.add_argument("--where", action="append", default=[], metavar="EXPR",
                   help="only the notes this selects (the --where grammar of update)")  # fmt: skip
    p.add_argument("--format", choices=["text", "csv", "tsv", "json"], default=None,
                   help="csv/tsv: the long table update --from reads (default: text)")  # fmt: skip
    p.add_argument("--today", metavar="DATE",
                   help="count ages from DATE (default: SCAFFOLD_TODAY, else today)")  # fmt: skip
    p.add_argument("--all", dest="everything", action="store_true",
                   help="list every metric looked at, not only the stale ones")  # fmt: skip
    p.add_argument("--type", dest="default_type", metavar="TYPE",
                   help="the type of notes without a type: in their frontmatter")  # fmt: skip
    p.set_defaults(run=run_stale)

    p = sub.add_parser(
        "report",
        help="one page about the vault: types, metric ages, findings, duplicates",
        description="Print a report of the vault: notes per type, metrics by age (as scaffold "
        "stale dates them), scaffold check's findings by code, notes behind their type's "
        "version, and possible duplicate entities (an alias on two notes, names that fold to "
        "the same text, the same github/ticker/wikidata/website/url).",
        parents=[common],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n"
        "  scaffold report > Report.md\n"
        "  scaffold report --format json --today 2026-01-27\n\n"
        "exit codes: 0 reported, 2 usage error\n",
    )
    p.add_argument("--format", choices=["md", "json"], default=None,
                   help="markdown (the default) or JSON")  # fmt: skip
    p.add_argument("--today", metavar="DATE",
                   help="count ages from DATE (default: SCAFFOLD_TODAY, else today)")  # fmt: skip
    p.add_argument("--type", dest="default_type", metavar="TYPE",
                   help="the type of notes without a type: in their frontmatter")  # fmt: skip
    p.set_defaults(run=run_report)


STALE_EPILOG = """\
examples:
  scaffold stale                            every metric past its field's max_age
  scaffold stale --older-than 90d --where type:product
  scaffold stale --format csv > refresh.csv  # fill in value and as_of, then:
  scaffold update --from refresh.csv --diff
  SCAFFOLD_TODAY=2026-01-27 scaffold stale  (or --today) for a reproducible report

in questions.yaml, a bound field declares how old it may be:
  - name: downloads
    bind: Quick stats > Downloads
    history: Download trajectory
    max_age: 90d                            # or 2w, 6mo, 1y

exit codes: 0 listed (stale metrics are a report, not an error), 2 usage error
"""


def run_stale(args: argparse.Namespace) -> int:
    from scaffold.api import stale, write_stale

    left_out: list[Any] = []

    def left(error: Any) -> None:  # said on standard error, in every format
        left_out.append(error)
        say_warning(f"{error}: left out: its metrics cannot be read", error.hint)

    items = stale(
        args.vault,
        older_than=args.older_than,
        where=args.where,
        today=args.today,
        default_type=args.default_type,
        everything=args.everything,
        on_left_out=left,
    )
    fmt = args.format or ("json" if args.json else "text")
    write_stale(items, sys.stdout, fmt)
    if fmt == "text" or left_out:
        unknown = sum(1 for i in items if i.as_of is None)
        line = f"{len(items)} metric(s); {unknown} of unknown age"
        if left_out:
            many = len(left_out) != 1
            line += f"; {len(left_out)} note{'s' if many else ''} left out (see above)"
        print(line, file=sys.stderr)
    return EXIT_OK


def run_render(args: argparse.Namespace) -> int:
    from scaffold.api import render

    dry = args.dry_run or args.check
    report = render(
        args.vault,
        args.notes,
        dry_run=dry,
        diff=args.diff,
        default_type=args.default_type,
        command=" ".join(["scaffold", *sys.argv[1:]]),
    )
    if args.json:
        print_json(report.to_dict())
    else:
        for problem in report.problems:
            say_error(str(problem), problem.hint)
        for left in report.left_out:
            say_warning(f"{left}: left out of the views", left.hint)
        for text in report.diffs.values():
            sys.stdout.write(text)
        if not args.quiet and not args.diff:
            verb = "out of date" if dry else "rendered"
            for region in report.out_of_date:
                print(f"{region.path}:{region.line}: view {verb} ({region.rows} notes)")
        if not args.quiet or report.left_out:
            print(_summary(report, dry), file=sys.stderr)
    if report.problems:
        raise PartialFailure(
            f"{len(report.problems)} view problem(s); those notes were left as they were",
            hint="fix the markers at the lines shown, then run scaffold render again",
        )
    if args.check and report.out_of_date:
        raise WouldChange(
            f"{len(report.out_of_date)} view(s) out of date",
            hint="run scaffold render to refresh them",
        )
    return EXIT_OK


def _summary(report: Any, dry: bool) -> str:
    total, stale = len(report.regions), len(report.out_of_date)
    line = f"{total} view(s), {stale} out of date"
    if report.written:
        line += f"; wrote {len(report.written)} note(s) (run {report.run}: scaffold undo)"
    elif dry and report.changes:
        line += f"; would write {len(report.changes)} note(s)"
    if report.left_out:
        many = len(report.left_out) != 1
        line += (
            f"; {len(report.left_out)} note{'s' if many else ''} left out of the views: "
            f"{'they' if many else 'it'} could not be read (see above)"
        )
    return line


def run_report(args: argparse.Namespace) -> int:
    from scaffold.api import report

    result = report(args.vault, today=args.today, default_type=args.default_type)
    if (args.format or ("json" if args.json else "md")) == "json":
        print_json(result.to_dict())
    else:
        sys.stdout.write(result.markdown())
    return EXIT_OK
