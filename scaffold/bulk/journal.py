"""The undo journal: what a bulk run is about to change, recorded before its first write.

Each run that writes gets a folder ``.scaffold/runs/RUN/`` in the vault:

- ``run.json``: the run's name, command, times, counts and state;
- ``journal.jsonl``: one line per note the run changes: its path, its old text (the exact old
  bytes, decoded as UTF-8, which every note is) and the SHA-256 of its old and new bytes;
- ``staged.jsonl``: the new text of the same notes, read back by the write phase so the plan
  does not have to sit in memory; removed when the run is done.

States: ``recording`` (planning; nothing written yet) → ``writing`` → ``done``, and
``undoing`` → ``undone`` for ``scaffold undo``. A run found in ``writing`` or ``undoing`` while
no process holds the vault's run lock was interrupted: ``scaffold undo`` rolls it back.

Pruning: when a run finishes, only the :data:`KEEP` newest finished runs are kept; older
ones are deleted. A run that was interrupted is never pruned.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import secrets
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from scaffold.errors import InterruptedRunError, UsageError
from scaffold.vault._beside import fsync_dir, write_json

RUNS = Path(".scaffold") / "runs"
KEEP = 20
"""How many finished runs ``prune`` keeps (the newest)."""

RECORDING, WRITING, DONE, UNDOING, UNDONE = "recording", "writing", "done", "undoing", "undone"
LIVE_STATES = (RECORDING, WRITING, UNDOING)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def runs_dir(vault: Path) -> Path:
    return vault / RUNS


@dataclass(frozen=True, slots=True)
class RunInfo:
    """One recorded run, as ``scaffold runs`` lists it."""

    id: str
    folder: Path
    meta: dict[str, Any]

    @property
    def state(self) -> str:
        return str(self.meta.get("state", ""))

    @property
    def interrupted(self) -> bool:
        """Stopped part-way (only meaningful while holding the run lock)."""
        return self.state in (WRITING, UNDOING)

    def to_dict(self) -> dict[str, Any]:
        return {**self.meta, "interrupted": self.interrupted}


@dataclass(frozen=True, slots=True)
class Entry:
    """One note in a run's journal."""

    path: str
    old: bytes
    old_sha256: str
    new_sha256: str


