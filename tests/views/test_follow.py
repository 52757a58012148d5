"""``update`` and ``migrate`` re-render exactly the views their changes affect, in the same run."""

from __future__ import annotations

import json
from pathlib import Path

from scaffold import api
from tests.views.conftest import cli, runs, snapshot

DOWNLOADS = (
    '<!-- scaffold:view where="type:product" columns="name, downloads" sort="-downloads" -->\n'
    "<!-- /scaffold:view -->\n"
)
LICENSES = (
    '<!-- scaffold:view where="type:product" columns="name, license" -->\n<!-- /scaffold:view -->\n'
)
COMPANIES = '<!-- scaffold:view where="type:actor" -->\n<!-- /scaffold:view -->\n'


def _views(vault: Path) -> None:
    """Three view notes, and one note holding two views, rendered and current."""
    (vault / "Downloads.md").write_text("# By downloads\n\n" + DOWNLOADS, encoding="utf-8")
    (vault / "Licenses.md").write_text("# Licences\n\n" + LICENSES, encoding="utf-8")
    (vault / "Companies.md").write_text(COMPANIES, encoding="utf-8")
    (vault / "Both.md").write_text(
        "Licences:\n\n" + LICENSES + "\nDownloads:\n\n" + DOWNLOADS + "\nend\n", encoding="utf-8"
    )
    code, _, err = cli("render", "--vault", str(vault))
    assert code == 0, err


def test_update_rewrites_only_the_views_that_show_the_changed_field(vault: Path) -> None:
    _views(vault)
    before = snapshot(vault)
    code, out, err = cli("update", "--vault", str(vault), "--set", "downloads=5B", "--where",
                         "path:Beta.md", "--yes")  # fmt: skip
    assert code == 0, err
    after = snapshot(vault)
    changed = {k for k in before if before[k] != after[k]}
    assert changed == {"Beta.md", "Downloads.md", "Both.md"}
    assert "| [[Beta]] | 5B |" in after["Downloads.md"].decode()
    # Beta now leads the table sorted by downloads.
    assert after["Downloads.md"].decode().index("[[Beta]]") < after["Downloads.md"].decode().index(
        "[[Alpha]]"
    )
    # In the note with two views, only the downloads region moved: every other byte is kept.
    old, new = before["Both.md"].decode(), after["Both.md"].decode()
    cut = old.index("Downloads:")
    assert new[:cut] == old[:cut]
    assert new.endswith("<!-- /scaffold:view -->\n\nend\n")
    assert "Downloads.md: views re-rendered" in out
    assert "2 view notes re-rendered" in err
    # The views are the same as a full render gives: nothing is left out of date.
    assert cli("render", "--check", "--vault", str(vault))[0] == 0


def test_one_undo_takes_the_update_and_its_views_back(vault: Path) -> None:
    _views(vault)
    before, journal = snapshot(vault), runs(vault)
    report = api.update(vault, {"Beta": {"downloads": "5B"}})
    assert report.summary.followed == ["Both.md", "Downloads.md"]
    assert report.summary.written == 3
    assert len(runs(vault)) == len(journal) + 1
    api.undo(vault)
    assert snapshot(vault) == before


def test_a_rerun_writes_nothing(vault: Path) -> None:
    _views(vault)
    api.update(vault, {"Beta": {"downloads": "5B"}})
    before, journal = snapshot(vault), runs(vault)
    report = api.update(vault, {"Beta": {"downloads": "5B"}})
    assert report.summary.followed == []
    assert snapshot(vault) == before
    assert runs(vault) == journal


def test_a_change_the_views_do_not_show_rewrites_no_view(vault: Path) -> None:
    _views(vault)
    before = snapshot(vault)
    # stars is shown by no view; Acme is an actor, whose downloads no view shows.
    report = api.update(vault, {"Beta": {"stars": "91"}, "Acme": {"created": "2025-02-02"}})
    assert report.summary.followed == []
    after = snapshot(vault)
    assert {k for k in before if before[k] != after[k]} == {"Beta.md", "Acme.md"}


def test_a_note_entering_the_selection_is_a_change(vault: Path) -> None:
    _views(vault)
    # The view selects by downloads and shows only licences: gamma (650M) enters it at 3B.
    (vault / "Big.md").write_text(
        '<!-- scaffold:view where="downloads > 1B" columns="name, license" -->\n'
        "<!-- /scaffold:view -->\n",
        encoding="utf-8",
    )
    assert cli("render", "--vault", str(vault))[0] == 0
    assert "[[gamma]]" not in (vault / "Big.md").read_text(encoding="utf-8")
    report = api.update(vault, {"gamma": {"downloads": "3B"}})
    assert "Big.md" in report.summary.followed
    assert "[[gamma]]" in (vault / "Big.md").read_text(encoding="utf-8")


def test_no_render_leaves_the_views(vault: Path) -> None:
    _views(vault)
    before = snapshot(vault)
    code, _, err = cli("update", "--vault", str(vault), "--set", "downloads=5B", "--where",
                       "path:Beta.md", "--yes", "--no-render")  # fmt: skip
    assert code == 0, err
    after = snapshot(vault)
    assert {k for k in before if before[k] != after[k]} == {"Beta.md"}
    assert cli("render", "--check", "--vault", str(vault))[0] == 11


