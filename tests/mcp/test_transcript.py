"""An agent's session, as a transcript: outline → get → set → check on a copy of
examples/vault. Every byte outside the edited cell is unchanged, in that note and in every
other file of the vault (the journal of the run aside)."""

from __future__ import annotations

from pathlib import Path

from tests.mcp.client import Client, copy_vault, run

ADDRESS = "Quick stats > Downloads"


def _files(vault: Path) -> dict[str, bytes]:
    runs = vault / ".scaffold" / "runs"
    return {
        p.relative_to(vault).as_posix(): p.read_bytes()
        for p in sorted(vault.rglob("*"))
        if p.is_file() and not p.is_relative_to(runs)
    }


def test_outline_get_set_check_changes_only_the_cell(tmp_path: Path) -> None:
    vault = copy_vault(tmp_path)
    before = _files(vault)
    seen: dict[str, object] = {}

    async def agent(client: Client) -> None:
        # 1. What can be addressed in the note?
        outline = await client.call("outline", note="Llama")
        cell = next(p for p in outline["places"] if p["address"] == ADDRESS)
        seen["cell"] = cell
        # 2. Read the value before changing it.
        got = await client.call("get", note="Llama", address=ADDRESS)
        assert got["value"] == cell["value"] == "1.2B+"
        # 3. Change it.
        done = await client.call("set", note="Llama", address=ADDRESS, value="1.3B+ (Apr 2025)")
        assert done["written"] and (done["line"], done["col"]) == (cell["line"], cell["col"])
        # 4. Check the note: the Why table still says 1.2B+, and check says so (V002).
        checked = await client.call("check", paths=["Llama.md"])
        seen["findings"] = checked["diagnostics"]

    async def baseline(client: Client) -> None:
        seen["baseline"] = (await client.call("check", paths=["Llama.md"]))["diagnostics"]

    run(baseline, vault=vault)
    run(agent, vault=vault)

    after = _files(vault)
    assert after.keys() == before.keys()
    assert {k: v for k, v in after.items() if k != "Llama.md"} == {
        k: v for k, v in before.items() if k != "Llama.md"
    }
    cell = seen["cell"]
    assert isinstance(cell, dict)
    old = before["Llama.md"].decode("utf-8")
    assert old[cell["start"] : cell["end"]] == "1.2B+"
    expected = old[: cell["start"]] + "1.3B+ (Apr 2025)" + old[cell["end"] :]
    assert after["Llama.md"] == expected.encode("utf-8")
    findings, baseline = seen["findings"], seen["baseline"]
    assert isinstance(findings, list) and isinstance(baseline, list)
    new = [d for d in findings if d not in baseline]
    assert [d["code"] for d in new] == ["V002"]
    assert new[0]["path"] == "Llama.md" and isinstance(new[0]["line"], int)
