"""What a vault offers to complete a command line with: note names and aliases, type names,
a note's addresses, a type's questions (``scaffold completion``'s completers ask these)."""

from __future__ import annotations

from pathlib import Path

from scaffold.entities.library import Library
from scaffold.errors import ScaffoldError
from scaffold.note.addressing import matching
from scaffold.note.body.inline import strip_markup
from scaffold.note.parsed import ParsedNote
from scaffold.vault.files import read_note
from scaffold.vault.index import VaultIndex
from scaffold.vault.names import resolve_note


def note_names(vault: Path) -> list[str]:
    """Every note's name, then every alias, as ``[[`` links and NOTE arguments take them."""
    index = VaultIndex.build(vault)
    return index.names() + sorted(set(index.alias_text.values()))


def type_names(vault: Path) -> list[str]:
    """The entity types of the vault and the built-in ones."""
    return Library(vault).names()


def question_names(vault: Path, type_name: str) -> list[str]:
    """The questions of ``type_name`` (none for an unknown or broken type)."""
    try:
        ttype = Library(vault).get(type_name)
    except ScaffoldError:
        return []
    return [q.name for q in ttype.spec.questions]


def field_names(vault: Path, type_name: str | None = None) -> list[str]:
    """The fields of ``type_name`` (what ``update --set FIELD=`` and ``export FIELD`` take),
    or with no type, of every type of the vault, each once (none for an unknown type)."""
    from scaffold.entities.fields import fields_of

    library = Library(vault)
    names = [type_name] if type_name else library.names()
    found: dict[str, None] = {}
    for name in names:
        try:
            ttype = library.get(name)
        except ScaffoldError:
            continue
        found.update(dict.fromkeys(fields_of(ttype.spec)))
    return list(found)


def address_candidates(vault: Path, note: str, prefix: str) -> list[str]:
    """Addresses of ``note`` to complete ``prefix`` with: its frontmatter keys and
    ``Section >`` names; after ``Section >``, the rows of that section's table. None when
    the note cannot be read."""
    try:
        found: ParsedNote = read_note(resolve_note(note, vault=vault))
    except ScaffoldError:
        return []
    if ">" in prefix:
        return _rows(found, prefix.rsplit(">", 1)[0])
    keys = [str(k) for k in found.data] if isinstance(found.data, dict) else []
    return keys + [f"{s.heading.name} >" for s in found.body.sections if s.heading and s.tables]


def _rows(note: ParsedNote, section: str) -> list[str]:
    try:
        table = matching.first_table(matching.find_section(note.body, note.lines, section.strip()))
    except ScaffoldError:
        return []
    head = section.strip()
    return [f"{head} > {strip_markup(r.cells[0].text)}" for r in table.rows if r.cells]
