"""``scaffold report``: types, metric ages, findings by code, duplicates."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from scaffold import api
from scaffold.views.report import fold_name
from tests.views.conftest import FIXTURES, cli, snapshot


@pytest.fixture
def gauges(tmp_path: Path) -> Path:
    root = tmp_path / "stale"
    shutil.copytree(FIXTURES / "stale", root)
    return root


def test_report_counts_types_ages_and_findings(gauges: Path) -> None:
    before = snapshot(gauges)
    code, out, _ = cli("report", "--vault", str(gauges), "--today", "2025-08-01", "--json")
    assert code == 0
    report = json.loads(out)
    assert report["notes"] == 5
    assert report["types"] == {"gauge": 4, "other": 1}
    assert report["metrics_by_age"] == {
        "under 30 days": 0,
        "30 to 90 days": 2,
        "90 days to 6 months": 2,
        "6 months to 1 year": 0,
        "over a year": 1,
        "unknown": 1,
    }
    checked = Counter((d["code"], d["severity"]) for d in api.check(gauges)["diagnostics"])
    assert {(f["code"], f["severity"]): f["count"] for f in report["findings"]} == checked
    assert report["duplicates"] == []
    assert snapshot(gauges) == before  # a report writes nothing


def _ticker(value: str) -> str:
    return f"## Quick stats\n\n| Metric | Value |\n|---|---|\n| Ticker | {value} |\n"


def test_duplicates_by_alias_id_and_folded_name(vault: Path) -> None:
    notes = {
        # The actor type flags its ticker (a Quick stats cell) external_id: true.
        "Meta.md": "---\ntype: actor\naliases: [Facebook]\n---\n" + _ticker("**META**"),
        "Meta Platforms.md": "---\ntype: actor\n---\n" + _ticker("meta"),
        # A type that declares its ids: the fallback keys are not looked at.
        "Org One.md": "---\ntype: actor\ngithub: same/repo\n---\n" + _ticker("—"),
        "Org Two.md": "---\ntype: actor\ngithub: same/repo\n---\n",
        # No type, so no declaration: the fallback frontmatter keys.
        "Repo A.md": "---\ngithub: acme/tool\n---\n",
        "Repo B.md": "---\ngithub: Acme/Tool\n---\n",
        "Facebook.md": "---\ntype: actor\n---\n",
        "X.md": "---\naliases: [Twitter]\n---\n",
        "Twitter Corp.md": "# Twitter, Corp.\n",
        "Meta AI.md": "---\ntype: product\n---\n",  # a product of Meta, not Meta
    }
    for name, text in notes.items():
        (vault / name).write_text(text)
    out = cli("report", "--vault", str(vault), "--format", "json")[1]
    found = [(d["reason"], d["key"], d["notes"]) for d in json.loads(out)["duplicates"]]
    assert found == [
        ("alias", "facebook", ["Facebook", "Meta"]),
        ("id", "github: acme/tool", ["Repo A", "Repo B"]),
        ("id", "ticker: meta", ["Meta", "Meta Platforms"]),
        ("name", "alpha", ["Alpha.md", "Sub/Alpha.md"]),  # the fixture's shared file name
        ("name", "twitter", ["Twitter Corp", "X"]),
    ]
    text = cli("report", "--vault", str(vault), "--today", "2026-01-27")[1]
    assert text.startswith("# Vault report (2026-01-27)\n")
    assert "- alias `facebook`: [[Facebook]], [[Meta]]\n" in text
    assert "## Check findings by code\n\n| Code | Severity | Findings |\n" in text


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("Meta Platforms, Inc.", "meta"),
        ("Meta", "meta"),
        ("Société Générale SA", "societe generale"),
        ("Group", "group"),  # a name is never folded away
        ("Meta AI", "meta ai"),
    ],
)
def test_fold_name(name: str, folded: str) -> None:
    assert fold_name(name) == folded


def test_external_id_is_a_flag_of_a_question() -> None:
    from scaffold.entities.question_file import parse_question_file
    from scaffold.errors import TemplateError

    head = "questions:\n  - name: name\n  - name: github\n"
    spec = parse_question_file(head + "    external_id: true\n")
    assert [q.external_id for q in spec.questions] == [False, True]
    with pytest.raises(TemplateError, match="external_id"):
        parse_question_file(head + "    external_id: yes please\n")


def test_a_note_whose_type_cannot_be_read_is_counted_not_fatal(gauges: Path) -> None:
    (gauges / "Broken.md").write_bytes(b"---\ntype: gauge\nticker: [oops\n---\n")
    (gauges / "Latin.md").write_bytes(b"Caf\xe9\n")
    code, out, err = cli("report", "--vault", str(gauges), "--today", "2025-08-01", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["notes"] == 7 and report["types"]["(unreadable)"] == 2
    codes = {f["code"] for f in report["findings"]}
    assert {"F002", "F004"} <= codes  # check's findings say why: invalid YAML, not UTF-8