class RunLock:
    """One bulk run at a time per vault: an exclusive ``flock`` on ``.scaffold/runs/lock``.

    The kernel drops the lock when its process dies, however it dies, which is how an
    interrupted run is told from one still going.
    """

    def __init__(self, vault: Path) -> None:
        self.path = runs_dir(vault) / "lock"
        self._handle: IO[bytes] | None = None

    def __enter__(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("ab")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise UsageError(
                "another scaffold update or undo is running in this vault",
                path=self.path,
                hint="wait for it to finish, then run the command again",
            ) from None
        self._handle = handle
        return self

    def __exit__(self, *exc: object) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle.fileno(), fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None


def new_run_id() -> str:
    now = dt.datetime.now(dt.UTC)
    return f"{now:%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"


def entry_lines(path: str, old: bytes, new: bytes) -> tuple[str, str]:
    """The journal line and the staging line of one note (made where the note is planned,
    so that the process recording the run only appends them)."""
    entry = {
        "path": path,
        "old_sha256": digest(old),
        "new_sha256": digest(new),
        "old": old.decode("utf-8"),
    }
    staged = {"path": path, "new": new.decode("utf-8")}
    return (
        json.dumps(entry, ensure_ascii=False) + "\n",
        json.dumps(staged, ensure_ascii=False) + "\n",
    )


class Recorder:
    """Records one run's journal while it is planned; created on the first changed note."""

    def __init__(self, vault: Path, command: str) -> None:
        self.vault = vault
        self.id = new_run_id()
        self.folder = runs_dir(vault) / self.id
        self.folder.mkdir(parents=True)
        self.meta: dict[str, Any] = {
            "id": self.id,
            "command": command,
            "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "state": RECORDING,
            "pid": os.getpid(),
            "notes": 0,
            "started_ns": time.time_ns(),
        }
        write_json(self.folder / "run.json", self.meta)
        self._journal = (self.folder / "journal.jsonl").open("w", encoding="utf-8")
        self._staged = (self.folder / "staged.jsonl").open("w", encoding="utf-8")
        self.count = 0

    def add(self, lines: tuple[str, str]) -> None:
        """Record one note, as :func:`entry_lines` gave it."""
        self._journal.write(lines[0])
        self._staged.write(lines[1])
        self.count += 1

    def seal(self) -> None:
        """Make the journal durable and mark the run as writing: called before the first write."""
        for handle in (self._journal, self._staged):
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
        self.set(state=WRITING, notes=self.count)
        fsync_dir(self.folder)

    def set(self, **values: Any) -> None:
        self.meta.update(values)
        write_json(self.folder / "run.json", self.meta)

    def staged(self) -> Iterator[tuple[str, bytes, bytes]]:
        """``(path, old, new)`` for every recorded note, in the order recorded."""
        with (
            (self.folder / "journal.jsonl").open(encoding="utf-8") as journal,
            (self.folder / "staged.jsonl").open(encoding="utf-8") as staged,
        ):
            for old_line, new_line in zip(journal, staged, strict=True):
                old, new = json.loads(old_line), json.loads(new_line)
                yield old["path"], old["old"].encode("utf-8"), new["new"].encode("utf-8")

    def finish(self, **counts: Any) -> None:
        with contextlib.suppress(FileNotFoundError):
            (self.folder / "staged.jsonl").unlink()
        self.set(state=DONE, finished=_now(), **counts)

    def discard(self) -> None:
        """Nothing was written (declined, stopped before writing): forget the run."""
        for handle in (self._journal, self._staged):
            handle.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


# -- reading runs ---------------------------------------------------------------------------


def list_runs(vault: Path) -> list[RunInfo]:
    """Every recorded run, newest first."""
    folder = runs_dir(vault)
    if not folder.is_dir():
        return []
    found: list[RunInfo] = []
    for child in sorted(folder.iterdir(), reverse=True):
        meta_file = child / "run.json"
        if not child.is_dir() or not meta_file.is_file():
            continue
        try:
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        found.append(RunInfo(child.name, child, meta))
    # Newest first; two runs started in the same second are told apart by their start time.
    found.sort(key=lambda r: (int(r.meta.get("started_ns", 0)), r.id), reverse=True)
    return found


def find_run(vault: Path, name: str | None) -> RunInfo:
    """The run called ``name`` (a unique prefix will do), or the newest one."""
    runs = list_runs(vault)
    if not runs:
        raise UsageError(
            f"no bulk runs are recorded in {vault}",
            hint="scaffold update records one each time it writes",
        )
    if name is None:
        return runs[0]
    hits = [r for r in runs if r.id == name] or [r for r in runs if r.id.startswith(name)]
    if len(hits) == 1:
        return hits[0]
    listing = ", ".join(r.id for r in runs[:5])
    what = "is ambiguous" if hits else "matches no run"
    raise UsageError(f"run {name!r} {what}", hint=f"recent runs: {listing} (scaffold runs)")


def entries(run: RunInfo) -> Iterator[Entry]:
    path = run.folder / "journal.jsonl"
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.endswith("\n"):
                return  # a line cut short by a kill while recording: nothing was written yet
            data = json.loads(line)
            yield Entry(
                data["path"], data["old"].encode("utf-8"), data["old_sha256"], data["new_sha256"]
            )


def update_meta(run: RunInfo, **values: Any) -> None:
    run.meta.update(values)
    write_json(run.folder / "run.json", run.meta)


def check_interrupted(vault: Path) -> None:
    """Refuse to start while an interrupted run awaits its rollback (call holding the lock).

    A run killed while still recording wrote nothing; its folder is simply removed.
    """
    for run in list_runs(vault):
        if run.state == RECORDING:
            shutil.rmtree(run.folder, ignore_errors=True)
        elif run.interrupted:
            done = "an undo of it" if run.state == UNDOING else "it"
            raise InterruptedRunError(
                f"run {run.id} was interrupted while {run.state}; some of its notes may be "
                "written and others not",
                hint=f"finish rolling {done} back with: scaffold undo {run.id}",
            )


def prune(vault: Path, keep: int = KEEP) -> list[str]:
    """Delete all but the ``keep`` newest finished runs; returns the names deleted."""
    finished = [r for r in list_runs(vault) if r.state in (DONE, UNDONE)]
    gone: list[str] = []
    for run in finished[keep:]:
        shutil.rmtree(run.folder, ignore_errors=True)
        gone.append(run.id)
    return gone


def remove_stray_temp_files(vault: Path, paths: list[str]) -> int:
    """Remove the temporary files an interrupted atomic write left beside ``paths``: only
    scaffold's own, from dead processes (:func:`scaffold.vault.leftovers.sweep`)."""
    from scaffold.vault.leftovers import sweep

    folders = {Path(os.path.realpath(vault / rel)).parent for rel in paths}
    return sum(len(sweep(folder)) for folder in sorted(folders))
