"""pygls and lsprotocol are imported by scaffold/lsp/ alone, and only when `scaffold lsp` runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT, SEED


def test_only_the_lsp_package_imports_pygls() -> None:
    import ast

    offenders = []
    for path in sorted((PROJECT / "scaffold").rglob("*.py")):
        if path.parent.name == "lsp":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(n.split(".")[0] in ("pygls", "lsprotocol") for n in names):
                offenders.append(str(path.relative_to(PROJECT)))
    assert offenders == []


PROBE = """
import sys
from scaffold.cli.main import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(sorted({m.split('.')[0] for m in sys.modules} & {'pygls', 'lsprotocol'}), file=sys.stderr)
"""


def test_check_where_and_get_do_not_load_pygls() -> None:
    for args in (["check", str(SEED)], ["where", f"{SEED}:14"], ["get", str(SEED), "aliases"]):
        done = subprocess.run(
            [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60
        )
        assert done.stderr.strip().splitlines()[-1] == "[]", (args, done.stderr)


def test_lsp_without_its_extra_exits_1_with_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from scaffold.cli.main import main

    monkeypatch.delitem(sys.modules, "scaffold.lsp.server", raising=False)
    monkeypatch.setitem(sys.modules, "pygls", None)  # `import pygls` fails as if not installed
    monkeypatch.setitem(sys.modules, "pygls.lsp.server", None)
    monkeypatch.setitem(sys.modules, "lsprotocol", None)
    assert main(["lsp", "--vault", str(tmp_path), "--json"]) == 1
    out, err = capsys.readouterr()
    assert '"kind": "dependency"' in out
    assert "pip install 'scaffold[lsp]'" in err
