"""What a new note is called and where it goes: the name rules, the note's path, a name or
alias another note already answers to, and links written with their note's real name.

The same rules run twice: at the name's own prompt (:func:`prompt_checks`, so a person fixes
a taken name where they typed it) and in :func:`scaffold.generate.plan.plan_note`, which every
run goes through.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from scaffold.errors import NoteExistsError, TemplateError

if TYPE_CHECKING:
    from scaffold.entities.library import Library, TemplateType
    from scaffold.vault.index import VaultIndex

# Obsidian refuses these in file names, or they break [[links]] to the note.
_FORBIDDEN = '[]#^|\\:*"<>?/'


def note_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a note's file name in a vault, or None when it can.

    Refuses names that would leave the vault or land in another folder, and characters that
    Obsidian forbids in note names or that break ``[[links]]`` to the note.
    """
    if not name.strip():
        return "a note needs a name"
    if name in (".", "..") or name.startswith("../") or "/../" in name or name.endswith("/.."):
        return f"{name!r} would leave the vault"
    if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:[\\/]", name):
        return f"{name!r} is an absolute path; give a plain note name"
    if "/" in name or "\\" in name:
        return f"{name!r} contains a path separator; a note name cannot put the note in a folder"
    bad = sorted({ch for ch in name if ch in _FORBIDDEN or ord(ch) < 32})
    if bad:
        shown = " ".join(repr(ch) for ch in bad)
        return f"{name!r} contains {shown}, which Obsidian does not allow in note names"
    if name.startswith("."):
        return f"{name!r} starts with '.', which hides the note from Obsidian"
    if name != name.strip() or name.endswith("."):
        return f"{name!r} starts or ends with a space or ends with '.'"
    return None


# --- where the note goes --------------------------------------------------------------------


def note_path(
    library: Library, ttype: TemplateType, context: Mapping[str, object], vault: Path
) -> Path:
    rendered = library.render_string(ttype.spec.path, context, f"path of type {ttype.name!r}")
    rendered = rendered.strip()
    pure = PurePosixPath(rendered.replace("\\", "/"))
    where = ttype.folder / "questions.yaml"
    if not rendered or pure.is_absolute() or ".." in pure.parts or re.match(r"[A-Za-z]:", rendered):
        raise TemplateError(
            f"type {ttype.name!r}: path {rendered!r} would leave the vault",
            path=where,
            hint="a path pattern is relative to the vault, e.g. 'Products/{{ name }}.md'",
        )
    if pure.suffix != ".md":
        raise TemplateError(
            f"type {ttype.name!r}: path {rendered!r} does not end in .md", path=where
        )
    path = (vault / Path(*pure.parts)).resolve()
    if not path.is_relative_to(vault):
        raise TemplateError(
            f"type {ttype.name!r}: path {rendered!r} resolves outside the vault ({path})",
            path=where,
            hint="a folder in the pattern is a symlink leading out of the vault",
        )
    return path


def check_name_free(index: VaultIndex, name: str, aliases: object, path: Path, vault: Path) -> None:
    names = [name, *(aliases if isinstance(aliases, list) else [])]
    for wanted in names:
        other = name_taken(index, str(wanted), path)
        if other is not None:
            what = "name" if wanted == name else "alias"
            raise NoteExistsError(
                f"this note is already called {wanted!r} (by file name or alias), so the new "
                f"note's {what} would make [[{wanted}]] ambiguous; nothing was written",
                path=other,
                hint="pick another name, or pass --force to write anyway",
            )


def name_taken(index: VaultIndex, wanted: str, path: Path | None = None) -> Path | None:
    """Another note (not ``path``) that already answers to ``wanted`` by name or alias."""
    others = [p for p in index.lookup(wanted) if path is None or p.resolve() != path]
    return others[0] if others else None


def prompt_checks(
    library: Library,
    ttype: TemplateType,
    vault: Path,
    index: VaultIndex,
    *,
    force: bool,
    day: dt.date,
) -> dict[str, Callable[[object, Mapping[str, object]], str | None]]:
    """Checks that need the vault, run where the answer is typed (``name`` and ``aliases``):
    ``{question name: check(value, earlier answers) -> problem or None}``. The same rules as
    :func:`~scaffold.generate.plan.plan_note`, so a name refused at the end is refused at its
    own prompt instead. ``day`` is the creation date, for a path pattern that uses it."""
    vault = vault.resolve()

    def where(path: Path) -> str:
        return path.relative_to(vault).as_posix() if path.is_relative_to(vault) else str(path)

    def check_name(value: object, context: Mapping[str, object]) -> str | None:
        name = str(value)
        problem = note_name_problem(name)
        if problem:
            return problem
        full = {"today": day, "created": day, **context, "name": name, "type_name": ttype.name}
        try:
            path: Path | None = note_path(library, ttype, full, vault)
        except TemplateError:  # the path needs answers not given yet: checked at the end
            path = None
        if path is not None and path.exists() and not force:
            return f"{where(path)} already exists; pick another name"
        other = name_taken(index, name, path)
        if other is not None and not force:
            return f"[[{name}]] already names {where(other)} (by file name or alias)"
        return None

    def check_aliases(value: object, context: Mapping[str, object]) -> str | None:
        for alias in value if isinstance(value, list) else []:
            other = name_taken(index, str(alias), None)
            if other is not None and not force and other.stem != context.get("name"):
                return f"{alias!r} already names {where(other)} (by file name or alias)"
        return None

    return {"name": check_name, "aliases": check_aliases}


def canonical_links(
    ttype: TemplateType, answers: Mapping[str, object], index: VaultIndex
) -> tuple[dict[str, object], tuple[str, ...]]:
    """Answers with every link to a vault note written with the note's real name: ``claude``
    becomes ``Claude``, and an alias (``Facebook``) the name of its note (``Meta``), since
    Obsidian resolves links by name. Returns the answers and a note per link rewritten."""
    fixed = dict(answers)
    notes: list[str] = []

    def real(name: str) -> str:
        found = {p.stem for p in index.lookup(name)}
        if len(found) != 1:
            return name
        (stem,) = found
        if stem != name:
            notes.append(f"[[{name}]] is written [[{stem}]], the note's name")
        return stem

    for question in ttype.spec.questions:
        value = fixed.get(question.name)
        if not question.links_notes or question.is_empty(value):
            continue
        if question.type == "wikilink":
            fixed[question.name] = real(str(value))
        elif question.type == "wikilinks" and isinstance(value, list):
            fixed[question.name] = _unique([real(str(v)) for v in value])
        elif isinstance(value, list):  # rows of notes
            fixed[question.name] = [(real(str(k)), v) for k, v in value]
    return fixed, tuple(notes)


def _unique(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return out
