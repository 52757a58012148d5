"""How fast is `scaffold update` over a whole vault, next to sed and a Python regex script?

Run: .venv/bin/python benchmarks/bench_bulk.py                      # 10,000 notes
     .venv/bin/python benchmarks/bench_bulk.py --seed                # seed-sized notes
     .venv/bin/python benchmarks/bench_bulk.py --notes 10000 100000  # and how it scales

A synthetic vault of seed-style notes (about 0.8 KB each; with ``--seed``, the seed note
itself, about 3.7 KB with its Why, history and Quick stats tables, ``type: product``) is
generated in a temporary folder.
Each approach sets two values per note, a frontmatter key (``status``) and a Quick stats cell
(``Downloads``), on its own copy of the vault, in this run:

- ``sed -i`` over the files in two parallel processes (the same substitution in every note);
- a Python regex per note, written to a temporary file and renamed over the note;
- ``--migration``: ``scaffold migrate`` of version-1 notes of the gadget fixture type (five
  steps each) next to ``scaffold update --set`` of one field over copies of the same notes;
- the durable-write floor, I/O only: read, temporary file, flush, rename, flush the rename;
  once with an ``fsync`` per file and folder on 16 threads, once batched as scaffold does
  (one ``syncfs`` per 512 files, then the renames, then one more);
- ``scaffold update --from CSV --dry-run`` (the plan alone), then ``--yes`` (per-note values;
  every edit verified, an undo journal, durable atomic writes), with its plan and write
  phases timed apart, then the same command again, which has nothing to change;
- ``sed -i`` once more at the end, since the machine's load may have moved meanwhile.

Each line gives wall and CPU time (the process and those it waited for) and the ratio to
``sed -i``; the load average is printed before and after. Peak memory is the largest resident
set of scaffold's process and its workers (getrusage).
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


SEED = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "Llama.md"


def _seed_template() -> str:
    """The seed note (about 3.7 KB: a Why table, a history table, Quick stats, frontmatter)
    made a template: a numbered name, ``type: product``, ``status`` and its own downloads."""
    text = SEED.read_text(encoding="utf-8") if SEED.is_file() else ""
    if "| Downloads | 1.2B+ |" not in text or not text.startswith("---\n"):
        raise SystemExit(f"--seed needs the seed note at {SEED}")
    _head, _, body = text[4:].partition("\n---\n")
    text = (
        "---\naliases: [Product {i}, P{i}]\ntype: product\nstatus: {status}\n"
        "created: 2026-01-27\n---\n" + body
    )
    text = text.replace("{", "{{").replace("}", "}}")  # the note's own braces, if any
    text = text.replace("{{i}}", "{i}").replace("{{status}}", "{status}")
    text = text.replace("| Downloads | 1.2B+ |", "| Downloads | {d} |")
    return text.replace("Llama", "Product {i}").replace("[[Meta]]", "[[Maker {m}]]")


_TEMPLATE = {"bench": NOTE}


def use_seed_notes() -> None:
    _TEMPLATE["bench"] = _seed_template()


def note_text(i: int, count: int, *, status: str = "active", downloads: str | None = None) -> str:
    d = downloads if downloads is not None else f"{i % 997 + 1}M+"
    template = _TEMPLATE["bench"]
    return template.format(i=i, m=i % 50, d=d, u=i % 300, j=(i + 1) % count, status=status)


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


PROBE = """\
import json, os, resource, sys, time
other = os.environ.get("BENCH_BULK_SCAFFOLD")
if other:  # time another checkout's scaffold: ahead of this one, editable install or not
    sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in repr(f).lower()]
    sys.path.insert(0, other)
from scaffold.bulk.facade import update
marks = {}
def progress(phase, done, total):
    now = time.perf_counter()
    marks.setdefault(phase + "_start", now)
    marks[phase + "_end"] = now
start = time.perf_counter()
jobs = int(sys.argv[3]) if sys.argv[3] != "-" else None
report = update(sys.argv[1], source=sys.argv[2], jobs=jobs, dry_run=sys.argv[4] == "dry",
                progress=progress, keep_results=False, command="bench_bulk")
