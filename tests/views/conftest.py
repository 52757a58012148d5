"""A small vault of typed notes for the view tests (``fixtures/vault``), copied per test."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pytest

from scaffold.cli.main import main

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    shutil.copytree(FIXTURES / "vault", root)
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the vault but scaffold's own (the journal), by relative path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".scaffold" not in p.relative_to(root).parts
    }


def runs(root: Path) -> list[str]:
    folder = root / ".scaffold" / "runs"
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def cli(*argv: str) -> tuple[int, str, str]:
    """Run ``scaffold ARGV`` in-process: the exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()
