"""``scaffold stale``: ages from history rows and as-of notes, never mtime; the CSV round trip."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest

from scaffold.errors import TemplateError
from scaffold.note.values.ages import Age, age_text, parse_age
from tests.views.conftest import FIXTURES, cli, snapshot

TABLE = """\
note  field  value  as of       age
A     price  $10    2024        19 mo
A     users  2M     2025-03-15  4 mo
B     users  900k   April 2025  4 mo
B     price  $5     —           unknown
"""


@pytest.fixture
def gauges(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "stale"
    shutil.copytree(FIXTURES / "stale", root)
    monkeypatch.setenv("SCAFFOLD_TODAY", "2025-08-01")
    return root


def test_stale_lists_oldest_first_unknown_last(gauges: Path) -> None:
    code, out, err = cli("stale", "--vault", str(gauges))
    assert code == 0
    assert out == TABLE
    assert "4 metric(s); 1 of unknown age" in err


def test_the_files_modification_time_is_not_the_clock(gauges: Path) -> None:
    for note in gauges.glob("*.md"):
        os.utime(note, (0, 0))  # 1970: every file looks ancient
    assert cli("stale", "--vault", str(gauges))[1] == TABLE
    now = dt.datetime(2025, 8, 1).timestamp()
    for note in gauges.glob("*.md"):
        os.utime(note, (now, now))  # edited today: none looks fresh for it
    assert cli("stale", "--vault", str(gauges))[1] == TABLE


def test_today_flag_wins_over_the_environment(gauges: Path) -> None:
    out = cli("stale", "--vault", str(gauges), "--today", "2025-06-01", "--format", "json")[1]
    rows = {(r["note"], r["field"]): r for r in json.loads(out)}
    # On 2025-06-01 the users figures (Mar 15, Apr 1) are within 90 days.
    assert sorted(rows) == [("A", "price"), ("B", "price")]
    assert rows[("A", "price")]["age_days"] == (dt.date(2025, 6, 1) - dt.date(2024, 1, 1)).days


def test_all_lists_the_fresh_ones_too_and_skips_placeholders(gauges: Path) -> None:
    out = cli("stale", "--vault", str(gauges), "--all", "--json")[1]
    rows = json.loads(out)
    fresh = [(r["note"], r["field"], r["source"], r["as_of"]) for r in rows if not r["stale"]]
    assert fresh == [("C", "users", "cell", "2025-06-01"), ("C", "price", "cell", "2025-07")]
    assert not any(r["note"] in ("D", "E") for r in rows)  # a placeholder; another type
    sources = {(r["note"], r["field"]): r["source"] for r in rows}
    assert sources[("A", "users")] == "history"  # the history row, not the cell's (Mar 2025)
    assert sources[("B", "price")] is None


def test_older_than_replaces_max_age(gauges: Path) -> None:
    out = cli("stale", "--vault", str(gauges), "--older-than", "1y", "--format", "json")[1]
    assert [(r["note"], r["field"]) for r in json.loads(out)] == [("A", "price"), ("B", "price")]
    out = cli("stale", "--vault", str(gauges), "--where", "path:B.md", "--format", "json")[1]
    assert [r["field"] for r in json.loads(out)] == ["users", "price"]


def test_bad_ages_are_usage_errors(gauges: Path) -> None:
    code, _, err = cli("stale", "--vault", str(gauges), "--older-than", "3 months")
    assert code == 2 and "90d" in err
    spec = gauges / ".scaffold" / "templates" / "gauge" / "questions.yaml"
    spec.write_text(spec.read_text().replace("max_age: 6mo", "max_age: soon"))
    from scaffold.entities.library import Library

    with pytest.raises(TemplateError, match="max_age"):
        Library(gauges).get("gauge")


def test_stale_csv_feeds_update_and_back(gauges: Path, tmp_path: Path) -> None:
    csv_path = tmp_path / "refresh.csv"
    code, out, _ = cli("stale", "--vault", str(gauges), "--format", "csv")
    assert code == 0
    assert out.splitlines()[0] == "note,field,value,as_of"
    assert "A,users,**2M** (Mar 2025)," in out.splitlines()
    csv_path.write_text(out)
    before = snapshot(gauges)
    # Fed back as it is, it changes nothing.
    code, _, err = cli("update", "--vault", str(gauges), "--from", str(csv_path), "--yes")
    assert code == 0, err
    assert snapshot(gauges) == before
    # Filled in: A's users get a new value dated July, which makes them fresh.
    csv_path.write_text(out.replace("A,users,**2M** (Mar 2025),", "A,users,2.5M,2025-07"))
    code, _, err = cli("update", "--vault", str(gauges), "--from", str(csv_path), "--yes")
    assert code == 0, err
    text = (gauges / "A.md").read_text()
    assert "| 2025-07 | 2.5M |" in text and "**2.5M** (Jul 2025)" in text
    out = cli("stale", "--vault", str(gauges))[1]
    assert "A     users" not in out and out.splitlines()[1].startswith("A     price")
    changed = {k for k, v in snapshot(gauges).items() if before[k] != v}
    assert changed == {"A.md"}


@pytest.mark.parametrize(
    ("text", "age"),
    [("90d", Age(90, "d")), ("2w", Age(2, "w")), (" 6mo ", Age(6, "mo")), ("1y", Age(1, "y"))],
)
def test_parse_age(text: str, age: Age) -> None:
    assert parse_age(text) == age


@pytest.mark.parametrize("text", ["", "90", "d", "6 months", "1.5y", "-3d", 90, None])
def test_parse_age_refuses(text: object) -> None:
    assert parse_age(text) is None


def test_calendar_cutoffs_and_age_text() -> None:
    assert Age(6, "mo").cutoff(dt.date(2025, 8, 31)) == dt.date(2025, 2, 28)
    assert Age(1, "y").cutoff(dt.date(2024, 2, 29)) == dt.date(2023, 2, 28)
    assert Age(90, "d").cutoff(dt.date(2025, 8, 1)) == dt.date(2025, 5, 3)
    today = dt.date(2026, 1, 27)
    assert age_text(dt.date(2026, 1, 1), today) == "26 d"
    assert age_text(dt.date(2025, 4, 1), today) == "9 mo"
    assert age_text(dt.date(2023, 1, 1), today) == "3 y"
    assert age_text(dt.date(2026, 2, 1), today) == "in the future"


def test_a_note_that_cannot_be_read_is_said_and_the_rest_listed(gauges: Path) -> None:
    (gauges / "Latin.md").write_bytes(b"---\ntype: gauge\n---\nCaf\xe9\n")
    (gauges / "Broken.md").write_bytes(b"---\ntype: gauge\nusers: [oops\n---\n")
    code, out, err = cli("stale", "--vault", str(gauges))
    assert code == 0 and out == TABLE  # every note that can be read, as before
    assert "warning: Latin.md:4:4: not valid UTF-8 (byte 0xe9): left out" in err
    assert "warning: Broken.md:" in err
    assert "4 metric(s); 1 of unknown age; 2 notes left out (see above)" in err
    code, out, err = cli("stale", "--vault", str(gauges), "--format", "csv")
    assert code == 0 and "2 notes left out" in err and "Latin" not in out
