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

    sys.stdout.write(shellcode(["scaffold"], shell=args.shell))
    return 0


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


def _matching(prefix: str, candidates: list[str]) -> list[str]:
    # Case-insensitive, as note names resolve: "ll" offers "Llama".
    folded = prefix.casefold()
    return [c for c in candidates if c.casefold().startswith(folded)]
