"""How fast is `scaffold render` over a big vault, next to `scaffold check` over the same?

Run: .venv/bin/python benchmarks/bench_views.py [--notes 10000] [--views 20]

A synthetic vault of N seed-like product notes (bench_check.py's, each with its own
downloads figure) gets one index note holding V views: tables and lists over a tag, a folder
or a metric comparison, sorted by a number, a date or the name. Each command runs as a user
runs it, a fresh process, best of 3:

- `scaffold render` the first time (every view written, one journalled run),
- `scaffold render --check` after it (nothing to write: the reading and the queries alone),
- `scaffold check --ignore R001` over the same vault (the baseline; issue 18 asks for render
  within 2x), and `scaffold check` with R001, which renders every view to compare;
- `scaffold update` of one note's downloads, which re-renders the views that show it in the
  same run, next to the same update with `--no-render`.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import make_vault

VIEWS = (
    'where="type:product and folder:\'Area {i}\'" columns="name, downloads, license" '
    'sort="-downloads"',
    'where="type:product and downloads>{n}M" columns="name, downloads, Quick stats > Parent" '
    'sort="-downloads" limit="50"',
    'where="folder:\'Area {i}\'" as="list" columns="name, created" sort="-created, name"',
    'where="type:product and license=\'Free <700M MAU\'" columns="name, Quick stats > Launched"'
    ' sort="Quick stats > Launched" limit="100"',
)


def index_note(views: int) -> str:
    parts = ["# Index\n"]
    for v in range(views):
        options = VIEWS[v % len(VIEWS)].format(i=v % 20, n=100 + 50 * v)
        parts.append(
            f"\n## View {v}\n\n<!-- scaffold:view {options} -->\n<!-- /scaffold:view -->\n"
        )
    return "".join(parts)


def vary_downloads(root: Path) -> None:
    """Give each note its own downloads figure, so a sort by number has work to do."""
    rng = random.Random(18)
    for path in sorted(root.glob("Area */*.md")):
        text = path.read_text(encoding="utf-8")
        figure = f"{rng.randrange(1, 2000)}M"
        path.write_text(text.replace("1.2B+", figure), encoding="utf-8")


def timed(argv: list[str], cwd: Path) -> tuple[float, float, int]:
    before = os.times()
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu, done.returncode


def best(
    argv: list[str], cwd: Path, runs: int = 3, reset: Path | None = None
) -> tuple[float, float]:
    results = []
    for _ in range(runs):
        if reset is not None:
            shutil.copy2(reset, cwd / "Index.md")
        wall, cpu, _code = timed(argv, cwd)
        results.append((wall, cpu))
    return min(results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--views", type=int, default=20)
    args = parser.parse_args()
    scaffold = [sys.executable, "-m", "scaffold"]
    with tempfile.TemporaryDirectory(prefix="scaffold-bench-views-") as tmp:
        root = Path(tmp) / "vault"
        make_vault(root, args.notes)
        vary_downloads(root)
        blank = Path(tmp) / "Index.md"
        blank.write_text(index_note(args.views), encoding="utf-8")
        env_note = f"{args.notes} notes, {args.views} views, {os.cpu_count()} cores"
        first = best([*scaffold, "render", "-q"], root, reset=blank)
        again = best([*scaffold, "render", "--check", "-q"], root)
        code = timed([*scaffold, "render", "--check", "-q"], root)[2]
        check = best([*scaffold, "check", "--ignore", "R001"], root)
        check_r = best([*scaffold, "check"], root)
        note = sorted(root.glob("Area */*.md"))[0].relative_to(root).as_posix()
        figures = iter(range(3000, 4000))

        def update(*more: str) -> tuple[float, float]:
            results = []
            for _ in range(3):
                argv = [*scaffold, "update", "--where", f"path:'{note}'", "-q"]
                argv += ["--set", f"downloads={next(figures)}M"]
                wall, cpu, _code = timed([*argv, "--yes", *more], root)
                results.append((wall, cpu))
            return min(results)

        followed = update()
        alone = update("--no-render")
        rows = [
            (f"scaffold render (writes {args.views} views)", first, ""),
            ("scaffold render --check (current)", again, f"  exit {code}"),
            ("scaffold check --ignore R001", check, ""),
            ("scaffold check (with R001)", check_r, ""),
            ("update 1 note, views follow", followed, ""),
            ("update 1 note, --no-render", alone, ""),
        ]
        print(f"vault: {env_note}; load {os.getloadavg()[0]:.2f}")
        for label, (wall, cpu), extra in rows:
            print(f"{label:<36} {wall:6.2f} s wall  {cpu:6.2f} s CPU{extra}")
        ratio = f"{first[0] / check[0]:.2f}x (first), {again[0] / check[0]:.2f}x (rerun)"
        print(f"render / check: {ratio}; target < 2x")
        print(f"update with views / without: {followed[0] / alone[0]:.2f}x wall")
        print(f"load after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
