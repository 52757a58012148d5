"""`scaffold set` with part of the write path taken away, for the race test.

    python tests/vault/variant_set.py VARIANT set NOTE ADDRESS VALUE

- ``unguarded``: the write as it was before the lost-update guard. The stale check before
  writing is kept (it ran then too); the write itself is the old ``write_atomic``: a
  temporary file, fsync, then a plain rename with no look at what it replaces. The race test
  runs its harness against this to prove that the harness can see a lost update at all.
- ``portable``: no atomic swap, as on a system without one: the commit falls back to checking
  through an open descriptor around a plain rename.
- ``portable-no-lease``: that, and no way to ask whether another program is still writing.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path


def unguarded_write_atomic(
    path: Path, data: bytes, *, expect: bytes | None = None, force: bool = False
) -> None:
    path = Path(os.path.realpath(path))
    mode = path.stat().st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _never(*args: object) -> bool:
    return False


def _unknown(fd: int) -> None:
    return None


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from scaffold.cli.main import main
    from scaffold.vault import _beside, _os, atomic, changes

    variant = sys.argv.pop(1)
    if variant == "unguarded":
        changes.write_atomic = unguarded_write_atomic  # type: ignore[assignment]
    elif variant.startswith("portable"):
        atomic.exchange = _never  # type: ignore[assignment]
        if variant == "portable-no-lease":
            _beside.writers_present = _unknown  # type: ignore[assignment]
            _os.writers_present = _unknown  # type: ignore[assignment]
    else:
        raise SystemExit(f"unknown variant {variant!r}")
    sys.exit(main(sys.argv[1:]))
