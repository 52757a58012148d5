"""The code stays lint-clean, formatted, and type-checked with mypy --strict.

These run the same tools a developer runs (configured in pyproject.toml), so a change that
breaks them fails the suite rather than waiting for a reviewer to notice. A tool that is not
installed skips its test on a developer's machine but fails it under CI (``CI`` set, as CI
services and ``.ci/run`` do): CI must never pass by not looking.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT

PATHS = ["scaffold", "tests", "benchmarks", "examples"]


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=PROJECT, capture_output=True, text=True, timeout=300)


def _under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _missing(name: str) -> None:
    reason = f"{name} is not installed (pip install -e '.[test]' brings it)"
    if _under_ci():
        pytest.fail(f"{reason}; under CI a missing linter fails the run", pytrace=False)
    pytest.skip(reason)


def _tool(name: str, venv: Path = PROJECT / ".venv") -> str:
    found = shutil.which(name, path=str(venv / "bin")) or shutil.which(name)
    if found is None:
        _missing(name)
    assert found is not None
    return found


def test_ruff_check() -> None:
    result = _run(_tool("ruff"), "check", *PATHS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    result = _run(_tool("ruff"), "format", "--check", *PATHS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict() -> None:
    if importlib.util.find_spec("mypy") is None:  # it runs as ``python -m mypy``
        _missing("mypy")
    result = _run(sys.executable, "-m", "mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_missing_linter_skips_here_and_fails_under_ci(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="not installed"):
        _tool("ruff", venv=tmp_path)
    for value in ("true", "1"):
        monkeypatch.setenv("CI", value)
        with pytest.raises(pytest.fail.Exception, match="under CI"):
            _tool("ruff", venv=tmp_path)
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        _tool("ruff", venv=tmp_path)
