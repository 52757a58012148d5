"""``scaffold migrate TYPE``: bring a type's notes up to its current version.

Thin: the flow is :mod:`scaffold.migrate`'s (on the bulk runner); the plan, the diff, the
confirmation and the progress bar are printed as ``scaffold update`` prints them.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from scaffold.cli.bulk import SELECT_HELP, _vault, _View
from scaffold.cli.output import print_json
from scaffold.cli.parsing import say_error
from scaffold.errors import (
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_RUN_INTERRUPTED,
    EXIT_USAGE,
    EXIT_WOULD_CHANGE,
    UsageError,
    exit_codes_help,
)

EXIT_HELP = exit_codes_help(
    (EXIT_OK, EXIT_USAGE, EXIT_PARTIAL, EXIT_WOULD_CHANGE, EXIT_RUN_INTERRUPTED)
)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``migrate`` to the ``scaffold`` parser."""
    p = sub.add_parser(
        "migrate",
        help="bring a type's notes up to its current version (its questions.yaml migrations)",
        description="Apply the migration steps of TYPE's questions.yaml (renamed keys, rows, "
        "sections and columns, added sections, rows and columns, moved rows) to every note "
        "of the type that needs them. Each step applies only where its precondition holds, "
        "so a rerun changes nothing. A note where a step cannot be decided (both names are "
        "there) is a conflict: it is reported and nothing of it is written. Every note is "
        "planned before anything is written; the run is journalled, and scaffold undo puts "
        "it back.",
        parents=[common],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n"
        "  scaffold migrate product --dry-run\n"
        "  scaffold migrate product --dry-run --json     # with each note's drift\n"
        "  scaffold migrate product --diff > migrate.patch\n"
        "  scaffold migrate product --check              # CI: exit 11 when a note is behind\n"
        "  scaffold migrate product --yes && scaffold undo\n\n"
        f"{SELECT_HELP}\n{EXIT_HELP}",
    )
    p.add_argument("type_name", metavar="TYPE", help="the entity type whose notes to migrate")
    p.add_argument("--where", action="append", default=[], metavar="EXPR",
                   help="only the notes of TYPE this selects")  # fmt: skip
    p.add_argument("--dry-run", action="store_true", help="print the plan, write nothing")
    p.add_argument("--diff", action="store_true", help="print a diff git apply accepts")
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 11 if a note is behind its type")  # fmt: skip
    p.add_argument("--allow-destructive", action="store_true",
                   help="run drop_key, drop_row and drop_section steps")  # fmt: skip
    p.add_argument("-y", "--yes", action="store_true", help="do not ask before writing")
    p.add_argument("--fail-fast", action="store_true", help="stop at the first failed note")
    p.add_argument("--jobs", type=int, metavar="N", help="processes (default: the cores)")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p.add_argument("--no-render", action="store_true",
                   help="leave the views that show the migrated notes as they are")  # fmt: skip
    p.set_defaults(run=run_migrate)


def run_migrate(args: argparse.Namespace) -> int:
    from scaffold.api import view_follower
    from scaffold.migrate.facade import migration_request, run_migration

    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    dry = args.dry_run or args.check
    request = migration_request(
        _vault(args),
        args.type_name,
        where=args.where,
        dry_run=dry,
        allow_destructive=args.allow_destructive,
        drift=dry and args.json,
        diff=args.diff,
        jobs=args.jobs,
        fail_fast=args.fail_fast,
        keep_results=args.json,
        command=" ".join(["scaffold", *sys.argv[1:]]),
        follow=None if args.no_render else view_follower(),
    )
    view = _View(args, dry)
    outcome = run_migration(
        request, confirm=view.confirm if view.ask else None, on_planned=view.planned,
        progress=view.progress,
    )  # fmt: skip
    view.close()
    summary = outcome.summary
    for result in outcome.results():
        print_json(result.to_dict())
    if not args.json:
        view.followed(summary)
        for error in outcome.refused.values():
            say_error(f"{error}", error.hint)
    if args.json:
        print_json(summary.to_dict())
    elif not args.quiet:
        print(summary.line(), file=sys.stderr)
    if summary.failed:
        return EXIT_PARTIAL
    if args.check and summary.counts["changed"]:
        return EXIT_WOULD_CHANGE
    return EXIT_OK
