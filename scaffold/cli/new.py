"""The ``scaffold new`` command.

Thin: argument parsing, printing and the terminal check live here; the work is in
:mod:`scaffold.generate.plan`, :mod:`scaffold.types.library` and
:mod:`scaffold.generate.prompts`, imported inside the handlers so other commands never load
Jinja2 or questionary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scaffold.cli.output import print_json
from scaffold.errors import UsageError, exit_codes_help

if TYPE_CHECKING:
    from scaffold.generate.plan import Plan

NEW_EPILOG = """\
examples:
  scaffold new product                        ask for each answer (in a terminal)
  scaffold new product Grok --set parent=xAI --set 'why=Users=**35M** monthly'
  scaffold new actor --answers meta.yaml --dry-run
  scaffold new product --answers llama.yaml --vault examples/vault --json
  echo '{"name": "Qwen", "parent": "Alibaba"}' | scaffold new product --answers -

answers:
  Each --set KEY=VALUE answers the question KEY (see 'scaffold templates show TYPE').
  Lists are comma-separated ('aliases=Meta Llama, LLaMA'); rows are NAME=VALUE pairs
  separated by ';' ('why=Downloads=1.2B+; License=Free'); yes/no take yes, no, true, false.
  --set wins over --answers, which wins over defaults. Without a terminal (or with
  --defaults or --json) nothing is asked: unanswered questions take their defaults, and a
  required answer that is still missing stops scaffold (exit 8) before anything is written.

