"""A small vault with its own entity type, for the rule tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.check.config import CheckConfig, parse_config
from scaffold.check.diagnostic import Diagnostic
from scaffold.check.runner import Checker

GADGET_QUESTIONS = """\
description: a test type whose downloads are stated in three places
sections:
  required: [Quick stats, Related]
  recommended: ["Why {{ name }} matters"]
questions:
  - name: name
    required: true
  - name: downloads
    bind: [Quick stats > Downloads, "Why {{ name }} matters > Downloads", downloads]
  - name: launched
    type: date
    bind: Quick stats > Launched
  - name: category
    type: choice
    choices: [model, app]
    bind: Quick stats > Category
  - name: stars
    type: integer
    bind: stars
"""

CLEAN = """\
---
type: gadget
downloads: 1.2B+
stars: 5
---
# Widget

## Why Widget matters

| Metric | Value |
|---|---|
| Downloads | **1.2B+** (Apr 2025) |

## Quick stats

| Metric | Value |
|---|---|
| Downloads | 1.2B+ |
| Launched | 2023-02-24 |
| Category | model |

## Related

- [[Other]] and [[Other#Details]], ![[Other#^para]]
"""

OTHER = "# Other\n\n## Details\n\nA paragraph. ^para\n"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    gadget = root / ".scaffold" / "templates" / "gadget"
    gadget.mkdir(parents=True)
    (gadget / "questions.yaml").write_text(GADGET_QUESTIONS, encoding="utf-8")
    (gadget / "note.md.j2").write_text("# {{ name }}\n", encoding="utf-8")
    (root / "Other.md").write_text(OTHER, encoding="utf-8")
    (root / "Widget.md").write_text(CLEAN, encoding="utf-8")
    return root


def run_check(
    vault: Path, text: str, name: str = "Widget.md", config: CheckConfig | None = None
) -> list[Diagnostic]:
    """Check ``text`` as the note ``name`` of ``vault`` (links resolved against the vault)."""
    checker = Checker(vault, config or parse_config({}))
    return checker.check_text(text, path=name, rel=name, index=checker.link_index())


def codes(found: list[Diagnostic]) -> list[str]:
    return [d.code for d in found]
