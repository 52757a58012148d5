"""``scaffold mv OLD NEW`` and ``scaffold merge KEEP DROP``: rename a note, or fold one
into another, and rewrite every link to it.

Thin: the plan and the write are :mod:`scaffold.refactor`'s (through :mod:`scaffold.api`);
this module prints the plan, the diff and the outcome, and asks before writing on a terminal
as ``scaffold update`` does.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from scaffold.cli.confirm import confirmed, may_ask
from scaffold.cli.output import for_terminal, print_json
from scaffold.errors import (
    EXIT_ADDRESS,
    EXIT_EXISTS,
    EXIT_FILE,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_RUN_INTERRUPTED,
    EXIT_USAGE,
    EXIT_VERIFY,
    exit_codes_help,
)

MV_EXIT_HELP = exit_codes_help(
    (EXIT_OK, EXIT_USAGE, EXIT_FILE, EXIT_ADDRESS, EXIT_VERIFY, EXIT_EXISTS, EXIT_RUN_INTERRUPTED)
)


MERGE_EXIT_HELP = exit_codes_help(
    (EXIT_OK, EXIT_USAGE, EXIT_FILE, EXIT_ADDRESS, EXIT_VERIFY, EXIT_PARTIAL, EXIT_RUN_INTERRUPTED)
)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``mv`` and ``merge`` to the ``scaffold`` parser."""
    _register_merge(sub, common)
    p = sub.add_parser(
        "mv",
        help="rename or move a note and rewrite every link to it",
        description="Rename the note OLD (a path, or a note name as a link names it) to NEW "
        "and rewrite every wikilink and embed that leads to it, in bodies, tables and "
        "frontmatter: the shown text, #heading and #^block suffixes stay, and links inside "
        "code, math and comments are left alone. NEW is a name (the note keeps its folder), "
        "a folder ending in / (the note keeps its name; links by name stay as they are, "
        "links by path are rewritten) or a path. NEW must not exist, nor be another note's "
        "name or alias (exit 9), nor lie outside the vault. The rename and every rewritten "
        "note are one journalled run: scaffold undo puts back every byte.",
        parents=[common],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n"
        '  scaffold mv Llama "Meta Llama" --dry-run\n'
        '  scaffold mv Llama.md "Meta Llama" --keep-alias --yes\n'
        "  scaffold mv Llama Models/               # move into a folder\n"
        '  scaffold mv Llama "Meta Llama" --dry-run --diff > mv.patch && git apply mv.patch\n'
        "  scaffold undo                            # put it all back\n\n"
        f"{MV_EXIT_HELP}",
    )
    p.add_argument("old", metavar="OLD", help="the note: a path, or its name")
    p.add_argument("new", metavar="NEW", help="its new name, folder (ending in /) or path")
    p.add_argument("--keep-alias", action="store_true",
                   help="add the old name to the note's aliases")  # fmt: skip
    p.add_argument("--dry-run", action="store_true", help="print the plan, write nothing")
    p.add_argument("--diff", action="store_true", help="print a diff git apply accepts")
    p.add_argument("-y", "--yes", action="store_true", help="do not ask before writing")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p.set_defaults(run=run_mv)


def run_mv(args: argparse.Namespace) -> int:
    from scaffold import api

    vault = api.find_vault(args.vault)
    plan = api.plan_move(
        vault, args.old, args.new, keep_alias=args.keep_alias, explicit=args.vault is not None
    )
    ask = may_ask(args, dry=args.dry_run)
    if args.diff:
        sys.stdout.write(for_terminal(plan.diff()))
    if not args.json and not args.quiet:
        _print_plan(plan, sys.stderr if args.diff else sys.stdout, dry=args.dry_run or ask)
    if args.dry_run:
        if args.json:
            print_json({"ok": True, "dry_run": True, **plan.to_dict()})
        return EXIT_OK
    if ask and not confirmed(f"Rename {plan.old} and rewrite {plan.links} link(s)?"):
        return EXIT_OK
    moved = api.apply_move(plan, command=" ".join(["scaffold", *sys.argv[1:]]))
    if args.json:
        print_json({"ok": True, "dry_run": False, **moved.to_dict()})
    elif not args.quiet:
        undo = f" (run {moved.run}; scaffold undo puts it back)" if moved.run else ""
        print(f"renamed {plan.old} -> {plan.new}{_counts(plan)}{undo}", file=sys.stderr)
    return EXIT_OK


def _counts(plan: Any) -> str:
    others = [n for n in plan.notes if n.path != plan.new]
    links = plan.links
    if not links:
        return "; no link led to it"
    return (
        f"; {links} link{'' if links == 1 else 's'} rewritten in "
        f"{len(others)} other note{'' if len(others) == 1 else 's'}"
        if others
        else f"; {links} link{'' if links == 1 else 's'} rewritten in the note itself"
    )


