"""The built-in types' fields: multi-place binds and history tables, as the generator checks
them and as `scaffold update` uses them."""

from __future__ import annotations

from pathlib import Path

from scaffold.entities.fields import fields_of
from scaffold.entities.library import Library
from tests.conftest import run_main


def test_product_downloads_has_two_places_and_a_history() -> None:
    fields = fields_of(Library(None).get("product").spec)
    downloads = fields["downloads"]
    assert downloads.addresses("Llama") == (
        "Quick stats > Downloads",
        "Why Llama matters > Downloads",
    )
    assert downloads.history_table("Llama") == "Download trajectory"
    assert downloads.history is not None and downloads.history.column == "Downloads"
    assert "why" not in fields  # rows questions are not fields
    actor = fields_of(Library(None).get("actor").spec)
    assert actor["valuation"].places[1] == "Why {{ name }} matters > Valuation (USD bn)"


def test_new_accepts_a_why_row_that_states_the_bound_answer(tmp_path: Path) -> None:
    (tmp_path / ".obsidian").mkdir()
    result = run_main(
        "new", "product", "Llama", "--set", "downloads=1.2B+",
        "--set", "why=Downloads=**1.2B+** (Apr 2025)", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "Llama.md").read_text(encoding="utf-8")
    assert "| Downloads | **1.2B+** (Apr 2025) |" in text


def test_new_refuses_answers_that_contradict_each_other(tmp_path: Path) -> None:
    (tmp_path / ".obsidian").mkdir()
    result = run_main(
        "new", "product", "Llama", "--set", "downloads=1.2B+",
        "--set", "why=Downloads=500M", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 8
    assert "'Why Llama matters > Downloads' in the note says '500M'" in result.stderr
    assert not (tmp_path / "Llama.md").exists()


def test_a_vault_type_with_a_history_table_is_updated_by_field(tmp_path: Path) -> None:
    vault = tmp_path
    (vault / ".obsidian").mkdir()
    folder = vault / ".scaffold" / "templates" / "city"
    folder.mkdir(parents=True)
    (folder / "questions.yaml").write_text(
        "questions:\n"
        "  - {name: name, required: true}\n"
        "  - name: population\n"
        "    type: integer\n"
        "    bind: [Facts > Population, Summary > People]\n"
        "    history: {table: Census, column: People}\n",
        encoding="utf-8",
    )
    (folder / "note.md.j2").write_text(
        "---\ntype: city\n---\n## Facts\n\n| Fact | Value |\n|---|---|\n"
        "| Population | {{ population }} |\n",
        encoding="utf-8",
    )
    (vault / "Oslo.md").write_text(
        "---\ntype: city\n---\n## Facts\n\n| Fact | Value |\n|---|---|\n| Population | 700000 |\n"
        "\n## Census\n\n| Year | Note | People |\n|---|---|---|\n| 2020 | n/a | 690000 |\n",
        encoding="utf-8",
    )
    result = run_main(
        "update", "--where", "type:city", "--set", "population=710000", "--as-of", "2024-06-01",
        cwd=vault,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = (vault / "Oslo.md").read_text(encoding="utf-8")
    assert "| Population | 710000 |" in text
    assert "| 2020 | n/a | 690000 |\n| 2024 | n/a | 710000 |\n" in text
    assert "Summary > People: skipped" in result.stdout
    bad = run_main("update", "--where", "type:city", "--set", "population=many", cwd=vault)
    assert bad.returncode == 10 and "population: 'many' is refused" in bad.stderr
