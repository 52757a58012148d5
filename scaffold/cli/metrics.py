"""``scaffold history`` and ``scaffold chart``: thin; the reading, the series and the SVG are
:mod:`scaffold.metrics`' (through :mod:`scaffold.api`)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from scaffold.cli.output import for_terminal, print_json
from scaffold.errors import EXIT_ADDRESS, EXIT_FILE, EXIT_OK, EXIT_USAGE, exit_codes_help

HISTORY_EXIT_HELP = exit_codes_help((EXIT_OK, EXIT_USAGE, EXIT_FILE, EXIT_ADDRESS))


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``history`` to the ``scaffold`` parser."""
    p = sub.add_parser(
        "history",
        help="a field's history table as a dated series (sparkline, plot, CSV, JSON)",
        description="Print the history table of FIELD in NOTE (every field of the note's type "
        "with a history table when FIELD is left out) as a dated series, oldest first: one "
        "line per dated row, with a sparkline on a terminal. Rows whose first cell is not a "
        "date are left out (--json lists their lines); a cell that is not a metric is shown "
        "and said so. --csv writes the long rows (note,address,as_of,value) that "
        "'scaffold update --from' reads back: feeding them back changes nothing.",
        parents=[common],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n"
        "  scaffold history Llama downloads\n"
        "  scaffold history Llama --plot\n"
        "  scaffold history Llama downloads --csv > llama.csv   # edit, then:\n"
        "  scaffold update --from llama.csv --dry-run\n\n"
        f"{HISTORY_EXIT_HELP}",
    )
    p.add_argument("note", metavar="NOTE", help="a note: its path, name or alias")
    p.add_argument("field", metavar="FIELD", nargs="?",
                   help="a field of the note's type with a history table")  # fmt: skip
    shape = p.add_mutually_exclusive_group()
    shape.add_argument("--csv", action="store_const", const=",", dest="delimiter",
                       help="write long rows as CSV, for update --from")  # fmt: skip
    shape.add_argument("--tsv", action="store_const", const="\t", dest="delimiter",
                       help="the same as TSV")  # fmt: skip
    shape.add_argument("--plot", action="store_true", help="draw a block plot of each series")
    p.add_argument("--type", dest="default_type", metavar="TYPE",
                   help="the type of a note without 'type:' in its frontmatter")  # fmt: skip
    p.set_defaults(run=run_history)


def run_history(args: argparse.Namespace) -> int:
    from scaffold import api

    found = api.history(args.vault, args.note, args.field, type=args.default_type)
    if args.json:
        print_json({"ok": True, **found.to_dict()})
    elif args.delimiter:
        api.history_csv([found], sys.stdout, delimiter=args.delimiter)
    else:
        spark = sys.stdout.isatty()
        for line in api.history_lines(found, spark=spark, plot=args.plot):
            print(for_terminal(line))
    return EXIT_OK
