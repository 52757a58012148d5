"""Reading a value and writing it back changes nothing, on ~1,500 real third-party notes.

What it protects: for every frontmatter scalar and every table cell of the real corpora,
``set`` of the text ``get`` prints leaves the file byte-identical. That text is what a script
sees: a string as is, a number, boolean or date as ``scaffold get`` prints it, an empty value
as empty text, a cell as a GFM reader sees it (``\\|`` read as ``|``).
"""

from __future__ import annotations

import pytest

import scaffold
from scaffold.cli.notes import _scalar_text
from scaffold.edit import ops
from scaffold.errors import ScaffoldError
from scaffold.note.body.tables import unescape_cell
from tests.conformance import corpus

VAULTS = ["obsidian-help", "obsidian-tasks", "13th-Age-SRD-Markdown"]


def _address(keys: tuple[str | int, ...]) -> str:
    return ".".join(
        '"' + k.replace("\\", "\\\\").replace('"', '\\"') + '"' if isinstance(k, str) else str(k)
        for k in keys
    )


def _printed(value: object) -> str:
    """What ``scaffold get`` prints for a scalar, without the line ending ``print`` adds."""
    return value if isinstance(value, str) else _scalar_text(value)


@pytest.mark.corpus
@pytest.mark.parametrize("vault", VAULTS)
def test_setting_every_frontmatter_value_to_what_get_printed_changes_nothing(vault: str) -> None:
    failures: list[str] = []
    done = 0
    for path in corpus.notes(vault):
        note = scaffold.load(path)
        try:
            root = note.nodes
        except ScaffoldError:
            continue  # broken YAML: refused cleanly, tested elsewhere
        for keys, node in corpus.scalars(root):
            address = _address(keys)
            printed = _printed(note.get(address))
            try:
                new = note.set(address, printed)
            except ScaffoldError as exc:
                failures.append(f"{path}:{node.line}: {address}: refused: {exc}")
                continue
            done += 1
            if new.to_bytes() != note.to_bytes():
                before = note.text[node.start : node.end]
                failures.append(f"{path}:{node.line}: {address}: {before!r} was rewritten")
    assert done > 300, done
    assert failures == [], f"{len(failures)} of {done}:\n" + "\n".join(failures[:30])


@pytest.mark.corpus
@pytest.mark.parametrize("vault", VAULTS)
def test_setting_every_table_cell_to_what_get_printed_changes_nothing(vault: str) -> None:
    failures: list[str] = []
    done = 0
    for path in corpus.notes(vault):
        note = scaffold.load(path)
        for table in note.body.tables:
            for r, row in enumerate(table.rows):
                for c, cell in enumerate(row.cells):
                    if cell.virtual:
                        continue
                    printed = unescape_cell(cell.text)
                    try:
                        new = ops.set_cell(note, table, r, c, printed)
                    except ScaffoldError as exc:
                        failures.append(f"{path}:{row.line}: cell {c}: refused: {exc}")
                        continue
                    done += 1
                    if new.to_bytes() != note.to_bytes():
                        failures.append(f"{path}:{row.line}: cell {c} {cell.text!r} was rewritten")
    assert done > 1000, done
    assert failures == [], f"{len(failures)} of {done}:\n" + "\n".join(failures[:30])
