"""Reading ``--from FILE``: CSV (wide or long), TSV, YAML, JSON and JSON Lines.

Two table shapes, because both come out of spreadsheets:

- **wide**: a ``note`` column, then one column per field or address; an empty cell leaves that
  value alone. An ``as_of`` column dates the row's values.
- **long**: the columns ``note``, ``address`` and ``value`` (``field`` may stand for
  ``address``), and optionally ``as_of``; one value per row, and an empty value is written.

YAML, JSON and JSON Lines hold the same rows as objects: ``{"note": ..., "downloads": ...}``
(wide) or ``{"note": ..., "address": ..., "value": ...}`` (long). YAML and JSON may also be a
mapping of note names to their values: ``{"Llama": {"downloads": "1.3B+"}}``. A null value
leaves the value alone. CSV and JSON Lines are read as a stream.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from scaffold.bulk.requests import Assignment, Row
from scaffold.errors import NoteFileError, UsageError, ValueRefusedError

FORMATS = ("csv", "tsv", "yaml", "json", "jsonl")
_SUFFIXES = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
NOTE, AS_OF = "note", "as_of"
LONG = frozenset({"note", "address", "value", "as_of", "field"})


def format_of(source: str, given: str | None, head: str) -> str:
    """The input's format: ``given``, else the file's suffix, else a guess from its start."""
    if given:
        return given
    suffix = Path(source).suffix.lower()
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    stripped = head.lstrip()
    if stripped.startswith("["):
        return "json"
    if stripped.startswith("{"):
        first = stripped.split("\n", 1)[0].strip()
        return "jsonl" if first.endswith("}") else "json"
    first_line = head.split("\n", 1)[0]
    if "\t" in first_line:
        return "tsv"
    if "," in first_line:
        return "csv"
    raise UsageError(
        f"cannot tell the format of {source}",
        hint=f"name it with --format ({', '.join(FORMATS)})",
    )


def read_rows(source: str, fmt: str | None = None) -> Iterator[Row]:
    """The rows of ``source`` (a path, or ``-`` for standard input)."""
    name = "<stdin>" if source == "-" else source
    handle = _open(source)
    with handle:
        head = handle.read(4096)
        rest = handle.read() if source == "-" else None
        text_stream: IO[str]
        if rest is not None:
            text_stream = io.StringIO(head + rest)
        else:
            handle.seek(0)
            text_stream = handle
        kind = format_of(source, fmt, head)
        if kind in ("csv", "tsv"):
            yield from _table_rows(text_stream, name, "\t" if kind == "tsv" else ",")
        elif kind == "jsonl":
            yield from _jsonl_rows(text_stream, name)
        else:
            yield from _document_rows(text_stream.read(), name, kind)


def _open(source: str) -> IO[str]:
    if source == "-":
        return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", newline="")
    try:
        return open(source, encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise NoteFileError(
            f"cannot read the input: {exc.strerror}", path=source, hint="check the --from path"
        ) from None


# -- tables ---------------------------------------------------------------------------------


def _table_rows(stream: IO[str], name: str, delimiter: str) -> Iterator[Row]:
    reader = csv.reader(stream, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        raise UsageError(f"{name}:1: not valid CSV: {exc}") from None
    columns = [h.strip() for h in header]
    folded = [c.casefold() for c in columns]
    if NOTE not in folded:
        raise UsageError(
            f"{name}:1: the header has no 'note' column: {', '.join(columns)}",
            hint="the first row names the columns: note, then fields or addresses "
            "(wide), or note,address,value (long)",
        )
    long = set(folded) <= LONG and ("address" in folded or "field" in folded)
    if long and "value" not in folded:
        raise UsageError(f"{name}:1: a long table needs a 'value' column next to 'address'")
    try:
        for record in reader:
            where = f"{name}:{reader.line_num}"
            if not any(cell.strip() for cell in record):
                continue
            if len(record) > len(columns):
                yield Row("", (), where, UsageError(
                    f"{len(record)} cells for {len(columns)} columns",
                    path=name, line=reader.line_num, hint="check the quoting of this row",
                ))  # fmt: skip
                continue
            cells = dict(zip(folded, record, strict=False))
            if long:
                yield _long_row(cells, where)
            else:
                yield _wide_row(columns, folded, record, where)
    except csv.Error as exc:
        raise UsageError(f"{name}:{reader.line_num}: not valid CSV: {exc}") from None


def _long_row(cells: Mapping[str, str], where: str) -> Row:
    note = cells.get(NOTE, "").strip()
    target = (cells.get("address") or cells.get("field") or "").strip()
    if not target:
        return Row(note, (), where, UsageError("this row has no address", path=where))
    as_of = (cells.get(AS_OF) or "").strip() or None
    return Row(note, (Assignment(target, cells.get("value", ""), as_of),), where)


def _wide_row(columns: list[str], folded: list[str], record: list[str], where: str) -> Row:
    values = dict(zip(folded, record, strict=False))
    as_of = (values.get(AS_OF) or "").strip() or None
    assignments = tuple(
        Assignment(column, value, as_of)
        for column, key, value in zip(columns, folded, record, strict=False)
        if key not in (NOTE, AS_OF) and value != ""
    )
    return Row(values.get(NOTE, "").strip(), assignments, where)


# -- objects --------------------------------------------------------------------------------


def _jsonl_rows(stream: IO[str], name: str) -> Iterator[Row]:
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            data = json.loads(line)
        except ValueError as exc:
            raise UsageError(f"{where}: not valid JSON: {exc}") from None
        yield object_row(data, where)


def _document_rows(text: str, name: str, kind: str) -> Iterator[Row]:
    data = _load_document(text, name, kind)
    if isinstance(data, Mapping) and NOTE not in data:
        for number, (note, values) in enumerate(data.items(), 1):
            where = f"{name}: entry {number}"
            if not isinstance(values, Mapping):
                yield Row(str(note), (), where, _bad(where, "a note's values must be a mapping"))
                continue
            yield object_row({NOTE: note, **values}, where)
        return
    items: Iterable[Any] = data if isinstance(data, list) else [data]
    for number, item in enumerate(items, 1):
        yield object_row(item, f"{name}: item {number}")


def _load_document(text: str, name: str, kind: str) -> Any:
    if kind == "json":
        try:
            return json.loads(text)
        except ValueError as exc:
            raise UsageError(f"{name}: not valid JSON: {exc}") from None
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return YAML(typ="safe", pure=True).load(text)
    except YAMLError as exc:
        raise UsageError(f"{name}: not valid YAML: {exc}") from None


def _bad(where: str, message: str) -> UsageError:
    return UsageError(f"{message}", path=where)


def object_row(data: Any, where: str) -> Row:
    if not isinstance(data, Mapping):
        return Row("", (), where, _bad(where, "each row must be an object with a 'note' key"))
    keys = {str(k).casefold(): k for k in data}
    note = data.get(keys.get(NOTE, NOTE))
    if note is None or not str(note).strip():
        return Row("", (), where, _bad(where, "this row has no 'note'"))
    note = str(note).strip()
    raw_as_of = data.get(keys.get(AS_OF, AS_OF))
    as_of = value_text(raw_as_of) if raw_as_of is not None else None
    try:
        if set(keys) <= LONG and ("address" in keys or "field" in keys):
            target = data.get(keys.get("address", "")) or data.get(keys.get("field", ""))
            value = data.get(keys.get("value", "value"))
            if not target:
                return Row(note, (), where, _bad(where, "this row has no address"))
            if value is None:
                return Row(note, (), where)
            return Row(note, (Assignment(str(target), value_text(value), as_of),), where)
        assignments = tuple(
            Assignment(str(key), value_text(value), as_of)
            for key, value in data.items()
            if str(key).casefold() not in (NOTE, AS_OF) and value is not None
        )
    except ValueRefusedError as exc:
        return Row(note, (), where, exc.with_path(where))
    return Row(note, assignments, where)


def value_text(value: Any) -> str:
    """A scalar input value as the text an update writes."""
    import datetime as dt

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float | str):
        return str(value)
    raise ValueRefusedError(
        f"a value must be text, a number, true/false or a date, not {type(value).__name__}",
        hint="an update sets single values; change lists with scaffold append / remove",
    )
