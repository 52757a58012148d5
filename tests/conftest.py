"""Shared test plumbing: the real CLI in a subprocess, the seed note, the corpora location."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# No timing limits in tests (the machines are shared and noisy): a Hypothesis deadline is one.
settings.register_profile("scaffold", deadline=None)
settings.load_profile("scaffold")

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
SEED = FIXTURES / "Llama.md"
PROJECT = HERE.parent
CORPORA = PROJECT.parent / "shared" / "corpora"


def corpora_or_skip() -> Path:
    """The third-party corpora directory, or skip: a user's clone does not have it."""
    if not CORPORA.is_dir():
        pytest.skip(f"third-party corpora not found at {CORPORA} (CI always has them)")
    return CORPORA


def run_cli(
    *args: str | Path, cwd: Path | None = None, input: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real ``scaffold`` CLI as a user would, with no terminal attached."""
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("SCAFFOLD_DEBUG", None)
    proc = subprocess.run(
        [sys.executable, "-m", "scaffold", *map(str, args)],
        cwd=cwd,
        input=input if input is not None else b"",
        capture_output=True,
        env=env,
        timeout=60,
    )
    return subprocess.CompletedProcess(
        proc.args,
        proc.returncode,
        proc.stdout.decode("utf-8", errors="replace"),
        proc.stderr.decode("utf-8", errors="replace"),
    )


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    """A private copy of the reference note, in a folder marked as a vault."""
    (tmp_path / ".scaffold").mkdir()
    path = tmp_path / "Llama.md"
    path.write_bytes(SEED.read_bytes())
    return path
