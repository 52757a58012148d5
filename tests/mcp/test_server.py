"""`scaffold mcp` end to end: the real server over stdio, driven by the SDK's own client."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.mcp.client import Client, copy_vault, run

DOWNLOADS = "Quick stats > Downloads"
READING = {
    "outline", "get", "where", "check", "templates", "fields", "runs", "history", "stale",
    "report",
}  # fmt: skip
WRITING = {
    "set", "append", "remove", "delete", "rename", "new", "update", "apply_plan", "undo",
    "render", "move", "merge",
}  # fmt: skip


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
        # The two notes, and the Products view that shows both values (re-rendered with them)
        assert applied["ok"] and applied["summary"]["written"] == 3
        assert plan["summary"]["rendered"] == ["Products.md"]
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


def test_history_stale_and_report_are_data(tmp_path: Path) -> None:
    vault = copy_vault(tmp_path)
    (vault / "Latin.md").write_bytes(b"---\ntype: product\n---\nCaf\xe9\n")
    before = {p: p.read_bytes() for p in vault.rglob("*.md")}

    async def script(client: Client) -> None:
        history = await client.call("history", note="Llama", field="downloads")
        assert history["ok"] and history["note"] == "Llama"
        stale = await client.call("stale", older_than="90d", today="2026-12-08")
        rows = {(m["note"], m["field"]) for m in stale["metrics"]}
        assert ("Llama", "downloads") in rows
        assert [e["path"] for e in stale["left_out"]] == ["Latin.md"]
        report = await client.call("report", today="2026-12-08")
        assert report["ok"] and report["notes"] >= 5 and report["types"]["product"] >= 2

    run(script, vault=vault)
    assert {p: p.read_bytes() for p in vault.rglob("*.md")} == before


def test_move_plans_first_then_writes_one_run_that_undo_takes_back(tmp_path: Path) -> None:
    vault = copy_vault(tmp_path)
    before = {p.relative_to(vault): p.read_bytes() for p in vault.rglob("*.md")}

    async def script(client: Client) -> None:
        plan = await client.call("move", note="Llama", new="Meta Llama")
        assert plan["dry_run"] and plan["links"] >= 1
        assert "rename from Llama.md" in plan["diff"] and (vault / "Llama.md").exists()
        done = await client.call("move", note="Llama", new="Meta Llama", dry_run=False)
        assert done["run"] and (vault / "Meta Llama.md").exists()
        assert "[[Llama]]" not in (vault / "Meta.md").read_text(encoding="utf-8")
        outside = await client.call("move", note="Llama", new="../Elsewhere")
        assert outside["error"]["kind"] in ("file", "missing"), outside
        undone = await client.call("undo", run=done["run"])
        assert undone["ok"], undone

    run(script, vault=vault)
    assert {p.relative_to(vault): p.read_bytes() for p in vault.rglob("*.md")} == before


def test_merge_reports_a_conflict_as_data_and_writes_nothing(tmp_path: Path) -> None:
    vault = copy_vault(tmp_path)
    before = {p.relative_to(vault): p.read_bytes() for p in vault.rglob("*.md")}

    async def script(client: Client) -> None:
        clash = await client.call("merge", keep="Llama", drop="Claude", dry_run=False)
        assert clash["error"]["kind"] == "conflict", clash
        assert clash["error"]["conflicts"]

    run(script, vault=vault)
    assert {p.relative_to(vault): p.read_bytes() for p in vault.rglob("*.md")} == before


def test_render_says_what_is_out_of_date_then_refreshes_it(tmp_path: Path) -> None:
    vault = copy_vault(tmp_path)
    products = vault / "Products.md"
    text = products.read_text(encoding="utf-8")
    products.write_text(text.replace("| [[Claude]] |", "| [[Claude]] (stale) |"), "utf-8")

    async def script(client: Client) -> None:
        plan = await client.call("render")
        assert plan["out_of_date"] == 1 and "Products.md" in plan["diffs"]
        assert "(stale)" in products.read_text(encoding="utf-8")
        done = await client.call("render", dry_run=False)
        assert done["written"] == ["Products.md"] and done["run"]

    run(script, vault=vault)
    assert products.read_text(encoding="utf-8") == text


def test_an_update_plan_carries_the_views_it_affects_and_undo_takes_both(tmp_path: Path) -> None:
    # As `scaffold update` does: the Products view shows downloads, so the plan re-renders it.
    vault = copy_vault(tmp_path)
    before = {p.relative_to(vault): p.read_bytes() for p in vault.rglob("*.md")}

    async def script(client: Client) -> None:
        plan = await client.call("update", rows=[{"note": "Llama", "downloads": "1.5B+"}])
        assert plan["summary"]["rendered"] == ["Products.md"], plan["summary"]
        assert "1.2B+" in (vault / "Products.md").read_text(encoding="utf-8")  # not yet
        done = await client.call("apply_plan", plan=plan["plan"])
        assert done["ok"] and done["run"]
        assert "| [[Llama]] | 1.5B+ |" in (vault / "Products.md").read_text(encoding="utf-8")
        assert (await client.call("undo", run=done["run"]))["ok"]

    run(script, vault=vault)
    assert {p.relative_to(vault): p.read_bytes() for p in vault.rglob("*.md")} == before
