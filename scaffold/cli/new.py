"""The ``scaffold new`` command.

Thin: argument parsing, printing and the terminal check live here; the work is in
:mod:`scaffold.generate.plan`, :mod:`scaffold.entities.library` and
:mod:`scaffold.generate.prompts`, imported inside the handlers so other commands never load
Jinja2 or questionary.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scaffold.cli import completion
from scaffold.cli.output import print_json
from scaffold.errors import UsageError, exit_codes_help

if TYPE_CHECKING:
    from scaffold.generate.facade import NotePlan

NEW_EPILOG = """\
examples:
  scaffold new product                        ask for each answer (in a terminal)
  scaffold new product --resume               go on from a run that did not finish
  scaffold new product Grok --set parent=xAI --set 'why=Users=**35M** monthly'
  scaffold new actor --answers meta.yaml --dry-run
  scaffold new product --answers llama.yaml --vault examples/vault --json
  echo '{"name": "Qwen", "parent": "Alibaba"}' | scaffold new product --answers -

answers:
  Each --set KEY=VALUE answers the question KEY (see 'scaffold templates show TYPE').
  Lists are comma-separated ('aliases=Meta Llama, LLaMA'); rows are NAME=VALUE pairs
  separated by ';' ('why=Downloads=1.2B+; License=Free'); a backslash keeps a ',', ';' or
  '=' as text ('aliases=Llama\\, the model'). yes/no take yes, no, true, false. A link to a
  vault note, typed in any case or by an alias, is written with the note's name.
  --set wins over --answers, which wins over defaults. Without a terminal (or with
  --defaults or --json) nothing is asked: unanswered questions take their defaults, and a
  required answer that is still missing stops scaffold (exit 8) before anything is written.

in a terminal:
  Each answer is checked where it is typed (the name against the vault too); Tab completes
  note names, aliases and tags. At the end you see the note and choose: write it, change
  an answer, or cancel. A run that is cancelled, fails or is interrupted keeps its answers
  in the vault's .scaffold/answers/TYPE.yaml; --resume (or --answers FILE) goes on from them.
  With standard output piped, the questions are asked on the terminal (/dev/tty).

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
    new.add_argument(
        "type", metavar="TYPE", help="the entity type ('scaffold templates list')"
    ).completer = completion.types
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
    ).completer = completion.set_keys
    new.add_argument(
        "--answers",
        type=Path,
        metavar="FILE",
        help="a YAML or JSON mapping of answers ('-' reads standard input)",
    )
    new.add_argument(
        "--resume",
        action="store_true",
        help="start from the answers kept by the last run of TYPE that did not finish",
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
    new.add_argument(
        "--no-render",
        action="store_true",
        help="leave the views that would show the new note as they are",
    )
    new.set_defaults(run=run_new)


# --- scaffold new ---------------------------------------------------------------------------


def run_new(args: argparse.Namespace) -> int:
    """Handle ``scaffold new``."""
    from scaffold.api import find_vault, note_writer
    from scaffold.generate.facade import ask_new, plan_new, write_new

    vault = find_vault(args.vault)
    writer = note_writer(
        vault, render=not args.no_render, command=" ".join(["scaffold", *sys.argv[1:]])
    )
    given = _given_answers(args, vault)
    not_asked = _why_not_asked(args)
    options = {"force": args.force, "link_back": args.link_back}
    plan: NotePlan | None
    if not_asked is None:
        plan = ask_new(vault, args.type, given, dry_run=args.dry_run, write=writer, **options)
        if plan is None:
            print("Nothing written.")
            return 0
    else:
        plan = plan_new(vault, args.type, given, not_asked=not_asked, **options)
    if args.dry_run:
        if args.json:
            print_json(_plan_json(plan, written=False, dry_run=True))
        else:
            _print_preview(plan, dry_run=True)
        return 0
    if not_asked is not None:  # the interactive run has written it after the confirmation
        write_new(plan, resumed=args.resume, write=writer)
    if args.json:
        print_json(_plan_json(plan, written=True, dry_run=False))
    else:
        verb = "replaced" if plan.replaces else "created"
        print(f"{verb} {plan.relpath}")
        for back in plan.link_backs:
            print(f"linked back from {back.path.relative_to(plan.vault).as_posix()}: {back.item}")
        for note in plan.notes:
            print(f"note: {note}")
        for path in writer.followed:
            print(f"{path}: views re-rendered")
        if writer.run:
            print(f"(run {writer.run}; undo with: scaffold undo {writer.run})")
    return 0


def _why_not_asked(args: argparse.Namespace) -> str | None:
    """None when a person can be asked; otherwise why not, said plainly for the hint."""
    if args.defaults:
        return "--defaults asks nothing"
    if args.json:
        return "--json asks nothing"
    if not sys.stdin.isatty():
        return "standard input is not a terminal, so nothing was asked"
    if sys.stdout.isatty():
        return None
    # `scaffold new product | cat`: ask on the controlling terminal, if there is one.
    try:
        os.close(os.open(os.ctermid(), os.O_RDWR | os.O_NOCTTY))
    except (OSError, AttributeError):  # AttributeError: no os.ctermid (Windows)
        return "there is no terminal to ask on (standard output is not one)"
    return None


def _given_answers(args: argparse.Namespace, vault: Path) -> dict[str, object]:
    given: dict[str, object] = {}
    if args.resume:
        from scaffold.generate.facade import kept_answers

        kept = kept_answers(vault, args.type)
        if not kept.is_file():
            raise UsageError(
                f"no answers kept for type {args.type!r} (looked for {kept})",
                hint="answers are kept when a run is cancelled, fails or is interrupted",
            )
        given.update(read_answers(kept))
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
        import json

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


def _print_preview(plan: NotePlan, *, dry_run: bool) -> None:
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


def _plan_json(plan: NotePlan, *, written: bool, dry_run: bool) -> dict[str, object]:
    from scaffold.generate.facade import plan_dict

    data = plan_dict(plan, written=written, dry_run=dry_run)
    return {"ok": True, **data, "absolute_path": str(plan.path), "vault": str(plan.vault)}