end = time.perf_counter()
own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
plan_end = marks.get("plan_end", end)
print(json.dumps({
    "wall": end - start, "plan": plan_end - start,
    "write": marks["write_end"] - plan_end if "write_end" in marks else 0.0,
    "cpu": own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime,
    "peak": max(own.ru_maxrss, kids.ru_maxrss), "counts": report.summary.counts,
    "written": report.summary.written,
}))
"""


def scaffold_update(
    root: Path,
    source: Path,
    jobs: int | None,
    *,
    dry_run: bool = False,
    checkout: Path | None = None,
) -> dict[str, Any]:
    """One ``scaffold update --from`` (the API the CLI calls, in its own process): wall and
    CPU time (the process and its workers) and the plan and write phases apart; peak RSS (KB).
    ``wall`` here starts after the imports; ``process`` is the whole process's wall time.
    ``checkout``: the scaffold of that source folder instead of the installed one."""
    args = [str(root), str(source), str(jobs) if jobs else "-", "dry" if dry_run else "write"]
    env = dict(os.environ)
    env.pop("BENCH_BULK_SCAFFOLD", None)
    if checkout is not None:
        env["BENCH_BULK_SCAFFOLD"] = str(checkout.resolve())
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=root, capture_output=True, text=True, env=env
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"scaffold update failed:\n{done.stderr}")
    import json

    m: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    m["process"] = elapsed
    return m


def _cpu_children() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed_cpu(func: Any, *args: Any) -> tuple[float, float]:
    """``(wall, CPU)`` of ``func``: its own CPU and that of the processes it waited for."""
    own0, kids0 = time.process_time(), _cpu_children()
    start = time.perf_counter()
    func(*args)
    wall = time.perf_counter() - start
    return wall, (time.process_time() - own0) + (_cpu_children() - kids0)


def durable_floor(root: Path, batched: bool) -> None:
    """The I/O floor of a durable rewrite of every note: read, write a temporary file, make it
    durable, rename it over the note, make the rename durable. ``batched``: per 512 notes, one
    ``syncfs`` for the temporary files, the renames on 4 threads, one more ``syncfs``
    (scaffold's design);
    otherwise an ``fsync`` per file and per folder on 16 threads (the design before it)."""
    from concurrent.futures import ThreadPoolExecutor

    from scaffold.vault._os import sync_filesystem

    paths = files(root)

    def temp_of(path: Path) -> tuple[Path, int]:
        data = path.read_bytes()
        tmp = path.with_name(f".{path.name}.floor.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.write(fd, data.replace(b"status: active", b"status: floor!"))
        return tmp, fd

    if batched:
        for start in range(0, len(paths), 512):
            part = paths[start : start + 512]
            temps = [temp_of(p) for p in part]
            if not sync_filesystem(temps[0][1]):
                for _, fd in temps:
                    os.fsync(fd)
            for _, fd in temps:
                os.close(fd)
            # Renamed on 4 threads, as scaffold removes the old versions: freeing a synced
            # file's blocks can wait on the disk (ext4 with discard), and the waits overlap.
            with ThreadPoolExecutor(4) as pool:
                list(pool.map(os.replace, [t for t, _ in temps], part))
            fd = os.open(root, os.O_RDONLY)
            try:
                if not sync_filesystem(fd):
                    for folder in {p.parent for p in part}:
                        dfd = os.open(folder, os.O_RDONLY)
                        os.fsync(dfd)
                        os.close(dfd)
            finally:
                os.close(fd)
        return

    def one(path: Path) -> None:
        tmp, fd = temp_of(path)
        os.fsync(fd)
        os.close(fd)
        os.replace(tmp, path)
        dfd = os.open(path.parent, os.O_RDONLY)
        os.fsync(dfd)
        os.close(dfd)

    with ThreadPoolExecutor(16) as pool:
        list(pool.map(one, paths))


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


def measure(
    count: int, jobs: int | None, keep: Path | None, against: Path | None = None
) -> dict[str, Any]:
    """Build a vault of ``count`` notes and time every approach on its own copy of it."""
    work = keep / f"n{count}" if keep else Path(tempfile.mkdtemp(prefix="bench-bulk-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        print(f"generating {count:,} notes in {work} ...", file=sys.stderr)
        base = work / "base"
        make_vault(base, count)
        size = sum(p.stat().st_size for p in files(base)) / count
        names = ["sed", "regex", "floor16", "floorbatch", "dry", "scaffold"]
        if against is not None:
            names += ["against_dry", "against"]
        copies = {name: work / name for name in names}
        for copy in copies.values():
            shutil.copytree(base, copy)
        source = work / "updates.csv"
        with source.open("w", encoding="utf-8") as out:
            out.write("note,status,Quick stats > Downloads\n")
            for i in range(count):
                out.write(f"Product {i},updated,{new_downloads(i)}\n")
        os.sync()  # the copies' writes are not billed to whoever runs first
        print("timing ...", file=sys.stderr)
        load_before = os.getloadavg()
        m: dict[str, Any] = {"count": count, "size": size}
        m["sed"] = timed_cpu(run_sed, copies["sed"])
        m["regex"] = timed_cpu(run_regex, copies["regex"])
        m["floor16"] = timed_cpu(durable_floor, copies["floor16"], False)
        m["floorbatch"] = timed_cpu(durable_floor, copies["floorbatch"], True)
        m["dry"] = scaffold_update(copies["dry"], source, jobs, dry_run=True)
        m["update"] = scaffold_update(copies["scaffold"], source, jobs)
        m["rerun"] = scaffold_update(copies["scaffold"], source, jobs)
        if against is not None:
            m["against_dry"] = scaffold_update(
                copies["against_dry"], source, jobs, dry_run=True, checkout=against
            )
            m["against"] = scaffold_update(copies["against"], source, jobs, checkout=against)
            m["against_rerun"] = scaffold_update(copies["against"], source, jobs, checkout=against)
        m["sed2"] = timed_cpu(run_sed, copies["sed"])  # again: the load may have moved
        m["load"] = (load_before, os.getloadavg())
        m["wrong"] = check_scaffold(copies["scaffold"], count)
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return m


def report(m: dict[str, Any]) -> None:
    count = m["count"]
    sed = min(m["sed"][0], m["sed2"][0])
    (b1, b5, _), (a1, a5, _) = m["load"]
    print(f"\n{count:,} notes of {m['size']:,.0f} bytes, 2 values each, {os.cpu_count()} cores; "
          f"load average {b1:.2f}/{b5:.2f} before, {a1:.2f}/{a5:.2f} after")  # fmt: skip
    print(f"  {'':<52} {'wall':>8}  {'CPU':>7}  {'x sed':>6}  {'notes/s':>9}")
    rows = [
        ("sed -i, two parallel processes (best of 2)", (sed, min(m["sed"][1], m["sed2"][1]))),
        ("python regex + temp file + rename, one process", m["regex"]),
        ("durable floor: fsync per file and folder, 16 thr", m["floor16"]),
        ("durable floor: batched syncfs, 4 rename threads", m["floorbatch"]),
        ("scaffold update --dry-run (plan only)", (m["dry"]["process"], m["dry"]["cpu"])),
        ("scaffold update (verified, journalled, durable)",
         (m["update"]["process"], m["update"]["cpu"])),
        ("scaffold update again: nothing to change", (m["rerun"]["process"], m["rerun"]["cpu"])),
    ]  # fmt: skip
    if "against" in m:
        for key, what in (("against_dry", "--dry-run"), ("against", "update"),
                          ("against_rerun", "update again")):  # fmt: skip
            rows.append((f"  --against's {what}", (m[key]["process"], m[key]["cpu"])))
    for label, (wall, cpu) in rows:
        print(f"  {label:<52} {wall:7.2f}s  {cpu:6.2f}s  {wall / sed:6.2f}  {count / wall:9,.0f}")
    u = m["update"]
    print(f"  update phases: plan {u['plan']:.2f} s ({count / u['plan']:,.0f} notes/s), "
          f"write {u['write']:.2f} s ({u['written']:,} notes written); "
          f"process start and imports {u['process'] - u['wall']:.2f} s")  # fmt: skip
    cores = min(os.cpu_count() or 1, 2)
    print(f"  planning per core (dry run CPU): {count / m['dry']['cpu']:,.0f} notes/s; "
          f"no-op rerun {count / m['rerun']['process']:,.0f} notes/s, "
          f"{m['rerun']['written']} written; {cores} planning processes")  # fmt: skip
    print(f"  update {u['counts']}; rerun {m['rerun']['counts']}")
    print(f"  peak RSS (scaffold or its largest worker): update {u['peak'] / 1024:.0f} MB, "
          f"rerun {m['rerun']['peak'] / 1024:.0f} MB")  # fmt: skip
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
    parser.add_argument("--against", type=Path,
                        help="also time the scaffold of this source folder (e.g. a worktree "
                        "of an older commit), in the same run")  # fmt: skip
    parser.add_argument(
        "--seed",
        action="store_true",
        help="seed-sized notes (the seed note, ~3.7 KB) instead of ~0.8 KB ones",
    )
    parser.add_argument("--migration", action="store_true",
                        help="time scaffold migrate against update of one field")  # fmt: skip
    args = parser.parse_args()
    if args.seed:
        use_seed_notes()
    if args.migration:
        for count in args.notes:
            measure_migration(count, args.jobs)
        return 0
    results = [measure(count, args.jobs, args.keep, args.against) for count in args.notes]
    for m in results:
        report(m)
    if len(results) > 1:
        small, large = results[0], results[-1]
        times = large["count"] / small["count"]
        su, lu = small["update"], large["update"]
        print(f"\nscaling {small['count']:,} -> {large['count']:,} notes ({times:.0f}x): "
              f"update {lu['process'] / su['process']:.1f}x the time, "
              f"rerun {large['rerun']['process'] / small['rerun']['process']:.1f}x, "
              f"peak memory {su['peak'] // 1024} -> {lu['peak'] // 1024} MB")  # fmt: skip
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"this script's own peak: {own} MB")
    return 1 if any(m["wrong"] for m in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
