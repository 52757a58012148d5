"""``scaffold render``: golden cases, reruns, bytes outside regions, --check, undo, JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from scaffold import api
from tests.views.conftest import FIXTURES, cli, runs, snapshot

CASES = [
    pytest.param(text, expected, id=title)
    for _, title, text, expected in read_fixture_file(FIXTURES / "views.md")
]

VIEW = (
    '<!-- scaffold:view where="type:product" columns="name, downloads, license" '
    'sort="-downloads" -->\n<!-- /scaffold:view -->\n'
)


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_golden_view(vault: Path, text: str, expected: str) -> None:
    note = vault / "View.md"
    note.write_text(text, encoding="utf-8")
    code, _, err = cli("render", "--vault", str(vault))
    assert code == 0, err
    assert note.read_text(encoding="utf-8") == expected
    # A rerun finds nothing to change and records no run.
    before, journal = snapshot(vault), runs(vault)
    assert cli("render", "--vault", str(vault))[0] == 0
    assert snapshot(vault) == before
    assert runs(vault) == journal


def test_every_byte_outside_the_region_is_kept(vault: Path) -> None:
    head = "---\r\ntitle: x\r\n---\r\n\r\nBefore \t\r\n"
    tail = "\r\n\r\nAfter, no final newline"
    note = vault / "Index.md"
    note.write_bytes((head + VIEW.replace("\n", "\r\n") + tail).encode("utf-8"))
    others = {k: v for k, v in snapshot(vault).items() if k != "Index.md"}
    assert cli("render", "--vault", str(vault))[0] == 0
    data = note.read_bytes().decode("utf-8")
    assert data.startswith(head + VIEW.splitlines()[0] + "\r\n\r\n| Name |")
    assert data.endswith("|\r\n\r\n<!-- /scaffold:view -->\r\n" + tail)
    assert "\n" not in data.replace("\r\n", "")  # the region uses the note's CRLF
    assert {k: v for k, v in snapshot(vault).items() if k != "Index.md"} == others


def test_a_bom_is_kept(vault: Path) -> None:
    note = vault / "Index.md"
    note.write_bytes(b"\xef\xbb\xbf" + VIEW.encode())
    assert cli("render", "--vault", str(vault))[0] == 0
    assert note.read_bytes().startswith(b"\xef\xbb\xbf<!-- scaffold:view")
    assert b"[[Alpha]]" in note.read_bytes()


def test_check_exits_11_when_a_view_is_out_of_date_and_writes_nothing(vault: Path) -> None:
    (vault / "Index.md").write_text(VIEW)
    before = snapshot(vault)
    code, out, err = cli("render", "--vault", str(vault), "--check")
    assert code == 11
    assert "Index.md:1: view out of date (5 notes)" in out
    assert "1 view(s) out of date" in err
    assert snapshot(vault) == before and runs(vault) == []
    assert cli("render", "--vault", str(vault))[0] == 0
    assert cli("render", "--vault", str(vault), "--check")[0] == 0


def test_check_json_reports_the_regions_then_the_error(vault: Path) -> None:
    (vault / "Index.md").write_text(VIEW)
    code, out, _ = cli("render", "--vault", str(vault), "--check", "--json")
    assert code == 11
    report, error = (json.loads(line) for line in out.splitlines())
    assert report["out_of_date"] == 1
    assert report["regions"] == [
        {"path": "Index.md", "line": 1, "status": "changed", "rows": 5, "where": "type:product"}
    ]
    assert error["error"]["kind"] == "would-change" and error["error"]["exit_code"] == 11


def test_dry_run_and_diff_write_nothing_and_the_diff_applies(vault: Path, tmp_path: Path) -> None:
    import subprocess

    (vault / "Index.md").write_text(VIEW)
    before = snapshot(vault)
    code, out, _ = cli("render", "--vault", str(vault), "--dry-run", "--diff")
    assert code == 0
    assert out.startswith("--- a/Index.md\n+++ b/Index.md\n")
    assert snapshot(vault) == before
    patch = tmp_path / "render.patch"
    patch.write_text(out)
    done = subprocess.run(
        ["git", "apply", "--unsafe-paths", f"--directory={vault.name}", str(patch)],
        cwd=vault.parent, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert cli("render", "--vault", str(vault), "--check")[0] == 0


def test_render_is_a_journalled_run_that_undo_takes_back(vault: Path) -> None:
    (vault / "Index.md").write_text(VIEW)
    before = snapshot(vault)
    code, _, err = cli("render", "--vault", str(vault))
    assert code == 0 and "wrote 1 note(s)" in err
    assert len(runs(vault)) == 1
    assert snapshot(vault) != before
    assert cli("undo", "--vault", str(vault))[0] == 0
    assert snapshot(vault) == before


def test_only_the_named_notes_are_rendered(vault: Path) -> None:
    (vault / "One.md").write_text(VIEW)
    (vault / "Two.md").write_text(VIEW)
    assert cli("render", "--vault", str(vault), "One")[0] == 0
    assert "[[Alpha]]" in (vault / "One.md").read_text()
    assert (vault / "Two.md").read_text() == VIEW
    code, _, err = cli("render", "--vault", str(vault), "Nope")
    assert code == 3 and "Nope" in err


def test_after_an_update_only_the_views_showing_it_change(vault: Path) -> None:
    (vault / "Downloads.md").write_text(VIEW)
    licenses = VIEW.replace("name, downloads, license", "name, license").replace(
        "-downloads", "name"
    )
    (vault / "Licenses.md").write_text(licenses)
    assert cli("render", "--vault", str(vault))[0] == 0
    before = snapshot(vault)
    code, _, err = cli("update", "--vault", str(vault), "--where", "path:Beta.md",
                       "--set", "downloads=5B", "--yes")  # fmt: skip
    assert code == 0, err
    # The update re-rendered the view that shows downloads, in its own run: every other
    # byte of the vault is as it was, and a render afterwards finds nothing to do.
    after = snapshot(vault)
    assert {k for k in after if after[k] != before[k]} == {"Beta.md", "Downloads.md"}
    assert cli("render", "--vault", str(vault))[0] == 0
    assert snapshot(vault) == after
    rows = [line for line in after["Downloads.md"].decode().splitlines() if "[[" in line]
    assert rows[0] == "| [[Beta]] | 5B | Apache-2.0 |"


def test_the_api_returns_what_the_cli_prints(vault: Path) -> None:
    (vault / "Index.md").write_text(VIEW)
    report = api.render(vault, dry_run=True)
    assert [r.status for r in report.regions] == ["changed"]
    assert report.written == () and report.run is None
    assert (vault / "Index.md").read_text() == VIEW
    report = api.render(vault)
    assert report.written == ("Index.md",) and report.run is not None
    assert api.render(vault).regions[0].status == "unchanged"


def test_the_example_vaults_views_are_current() -> None:
    from tests.conftest import PROJECT

    code, _, err = cli("render", "--vault", str(PROJECT / "examples" / "vault"), "--check")
    assert code == 0, err
    assert "2 view(s), 0 out of date" in err


def test_a_note_the_views_cannot_read_is_said_not_dropped_quietly(vault: Path) -> None:
    (vault / "Index.md").write_text(VIEW)
    (vault / "Latin.md").write_bytes(b"---\ntype: product\n---\nCaf\xe9\n")
    (vault / "Broken.md").write_bytes(b"---\ntype: product\ntitle: [oops\n---\n")
    code, _, err = cli("render", "--vault", str(vault), "-q")
    assert code == 0, err  # the views are rendered from every note that can be read
    assert "warning: Latin.md:4:4: not valid UTF-8 (byte 0xe9): left out of the views" in err
    assert "warning: Broken.md:" in err and "invalid YAML" in err
    assert "2 notes left out of the views: they could not be read" in err
    _, out, _ = cli("render", "--vault", str(vault), "--json")
    assert [p["path"] for p in json.loads(out)["left_out"]] == ["Broken.md", "Latin.md"]
    assert "Latin" not in (vault / "Index.md").read_text(encoding="utf-8")
