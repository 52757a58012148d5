"""``monotonic: increasing`` and ``max_change`` on a field: ``update`` warns with both values
and the address, or refuses with ``--strict``; over the real CLI and the API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import scaffold
from scaffold.entities.question_file import parse_question_file
from scaffold.errors import TemplateError
from tests.bulk.conftest import snapshot
from tests.conftest import PROJECT, run_cli


def test_a_lower_value_warns_with_both_values_and_the_address(vault: Path) -> None:
    # The built-in product type says downloads only increase; Llama's are 1.2B+.
    result = run_cli("update", "--where", "path:AI/Llama.md", "--set", "downloads=1.1B+",
                     "--dry-run", cwd=vault)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (
        "warning: AI/Llama.md: Quick stats > Downloads: 1.2B+ -> 1.1B+ goes down, but "
        "downloads only increases (monotonic: increasing)"
    ) in result.stderr
    why = "Why Llama matters > Downloads: **1.2B+** (Apr 2025) -> **1.1B+**"
    assert f"warning: AI/Llama.md: {why}" in result.stderr


def test_json_gives_the_warning_on_the_change(vault: Path) -> None:
    result = run_cli("update", "--where", "path:AI/Llama.md", "--set", "downloads=1.1B+",
                     "--dry-run", "--json", cwd=vault)  # fmt: skip
    note = json.loads(result.stdout.splitlines()[0])
    warned = [c for c in note["changes"] if c.get("warning")]
    addresses = {c["address"] for c in warned}
    assert addresses == {"Quick stats > Downloads", "Why Llama matters > Downloads"}


def test_strict_refuses_the_note_and_writes_nothing(vault: Path) -> None:
    before = snapshot(vault)
    result = run_cli("update", "--where", "type:product", "--set", "downloads=1.1B+",
                     "--strict", "--yes", cwd=vault)  # fmt: skip
    assert result.returncode == 10, result.stderr
    assert "1.2B+ -> 1.1B+ goes down" in result.stderr
    after = snapshot(vault)
    # Llama is refused; Grok (10M) and Meta AI (1B) grow, and are written.
    assert after["AI/Llama.md"] == before["AI/Llama.md"]
    assert after["AI/Grok.md"] != before["AI/Grok.md"]


def test_a_higher_value_and_an_unreadable_one_pass_quietly(vault: Path) -> None:
    report = scaffold.update(vault, {"Llama": {"downloads": "1.3B+"}}, dry_run=True, strict=True)
    assert report.ok and not [c for r in report.results for c in r.changes if c.warning]
    # Text over a number is no metric to compare: no monotonic warning, only the kind's.
    report = scaffold.update(vault, {"Llama": {"downloads": "lots"}}, dry_run=True)
    warned = [c for r in report.results for c in r.changes if c.warning]
    assert report.ok and warned and all(c.type_change for c in warned)


def _with_max_change(vault: Path, ratio: str) -> None:
    folder = vault / ".scaffold" / "templates" / "product"
    folder.mkdir(parents=True)
    builtin = PROJECT / "templates" / "product"
    text = (builtin / "questions.yaml").read_text(encoding="utf-8")
    text = text.replace("monotonic: increasing", f"max_change: {ratio}")
    (folder / "questions.yaml").write_text(text, encoding="utf-8")
    (folder / "note.md.j2").write_text((builtin / "note.md.j2").read_text("utf-8"), "utf-8")


def test_max_change_warns_on_a_jump(vault: Path) -> None:
    _with_max_change(vault, "50%")
    report = scaffold.update(vault, {"Grok": {"downloads": "16M"}}, dry_run=True)
    warnings = [c.warning for r in report.results for c in r.changes if c.warning]
    assert (
        warnings
        and "10M -> 16M changes by 60%, more than downloads's max_change of 50%" in (warnings[0])
    )
    report = scaffold.update(vault, {"Grok": {"downloads": "14M"}}, dry_run=True)
    assert not [c for r in report.results for c in r.changes if c.warning]


@pytest.mark.parametrize(
    ("line", "message"),
    [("monotonic: up", "increasing or decreasing"), ("max_change: 0", "a ratio above 0"),
     ("max_change: lots", "a ratio above 0")],
)  # fmt: skip
def test_bad_sanity_keys_are_template_errors(line: str, message: str) -> None:
    text = f"questions:\n  - name: name\n  - name: downloads\n    {line}\n"
    with pytest.raises(TemplateError, match=message):
        parse_question_file(text)
    ok = parse_question_file("questions:\n  - name: name\n  - name: d\n    max_change: 50%\n")
    assert ok.questions[1].max_change == 0.5
