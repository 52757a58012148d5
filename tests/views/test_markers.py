"""Malformed markers are reported with their line, and the note is left as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.views.conftest import cli, snapshot

GOOD = '<!-- scaffold:view where="type:actor" -->\n<!-- /scaffold:view -->\n'


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        pytest.param(
            "# T\n\n<!-- scaffold:view where=\"type:actor\" -->\nno end\n",
            3, "never closed", id="unclosed",
        ),
        pytest.param(
            "<!-- scaffold:view -->\n\n<!-- scaffold:view -->\n<!-- /scaffold:view -->\n"
            "<!-- /scaffold:view -->\n",
            3, "opened inside the view of line 1", id="nested",
        ),
        pytest.param("x\n\n<!-- /scaffold:view -->\n", 3, "no opener", id="stray-close"),
        pytest.param(
            '\n<!-- scaffold:view wher="type:actor" -->\n<!-- /scaffold:view -->\n',
            2, "unknown view option 'wher'", id="unknown-option",
        ),
        pytest.param(
            "<!-- scaffold:view where=type:actor -->\n<!-- /scaffold:view -->\n",
            1, "cannot read the view's options", id="unquoted",
        ),
        pytest.param(
            '<!-- scaffold:view where="type:actor and (" -->\n<!-- /scaffold:view -->\n',
            1, "--where", id="bad-where",
        ),
        pytest.param(
            '<!-- scaffold:view as="grid" -->\n<!-- /scaffold:view -->\n',
            1, "a table or a list", id="bad-format",
        ),
        pytest.param(
            '<!-- scaffold:view limit="0" -->\n<!-- /scaffold:view -->\n',
            1, "positive whole number", id="bad-limit",
        ),
    ],
)  # fmt: skip
def test_a_malformed_region_is_reported_and_its_note_untouched(
    vault: Path, text: str, line: int, message: str
) -> None:
    # A good region in the same note is not written either: the note is left whole.
    (vault / "Bad.md").write_text(GOOD + "\n" + text if "opened inside" not in message else text)
    (vault / "Good.md").write_text(GOOD)
    before = snapshot(vault)
    code, _, err = cli("render", "--vault", str(vault))
    assert code == 10
    shift = 3 if "opened inside" not in message else 0
    assert f"Bad.md:{line + shift}: " in err
    assert message in err
    after = snapshot(vault)
    assert after["Bad.md"] == before["Bad.md"]
    assert b"[[Acme]]" in after["Good.md"]  # the other notes are rendered


def test_malformed_regions_in_json(vault: Path) -> None:
    import json

    (vault / "Bad.md").write_text("<!-- /scaffold:view -->\n")
    code, out, _ = cli("render", "--vault", str(vault), "--json")
    assert code == 10
    report = json.loads(out.splitlines()[0])
    assert report["ok"] is False
    assert report["problems"] == [
        {
            "kind": "view",
            "exit_code": 4,
            "message": "a closing view marker with no opener",
            "path": "Bad.md",
            "line": 1,
            "col": None,
            "hint": report["problems"][0]["hint"],
        }
    ]