def test_a_dry_run_names_the_views_and_writes_nothing(vault: Path) -> None:
    _views(vault)
    before = snapshot(vault)
    code, out, _ = cli("update", "--vault", str(vault), "--set", "downloads=5B", "--where",
                       "path:Beta.md", "--dry-run", "--json")  # fmt: skip
    assert code == 0
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["rendered"] == ["Both.md", "Downloads.md"]
    assert snapshot(vault) == before


def test_a_view_note_the_update_changes_itself_is_left_to_render(vault: Path) -> None:
    _views(vault)
    (vault / "Downloads.md").write_text(
        "---\ntype: product\n---\n" + (vault / "Downloads.md").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    assert cli("render", "--vault", str(vault))[0] == 0
    report = api.update(vault, {"Downloads": {"stars": "1"}, "Beta": {"downloads": "5B"}},
                        create=True)  # fmt: skip
    assert report.ok
    assert "Downloads.md" not in report.summary.followed
    assert "Both.md" in report.summary.followed


def test_the_index_answers_for_any_change(vault: Path) -> None:
    from scaffold.views.follow import follow

    _views(vault)
    # What a migrate or a new note would hand it: bytes about to be written.
    beta = (
        (vault / "Beta.md").read_bytes().replace(b"| License | Apache-2.0 |", b"| License | BSD |")
    )
    changes = follow(vault, {"Beta.md": beta})
    assert sorted(c.path.name for c in changes) == ["Both.md", "Licenses.md"]
    assert all(b"BSD" in c.after for c in changes)
    # A note about to be created, selected by the actor view only.
    new = b"---\ntype: actor\n---\nNew.\n"
    assert [c.path.name for c in follow(vault, {"Initech.md": new})] == ["Companies.md"]


def test_migrate_re_renders_the_views_of_the_migrated_notes(tmp_path: Path) -> None:
    from tests.migrate.conftest import ANSWERS, Gadgets

    gadgets = Gadgets(tmp_path / "gadgets")
    root = gadgets.root
    (root / "Widget.md").write_text(gadgets.render(1, ANSWERS), encoding="utf-8")
    # Version 2 renames the key maker to made_by: the view of made_by gains Acme.
    (root / "Makers.md").write_text(
        '<!-- scaffold:view where="type:gadget" columns="name, made_by" -->\n'
        "<!-- /scaffold:view -->\n",
        encoding="utf-8",
    )
    (root / "Names.md").write_text(
        '<!-- scaffold:view where="type:actor" -->\n<!-- /scaffold:view -->\n', encoding="utf-8"
    )
    assert cli("render", "--vault", str(root))[0] == 0
    assert "| [[Widget]] |  |" in (root / "Makers.md").read_text(encoding="utf-8")
    gadgets.install(3)
    names = (root / "Names.md").read_bytes()
    code, out, err = cli("migrate", "gadget", "--vault", str(root), "--yes")
    assert code == 0, err
    assert "| [[Widget]] | Acme |" in (root / "Makers.md").read_text(encoding="utf-8")
    assert "Makers.md: views re-rendered" in out
    assert (root / "Names.md").read_bytes() == names
    # One undo takes the migration and its view back.
    assert cli("undo", "--vault", str(root))[0] == 0
    assert "| [[Widget]] |  |" in (root / "Makers.md").read_text(encoding="utf-8")


def test_new_re_renders_the_views_that_select_the_new_note(vault: Path) -> None:
    _views(vault)
    before = snapshot(vault)
    code, out, err = cli("new", "product", "--vault", str(vault), "--defaults",
                         "--set", "name=Zeta", "--set", "license=BSD")  # fmt: skip
    assert code == 0, err
    after = snapshot(vault)
    changed = {k for k in after if after.get(k) != before.get(k)}
    # The product views gain Zeta; the actor view does not move.
    assert changed == {"Zeta.md", "Downloads.md", "Licenses.md", "Both.md"}
    assert "| [[Zeta]] | BSD |" in after["Licenses.md"].decode()
    assert "Licenses.md: views re-rendered" in out
    assert cli("render", "--check", "--vault", str(vault))[0] == 0
    # One run: undo removes the note and puts the views back.
    assert cli("undo", "--vault", str(vault))[0] == 0
    assert snapshot(vault) == before


def test_new_with_no_render_and_the_api(vault: Path) -> None:
    _views(vault)
    before = snapshot(vault)
    code, _, err = cli("new", "product", "--vault", str(vault), "--defaults",
                       "--set", "name=Zeta", "--no-render")  # fmt: skip
    assert code == 0, err
    after = snapshot(vault)
    assert {k for k in after if after.get(k) != before.get(k)} == {"Zeta.md"}
    api.new_note(vault, "product", {"name": "Eta"})
    assert "[[Eta]]" in (vault / "Downloads.md").read_text(encoding="utf-8")
    assert "[[Zeta]]" in (vault / "Downloads.md").read_text(encoding="utf-8")  # a full render
