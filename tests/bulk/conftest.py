"""A small vault of typed notes for the bulk tests, and helpers to snapshot it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEED

PRODUCT = """\
---
aliases: [{alias}]
type: product
tags: [ai]
created: 2026-01-27
---
#product #ai

**{name}** — a product.

---

## Why {name} matters

| Metric | Value |
|--------|-------|
| Downloads | **{downloads}** (Apr 2025) |

---

## Quick stats

| Metric | Value |
|--------|-------|
| Parent | [[Meta]] |
| Downloads | {downloads} |
| License | {license} |

*Created 2026-01-27*
"""

ACTOR = """\
---
type: actor
created: 2026-01-27
---
#actor #social

**Meta**

## Quick stats

| Metric | Value |
|--------|-------|
| Type | company |
| Valuation (USD bn) | 1500 |
"""


def seeded_llama() -> bytes:
    """The reference note, typed as a product (it has no `type:` of its own)."""
    return SEED.read_bytes().replace(b"---\naliases:", b"---\ntype: product\naliases:", 1)


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    (root / ".obsidian").mkdir(parents=True)
    (root / "AI").mkdir()
    (root / "AI" / "Llama.md").write_bytes(seeded_llama())
    (root / "AI" / "Grok.md").write_text(
        PRODUCT.format(name="Grok", alias="xAI Grok", downloads="10M", license="Proprietary"),
        encoding="utf-8",
    )
    (root / "Apps").mkdir()
    (root / "Apps" / "Meta AI.md").write_text(
        PRODUCT.format(name="Meta AI", alias="MAI", downloads="1B", license="Free")
        .replace("tags: [ai]", "tags: [app]")
        .replace("#product #ai", "#product #app"),
        encoding="utf-8",
    )
    (root / "Meta.md").write_text(ACTOR, encoding="utf-8")
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file's bytes, outside the undo journal."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".scaffold" not in p.relative_to(folder).parts
    }
