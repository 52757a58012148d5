"""How long does `scaffold get` take from a cold start, next to bare Python?

Run: .venv/bin/python benchmarks/bench_startup.py [--runs N]

Each command runs N times (default 31), interleaved in a shuffled order so that a burst of
load hits every command alike; the median and the best wall-clock times are printed with the
median's ratio to `python -c pass` measured in the same run. The bare interpreter is called by
its full path (this Python's own executable): a `python3` shim on PATH (pyenv, asdf) can cost
more than 100 ms by itself and would flatter every ratio.

The package is byte-compiled first, as an installed package would be: with
PYTHONDONTWRITEBYTECODE set (as in some sandboxes) every run would otherwise recompile scaffold
from source and measure the compiler, not scaffold.

The target (issue 9): `scaffold get` on the seed note at most 50 ms median. On a shared,
loaded machine wall-clock medians swing with the load (printed too); the CPU time each run
used (user + system) is printed beside them, and moves far less.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "fixtures" / "Llama.md"
TARGET_MS = 50.0
PYTHON = sys.executable  # a full path: no shim in front of the interpreter
SCRIPT = Path(PYTHON).with_name("scaffold")  # the console script a user runs

BASELINE = "python -c pass"
COMMANDS = {
    BASELINE: [PYTHON, "-c", "pass"],
    "python -c 'import ruamel.yaml'": [PYTHON, "-c", "import ruamel.yaml"],
    "python -c 'import jinja2, questionary'": [PYTHON, "-c", "import jinja2, questionary"],
    "scaffold get NOTE 'Quick stats > Downloads'": [
        str(SCRIPT),
        "get",
        str(SEED),
        "Quick stats > Downloads",
    ],
    "scaffold get NOTE aliases": [str(SCRIPT), "get", str(SEED), "aliases"],
    "python -m scaffold get NOTE aliases": [PYTHON, "-m", "scaffold", "get", str(SEED), "aliases"],
}
TARGETED = ("scaffold get NOTE 'Quick stats > Downloads'", "scaffold get NOTE aliases")


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def measure(runs: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall-clock and CPU milliseconds per run of each command, the commands interleaved in
    a random order."""
    wall: dict[str, list[float]] = {name: [] for name in COMMANDS}
    cpu: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(runs):
        order = list(COMMANDS)
        random.shuffle(order)
        for name in order:
            start, cpu_start = time.perf_counter(), _cpu()
            subprocess.run(COMMANDS[name], check=True, capture_output=True)
            wall[name].append((time.perf_counter() - start) * 1000)
            cpu[name].append((_cpu() - cpu_start) * 1000)
    return wall, cpu


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=31, help="runs per command (default 31)")
    args = parser.parse_args(argv)
    if not SCRIPT.is_file():
        print(f"no console script at {SCRIPT}: install scaffold into this Python first")
        return 2
    import compileall

    compileall.compile_dir(ROOT / "scaffold", quiet=1)
    times, cpu = measure(args.runs)
    base = statistics.median(times[BASELINE])
    cpu_base = statistics.median(cpu[BASELINE])
    print(f"python: {PYTHON}; {args.runs} runs each; load average {os.getloadavg()[0]:.2f}")
    print(f"{'command':46} {'median ms':>9} {'best ms':>8} {'x python':>9} {'cpu ms':>7} {'x':>5}")
    for name, ms in times.items():
        median, used = statistics.median(ms), statistics.median(cpu[name])
        print(
            f"{name:46} {median:9.1f} {min(ms):8.1f} {median / base:9.2f} "
            f"{used:7.1f} {used / cpu_base:5.2f}"
        )
    worst = max(statistics.median(times[name]) for name in TARGETED)
    verdict = "met" if worst <= TARGET_MS else "NOT met"
    print(f"target: `scaffold get` at most {TARGET_MS:.0f} ms median: {verdict} ({worst:.1f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