where the note goes:
  The type's path pattern (usually NAME.md at the top of the vault). Names that would leave
  the vault or that Obsidian forbids ([ ] # ^ | \\ : * " < > ? /) are refused. An existing
  note, or another note already using the name or alias, stops scaffold (exit 9) unless
  --force. Writes are atomic. With link-back on, each linked note that exists in the vault
  gets '- [[NAME]] — RELATION' in its Related list; its other bytes are left untouched.
"""


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``new`` and ``templates`` to the ``scaffold`` subcommands."""
    fmt = argparse.RawDescriptionHelpFormatter
    new = sub.add_parser(
        "new",
        parents=[common],
        help="create a note from an entity-type template",
        description=(
            "Create a note of entity type TYPE (e.g. actor, product) in the house style. "
            "In a terminal, each question is asked with its default; otherwise answers come "
            "from --set and --answers, and defaults fill the rest."
        ),
        epilog=NEW_EPILOG + "\n" + exit_codes_help((0, 2, 3, 4, 7, 8, 9, 130)),
        formatter_class=fmt,
    )
    new.add_argument("type", metavar="TYPE", help="the entity type ('scaffold templates list')")
    new.add_argument(
        "name", metavar="NAME", nargs="?", help="the note's name (same as --set name=NAME)"
    )
    new.add_argument(
        "--set",
        dest="sets",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="answer the question KEY (repeatable)",
    )
    new.add_argument(
        "--answers",
        type=Path,
        metavar="FILE",
        help="a YAML or JSON mapping of answers ('-' reads standard input)",
    )
    new.add_argument(
        "--defaults",
        action="store_true",
        help="ask nothing: take the default for every unanswered question",
    )
    new.add_argument(
        "--dry-run",
        action="store_true",
        help="print the path and the note, and the link-backs; write nothing",
    )
    new.add_argument(
        "--force",
        action="store_true",
        help="overwrite an existing note, even if the name or an alias is taken",
    )
    new.add_argument(
        "--link-back",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="add the new note to linked notes' Related lists (default: the type decides)",
    )
    new.set_defaults(run=run_new)


# --- scaffold new ---------------------------------------------------------------------------


def run_new(args: argparse.Namespace) -> int:
    """Handle ``scaffold new``."""
    from scaffold.generate.plan import gather_answers, plan_note, write_plan
    from scaffold.types.library import Library
    from scaffold.vault.index import find_vault

    vault = find_vault(Path.cwd(), args.vault)
    library = Library(vault)
    ttype = library.get(args.type)
    given = _given_answers(args)
    interactive = not args.defaults and not args.json and sys.stdin.isatty() and sys.stdout.isatty()
    ask = None
    if interactive:
        ask = _terminal_asker(vault)
    answers = gather_answers(ttype, given, ask=ask)
    plan = plan_note(library, ttype, answers, vault, force=args.force, link_back=args.link_back)
    if args.dry_run:
        if args.json:
            print_json(_plan_json(plan, written=False, dry_run=True))
        else:
            _print_preview(plan, dry_run=True)
        return 0
    if interactive:
        _print_preview(plan, dry_run=False)
        if not _confirm(plan, answers):
            print("Nothing written.")
            return 0
    write_plan(plan)
    if args.json:
        print_json(_plan_json(plan, written=True, dry_run=False))
    else:
        verb = "replaced" if plan.replaces else "created"
        print(f"{verb} {plan.relpath}")
        for back in plan.link_backs:
            print(f"linked back from {back.path.relative_to(plan.vault).as_posix()}: {back.item}")
        for note in plan.notes:
            print(f"note: {note}")
    return 0


def _terminal_asker(vault: Path) -> Any:
    from functools import partial

    from scaffold.generate import prompts
    from scaffold.vault.index import VaultIndex

    return partial(prompts.ask, suggestions=VaultIndex.build(vault).names())


def _confirm(plan: Plan, answers: Mapping[str, object]) -> bool:
    from scaffold.generate import prompts
    from scaffold.types.questions import Question

    verb = "Overwrite" if plan.replaces else "Write"
    question = Question(name="confirm", type="bool", label=f"{verb} {plan.relpath}?")
    return bool(prompts.ask(question, True, answers))


def _given_answers(args: argparse.Namespace) -> dict[str, object]:
    given: dict[str, object] = {}
    if args.answers is not None:
        given.update(read_answers(args.answers))
    for item in args.sets:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UsageError(
                f"--set {item!r}: expected KEY=VALUE",
                hint="e.g. --set parent=Meta; 'scaffold templates show TYPE' lists the keys",
            )
        given[key] = value
    if args.name is not None:
        if "name" in given and given["name"] != args.name:
            raise UsageError(
                f"the name is given twice: {args.name!r} and {given['name']!r}",
                hint="give NAME or --set name=..., not both",
            )
        given["name"] = args.name
    return given


def read_answers(path: Path) -> dict[str, object]:
    """Read an answers file: a YAML or JSON mapping (``-`` is standard input)."""
    if str(path) == "-":
        text = sys.stdin.read()
        where = "<stdin>"
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(
                f"--answers {path}: cannot read it ({exc})",
                hint="give a YAML or JSON file mapping question names to answers",
            ) from None
        where = str(path)
    data: object
    if path.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise UsageError(
                f"not valid JSON: {exc.msg}", path=where, hint="check the answers file"
            ) from None
    else:
        from ruamel.yaml import YAML
        from ruamel.yaml.error import YAMLError

        try:
            data = YAML(typ="safe", pure=True).load(text)
        except YAMLError as exc:
            raise UsageError(
                f"not valid YAML: {getattr(exc, 'problem', exc)}",
                path=where,
                hint="check the answers file",
            ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UsageError(
            "an answers file must be a mapping of question names to answers",
            path=where,
            hint="e.g. name: Llama",
        )
    return {str(k): v for k, v in data.items()}


def _print_preview(plan: Plan, *, dry_run: bool) -> None:
    verb = "would create" if dry_run else "will create"
    if plan.replaces:
        verb = "would overwrite" if dry_run else "will overwrite"
    print(f"{verb} {plan.relpath} (vault: {plan.vault})")
    print("-" * 72)
    sys.stdout.write(plan.text)
    print("-" * 72)
    for back in plan.link_backs:
        rel = back.path.relative_to(plan.vault).as_posix()
        print(f"{'would add' if dry_run else 'will add'} to {rel}: {back.item}")
    for note in plan.notes:
        print(f"note: {note}")
    if dry_run:
        print("(dry run: nothing written)")


def jsonable(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list) and value and all(isinstance(v, tuple) for v in value):
        return {str(k): v for k, v in value}  # rows: NAME -> VALUE, as an answers file has it
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value


def _plan_json(plan: Plan, *, written: bool, dry_run: bool) -> dict[str, object]:
    data: dict[str, object] = {
        "ok": True,
        "type": plan.type_name,
        "path": plan.relpath,
        "absolute_path": str(plan.path),
        "vault": str(plan.vault),
        "written": written,
        "dry_run": dry_run,
        "replaced": plan.replaces and written,
        "answers": {k: jsonable(v) for k, v in plan.answers.items()},
        "link_backs": [
            {"path": b.path.relative_to(plan.vault).as_posix(), "item": b.item, "written": written}
            for b in plan.link_backs
        ],
        "notes": list(plan.notes),
    }
    if dry_run:
        data["content"] = plan.text
    return data
