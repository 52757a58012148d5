"""Every rule fires on a note that breaks it, stays silent on a clean note, and its fixes, when
it has any, make the finding go away (and change nothing else)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.check.diagnostic import Diagnostic
from scaffold.check.registry import RULES
from scaffold.edit.splice import splice
from tests.check.conftest import CLEAN, codes, run_check


def test_the_clean_note_has_no_finding(vault: Path) -> None:
    assert run_check(vault, CLEAN) == []


def _fixed(text: str, diagnostic: Diagnostic, which: int = 0) -> str:
    return splice(text, diagnostic.fixes[which].edits)


def _one(found: list[Diagnostic], code: str) -> Diagnostic:
    hits = [d for d in found if d.code == code]
    assert len(hits) == 1, found
    return hits[0]


# -- F: frontmatter ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        pytest.param("---\ntitle: x\n\n# Body\n", "F001", 1, id="unclosed"),
        pytest.param("---\ntitle: [x\n---\n# Body\n", "F002", 3, id="invalid-yaml"),
        pytest.param("---\n- a\n- b\n---\n", "F002", 2, id="not-a-mapping"),
        pytest.param("---\na: 1\nb: 2\na: 3\n---\n", "F003", 4, id="duplicate-key"),
    ],
)
def test_frontmatter_problems_are_diagnostics_at_the_spot(
    vault: Path, text: str, code: str, line: int
) -> None:
    found = run_check(vault, text, "Broken.md")
    d = _one(found, code)
    assert d.severity.value == "error"
    assert d.line == line
    assert d.text_line().startswith(f"Broken.md:{line}:")


def test_a_binary_file_is_one_finding_not_a_crash(vault: Path) -> None:
    from scaffold.check.runner import Checker

    checker = Checker(vault)
    found = checker.check_text(b"\x00\x01binary", path="x.md", rel="x.md")
    assert codes(found) == ["F004"]


# -- S: sections ---------------------------------------------------------------------------------


def test_a_missing_required_section_is_reported_and_the_fix_adds_it(vault: Path) -> None:
    text = CLEAN.replace("## Quick stats", "## Stats")
    found = run_check(vault, text)
    d = _one(found, "S001")
    assert "'Quick stats'" in d.message and d.severity.value == "warning"
    fixed = _fixed(text, d)
    assert "## Quick stats\n\n## Related" in fixed  # before the section the type lists next
    assert "S001" not in codes(run_check(vault, fixed))


def test_a_missing_last_section_is_added_at_the_end_in_the_house_style(vault: Path) -> None:
    text = CLEAN.split("## Related")[0].rstrip("\n") + "\n\n---\n\n*Created*"  # no final \n
    d = _one(run_check(vault, text), "S001")
    fixed = _fixed(text, d)
    assert fixed.endswith("*Created*\n\n---\n\n## Related\n")
    assert "S001" not in codes(run_check(vault, fixed))


def test_a_missing_recommended_section_is_information(vault: Path) -> None:
    text = CLEAN.replace("## Why Widget matters", "## Why it matters")
    d = _one(run_check(vault, text), "S002")
    assert d.severity.value == "info"
    assert "Why Widget matters" in d.message  # {{ name }} is the note's name


def test_sections_are_only_required_of_notes_with_a_type(vault: Path) -> None:
    text = CLEAN.replace("type: gadget\n", "").replace("## Quick stats", "## Stats")
    assert "S001" not in codes(run_check(vault, text))


def test_an_unknown_type_is_no_finding(vault: Path) -> None:
    assert run_check(vault, CLEAN.replace("type: gadget", "type: monster")) == []


def test_duplicate_headings_are_information_naming_the_first(vault: Path) -> None:
    text = CLEAN + "\n## Quick stats\n\nagain\n"
    d = _one(run_check(vault, text), "S003")
    assert d.severity.value == "info" and "first on line 14" in d.message


# -- V: values against the type ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        pytest.param(
            "| Launched | 2023-02-24 |", "| Launched | Feb 2023 |", "not a date", id="date"
        ),
        pytest.param("| Category | model |", "| Category | gizmo |", "not one of", id="choice"),
        pytest.param("stars: 5", "stars: many", "not a whole number", id="integer"),
    ],
)
def test_a_value_that_does_not_fit_its_question(
    vault: Path, old: str, new: str, words: str
) -> None:
    d = _one(run_check(vault, CLEAN.replace(old, new)), "V001")
    assert words in d.message


def test_values_fit_with_markup_placeholders_and_labels(vault: Path) -> None:
    text = CLEAN.replace("| 2023-02-24 |", "| **2023-02-24** (approx) |").replace(
        "| model |", "| — |"
    )
    assert "V001" not in codes(run_check(vault, text))


def test_a_metric_that_disagrees_names_both_places_and_both_values(vault: Path) -> None:
    text = CLEAN.replace("| Downloads | 1.2B+ |", "| Downloads | 1.3B+ |")
    found = run_check(vault, text)
    hits = [d for d in found if d.code == "V002"]
    assert len(hits) == 1
    d = hits[0]
    assert "'Quick stats > Downloads' says '1.3B+'" in d.message
    # The value most places hold is the reference: the Why table (first) and the frontmatter.
    assert "but 'Why Widget matters > Downloads' says '1.2B+'" in d.message
    titles = [f.title for f in d.fixes]
    assert any("'Why Widget matters > Downloads'" in t for t in titles)
    # Making Quick stats agree puts the value back; nothing else changes.
    fixed = _fixed(text, d)
    assert fixed == CLEAN
    assert run_check(vault, fixed) == []


@pytest.mark.parametrize("same", ["1,200M+", "**1.2 billion+** worldwide", "1200000000+"])
def test_places_that_state_the_same_metric_agree_however_written(vault: Path, same: str) -> None:
    # V002 compares what the metric reader reads, not the text.
    text = CLEAN.replace("| Downloads | 1.2B+ |", f"| Downloads | {same} |")
    assert "V002" not in codes(run_check(vault, text))
    # The qualifier is part of the metric: 1.2B is not 1.2B+.
    text = CLEAN.replace("| Downloads | 1.2B+ |", "| Downloads | 1.2B |")
    assert "V002" in codes(run_check(vault, text))


def test_agreeing_with_a_place_keeps_the_targets_markup_and_as_of(vault: Path) -> None:
    text = CLEAN.replace("downloads: 1.2B+", "downloads: 1.5B+").replace(
        "| Downloads | 1.2B+ |", "| Downloads | 1.5B+ |"
    )
    d = _one(run_check(vault, text), "V002")
    assert d.line == 12  # the Why table disagrees with the frontmatter and Quick stats
    fixed = _fixed(text, d)
    assert "| Downloads | **1.5B+** (Apr 2025) |" in fixed
    assert run_check(vault, fixed) == []


def test_a_disagreeing_place_can_set_the_other_places_to_its_value(vault: Path) -> None:
    # "This value is the right one": every other place takes 1.3B+, keeping its own markup.
    text = CLEAN.replace("| Downloads | 1.2B+ |", "| Downloads | 1.3B+ |")
    d = _one(run_check(vault, text), "V002")
    last = d.fixes[-1]
    assert last.title == "Set the other places of the field to this value (1.3B+)"
    fixed = _fixed(text, d, len(d.fixes) - 1)
    assert fixed == CLEAN.replace("1.2B+", "1.3B+")
    assert run_check(vault, fixed) == []


# -- T: tables -----------------------------------------------------------------------------------


def test_a_short_row_is_ragged_and_the_fix_pads_it(vault: Path) -> None:
    text = CLEAN.replace("| Category | model |", "| Category |")
    d = _one(run_check(vault, text), "T001")
    assert "1 of the header's 2 cells" in d.message
    fixed = _fixed(text, d)
    assert "| Category | |" in fixed
    assert "T001" not in codes(run_check(vault, fixed))


def test_a_long_row_is_ragged(vault: Path) -> None:
    text = CLEAN.replace("| Category | model |", "| Category | model | extra |")
    d = _one(run_check(vault, text), "T001")
    assert "3 cells" in d.message and not d.fixes


def test_text_right_after_a_table_is_a_row_and_the_fix_adds_a_blank_line(vault: Path) -> None:
    text = CLEAN.replace("| Category | model |\n", "| Category | model |\nSome text.\n")
    d = _one(run_check(vault, text), "T001")
    assert "no blank line before it" in d.message
    assert "T001" not in codes(run_check(vault, _fixed(text, d)))


def test_a_block_id_under_a_table_is_not_a_row(vault: Path) -> None:
    text = CLEAN.replace("| Category | model |\n", "| Category | model |\n^stats\n")
    assert "T001" not in codes(run_check(vault, text))


def test_an_unescaped_link_pipe_splits_a_cell_and_the_fix_escapes_it(vault: Path) -> None:
    text = CLEAN.replace("| Category | model |", "| Category | [[Other|the other]] |")
    found = run_check(vault, text)
    d = _one(found, "T002")
    assert d.severity.value == "error"
    assert "T001" not in codes(found)  # the split is the cause: reported alone
    fixed = _fixed(text, d)
    assert "[[Other\\|the other]]" in fixed
    assert "T002" not in codes(run_check(vault, fixed))


def test_escaped_link_pipes_and_pipes_outside_tables_are_fine(vault: Path) -> None:
    text = CLEAN.replace("| Category | model |", "| Category | [[Other\\|the other]] |")
    text += "\nIn prose [[Other|the other]] is fine.\n"
    assert run_check(vault, text.replace("type: gadget\n", "")) == []


# -- L: links ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "code"),
    [
        pytest.param("[[Nowhere]]", "L001", id="no-note"),
        pytest.param("![[Nowhere]]", "L001", id="embed"),
        pytest.param("[[Other#Nothing here]]", "L002", id="no-heading"),
        pytest.param("[[#Nothing here]]", "L002", id="no-heading-in-self"),
        pytest.param("[[Other#^nope]]", "L003", id="no-block"),
        pytest.param("![[diagram.png]]", "L004", id="no-file"),
    ],
)
def test_broken_links(vault: Path, link: str, code: str) -> None:
    found = run_check(vault, CLEAN + f"\nSee {link}.\n")
    d = _one(found, code)
    assert d.line == CLEAN.count("\n") + 2 and d.col == 5


@pytest.mark.parametrize(
    "link",
    [
        "[[Other]]",
        "[[other]]",  # case-insensitive
        "[[Other.md]]",
        "[[Folder/Deep]]",
        "[[Deep]]",
        "[[./Folder/Deep]]",
        "[[Nick]]",  # an alias
        "[[Other#details]]",
        "[[Other#Details|shown]]",
        "[[Other#^para]]",
        "[[#Quick stats]]",
        "[[#Why Widget matters#Quick stats]]",
        "![[picture.png|200]]",
        "[[Deep#Inside a callout]]",
    ],
)
def test_links_obsidian_follows_are_not_reported(vault: Path, link: str) -> None:
    deep = vault / "Folder" / "Deep.md"
    deep.parent.mkdir()
    deep.write_text("---\naliases: [Nick]\n---\n> [!note]\n> ## Inside a callout\n", "utf-8")
    (vault / "picture.png").write_bytes(b"\x89PNG")
    assert run_check(vault, CLEAN + f"\nSee {link}.\n") == []


@pytest.mark.parametrize(
    "text",
    [
        "`[[Nowhere]]` in code",
        "```\n[[Nowhere]]\n```",
        "~~~md\n![[Nowhere]]\n~~~",
        "Text.\n\n    [[Nowhere]] indented code",
        "%% [[Nowhere]] %% a comment",
        "%%\n[[Nowhere]]\n%%",
        "<!-- [[Nowhere]] -->",
        "\\[[Nowhere]] escaped",
        "$$\n[[Nowhere]]\n$$",
    ],
)
def test_nothing_in_code_comments_or_math_is_a_link(vault: Path, text: str) -> None:
    assert run_check(vault, CLEAN + "\n" + text + "\n") == []


def test_an_indented_list_item_is_not_code(vault: Path) -> None:
    text = CLEAN + "\n- item\n\n    [[Nowhere]] in the item\n"
    assert codes(run_check(vault, text)) == ["L001"]


def test_frontmatter_links_are_links(vault: Path) -> None:
    text = CLEAN.replace("stars: 5\n", 'stars: 5\nparent: "[[Nowhere]]"\n')
    d = _one(run_check(vault, text), "L001")
    assert d.line == 5


def test_a_broken_link_suggests_a_close_name(vault: Path) -> None:
    d = _one(run_check(vault, CLEAN + "\n[[Othr]]\n"), "L001")
    assert d.hint == "Did you mean [[Other]]?"


def test_every_rule_has_a_test_here() -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    assert [code for code in RULES if f'"{code}"' not in source] == []


# -- M: the note's version -------------------------------------------------------------------


def test_a_note_behind_its_type_names_the_steps_and_migrate_clears_it(tmp_path: Path) -> None:
    from scaffold.cli.main import main
    from tests.migrate.conftest import ANSWERS, Gadgets

    gadgets = Gadgets(tmp_path / "vault")
    old = gadgets.render(1, ANSWERS)
    current = gadgets.render(3, ANSWERS)  # leaves the type at version 3
    d = _one(run_check(gadgets.root, old), "M001")
    assert "version 3" in d.message
    assert "rename_key maker -> made_by" in d.message and "add_section Price history" in d.message
    assert "M001" not in codes(run_check(gadgets.root, current))
    (gadgets.root / "Widget.md").write_text(old)
    assert main(["migrate", "gadget", "--vault", str(gadgets.root), "--yes", "-q"]) == 0
    migrated = (gadgets.root / "Widget.md").read_text()
    assert "M001" not in codes(run_check(gadgets.root, migrated))


def test_m001_names_the_steps_an_earlier_one_makes_needed_and_its_fix_is_the_migration(
    tmp_path: Path,
) -> None:
    """Version 3 moves ``Weight`` after ``Color``, a row only version 2's rename makes: decided
    on the note as it stands, that step was left out. M001 decides each step as migrate does,
    and its fix gives exactly the bytes ``scaffold migrate`` writes."""
    from scaffold.cli.main import main
    from tests.migrate.conftest import ANSWERS, Gadgets

    gadgets = Gadgets(tmp_path / "vault")
    old = gadgets.render(1, ANSWERS)
    gadgets.install(3)
    d = _one(run_check(gadgets.root, old), "M001")
    for step in ("rename_key", "rename_row", "add_section", "add_column", "move_row"):
        assert step in d.message, d.message
    assert [f.title for f in d.fixes] == ["Migrate the note to gadget version 3"]
    fixed = _fixed(old, d)
    assert "M001" not in codes(run_check(gadgets.root, fixed))
    (gadgets.root / "Widget.md").write_text(old)
    assert main(["migrate", "gadget", "--vault", str(gadgets.root), "--yes", "-q"]) == 0
    assert (gadgets.root / "Widget.md").read_text() == fixed


def test_m001_offers_no_fix_that_deletes_data(tmp_path: Path) -> None:
    from tests.migrate.conftest import ANSWERS, Gadgets

    gadgets = Gadgets(tmp_path / "vault")
    old = gadgets.render(3, ANSWERS)
    spec = gadgets.root / ".scaffold" / "templates" / "gadget" / "questions.yaml"
    text = spec.read_text().replace("version: 3\n", "version: 4\n")
    text = text.replace(
        "questions:\n",
        "  - to: 4\n    steps:\n      - drop_row: {section: Stats, row: Weight}\nquestions:\n",
    )
    spec.write_text(text)
    d = _one(run_check(gadgets.root, old), "M001")
    assert "drop_row" in d.message and d.fixes == ()
    assert d.hint is not None and "--allow-destructive" in d.hint


# -- C: characters ---------------------------------------------------------------------------


def test_a_control_character_is_reported_where_it_is_and_the_fix_removes_it(vault: Path) -> None:
    text = CLEAN.replace("| Category | model |", "| Category | mo\x1b[31mdel |")
    d = _one(run_check(vault, text), "C001")
    assert "\\x1b" in d.message and "\x1b" not in d.message  # the message is safe to print
    assert text[d.start : d.end] == "\x1b"
    fixed = _fixed(text, d)
    assert fixed == text.replace("\x1b", "")
    assert "C001" not in codes(run_check(vault, fixed))
    # Tabs and line endings are layout, not control characters.
    assert "C001" not in codes(run_check(vault, CLEAN.replace("\n", "\r\n") + "a\tb\n"))


# -- A: ages of metrics ------------------------------------------------------------------------


def test_a_metric_past_its_max_age_is_an_info_at_its_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from tests.views.conftest import FIXTURES

    root = tmp_path / "stale"
    shutil.copytree(FIXTURES / "stale", root)
    monkeypatch.setenv("SCAFFOLD_TODAY", "2025-08-01")
    found = run_check(root, (root / "A.md").read_text(), name="A.md")
    d = _one([x for x in found if "users" in x.message], "A001")
    assert d.severity.value == "info" and (d.line, d.col) == (9, 11)
    assert d.message == "users is 4 mo old (2025-03-15), past its max_age of 90d"
    unknown = run_check(root, (root / "B.md").read_text(), name="B.md")
    assert "price has no date (max_age 6mo): its age is unknown" in [x.message for x in unknown]
    # Fresh values, and a type without max_age, say nothing.
    assert codes(run_check(root, (root / "C.md").read_text(), name="C.md")) == []
    monkeypatch.setenv("SCAFFOLD_TODAY", "2025-03-20")
    assert "A001" not in [x.code for x in run_check(root, (root / "A.md").read_text(), name="A.md")
                          if "users" in x.message]  # fmt: skip


def test_a_heading_link_into_a_shared_name_is_checked_in_the_note_obsidian_opens(
    vault: Path,
) -> None:
    # Two notes named Dup: Obsidian opens the one with the shortest path (the one beside the
    # linking note first), so a heading only the deeper one has is a broken link.
    (vault / "Dup.md").write_text("# Dup\n\n## Top\n\ntext ^near\n", "utf-8")
    (vault / "Deep" / "Er").mkdir(parents=True)
    (vault / "Deep" / "Er" / "Dup.md").write_text("# Dup\n\n## Only deep\n\nx ^far\n", "utf-8")
    found = run_check(vault, CLEAN + "\nSee [[Dup#Only deep]], [[Dup#^far]] and [[Dup#Top]].\n")
    assert codes(found) == ["L002", "L003"]
    beside = run_check(vault, CLEAN + "\nSee [[Dup#Only deep]].\n", name="Deep/Er/Widget.md")
    assert beside == []


# -- R: view regions, a vault rule ---------------------------------------------------------------


def test_a_view_region_out_of_date_is_an_info_at_its_marker(tmp_path: Path) -> None:
    """R001 through the real CLI (``scaffold check`` gives it the views' vault rule): its
    configured severity, the path as check shows it, and an inline ignore."""
    import json

    from tests.views.conftest import cli

    root = tmp_path / "vault"
    (root / ".scaffold").mkdir(parents=True)
    (root / "A.md").write_text("---\ntype: product\n---\n# A\n")
    view = '<!-- scaffold:view where="type:product" -->\n<!-- /scaffold:view -->\n'
    (root / "Index.md").write_text("# Index\n\n" + view)
    (root / "Quiet.md").write_text("%% scaffold: ignore-file R001 %%\n" + view)
    (root / ".scaffold" / "check.toml").write_text('[severity]\nR001 = "warning"\n')
    code, out, _ = cli("check", str(root), "--format", "json")
    found = [d for d in json.loads(out)["diagnostics"] if d["code"] == "R001"]
    assert [(Path(d["path"]).name, d["line"], d["severity"]) for d in found] == [
        ("Index.md", 3, "warning")
    ]
    assert code == 1  # a warning fails the run by default
