"""``scaffold mcp``: the MCP server for AI agents (:mod:`scaffold.mcp`, imported only here)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from scaffold.errors import DependencyError

MCP_EPILOG = """\
examples:
  scaffold mcp --vault ~/Notes                 serve the vault to an MCP client over stdio
  scaffold mcp --vault ~/Notes --read-only     only the reading tools

Client set-ups (Claude Desktop, Claude Code, Cursor, VS Code): examples/agents/.
Needs: pip install 'scaffold[mcp]'.

exit codes: 0 the client hung up, 1 the mcp package is missing (or a bug),
2 usage error (no vault: pass --vault, or run inside a folder with .obsidian/ or .scaffold/)
"""


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``mcp`` to the ``scaffold`` parser."""
    p = sub.add_parser(
        "mcp",
        parents=[common],
        help="serve the vault to AI agents (Model Context Protocol over stdio)",
        description="Run scaffold's MCP server on standard input and output: outline, get, "
        "set, append, remove, delete, where, check, new, update/apply_plan, undo, runs and "
        "the types' fields, as tools; notes as scaffold://vault/PATH resources. Every write "
        "is verified, refused when the note changed meanwhile, and journalled (undo).",
        epilog=MCP_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--read-only", action="store_true", help="offer only the tools that read, never write"
    )
    p.set_defaults(run=run_mcp)


def run_mcp(args: argparse.Namespace) -> int:
    from scaffold.api import served_vault

    vault = served_vault(Path.cwd(), args.vault)
    try:
        from scaffold.mcp.server import serve
    except ImportError as exc:
        if not (exc.name or "").startswith(("mcp", "pydantic", "anyio")):
            raise
        raise DependencyError(
            f"scaffold mcp needs the MCP SDK, which is not installed ({exc.name})",
            hint="pip install 'scaffold[mcp]'",
        ) from None
    return serve(vault, read_only=args.read_only)
