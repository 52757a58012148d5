"""How a note's structure differs from what its type's current template would write for it:
missing and extra sections, table rows and frontmatter keys. So a vault owner can see what a
migration would need to say."""

from __future__ import annotations

from typing import Any

from scaffold.note.body.inline import fold
from scaffold.note.body.model import Section
from scaffold.note.parsed import ParsedNote


def drift(note: ParsedNote, model: ParsedNote) -> dict[str, list[str]]:
    """``{missing_sections, extra_sections, missing_rows, extra_rows, missing_keys,
    extra_keys}``; rows as ``SECTION > ROW``, compared in sections both have."""
    mine, theirs = _sections(note), _sections(model)
    out: dict[str, list[str]] = {
        "missing_sections": [theirs[k][0] for k in theirs if k not in mine],
        "extra_sections": [mine[k][0] for k in mine if k not in theirs],
        "missing_rows": [],
        "extra_rows": [],
    }
    for key, (name, section) in theirs.items():
        if key not in mine:
            continue
        want, have = _rows(section), _rows(mine[key][1])
        out["missing_rows"] += [f"{name} > {r}" for f, r in want.items() if f not in have]
        out["extra_rows"] += [f"{name} > {r}" for f, r in have.items() if f not in want]
    keys, model_keys = _keys(note), _keys(model)
    out["missing_keys"] = [k for k in model_keys if k not in keys]
    out["extra_keys"] = [k for k in keys if k not in model_keys]
    return out


def _sections(note: ParsedNote) -> dict[str, tuple[str, Section]]:
    found: dict[str, tuple[str, Section]] = {}
    for section in note.body.sections:
        if section.heading is not None:
            found.setdefault(fold(section.heading.name), (section.heading.name, section))
    return found


def _rows(section: Section) -> dict[str, str]:
    if not section.tables:
        return {}
    return {fold(r.cells[0].text): r.cells[0].text for r in section.tables[0].rows if r.cells}


def _keys(note: ParsedNote) -> list[str]:
    data: Any = note.data
    return [str(k) for k in data] if isinstance(data, dict) else []
