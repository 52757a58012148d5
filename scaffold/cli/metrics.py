"""``scaffold history`` and ``scaffold chart``: thin; the reading, the series and the SVG are
:mod:`scaffold.metrics`' (through :mod:`scaffold.api`)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from scaffold.cli.output import for_terminal, print_json
from scaffold.cli.parsing import say_warning
from scaffold.errors import (
    EXIT_ADDRESS,
    EXIT_FILE,
    EXIT_OK,
    EXIT_USAGE,
    EXIT_WOULD_CHANGE,
    exit_codes_help,
)

HISTORY_EXIT_HELP = exit_codes_help((EXIT_OK, EXIT_USAGE, EXIT_FILE, EXIT_ADDRESS))
CHART_EXIT_HELP = exit_codes_help((EXIT_OK, EXIT_USAGE, EXIT_FILE, EXIT_ADDRESS, EXIT_WOULD_CHANGE))


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``history`` and ``chart`` to the ``scaffold`` parser."""
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
    _register_chart(sub, common)


def _register_chart(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "chart",
        help="draw a field's history as an SVG line chart (deterministic, no scripts)",
        description="Draw the history table of FIELD as a line chart: one line per note "
        "(the NOTEs named, else every note whose type has FIELD with a history, that --where "
        "selects), dates on the x axis, the metric's own units (500M, 1B, $2B) on the y axis, "
        "a legend, light and dark colours. The same data gives the same bytes: no timestamps, "
        "random ids or scripts, so the file is rewritten only when its series changed. Rows "
        "that cannot be drawn (a cell that is not a metric, another unit) are left out and "
        "said so on stderr (and in --json).",
        parents=[common],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n"
        "  scaffold chart downloads Llama -o 'charts/Llama downloads.svg'\n"
        "  scaffold chart downloads --where type:product -o charts/downloads.svg\n"
        "  scaffold chart downloads Llama -o charts/llama.svg --check   # CI: exit 11 if stale\n"
        "  scaffold chart downloads Llama -o 'charts/Llama downloads.svg' --embed\n"
        "  scaffold chart downloads Llama -o - | rsvg-convert -o llama.png\n\n"
        f"{CHART_EXIT_HELP}",
    )
    p.add_argument("field", metavar="FIELD", help="a field with a history table (downloads)")
    p.add_argument("notes", metavar="NOTE", nargs="*", help="notes to draw (default: all)")
    p.add_argument("--where", action="append", default=[], metavar="EXPR",
                   help="only the notes this selects (as update --where)")  # fmt: skip
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="the SVG file to write ('-' for standard output)")  # fmt: skip
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 11 when FILE is out of date")  # fmt: skip
    p.add_argument("--embed", action="store_true",
                   help="also keep ![[FILE]] in the note after its history table")  # fmt: skip
    p.add_argument("--title", help="the chart's title (default: the column, and the note)")
    p.add_argument("--type", dest="default_type", metavar="TYPE",
                   help="the type of notes without 'type:' in their frontmatter")  # fmt: skip
    p.set_defaults(run=run_chart)


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


def run_chart(args: argparse.Namespace) -> int:
    from pathlib import Path

    from scaffold import api

    to_stdout = args.output == "-"
    if to_stdout and args.check:
        raise _usage("--check needs -o FILE, not standard output")
    result = api.chart(
        args.vault,
        args.field,
        args.notes,
        where=args.where,
        type=args.default_type,
        title=args.title,
        output=None if to_stdout else Path(args.output),
        check=args.check,
        embed=args.embed,
    )
    if args.json:
        svg = {"svg": result.svg} if to_stdout else {}
        print_json({"ok": True, **result.to_dict(), **svg})
    else:
        if to_stdout:
            sys.stdout.write(result.svg)
        for where, why in result.left_out:
            say_warning(f"{where}: left out: {why}")
        if not to_stdout:
            state = "written" if result.written else "up to date"
            labels = [line.label for line in result.chart.lines]
            names = ", ".join(labels) if len(labels) <= 5 else f"{len(labels)} notes"
            print(f"{args.output}: {state} ({names})", file=sys.stderr)
        if result.embedded:
            print(f"{result.embedded}: embeds the chart now", file=sys.stderr)
        if result.run:
            print(f"(run {result.run}; undo with: scaffold undo {result.run})", file=sys.stderr)
    return EXIT_OK


def _usage(message: str) -> Exception:
    from scaffold.errors import UsageError

    return UsageError(message, hint="give the file to compare: -o charts/llama.svg --check")
