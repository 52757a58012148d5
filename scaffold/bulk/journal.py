"""The undo journal: what a bulk run is about to change, recorded before its first write.

Each run that writes gets a folder ``.scaffold/runs/RUN/`` in the vault:

- ``run.json``: the run's name, command, times, counts and state;
- ``journal.jsonl.gz``: one line per note the run changes: its path, the SHA-256 of its old
  and new bytes, and the change itself as a delta: the lines that differ, old and new. From
  the note as the run left it, the delta gives back the old text (undo); from the old text,
  the new one (redo). A one-key change to a 4 KB note takes a line, not the whole note;
- ``staged.jsonl``: the new text of the same notes, read back by the write phase so the plan
  does not have to sit in memory; removed when the run is done.

Runs from before the delta format (``journal.jsonl`` with each note's whole old text) are
still read and undone; they cannot be redone.

The folder is as private as the notes it copies: files ``0600``, folders ``0700``, and a
``.gitignore`` in ``.scaffold/runs/`` keeps the journal out of a vault kept in git.

States: ``recording`` (planning; nothing written yet) → ``writing`` → ``done``, and
``undoing`` → ``undone`` for ``scaffold undo``; ``scaffold redo`` goes ``undone`` →
``redoing`` → ``done``. A run found in ``writing``, ``undoing`` or ``redoing`` while no
process holds the vault's run lock was interrupted: ``scaffold undo`` rolls it back.

Pruning: when a run finishes, only the :data:`KEEP` newest finished runs are kept, and no
more than :func:`max_journal_bytes` of them; older ones are deleted. A run that was
interrupted is never pruned: it is needed to roll it back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import gzip
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

from scaffold.errors import InterruptedRunError, NoteFileError, RunLockedError, UsageError
from scaffold.vault.atomic import fsync_dir

RUNS = Path(".scaffold") / "runs"
KEEP = 20
"""How many finished runs ``prune`` keeps (the newest)."""
MAX_BYTES_ENV = "SCAFFOLD_JOURNAL_MAX_BYTES"
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
"""How many bytes of finished runs ``prune`` keeps at most (the newest run always stays)."""
JOURNAL, LEGACY_JOURNAL, STAGED = "journal.jsonl.gz", "journal.jsonl", "staged.jsonl"
GITIGNORE = "# scaffold's undo journal: copies of notes, private to this machine\n*\n"

RECORDING, WRITING, DONE, UNDOING, UNDONE = "recording", "writing", "done", "undoing", "undone"
REDOING = "redoing"
LIVE_STATES = (RECORDING, WRITING, UNDOING, REDOING)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def runs_dir(vault: Path) -> Path:
    return vault / RUNS


def max_journal_bytes() -> int:
    raw = os.environ.get(MAX_BYTES_ENV, "").strip()
    return int(raw) if raw.isdigit() else DEFAULT_MAX_BYTES


def ensure_runs_dir(vault: Path) -> Path:
    """``.scaffold/runs/``, private, with its ``.gitignore``."""
    folder = runs_dir(vault)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        with contextlib.suppress(OSError):
            _write_private(ignore, GITIGNORE.encode())
    return folder


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _open_private(path: Path) -> IO[bytes]:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
    return os.fdopen(fd, "wb")


def journal_error(folder: Path, exc: OSError) -> NoteFileError:
    """A journal that cannot be written (a full disk): nothing of the run was written."""
    return NoteFileError(
        f"cannot record the undo journal: {exc.strerror or exc}; no note was written",
        path=folder,
        hint="free some space (or fix the folder's permissions) and run the command again",
    )


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
        return self.state in (WRITING, UNDOING, REDOING)

    def to_dict(self) -> dict[str, Any]:
        return {**self.meta, "interrupted": self.interrupted}


Hunk = tuple[int, int, int, int, str, str]
"""``(i1, i2, j1, j2, old, new)``: the old text's lines ``i1:i2`` are ``old``, where the new
text's lines ``j1:j2`` are ``new``."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One note in a run's journal: its hashes and the change between its two texts."""

    path: str
    old_sha256: str
    new_sha256: str
    hunks: tuple[Hunk, ...] | None
    """The lines that differ, or ``None`` in a journal from before the delta format."""
    legacy_old: str = ""
    """The whole old text, in a journal from before the delta format (undo only)."""
    created: bool = False
    """The run made this file (``scaffold mv``'s new name): before it there was none."""
    removed: bool = False
    """The run deleted this file (``mv``'s old name): after it there is none."""

    @property
    def redoable(self) -> bool:
        return self.hunks is not None

    def old_from(self, new: bytes) -> bytes:
        """The old bytes, from the note as the run left it (whose hash is ``new_sha256``)."""
        if self.hunks is None:
            return self.legacy_old.encode("utf-8")
        return _rebuild(new, [(j1, j2, old) for _, _, j1, j2, old, _ in self.hunks])

    def new_from(self, old: bytes) -> bytes:
        """The new bytes, from the note as it was before the run."""
        assert self.hunks is not None
        return _rebuild(old, [(i1, i2, new) for i1, i2, _, _, _, new in self.hunks])


def _rebuild(data: bytes, pieces: list[tuple[int, int, str]]) -> bytes:
    lines = data.decode("utf-8").splitlines(keepends=True)
    out: list[str] = []
    at = 0
    for start, stop, text in pieces:
        out.extend(lines[at:start])
        out.append(text)
        at = stop
    out.extend(lines[at:])
    return "".join(out).encode("utf-8")


def delta(old: str, new: str) -> list[Hunk]:
    """The lines of ``old`` and ``new`` that differ. Cell and key edits keep the line count,
    so the lines are compared in step; when rows were added or removed, difflib matches the
    part between the shared head and tail."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    most = min(len(a), len(b))
    head = 0
    while head < most and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < most - head and a[len(a) - 1 - tail] == b[len(b) - 1 - tail]:
        tail += 1
    a_end, b_end = len(a) - tail, len(b) - tail
    spans: list[tuple[int, int, int, int]] = []
    if a_end - head == b_end - head:
        i = head
        while i < a_end:
            if a[i] == b[i]:
                i += 1
                continue
            j = i
            while j < a_end and a[j] != b[j]:
                j += 1
            spans.append((i, j, i, j))
            i = j
    else:
        from difflib import SequenceMatcher

        matcher = SequenceMatcher(None, a[head:a_end], b[head:b_end], autojunk=False)
        spans = [
            (head + i1, head + i2, head + j1, head + j2)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes()
            if tag != "equal"
        ]
    return [(i1, i2, j1, j2, "".join(a[i1:i2]), "".join(b[j1:j2])) for i1, i2, j1, j2 in spans]


class RunLock:
    """One bulk run at a time per vault: an exclusive ``flock`` on ``.scaffold/runs/lock``.

    The kernel drops the lock when its process dies, however it dies, which is how an
    interrupted run is told from one still going.
    """

    def __init__(self, vault: Path) -> None:
        self.path = runs_dir(vault) / "lock"
        self._handle: IO[bytes] | None = None

    def __enter__(self) -> RunLock:
        ensure_runs_dir(self.path.parent.parent.parent)
        handle = self.path.open("ab")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise RunLockedError(
                "another scaffold update, undo or migrate is running in this vault; "
                "nothing was done",
                path=self.path,
                hint="wait for it to finish, then run the command again (exit 13: a script "
                "may retry)",
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


def _write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    _write_private(tmp, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
    os.replace(tmp, path)


def entry_lines(path: str, old: bytes | None, new: bytes | None) -> tuple[str, str]:
    """The journal line and the staging line of one note (made where the note is planned,
    so that the process recording the run only appends them).

    ``old`` is ``None`` for a file the run creates, ``new`` for one it removes: the delta is
    then taken against empty text, and the entry says the file is absent on that side."""
    old_text = "" if old is None else old.decode("utf-8")
    new_text = "" if new is None else new.decode("utf-8")
    entry: dict[str, Any] = {
        "path": path,
        "old_sha256": "" if old is None else digest(old),
        "new_sha256": "" if new is None else digest(new),
        "hunks": delta(old_text, new_text),
    }
    if old is None:
        entry["created"] = True
    if new is None:
        entry["removed"] = True
    staged = {"path": path, "new": new_text}
    return (
        json.dumps(entry, ensure_ascii=False) + "\n",
        json.dumps(staged, ensure_ascii=False) + "\n",
    )


class Recorder:
    """Records one run's journal while it is planned; created on the first changed note."""

    def __init__(self, vault: Path, command: str) -> None:
        self.vault = vault
        self.id = new_run_id()
        self.folder = ensure_runs_dir(vault) / self.id
        self.meta: dict[str, Any] = {
            "id": self.id,
            "command": command,
            "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "state": RECORDING,
            "pid": os.getpid(),
            "notes": 0,
            "started_ns": time.time_ns(),
        }
        try:
            self.folder.mkdir(mode=0o700)
            _write_json(self.folder / "run.json", self.meta)
            self._raw = _open_private(self.folder / JOURNAL)
            # mtime=0: the same changes give the same bytes (no clock in the file)
            self._journal = gzip.GzipFile(fileobj=self._raw, mode="wb", mtime=0)
            self._staged = _open_private(self.folder / STAGED)
        except OSError as exc:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise journal_error(self.folder, exc) from None
        self.count = 0

    def add(self, lines: tuple[str, str]) -> None:
        """Record one note, as :func:`entry_lines` gave it."""
        try:
            self._journal.write(lines[0].encode("utf-8"))
            self._staged.write(lines[1].encode("utf-8"))
        except OSError as exc:
            self.discard()
            raise journal_error(self.folder, exc) from None
        self.count += 1

    def seal(self) -> None:
        """Make the journal durable and mark the run as writing: called before the first write."""
        try:
            self._journal.close()  # the gzip trailer; the file itself stays open
            for handle in (self._raw, self._staged):
                handle.flush()
                os.fsync(handle.fileno())
                handle.close()
            self.set(state=WRITING, notes=self.count)
        except OSError as exc:
            self.discard()
            raise journal_error(self.folder, exc) from None
        fsync_dir(self.folder)

    def set(self, **values: Any) -> None:
        self.meta.update(values)
        _write_json(self.folder / "run.json", self.meta)

    def staged(self) -> Iterator[tuple[str, bytes, bytes]]:
        """``(path, old, new)`` for every recorded note, in the order recorded."""
        with (self.folder / STAGED).open(encoding="utf-8") as staged:
            for entry, new_line in zip(_read_entries(self.folder), staged, strict=True):
                new = json.loads(new_line)["new"].encode("utf-8")
                yield entry.path, entry.old_from(new), new

    def finish(self, **counts: Any) -> None:
        with contextlib.suppress(FileNotFoundError):
            (self.folder / STAGED).unlink()
        self.set(state=DONE, finished=_now(), **counts)

    def discard(self) -> None:
        """Nothing was written (declined, stopped before writing): forget the run."""
        for handle in (self._journal, self._raw, self._staged):
            with contextlib.suppress(OSError):
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


def find_run(vault: Path, name: str | None, *, states: tuple[str, ...] = ()) -> RunInfo:
    """The run called ``name`` (a unique prefix will do), or else the newest one whose state
    is one of ``states`` (any state when none are given)."""
    runs = list_runs(vault)
    if not runs:
        raise UsageError(
            f"no bulk runs are recorded in {vault}",
            hint="scaffold update records one each time it writes",
        )
    if name is None:
        hit = next((r for r in runs if not states or r.state in states), None)
        if hit is None:
            raise UsageError(
                f"no recorded run is {' or '.join(states)}",
                hint="scaffold runs lists the runs and their states",
            )
        return hit
    hits = [r for r in runs if r.id == name] or [r for r in runs if r.id.startswith(name)]
    if len(hits) == 1:
        return hits[0]
    listing = ", ".join(r.id for r in runs[:5])
    what = "is ambiguous" if hits else "matches no run"
    raise UsageError(f"run {name!r} {what}", hint=f"recent runs: {listing} (scaffold runs)")


def entries(run: RunInfo) -> Iterator[Entry]:
    return _read_entries(run.folder)


def _read_entries(folder: Path) -> Iterator[Entry]:
    if (folder / JOURNAL).is_file():
        handle: IO[str] = gzip.open(folder / JOURNAL, "rt", encoding="utf-8")  # noqa: SIM115
    elif (folder / LEGACY_JOURNAL).is_file():
        handle = (folder / LEGACY_JOURNAL).open(encoding="utf-8")
    else:
        return
    with handle:
        try:
            for line in handle:
                if not line.endswith("\n"):
                    return  # cut short by a kill while recording: nothing was written yet
                yield _entry(json.loads(line))
        except (EOFError, gzip.BadGzipFile):
            return  # likewise, a journal whose recording never finished


def _entry(data: dict[str, Any]) -> Entry:
    if "hunks" not in data:  # the format before deltas: the whole old text
        return Entry(data["path"], data["old_sha256"], data["new_sha256"], None, data["old"])
    hunks = tuple(
        (int(a), int(b), int(c), int(d), str(o), str(n)) for a, b, c, d, o, n in data["hunks"]
    )
    return Entry(
        data["path"],
        data["old_sha256"],
        data["new_sha256"],
        hunks,
        created=bool(data.get("created")),
        removed=bool(data.get("removed")),
    )


def update_meta(run: RunInfo, **values: Any) -> None:
    run.meta.update(values)
    _write_json(run.folder / "run.json", run.meta)


def check_interrupted(vault: Path) -> None:
    """Refuse to start while an interrupted run awaits its rollback (call holding the lock).

    A run killed while still recording wrote nothing; its folder is simply removed.
    """
    for run in list_runs(vault):
        if run.state == RECORDING:
            shutil.rmtree(run.folder, ignore_errors=True)
        elif run.interrupted:
            done = {UNDOING: "an undo of it", REDOING: "a redo of it"}.get(run.state, "it")
            raise InterruptedRunError(
                f"run {run.id} was interrupted while {run.state}; some of its notes may be "
                "written and others not",
                hint=f"finish rolling {done} back with: scaffold undo {run.id}",
            )


def prune(vault: Path, keep: int = KEEP, max_bytes: int | None = None) -> list[str]:
    """Delete the finished runs beyond the ``keep`` newest, or beyond ``max_bytes`` of them
    (the newest run always stays); returns the names deleted."""
    limit = max_journal_bytes() if max_bytes is None else max_bytes
    finished = [r for r in list_runs(vault) if r.state in (DONE, UNDONE)]
    gone: list[str] = []
    total = 0
    for index, run in enumerate(finished):
        total += _folder_bytes(run.folder)
        if index >= keep or (index > 0 and total > limit):
            shutil.rmtree(run.folder, ignore_errors=True)
            gone.append(run.id)
    return gone


def _folder_bytes(folder: Path) -> int:
    total = 0
    with contextlib.suppress(OSError):
        for child in folder.iterdir():
            with contextlib.suppress(OSError):
                total += child.stat().st_size
    return total


def remove_stray_temp_files(vault: Path, paths: list[str]) -> int:
    """Remove the temporary files an interrupted atomic write left beside ``paths``: only
    scaffold's own, from dead processes (:func:`scaffold.vault.leftovers.sweep`)."""
    from scaffold.vault.leftovers import sweep

    folders = {Path(os.path.realpath(vault / rel)).parent for rel in paths}
    return sum(len(sweep(folder)) for folder in sorted(folders))
