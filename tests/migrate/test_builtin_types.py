"""The built-in types' version 2: notes made with version 1 are migrated, and then
``update --as-of`` records history in every one of them and ``check`` finds none behind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scaffold.cli.main import main
from tests.bulk.conftest import PRODUCT

V1_PRODUCT_NO_WHY = """\
---
type: product
created: 2026-01-27
---
#product

**{name}** — a product.

---

## Quick stats

| Metric | Value |
|--------|-------|

*Created 2026-01-27*

---

## Related
"""


@pytest.fixture
def v1_vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    (root / ".scaffold").mkdir(parents=True)
    (root / "Llama.md").write_text(
        PRODUCT.format(name="Llama", alias="LLaMA", downloads="1.2B+", license="Free")
    )
    (root / "Grok.md").write_text(
        PRODUCT.format(name="Grok", alias="xAI Grok", downloads="10M", license="MIT")
    )
    (root / "Bare.md").write_text(V1_PRODUCT_NO_WHY.format(name="Bare"))
    return root


def _lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_after_migrating_products_update_as_of_records_history_everywhere(
    v1_vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = ["--vault", str(v1_vault)]
    # before: version-1 notes have no history table, so --as-of skips them
    assert main(["migrate", "product", *vault, "--check", "-q"]) == 11
    assert main(["migrate", "product", *vault, "--yes", "-q"]) == 0
    bare = (v1_vault / "Bare.md").read_text()
    assert "| Downloads | — |" in bare and "| License | — |" in bare
    assert (
        "## Download trajectory\n\n| Date | Downloads | Notes |\n|------|-----------|-------|\n"
        in bare
    )
    assert bare.index("## Download trajectory") < bare.index("## Quick stats")
    capsys.readouterr()
    code = main(["update", *vault, "--where", "type:product", "--set", "downloads=2B",
                 "--as-of", "2026-11", "--yes", "--json"])  # fmt: skip
    assert code == 0
    for note in ("Llama.md", "Grok.md", "Bare.md"):
        text = (v1_vault / note).read_text()
        trajectory = text.split("## Download trajectory", 1)[1].split("\n---\n", 1)[0]
        assert "| 2B |" in trajectory, (note, trajectory)
    capsys.readouterr()
    main(["check", *vault, "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert [d for d in report["diagnostics"] if d["code"] == "M001"] == []
    assert main(["migrate", "product", *vault, "--check", "-q"]) == 0
