"""`scaffold check` as users and tools run it: output forms, exit codes, selection, the vault
config, inline ignores, standard input, and the README's table of codes."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from scaffold.check.registry import RULES
from tests.check.conftest import CLEAN
from tests.conftest import PROJECT, run_main

BROKEN = CLEAN.replace("| Category | model |", "| Category |") + "\nSee [[Nowhere]].\n"


def _write(vault: Path, name: str, text: str) -> Path:
    path = vault / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_clean_vault_exits_0_and_says_so(vault: Path) -> None:
    result = run_main("check", cwd=vault)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert result.stderr.strip() == "no problems in 2 notes"


def test_findings_print_as_path_line_col_severity_message_code(vault: Path) -> None:
    _write(vault, "Widget.md", BROKEN)
    result = run_main("check", cwd=vault)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "Widget.md:20:1: warning: this row has 1 of the header's 2 cells [T001]",
        "Widget.md:26:5: warning: link to 'Nowhere': no note of that name in the vault [L001]",
    ]
    assert result.stderr.strip() == "2 problems (2 warnings) in 2 notes"


def test_severity_sets_the_exit_threshold_not_what_is_printed(vault: Path) -> None:
    _write(vault, "Widget.md", BROKEN)
    result = run_main("check", "--severity", "error", cwd=vault)
    assert result.returncode == 0 and len(result.stdout.splitlines()) == 2


def test_json_output(vault: Path) -> None:
    _write(vault, "Widget.md", BROKEN)
    result = run_main("check", "Widget.md", "--format", "json", cwd=vault)
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False and data["files"] == 1
    assert data["counts"] == {"info": 0, "warning": 2, "error": 0}
    ragged = data["diagnostics"][0]
    assert ragged["code"] == "T001" and (ragged["line"], ragged["col"]) == (20, 1)
    at = BROKEN.index("| Category |") + len("| Category |")
    assert ragged["fixes"][0]["edits"] == [{"start": at, "end": at, "new": " |"}]
    assert json.loads(run_main("check", "--json", cwd=vault).stdout)["files"] == 2


def test_sarif_output(vault: Path) -> None:
    _write(vault, "Widget.md", BROKEN)
    log = json.loads(run_main("check", "--format", "sarif", cwd=vault).stdout)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == set(RULES)
    result = run["results"][1]
    assert result["ruleId"] == "L001" and result["level"] == "warning"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "Widget.md"
    assert location["region"] == {"startLine": 26, "startColumn": 5, "endLine": 26, "endColumn": 16}
    rules = run["tool"]["driver"]["rules"]
    assert rules[result["ruleIndex"]]["id"] == "L001"


def test_select_and_ignore_take_codes_prefixes_and_names(vault: Path) -> None:
    _write(vault, "Widget.md", BROKEN)
    assert "[L001]" not in run_main("check", "--select", "T", cwd=vault).stdout
    assert "[T001]" not in run_main("check", "--ignore", "ragged-row", cwd=vault).stdout
    assert run_main("check", "--ignore", "T001,L", cwd=vault).returncode == 0


def test_an_unknown_code_is_a_usage_error(vault: Path) -> None:
    result = run_main("check", "--select", "L999", cwd=vault)
    assert result.returncode == 2
    assert "no rule 'L999'" in result.stderr


def test_a_missing_path_is_a_usage_error(vault: Path) -> None:
    result = run_main("check", "Nope.md", cwd=vault)
    assert result.returncode == 2 and "Nope.md: no such file" in result.stderr


def test_the_vault_config_file(vault: Path) -> None:
    _write(vault, "Widget.md", BROKEN)
    _write(vault, "Drafts/Draft.md", "[[Nowhere]]\n")
    _write(vault, "Typed/Plain.md", "# Plain\n")
    (vault / ".scaffold" / "check.toml").write_text(
        'ignore = ["T"]\nexclude = ["Drafts/*"]\nfail-on = "error"\n'
        '[severity]\nL001 = "error"\n[types]\n"Typed/*" = "gadget"\n',
        encoding="utf-8",
    )
    result = run_main("check", cwd=vault)
    assert result.returncode == 1  # L001 is an error now, and errors fail
    lines = result.stdout.splitlines()
    assert (
        "Widget.md:26:5: error: link to 'Nowhere': no note of that name in the vault [L001]"
        in lines
    )
    assert not any("T001" in line or "Drafts" in line for line in lines)
    # [types] gives Plain.md a type, so its sections are checked.
    assert any(
        line.startswith("Typed/Plain.md:1:1: warning:") and "[S001]" in line for line in lines
    )


def test_a_bad_config_file_is_exit_2_naming_it(vault: Path) -> None:
    (vault / ".scaffold" / "check.toml").write_text("selec = ['L']\n", encoding="utf-8")
    result = run_main("check", cwd=vault)
    assert result.returncode == 2
    assert "check.toml" in result.stderr and "unknown key(s) selec" in result.stderr
    (vault / ".scaffold" / "check.toml").write_text("select = [\n", encoding="utf-8")
    result = run_main("check", cwd=vault)
    assert result.returncode == 2 and "not valid TOML" in result.stderr


def test_a_config_that_is_a_fifo_or_not_utf8_is_exit_2_and_does_not_hang(vault: Path) -> None:
    config = vault / ".scaffold" / "check.toml"
    config.parent.mkdir(exist_ok=True)
    config.unlink(missing_ok=True)
    os.mkfifo(config)  # nothing ever writes to it: a plain read would block for ever
    result = run_main("check", cwd=vault)
    assert result.returncode == 2
    assert "check.toml" in result.stderr and "named pipe" in result.stderr
    config.unlink()
    config.write_bytes(b"select = ['\xe9']\n")
    result = run_main("check", cwd=vault)
    assert result.returncode == 2 and "not UTF-8" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("ignore", "silenced"),
    [
        pytest.param("See [[Nowhere]]. %% scaffold: ignore L001 %%", {"L001"}, id="same-line"),
        pytest.param(
            "%% scaffold: ignore broken-link %%\nSee [[Nowhere]].", {"L001"}, id="next-block"
        ),
        pytest.param("%% scaffold: ignore-file %%\nSee [[Nowhere]].", {"L001", "T001"}, id="file"),
        pytest.param("%% scaffold: ignore T %%\n\nSee [[Nowhere]].", set(), id="other-block"),
    ],
)
def test_inline_ignores(vault: Path, ignore: str, silenced: set[str]) -> None:
    text = CLEAN.replace("| Category | model |", "| Category |") + "\n" + ignore + "\n"
    _write(vault, "Widget.md", text)
    found = set(re.findall(r"\[(\w+)\]$", run_main("check", cwd=vault).stdout, re.MULTILINE))
    assert found == {"L001", "T001"} - silenced


def test_an_ignore_above_a_table_silences_the_whole_table(vault: Path) -> None:
    text = CLEAN.replace("## Quick stats\n\n", "## Quick stats\n\n%% scaffold: ignore T001 %%\n")
    _write(vault, "Widget.md", text.replace("| Category | model |", "| Category |"))
    assert run_main("check", cwd=vault).returncode == 0


def test_stdin_checks_a_buffer_as_the_file_it_names(vault: Path) -> None:
    # The name gives the vault (its config and links) and the note name the type uses.
    (vault / ".scaffold" / "check.toml").write_text('[severity]\nT001 = "error"\n', "utf-8")
    text = BROKEN.replace("Widget", "Gizmo")
    result = run_main(
        "check", "--stdin", "--stdin-filename", vault / "Sub" / "Gizmo.md", input=text.encode()
    )
    assert result.returncode == 1
    shown = str(vault / "Sub" / "Gizmo.md")
    assert result.stdout.splitlines() == [
        f"{shown}:20:1: error: this row has 1 of the header's 2 cells [T001]",
        f"{shown}:26:5: warning: link to 'Nowhere': no note of that name in the vault [L001]",
    ]
    plain = run_main("check", "--stdin", input=b"# x\n\n| a | b |\n|---|---|\n| 1 |\n", cwd=vault)
    assert plain.stdout == "<stdin>:5:1: error: this row has 1 of the header's 2 cells [T001]\n"


def test_stdin_filename_needs_stdin() -> None:
    assert run_main("check", "--stdin-filename", "x.md").returncode == 2


def test_a_vault_checked_in_parallel_finds_what_one_process_finds(tmp_path: Path) -> None:
    vault = tmp_path / "big"
    (vault / ".obsidian").mkdir(parents=True)
    for i in range(240):
        links = f"[[Note {i + 1}]] [[Note {i}#Part {i}]] [[Note {i + 2}#Missing]]"
        body = f"# Note {i}\n\n## Part {i}\n\n| a | b |\n|---|---|\n| x |\n\n{links}\n"
        (vault / f"Note {i}.md").write_text(body, encoding="utf-8")
    one = run_main("check", "--jobs", "1", cwd=vault)
    two = run_main("check", "--jobs", "2", cwd=vault)
    assert one.stdout == two.stdout and one.returncode == two.returncode == 1
    counts = {code: one.stdout.count(f"[{code}]") for code in ("T001", "L001", "L002")}
    assert counts == {"T001": 240, "L001": 3, "L002": 238}


def test_list_rules_lists_the_registry() -> None:
    result = run_main("check", "--list-rules")
    assert [line.split()[0] for line in result.stdout.splitlines()] == list(RULES)
    data = json.loads(run_main("check", "--list-rules", "--json").stdout)
    assert [r["code"] for r in data["rules"]] == list(RULES)


def test_the_readme_table_of_codes_is_the_registry() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w\d{3})` \| `([\w-]+)` \| (\w+) \| (.+?) \|$", readme, re.MULTILINE)
    want = [(r.code, r.name, r.severity.value, r.summary) for r in RULES.values()]
    assert [(c, n, s, t.replace("\\|", "|")) for c, n, s, t in rows] == want


def test_sarif_uris_are_percent_encoded_from_a_base_id(vault: Path) -> None:
    _write(vault, "Claude Code.md", "See [[Nowhere]].\n")
    _write(vault, "Sub dir/Ünïcode #1.md", "See [[Nowhere]].\n")
    log = json.loads(run_main("check", "--format", "sarif", cwd=vault).stdout)
    run = log["runs"][0]
    assert run["originalUriBaseIds"] == {"SRCROOT": {"uri": vault.resolve().as_uri() + "/"}}
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    }
    assert {"Claude%20Code.md", "Sub%20dir/%C3%9Cn%C3%AFcode%20%231.md"} <= uris
    for r in run["results"]:
        assert r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "SRCROOT"


def test_sarif_names_a_note_outside_the_current_folder_by_its_file_uri(
    vault: Path, tmp_path: Path
) -> None:
    note = _write(vault, "Claude Code.md", "See [[Nowhere]].\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = run_main("check", str(note.resolve()), "--format", "sarif", cwd=elsewhere).stdout
    where = json.loads(out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert where["artifactLocation"] == {"uri": note.resolve().as_uri()}


def test_quiet_prints_the_findings_and_no_summary(vault: Path) -> None:
    clean = run_main("check", "-q", cwd=vault)
    assert (clean.returncode, clean.stdout, clean.stderr) == (0, "", "")
    _write(vault, "Widget.md", BROKEN)
    quiet = run_main("check", "--quiet", cwd=vault)
    assert quiet.returncode == 1 and quiet.stderr == ""
    assert quiet.stdout == run_main("check", cwd=vault).stdout != ""
