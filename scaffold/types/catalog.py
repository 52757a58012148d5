"""The entity types of a vault as data: what ``templates list`` and ``templates show`` say,
and each type's fields and their places, so a client can learn what it may set."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from scaffold.errors import TemplateError
from scaffold.types.fields import fields_of
from scaffold.types.library import Library
from scaffold.types.questions import Question


def _plain(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def type_list(vault: Path | None) -> list[dict[str, object]]:
    """Every type of the vault's library: name, origin, folder, description; a broken type
    is listed with its error instead, so one bad folder does not hide the others."""
    library = Library(vault)
    entries: list[dict[str, object]] = []
    for name in library.names():
        try:
            ttype = library.get(name)
        except TemplateError as exc:
            entries.append({"name": name, "origin": "?", "error": exc.to_dict()})
            continue
        entries.append(
            {
                "name": ttype.name,
                "origin": ttype.origin,
                "overrides": ttype.overrides,
                "folder": str(ttype.folder),
                "description": ttype.spec.description,
            }
        )
    return entries


def question_dict(q: Question) -> dict[str, object]:
    """One question as ``templates show --json`` gives it."""
    return {
        "name": q.name,
        "type": q.type,
        "label": q.prompt_label,
        "help": q.help,
        "default": _plain(q.default),
        "required": q.required,
        "pattern": q.pattern,
        "min": _plain(q.min),
        "max": _plain(q.max),
        "choices": [{"value": c.value, "label": c.label} for c in q.choices],
        "when": q.when,
        "ask": q.ask,
        "bind": q.bind,
        "backlink": q.backlink,
    }


def describe(vault: Path | None, name: str) -> dict[str, object]:
    """The type ``name``: its questions, the chain of templates it extends, and its fields
    (the bound questions ``update`` takes by name) with their places and history table.
    ``{{ name }}`` in a place stands for the note's name."""
    library = Library(vault)
    ttype = library.get(name)
    spec = ttype.spec
    return {
        "name": ttype.name,
        "origin": ttype.origin,
        "overrides": ttype.overrides,
        "folder": str(ttype.folder),
        "description": spec.description,
        "path": spec.path,
        "link_back": spec.link_back,
        "sandboxed": library.sandboxed,
        "chain": [{"template": n, "origin": o, "file": str(p)} for n, o, p in library.chain(ttype)],
        "questions": [question_dict(q) for q in spec.questions],
        "fields": [
            {
                "name": f.name,
                "type": f.question.type,
                "places": list(f.places),
                "frontmatter": f.is_frontmatter,
                "history": f.history.table if f.history else None,
            }
            for f in fields_of(spec).values()
        ],
    }
