"""Shared test plumbing: the real CLI (in this process or in a subprocess), the seed note, the
corpora location.

Two ways to run the CLI, both returning a ``subprocess.CompletedProcess[str]`` (exit code,
stdout, stderr) with no terminal attached and ``NO_COLOR=1``:

- ``run_main(*args, cwd=, input=)`` calls ``scaffold.cli.main.main(argv)`` in this process,
  as mdformat's tests do: the real parser, commands and files, without a Python start-up per
  call. Use it by default.
- ``run_cli(*args, cwd=, input=)`` starts ``python -m scaffold``: for what only a process
  shows (start-up time, lazy imports, signals, a hang that needs a timeout, a pty, filter
  mode through real file descriptors).

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

import contextlib
import io
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

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


_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@contextlib.contextmanager
def _fd_captured(fd: int) -> Iterator[IO[bytes]]:
    """Point file descriptor ``fd`` at a temporary file for the block (as a child process
    gets its own pipe), so a write to the descriptor itself is kept and stdout and stderr are
    never one file."""
    with tempfile.TemporaryFile() as sink:
        saved = os.dup(fd)
        try:
            os.dup2(sink.fileno(), fd)
            yield sink
        finally:
            os.dup2(saved, fd)
            os.close(saved)


def run_main(
    *args: str | Path, cwd: Path | None = None, input: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real ``scaffold`` CLI in this process, ``main(argv)``, as :func:`run_cli` runs it
    in a subprocess: its own working folder, standard streams and ``sys.argv``, ``NO_COLOR=1``
    and no ``SCAFFOLD_DEBUG``; everything is put back afterwards."""
    from scaffold.cli.main import main
    from scaffold.vault import atomic

    argv = [str(a) for a in args]
    out, err = io.BytesIO(), io.BytesIO()
    stdin = io.TextIOWrapper(io.BytesIO(input or b""), encoding="utf-8")
    stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    stderr = io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace", write_through=True)
    saved_env = dict(os.environ)
    saved_streams = (sys.stdin, sys.stdout, sys.stderr, sys.argv)
    saved_handlers = {sig: signal.getsignal(sig) for sig in _SIGNALS}
    saved_written = list(atomic._written)  # "what this process wrote" starts empty, as in a child
    here = os.getcwd()
    code: int | str | None
    with _fd_captured(1) as fd_out, _fd_captured(2) as fd_err:
        try:
            os.environ["NO_COLOR"] = "1"
            os.environ.pop("SCAFFOLD_DEBUG", None)
            atomic._written.clear()
            if cwd is not None:
                os.chdir(cwd)
            sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
            sys.argv = ["scaffold", *argv]
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse: --help, --version, a usage error
                code = exc.code
            if isinstance(code, str):
                print(code, file=sys.stderr)
                code = 1
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            sys.stdin, sys.stdout, sys.stderr, sys.argv = saved_streams
            os.chdir(here)
            os.environ.clear()
            os.environ.update(saved_env)
            for sig, handler in saved_handlers.items():
                signal.signal(sig, handler)
            atomic._written[:] = saved_written
        fd_out.seek(0)
        fd_err.seek(0)
        raw_out = out.getvalue() + fd_out.read()
        raw_err = err.getvalue() + fd_err.read()
    return subprocess.CompletedProcess(
        ["scaffold", *argv],
        0 if code is None else int(code),
        raw_out.decode("utf-8", errors="replace"),
        raw_err.decode("utf-8", errors="replace"),
    )


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    """A private copy of the reference note, in a folder marked as a vault."""
    (tmp_path / ".scaffold").mkdir()
    path = tmp_path / "Llama.md"
    path.write_bytes(SEED.read_bytes())
    return path
