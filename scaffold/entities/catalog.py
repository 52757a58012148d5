"""The entity types of a vault as data: what ``templates list`` and ``templates show`` say,
and each type's fields and their places, so a client can learn what it may set."""

from __future__ import annotations

from pathlib import Path

from scaffold.entities.convert import as_data
from scaffold.entities.fields import fields_of
from scaffold.entities.library import Library, TemplateType
from scaffold.entities.questions import Question
from scaffold.errors import TemplateError


def origin_text(library: Library, ttype: TemplateType) -> str:
    """Where a type comes from, as ``templates list`` shows it: ``built-in``, or ``vault
    (FOLDER)`` with ``, overrides built-in`` when it replaces one."""
    if ttype.origin == "built-in":
        return "built-in"
    where = ttype.folder
    if library.vault is not None and where.is_relative_to(library.vault):
        where = where.relative_to(library.vault)
    extra = ", overrides built-in" if ttype.overrides else ""
    return f"vault{extra} ({where.as_posix()})"


def type_list(vault: Path | None) -> list[dict[str, object]]:
    """Every type of the vault's library: name, origin (and ``from``, as a person reads it),
    folder, description; a broken type is listed with its error instead, so one bad folder
    does not hide the others."""
    library = Library(vault)
    entries: list[dict[str, object]] = []
    for name in library.names():
        try:
            ttype = library.get(name)
        except TemplateError as exc:
            entries.append(
                {
                    "name": name,
                    "origin": "?",
                    "from": "?",
                    "description": f"BROKEN: {exc}",
                    "error": exc.to_dict(),
                }
            )
            continue
        entries.append(
            {
                "name": ttype.name,
                "origin": ttype.origin,
                "from": origin_text(library, ttype),
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
        "default": as_data(q.default),
        "required": q.required,
        "pattern": q.pattern,
        "min": as_data(q.min),
        "max": as_data(q.max),
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
        "from": origin_text(library, ttype),
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


def describe_text(vault: Path | None, name: str) -> str:
    """The type ``name`` as ``templates show TYPE`` prints it for a person: where it comes
    from, the chain it extends, its path and link-back default, and each question."""
    library = Library(vault)
    ttype = library.get(name)
    spec = ttype.spec
    chain = library.chain(ttype)
    out = [
        f"{ttype.name}: {spec.description}",
        f"  from:      {origin_text(library, ttype)}  {ttype.folder}",
        "  extends:   " + " -> ".join(f"{n} ({o})" for n, o, _ in chain),
        f"  path:      {spec.path}",
        f"  link-back: {'on' if spec.link_back else 'off'} by default (--link-back/--no-link-back)",
    ]
    if library.sandboxed:
        out.append("  renders in Jinja2's sandbox (the vault has templates)")
    out.append("\nquestions (answer with --set NAME=VALUE):")
    for q in spec.questions:
        flags = ["required"] if q.required else []
        if not q.ask:
            flags.append("not asked")
        marks = f"  [{', '.join(flags)}]" if flags else ""
        label, help_text = q.prompt_texts({})  # answers not given show as their NAME
        out.append(f"  {q.name:<14} {q.type:<10} {label}{marks}")
        out.extend(f"  {'':<14} {'':<10} {detail}" for detail in _details(q, help_text))
    return "\n".join(out) + "\n"


def _details(q: Question, help_text: str) -> list[str]:
    details = []
    if help_text:
        details.append(help_text)
    if q.default not in (None, "", []):
        details.append(f"default: {_shown(q.default)}")
    if q.choices:
        details.append("choices: " + ", ".join(c.value for c in q.choices))
    if q.pattern:
        details.append(f"pattern: {q.pattern}")
    if q.min is not None or q.max is not None:
        low = "" if q.min is None else _shown(q.min)
        high = "" if q.max is None else _shown(q.max)
        details.append(f"range: {low}..{high}")
    if q.when is not True:
        details.append(f"when: {q.when}")
    if q.bind:
        details.append(f"bind: {q.bind}")
    if q.backlink:
        details.append(f"link-back relation: {q.backlink}")
    return details


def _shown(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "(empty)"
    return str(value)
