"""The real server, driven over stdio by the MCP SDK's own client (mcp.client.stdio and
ClientSession): each test runs a script of calls against one server process."""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
from mcp import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

from tests.conftest import PROJECT

EXAMPLE_VAULT = PROJECT / "examples" / "vault"


def copy_vault(tmp_path: Path) -> Path:
    """A copy of examples/vault (it has a .scaffold/ marker) to edit."""
    vault = tmp_path / "vault"
    shutil.copytree(EXAMPLE_VAULT, vault)
    return vault


class Client:
    """One connected session; ``call`` returns a tool's structured result."""

    def __init__(self, session: ClientSession) -> None:
        self.session = session

    async def call(self, tool: str, **arguments: Any) -> dict[str, Any]:
        result = await self.session.call_tool(tool, arguments)
        data = result.structured_content
        if data is None:  # the SDK's own errors (an unknown tool) come as text only
            text = "".join(getattr(c, "text", "") for c in result.content)
            return {"ok": False, "sdk_error": text, "is_error": result.is_error}
        # The text content says the same, for clients that read only text.
        text = "".join(getattr(c, "text", "") for c in result.content)
        assert json.loads(text) == data
        assert bool(result.is_error) == (data.get("ok") is False and "error" in data)
        return dict(data)

    async def tools(self) -> list[str]:
        return [t.name for t in (await self.session.list_tools()).tools]


def run(
    script: Callable[[Client], Awaitable[None]],
    *args: str,
    vault: Path | None = None,
    cwd: Path | None = None,
) -> None:
    """Start ``scaffold mcp [--vault VAULT] ARGS`` and run ``script`` against it."""
    argv = ["-m", "scaffold", "mcp", *(["--vault", str(vault)] if vault else []), *args]
    env = {"PYTHONPATH": str(PROJECT), "SCAFFOLD_DEBUG": ""}
    params = StdioServerParameters(command=sys.executable, args=argv, env=env, cwd=cwd)

    async def main() -> None:
        with open(os.devnull, "w") as errlog:
            async with (
                stdio_client(params, errlog=errlog) as (read, write),
                ClientSession(read, write) as session,
            ):
                await session.initialize()
                await script(Client(session))

    anyio.run(main)
