"""``scaffold mv``: every link to the note is rewritten, nothing else changes, and ``undo``
puts back every byte. Run through the real CLI on real files."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.casefile import Case, read_cases
from tests.conftest import run_main

LLAMA = "---\naliases: [LL]\n---\n# Llama\n\n## Stats\n\nUsers. ^b1\n"


def make_vault(root: Path, other: str = "", where: str = "Other.md") -> Path:
    vault = root / "vault"
    (vault / ".scaffold").mkdir(parents=True)
    (vault / "Models").mkdir()
    (vault / "Llama.md").write_text(LLAMA, encoding="utf-8")
    (vault / "Llamas.md").write_text("# Llamas\n", encoding="utf-8")
    (vault / where).parent.mkdir(parents=True, exist_ok=True)
    (vault / where).write_bytes(other.encode("utf-8"))
    return vault


def snapshot(vault: Path) -> dict[str, str]:
    """Every file of the vault (the journal aside) by path, as a hash of its bytes."""
    return {
        p.relative_to(vault).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(vault.rglob("*"))
        if p.is_file() and ".scaffold" not in p.relative_to(vault).parts
    }


@pytest.mark.parametrize("case", [c.param() for c in read_cases("refactor/mv.md")])
def test_links_are_rewritten_and_undo_restores_every_byte(tmp_path: Path, case: Case) -> None:
    old, new, *rest = case.args
    where = rest[0] if rest else "Other.md"
    vault = make_vault(tmp_path, case.text, where)
    before = snapshot(vault)
    done = run_main("mv", old, new, "--yes", cwd=vault)
    assert done.returncode == 0, done.stderr
    assert (vault / where).read_bytes() == case.expected.encode("utf-8")
    assert not (vault / "Llama.md").exists() or new.casefold() == "llama"
    undone = run_main("undo", cwd=vault)
    assert undone.returncode == 0, undone.stderr
    assert snapshot(vault) == before


def test_the_moved_note_keeps_its_bytes_and_its_own_links_follow_it(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, "[[Llama]]\n")
    (vault / "Models" / "Peer.md").write_text("peer\n", encoding="utf-8")
    (vault / "Models" / "Llama.md").unlink(missing_ok=True)
    text = LLAMA + "Self: [[Llama#Stats]], [[#Stats]]; peer: [[./Models/Peer]]\n"
    (vault / "Llama.md").write_text(text, encoding="utf-8")
    done = run_main("mv", "Llama.md", "Models/Meta Llama.md", "--yes", cwd=vault)
    assert done.returncode == 0, done.stderr
    moved = (vault / "Models" / "Meta Llama.md").read_text(encoding="utf-8")
    assert moved == LLAMA + "Self: [[Meta Llama#Stats]], [[#Stats]]; peer: [[./Peer]]\n"
    assert (vault / "Other.md").read_text(encoding="utf-8") == "[[Meta Llama]]\n"


def test_keep_alias_adds_the_old_name(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, "[[Llama]]\n")
    done = run_main("mv", "Llama", "Meta Llama", "--keep-alias", "--yes", cwd=vault)
    assert done.returncode == 0, done.stderr
    moved = (vault / "Meta Llama.md").read_text(encoding="utf-8")
    assert moved == LLAMA.replace("aliases: [LL]", "aliases: [LL, Llama]")
    # undo takes back the alias with the rest
    assert run_main("undo", cwd=vault).returncode == 0
    assert (vault / "Llama.md").read_text(encoding="utf-8") == LLAMA
    assert not (vault / "Meta Llama.md").exists()


def test_keep_alias_makes_the_list_when_there_is_none(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, "[[Llama]]\n")
    (vault / "Llama.md").write_text("# Llama\n", encoding="utf-8")
    assert run_main("mv", "Llama", "Meta", "--keep-alias", "--yes", cwd=vault).returncode == 0
    assert (vault / "Meta.md").read_text(encoding="utf-8") == (
        "---\naliases:\n  - Llama\n---\n# Llama\n"
    )


@pytest.mark.parametrize(
    ("new", "code", "says"),
    [
        ("Llamas", 9, "a file is already there"),  # another note's file
        ("llamas", 9, "is taken by Llamas.md"),  # its name, by case
        ("Models/Llamas.md", 9, "is taken by Llamas.md"),  # another note's name elsewhere
        ("Big", 9, "alias of Other.md"),  # another note's alias
        ("../Outside", 3, "outside the vault"),
        (".trash/Llama", 2, "hidden"),
        ("a|b", 2, "cannot hold"),
        ("a#b", 2, "cannot hold"),
        ("Llama", 2, "already there"),
    ],
)
def test_refused_moves_write_nothing(tmp_path: Path, new: str, code: int, says: str) -> None:
    vault = make_vault(tmp_path, "---\naliases: [Big]\n---\n[[Llama]]\n")
    before = snapshot(vault)
    done = run_main("mv", "Llama", new, "--yes", cwd=vault)
    assert done.returncode == code, done.stderr
    assert says in done.stderr
    assert snapshot(vault) == before
    assert not (vault / ".scaffold" / "runs").exists() or not any(
        p.is_dir() for p in (vault / ".scaffold" / "runs").iterdir()
    )


def test_a_missing_note_is_exit_3(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, "")
    done = run_main("mv", "Nope", "Other name", cwd=vault)
    assert done.returncode == 3
    assert "no note named 'Nope'" in done.stderr


def test_dry_run_and_json_write_nothing(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, "[[Llama]] and [[Llama#Stats|s]]\n")
    before = snapshot(vault)
    done = run_main("mv", "Llama", "Meta Llama", "--dry-run", "--json", cwd=vault)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["ok"] and report["dry_run"]
    assert (report["old"], report["new"], report["links"]) == ("Llama.md", "Meta Llama.md", 2)
    assert report["notes"] == [
        {
            "path": "Other.md",
            "links": [
                {
                    "line": 1,
                    "old": "Llama",
                    "new": "Meta Llama",
                    "frontmatter": False,
                    "markdown": False,
                },
                {
                    "line": 1,
                    "old": "Llama",
                    "new": "Meta Llama",
                    "frontmatter": False,
                    "markdown": False,
                },
            ],
        }
    ]
    assert snapshot(vault) == before
    text = run_main("mv", "Llama", "Meta Llama", "--dry-run", cwd=vault)
    assert "would rename Llama.md -> Meta Llama.md" in text.stdout
    assert "Other.md:1: [[Llama]] -> [[Meta Llama]]" in text.stdout
    assert snapshot(vault) == before


def test_json_run_names_the_journal(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, "[[Llama]]\n")
    done = run_main("mv", "Llama", "Meta Llama", "--json", cwd=vault)
    report = json.loads(done.stdout)
    assert report["run"] and not report["dry_run"]
    assert sorted(report["written"]) == ["Llama.md", "Meta Llama.md", "Other.md"]
    runs = run_main("runs", "--json", cwd=vault)
    assert report["run"] in runs.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_diff_applies_with_git_and_gives_what_mv_writes(tmp_path: Path) -> None:
    other = '---\nup: "[[Llama]]"\n---\n[[Llama|x]] ![[Llama#Stats]]\n'
    vault = make_vault(tmp_path, other)
    (vault / "Llama.md").write_text(LLAMA + "[[Llama#Stats]]\n", encoding="utf-8")
    patch = run_main("mv", "Llama", "Models/Meta Llama", "--dry-run", "--diff", cwd=vault)
    assert patch.returncode == 0, patch.stderr
    assert patch.stdout.startswith("diff --git a/Llama.md b/Models/Meta Llama.md\n")
    assert "would rename" in patch.stderr  # the plan goes to stderr with --diff
    copy = tmp_path / "copy"
    shutil.copytree(vault, copy)
    git = ["git", "-c", "core.quotepath=false"]
    applied = subprocess.run(
        [*git, "apply", "-"], cwd=copy, input=patch.stdout.encode(), capture_output=True
    )
    assert applied.returncode == 0, applied.stderr.decode()
    assert run_main("mv", "Llama", "Models/Meta Llama", "--yes", cwd=vault).returncode == 0
    assert snapshot(copy) == snapshot(vault)


def test_a_note_changed_after_planning_stops_the_whole_move(tmp_path: Path) -> None:
    from scaffold import api
    from scaffold.errors import VerifyError

    vault = make_vault(tmp_path, "[[Llama]]\n")
    (vault / "Third.md").write_text("[[Llama]]\n", encoding="utf-8")
    plan = api.plan_move(vault, "Llama", "Meta Llama")
    (vault / "Third.md").write_text("[[Llama]] edited\n", encoding="utf-8")
    before = snapshot(vault)
    with pytest.raises(VerifyError, match="changed after scaffold read it"):
        api.apply_move(plan)
    assert snapshot(vault) == before


def test_the_api_moves_and_undo_restores(tmp_path: Path) -> None:
    from scaffold import api

    vault = make_vault(tmp_path, "[[Llama]]\n")
    before = snapshot(vault)
    moved = api.move_note(vault, "Llama", "Meta Llama")
    assert moved.run is not None
    assert (vault / "Other.md").read_text(encoding="utf-8") == "[[Meta Llama]]\n"
    outcome = api.undo(vault)
    assert outcome.summary.failed == 0
    assert snapshot(vault) == before


def test_undo_refuses_to_remove_a_new_note_edited_since(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, "[[Llama]]\n")
    assert run_main("mv", "Llama", "Meta Llama", "--yes", cwd=vault).returncode == 0
    with (vault / "Meta Llama.md").open("a", encoding="utf-8") as handle:
        handle.write("edited after the move\n")
    done = run_main("undo", cwd=vault)
    assert done.returncode == 10
    assert (vault / "Meta Llama.md").read_text(encoding="utf-8").endswith("edited after the move\n")


def test_a_quoted_quote_in_a_frontmatter_link_is_the_name_it_stands_for(tmp_path: Path) -> None:
    """``'[[Meta''s Llama]]'`` links to Meta's Llama (YAML's escaped quote), so ``check``
    finds it, and ``mv`` can rename the note again."""
    from scaffold import api
    from scaffold.note.parsed import ParsedNote
    from scaffold.note.wikilinks import find_links

    note = ParsedNote("---\nup: '[[Meta''s Llama#Stats]]'\n---\n")
    assert [(link.target, link.anchor) for link in find_links(note)] == [("Meta's Llama", "Stats")]
    vault = make_vault(tmp_path, "---\nup: '[[Llama]]'\n---\n")
    assert run_main("mv", "Llama", "Meta's Llama", "--yes", cwd=vault).returncode == 0
    assert api.check(vault, select=["L001"])["diagnostics"] == []
    assert run_main("mv", "Meta's Llama", "Camelid", "--yes", cwd=vault).returncode == 0
    assert (vault / "Other.md").read_text(encoding="utf-8") == "---\nup: '[[Camelid]]'\n---\n"


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_rename_without_changes_to_the_note_applies_with_git_too(tmp_path: Path) -> None:
    """A rename with no hunks, into a folder with a space, followed by another note's diff:
    each note's diff has git's header, or git apply reads it as more of the rename."""
    vault = make_vault(tmp_path, "[[Llama]]\n")
    (vault / "Llama.md").write_text("# Llama\n", encoding="utf-8")
    patch = run_main("mv", "Llama", "Sub dir/Old One", "--dry-run", "--diff", cwd=vault)
    assert patch.returncode == 0, patch.stderr
    copy = tmp_path / "copy"
    shutil.copytree(vault, copy)
    applied = subprocess.run(
        ["git", "apply", "-"], cwd=copy, input=patch.stdout.encode(), capture_output=True
    )
    assert applied.returncode == 0, applied.stderr.decode()
    assert run_main("mv", "Llama", "Sub dir/Old One", "--yes", cwd=vault).returncode == 0
    assert snapshot(copy) == snapshot(vault)


def test_redo_moves_it_again_byte_for_byte(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, '---\nup: "[[Llama]]"\n---\n[[Llama#Stats|s]]\n')
    assert (
        run_main("mv", "Llama", "Models/Meta Llama", "--keep-alias", "--yes", cwd=vault).returncode
        == 0
    )
    moved = snapshot(vault)
    assert run_main("undo", cwd=vault).returncode == 0
    assert (vault / "Llama.md").exists() and not (vault / "Models" / "Meta Llama.md").exists()
    redone = run_main("redo", cwd=vault)
    assert redone.returncode == 0, redone.stderr
    assert snapshot(vault) == moved


def test_a_note_that_links_but_cannot_be_read_stops_the_move(tmp_path: Path) -> None:
    # A Latin-1 note that links to Llama: its link could not be rewritten, so nothing moves.
    vault = make_vault(tmp_path)
    (vault / "Latin.md").write_bytes(b"Caf\xe9 talk about [[Llama]].\n")
    before = snapshot(vault)
    result = run_main("mv", "Llama", "Meta Llama", "--yes", cwd=vault)
    assert result.returncode == 3, result.stderr
    assert "Latin.md:1:4: it links to Llama.md, but cannot be read" in result.stderr
    assert "iconv" in result.stderr and snapshot(vault) == before


def test_an_unreadable_note_that_does_not_link_is_no_obstacle(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, "See [[Llama]].\n")
    (vault / "Latin.md").write_bytes(b"Caf\xe9 about Llama, and [[Llamas]].\n")
    result = run_main("mv", "Llama", "Meta Llama", "--yes", cwd=vault)
    assert result.returncode == 0, result.stderr
    assert (vault / "Other.md").read_text(encoding="utf-8") == "See [[Meta Llama]].\n"
    assert (vault / "Latin.md").read_bytes() == b"Caf\xe9 about Llama, and [[Llamas]].\n"


def test_a_linking_note_with_broken_yaml_is_named_not_blamed_on_the_name(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, "---\ntitle: [oops\n---\nSee [[Llama]].\n")
    before = snapshot(vault)
    result = run_main("mv", "Llama", "Meta Llama", "--yes", cwd=vault)
    assert result.returncode == 4, result.stderr
    assert "Other.md" in result.stderr and "its frontmatter does not parse" in result.stderr
    assert "choose a name" not in result.stderr and snapshot(vault) == before


def test_a_markdown_link_in_a_note_that_cannot_be_read_stops_the_move_too(tmp_path: Path) -> None:
    # The unreadable note is searched with the same rewrites as any other: markdown links too.
    vault = make_vault(tmp_path)
    (vault / "Latin.md").write_bytes(b"Caf\xe9, see [the model](Llama.md).\n")
    before = snapshot(vault)
    result = run_main("mv", "Llama", "Meta Llama", "--yes", cwd=vault)
    assert result.returncode == 3, result.stderr
    assert "Latin.md:1:4: it links to Llama.md, but cannot be read" in result.stderr
    assert snapshot(vault) == before
