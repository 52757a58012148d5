"""How fast is `scaffold update` over a whole vault, next to sed and a Python regex script?

Run: .venv/bin/python benchmarks/bench_bulk.py                      # 10,000 notes
     .venv/bin/python benchmarks/bench_bulk.py --notes 10000 100000  # and how it scales

A synthetic vault of seed-style notes (about 0.8 KB each) is generated in a temporary folder.
Each approach sets two values per note, a frontmatter key (``status``) and a Quick stats cell
(``Downloads``), on its own copy of the vault, in this run:

- ``sed -i`` over the files in two parallel processes (the same substitution in every note);
- a Python regex per note, written to a temporary file and renamed over the note;
- ``--migration``: ``scaffold migrate`` of version-1 notes of the gadget fixture type (five
  steps each) next to ``scaffold update --set`` of one field over copies of the same notes;
- ``scaffold update --from CSV --yes`` (per-note values; every edit verified, an undo journal,
  durable atomic writes), then the same command again, which has nothing to change.

Peak memory is the largest resident set of scaffold's process and its workers (getrusage).
Every note is checked afterwards: scaffold must have changed exactly the two values.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

NOTE = """\
---
aliases: [Product {i}, P{i}]
type: product
status: {status}
created: 2026-01-27
---
#product #ai

**Product {i}** — [[Maker {m}]]'s model family. **{d} downloads** (Apr 2025).

---

## Why Product {i} matters

| Metric | Value |
|--------|-------|
| Downloads | **{d}** (Apr 2025) |
| Users | **~{u}M** worldwide |
| License | Open weights |

---

## Quick stats

| Metric | Value |
|--------|-------|
| Parent | [[Maker {m}]] |
| Downloads | {d} |
| Flagship | Product {i} Large |
| License | Free <700M MAU |

*Created 2026-01-27*

---

## Related

