"""`scaffold update`, run as the real CLI on real files: inputs, fields, history rows,
dry run, diff, check, bad rows, stale notes and exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.bulk.conftest import seeded_llama, snapshot
from tests.conftest import run_main


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def lines_of(stdout: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def changed_bytes(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


# -- inputs -----------------------------------------------------------------------------------


def test_long_csv_sets_addresses_and_leaves_every_other_byte(vault: Path) -> None:
    before = snapshot(vault)
    source = write(
        vault.parent / "long.csv",
        "note,address,value\nLlama,Quick stats > Downloads,1.3B+\nGrok,Quick stats > License,MIT\n",
    )
    result = run_main("update", "--from", source, cwd=vault)
    assert result.returncode == 0, result.stderr
    after = snapshot(vault)
    assert changed_bytes(before, after) == {"AI/Llama.md", "AI/Grok.md"}
    expected = seeded_llama().replace(b"| Downloads | 1.2B+ |", b"| Downloads | 1.3B+ |")
    assert after["AI/Llama.md"] == expected
    assert b"| License | MIT |" in after["AI/Grok.md"]
    assert b"license:" not in after["AI/Grok.md"]
    assert "1 unchanged" not in result.stderr and "2 changed" in result.stderr


def test_a_long_csvs_address_means_an_address_and_field_means_a_field(vault: Path) -> None:
    """`downloads` under 'address' is the frontmatter key, even though a field has its name;
    under 'field' it is the field, every place it lives (the key of its name included)."""
    grok = vault / "AI" / "Grok.md"
    grok.write_text(
        grok.read_text(encoding="utf-8").replace(
            "created: 2026-01-27", "created: 2026-01-27\ndownloads: 10M"
        ),
        encoding="utf-8",
    )
    before = grok.read_bytes()
    source = write(vault.parent / "a.csv", "note,address,value\nGrok,downloads,9.99B+\n")
    result = run_main("update", "--from", source, cwd=vault)
    assert result.returncode == 0, result.stderr
    assert grok.read_bytes() == before.replace(b"downloads: 10M", b"downloads: 9.99B+")
    # Not a key the note has: the error says how to mean the field.
    missing = write(vault.parent / "m.csv", "note,address,value\nGrok,license,MIT\n")
    refused = run_main("update", "--from", missing, cwd=vault)
    assert refused.returncode == 10 and "head the column 'field'" in refused.stderr
    # 'field': every place, the frontmatter key of the field's name too.
    grok.write_bytes(before)
    source = write(vault.parent / "f.csv", "note,field,value\nGrok,downloads,20M\n")
    result = run_main("update", "--from", source, cwd=vault)
    assert result.returncode == 0, result.stderr
    text = grok.read_text(encoding="utf-8")
    assert "downloads: 20M" in text and "| Downloads | 20M |" in text
    assert "| Downloads | **20M** |" in text  # the Why table keeps its emphasis
    typo = write(vault.parent / "t.csv", "note,field,value\nGrok,donwloads,1\n")
    refused = run_main("update", "--from", typo, cwd=vault)
    # No type has the field: one error about the input (exit 2), not one per note.
    assert refused.returncode == 2 and "did you mean 'downloads'?" in refused.stderr
    assert "--create" not in refused.stderr


def test_wide_csv_sets_every_place_of_a_field_and_keeps_emphasis(vault: Path) -> None:
    source = write(vault.parent / "wide.csv", "note,downloads,license\nLlama,1.3B+,\nGrok,,MIT\n")
    result = run_main("update", "--from", source, "--json", cwd=vault)
    assert result.returncode == 0, result.stderr
    text = (vault / "AI" / "Llama.md").read_text(encoding="utf-8")
    assert "| Downloads | 1.3B+ |" in text  # Quick stats, plain as it was
    assert "| Downloads | **1.3B+** |" in text  # the Why table keeps its emphasis
    assert "| License | Free <700M MAU |" in text  # an empty wide cell leaves the value alone
    records = lines_of(result.stdout)
    llama = records[0]
    assert llama["status"] == "changed" and llama["written"] is True
    places = {c["address"]: (c["old"], c["new"]) for c in llama["changes"]}  # type: ignore[index, union-attr, attr-defined]
    assert places["Why Llama matters > Downloads"] == ("**1.2B+** (Apr 2025)", "**1.3B+**")
    assert records[-1]["summary"] is True and records[-1]["changed"] == 2


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("in.yaml", "Grok:\n  license: MIT\n  downloads: 12M\n"),
        ("in.json", '[{"note": "Grok", "license": "MIT", "downloads": "12M"}]'),
        ("in.jsonl", '{"note": "Grok", "license": "MIT"}\n'
                     '{"note": "xAI Grok", "downloads": "12M"}\n'),
        ("in.tsv", "note\tlicense\tdownloads\nGrok\tMIT\t12M\n"),
        ("long.json", '[{"note": "Grok", "address": "Quick stats > License", "value": "MIT"},'
                      ' {"note": "Grok", "field": "downloads", "value": "12M"}]'),
    ],
)  # fmt: skip
def test_yaml_json_jsonl_and_tsv_inputs(vault: Path, name: str, text: str) -> None:
    source = write(vault.parent / name, text)
    result = run_main("update", "--from", source, cwd=vault)
    assert result.returncode == 0, result.stderr
    grok = (vault / "AI" / "Grok.md").read_text(encoding="utf-8")
    assert "| License | MIT |" in grok and "| Downloads | 12M |" in grok
    assert "| Downloads | **12M** (Apr 2025) |" not in grok
    assert "| Downloads | **12M** |" in grok


def test_standard_input_with_a_format(vault: Path) -> None:
    result = run_main(
        "update", "--from", "-", "--format", "csv", cwd=vault, input=b"note,license\nGrok,MIT\n"
    )
    assert result.returncode == 0, result.stderr
    assert "| License | MIT |" in (vault / "AI" / "Grok.md").read_text(encoding="utf-8")


def test_a_note_named_by_alias_by_path_and_by_stem(vault: Path) -> None:
    source = write(
        vault.parent / "names.csv",
        "note,license\nxAI Grok,A\nApps/Meta AI.md,B\n[[llama|The Llama]],C\n",
    )
    result = run_main("update", "--from", source, cwd=vault)
    assert result.returncode == 0, result.stderr
    assert "| License | A |" in (vault / "AI" / "Grok.md").read_text(encoding="utf-8")
    assert "| License | B |" in (vault / "Apps" / "Meta AI.md").read_text(encoding="utf-8")
    assert "| License | C |" in (vault / "AI" / "Llama.md").read_text(encoding="utf-8")


# -- selection ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "changed"),
    [
        ("type:product", {"AI/Llama.md", "AI/Grok.md", "Apps/Meta AI.md"}),
        ("tag:app", {"Apps/Meta AI.md"}),
        ("#opensource", {"AI/Llama.md"}),  # the seed's inline tag line
        ("folder:AI", {"AI/Llama.md", "AI/Grok.md"}),
        ("path:Apps/*.md", {"Apps/Meta AI.md"}),
        ("downloads=10m", {"AI/Grok.md"}),  # case and markup folded
        ("type:product and license!=Free", {"AI/Llama.md", "AI/Grok.md"}),
        ("type:product not has:aliases.1", {"AI/Grok.md", "Apps/Meta AI.md"}),
        ("missing:'Quick stats > Parent' or type:actor", {"Meta.md"}),
        ("(tag:app or tag:opensource) and type:product", {"AI/Llama.md", "Apps/Meta AI.md"}),
    ],
)
def test_where_selects_by_type_tag_folder_and_value(
    vault: Path, where: str, changed: set[str]
) -> None:
    before = snapshot(vault)
    result = run_main(
        "update", "--where", where, "--set", "created=2030-01-01", "--create", cwd=vault
    )
    assert result.returncode == 0, result.stderr
    assert changed_bytes(before, snapshot(vault)) == changed


@pytest.mark.parametrize("key", ["ambiguous", "ambiguity"])
def test_create_adds_a_key_whatever_its_name_says(vault: Path, key: str) -> None:
    # A missing key is told by its error's class, not by a word in its message: a key
    # called `ambiguous` used to read as an ambiguous address and fail the run (exit 10).
    before = snapshot(vault)
    result = run_main("update", "--where", "path:*", "--set", f"{key}=x", "--create", cwd=vault)
    assert result.returncode == 0, result.stderr
    after = snapshot(vault)
    changed = changed_bytes(before, after)
    assert changed and changed == {k for k in after if k.endswith(".md")}
    assert all(f"\n{key}: x\n".encode() in after[k] for k in changed)


def test_create_refuses_a_key_that_matches_two_keys(vault: Path) -> None:
    note = vault / "AI" / "Llama.md"
    text = note.read_text(encoding="utf-8")
    note.write_text(text.replace("type: product\n", "type: product\nflavour: a\nFlavour: b\n"))
    before = snapshot(vault)
    result = run_main("update", "--where", "path:AI/Llama.md", "--set", "FLAVOUR=y", "--create",
                     cwd=vault)  # fmt: skip
    assert result.returncode == 10, result.stderr
    assert "ambiguous" in result.stderr
    assert snapshot(vault) == before


def test_a_bad_where_points_at_the_bad_token(vault: Path) -> None:
    before = snapshot(vault)
    result = run_main("update", "--where", "type:product and tpye:x", "--set", "a=b", cwd=vault)
    assert result.returncode == 2
    assert "unknown selector 'tpye:'" in result.stderr
    assert "  type:product and tpye:x\n                   ^^^^^^\n" in result.stderr
    assert "did you mean type:?" in result.stderr
    assert snapshot(vault) == before


# -- history rows ---------------------------------------------------------------------------------


def test_as_of_appends_a_dated_row_in_the_tables_format(vault: Path) -> None:
    source = write(vault.parent / "d.csv", "note,downloads,as_of\nLlama,1.4B+,2025-05-20\n")
    result = run_main("update", "--from", source, cwd=vault)
    assert result.returncode == 0, result.stderr
    text = (vault / "AI" / "Llama.md").read_text(encoding="utf-8")
    assert "| Apr 2025 | **1.2B** | +200M in 6 weeks |\n| May 2025 | 1.4B+ | — |\n" in text
    assert "| Downloads | 1.4B+ |" in text
    # The Why row's dated annotation follows the new date.
    assert "| Downloads | **1.4B+** (May 2025) |" in text
    # Again, for the same month: the row is updated, not appended twice; emphasis is kept.
    again = write(vault.parent / "e.csv", "note,downloads\nLlama,1.5B\n")
    result = run_main("update", "--from", again, "--as-of", "Apr 2025", cwd=vault)
    assert result.returncode == 0, result.stderr
    text = (vault / "AI" / "Llama.md").read_text(encoding="utf-8")
    assert "| Apr 2025 | **1.5B** | +200M in 6 weeks |" in text
    assert text.count("| May 2025 |") == 1
    # April is older than the May row: the current value stays as it was.
    assert "| Downloads | 1.4B+ |" in text


def test_a_note_without_the_history_table_skips_it_and_says_so(vault: Path) -> None:
    result = run_main(
        "update", "--where", "path:AI/Grok.md", "--set", "downloads=11M", "--as-of", "2025-05",
        "--json", cwd=vault,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    grok = lines_of(result.stdout)[0]
    skipped = [c for c in grok["changes"] if c["status"] == "skipped"]  # type: ignore[union-attr, index]
    assert skipped and "Download trajectory" in skipped[0]["address"]  # type: ignore[index]
    assert grok["status"] == "changed"


# -- dry run, diff, check --------------------------------------------------------------------------


def test_dry_run_prints_the_plan_and_writes_nothing(vault: Path) -> None:
    before = snapshot(vault)
    source = write(vault.parent / "w.csv", "note,downloads\nLlama,1.3B+\nGrok,10M\nNobody,1\n")
    result = run_main("update", "--from", source, "--dry-run", cwd=vault)
    assert result.returncode == 10
    assert snapshot(vault) == before
    assert not (vault / ".scaffold" / "runs").exists() or not any(
        p.is_dir() for p in (vault / ".scaffold" / "runs").iterdir()
    )
    assert "AI/Llama.md: would change" in result.stdout
    assert "Quick stats > Downloads: 1.2B+ -> 1.3B+" in result.stdout
    assert "1 to change, 1 unchanged, 0 skipped, 1 failed" in result.stderr
    assert "no note named 'Nobody'" in result.stderr and "w.csv:4" in result.stderr


def test_diff_is_accepted_by_git_apply(vault: Path, tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    # A CRLF note without a final newline: the hardest case for a patch.
    (vault / "Crlf.md").write_bytes(
        b"---\r\ntype: product\r\n---\r\n## Quick stats\r\n\r\n| Metric | Value |\r\n"
        b"|---|---|\r\n| Downloads | 5 |"
    )
    source = write(tmp_path / "w.csv", "note,downloads,license\nLlama,1.3B+,MIT\nCrlf,6,\n")
    result = run_main("update", "--from", source, "--diff", "--dry-run", cwd=vault)
    assert result.returncode == 0, result.stderr
    patch = tmp_path / "change.patch"
    patch.write_text(result.stdout, encoding="utf-8", newline="")
    assert "--- a/AI/Llama.md" in result.stdout and "+++ b/Crlf.md" in result.stdout
    by_git = tmp_path / "by-git"
    shutil.copytree(vault, by_git)
    subprocess.run(["git", "init", "-q"], cwd=by_git, check=True)
    check = subprocess.run(
        ["git", "apply", "--check", "-v", str(patch)], cwd=by_git, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    subprocess.run(["git", "apply", str(patch)], cwd=by_git, check=True)
    assert b"| Downloads | 6 |" in (by_git / "Crlf.md").read_bytes()
    # The patch, applied by git, gives exactly the bytes update writes.
    assert run_main("update", "--from", source, cwd=vault).returncode == 0
    written = snapshot(vault)
    assert {k: v for k, v in snapshot(by_git).items() if not k.startswith(".git/")} == written


def _apply(tool: list[str], root: Path, patch: str) -> None:
    done = subprocess.run(tool, cwd=root, input=patch, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"{tool}: {done.stdout}{done.stderr}\n{patch}"


@pytest.mark.parametrize(
    "command",
    [
        ["update", "--where", "path:Apps/*", "--set", "Quick stats > Downloads=7"],
        ["set", "Claude Code", "Quick stats > Downloads", "7"],
    ],
    ids=["update", "set"],
)
def test_diff_of_notes_with_spaces_applies_with_patch_and_git(
    vault: Path, tmp_path: Path, command: list[str]
) -> None:
    # `update --diff` once wrote `--- a/Apps/Claude Code.md` with no tab after the name, and
    # patch(1), which reads a name up to a tab, asked "File to patch:". One writer now.
    if shutil.which("git") is None or shutil.which("patch") is None:
        pytest.skip("needs git and patch (apt-get install patch)")
    (vault / "Apps" / "Claude Code.md").write_bytes(
        (vault / "Apps" / "Meta AI.md").read_bytes().replace(b"Meta AI", b"Claude Code")
    )
    result = run_main(*command, "--diff", "--dry-run", cwd=vault)
    assert result.returncode == 0, result.stderr
    assert "--- a/Apps/Claude Code.md\t\n+++ b/Apps/Claude Code.md\t\n" in result.stdout
    copies = {}
    for tool in (["patch", "-p1", "--batch", "--no-backup-if-mismatch"], ["git", "apply", "-"]):
        root = copies[tool[0]] = tmp_path / tool[0]
        shutil.copytree(vault, root)
        if tool[0] == "git":
            subprocess.run(["git", "init", "-q"], cwd=root, check=True)
        _apply(tool, root, result.stdout)
    assert run_main(*command, cwd=vault).returncode == 0  # the real write, to compare with
    written = {k: v for k, v in snapshot(vault).items() if k.endswith(".md")}
    assert b"| Downloads | 7 |" in written["Apps/Claude Code.md"]
    for root in copies.values():  # each tool's result is exactly what scaffold writes
        assert {k: v for k, v in snapshot(root).items() if k.endswith(".md")} == written


def test_check_exits_11_when_anything_would_change_and_0_after(vault: Path) -> None:
    source = write(vault.parent / "w.csv", "note,license\nGrok,MIT\n")
    before = snapshot(vault)
    result = run_main("update", "--from", source, "--check", cwd=vault)
    assert result.returncode == 11
    assert snapshot(vault) == before
    assert run_main("update", "--from", source, cwd=vault).returncode == 0
    result = run_main("update", "--from", source, "--check", cwd=vault)
    assert result.returncode == 0, result.stderr
    assert "0 to change, 1 unchanged" in result.stderr


def test_a_rerun_writes_nothing(vault: Path) -> None:
    source = write(vault.parent / "w.csv", "note,downloads\nLlama,1.3B+\n")
    assert run_main("update", "--from", source, cwd=vault).returncode == 0
    stamp = {p: p.stat().st_mtime_ns for p in vault.rglob("*.md")}
    runs = sorted((vault / ".scaffold" / "runs").iterdir())
    result = run_main("update", "--from", source, cwd=vault)
    assert result.returncode == 0
    assert {p: p.stat().st_mtime_ns for p in vault.rglob("*.md")} == stamp
    assert sorted((vault / ".scaffold" / "runs").iterdir()) == runs  # no new run recorded


# -- bad rows and partial failure ---------------------------------------------------------


def test_bad_rows_fail_alone_and_the_rest_is_written(vault: Path) -> None:
    source = write(
        vault.parent / "bad.csv",
        "note,address,value\n"
        "Nobody,license,MIT\n"  # an unknown note
        "Grok,dowloads,1\n"  # an unknown field
        'Llama,Quick stats > Downloads,"two\nlines"\n'  # a value that can't go in a cell
        "Meta,Quick stats > Type,lab\n"  # fine
        "AI,license,x\n",  # matches nothing either
    )
    before = snapshot(vault)
    result = run_main("update", "--from", source, "--json", cwd=vault)
    assert result.returncode == 10, result.stderr
    records = lines_of(result.stdout)
    by_note = {r["note"]: r for r in records if "note" in r}
    assert by_note["Nobody"]["status"] == "failed"
    assert by_note["Nobody"]["error"]["kind"] == "missing"  # type: ignore[index]
    grok_error = by_note["Grok"]["error"]
    assert "'dowloads' is neither a field" in grok_error["message"]  # type: ignore[index]
    assert "Did you mean downloads?" in grok_error["hint"]  # type: ignore[index]
    assert "line break" in by_note["Llama"]["error"]["message"]  # type: ignore[index]
    assert by_note["Meta"]["status"] == "changed"
    assert changed_bytes(before, snapshot(vault)) == {"Meta.md"}
    assert records[-1]["failed"] == 4 and records[-1]["changed"] == 1


def test_an_ambiguous_name_lists_the_candidates(vault: Path) -> None:
    (vault / "Apps" / "Grok.md").write_text("---\ntype: product\n---\n", encoding="utf-8")
    source = write(vault.parent / "w.csv", "note,license\nGrok,MIT\n")
    result = run_main("update", "--from", source, cwd=vault)
    assert result.returncode == 10
    assert "ambiguous: AI/Grok.md, Apps/Grok.md" in result.stderr


def test_fail_fast_stops_before_writing_anything(vault: Path) -> None:
    source = write(vault.parent / "w.csv", "note,license\nGrok,MIT\nNobody,x\nMeta AI,Y\n")
    before = snapshot(vault)
    result = run_main("update", "--from", source, "--fail-fast", "--json", cwd=vault)
    assert result.returncode == 10
    assert snapshot(vault) == before
    records = lines_of(result.stdout)
    assert [r.get("note") for r in records[:-1]] == ["Grok", "Nobody"]
    assert records[-1]["stopped"] is True and records[-1]["written"] == 0


def test_a_bad_value_for_a_typed_field_is_refused(vault: Path) -> None:
    source = write(vault.parent / "w.csv", "note,founded\nMeta,later\n")
    result = run_main("update", "--from", source, cwd=vault)
    assert result.returncode == 10
    assert "founded: 'later' is refused" in result.stderr


def test_verbatim_writes_the_cell_as_given(vault: Path) -> None:
    result = run_main(
        "update", "--where", "path:AI/Llama.md", "--set", "downloads=1.3B+", "--verbatim",
        cwd=vault,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "| Downloads | 1.3B+ |\n| Meta AI users" in (vault / "AI" / "Llama.md").read_text(
        encoding="utf-8"
    )


def test_usage_errors(vault: Path) -> None:
    assert run_main("update", cwd=vault).returncode == 2
    result = run_main("update", "--set", "license=MIT", cwd=vault)
    assert result.returncode == 2 and "add --where" in result.stderr
    result = run_main("update", "--from", vault / "missing.csv", cwd=vault)
    assert result.returncode == 3
    source = write(vault.parent / "w.csv", "name,license\nGrok,MIT\n")
    result = run_main("update", "--from", source, cwd=vault)
    assert result.returncode == 2 and "no 'note' column" in result.stderr


def test_where_filters_the_rows_of_an_input(vault: Path) -> None:
    source = write(vault.parent / "w.csv", "note,license\nLlama,X\nGrok,X\nMeta AI,X\n")
    before = snapshot(vault)
    result = run_main("update", "--from", source, "--where", "folder:AI", cwd=vault)
    assert result.returncode == 0, result.stderr
    assert changed_bytes(before, snapshot(vault)) == {"AI/Llama.md", "AI/Grok.md"}


def test_rows_for_one_note_anywhere_in_the_input_are_merged(vault: Path) -> None:
    source = write(
        vault.parent / "long.csv",
        "note,field,value\nLlama,license,A\nGrok,license,B\nllama,downloads,9\n",
    )
    result = run_main("update", "--from", source, "--json", cwd=vault)
    assert result.returncode == 0, result.stderr
    records = lines_of(result.stdout)
    assert [r.get("path") for r in records[:-1]] == ["AI/Llama.md", "AI/Grok.md"]
    text = (vault / "AI" / "Llama.md").read_text(encoding="utf-8")
    assert "| License | A |" in text and "| Downloads | 9 |" in text


def test_a_note_linked_from_outside_the_vault_is_refused_and_left_alone(
    vault: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere.md"
    outside.write_bytes((vault / "AI" / "Grok.md").read_bytes().replace(b"Grok", b"Outside"))
    before_outside = outside.read_bytes()
    (vault / "AI" / "Outside.md").symlink_to(outside)
    result = run_main("update", "--where", "type:product", "--set", "downloads=2B", cwd=vault)
    assert result.returncode == 10, result.stdout + result.stderr  # part of the run failed
    assert outside.read_bytes() == before_outside
    assert "Outside.md" in result.stdout + result.stderr
    assert b"| Downloads | 2B |" in (vault / "AI" / "Grok.md").read_bytes()
