"""The client set-ups in examples/agents/: each parses, has its client's documented shape,
and starts `scaffold mcp` with arguments the real parser accepts."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from scaffold.cli.main import build_parser
from tests.conftest import PROJECT

AGENTS = PROJECT / "examples" / "agents"

# (file, the key that holds the servers, whether "type": "stdio" is required)
RECIPES = [
    ("claude-desktop/claude_desktop_config.json", "mcpServers", False),
    ("claude-code/.mcp.json", "mcpServers", False),
    ("cursor/.cursor/mcp.json", "mcpServers", False),
    ("vscode/.vscode/mcp.json", "servers", True),
]


def _servers(relpath: str, key: str) -> dict[str, Any]:
    data = json.loads((AGENTS / relpath).read_text(encoding="utf-8"))
    assert isinstance(data, dict) and set(data) <= {key, "inputs"}, data
    servers = data[key]
    assert isinstance(servers, dict) and "scaffold" in servers
    return servers


@pytest.mark.parametrize(("relpath", "key", "typed"), RECIPES, ids=[r[0] for r in RECIPES])
def test_each_recipe_has_its_clients_shape(relpath: str, key: str, typed: bool) -> None:
    for name, server in _servers(relpath, key).items():
        assert set(server) <= {"type", "command", "args", "env"}, name
        assert server.get("type", "stdio") == "stdio"
        if typed:
            assert server["type"] == "stdio"
        assert Path(server["command"]).name == "scaffold"
        args = server["args"]
        assert isinstance(args, list) and all(isinstance(a, str) for a in args)
        assert args[0] == "mcp" and "--vault" in args
        parsed = build_parser().parse_args(args)  # the real parser takes them
        assert parsed.command == "mcp" and parsed.vault is not None


def test_vs_code_uses_servers_and_the_others_mcp_servers() -> None:
    texts = {rel: (AGENTS / rel).read_text(encoding="utf-8") for rel, _, _ in RECIPES}
    assert '"servers"' in texts["vscode/.vscode/mcp.json"]
    assert all('"mcpServers"' in t for rel, t in texts.items() if not rel.startswith("vscode"))


def test_the_read_only_entry_is_read_only() -> None:
    servers = _servers("claude-desktop/claude_desktop_config.json", "mcpServers")
    assert "--read-only" in servers["scaffold-read-only"]["args"]


def test_the_readmes_link_every_recipe_and_the_readme_block_is_one_of_them() -> None:
    guide = (AGENTS / "README.md").read_text(encoding="utf-8")
    for relpath, _, _ in RECIPES:
        assert f"]({relpath})" in guide
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    agents = readme.split("\n## Agents", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```json\n(.*?)```", agents, re.DOTALL)
    assert block is not None
    shown = json.loads(block.group(1))
    recipe = json.loads((AGENTS / "vscode/.vscode/mcp.json").read_text(encoding="utf-8"))
    assert shown == recipe