- [[Maker {m}]] — parent company
- [[Product {j}]] — competitor
"""


def note_text(i: int, count: int, *, status: str = "active", downloads: str | None = None) -> str:
    d = downloads if downloads is not None else f"{i % 997 + 1}M+"
    return NOTE.format(i=i, m=i % 50, d=d, u=i % 300, j=(i + 1) % count, status=status)


def make_vault(root: Path, count: int) -> None:
    (root / ".obsidian").mkdir(parents=True)
    for folder in range(count // 1000 + 1):
        (root / f"f{folder:03}").mkdir()
    for i in range(count):
        (root / f"f{i // 1000:03}" / f"Product {i}.md").write_text(
            note_text(i, count), encoding="utf-8"
        )


def files(root: Path) -> list[Path]:
    return sorted(root.glob("f*/*.md"))


def new_downloads(i: int) -> str:
    return f"{i % 997 + 2}M+"


def timed(func: object, *args: object) -> float:
    start = time.perf_counter()
    func(*args)  # type: ignore[operator]
    return time.perf_counter() - start


def run_sed(root: Path) -> None:
    paths = [str(p) for p in files(root)]
    half = len(paths) // 2
    script = [
        "-e",
        "s/^status: .*/status: updated/",
        "-e",
        r"s/^| Downloads | [^*|]* |$/| Downloads | 9M+ |/",
    ]
    procs = [
        subprocess.Popen(["xargs", "-0", "sed", "-i", *script], stdin=subprocess.PIPE)
        for _ in range(2)
    ]
    for proc, part in zip(procs, (paths[:half], paths[half:]), strict=True):
        assert proc.stdin is not None
        proc.stdin.write("\0".join(part).encode())
        proc.stdin.close()
    for proc in procs:
        if proc.wait() != 0:
            raise SystemExit("sed failed")


STATUS = re.compile(r"(?m)^status: .*$")
CELL = re.compile(r"(?m)^\| Downloads \| [^*|]* \|$")


def run_regex(root: Path) -> None:
    for i, path in enumerate(files(root)):
        text = path.read_text(encoding="utf-8")
        text = STATUS.sub("status: updated", text, count=1)
        text = CELL.sub(f"| Downloads | {new_downloads(i)} |", text, count=1)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)


def scaffold_update(root: Path, source: Path, jobs: int | None) -> tuple[float, int, str]:
    """Wall time, peak RSS (KB) of scaffold and its workers, and its summary line."""
    probe = (
        "import resource, subprocess, sys\n"
        "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "sys.stderr.write(r.stderr)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.exit(r.returncode)\n"
    )
    command = [sys.executable, "-m", "scaffold", "update", "--from", str(source), "--yes"]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", probe, *command], cwd=root, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"scaffold update failed:\n{done.stderr}")
    summary = done.stderr.strip().splitlines()[-1]
    return elapsed, int(done.stdout.strip()), summary


def check_scaffold(root: Path, count: int) -> int:
    """How many notes differ from exactly the two intended edits."""
    wrong = 0
    for path in files(root):
        i = int(path.stem.split()[-1])
        want = note_text(i, count, status="updated", downloads=None)
        old_cell = f"| Downloads | {i % 997 + 1}M+ |"
        want = want.replace(old_cell, f"| Downloads | {new_downloads(i)} |")
        wrong += path.read_text(encoding="utf-8") != want
    return wrong


def measure(count: int, jobs: int | None, keep: Path | None) -> dict[str, object]:
    """Build a vault of ``count`` notes and time every approach on its own copy of it."""
    work = keep / f"n{count}" if keep else Path(tempfile.mkdtemp(prefix="bench-bulk-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        print(f"generating {count:,} notes in {work} ...", file=sys.stderr)
        base = work / "base"
        make_vault(base, count)
        size = sum(p.stat().st_size for p in files(base)) / count
        copies = {name: work / name for name in ("sed", "regex", "scaffold")}
        for copy in copies.values():
            shutil.copytree(base, copy)
        source = work / "updates.csv"
        with source.open("w", encoding="utf-8") as out:
            out.write("note,status,Quick stats > Downloads\n")
            for i in range(count):
                out.write(f"Product {i},updated,{new_downloads(i)}\n")
        print("timing ...", file=sys.stderr)
        sed = timed(run_sed, copies["sed"])
        regex = timed(run_regex, copies["regex"])
        update, peak, summary = scaffold_update(copies["scaffold"], source, jobs)
        rerun, rerun_peak, rerun_summary = scaffold_update(copies["scaffold"], source, jobs)
        wrong = check_scaffold(copies["scaffold"], count)
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return {
        "count": count, "size": size, "sed": sed, "regex": regex, "update": update,
        "rerun": rerun, "peak": peak, "rerun_peak": rerun_peak, "summary": summary,
        "rerun_summary": rerun_summary, "wrong": wrong,
    }  # fmt: skip


def report(m: dict[str, Any]) -> None:
    count, sed = m["count"], m["sed"]
    print(f"\n{count:,} notes of {m['size']:,.0f} bytes, 2 values each, {os.cpu_count()} cores")
    rows = [
        ("sed -i, two parallel processes", sed),
        ("python regex + temp file + rename, one process", m["regex"]),
        ("scaffold update (verified, journalled, durable)", m["update"]),
        ("scaffold update again: nothing to change", m["rerun"]),
    ]
    for label, seconds in rows:
        ratio, rate = seconds / sed, count / seconds
        print(f"  {label:<50} {seconds:8.2f} s  {ratio:6.2f}x sed  {rate:10,.0f} notes/s")
    print(f"  scaffold update:  {m['summary']}")
    print(f"  rerun:            {m['rerun_summary']}")
    print(f"  peak memory (RSS of scaffold and its workers): update {m['peak'] / 1024:.0f} MB, "
          f"rerun {m['rerun_peak'] / 1024:.0f} MB")  # fmt: skip
    print(f"  notes changed outside the two values: {m['wrong']}")


GADGET = Path(__file__).resolve().parent.parent / "tests" / "migrate" / "fixtures" / "gadget"


def _gadget_vault(root: Path, count: int) -> None:
    """``count`` notes made with the ``gadget`` fixture type's version 1; the type at 3."""
    import datetime as dt

    from scaffold.entities.library import Library

    folder = root / ".scaffold" / "templates" / "gadget"
    shutil.copytree(GADGET / "v1", folder)
    library = Library(root)
    ttype = library.get("gadget")
    day = dt.date(2026, 1, 27)
    for i in range(count):
        answers = {"name": f"G{i:05d}", "maker": f"Maker {i % 97}", "price": f"${i}",
                   "weight": f"{i % 9} kg", "colour": "red", "created": day, "today": day,
                   "type_name": "gadget"}  # fmt: skip
        (root / f"G{i:05d}.md").write_text(library.render(ttype, answers), encoding="utf-8")
    shutil.rmtree(folder)
    shutil.copytree(GADGET / "v3", folder)


