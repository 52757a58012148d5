"""A year of monthly refreshes, as a new user would run them (issue 14, "Done when").

Notes made by ``scaffold new``; twelve monthly ``update --as-of`` runs from the CSVs Excel
writes (a BOM, CRLF, ``;``, a ``sep=;`` line, UTF-16 "Unicode text"), one of them a backfill
of a month skipped, one run with a typo in a column name, then two undos and a redo. After
every step the notes are read with independent readers (PyYAML for the frontmatter,
markdown-it-py for the tables, not scaffold's own) and checked: every value named is written
in every place the note has, each history table is in date order with nothing dropped, and
every other byte is the one ``scaffold new`` wrote.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

from scaffold.errors import EXIT_USAGE
from tests.bulk.conftest import snapshot
from tests.conftest import run_main

MONTHS = [f"2026-{m:02d}" for m in range(1, 13)]
BACKFILL = "2026-04"
"""Skipped in its turn, and run after December."""

PRODUCTS = {"Llama": 100, "Qwen": 40, "Grok": 10}
"""Each product's downloads in millions at the start; they grow every month."""
ACTOR, VALUATION = "Meta", 1200


def downloads(name: str, month: int) -> str:
    return f"{PRODUCTS[name] + 7 * month}M+"


def valuation(month: int) -> str:
    return str(VALUATION + 25 * month)


# -- the user's files --------------------------------------------------------------------------


def excel_csv(month: int) -> bytes:
    """Month ``month``'s sheet, saved the way Excel saves it in one locale or another."""
    style = month % 4
    sep = "," if style == 2 else ";" if style != 3 else "\t"
    rows = [["note", "downloads", "valuation"]]
    rows += [[name, downloads(name, month), ""] for name in PRODUCTS]
    rows.append([ACTOR, "", valuation(month)])
    text = "\r\n".join(sep.join(row) for row in rows) + "\r\n"
    if style == 0:
        return b"\xef\xbb\xbf" + text.encode("utf-8")  # "CSV UTF-8": a BOM, CRLF, ';'
    if style == 1:
        return ("sep=;\r\n" + text).encode("utf-8")  # Excel's own separator line
    if style == 3:
        return ("\ufeff" + text).encode("utf-16-le")  # "Unicode text": UTF-16, tabs
    return text.encode("utf-8")  # ',' and CRLF


# -- independent readers -----------------------------------------------------------------------


def frontmatter(text: str) -> dict[str, object]:
    assert text.startswith("---\n")
    block = text[4 : text.index("\n---\n", 4)]
    data = yaml.safe_load(block)
    assert isinstance(data, dict)
    return data


def tables(text: str) -> dict[str, list[list[str]]]:
    """Each table's rows (the header first) under the heading before it, by markdown-it-py."""
    body = text[text.index("\n---\n", 4) + 5 :]
    tokens = MarkdownIt("commonmark").enable("table").parse(body)
    found: dict[str, list[list[str]]] = {}
    heading = ""
    row: list[str] | None = None
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            heading = tokens[index + 1].content
        elif token.type == "table_open":
            found[heading] = []
        elif token.type == "tr_open":
            row = []
        elif token.type in ("th_open", "td_open") and row is not None:
            row.append(tokens[index + 1].content)
        elif token.type == "tr_close" and row is not None:
            found[heading].append(row)
            row = None
    return found


def check_note(
    text: str, born: str, history: str, column: str, dated: dict[str, str], current: str
) -> None:
    """``text`` is ``born`` with exactly the values asked: a dated row for each month, in
    date order, and the Quick stats cell at the latest month's value."""
    assert frontmatter(text) == frontmatter(born)
    found = tables(text)
    header, *rows = found[history]
    assert header == ["Date", column, "Notes"]
    assert [r[0] for r in rows] == sorted(dated), "the history is in date order"
    assert {r[0]: r[1] for r in rows} == dated, "every month's value, none dropped"
    stats = {r[0]: r[1] for r in found["Quick stats"][1:]}
    assert stats[column] == current
    born_stats = {r[0]: r[1] for r in tables(born)["Quick stats"][1:]}
    assert {k: v for k, v in stats.items() if k != column} == {
        k: v for k, v in born_stats.items() if k != column
    }
    # Every other byte is the one `scaffold new` wrote: only history rows were added, and
    # only the Quick stats line of the value changed.
    diff = list(difflib.ndiff(born.splitlines(), text.splitlines()))
    removed = [line[2:] for line in diff if line.startswith("- ")]
    added = [line[2:] for line in diff if line.startswith("+ ")]
    value_line = f"| {column} |"
    assert all(line.startswith(value_line) for line in removed), removed
    assert [line for line in added if not line.startswith(value_line)] == [
        f"| {month} | {value} |  |" for month, value in sorted(dated.items())
    ]


