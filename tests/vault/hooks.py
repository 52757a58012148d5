"""Run the real CLI with a hook that stages what cannot be timed from outside: another
program saving between scaffold's read and its write, or Ctrl-C right after the write.

The hook is a ``sitecustomize`` module on the child's ``PYTHONPATH``: Python imports it at
start-up, before scaffold runs, and it wraps a function of the write path.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_cli_with_hook(
    folder: Path, hook: str, *args: str | Path
) -> subprocess.CompletedProcess[str]:
    """Run ``scaffold ARGS`` with ``hook`` (Python source) imported at start-up."""
    site = folder / "hook"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(hook)
    path = os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "scaffold", *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": path, "NO_COLOR": "1"},
        timeout=60,
    )


def wrap_write(before: str = "", after: str = "") -> str:
    """A hook running ``before`` and ``after`` (Python statements; ``path`` is the note)
    around each write of the change-set path."""
    return (
        "import scaffold.vault.changes as c\n"
        "real = c.write_atomic\n"
        "def hooked(path, data, **kw):\n"
        f"    {before or 'pass'}\n"
        "    real(path, data, **kw)\n"
        f"    {after or 'pass'}\n"
        "c.write_atomic = hooked\n"
    )
