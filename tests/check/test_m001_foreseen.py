"""M001 names a lagging note's steps without migrating it when they can be foreseen, and
makes its fix (the migration) only when the fix is read; the steps named and the fix are
exactly what ``scaffold migrate`` decides and writes."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from scaffold.check.config import parse_config
from scaffold.check.runner import Checker
from scaffold.cli.main import main
from scaffold.entities import evolve
from scaffold.entities.library import Library
from scaffold.migration.note import foreseen, migrate_note
from scaffold.note.parsed import ParsedNote
from tests.check.conftest import run_check

SEED = (Path(__file__).resolve().parents[1] / "fixtures" / "Llama.md").read_text()
ROWS = ("Parent", "Category", "Downloads", "Flagship", "License", "Launched")


def _variants() -> list[str]:
    """Seed-like product notes lacking some Quick stats rows, the Download trajectory
    section, or both; with no version, version 1 or version 2 recorded."""
    base = "---\ntype: product\naliases: [Meta Llama]\n" + SEED.split("---\n", 2)[2].join(
        ["---\n", ""]
    )
    notes = []
    lines = base.split("\n")
    for k in range(4):
        for gone in itertools.combinations(ROWS, k):
            text = "\n".join(ln for ln in lines if not any(ln.startswith(f"| {r} |") for r in gone))
            notes.append(text)
    start = base.index("## Download trajectory")
    notes.append(base[:start] + base[base.index("## Llama 4 family") :])
    versioned = [n.replace("type: product\n", f"type: product\nversion: {v}\n") for n in notes[:8]
                 for v in (1, 2)]  # fmt: skip
    return notes + versioned


def _fields(migrated: object) -> tuple[list[str], object]:
    return [d.step.describe() for d in migrated.applied], migrated.version  # type: ignore[attr-defined]


def test_foreseen_steps_are_the_steps_migrate_takes(tmp_path: Path) -> None:
    library = Library(tmp_path)
    ttype = library.get("product")
    told = 0
    for text in _variants():
        note = ParsedNote(text, path="Llama.md")
        ctx = evolve.Context(library, ttype, "Llama")
        fore = foreseen(ctx, note)
        full = migrate_note(evolve.Context(library, ttype, "Llama"), note, allow_destructive=True)
        if fore is None:
            continue
        told += 1
        assert fore.note is note  # nothing was edited
        assert _fields(fore) == _fields(full), text
    assert told >= 40  # the common case (rows missing) is foreseen, not migrated


def test_foreseen_gives_way_when_an_applied_step_could_change_a_later_one(tmp_path: Path) -> None:
    from tests.migrate.conftest import ANSWERS, Gadgets

    gadgets = Gadgets(tmp_path / "vault")
    old = gadgets.render(1, ANSWERS)
    gadgets.install(3)  # rename_key, rename_row, then a move of the renamed row
    library = Library(gadgets.root)
    ctx = evolve.Context(library, library.get("gadget"), "Widget")
    assert foreseen(ctx, ParsedNote(old, path="Widget.md")) is None


@pytest.fixture
def lagging(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    (root / ".obsidian").mkdir(parents=True)
    text = SEED.replace("| Launched |", "| Started |")  # so add_row Launched applies
    text = "---\ntype: product\n" + text.split("---\n", 1)[1]
    for i in range(3):
        (root / f"Note {i}.md").write_text(text.replace("Llama", f"Note {i}"))
    return root


def test_the_fix_is_made_only_when_read_and_is_the_migration(lagging: Path) -> None:
    checker = Checker(lagging, parse_config({}))
    text = (lagging / "Note 0.md").read_text()
    found = [d for d in checker.check_text(text, path="Note 0.md", rel="Note 0.md")
             if d.code == "M001"]  # fmt: skip
    assert len(found) == 1 and "add_row Quick stats > Launched" in found[0].message
    (fix,) = found[0].fixes
    assert not fix.made
    (edit,) = fix.edits
    assert fix.made
    fixed = text[: edit.start] + edit.new + text[edit.end :]
    assert main(["migrate", "product", "--vault", str(lagging), "--yes", "-q"]) == 0
    assert (lagging / "Note 0.md").read_text() == fixed
    assert "M001" not in [d.code for d in run_check(lagging, fixed, name="Note 0.md")]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_check_json_carries_the_fix_and_text_output_names_the_steps(
    lagging: Path, jobs: str, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = ["--vault", str(lagging), "--jobs", jobs, "--select", "M"]
    assert main(["check", *vault, "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)["diagnostics"]
    assert len(found) == 3
    for d in found:
        (fix,) = d["fixes"]
        assert fix["title"] == "Migrate the note to product version 2" and fix["edits"]
    assert main(["check", *vault]) == 1
    out = capsys.readouterr().out
    assert out.count("add_row Quick stats > Launched [M001]") == 3
