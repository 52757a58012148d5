"""Vaults of product notes with a Download trajectory table, for history and chart tests."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

PRODUCT = """\
---
type: product
---
#product

**{name}** — a product.

## Why {name} matters

| Metric | Value |
|--------|-------|
| Downloads | **{current}** (Apr 2025) |

## Download trajectory

| Date | Downloads | Notes |
|------|-----------|-------|
{rows}

## Quick stats

| Metric | Value |
|--------|-------|
| Downloads | {current} |
"""

LLAMA_ROWS = (
    ("Jul 2024", "350M", "—"),
    ("Dec 2024", "650M", "—"),
    ("Mar 2025", "**1B**", "Milestone"),
    ("Apr 2025", "**1.2B**", "+200M in 6 weeks"),
)


def product(name: str, rows: Sequence[tuple[str, str, str]], current: str = "1.2B+") -> str:
    body = "\n".join(f"| {d} | {v} | {n} |" for d, v, n in rows)
    return PRODUCT.format(name=name, current=current, rows=body)


def make_vault(root: Path, notes: dict[str, str]) -> Path:
    (root / ".scaffold").mkdir(parents=True, exist_ok=True)
    for name, text in notes.items():
        path = root / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    """One product note, Llama, with the seed's four dated rows."""
    return make_vault(tmp_path / "vault", {"Llama": product("Llama", LLAMA_ROWS)})


FIVE = {
    "Llama": LLAMA_ROWS,
    "Mistral": (("Jul 2024", "40M", "—"), ("Dec 2024", "90M", "—"), ("Apr 2025", "180M", "—")),
    "Qwen": (("Dec 2024", "120M", "—"), ("Mar 2025", "400M", "—"), ("Apr 2025", "600M", "—")),
    "Gemma": (("Jul 2024", "20M", "—"), ("Mar 2025", "150M", "—")),
    "Phi": (("Jul 2024", "10M", "—"), ("Dec 2024", "~30M", "—"), ("Apr 2025", "70M+", "—")),
}


@pytest.fixture
def five(tmp_path: Path) -> Path:
    """Five product notes with histories of different lengths and dates."""
    notes = {name: product(name, rows, rows[-1][1].strip("*")) for name, rows in FIVE.items()}
    return make_vault(tmp_path / "five", notes)
