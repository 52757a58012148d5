"""The ``scaffold templates list`` and ``scaffold templates show`` commands.

Thin, like every command module: the work is in :mod:`scaffold.types.library`, imported inside the
handlers so other commands never load Jinja2.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scaffold.cli import completion
from scaffold.cli.new import jsonable
from scaffold.cli.output import print_json

if TYPE_CHECKING:
    from scaffold.types.library import Library, TemplateType

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


def _library(args: argparse.Namespace) -> Library:
    from scaffold.types.library import Library
    from scaffold.vault.index import find_vault

    return Library(find_vault(Path.cwd(), args.vault))


def _origin(library: Library, ttype: TemplateType) -> str:
    if ttype.origin == "built-in":
        return "built-in"
    where = ttype.folder
    if library.vault is not None and where.is_relative_to(library.vault):
        where = where.relative_to(library.vault)
    extra = ", overrides built-in" if ttype.overrides else ""
    return f"vault{extra} ({where.as_posix()})"


def run_templates_list(args: argparse.Namespace) -> int:
    """Handle ``scaffold templates list``. A broken type is listed with its error, so one bad
    vault folder does not hide the others."""
    from scaffold.errors import TemplateError

    library = _library(args)
    entries: list[dict[str, object]] = []
    for name in library.names():
        try:
            ttype = library.get(name)
        except TemplateError as exc:
            entries.append(
                {"name": name, "origin": "?", "from": "?", "description": f"BROKEN: {exc}"}
            )
            continue
        entries.append(
            {
                "name": ttype.name,
                "origin": ttype.origin,
                "from": _origin(library, ttype),
                "overrides": ttype.overrides,
                "folder": str(ttype.folder),
                "description": ttype.spec.description,
            }
        )
    if args.json:
        print_json({"ok": True, "vault": str(library.vault), "types": entries})
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
    library = _library(args)
    ttype = library.get(args.type)
    chain = library.chain(ttype)
    spec = ttype.spec
    if args.json:
        print_json(
            {
                "ok": True,
                "name": ttype.name,
                "origin": ttype.origin,
                "overrides": ttype.overrides,
                "folder": str(ttype.folder),
                "description": spec.description,
                "path": spec.path,
                "link_back": spec.link_back,
                "sandboxed": library.sandboxed,
                "chain": [{"template": n, "origin": o, "file": str(p)} for n, o, p in chain],
                "questions": [_question_json(q) for q in spec.questions],
            }
        )
        return 0
    print(f"{ttype.name}: {spec.description}")
    print(f"  from:      {_origin(library, ttype)}  {ttype.folder}")
    print("  extends:   " + " -> ".join(f"{n} ({o})" for n, o, _ in chain))
    print(f"  path:      {spec.path}")
    print(
        f"  link-back: {'on' if spec.link_back else 'off'} by default (--link-back/--no-link-back)"
    )
    if library.sandboxed:
        print("  renders in Jinja2's sandbox (the vault has templates)")
    print("\nquestions (answer with --set NAME=VALUE):")
    for q in spec.questions:
        flags = ["required"] if q.required else []
        if not q.ask:
            flags.append("not asked")
        marks = f"  [{', '.join(flags)}]" if flags else ""
        label, help_text = q.prompt_texts({})  # answers not given show as their NAME
        print(f"  {q.name:<14} {q.type:<10} {label}{marks}")
        details = []
        if help_text:
            details.append(help_text)
        if q.default not in (None, "", []):
            details.append(f"default: {_show(q.default)}")
        if q.choices:
            details.append("choices: " + ", ".join(c.value for c in q.choices))
        if q.pattern:
            details.append(f"pattern: {q.pattern}")
        if q.min is not None or q.max is not None:
            low = "" if q.min is None else _show(q.min)
            high = "" if q.max is None else _show(q.max)
            details.append(f"range: {low}..{high}")
        if q.when is not True:
            details.append(f"when: {q.when}")
        if q.bind:
            details.append(f"bind: {q.bind}")
        if q.backlink:
            details.append(f"link-back relation: {q.backlink}")
        for detail in details:
            print(f"  {'':<14} {'':<10} {detail}")
    return 0


def _show(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "(empty)"
    return str(value)


def _question_json(q: Any) -> dict[str, object]:
    return {
        "name": q.name,
        "type": q.type,
        "label": q.prompt_label,
        "help": q.help,
        "default": jsonable(q.default),
        "required": q.required,
        "pattern": q.pattern,
        "min": q.min,
        "max": q.max,
        "choices": [{"value": c.value, "label": c.label} for c in q.choices],
        "when": q.when,
        "ask": q.ask,
        "bind": q.bind,
        "backlink": q.backlink,
    }
