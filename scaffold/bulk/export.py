"""``scaffold export``: the read side of ``update``. Writes the wide table (CSV or TSV), JSON or
JSON Lines that ``update --from`` reads back, so a spreadsheet round trip is: export, edit the
cells that need it, update. Exporting and updating without edits changes nothing.

A field is read at its first place the note has; a table cell is exported as its markdown
text (``**1.2B+**``, emphasis included), a frontmatter value as ``scaffold get`` prints it;
in JSON a list is an array and a mapping an object, and in a CSV cell a list is its items
joined with ``, `` and a mapping its JSON. A value the note lacks is an empty cell (``null`` in
JSON), which ``update`` leaves alone.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from scaffold.bulk.plain import cell_text, plain
from scaffold.bulk.planner import Planner
from scaffold.bulk.requests import Options
from scaffold.bulk.select import Expr
from scaffold.errors import ScaffoldError
from scaffold.note.parsed import ParsedNote
from scaffold.vault.names import NoteNames

EXPORT_FORMATS = ("csv", "tsv", "json", "jsonl")


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One note's values, by target (None: the note has no such value)."""

    note: str
    path: str
    values: dict[str, Any]
    """Plain data: text, or a list or mapping of text (a CSV cell joins or encodes it)."""
    error: ScaffoldError | None = None


def export_rows(
    vault: Path,
    targets: Sequence[str],
    *,
    where: Expr | None = None,
    default_type: str | None = None,
) -> Iterator[ExportRow]:
    """Each selected note's values, in the vault's order. A note that cannot be read is a row
    with its error and no values."""
    names = NoteNames(vault)
    planner = Planner(vault, Options(default_type=default_type), where)
    for rel in names.paths:
        display = names.display(rel)
        try:
            note = ParsedNote.from_bytes(planner.read_note(rel), path=rel)
            if where is not None and not where.matches(planner.facts(note, rel)):
                continue
            stem = Path(rel).stem
            values = {t: _data(*planner.read(note, t, stem)) for t in targets}
        except ScaffoldError as exc:
            yield ExportRow(display, rel, {}, exc.with_path(rel))
            continue
        yield ExportRow(display, rel, values)


def _data(present: bool, value: Any) -> Any:
    """A value as export writes it: plain data (:func:`scaffold.bulk.plain.plain`)."""
    return plain(value) if present else None


def _cell(value: Any) -> str:
    return "" if value is None else cell_text(value)


def write_export(
    rows: Iterator[ExportRow],
    targets: Sequence[str],
    out: IO[str],
    fmt: str,
    on_error: Callable[[ExportRow], None] | None = None,
) -> int:
    """Write ``rows`` to ``out`` as ``fmt``; returns how many notes were written. Rows of notes
    that could not be read go to ``on_error`` instead."""
    rows = _good(rows, on_error)
    count = 0
    if fmt in ("csv", "tsv"):
        writer = csv.writer(out, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\n")
        writer.writerow(["note", *targets])
        for row in rows:
            writer.writerow([row.note, *(_cell(row.values.get(t)) for t in targets)])
            count += 1
        return count
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps({"note": row.note, **row.values}, ensure_ascii=False) + "\n")
            count += 1
        return count
    out.write("[")
    for row in rows:
        out.write(",\n " if count else "\n ")
        out.write(json.dumps({"note": row.note, **row.values}, ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def _good(
    rows: Iterator[ExportRow], on_error: Callable[[ExportRow], None] | None
) -> Iterator[ExportRow]:
    for row in rows:
        if row.error is None:
            yield row
        elif on_error is not None:
            on_error(row)
