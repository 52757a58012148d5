"""``scaffold update``, ``export``, ``undo`` and ``runs``: bulk updates from the command line.

Thin: the flow lives in :mod:`scaffold.bulk`; this module turns flags into a request, prints
the plan and the results, asks before writing on a terminal, and draws the progress bar
(tqdm, imported only then).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scaffold.bulk.facade import UndoOutcome

from scaffold.cli import completion
from scaffold.cli.confirm import confirmed, may_ask
from scaffold.cli.output import for_terminal, print_json
from scaffold.cli.parsing import say_error, say_warning
from scaffold.errors import (
    EXIT_BUSY,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_RUN_INTERRUPTED,
    EXIT_USAGE,
    EXIT_WOULD_CHANGE,
    ScaffoldError,
    UsageError,
    VerifyError,
    exit_codes_help,
)

SELECT_HELP = """\
selection (--where EXPR; several --where flags must all hold):
  type:NAME               the note's frontmatter type:
  tag:NAME  or  #NAME     a frontmatter tag or one on the note's #tag line (tag:ai matches ai/x)
  folder:PATH             notes in that folder of the vault, subfolders included
  path:GLOB               the note's vault path matches GLOB ('AI/*.md'; * crosses folders)
  TARGET=VALUE            a field or address reads VALUE (markup, case and spacing ignored;
  TARGET!=VALUE           a list matches when an item does) -- or does not
  TARGET>NUMBER           compares metrics (1.2B+ > 1B; $100B; 50%); also <, <=, >=
  as_of<DATE              the note's latest history row is older (2026-06)
  has:TARGET              the note has the field or address, not empty
  missing:TARGET          it has not
  combine with and (or just a space), or, not, ( ); quote words holding spaces in '...':
  --where "type:product and 'Quick stats > License' != MIT"
"""

INPUT_HELP = """\
input (--from FILE, or - for standard input; the format comes from the suffix, or --format):
  wide CSV/TSV   note,downloads,license          one column per field or address; an empty
                 Llama,1.3B+,                    cell leaves that value alone; an as_of
                                                 column dates the row's values
  long CSV/TSV   note,address,value[,as_of]      one value per row
                 Llama,Quick stats > Downloads,1.3B+
  JSON / YAML    [{"note": "Llama", "downloads": "1.3B+"}]  or  {"Llama": {"downloads": ...}}
  JSON Lines     one such object per line
  CSV as spreadsheets write it: UTF-8 (a BOM is fine), UTF-16 with its BOM (Excel's
  "Unicode text"), CRLF, and ',' ';' or tab between cells (Excel's sep=; line is honoured).
  A note is a path, a file stem or an alias. A TARGET is a field of the note's type (its
  frontmatter type:) -- every place the field is bound to -- or an address.
"""

EXIT_HELP = exit_codes_help(
    (EXIT_OK, EXIT_USAGE, EXIT_PARTIAL, EXIT_WOULD_CHANGE, EXIT_RUN_INTERRUPTED, EXIT_BUSY)
)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the bulk commands to the ``scaffold`` parser."""
    fmt = argparse.RawDescriptionHelpFormatter
    p = sub.add_parser(
        "update",
        help="update many notes at once: from a CSV/JSON/YAML file or --where/--set",
        description="Update fields and addresses across the vault. Every note is read, "
        "edited and verified before anything is written; an undo journal is recorded first.",
        parents=[common],
        formatter_class=fmt,
        epilog="examples:\n"
        "  scaffold update --from metrics.csv --dry-run\n"
        "  scaffold update --where type:product --set license=MIT --diff\n"
        "  scaffold update --from stats.csv --as-of 2025-05 --yes\n\n"
        f"{INPUT_HELP}\n{SELECT_HELP}\n{EXIT_HELP}",
    )
    p.add_argument("--from", dest="source", metavar="FILE", help="the values, per note")
    p.add_argument("--format", choices=["csv", "tsv", "yaml", "json", "jsonl"],
                   help="the input's format (default: from its suffix)")  # fmt: skip
    p.add_argument("--delimiter", metavar="CHAR",
                   help="a CSV's separator (default: Excel's sep= line, else whichever of "
                   "',' ';' or tab the header uses)")  # fmt: skip
    p.add_argument("--where", action="append", default=[], metavar="EXPR", help="a selection")
    p.add_argument(
        "--set", dest="sets", action="append", default=[], metavar="TARGET=VALUE",
        help="a value for every selected note (repeatable)",
    ).completer = completion.field_sets  # fmt: skip
    p.add_argument("--as-of", metavar="DATE", help="date the values: add or update a row "
                   "in each field's history table (2025-05, May 2025, 2025-05-14)")  # fmt: skip
    p.add_argument("--create", action="store_true", help="add missing frontmatter keys and rows")
    p.add_argument("--verbatim", action="store_true",
                   help="write cells as given (default: a plain value keeps the cell's "
                   "**emphasis**)")  # fmt: skip
    p.add_argument("--no-render", action="store_true",
                   help="leave the views that show the changed notes as they are "
                   "(default: re-render them in the same run)")  # fmt: skip
    p.add_argument("--strict", action="store_true",
                   help="fail a note (exit 10) where a value breaks its field's monotonic or "
                   "max_change, changes its place's kind (text over a number), or cannot be "
                   "written where it lives (a skipped place); default: warn, and write the "
                   "rest")  # fmt: skip
    p.add_argument("--type", dest="default_type", metavar="TYPE",
                   help="the type of notes whose frontmatter has no type:")  # fmt: skip
    p.add_argument("--dry-run", action="store_true", help="print the plan, write nothing")
    p.add_argument("--diff", action="store_true", help="print a diff git apply accepts")
    p.add_argument("--check", action="store_true", help="write nothing; exit 11 if "
                   "anything would change")  # fmt: skip
    p.add_argument("-y", "--yes", action="store_true", help="do not ask before writing")
    p.add_argument("--fail-fast", action="store_true", help="stop at the first failed note")
    p.add_argument("--jobs", type=int, metavar="N", help="processes (default: the cores)")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="print errors only, and the summary line when anything was skipped "
                   "or failed")  # fmt: skip
    p.set_defaults(run=run_update)

    p = sub.add_parser(
        "export",
        help="print fields or addresses of many notes as CSV/JSON that update reads back",
        description="Export values for a spreadsheet round trip: export, edit, update --from.",
        parents=[common],
        formatter_class=fmt,
        epilog="example:\n  scaffold export downloads license --where type:product > m.csv\n\n"
        + SELECT_HELP,
    )
    p.add_argument(
        "targets", nargs="*", metavar="TARGET", help="fields or addresses"
    ).completer = completion.field_targets
    p.add_argument("--where", action="append", default=[], metavar="EXPR", help="a selection")
    p.add_argument("--format", choices=["csv", "tsv", "json", "jsonl"], default=None,
                   help="default: csv (json with --json)")  # fmt: skip
    p.add_argument("--type", dest="default_type", metavar="TYPE",
                   help="the type of untyped notes; with no TARGET, export its fields")  # fmt: skip
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here, not stdout")
    p.add_argument("--history", action="store_true",
                   help="export the one FIELD's history tables as long rows "
                   "(note,address,as_of,value), one per dated cell")  # fmt: skip
    p.set_defaults(run=run_export)

    p = sub.add_parser(
        "undo",
        help="undo the last bulk run not yet undone (or a named one), note by note",
        description="Put back what a run changed. Runs are a stack: each undo goes one run "
        "further back. A note changed since the run is left alone and reported, with the "
        "later run that changed it, if one did; --cascade undoes those later runs first. "
        "Also finishes the rollback of an interrupted run.",
        parents=[common],
        formatter_class=fmt,
        epilog="examples:\n  scaffold undo\n  scaffold undo          # again: the run before\n"
        "  scaffold runs\n  scaffold undo 20260127-101500-3f2a --cascade\n\n" + EXIT_HELP,
    )
    p.add_argument("run_id", nargs="?", metavar="RUN",
                   help="default: the newest run not yet undone",
                   ).completer = completion.run_ids  # fmt: skip
    p.add_argument("--dry-run", action="store_true", help="say what would be restored")
    p.add_argument("--cascade", action="store_true",
                   help="undo the later runs that changed the same notes first")  # fmt: skip
    p.add_argument("-q", "--quiet", action="store_true",
                   help="print errors only, and the summary when a note was refused")  # fmt: skip
    p.set_defaults(run=run_undo)

    p = sub.add_parser(
        "redo",
        help="re-apply the last undone bulk run (or a named one)",
        description="Write again what an undone run wrote, note by note, where each note is "
        "still as the undo left it; a note changed since is left alone and reported.",
        parents=[common],
        formatter_class=fmt,
        epilog="example:\n  scaffold undo\n  scaffold redo\n\n" + EXIT_HELP,
    )
    p.add_argument("run_id", nargs="?", metavar="RUN",
                   help="default: the most recently undone run",
                   ).completer = completion.run_ids  # fmt: skip
    p.add_argument("--dry-run", action="store_true", help="say what would be written")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="print errors only, and the summary when a note was refused")  # fmt: skip
    p.set_defaults(run=run_redo)

    p = sub.add_parser(
        "runs",
        help="list the recorded bulk runs (newest first)",
        description="The runs recorded in .scaffold/runs/. The 20 newest finished runs are "
        "kept; older ones are pruned when a run finishes. Interrupted runs are never pruned.",
        parents=[common],
        formatter_class=fmt,
    )
    p.set_defaults(run=run_runs)


# -- update ---------------------------------------------------------------------------------


def _vault(args: argparse.Namespace) -> Path:
    from scaffold.api import find_vault

    return find_vault(args.vault)


def run_update(args: argparse.Namespace) -> int:
    from scaffold import api

    dry = args.dry_run or args.check
    view = _View(args, dry)
    try:
        report = api.update(
            args.vault,
            render=not args.no_render,
            source=args.source,
            format=args.format,
            delimiter=args.delimiter,
            where=args.where,
            set=args.sets,
            as_of=args.as_of,
            create=args.create,
            verbatim=args.verbatim,
            type=args.default_type,
            dry_run=dry,
            fail_fast=args.fail_fast,
            jobs=args.jobs,
            diff=args.diff,
            strict=args.strict,
            confirm=view.confirm if view.ask else None,
            on_note=view.planned,
            progress=view.progress,
            # Text mode prints each note as it is planned; only --json reads the results again.
            keep_results=args.json,
            command=" ".join(["scaffold", *sys.argv[1:]]),
        )
    finally:
        view.close()
    summary = report.summary
    for result in report.results:
        print_json(result.to_dict())
    if not args.json:
        view.followed(summary)
        for error in report.refused.values():
            say_error(f"{error}", error.hint)
    if not args.json:
        for note in summary.unreadable:
            where = note["path"] + "".join(f":{note[k]}" for k in ("line", "col") if note.get(k))
            say_warning(
                f"{where}: not read: {note['message']}",
                "the note is left out: --where cannot tell whether it would pick it; "
                "fix it, or name it in --from to see it fail",
            )
    if args.json:
        print_json(summary.to_dict())
    elif not args.quiet or summary.incomplete or summary.type_changes or summary.unreadable:
        print(summary.line(), file=sys.stderr)
    if summary.failed:
        return EXIT_PARTIAL
    if args.check and summary.counts["changed"]:
        return EXIT_WOULD_CHANGE
    return EXIT_OK


class _View:
    """What one update run prints: the plan as it is made, the final results, a bar."""

    def __init__(self, args: argparse.Namespace, dry: bool) -> None:
        self.args = args
        self.dry = dry
        self.tty = sys.stderr.isatty()
        self.ask = may_ask(args, dry=dry)
        self.bar: Any = None
        self.phase = ""
        # With --diff, stdout holds only the patch; the plan goes to stderr.
        self.plan_out = sys.stderr if args.diff else sys.stdout

    def progress(self, phase: str, done: int, total: int) -> None:
        if not self.tty or self.args.quiet or total < 50:
            return
        if phase != self.phase:
            self.close()
            from tqdm import tqdm

            label = "planning" if phase == "plan" else "writing"
            self.bar = tqdm(total=total, desc=label, unit="note", file=sys.stderr, leave=False)
            self.phase = phase
        self.bar.n = done
        if done == total or done % 64 == 0:
            self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def planned(self, result: Any) -> None:
        """The plan, note by note, as it is made (text mode)."""
        if self.args.json:
            return
        if result.status == "failed":
            self._error(result)
            return
        if self.bar is not None:
            self.bar.clear()
        if result.diff:
            sys.stdout.write(for_terminal(result.diff))
        for change in result.changes:
            if change.warning:
                say = for_terminal(change.warning, sys.stderr)
                print(f"warning: {result.path}: {say}", file=sys.stderr)
        skipped = [c for c in result.changes if c.unwritten]
        if result.status == "unchanged" and not skipped:
            return
        if self.args.quiet:
            for change in skipped:  # a value not written is never silent
                say_error(f"{result.path}: {change.address}: not written: {change.reason}")
            return
        verb = "would change" if self.dry or self.ask else "changes"
        status = verb if result.status == "changed" else result.status
        out = self.plan_out
        print(f"{result.path}: {status}", file=out)
        for change in result.changes:
            print(f"  {_change_line(change)}", file=out)

    def followed(self, summary: Any) -> None:
        """The notes whose views the run re-rendered (or would)."""
        if self.args.quiet:
            return
        verb = "would be re-rendered" if self.dry or not summary.written else "re-rendered"
        for path in summary.followed:
            print(f"{path}: views {verb}", file=self.plan_out)

    def _error(self, result: Any) -> None:
        err: ScaffoldError | None = result.error
        if self.bar is not None:
            self.bar.clear()
        where = f" ({result.origin})" if result.origin else ""
        if err is None:
            say_error(f"{result.note}{where}: failed")
        else:
            say_error(f"{err}{where}", err.hint)

    def confirm(self, summary: Any) -> bool:
        self.close()
        print(summary.line(), file=sys.stderr)
        count = summary.counts["changed"]
        return confirmed(f"Write {count} note{'' if count == 1 else 's'}?")


def _show(value: Any) -> str:
    from scaffold.api import escape_controls, scalar_text

    if value is None:
        return "(none)"
    if isinstance(value, list):
        return "[" + ", ".join(escape_controls(scalar_text(v)) for v in value) + "]"
    text = escape_controls(scalar_text(value))
    return text if text else '""'


def _change_line(change: Any) -> str:
    name = (
        change.address
        if change.target == change.address
        else f"{change.target}: " + (change.address)
    )
    if change.status == "skipped":
        return f"{name}: {'kept' if change.kept else 'skipped'} ({change.reason})"
    if change.status == "unchanged":
        return f"{name}: unchanged ({_show(change.old)})"
    extra = f" ({change.reason})" if change.reason else ""
    return f"{name}: {_show(change.old)} -> {_show(change.new)}{extra}"


# -- export, undo, runs ---------------------------------------------------------------------


def run_export(args: argparse.Namespace) -> int:
    from scaffold.bulk.facade import export_to

    vault = _vault(args)
    if args.history:
        return _export_history(args, vault, list(args.targets))
    fmt = args.format or ("json" if args.json else "csv")
    options = {"where": args.where, "format": fmt, "type": args.default_type}
    failed = 0

    def on_error(row: Any) -> None:
        nonlocal failed
        failed += 1
        say_error(str(row.error), row.error.hint)

    if args.output is not None:
        with args.output.open("w", encoding="utf-8", newline="") as out:
            count = export_to(vault, args.targets, out, on_error=on_error, **options)
        print(f"exported {count} notes to {args.output}", file=sys.stderr)
    else:
        export_to(vault, args.targets, sys.stdout, on_error=on_error, **options)
    return EXIT_PARTIAL if failed else EXIT_OK


def _export_history(args: argparse.Namespace, vault: Path, targets: list[str]) -> int:
    from scaffold import api

    if len(targets) != 1:
        raise UsageError(
            "--history exports one field's history",
            hint="e.g. scaffold export downloads --history --where type:product",
        )
    fmt = args.format or ("json" if args.json else "csv")
    where, kind = args.where, args.default_type
    if args.output is not None:
        with args.output.open("w", encoding="utf-8", newline="") as out:
            count, left_out = api.history_export(vault, targets[0], out, where=where, type=kind,
                                                 format=fmt)  # fmt: skip
        print(f"exported {count} rows to {args.output}", file=sys.stderr)
    else:
        count, left_out = api.history_export(vault, targets[0], sys.stdout, where=where,
                                             type=kind, format=fmt)  # fmt: skip
    for path, why in left_out:
        say_warning(f"{path}: left out: {why}")
    return EXIT_OK


def run_undo(args: argparse.Namespace) -> int:
    from scaffold.bulk.facade import undo_run

    outcome = undo_run(_vault(args), args.run_id, dry_run=args.dry_run, cascade=args.cascade)
    for done in [*outcome.cascaded, outcome]:
        _print_undo(done, args)
    return EXIT_PARTIAL if outcome.failed else EXIT_OK


def run_redo(args: argparse.Namespace) -> int:
    from scaffold.bulk.facade import redo_run

    outcome = redo_run(_vault(args), args.run_id, dry_run=args.dry_run)
    _print_undo(outcome, args)
    return EXIT_PARTIAL if outcome.failed else EXIT_OK


def _print_undo(outcome: UndoOutcome, args: argparse.Namespace) -> None:
    summary = outcome.summary
    undoing = outcome.action == "undo"
    verb = (
        ("would restore" if undoing else "would write")
        if args.dry_run
        else ("restored" if undoing else "written again")
    )
    for result in outcome.results:
        if args.json:
            print_json({**result.to_dict(), "run": outcome.run.id})
        elif result.status == "failed":
            err = result.error
            say_error(str(err) if err else str(result.path), err.hint if err else None)
        elif result.status == "changed" and not args.quiet:
            print(f"{result.path}: {verb}")
    counts = summary.counts
    if args.quiet and not args.json and not counts["failed"]:
        return
    if args.json:
        print_json({**summary.to_dict(), "run": outcome.run.id, "action": outcome.action})
    else:
        since = "changed since the run" if undoing else "changed since the undo"
        already = "already as before" if undoing else "already as the run left them"
        failed = [r for r in outcome.results if r.status == "failed"]
        # A note found changed is refused with a VerifyError; anything else (a full disk, a
        # read-only file) is a write that failed, and the run can be undone again later.
        stale = sum(isinstance(r.error, VerifyError) or r.error is None for r in failed)
        why = [f"{stale} {since}"] if stale else []
        if len(failed) > stale:
            why.append(f"{len(failed) - stale} could not be written (see above)")
        refused = f"{counts['failed']} refused" + (f": {', '.join(why)}" if why else "")
        print(
            f"run {outcome.run.id}: {counts['changed']} {verb}, "
            f"{counts['unchanged']} {already}, {refused}",
            file=sys.stderr,
        )


def run_runs(args: argparse.Namespace) -> int:
    from scaffold.bulk import facade

    runs = facade.runs(args.vault)
    if args.json:
        for run in runs:
            print_json(run)
        return EXIT_OK
    if not runs:
        print("no runs recorded", file=sys.stderr)
        return EXIT_OK
    for run in runs:
        state = run.get("state", "")
        if run["interrupted"]:
            state = f"INTERRUPTED while {state}: scaffold undo {run['id']}"
        notes = run.get("written", run.get("notes", 0))
        print(f"{run['id']}  {run.get('started', '')}  {state:<9}  {notes:>6} notes  "
              f"{run.get('command', '')}")  # fmt: skip
    return EXIT_OK
