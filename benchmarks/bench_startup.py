"""How long does `scaffold get` take from a cold start, next to bare Python?

Run: .venv/bin/python benchmarks/bench_startup.py

Each command runs 15 times; the best wall-clock time is printed with its ratio to
`python -c pass`, measured in the same run. The package is byte-compiled first, as an
installed package would be: with PYTHONDONTWRITEBYTECODE set (as in some sandboxes) every run
would otherwise recompile scaffold from source and measure the compiler, not scaffold.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "fixtures" / "Llama.md"

COMMANDS = {
    "baseline: python -c pass": [sys.executable, "-c", "pass"],
    "baseline: python -c 'import ruamel.yaml'": [sys.executable, "-c", "import ruamel.yaml"],
    "baseline: python -c 'import jinja2, questionary'": [
        sys.executable,
        "-c",
        "import jinja2, questionary",
    ],
    "scaffold get (table cell)": [
        sys.executable,
        "-m",
        "scaffold",
        "get",
        str(SEED),
        "Quick stats > Downloads",
    ],
    "scaffold get (frontmatter)": [sys.executable, "-m", "scaffold", "get", str(SEED), "aliases"],
}


def best_ms(argv: list[str], runs: int = 15) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main() -> int:
    import compileall

    compileall.compile_dir(ROOT / "scaffold", quiet=1)
    results = {name: best_ms(argv) for name, argv in COMMANDS.items()}
    base = results["baseline: python -c pass"]
    print(f"{'command':52} {'ms':>8} {'x python':>9}")
    for name, ms in results.items():
        print(f"{name:52} {ms:8.1f} {ms / base:9.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