def _timed_cli(args: list[str]) -> tuple[float, float, int]:
    """``(wall, CPU of the child and its workers, exit code)`` of one scaffold command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "scaffold", *args], capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.returncode


def measure_migration(count: int, jobs: int | None) -> None:
    """``scaffold migrate`` (5 steps per note) next to ``update --set`` of one field, each on
    its own copy of the same ``count`` version-1 notes, in this run."""
    extra = ["--jobs", str(jobs)] if jobs else []
    with tempfile.TemporaryDirectory(prefix="bench-migrate-") as tmp:
        base = Path(tmp) / "base"
        _gadget_vault(base, count)
        runs = {}
        for label, args in (
            ("update --set price (1 field)", ["update", "--where", "type:gadget", "--set",
                                              "price=$1", "--yes", "-q"]),
            ("migrate gadget (5 steps)", ["migrate", "gadget", "--yes", "-q"]),
        ):  # fmt: skip
            vault = Path(tmp) / label.split()[0]
            shutil.copytree(base, vault)
            runs[label] = _timed_cli([*args, "--vault", str(vault), *extra])
        load = os.getloadavg()
    print(f"\nmigration, {count:,} notes, {os.cpu_count()} cores, load average "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (after the runs)")  # fmt: skip
    base_wall = runs["update --set price (1 field)"][0]
    for label, (wall, cpu, code) in runs.items():
        print(f"  {label:<32} wall {wall:7.2f} s  CPU {cpu:7.2f} s  "
              f"{wall / base_wall:5.2f}x update  exit {code}")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--notes", type=int, nargs="+", default=[10_000],
        help="vault sizes (default 10000); several sizes also print how scaffold scales",
    )  # fmt: skip
    parser.add_argument("--jobs", type=int, help="scaffold update --jobs (default: the cores)")
    parser.add_argument("--keep", type=Path, help="build the vaults under this folder; keep them")
    parser.add_argument("--migration", action="store_true",
                        help="time scaffold migrate against update of one field")  # fmt: skip
    args = parser.parse_args()
    if args.migration:
        for count in args.notes:
            measure_migration(count, args.jobs)
        return 0
    results = [measure(count, args.jobs, args.keep) for count in args.notes]
    for m in results:
        report(m)
    if len(results) > 1:
        small, large = results[0], results[-1]
        times = large["count"] / small["count"]
        print(f"\nscaling {small['count']:,} -> {large['count']:,} notes ({times:.0f}x): "
              f"update {large['update'] / small['update']:.1f}x the time, "
              f"rerun {large['rerun'] / small['rerun']:.1f}x, "
              f"peak memory {small['peak'] // 1024} -> {large['peak'] // 1024} MB")  # fmt: skip
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"this script's own peak: {own} MB")
    return 1 if any(m["wrong"] for m in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