def _shown(link: Any) -> str:
    """One rewritten link as the plan lists it: ``[[old]] -> [[new]]``, or ``(old) -> (new)``
    for a markdown link's path."""
    if link.markdown:
        return f"({link.old}) -> ({link.new})"
    return f"[[{link.old}]] -> [[{link.new}]]"


def _print_plan(plan: Any, out: Any, *, dry: bool) -> None:
    verb = "would rename" if dry else "renames"
    print(f"{verb} {plan.old} -> {plan.new}", file=out)
    if plan.alias_added:
        print(f"  {plan.new}: adds the alias {plan.alias_added!r}", file=out)
    for note in plan.notes:
        for link in note.links:
            where = "frontmatter " if link.frontmatter else ""
            line = f"  {note.path}:{link.line}: {where}{_shown(link)}"
            print(for_terminal(line), file=out)
    if dry:
        print(f"{plan.links} link{'' if plan.links == 1 else 's'} to rewrite", file=out)


def _register_merge(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "merge",
        help="merge one note into another and point every link at it",
        description="Fold the note DROP into KEEP: DROP's aliases (and its name) and tags are "
        "added to KEEP's, the rows of its tables that KEEP lacks are added and the cells KEEP "
        "leaves empty are filled, the items of its Related list move over, and every link to "
        "DROP is rewritten to KEEP. DROP is then removed, or with --stub left as a note that "
        "links to KEEP. A cell both notes fill differently is a conflict: each is reported "
        "and nothing is written (exit 10) unless --prefer says whose value wins. The merge is "
        "one journalled run: scaffold undo puts back every byte.",
        parents=[common],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n"
        "  scaffold merge Meta Facebook --dry-run\n"
        "  scaffold merge Meta Facebook --prefer keep --yes\n"
        "  scaffold merge Meta Facebook --stub --diff\n"
        "  scaffold undo\n\n"
        f"{MERGE_EXIT_HELP}",
    )
    p.add_argument("keep", metavar="KEEP", help="the note that stays: a path, or its name")
    p.add_argument("drop", metavar="DROP", help="the note merged into it")
    p.add_argument("--prefer", choices=["keep", "drop"],
                   help="whose value wins where both fill a cell")  # fmt: skip
    p.add_argument("--stub", action="store_true", help="leave DROP as a note linking to KEEP")
    p.add_argument("--dry-run", action="store_true", help="print the plan, write nothing")
    p.add_argument("--diff", action="store_true", help="print a diff git apply accepts")
    p.add_argument("-y", "--yes", action="store_true", help="do not ask before writing")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p.set_defaults(run=run_merge)


def run_merge(args: argparse.Namespace) -> int:
    from scaffold import api

    vault = api.find_vault(args.vault)
    plan = api.plan_merge(
        vault,
        args.keep,
        args.drop,
        prefer=args.prefer,
        stub=args.stub,
        explicit=args.vault is not None,
    )
    ask = may_ask(args, dry=args.dry_run)
    if args.diff:
        sys.stdout.write(for_terminal(plan.diff()))
    if not args.json and not args.quiet:
        out = sys.stderr if args.diff else sys.stdout
        verb = "would merge" if args.dry_run or ask else "merges"
        print(f"{verb} {plan.drop} into {plan.keep}", file=out)
        for line in plan.added:
            print(for_terminal(f"  {plan.keep}: adds {line}"), file=out)
        for c in plan.conflicts:
            print(
                for_terminal(f"  {c.address}: {c.keep!r} vs {c.drop!r}, {plan.prefer}'s kept"),
                file=out,
            )
        for note in plan.notes:
            for link in note.links:
                line = f"  {note.path}:{link.line}: {_shown(link)}"
                print(for_terminal(line), file=out)
        fate = "left as a stub" if plan.drop_after is not None else "removed"
        print(f"  {plan.drop}: {fate}", file=out)
    if args.dry_run:
        if args.json:
            print_json({"ok": True, "dry_run": True, **plan.to_dict()})
        return EXIT_OK
    if ask and not confirmed(f"Merge {plan.drop} into {plan.keep}?"):
        return EXIT_OK
    merged = api.apply_merge(plan, command=" ".join(["scaffold", *sys.argv[1:]]))
    if args.json:
        print_json({"ok": True, "dry_run": False, **merged.to_dict()})
    elif not args.quiet:
        undo = f" (run {merged.run}; scaffold undo puts it back)" if merged.run else ""
        links = plan.links
        print(f"merged {plan.drop} into {plan.keep}; {links} link{'' if links == 1 else 's'} "
              f"rewritten{undo}", file=sys.stderr)  # fmt: skip
    return EXIT_OK
