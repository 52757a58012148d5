"""``scaffold check``'s R001: a view region out of date, at its opening marker, as info."""

from __future__ import annotations

import json
from pathlib import Path

from scaffold import api
from tests.views.conftest import cli

VIEW = (
    "# Index\n\n"
    '<!-- scaffold:view where="type:product" columns="name, downloads" -->\n'
    "<!-- /scaffold:view -->\n"
)


def _r001(vault: Path) -> list[dict[str, object]]:
    code, out, err = cli("check", str(vault), "--select", "R", "--format", "json")
    assert code == 0, err  # info does not fail the run
    return [d for d in json.loads(out)["diagnostics"] if d["code"] == "R001"]


def test_an_out_of_date_region_is_reported_at_its_marker(vault: Path) -> None:
    (vault / "Index.md").write_text(VIEW, encoding="utf-8")
    found = _r001(vault)
    assert len(found) == 1
    assert found[0]["line"] == 3 and found[0]["severity"] == "info"
    assert str(found[0]["path"]).endswith("Index.md")
    assert "scaffold render" in str(found[0]["hint"])
    # Rendered, the region is current: no finding.
    assert cli("render", "--vault", str(vault))[0] == 0
    assert _r001(vault) == []
    # A change the view shows, made behind scaffold's back, makes it out of date again.
    beta = vault / "Beta.md"
    beta.write_text(beta.read_text(encoding="utf-8").replace("90k", "95k"), encoding="utf-8")
    assert len(_r001(vault)) == 1


def test_the_api_check_reports_it_and_an_inline_ignore_silences_it(vault: Path) -> None:
    (vault / "Index.md").write_text(VIEW, encoding="utf-8")
    found = api.check(vault, ["Index.md"])
    assert [d["code"] for d in found["diagnostics"]] == ["R001"]
    assert found["diagnostics"][0]["path"] == "Index.md"
    assert api.check(vault, ["Index.md"], ignore=["view-out-of-date"])["diagnostics"] == []


def test_the_rule_is_listed(vault: Path) -> None:
    code, out, _ = cli("check", "--list-rules")
    assert code == 0
    assert "R001" in out and "view-out-of-date" in out
