"""The ``scaffold`` command line: a thin layer over the API that parses arguments, prints
results and turns errors into messages and exit codes. It holds no logic the API lacks."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from scaffold._version import __version__
from scaffold.cli import notes as cli_notes
from scaffold.cli.output import print_json
from scaffold.cli.parsing import Parser, say_error
from scaffold.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, ScaffoldError, exit_codes_help

EXIT_HELP = exit_codes_help()


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The ``scaffold`` parser. ``only`` names the one note command to build (``get``, ``set``,
    …): a run that gives one needs no other, and building them all is start-up time."""
    parser = Parser(
        prog="scaffold",
        description=(
            "Write and maintain Obsidian-style entity notes. Edits change one frontmatter\n"
            "value or one table cell and leave every other byte of the file as it was."
        ),
        epilog=f"{cli_notes.ADDRESS_HELP}\n{EXIT_HELP}\nRun 'scaffold COMMAND --help' for details.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"scaffold {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--vault",
        type=Path,
        metavar="DIR",
        help="the vault folder (default: nearest parent with .obsidian/ or .scaffold/, "
        "else the current folder)",
    )
    common.add_argument("--json", action="store_true", help="print machine-readable JSON")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    if only is not None:
        cli_notes.register(sub, common, EXIT_HELP, only=only)
        return parser
    from scaffold.cli import bulk as cli_bulk
    from scaffold.cli import check as cli_check
    from scaffold.cli import completion as cli_completion
    from scaffold.cli import lsp as cli_lsp
    from scaffold.cli import mcp as cli_mcp
    from scaffold.cli import metrics as cli_metrics
    from scaffold.cli import migrate as cli_migrate
    from scaffold.cli import new as cli_new
    from scaffold.cli import places as cli_places
    from scaffold.cli import refactor as cli_refactor
    from scaffold.cli import templates as cli_templates
    from scaffold.cli import views as cli_views

    cli_notes.register(sub, common, EXIT_HELP)
    cli_new.register(sub, common)
    cli_templates.register(sub, common)
    cli_bulk.register(sub, common)
    cli_migrate.register(sub, common)
    cli_views.register(sub, common)
    cli_refactor.register(sub, common)
    cli_check.register(sub, common)
    cli_places.register(sub, common)
    cli_lsp.register(sub, common)
    cli_completion.register(sub, common)
    cli_mcp.register(sub, common)
    cli_metrics.register(sub, common)
    return parser


# -- errors --------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (documented in ``scaffold --help``)."""
    given = list(sys.argv[1:] if argv is None else argv)
    completing = argv is None and "_ARGCOMPLETE" in os.environ
    first = given[0] if given else None
    parser = build_parser(first if first in cli_notes.COMMANDS and not completing else None)
    if completing:  # a shell asking for completions (scaffold completion SHELL) gets them
        from scaffold.cli.completion import complete

        complete(parser)
    args = parser.parse_args(given)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return int(args.run(args))
    except ScaffoldError as err:
        if getattr(args, "json", False):
            print_json({"ok": False, "error": err.to_dict()})
        if not (getattr(args, "filtered", False) and _stderr_is_stdout()):
            # (Vim's `:%!` sends stderr into the buffer too: there the exit code must do.)
            say_error(str(err), err.hint)
        return err.exit_code
    except KeyboardInterrupt:
        # Writes finish or do not start under a held Ctrl-C, so this list is the truth.
        from scaffold.api import written_so_far

        done = written_so_far()
        written = f"after writing {', '.join(map(str, done))}" if done else "nothing was written"
        say_error(f"interrupted; {written}")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: say so plainly, keep the traceback for debugging
        if os.environ.get("SCAFFOLD_DEBUG"):
            raise
        if isinstance(exc, ModuleNotFoundError) and _is_dependency(exc.name):
            message, hint = _missing_dependency(str(exc.name))
            if getattr(args, "json", False):
                error = {"kind": "dependency", "exit_code": EXIT_INTERNAL, "message": message}
                print_json({"ok": False, "error": {**error, "hint": hint}})
            say_error(message, hint)
            return EXIT_INTERNAL
        say_error(
            f"internal error: {type(exc).__name__}: {exc}",
            "this is a bug in scaffold; rerun with SCAFFOLD_DEBUG=1 for the traceback",
        )
        return EXIT_INTERNAL


def _stderr_is_stdout() -> bool:
    """Whether standard error is the very file standard output goes to (``>out 2>&1``),
    a terminal excepted."""
    try:
        out, err = os.fstat(1), os.fstat(2)
    except OSError:
        return False
    same = (out.st_dev, out.st_ino) == (err.st_dev, err.st_ino)
    return same and not sys.stderr.isatty()


# Import names of scaffold's dependencies whose package has another name on PyPI.
_PACKAGES = {"ruamel": "ruamel.yaml", "prompt_toolkit": "prompt-toolkit"}


def _is_dependency(module: str | None) -> bool:
    # A module of scaffold's own that is missing is a packaging bug, reported as one.
    return bool(module) and str(module).partition(".")[0] != "scaffold"


def _missing_dependency(module: str) -> tuple[str, str]:
    """The error and hint for a dependency this Python cannot import: not a bug in scaffold,
    but an interpreter it was not installed into."""
    top = module.partition(".")[0]
    package = _PACKAGES.get(top, top)
    return (
        f"scaffold needs the Python package {package!r}, which {sys.executable} cannot import",
        "run scaffold from the environment it was installed into (e.g. .venv/bin/scaffold), "
        "or install it there: python3 -m venv .venv && .venv/bin/pip install -e . "
        f"(or just: pip install {package})",
    )
