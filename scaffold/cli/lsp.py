"""``scaffold lsp``: the language server on standard input and output (:mod:`scaffold.lsp`,
imported only when the command runs, and only with the ``lsp`` extra installed)."""

from __future__ import annotations

import argparse
from typing import Any

from scaffold.errors import DependencyError


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``lsp`` to the ``scaffold`` parser."""
    fmt = argparse.RawDescriptionHelpFormatter
    p = sub.add_parser(
        "lsp",
        parents=[common],
        help="run the language server on standard input and output",
        description="Run scaffold's language server (LSP over stdio): diagnostics, hovers, "
        "[[ completion, go to definition, quick fixes. Needs: pip install 'scaffold[lsp]'.",
        epilog="editor set-ups: examples/editors/\n",
        formatter_class=fmt,
    )
    p.set_defaults(run=run_lsp)


def run_lsp(args: argparse.Namespace) -> int:
    try:
        from scaffold.lsp.server import serve
    except ImportError as exc:
        if exc.name not in ("pygls", "lsprotocol", "cattrs"):
            raise
        raise DependencyError(
            f"the language server needs pygls, which is not installed ({exc.name})",
            hint="pip install 'scaffold[lsp]'",
        ) from None
    return serve(args.vault)
