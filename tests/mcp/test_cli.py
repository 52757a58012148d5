"""`scaffold mcp` on the command line: a vault is required, the SDK is imported by
scaffold/mcp/ alone and only when the server runs, and a missing SDK is a clear exit 1."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from scaffold.cli.main import main
from tests.conftest import PROJECT, SEED


def test_only_the_mcp_package_imports_the_sdk() -> None:
    offenders = []
    for path in sorted((PROJECT / "scaffold").rglob("*.py")):
        if path.parent.name == "mcp":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and node.level == 0
                else []
            )
            if any(n.split(".")[0] in ("mcp", "mcp_types") for n in names):
                offenders.append(str(path.relative_to(PROJECT)))
    assert offenders == []


PROBE = """
import sys
from scaffold.cli.main import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(sorted({m.split('.')[0] for m in sys.modules} & {'mcp', 'mcp_types', 'pydantic'}),
      file=sys.stderr)
"""


@pytest.mark.parametrize(
    "args", [["get", str(SEED), "aliases"], ["mcp", "--help"], ["check", str(SEED)]]
)
def test_other_commands_and_the_help_do_not_load_the_sdk(args: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60
    )
    assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr


def test_without_a_vault_it_refuses_to_serve_a_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # no .obsidian/ or .scaffold/ here or above
    assert main(["mcp", "--json"]) == 2
    out, err = capsys.readouterr()
    assert '"kind": "usage"' in out
    assert "no vault here" in err and "--vault" in err


def test_a_missing_vault_folder_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["mcp", "--vault", str(tmp_path / "nowhere")]) == 2


def test_a_missing_sdk_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delitem(sys.modules, "scaffold.mcp.server", raising=False)
    monkeypatch.setitem(sys.modules, "mcp", None)  # `import mcp` fails as if not installed
    monkeypatch.setitem(sys.modules, "mcp.server.mcpserver", None)
    assert main(["mcp", "--vault", str(tmp_path), "--json"]) == 1
    out, err = capsys.readouterr()
    assert '"kind": "dependency"' in out
    assert "pip install 'scaffold[mcp]'" in err
