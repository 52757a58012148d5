"""Shell completion for bash, zsh and fish, through argcomplete.

``scaffold completion SHELL`` prints the script a shell sources once; from then on each Tab
runs ``scaffold`` with argcomplete's environment variables set, and :func:`complete` answers
from the same parser the command runs with: commands, flags and their choices, plus what only
the vault knows (note names and aliases, entity types, a note's keys and sections, a type's
question names for ``--set``). argcomplete is imported only while completing, so an ordinary
run pays nothing for it.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

SHELLS = ("bash", "zsh", "fish")

COMPLETION_HELP = """\
Print the script that makes your shell complete scaffold's commands, flags, note names,
entity types and addresses. Load it once per shell, e.g. in ~/.bashrc, ~/.zshrc or fish's
config.fish:

  bash:  eval "$(scaffold completion bash)"
  zsh:   eval "$(scaffold completion zsh)"      (after compinit)
  fish:  scaffold completion fish | source
"""


def complete(parser: argparse.ArgumentParser) -> None:
    """When the shell asks for completions (``_ARGCOMPLETE`` is set), answer and exit."""
    if "_ARGCOMPLETE" not in os.environ:
        return
    import argcomplete

    argcomplete.autocomplete(
        parser,
        always_complete_options="long",
        validator=lambda completion, prefix: completion.casefold().startswith(prefix.casefold()),
    )


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``scaffold completion SHELL``."""
    p = sub.add_parser(
        "completion",
        help="print the shell completion script for bash, zsh or fish",
        description=COMPLETION_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("shell", metavar="SHELL", choices=SHELLS, help="bash, zsh or fish")
    p.set_defaults(run=_run_completion)


def _run_completion(args: argparse.Namespace) -> int:
    import sys

    from argcomplete.shell_integration import shellcode

    sys.stdout.write(_keep_word_open(shellcode(["scaffold"], shell=args.shell), args.shell))
    return 0


def _keep_word_open(script: str, shell: str) -> str:
    """argcomplete's script, with ``>`` among the characters after which the shell does not
    end the word: a section (``'Quick stats >'``) is completed so that its row can follow."""
    if shell == "bash":
        return script.replace('"${COMPREPLY-}" =~ [=/:]$', '"${COMPREPLY-}" =~ [=/:\\>]$')
    if shell == "zsh":
        return script.replace('"${match[1]}" =~ [=/:]', '"${match[1]}" =~ [=/:\\>]')
    return script


# -- completers: what only the vault knows ---------------------------------------------------


def _vault(parsed: argparse.Namespace) -> Path:
    from scaffold.api import find_vault

    return find_vault(getattr(parsed, "vault", None))


def notes(prefix: str, parsed_args: argparse.Namespace, **_: Any) -> list[str]:
    """NOTE: the vault's note names and aliases, or paths once the prefix looks like one."""
    if "/" in prefix or prefix.startswith("."):
        import argcomplete.completers

        return list(argcomplete.completers.FilesCompleter(("md",))(prefix))
    from scaffold.api import note_names

    return _matching(prefix, note_names(_vault(parsed_args)))


def types(prefix: str, parsed_args: argparse.Namespace, **_: Any) -> list[str]:
    """TYPE: the entity types of the vault and the built-in ones."""
    from scaffold.api import type_names

    return _matching(prefix, type_names(_vault(parsed_args)))


def addresses(prefix: str, parsed_args: argparse.Namespace, **_: Any) -> list[str]:
    """ADDRESS: the note's frontmatter keys and ``Section >`` names; after ``Section >``, the
    rows of that section's table."""
    from scaffold.api import address_candidates
    from scaffold.errors import ScaffoldError

    try:
        vault = _vault(parsed_args)
    except ScaffoldError:
        return []
    return _matching(prefix, address_candidates(vault, str(parsed_args.note), prefix))


def set_keys(prefix: str, parsed_args: argparse.Namespace, **_: Any) -> list[str]:
    """``new --set``: ``KEY=`` for each question of the type."""
    from scaffold.api import question_names
    from scaffold.errors import ScaffoldError

    try:
        vault = _vault(parsed_args)
    except ScaffoldError:
        return []
    return _matching(prefix, [f"{q}=" for q in question_names(vault, str(parsed_args.type))])


def rule_codes(prefix: str, **_: Any) -> list[str]:
    """``check --select`` and ``--ignore``: rule codes, after the last comma of the list."""
    from scaffold.check.facade import rule_list

    head, comma, last = prefix.rpartition(",")
    codes = [str(r["code"]) for r in rule_list()]
    return [head + comma + c for c in _matching(last, codes)]


def run_ids(prefix: str, parsed_args: argparse.Namespace, **_: Any) -> list[str]:
    """``undo`` and ``redo`` RUN: the recorded runs, newest first."""
    from scaffold.api import runs
    from scaffold.errors import ScaffoldError

    try:
        return _matching(prefix, [str(r["id"]) for r in runs(_vault(parsed_args))])
    except ScaffoldError:
        return []


def _type_of(parsed: argparse.Namespace) -> str | None:
    """The type a bulk command works on: ``--type``, else a ``--where type:NAME``."""
    given = getattr(parsed, "default_type", None)
    if given:
        return str(given)
    for expr in getattr(parsed, "where", None) or ():
        key, sep, value = str(expr).partition(":")
        if sep and key.strip() == "type" and value.strip():
            return value.strip()
    return None


def _fields(parsed: argparse.Namespace) -> list[str]:
    from scaffold.api import field_names
    from scaffold.errors import ScaffoldError

    try:
        return field_names(_vault(parsed), _type_of(parsed))
    except ScaffoldError:
        return []


def field_targets(prefix: str, parsed_args: argparse.Namespace, **_: Any) -> list[str]:
    """``export TARGET``: the fields of the selected type (or of every type)."""
    return _matching(prefix, _fields(parsed_args))


def field_sets(prefix: str, parsed_args: argparse.Namespace, **_: Any) -> list[str]:
    """``update --set``: ``FIELD=`` for each field of the selected type (or of every type)."""
    return _matching(prefix, [f"{f}=" for f in _fields(parsed_args)])


def _matching(prefix: str, candidates: list[str]) -> list[str]:
    # Case-insensitive, as note names resolve: "ll" offers "Llama".
    folded = prefix.casefold()
    return [c for c in candidates if c.casefold().startswith(folded)]
