"""A named pipe and a link to ``/dev/zero`` in the vault hang or flood no command.

The vault holds ``pipe.md`` (a FIFO with no writer: opening it plainly blocks forever) and
``zero.md`` (a symlink to ``/dev/zero``: reading it plainly fills memory), linked to by name and
by ``#heading``. Every command runs in its own process (a hang must not hang the suite), must
finish within :data:`QUICK` seconds, and its peak memory (``ru_maxrss`` from ``wait4``) must stay
under :data:`MEMORY`. The language server's side is ``tests/lsp/test_devices.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or not os.path.exists("/dev/zero"),
    reason="needs mkfifo and /dev/zero",
)

QUICK = 20.0
MEMORY = 100 * 1024 * 1024
LINKS = "# Links\n\n[[zero]] [[zero#Top]] [[pipe]] [[pipe#Top]] [[Real#Top]]\n"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    (root / ".scaffold").mkdir(parents=True)
    (root / "folder").mkdir()
    (root / "Real.md").write_text("---\ntitle: Real\n---\n# Real\n\n## Top\n", "utf-8")
    (root / "folder" / "Links.md").write_text(LINKS, "utf-8")
    os.mkfifo(root / "pipe.md")
    (root / "zero.md").symlink_to("/dev/zero")
    os.mkfifo(root / "folder" / "pipe2.md")
    (root / "folder" / "zero2.md").symlink_to("/dev/zero")
    (root / "rows.csv").write_text("note,title\nReal,x\n", "utf-8")
    return root


# A fresh parent per command, so that its children's peak is that one command's peak.
_MEASURE = (
    "import resource, subprocess, sys; "
    "code = subprocess.call([sys.executable, '-m', 'scaffold', *sys.argv[1:]]); "
    "sys.stderr.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)); "
    "sys.exit(code)"
)


def _run(vault: Path, *argv: str, stdin: bytes = b"") -> tuple[int, str, int]:
    """Exit code, output and peak memory (bytes) of ``scaffold ARGV`` run in ``vault``."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *argv],
        cwd=vault,
        input=stdin,
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=QUICK,  # raises (and fails the test) on a hang
    )
    return (
        done.returncode,
        (done.stdout + done.stderr).decode(),
        int(done.stderr.split()[-1]) * 1024,
    )


COMMANDS = [
    ("check", "folder/Links.md"),
    ("check", "pipe.md"),
    ("check", "zero.md"),
    ("check", "folder"),
    ("check",),
    ("check", "--stdin", "--stdin-filename", "pipe.md"),
    ("check", "--stdin", "--stdin-filename", "zero.md"),
    ("get", "pipe", "title"),
    ("get", "zero.md", "title"),
    ("get", "[[zero#Top]]", "title"),
    ("update", "--where", "path:*", "--set", "title=y", "--dry-run"),
    ("update", "--from", "rows.csv", "--dry-run"),
    ("where", "zero.md", "1"),
]


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_no_command_hangs_or_floods_on_a_pipe_or_dev_zero(vault: Path, argv: tuple[str]) -> None:
    started = time.monotonic()
    code, out, peak = _run(vault, *argv, stdin=LINKS.encode())
    assert time.monotonic() - started < QUICK
    assert peak > 1 << 20  # measured
    assert "Traceback" not in out and "MemoryError" not in out, out
    assert code in (0, 1, 2, 3, 10), out
    assert peak < MEMORY, f"{peak / 2**20:.0f} MiB"
    if argv[:2] in (("check", "pipe.md"), ("check", "zero.md")):
        assert "F004" in out, out  # refused, and said so
    if argv[0] == "get":
        assert code == 3, out  # not a note file, or no note of that name
