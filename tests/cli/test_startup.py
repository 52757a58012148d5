"""`scaffold get` stays quick to start: the heavy libraries stay out of its import path.

Timings don't belong in tests (benchmarks/bench_startup.py measures them); what is imported
does, and it is what decides start-up time.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import SEED

PROBE = """
import sys
from scaffold.cli.main import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:  # --help exits through argparse
    code = exc.code
HEAVY = {'jinja2', 'questionary', 'prompt_toolkit', 'ruamel'}
heavy = sorted({m.split('.')[0] for m in sys.modules} & HEAVY)
print(code, ','.join(heavy), file=sys.stderr)
"""


def _heavy_imports(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60
    )
    code, _, heavy = result.stderr.strip().splitlines()[-1].partition(" ")
    assert code == "0", result.stderr
    return heavy


def test_get_from_a_table_imports_no_heavy_library() -> None:
    assert _heavy_imports("get", str(SEED), "Quick stats > Downloads") == ""


def test_get_from_simple_frontmatter_skips_ruamel_too() -> None:
    assert _heavy_imports("get", str(SEED), "aliases.0") == ""


def test_new_help_imports_no_heavy_library() -> None:
    assert _heavy_imports("new", "--help") == ""


def test_the_probe_does_see_imports(tmp_path: Path) -> None:
    # A nested mapping needs ruamel's composer: proof that the probe reports real imports.
    note = tmp_path / "n.md"
    note.write_text("---\na:\n  b: |\n    text\n---\n")
    assert _heavy_imports("get", str(note), "a.b") == "ruamel"
