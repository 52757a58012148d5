"""How long does `scaffold get` take from a cold start, next to bare Python?

Run: .venv/bin/python benchmarks/bench_startup.py [--runs N] [--venv DIR | --here]

By default the measured scaffold is installed as users install it: a fresh venv in a
temporary folder (or DIR, kept and reused when it already holds scaffold) gets a
NON-editable `pip install .` of this checkout, and its console script and its own `python`
are timed. `--here` times this interpreter's scaffold instead (an editable install finds the
package through a path hook, which costs start-up time no user pays).

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
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "fixtures" / "Llama.md"
TARGET_MS = 50.0
TARGET_RATIO = 3.0
BASELINE = "python -c pass"
TARGETED = ("scaffold get NOTE 'Quick stats > Downloads'", "scaffold get NOTE aliases")


def commands(python: str, script: str) -> dict[str, list[str]]:
    """What is timed: the bare interpreter by its full path (a `python3` shim on PATH can
    cost more than 100 ms by itself and would flatter every ratio), heavy imports for scale,
    and scaffold's console script."""
    return {
        BASELINE: [python, "-c", "pass"],
        "python -c 'import ruamel.yaml'": [python, "-c", "import ruamel.yaml"],
        "python -c 'import jinja2, questionary'": [python, "-c", "import jinja2, questionary"],
        "scaffold get NOTE 'Quick stats > Downloads'": [
            script,
            "get",
            str(SEED),
            "Quick stats > Downloads",
        ],
        "scaffold get NOTE aliases": [script, "get", str(SEED), "aliases"],
        "python -m scaffold get NOTE aliases": [
            python,
            "-m",
            "scaffold",
            "get",
            str(SEED),
            "aliases",
        ],
    }


def installed(venv: Path) -> tuple[str, str]:
    """``venv``'s python and scaffold console script, the venv made and scaffold installed
    into it (not editable) unless it already holds them."""
    python, script = venv / "bin" / "python", venv / "bin" / "scaffold"
    if not script.is_file():
        print(f"installing scaffold (not editable) into {venv} ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(ROOT)],
            check=True,
        )
    return str(python), str(script)


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def measure(
    runs: int,
    COMMANDS: dict[str, list[str]],
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
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
    parser.add_argument("--venv", type=Path, help="install into (or reuse) this venv")
    parser.add_argument(
        "--here", action="store_true", help="time this interpreter's scaffold, not a fresh install"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        if args.here:
            python = sys.executable
            script = str(Path(python).with_name("scaffold"))
            if not Path(script).is_file():
                print(f"no console script at {script}: install scaffold into this Python first")
                return 2
            import compileall

            compileall.compile_dir(ROOT / "scaffold", quiet=1)
        else:
            python, script = installed(args.venv or Path(tmp) / "venv")
        return report(args.runs, python, script, "this Python" if args.here else "installed")


def report(runs: int, python: str, script: str, how: str) -> int:
    table = commands(python, script)
    load_before = os.getloadavg()[0]
    times, cpu = measure(runs, table)
    base = statistics.median(times[BASELINE])
    cpu_base = statistics.median(cpu[BASELINE])
    print(
        f"python: {python} ({how}); {runs} runs each; load average (1 min) "
        f"{load_before:.2f} before, {os.getloadavg()[0]:.2f} after, {os.cpu_count()} cores"
    )
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
    ratio = worst / base
    verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
    print(
        f"target: `scaffold get` at most {TARGET_RATIO:.0f}x python -c pass: "
        f"{verdict} (x{ratio:.2f})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
