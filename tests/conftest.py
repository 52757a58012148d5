"""Shared test plumbing: the real CLI in a subprocess, the seed note, the corpora location.

The third-party corpora live in ``shared/corpora`` beside the clone (CI always has them; a
newcomer's fresh clone does not). Where that folder is, and whether a ``corpus`` test runs or
skips, is decided here and nowhere else:

- ``SCAFFOLD_SHARED=/path/to/shared`` names it outright;
- otherwise ``../shared`` beside the repository;
- otherwise, in a ``git worktree``, ``../shared`` beside the main checkout.

Every test that reads the corpora is marked ``@pytest.mark.corpus`` and takes its paths from
``corpora_or_skip()``; when they are absent it skips with the reason, it never fails.
"""

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


def _main_checkout(project: Path) -> Path | None:
    """The main checkout of a ``git worktree`` (whose ``.git`` is a file naming its gitdir)."""
    try:
        head = (project / ".git").read_text(encoding="utf-8").strip()
    except OSError:
        return None  # not a worktree (``.git`` is a folder) or not a git checkout at all
    if not head.startswith("gitdir:"):
        return None
    gitdir = Path(head.removeprefix("gitdir:").strip())
    try:
        common = (gitdir / "commondir").read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return (gitdir / common).resolve().parent


def _find_shared() -> Path:
    named = os.environ.get("SCAFFOLD_SHARED")
    if named:
        return Path(named).expanduser()
    beside = PROJECT.parent / "shared"
    if beside.is_dir():
        return beside
    main = _main_checkout(PROJECT)
    if main is not None and (main.parent / "shared").is_dir():
        return main.parent / "shared"
    return beside


SHARED = _find_shared()
CORPORA = SHARED / "corpora"
CORPORA_MISSING = (
    f"third-party corpora not found at {CORPORA} "
    "(CI always has them; set SCAFFOLD_SHARED to a folder holding corpora/)"
)


def corpora_or_skip(*parts: str) -> Path:
    """The corpora directory (or a path inside it), or skip: a fresh clone does not have it."""
    path = CORPORA.joinpath(*parts)
    if not CORPORA.is_dir():
        pytest.skip(CORPORA_MISSING)
    if not path.exists():
        pytest.skip(f"{path} not found in the corpora (CI always has it)")
    return path


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A ``corpus`` test skips, with the reason, when the corpora are absent."""
    if item.get_closest_marker("corpus") is not None and not CORPORA.is_dir():
        pytest.skip(CORPORA_MISSING)


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
