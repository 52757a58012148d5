"""Reading ``--from FILE``: CSV (wide or long), TSV, YAML, JSON and JSON Lines.

Two table shapes, because both come out of spreadsheets:

- **wide**: a ``note`` column, then one column per field or address; an empty cell leaves that
  value alone. An ``as_of`` column dates the row's values.
- **long**: the columns ``note``, ``address`` (or ``field``) and ``value``, and optionally
  ``as_of``; one value per row, and an empty value is written. An ``address`` is an address,
  even when a field has its name; a ``field`` is a field of the note's type.

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

from scaffold.bulk.requests import ADDRESS, FIELD, Assignment, InputRow
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
    if _excel_sep(head)[0] is not None:
        return "csv"
    if "\t" in first_line:
        return "tsv"
    if "," in first_line or ";" in first_line:
        return "csv"
    raise UsageError(
        f"cannot tell the format of {source}",
        hint=f"name it with --format ({', '.join(FORMATS)})",
    )


DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
"""The separators a spreadsheet writes: Excel uses ``;`` in locales whose decimal mark is a
comma, and tabs in its "Unicode text" export."""

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def read_rows(
    source: str, fmt: str | None = None, *, delimiter: str | None = None
) -> Iterator[InputRow]:
    """The rows of ``source`` (a path, or ``-`` for standard input).

    The input is read whole, as a note is: regular files only (a device or a FIFO is
    refused), no larger than a note may be. An empty input (nothing but white space) is
    refused in every format (:class:`UsageError`, exit 2); a header-only CSV or ``[]`` has
    no rows. It is UTF-8, or whatever its byte-order mark says
    (Excel's "Unicode text" is UTF-16). A CSV's separator is ``delimiter``, else Excel's
    ``sep=;`` first line, else the one of ``,`` ``;`` and tab that its header uses.
    """
    name = "<stdin>" if source == "-" else source
    text = decode_input(_read(source), name)
    if not text.strip():
        # The same for every format: a CSV without even its header, an empty JSON or YAML
        # file, is a mistake (the wrong file, a failed export), not "no rows" (which a
        # header-only CSV or [] says).
        raise UsageError(
            f"{name} is empty: nothing was read, and nothing was changed",
            hint="an input holds a header row (note,FIELD...) or JSON/YAML rows; "
            "a CSV with only its header, or [], is an input with no rows",
        )
    kind = format_of(source, fmt, text[:4096])
    if kind in ("csv", "tsv"):
        yield from _table_rows(text, name, delimiter, "\t" if kind == "tsv" else None)
    elif kind == "jsonl":
        yield from _jsonl_rows(io.StringIO(text), name)
    else:
        yield from _document_rows(text, name, kind)


def _read(source: str) -> bytes:
    from scaffold.vault.files import read_bytes, read_stream

    try:
        if source == "-":
            return read_stream(sys.stdin.buffer)
        return read_bytes(Path(source))
    except NoteFileError as exc:
        raise NoteFileError(
            f"cannot read the input: {exc.message}", path=source, hint="check the --from path"
        ) from None


def decode_input(data: bytes, name: str) -> str:
    """The input's text: by its byte-order mark, else UTF-8; anything else is refused with
    the place of the first byte that is not UTF-8, never guessed."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise _not_text(data, name, exc.start + len(bom), codec) from None
    if b"\x00" in data[:8192]:
        raise UsageError(
            f"{name}: this is not a text file (it holds NUL bytes)",
            hint="give a CSV, TSV, YAML, JSON or JSON Lines file",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _not_text(data, name, exc.start, "UTF-8") from None


def _not_text(data: bytes, name: str, at: int, codec: str) -> UsageError:
    line = data.count(b"\n", 0, at) + 1
    col = at - (data.rfind(b"\n", 0, at) + 1) + 1
    return UsageError(
        f"{name}:{line}:{col}: byte 0x{data[at]:02x} is not {codec} text; nothing was read",
        hint='save the sheet as "CSV UTF-8" (Excel) or UTF-8 text; '
        "scaffold does not guess other encodings",
    )


def _excel_sep(text: str) -> tuple[str | None, str]:
    """Excel's ``sep=X`` first line: the separator it names, and the text after that line."""
    first, newline, rest = text.partition("\n")
    line = first.rstrip("\r")
    if line.lower().startswith("sep=") and len(line) == 5:
        return line[4], rest if newline else ""
    return None, text


def sniff_delimiter(header: str) -> str:
    """The separator the header line uses most, outside quotes (``,`` when none is used)."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in header:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


# -- tables ---------------------------------------------------------------------------------


def _table_rows(
    text: str, name: str, delimiter: str | None, default: str | None
) -> Iterator[InputRow]:
    named, text = _excel_sep(text)
    offset = 1 if named is not None else 0  # line numbers stay the file's own
    chosen = delimiter or named or default or sniff_delimiter(text.split("\n", 1)[0])
    if len(chosen) != 1:
        raise UsageError(
            f"--delimiter {chosen!r} is not one character", hint="e.g. --delimiter ';'"
        )
    csv.field_size_limit(max(_note_limit(), 131072))  # a cell may be as large as a note
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=chosen)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        raise UsageError(f"{name}:{1 + offset}: not valid CSV: {exc}") from None
    columns = [h.strip() for h in header]
    folded = [c.casefold() for c in columns]
    starts = _cell_starts(text.split("\n", 1)[0].rstrip("\r"), chosen, len(columns))
    headers = [(name, 1 + offset, col) for col in starts]
    if NOTE not in folded:
        sep = DELIMITERS.get(chosen, repr(chosen))
        raise UsageError(
            f"{name}:{1 + offset}: the header has no 'note' column: {', '.join(columns)} "
            f"(read with the {sep} as the separator)",
            hint="the first row names the columns: note, then fields or addresses "
            "(wide), or note,address,value (long); name the separator with --delimiter",
        )
    long = set(folded) <= LONG and ("address" in folded or "field" in folded)
    if long and "value" not in folded:
        raise UsageError(f"{name}:1: a long table needs a 'value' column next to 'address'")
    try:
        for record in reader:
            line = reader.line_num + offset
            where = f"{name}:{line}"
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(columns):
                few = len(record) < len(columns)
                yield InputRow("", (), where, UsageError(
                    f"{len(record)} cells for {len(columns)} columns; the row was not used",
                    path=name, line=line,
                    hint="a cell is missing: an empty value still needs its separator"
                    if few else "check the quoting of this row",
                ))  # fmt: skip
                continue
            cells = dict(zip(folded, record, strict=True))
            if long:
                yield _long_row(cells, where)
            else:
                yield _wide_row(columns, folded, record, where, headers)
    except csv.Error as exc:
        raise UsageError(f"{name}:{reader.line_num + offset}: not valid CSV: {exc}") from None


def _note_limit() -> int:
    from scaffold.vault.files import max_note_bytes

    return max_note_bytes()


def _long_row(cells: Mapping[str, str], where: str) -> InputRow:
    note = cells.get(NOTE, "").strip()
    kind = ADDRESS if "address" in cells else FIELD
    target = (cells.get("address") or cells.get("field") or "").strip()
    if not target:
        return InputRow(note, (), where, UsageError(f"this row has no {kind}", path=where))
    as_of = (cells.get(AS_OF) or "").strip() or None
    return InputRow(note, (Assignment(target, cells.get("value", ""), as_of, kind, where),), where)


def _cell_starts(line: str, delimiter: str, count: int) -> list[int]:
    """The 1-based character column where each of the header's ``count`` cells starts
    (outside quotes); a header whose quoting spans lines gets the columns it can tell."""
    starts = [1]
    quoted = False
    for index, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            starts.append(index + 2)
    starts = starts[:count]
    return starts + [starts[-1]] * (count - len(starts))


def _wide_row(
    columns: list[str],
    folded: list[str],
    record: list[str],
    where: str,
    headers: list[tuple[str, int, int]],
) -> InputRow:
    values = dict(zip(folded, record, strict=False))
    as_of = (values.get(AS_OF) or "").strip() or None
    assignments = tuple(
        Assignment(column, value, as_of, header=header)
        for column, key, value, header in zip(columns, folded, record, headers, strict=False)
        if key not in (NOTE, AS_OF) and value != ""
    )
    return InputRow(values.get(NOTE, "").strip(), assignments, where)


# -- objects --------------------------------------------------------------------------------


def _jsonl_rows(stream: IO[str], name: str) -> Iterator[InputRow]:
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        yield object_row(_json(line, where), where)


def _document_rows(text: str, name: str, kind: str) -> Iterator[InputRow]:
    data = _load_document(text, name, kind)
    if isinstance(data, Mapping) and NOTE not in data:
        for number, (note, values) in enumerate(data.items(), 1):
            where = f"{name}: entry {number}"
            if not isinstance(values, Mapping):
                yield InputRow(
                    str(note), (), where, _bad(where, "a note's values must be a mapping")
                )
                continue
            yield object_row({NOTE: note, **values}, where)
        return
    items: Iterable[Any] = data if isinstance(data, list) else [data]
    for number, item in enumerate(items, 1):
        yield object_row(item, f"{name}: item {number}")


def _load_document(text: str, name: str, kind: str) -> Any:
    if kind == "json":
        return _json(text, name)
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return YAML(typ="safe", pure=True).load(text)
    except YAMLError as exc:
        raise UsageError(f"{name}: not valid YAML: {exc}") from None
    except RecursionError:
        raise _too_deep(name) from None


def _json(text: str, where: str) -> Any:
    """JSON text, refusing a key given twice with two values (which would be last-wins)."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for key, value in items:
            if key in seen and seen[key] != value:
                raise UsageError(
                    f"{where}: the key {key!r} is given twice, as {seen[key]!r} and {value!r}",
                    hint="keep one of the two values",
                )
            seen[key] = value
        return seen

    try:
        return json.loads(text, object_pairs_hook=pairs)
    except RecursionError:
        raise _too_deep(where) from None
    except ValueError as exc:
        raise UsageError(f"{where}: not valid JSON: {exc}") from None


def _too_deep(where: str) -> UsageError:
    return UsageError(
        f"{where}: the input is nested too deeply to be rows of values",
        hint='give one object per row: {"note": ..., "field": value}',
    )


def _bad(where: str, message: str) -> UsageError:
    return UsageError(f"{message}", path=where)


def object_row(data: Any, where: str) -> InputRow:
    if not isinstance(data, Mapping):
        return InputRow("", (), where, _bad(where, "each row must be an object with a 'note' key"))
    keys = {str(k).casefold(): k for k in data}
    note = data.get(keys.get(NOTE, NOTE))
    if note is None or not str(note).strip():
        return InputRow("", (), where, _bad(where, "this row has no 'note'"))
    note = str(note).strip()
    raw_as_of = data.get(keys.get(AS_OF, AS_OF))
    as_of = value_text(raw_as_of) if raw_as_of is not None else None
    try:
        if set(keys) <= LONG and ("address" in keys or "field" in keys):
            kind = ADDRESS if "address" in keys else FIELD
            target = data.get(keys.get("address", "")) or data.get(keys.get("field", ""))
            value = data.get(keys.get("value", "value"))
            if not target:
                return InputRow(note, (), where, _bad(where, f"this row has no {kind}"))
            if value is None:
                return InputRow(note, (), where)
            assignment = _assignment(str(target), value, as_of, kind, where)
            return InputRow(note, (assignment,), where)
        assignments = tuple(
            _assignment(str(key), value, as_of)
            for key, value in data.items()
            if str(key).casefold() not in (NOTE, AS_OF) and value is not None
        )
    except ValueRefusedError as exc:
        return InputRow(note, (), where, exc.with_path(where))
    return InputRow(note, assignments, where)


def _assignment(
    target: str, value: Any, as_of: str | None, kind: str = "auto", origin: str = ""
) -> Assignment:
    """An object's value as an assignment: a scalar as its text; a list or mapping as plain
    data, which only an unchanged value accepts (an export of lists fed back)."""
    from scaffold.bulk.plain import is_structured, plain

    if is_structured(value):
        data = plain(value)
        text = json.dumps(data, ensure_ascii=False)
        return Assignment(target, text, as_of, kind, origin, data=data)
    return Assignment(target, value_text(value), as_of, kind, origin)


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
