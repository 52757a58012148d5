"""Conformance over real vaults: ~1,500 third-party notes from ../shared/corpora.

What it protects: a no-op load+dump is byte-identical on every note, and a set on every
frontmatter scalar and every table cell changes exactly that value's span and reads back.
"""

from __future__ import annotations

import pytest

import scaffold
from scaffold.edit import ops
from scaffold.edit.table_edit import is_aligned
from scaffold.errors import ScaffoldError
from tests.conformance import corpus

VAULTS = ["obsidian-help", "obsidian-tasks", "13th-Age-SRD-Markdown"]
PROBE = "Probe: [[x|y]] 10:00"


def _outside_unchanged(old: str, new: str, start: int, end: int) -> bool:
    tail = len(old) - end
    return new[:start] == old[:start] and new[len(new) - tail :] == old[end:]


@pytest.mark.corpus
@pytest.mark.parametrize("vault", VAULTS)
def test_noop_load_dump_is_byte_identical(vault: str) -> None:
    notes = corpus.notes(vault)
    assert len(notes) > 100
    changed = [p for p in notes if scaffold.load(p).to_bytes() != p.read_bytes()]
    assert changed == []


@pytest.mark.corpus
@pytest.mark.parametrize("vault", VAULTS)
def test_set_every_frontmatter_scalar_changes_only_its_span(vault: str) -> None:
    failures: list[str] = []
    done = refused = 0
    for path in corpus.notes(vault):
        note = scaffold.load(path)
        try:
            root = note.nodes
        except ScaffoldError as exc:  # a real note with broken YAML: refused cleanly is correct
            refused += 1
            assert exc.line is not None, f"{path}: parse error without a line: {exc}"
            continue
        for keys, node in corpus.scalars(root):
            try:
                new = ops.set_path(note, keys, PROBE, type_hint="str")
            except ScaffoldError as exc:
                failures.append(f"{path}:{node.line}: {keys}: refused: {exc}")
                continue
            done += 1
            if not _outside_unchanged(note.text, new.text, node.start, node.end):
                failures.append(f"{path}:{node.line}: {keys}: bytes outside the value changed")
            address = ".".join(
                '"' + str(k).replace("\\", "\\\\").replace('"', '\\"') + '"'
                if isinstance(k, str)
                else str(k)
                for k in keys
            )
            if new.get(address) != PROBE:
                failures.append(f"{path}:{node.line}: {keys}: reads back {new.get(address)!r}")
    assert done > 100, f"only {done} scalars were set ({refused} notes refused)"
    assert failures == [], "\n".join(failures[:30])


@pytest.mark.corpus
@pytest.mark.parametrize("vault", VAULTS)
def test_set_every_table_cell_changes_only_its_span(vault: str) -> None:
    failures: list[str] = []
    done = 0
    for path in corpus.notes(vault):
        note = scaffold.load(path)
        for table in note.body.tables:
            aligned = is_aligned(note.text, table)
            for r, row in enumerate(table.rows):
                for c, cell in enumerate(row.cells):
                    if cell.virtual:
                        continue
                    value = f"probe {r}.{c} a|b"
                    try:
                        new = ops.set_cell(note, table, r, c, value)
                    except ScaffoldError as exc:
                        failures.append(f"{path}:{row.line}: cell {c}: refused: {exc}")
                        continue
                    done += 1
                    t = note.body.tables.index(table)
                    got = new.body.tables[t].rows[r].cells[c].text
                    if got != f"probe {r}.{c} a\\|b":
                        failures.append(f"{path}:{row.line}: cell {c} reads back {got!r}")
                    if not aligned and not _outside_unchanged(
                        note.text, new.text, cell.start, cell.end
                    ):
                        failures.append(f"{path}:{row.line}: cell {c}: bytes outside changed")
                    if aligned and not is_aligned(new.text, new.body.tables[t]):
                        failures.append(f"{path}:{row.line}: aligned table lost alignment")
    assert done > 100
    assert failures == [], "\n".join(failures[:30])
