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
    from scaffold.vault.index import find_vault

    return find_vault(Path.cwd(), getattr(parsed, "vault", None))


def notes(prefix: str, parsed_args: argparse.Namespace, **_: Any) -> list[str]:
    """NOTE: the vault's note names and aliases, or paths once the prefix looks like one."""
    if "/" in prefix or prefix.startswith("."):
        import argcomplete.completers

        return list(argcomplete.completers.FilesCompleter(("md",))(prefix))
    from scaffold.vault.index import VaultIndex

    index = VaultIndex.build(_vault(parsed_args))
    names = index.names() + sorted(set(index.alias_text.values()))
    return _matching(prefix, names)


def types(prefix: str, parsed_args: argparse.Namespace, **_: Any) -> list[str]:
    """TYPE: the entity types of the vault and the built-in ones."""
    from scaffold.types.library import Library

    return _matching(prefix, Library(_vault(parsed_args)).names())


def addresses(prefix: str, parsed_args: argparse.Namespace, **_: Any) -> list[str]:
    """ADDRESS: the note's frontmatter keys and ``Section >`` names; after ``Section >``, the
    rows of that section's table."""
    from scaffold.errors import ScaffoldError

    try:
        note = _note(parsed_args)
    except ScaffoldError:
        return []
    if ">" in prefix:
        return _matching(prefix, _rows(note, prefix.rsplit(">", 1)[0]))
    keys = [str(k) for k in note.data] if isinstance(note.data, dict) else []
    sections = [f"{s.heading.name} >" for s in note.body.sections if s.heading and s.tables]
    return _matching(prefix, keys + sections)


def set_keys(prefix: str, parsed_args: argparse.Namespace, **_: Any) -> list[str]:
    """``new --set``: ``KEY=`` for each question of the type."""
    from scaffold.errors import ScaffoldError
    from scaffold.types.library import Library

    try:
        ttype = Library(_vault(parsed_args)).get(str(parsed_args.type))
    except ScaffoldError:
        return []
    return _matching(prefix, [f"{q.name}=" for q in ttype.spec.questions])


def _note(parsed: argparse.Namespace) -> Any:
    from scaffold.vault.files import read_note
    from scaffold.vault.index import resolve_note

    return read_note(resolve_note(str(parsed.note), vault=_vault(parsed)))


def _rows(note: Any, section: str) -> list[str]:
    from scaffold.errors import ScaffoldError
    from scaffold.note import address as addr
    from scaffold.note.inline import strip_markup

    try:
        found = addr.first_table(addr.find_section(note.body, note.lines, section.strip()))
    except ScaffoldError:
        return []
    head = section.strip()
    return [f"{head} > {strip_markup(r.cells[0].text)}" for r in found.rows if r.cells]


def _matching(prefix: str, candidates: list[str]) -> list[str]:
    # Case-insensitive, as note names resolve: "ll" offers "Llama".
    folded = prefix.casefold()
    return [c for c in candidates if c.casefold().startswith(folded)]
