"""Properties of the migration engine on the ``gadget`` type (versions 1 -> 3).

1. For random answers ``a``, migrating ``render_v1(a)`` gives exactly ``render_v3(a)``.
2. User edits outside the migrated places (extra rows, prose, comments, key order, CRLF, a BOM,
   a missing final newline) survive byte for byte: migrating ``edited(render_v1(a))`` gives
   ``edited(render_v3(a))``, the same edits made to the note version 3 writes.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scaffold.entities.evolve import Context
from scaffold.entities.library import Library
from scaffold.migration.note import migrate_note
from scaffold.note.parsed import ParsedNote
from tests.migrate.conftest import Gadgets

_TEXT = st.text(
    alphabet=st.characters(
        whitelist_categories=("Lu", "Ll", "Nd", "Zs", "Po", "Sc", "Sm"),
        blacklist_characters="|\\`*_[]<>#",
    ),
    max_size=12,
).map(str.strip)
ANSWERS = st.fixed_dictionaries(
    {
        "name": st.from_regex(r"[A-Z][a-z]{1,8}", fullmatch=True),
        "maker": _TEXT,
        "price": _TEXT,
        "weight": _TEXT,
        "colour": _TEXT,
    }
)


def _migrated(vault: Path, text: bytes, name: str) -> bytes:
    library = Library(vault)
    note = ParsedNote.from_bytes(text, path=f"{name}.md")
    ctx = Context(library, library.get("gadget"), name)
    return migrate_note(ctx, note).note.to_bytes()


def _renders(tmp_path: Path, answers: dict[str, str]) -> tuple[Gadgets, str, str]:
    gadgets = Gadgets(tmp_path / "vault")
    v3 = gadgets.render(3, answers)
    v1 = gadgets.render(1, answers)
    gadgets.install(3)
    return gadgets, v1, v3


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=ANSWERS)
def test_migrating_v1_gives_the_bytes_v3_writes(tmp_path: Path, answers: dict[str, str]) -> None:
    gadgets, v1, v3 = _renders(tmp_path, answers)
    assert v1 != v3
    got = _migrated(gadgets.root, v1.encode(), answers["name"])
    assert got.decode() == v3
    # and a note already at version 3 is left alone, byte for byte
    assert _migrated(gadgets.root, v3.encode(), answers["name"]) == v3.encode()


EDITS = st.fixed_dictionaries(
    {
        "rows": st.lists(
            st.tuples(st.sampled_from(["Extra", "Notes", "Size"]), _TEXT),
            max_size=3,
            unique_by=lambda r: r[0],
        ),
        "prose": st.lists(_TEXT.filter(bool), max_size=2),
        "comment": st.booleans(),
        "reorder": st.booleans(),
        "tail": st.booleans(),
        "crlf": st.booleans(),
        "bom": st.booleans(),
        "no_final_newline": st.booleans(),
    }
)


def _edited(text: str, version: int, edits: dict[str, object]) -> bytes:
    """The same user edits, made to a note of either version (``version`` only decides how
    many cells an added row has: version 3's Stats table has a Source column)."""
    lines = text.split("\n")
    if edits["reorder"]:  # `created:` first in the frontmatter
        created = next(i for i, line in enumerate(lines) if line.startswith("created:"))
        lines.insert(1, lines.pop(created))
    if edits["comment"]:
        at = next(i for i, line in enumerate(lines) if line.startswith("type:"))
        lines.insert(at + 1, "# kept: a comment the user wrote")
    for prose in edits["prose"]:  # type: ignore[attr-defined]
        at = next(i for i, line in enumerate(lines) if line.startswith("**"))
        lines[at + 1 : at + 1] = ["", f"A note: {prose}"]
    price = next(i for i, line in enumerate(lines) if line.startswith("| Price |"))
    for key, value in reversed(edits["rows"]):  # type: ignore[call-overload]
        extra = " — |" if version == 3 else ""
        lines.insert(price, f"| {key} | {value} |{extra}")
    if edits["tail"]:
        lines[-1:-1] = ["", "- [[Elsewhere]] — a link the user added"]
    out = "\n".join(lines)
    if edits["no_final_newline"]:
        out = out.rstrip("\n")
    if edits["crlf"]:
        out = out.replace("\n", "\r\n")
    return ("\ufeff" if edits["bom"] else "").encode() + out.encode()


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=ANSWERS, edits=EDITS)
def test_user_edits_outside_the_migrated_places_survive(
    tmp_path: Path, answers: dict[str, str], edits: dict[str, object]
) -> None:
    gadgets, v1, v3 = _renders(tmp_path, answers)
    before = _edited(v1, 1, edits)
    got = _migrated(gadgets.root, before, answers["name"])
    assert got == _edited(v3, 3, edits)
