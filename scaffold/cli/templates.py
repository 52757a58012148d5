"""The ``scaffold templates list`` and ``scaffold templates show`` commands.

Thin, like every command module: the work is in :mod:`scaffold.entities.catalog` (through the
api), imported inside the handlers so other commands never load Jinja2.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from scaffold.cli import completion
from scaffold.cli.output import print_json

TEMPLATES_EPILOG = """\
examples:
  scaffold templates list
  scaffold templates show product
  scaffold templates show country --vault examples/vault --json

A vault adds or overrides types in .scaffold/templates/TYPE/ (note.md.j2 + questions.yaml).
See docs/templates.md for the template and question-file reference.
"""


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``templates list`` and ``templates show`` to the ``scaffold`` parser."""
    fmt = argparse.RawDescriptionHelpFormatter
    templates = sub.add_parser(
        "templates",
        help="list the entity types, or show one",
        description="List the entity types available in the vault, or show one type's "
        "questions and the chain of templates it extends.",
        epilog=TEMPLATES_EPILOG,
        formatter_class=fmt,
    )
    tsub = templates.add_subparsers(
        dest="templates_command", metavar="COMMAND", required=True, parser_class=type(templates)
    )
    listing = tsub.add_parser(
        "list",
        parents=[common],
        help="each type and where it comes from (built-in or vault)",
        description="List each entity type, where it comes from and what it is for.",
        epilog=TEMPLATES_EPILOG,
        formatter_class=fmt,
    )
    listing.set_defaults(run=run_templates_list)
    show = tsub.add_parser(
        "show",
        parents=[common],
        help="a type's questions and template chain",
        description="Show a type's questions (type, default, validation, when, bind) and the "
        "chain of templates it extends.",
        epilog=TEMPLATES_EPILOG,
        formatter_class=fmt,
    )
    show.add_argument("type", metavar="TYPE", help="the entity type").completer = completion.types
    show.set_defaults(run=run_templates_show)


def run_templates_list(args: argparse.Namespace) -> int:
    """Handle ``scaffold templates list``. A broken type is listed with its error, so one bad
    vault folder does not hide the others."""
    from scaffold.api import find_vault, type_list

    vault = find_vault(args.vault)
    entries = type_list(vault)
    if args.json:
        print_json({"ok": True, "vault": str(vault), "types": entries})
        return 0
    rows = [(str(e["name"]), str(e["from"]), str(e["description"])) for e in entries]
    w1 = max([4, *(len(r[0]) for r in rows)])
    w2 = max([4, *(len(r[1]) for r in rows)])
    print(f"{'TYPE':<{w1}}  {'FROM':<{w2}}  DESCRIPTION")
    for name, origin, description in rows:
        print(f"{name:<{w1}}  {origin:<{w2}}  {description}")
    return 0


def run_templates_show(args: argparse.Namespace) -> int:
    """Handle ``scaffold templates show TYPE``."""
    from scaffold.api import describe_type, describe_type_text, find_vault

    vault = find_vault(args.vault)
    if args.json:
        print_json({"ok": True, **describe_type(vault, args.type)})
    else:
        sys.stdout.write(describe_type_text(vault, args.type))
    return 0