# -- the year ----------------------------------------------------------------------------------


def test_a_year_of_monthly_refreshes(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    for name, start in PRODUCTS.items():
        made = run_main("new", "product", name, "--set", f"parent={ACTOR}",
                        "--set", f"downloads={start}M+", "--defaults", "--no-link-back",
                        cwd=vault)  # fmt: skip
        assert made.returncode == 0, made.stderr
    made = run_main("new", "actor", ACTOR, "--set", f"valuation={VALUATION}", "--defaults",
                    "--no-link-back", cwd=vault)  # fmt: skip
    assert made.returncode == 0, made.stderr
    born = {p: data.decode("utf-8") for p, data in snapshot(vault).items()}
    assert set(born) == {*(f"{n}.md" for n in PRODUCTS), f"{ACTOR}.md"}

    dated: dict[str, dict[str, str]] = {name: {} for name in [*PRODUCTS, ACTOR]}
    current = {**{n: f"{s}M+" for n, s in PRODUCTS.items()}, ACTOR: str(VALUATION)}

    def check(state: dict[str, bytes]) -> None:
        for name in PRODUCTS:
            check_note(state[f"{name}.md"].decode(), born[f"{name}.md"], "Download trajectory",
                       "Downloads", dated[name], current[name])  # fmt: skip
        check_note(state[f"{ACTOR}.md"].decode(), born[f"{ACTOR}.md"], "Valuation history",
                   "Valuation (USD bn)", dated[ACTOR], current[ACTOR])  # fmt: skip

    def refresh(month: int, *, latest: bool = True) -> dict[str, bytes]:
        sheet = tmp_path / f"{MONTHS[month - 1]}.csv"
        sheet.write_bytes(excel_csv(month))
        ran = run_main("update", "--from", sheet, "--as-of", MONTHS[month - 1], "--yes",
                       cwd=vault)  # fmt: skip
        assert ran.returncode == 0, ran.stderr
        assert "0 failed" in ran.stderr and "warning" not in ran.stderr
        for name in PRODUCTS:
            dated[name][MONTHS[month - 1]] = downloads(name, month)
            if latest:
                current[name] = downloads(name, month)
        dated[ACTOR][MONTHS[month - 1]] = valuation(month)
        if latest:
            current[ACTOR] = valuation(month)
        state = snapshot(vault)
        check(state)
        return state

    states: dict[str, dict[str, bytes]] = {}
    for month, name in enumerate(MONTHS, 1):
        if name == BACKFILL:
            continue
        before = snapshot(vault)
        states[name] = refresh(month)
        assert states[name] != before

    # A typo in the header is one error at the header; nothing is written.
    typo = tmp_path / "typo.csv"
    typo.write_bytes(excel_csv(12).replace(b"downloads", b"downlods"))
    before_typo = snapshot(vault)
    ran = run_main("update", "--from", typo, "--as-of", MONTHS[-1], "--yes", cwd=vault)
    assert ran.returncode == EXIT_USAGE, ran.stderr
    assert ran.stderr.count("error:") == 1 and "did you mean 'downloads'?" in ran.stderr
    assert snapshot(vault) == before_typo

    # The month that was skipped, run last: its rows go where their date belongs, and the
    # current values stay December's.
    after_backfill = refresh(4, latest=False)

    # Two undos (the backfill, then December) and a redo (December again), byte for byte.
    first = run_main("undo", cwd=vault)
    assert first.returncode == 0, first.stderr
    assert snapshot(vault) == states[MONTHS[-1]]
    second = run_main("undo", cwd=vault)
    assert second.returncode == 0, second.stderr
    assert snapshot(vault) == states[MONTHS[-2]]
    redone = run_main("redo", cwd=vault)
    assert redone.returncode == 0, redone.stderr
    assert snapshot(vault) == states[MONTHS[-1]]
    assert after_backfill != states[MONTHS[-1]]
