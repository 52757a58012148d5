"""``scaffold chart``: a deterministic SVG (golden files for one note and five), that parses,
holds no script, renders to a PNG that is not blank, and is rewritten only when its series
changed; ``--check`` exits 11 when it is out of date."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from scaffold.metrics.chart import LIGHT
from tests.conftest import run_main
from tests.metrics.conftest import LLAMA_ROWS, make_vault, product
from tests.metrics.png import pixels

SVG = "{http://www.w3.org/2000/svg}"


def _chart(vault: Path, *args: str) -> str:
    out = vault.parent / "out.svg"
    result = run_main("chart", "downloads", *args, "-o", out, cwd=vault)
    assert result.returncode == 0, result.stderr
    return out.read_text(encoding="utf-8")


def test_one_note_golden(vault: Path, file_regression: Any) -> None:
    file_regression.check(_chart(vault, "Llama"), basename="one_note", extension=".svg")


def test_five_notes_golden(five: Path, file_regression: Any) -> None:
    file_regression.check(_chart(five), basename="five_notes", extension=".svg")


def test_two_runs_give_the_same_bytes_and_a_clean_svg(five: Path) -> None:
    first, second = _chart(five), _chart(five)
    assert first == second
    root = ET.fromstring(first)
    assert root.tag == f"{SVG}svg"
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert "script" not in tags and "foreignObject" not in tags
    assert not any(k in ("id", "href", "{http://www.w3.org/1999/xlink}href") or k.startswith("on")
                   for element in root.iter() for k in element.attrib)  # fmt: skip
    texts = [element.text for element in root.iter(f"{SVG}text")]
    # The legend names every note; the y axis is in the metric's units; the x axis has dates.
    for name in ("Llama", "Mistral", "Qwen", "Gemma", "Phi"):
        assert name in texts
    assert {"0", "200M", "1B", "1.2B"} <= set(texts)
    assert "Jul 2024" in texts and "Jan 2025" in texts


def test_the_y_axis_keeps_the_unit(tmp_path: Path) -> None:
    rows = (("2023", "$10B", "—"), ("2024", "$25B", "—"), ("2025", "$61.5B", "—"))
    vault = make_vault(tmp_path / "v", {"Anthropic": product("Anthropic", rows)})
    texts = [e.text for e in ET.fromstring(_chart(vault)).iter(f"{SVG}text")]
    assert {"$0", "$20B", "$60B"} <= set(texts)
    assert {"2023", "2024", "2025"} <= set(texts) and "Jan 2024" not in texts  # yearly rows


@pytest.mark.skipif(
    shutil.which("rsvg-convert") is None, reason="needs rsvg-convert (librsvg2-bin)"
)
@pytest.mark.parametrize("which", ["one", "five"])
def test_the_chart_renders_to_a_png_that_is_not_blank(
    vault: Path, five: Path, tmp_path: Path, which: str
) -> None:
    svg = _chart(vault, "Llama") if which == "one" else _chart(five)
    source = tmp_path / "chart.svg"
    source.write_text(svg, encoding="utf-8")
    png = tmp_path / "chart.png"
    subprocess.run(["rsvg-convert", "-w", "400", "-o", png, source], check=True, timeout=60)
    width, height, found = pixels(png.read_bytes())
    assert width == 400
    assert abs(height - 400 * 400 / int(ET.fromstring(svg).attrib["width"])) <= 1
    background = found[0]
    assert background[:3] == (255, 255, 255)
    ink = [p for p in found if p[:3] != background[:3]]
    assert len(ink) > len(found) // 50, "the chart is (nearly) blank"
    # The first series is drawn in its colour (near it, for the antialiased edges).
    blue = tuple(int(LIGHT[0][i : i + 2], 16) for i in (1, 3, 5))
    assert any(all(abs(p[i] - blue[i]) < 24 for i in range(3)) for p in ink)


def test_rewritten_only_when_the_series_changed(vault: Path) -> None:
    out = vault / "charts" / "Llama downloads.svg"
    args = ("chart", "downloads", "Llama", "-o", out, "--json")
    first = json.loads(run_main(*args, cwd=vault).stdout)
    assert first["written"] is True and first["series"] == [{"note": "Llama", "points": 4}]
    stat = out.stat()
    again = json.loads(run_main(*args, cwd=vault).stdout)
    assert again["written"] is False and out.stat().st_mtime_ns == stat.st_mtime_ns
    assert run_main(*args[:-1], "--check", cwd=vault).returncode == 0
    note = vault / "Llama.md"
    note.write_text(note.read_text().replace("| 650M |", "| 700M |"), encoding="utf-8")
    stale = run_main(*args[:-1], "--check", cwd=vault)
    assert stale.returncode == 11 and "out of date" in stale.stderr
    assert json.loads(run_main(*args, cwd=vault).stdout)["written"] is True


def test_check_on_a_missing_file_exits_11(vault: Path) -> None:
    result = run_main("chart", "downloads", "-o", vault / "no.svg", "--check", cwd=vault)
    assert result.returncode == 11 and not (vault / "no.svg").exists()


def test_where_selects_the_notes(five: Path) -> None:
    result = run_main("chart", "downloads", "--where", "downloads>=180M", "-o", "-", "--json",
                      cwd=five)  # fmt: skip
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert [s["note"] for s in payload["series"]] == ["Llama", "Mistral", "Qwen"]
    assert ET.fromstring(payload["svg"]).tag == f"{SVG}svg"


def test_rows_that_cannot_be_drawn_are_left_out_and_said_so(tmp_path: Path) -> None:
    rows = (*LLAMA_ROWS[:2], ("Jan 2025", "lots", "—"), LLAMA_ROWS[3])
    vault = make_vault(tmp_path / "v", {"Llama": product("Llama", rows)})
    result = run_main("chart", "downloads", "-o", vault / "c.svg", cwd=vault)
    assert result.returncode == 0, result.stderr
    assert "Llama.md:" in result.stderr and "'lots' is not a metric" in result.stderr
    svg = (vault / "c.svg").read_text(encoding="utf-8")
    assert svg.count("<circle") == 3


def test_no_history_anywhere_is_a_clear_error(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v", {"Plain": "# Plain\n"})
    result = run_main("chart", "downloads", "-o", vault / "c.svg", cwd=vault)
    assert result.returncode == 2 and "no note has a history of 'downloads'" in result.stderr
    assert not (vault / "c.svg").exists()


def test_a_legend_too_long_for_the_chart_says_how_many_more(tmp_path: Path) -> None:
    notes = {f"N{i:02d}": product(f"N{i:02d}", LLAMA_ROWS) for i in range(30)}
    vault = make_vault(tmp_path / "v", notes)
    root = ET.fromstring(_chart(vault))
    texts = [e.text for e in root.iter(f"{SVG}text")]
    shown = [t for t in texts if t and t[:1] == "N" and t[1:].isdigit()]
    more = [t for t in texts if t and t.endswith(" more")]
    assert len(shown) + int(more[0].split()[0].lstrip("+")) == 30
    assert len(shown) < 30 and len(root.findall(f"{SVG}g")) == 31  # a line for every note
