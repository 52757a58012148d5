"""How fast is one parse + edit + verify of a seed-sized note, next to the usual tools?

Run: .venv/bin/pip install -e '.[bench]' && .venv/bin/python benchmarks/bench_edit.py

Every figure is measured in this run (the machines are shared and noisy), as the best of
several repeats, and printed with its ratios to scaffold's table edit and to a bare regex
substitution. The seed rows edit the same text again and again, so per-text caches (the YAML
of an unchanged block) help them; the "distinct notes" rows cycle through 200 seed-like notes
that differ in their frontmatter, as a bulk run over a vault does. The engine target (issue 7)
is parse + cell edit + verify of the seed in at most 0.1 ms.
"""

from __future__ import annotations

import re
import sys
import time
import timeit
from collections.abc import Callable
from pathlib import Path

import scaffold

SEED = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "Llama.md"
TEXT = SEED.read_text(encoding="utf-8")
FRONTMATTER = TEXT.split("---\n")[1]
TEN_KEYS = "".join(f"key{i}: value {i}\n" for i in range(9)) + "aliases: [A, B, C]\n"


def best_ms(func: Callable[[], object], number: int) -> float:
    """Milliseconds per call: the best of 7 repeats of ``number`` calls, in this process's
    CPU time, so that other work on a shared machine does not count."""
    return (
        min(timeit.repeat(func, number=number, repeat=7, timer=time.process_time)) / number * 1000
    )


def scaffold_table_edit() -> object:
    return scaffold.loads(TEXT).set("Quick stats > Downloads", "1.3B+").text


def scaffold_frontmatter_edit() -> object:
    return scaffold.loads(TEXT).set("aliases.1", "Llama").text


def scaffold_parse() -> object:
    return scaffold.loads(TEXT)


def _distinct_notes(count: int = 200) -> list[str]:
    """Seed-like notes that differ in their frontmatter (a ``downloads: 1.3B+``-style value
    and an id), so nothing one edit parsed is cached for the next."""
    body = TEXT.split("---\n", 2)[2]
    return [
        f"---\naliases: [Meta Llama, LLaMA, Llama {i}]\ndownloads: {i}.2B+\nid: n{i}\n---\n" + body
        for i in range(count)
    ]


def cycling(edit: Callable[[str], object]) -> Callable[[], object]:
    """``edit`` applied to the next of the distinct notes on each call."""
    notes = _distinct_notes()
    position = [0]

    def run() -> object:
        position[0] = (position[0] + 1) % len(notes)
        return edit(notes[position[0]])

    return run


def cell_edit(text: str) -> object:
    return scaffold.loads(text).set("Quick stats > Downloads", "1.3B+").text


def frontmatter_value_edit(text: str) -> object:
    return scaffold.loads(text).set("downloads", "1.3B+").text


def regex_substitution() -> object:
    return re.sub(r"(?m)^\| Downloads \| 1\.2B\+ \|$", "| Downloads | 1.3B+ |", TEXT)


def python_frontmatter_roundtrip() -> object:
    import frontmatter

    return frontmatter.dumps(frontmatter.loads(TEXT))


def ruamel_roundtrip(source: str) -> Callable[[], object]:
    from io import StringIO

    from ruamel.yaml import YAML

    def run() -> object:
        yaml = YAML()
        out = StringIO()
        yaml.dump(yaml.load(source), out)
        return out.getvalue()

    return run


def markdown_it_parse() -> Callable[[], object] | None:
    try:
        from markdown_it import MarkdownIt
    except ImportError:
        return None
    md = MarkdownIt("commonmark").enable("table")
    return lambda: md.parse(TEXT)


def main() -> int:
    rows: list[tuple[str, float]] = [
        ("scaffold: parse + table-cell edit + verify", best_ms(scaffold_table_edit, 500)),
        ("scaffold: parse only", best_ms(scaffold_parse, 500)),
        ("scaffold: parse + frontmatter edit + verify", best_ms(scaffold_frontmatter_edit, 100)),
        (
            "scaffold, distinct notes: parse + cell edit + verify",
            best_ms(cycling(cell_edit), 400),
        ),
        (
            "scaffold, distinct notes: parse + frontmatter edit + verify",
            best_ms(cycling(frontmatter_value_edit), 400),
        ),
        ("baseline: regex substitution of one row", best_ms(regex_substitution, 2000)),
        ("baseline: python-frontmatter load+dump", best_ms(python_frontmatter_roundtrip, 100)),
        (
            "baseline: ruamel round-trip load+dump (seed frontmatter)",
            best_ms(ruamel_roundtrip(FRONTMATTER), 100),
        ),
        (
            "baseline: ruamel round-trip load+dump (10-key block)",
            best_ms(ruamel_roundtrip(TEN_KEYS), 100),
        ),
    ]
    parse = markdown_it_parse()
    if parse is None:
        print("markdown-it-py not installed: pip install -e '.[bench]' for that baseline")
    else:
        rows.append(("baseline: markdown-it parse", best_ms(parse, 100)))
    unit = rows[0][1]
    regex = next(ms for name, ms in rows if name.startswith("baseline: regex"))
    print(f"seed note: {len(TEXT.encode())} bytes, Python {sys.version.split()[0]}")
    print(f"{'what':60} {'ms/call':>9} {'x scaffold edit':>16} {'x regex':>8}")
    for name, ms in rows:
        print(f"{name:60} {ms:9.4f} {ms / unit:16.2f} {ms / regex:8.1f}")
    print(f"scaffold table edits per second on one core: {1000 / unit:,.0f}")
    verdict = "met" if unit <= 0.1 else "not met"
    print(f"engine target, parse + cell edit + verify <= 0.1 ms on the seed: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
