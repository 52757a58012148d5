"""`scaffold mcp` end to end: the real server over stdio, driven by the SDK's own client."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.mcp.client import Client, copy_vault, run

DOWNLOADS = "Quick stats > Downloads"
READING = {"outline", "get", "where", "check", "templates", "fields", "runs"}
WRITING = {"set", "append", "remove", "delete", "rename", "new", "update", "apply_plan", "undo"}


def test_lists_the_reading_and_the_writing_tools(tmp_path: Path) -> None:
    vault = copy_vault(tmp_path)

    async def script(client: Client) -> None:
        assert set(await client.tools()) == READING | WRITING

    run(script, vault=vault)


def test_outline_get_and_set_a_cell(tmp_path: Path) -> None:
    vault = copy_vault(tmp_path)
    before = (vault / "Llama.md").read_bytes()

    async def script(client: Client) -> None:
        outline = await client.call("outline", note="Llama")
        place = next(p for p in outline["places"] if p["address"] == DOWNLOADS)
        assert (place["kind"], place["value"]) == ("cell", "1.2B+")
        got = await client.call("get", note="Llama", address=DOWNLOADS)
        assert got["value"] == "1.2B+"
        done = await client.call("set", note="Llama", address=DOWNLOADS, value="1.3B+")
        assert done["ok"] and done["changed"] and done["written"]
        assert (done["path"], done["line"], done["col"]) == (
            "Llama.md",
            place["line"],
            place["col"],
        )
        assert "-| Downloads | 1.2B+ |\n+| Downloads | 1.3B+ |\n" in done["diff"]
        assert done["run"]
        again = await client.call("get", note="Llama.md", address=DOWNLOADS)
        assert again["value"] == "1.3B+"

    run(script, vault=vault)
    after = (vault / "Llama.md").read_bytes()
    assert after == before.replace(b"| Downloads | 1.2B+ |", b"| Downloads | 1.3B+ |")


def test_a_dry_run_set_writes_nothing(tmp_path: Path) -> None:
    vault = copy_vault(tmp_path)
    before = (vault / "Llama.md").read_bytes()

    async def script(client: Client) -> None:
        done = await client.call("set", note="Llama", address=DOWNLOADS, value="9", dry_run=True)
        assert done["changed"] and not done["written"] and done["run"] is None
        assert "+| Downloads | 9 |" in done["diff"]

    run(script, vault=vault)
    assert (vault / "Llama.md").read_bytes() == before


def test_a_plan_is_applied_by_id_and_undo_restores_the_bytes(tmp_path: Path) -> None:
    vault = copy_vault(tmp_path)
    llama, claude = vault / "Llama.md", vault / "Claude.md"
    originals = {p: p.read_bytes() for p in (llama, claude)}

    async def script(client: Client) -> None:
        plan = await client.call(
            "update",
            rows=[
                {"note": "Llama", DOWNLOADS: "1.4B+"},
                {"note": "Claude", "license": "Proprietary (API)"},
            ],
        )
        assert plan["ok"] and plan["summary"]["changed"] == 2
        assert all(r["diff"] for r in plan["results"])
        assert {p: p.read_bytes() for p in originals} == originals  # nothing written yet
        applied = await client.call("apply_plan", plan=plan["plan"])
        assert applied["ok"] and applied["summary"]["written"] == 2
        assert b"| Downloads | 1.4B+ |" in llama.read_bytes()
        runs = await client.call("runs")
        assert runs["runs"][0]["id"] == applied["run"]
        undone = await client.call("undo", run=applied["run"])
        assert undone["ok"], undone
        assert {p: p.read_bytes() for p in originals} == originals
        gone = await client.call("apply_plan", plan=plan["plan"])  # a plan is applied once
        assert gone["error"]["kind"] == "usage"

    run(script, vault=vault)


def test_a_plan_whose_note_changed_meanwhile_is_refused_whole(tmp_path: Path) -> None:
    vault = copy_vault(tmp_path)
    llama, claude = vault / "Llama.md", vault / "Claude.md"
    claude_before = claude.read_bytes()

    async def script(client: Client) -> None:
        plan = await client.call(
            "update",
            rows=[{"note": "Claude", "license": "Open"}, {"note": "Llama", DOWNLOADS: "2B"}],
        )
        # Another program (a person in Obsidian) edits one of the notes after the plan.
        edited = llama.read_bytes().replace(b"| Downloads | 1.2B+ |", b"| Downloads | 1.25B |")
        llama.write_bytes(edited)
        refused = await client.call("apply_plan", plan=plan["plan"])
        error = refused["error"]
        assert (error["kind"], error["exit_code"]) == ("verify", 7)
        assert error["path"].endswith("Llama.md") and error["hint"]
        assert llama.read_bytes() == edited  # the other program's edit is kept
        assert claude.read_bytes() == claude_before  # and the other note is not written

    run(script, vault=vault)


def test_an_address_error_is_structured(tmp_path: Path) -> None:
    vault = copy_vault(tmp_path)

    async def script(client: Client) -> None:
        missing = await client.call("get", note="Llama", address="Quick stats > Dwnloads")
        error = missing["error"]
        assert (error["kind"], error["exit_code"]) == ("address", 5)
        assert error["path"].endswith("Llama.md")
        assert isinstance(error["line"], int) and isinstance(error["col"], int)
        assert error["hint"]
        assert set(error) >= {"kind", "message", "hint", "path", "line", "col"}
        bad = await client.call("set", note="Llama", address="Quick stats >> x", value="1")
        assert bad["error"]["kind"] == "usage"
        nowhere = await client.call("where", note="Llama", line=1, col=1)
        assert nowhere["error"]["kind"] in ("address", "usage")
        nobody = await client.call("get", note="Lama", address="aliases")
        assert nobody["error"]["kind"] == "missing"

    run(script, vault=vault)


@pytest.mark.parametrize("note", ["../secret.md", "{outside}", "Countries/../../secret.md", "link"])
def test_a_path_outside_the_vault_is_refused(tmp_path: Path, note: str) -> None:
    vault = copy_vault(tmp_path)
    secret = tmp_path / "secret.md"
    secret.write_text("---\nkey: 1\n---\n")
    os.symlink(secret, vault / "link.md")
    note = note.format(outside=secret)

    async def script(client: Client) -> None:
        for tool, args in (
            ("get", {"address": "key"}),
            ("set", {"address": "key", "value": "2"}),
            ("outline", {}),
        ):
            answer = await client.call(tool, note=note, **args)
            assert answer["error"]["kind"] == "file", (tool, answer)
            assert "outside the vault" in answer["error"]["message"]
        checked = await client.call("check", paths=[note])
        assert checked["error"]["kind"] in ("file", "usage")

    run(script, vault=vault)
    assert secret.read_text() == "---\nkey: 1\n---\n"


def test_read_only_offers_only_reading_tools_and_refuses_a_write(tmp_path: Path) -> None:
    vault = copy_vault(tmp_path)
    before = (vault / "Llama.md").read_bytes()

    async def script(client: Client) -> None:
        assert set(await client.tools()) == READING
        refused = await client.call("set", note="Llama", address=DOWNLOADS, value="0")
        assert refused["ok"] is False and refused.get("is_error")
        got = await client.call("get", note="Llama", address=DOWNLOADS)
        assert got["value"] == "1.2B+"

    run(script, "--read-only", vault=vault)
    assert (vault / "Llama.md").read_bytes() == before


def test_notes_and_type_schemas_are_resources(tmp_path: Path) -> None:
    vault = copy_vault(tmp_path)
    (tmp_path / "secret.md").write_text("secret\n")
    os.symlink(tmp_path / "secret.md", vault / "link.md")

    async def script(client: Client) -> None:
        read = await client.session.read_resource("scaffold://vault/Countries/USA.md")
        text = getattr(read.contents[0], "text", "")
        assert text == (vault / "Countries" / "USA.md").read_text(encoding="utf-8")
        schema = await client.session.read_resource("scaffold://types/product")
        assert '"fields"' in getattr(schema.contents[0], "text", "")
        templates = await client.session.list_resource_templates()
        uris = {t.uri_template for t in templates.resource_templates}
        assert uris == {"scaffold://vault/{+path}", "scaffold://types/{name}"}
        # The SDK refuses a climbing path itself; a link out of the vault is refused by us.
        with pytest.raises(Exception, match="Unknown resource"):
            await client.session.read_resource("scaffold://vault/..%2Fsecret.md")
        with pytest.raises(Exception, match="outside the vault"):
            await client.session.read_resource("scaffold://vault/link.md")

    run(script, vault=vault)


def test_fields_templates_new_and_check_are_data(tmp_path: Path) -> None:
    vault = copy_vault(tmp_path)

    async def script(client: Client) -> None:
        types = await client.call("templates")
        assert "product" in {t["name"] for t in types["types"]}
        fields = await client.call("fields", type="product")
        downloads = next(f for f in fields["fields"] if f["name"] == "downloads")
        assert DOWNLOADS in downloads["places"]
        created = await client.call(
            "new", type="product", answers={"name": "Qwen", "parent": "Meta"}, dry_run=True
        )
        assert created["path"] == "Qwen.md" and not created["written"]
        assert "Qwen" in created["content"]
        checked = await client.call("check", paths=["Llama.md"])
        assert checked["files"] == 1 and isinstance(checked["diagnostics"], list)
        whole = await client.call("check")
        assert whole["files"] >= 4

    run(script, vault=vault)
    assert not (vault / "Qwen.md").exists()
