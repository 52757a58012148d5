"""A race harness: a real concurrent writer against a real `scaffold set` in a subprocess.

Each trial starts from the same note. `scaffold set` changes a frontmatter value while a
writer thread, at a chosen moment, saves its own version of the note (a marker line near the
end) the way editors and sync tools do:

- ``rename``: write a new file beside it and rename it into place (most editors, git, sync);
- ``inplace``: truncate the note and write the new content into it (Obsidian, many scripts);
- ``chunked``: the same, in 64 KiB pieces with pauses between them (a slow or large save).

Whatever the timing, the writer's change must survive: the note must end as the writer's
version, or as the writer's version with scaffold's edit on top. Anything else is a lost (or
torn) update, and exit 0 over it is the bug this harness exists to catch.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import scaffold

HERE = Path(__file__).parent
SEED = HERE.parent / "fixtures" / "Llama.md"
ADDRESS, VALUE = "created", "2031-03-04"
MARKER = b"WRITER-WAS-HERE"


def make_note(size: int) -> bytes:
    """The seed note padded to about ``size`` bytes, so reading and writing take a while."""
    line = b"filler line %07d lorem ipsum dolor sit amet consectetur\n"
    count = max(0, size - len(SEED.read_bytes())) // len(line % 0)
    return SEED.read_bytes() + b"\n## Padding\n\n" + b"".join(line % i for i in range(count))


def writer_version(original: bytes) -> bytes:
    """The other program's save: the last line replaced by a marker line of the same size."""
    head, _, last = original.rstrip(b"\n").rpartition(b"\n")
    return head + b"\n" + MARKER + b"-" * max(0, len(last) - len(MARKER)) + b"\n"


def _rename_writer(note: Path, data: bytes) -> None:
    tmp = note.with_name(f".{note.name}.writer")
    tmp.write_bytes(data)
    os.replace(tmp, note)


def _inplace_writer(note: Path, data: bytes) -> None:
    with open(note, "wb") as handle:
        handle.write(data)


def _chunked_writer(note: Path, data: bytes) -> None:
    with open(note, "wb") as handle:
        for at in range(0, len(data), 65536):
            handle.write(data[at : at + 65536])
            handle.flush()
            time.sleep(0.0005)


WRITERS: dict[str, Callable[[Path, bytes], None]] = {
    "rename": _rename_writer,
    "inplace": _inplace_writer,
    "chunked": _chunked_writer,
}


@dataclass(frozen=True)
class Outcome:
    kind: str
    offset: float
    """Seconds after scaffold started when the writer began."""
    exit_code: int
    verdict: str
    """``"kept"``: the writer's change survived; ``"lost"``: it did not."""
    detail: str

    @property
    def lost_with_exit_0(self) -> bool:
        return self.verdict == "lost" and self.exit_code == 0


def scaffold_command(note: Path) -> list[str]:
    return [sys.executable, "-m", "scaffold", "set", str(note), ADDRESS, VALUE, "--create"]


def variant_command(variant: str) -> Callable[[Path], list[str]]:
    """The same `set` with part of the write path taken away (see variant_set.py)."""

    def command(note: Path) -> list[str]:
        script = str(HERE / "variant_set.py")
        return [sys.executable, script, variant, "set", str(note), ADDRESS, VALUE, "--create"]

    return command


def commit_moment(folder: Path, original: bytes, command: Callable[[Path], list[str]]) -> float:
    """Seconds from starting the command until the note is replaced (measured, not guessed)."""
    note = folder / "note.md"
    note.write_bytes(original)
    first = os.stat(note)
    start = time.perf_counter()
    proc = subprocess.Popen(command(note), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen = None
    while proc.poll() is None or seen is None:
        st = os.stat(note)
        if (st.st_ino, st.st_mtime_ns) != (first.st_ino, first.st_mtime_ns):
            seen = time.perf_counter() - start
            break
        if proc.poll() is not None:
            break
        time.sleep(0.0002)
    proc.wait()
    return seen if seen is not None else time.perf_counter() - start


def _wait_for_temp(folder: Path, proc: subprocess.Popen[bytes]) -> None:
    """Until the command's temporary file appears beside the note (its write has begun), or
    the command is over."""
    while proc.poll() is None:
        if any(n.startswith(".note.md.") and n.endswith(".tmp") for n in os.listdir(folder)):
            return
        time.sleep(0.0002)


def run_trial(
    folder: Path,
    original: bytes,
    kind: str,
    offset: float,
    command: Callable[[Path], list[str]],
    after_temp: bool = False,
) -> Outcome:
    """One race: the writer starts ``offset`` seconds after the command, or with
    ``after_temp``, ``offset`` seconds after the command's temporary file appears."""
    for old in folder.iterdir():
        old.unlink()
    note = folder / "note.md"
    note.write_bytes(original)
    theirs = writer_version(original)
    both = scaffold.loads(theirs).set(ADDRESS, VALUE, create=True).to_bytes()
    ours = scaffold.loads(original).set(ADDRESS, VALUE, create=True).to_bytes()
    start = time.perf_counter()
    proc = subprocess.Popen(command(note), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def write() -> None:
        if after_temp:
            _wait_for_temp(folder, proc)
            time.sleep(offset)
        else:
            time.sleep(max(0.0, start + offset - time.perf_counter()))
        WRITERS[kind](note, theirs)

    writer = threading.Thread(target=write)
    writer.start()
    _, err = proc.communicate(timeout=120)
    writer.join()
    final = note.read_bytes()
    copies = sorted(folder.glob("note.md.scaffold-conflict-*"))
    if final in (theirs, both):
        verdict, detail = "kept", "writer's version" if final == theirs else "both edits"
        if any(c.read_bytes() != ours for c in copies):
            verdict, detail = "lost", "a conflict copy does not hold scaffold's version"
    elif final == ours:
        verdict, detail = "lost", "scaffold's version over the writer's"
    else:
        verdict, detail = "lost", f"torn: {len(final)} bytes, marker={MARKER in final}"
    return Outcome(kind, offset, proc.returncode, verdict, detail + " " + err.decode()[-200:])


def race(
    folder: Path,
    original: bytes,
    kinds: Sequence[str],
    trials: int,
    command: Callable[[Path], list[str]],
    seed: int = 0,
    until_lost: bool = False,
) -> list[Outcome]:
    """``trials`` races per writer kind (with ``until_lost``: as many as it takes to see the
    first lost update, at most ten times that). Three in four writers start within two
    milliseconds after the command's temporary file appears, when it is about to replace the
    note (where a lost update can happen); the rest at any time during the run."""
    rng = random.Random(seed)
    moment = commit_moment(folder, original, command)
    outcomes = []
    for i in range(trials * 10 if until_lost else trials):
        for kind in kinds:
            if i % 4 == 3:
                offset = rng.uniform(0, moment * 1.2)
                outcomes.append(run_trial(folder, original, kind, offset, command))
            else:
                offset = rng.uniform(0, 0.002)
                outcomes.append(run_trial(folder, original, kind, offset, command, True))
            if until_lost and outcomes[-1].lost_with_exit_0:
                return outcomes
    return outcomes
