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
HEAVY = {'jinja2', 'questionary', 'prompt_toolkit', 'ruamel', 'argcomplete', 'mcp', 'pydantic'}
heavy = sorted({m.split('.')[0] for m in sys.modules} & HEAVY)
print(code, ','.join(heavy), file=sys.stderr)
print(' '.join(sorted(sys.modules)), file=sys.stderr)
"""


def _run_probe(*args: str) -> tuple[str, set[str]]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60
    )
    status, modules = result.stderr.strip().splitlines()[-2:]
    code, _, heavy = status.partition(" ")
    assert code == "0", result.stderr
    return heavy, set(modules.split())


def _heavy_imports(*args: str) -> str:
    return _run_probe(*args)[0]


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


def test_get_of_a_whole_list_skips_ruamel() -> None:
    # Printing a list as YAML used to load ruamel's dumper just for that.
    assert _heavy_imports("get", str(SEED), "aliases") == ""


def test_get_loads_neither_the_edit_engine_nor_what_only_writes_need() -> None:
    _, modules = _run_probe("get", str(SEED), "Quick stats > Downloads")
    unneeded = {
        "scaffold.edit.ops",
        "scaffold.edit.verify",
        "scaffold.vault.changes",
        "scaffold.generate.plan",
        "scaffold.cli.new",  # other commands' modules: only `get` is built
        "scaffold.cli.templates",
        "tempfile",  # atomic writes only
        "difflib",  # "Did you mean" only
        "json",  # --json only
    }
    assert modules & unneeded == set()
