"""`python3 examples/regenerate.py` with a Python that lacks scaffold's dependencies: it
deletes nothing, and says what to install instead of calling it a bug in scaffold."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.conftest import PROJECT


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Python with nothing installed: a fresh venv without pip or site-packages."""
    root = tmp_path_factory.mktemp("bare") / "venv"
    venv.create(root, with_pip=False, system_site_packages=False, symlinks=sys.platform != "win32")
    python = root / "bin" / "python"
    probe = subprocess.run([python, "-c", "import jinja2"], capture_output=True, timeout=60)
    if probe.returncode == 0:  # pragma: no cover - only if the base Python has it everywhere
        pytest.skip("the base interpreter provides jinja2 even to a bare venv")
    return python


def _checkout(tmp_path: Path) -> Path:
    """A copy of the parts of a clone that regenerate.py runs (a test must not risk the
    real examples)."""
    clone = tmp_path / "clone"
    for part in ("scaffold", "templates", "examples"):
        shutil.copytree(PROJECT / part, clone / part, ignore=shutil.ignore_patterns("__pycache__"))
    return clone


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_regenerate_without_the_dependencies_deletes_nothing(
    bare_python: Path, tmp_path: Path
) -> None:
    clone = _checkout(tmp_path)
    vault = clone / "examples" / "vault"
    before = _snapshot(vault)
    result = subprocess.run(
        [bare_python, clone / "examples" / "regenerate.py"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert _snapshot(vault) == before
    assert "nothing in" in result.stderr and "was changed" in result.stderr
    assert "needs the Python package 'ruamel.yaml'" in result.stderr
    assert "pip install" in result.stderr
    assert "a bug in scaffold" not in result.stderr


def test_a_missing_dependency_is_not_called_a_bug(bare_python: Path, tmp_path: Path) -> None:
    clone = _checkout(tmp_path)
    result = subprocess.run(
        [bare_python, "-m", "scaffold", "new", "product", "X", "--dry-run", "--json"],
        cwd=clone,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "bug" not in result.stderr
    error = json.loads(result.stdout)["error"]
    assert error["kind"] == "dependency"
    assert "pip install" in error["hint"]


def test_regenerate_rebuilds_the_vault_in_place(tmp_path: Path) -> None:
    clone = _checkout(tmp_path)
    vault = clone / "examples" / "vault"
    before = _snapshot(vault)
    (vault / "Llama.md").write_text("edited by hand\n", encoding="utf-8")
    (vault / "Stray.md").write_text("not made from an answer file\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, clone / "examples" / "regenerate.py"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert _snapshot(vault) == before
