"""The README's history example is what ``scaffold history`` prints for examples/vault, and the
chart it shows is the one ``scaffold chart`` draws from it now."""

from __future__ import annotations

import re

from scaffold import api
from tests.conftest import PROJECT, run_main

VAULT = PROJECT / "examples" / "vault"
CHART = VAULT / "charts" / "Llama downloads.svg"


def _readme_block() -> list[str]:
    text = (PROJECT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"```\n\$ cd examples/vault && scaffold history Llama downloads\n(.*?)```",
                      text, re.DOTALL)  # fmt: skip
    assert found, "the README's history example is gone"
    return found.group(1).splitlines()


def test_the_readme_history_example_is_what_history_prints() -> None:
    shown = _readme_block()
    result = run_main("history", "Llama", "downloads", cwd=VAULT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == shown[:-1]  # piped: no sparkline
    on_terminal = api.history_lines(api.history(VAULT, "Llama", "downloads"), spark=True)
    assert on_terminal == shown


def test_the_readme_chart_is_up_to_date() -> None:
    assert "(examples/vault/charts/Llama%20downloads.svg)" in (PROJECT / "README.md").read_text()
    result = run_main("chart", "downloads", "Llama", "-o", CHART, "--embed", "--check", cwd=VAULT)
    assert result.returncode == 0, result.stderr
