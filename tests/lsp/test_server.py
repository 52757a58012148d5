"""`scaffold lsp` end to end: a real JSON-RPC client drives the server over its pipes.

Positions are UTF-16 code units, as LSP requires; the CJK and emoji cases show columns that
differ from character counts.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.check.conftest import GADGET_QUESTIONS
from tests.conftest import SEED
from tests.lsp.client import LspClient

pytest.importorskip("pygls")

META = "---\naliases: [Facebook, Meta Platforms]\n---\n# Meta\n\n## Products\n\n- Llama ^products\n"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    (root / ".obsidian").mkdir(parents=True)
    gadget = root / ".scaffold" / "templates" / "gadget"
    gadget.mkdir(parents=True)
    (gadget / "questions.yaml").write_text(GADGET_QUESTIONS, encoding="utf-8")
    (gadget / "note.md.j2").write_text("# {{ name }}\n", encoding="utf-8")
    (root / "Llama.md").write_bytes(SEED.read_bytes())
    (root / "Meta.md").write_text(META, encoding="utf-8")
    return root


@pytest.fixture
def client(vault: Path) -> Iterator[LspClient]:
    lsp = LspClient(vault)
    try:
        yield lsp
    finally:
        lsp.close()


def _pos(line: int, character: int) -> dict[str, int]:
    return {"line": line, "character": character}


def _codes(params: dict[str, Any]) -> list[str]:
    return [d["code"] for d in params["diagnostics"]]


def _apply(text: str, edits: list[dict[str, Any]]) -> str:
    """Apply LSP text edits (UTF-16 positions) the way an editor does."""
    lines = text.split("\n")

    def offset(pos: dict[str, int]) -> int:
        before = sum(len(line) + 1 for line in lines[: pos["line"]])
        line = lines[pos["line"]].encode("utf-16-le")[: pos["character"] * 2]
        return before + len(line.decode("utf-16-le"))

    for edit in sorted(edits, key=lambda e: offset(e["range"]["start"]), reverse=True):
        start, end = offset(edit["range"]["start"]), offset(edit["range"]["end"])
        text = text[:start] + edit["newText"] + text[end:]
        lines = text.split("\n")
    return text


def test_initialize_announces_the_features(client: LspClient) -> None:
    caps = client.initialize()["capabilities"]
    assert caps["hoverProvider"] and caps["definitionProvider"]
    assert caps["completionProvider"]["triggerCharacters"] == ["["]
    assert caps["codeActionProvider"]["codeActionKinds"] == ["quickfix", "refactor.rewrite"]
    assert set(caps["executeCommandProvider"]["commands"]) == {
        "scaffold.set",
        "scaffold.where",
        "scaffold.references",
    }
    assert caps["renameProvider"]  # RenameOptions only to a client with prepareSupport
    assert caps["referencesProvider"] and caps["documentSymbolProvider"]
    assert caps["workspaceSymbolProvider"]
    assert caps["positionEncoding"] == "utf-16"


def test_diagnostics_on_open_change_and_save(client: LspClient, vault: Path) -> None:
    client.initialize()
    path = vault / "Llama.md"
    uri = client.open(path)
    first = client.wait_for("textDocument/publishDiagnostics", uri=uri)
    # The seed links to many notes this vault lacks; Meta exists.
    assert "L001" in _codes(first)
    assert not any("'Meta'" in d["message"] for d in first["diagnostics"])
    wa = next(d for d in first["diagnostics"] if "'WhatsApp'" in d["message"])
    assert wa["range"] == {"start": _pos(65, 2), "end": _pos(65, 14)}
    assert wa["severity"] == 2 and wa["source"] == "scaffold"

    text = path.read_text(encoding="utf-8").replace("| Messenger | 1B+ MAU |", "| Messenger |")
    client.change(uri, text, 2)
    changed = client.wait_for("textDocument/publishDiagnostics", uri=uri, version=2)
    ragged = [d for d in changed["diagnostics"] if d["code"] == "T001"]
    assert [d["range"]["start"]["line"] for d in ragged] == [66]

    path.write_text(text, encoding="utf-8")
    client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    saved = client.wait_for("textDocument/publishDiagnostics", uri=uri)
    assert "T001" in _codes(saved)


def test_hover_shows_the_address_and_value(client: LspClient, vault: Path) -> None:
    client.initialize()
    uri = client.open(vault / "Llama.md")
    client.wait_for("textDocument/publishDiagnostics", uri=uri)
    cell = client.request(
        "textDocument/hover", {"textDocument": {"uri": uri}, "position": _pos(131, 16)}
    )
    assert cell["contents"]["value"] == "`Quick stats > Downloads`\n\n1.2B+"
    assert cell["range"] == {"start": _pos(131, 14), "end": _pos(131, 19)}
    key = client.request(
        "textDocument/hover", {"textDocument": {"uri": uri}, "position": _pos(1, 24)}
    )
    assert key["contents"]["value"] == "`aliases.1`\n\nLLaMA"
    link = client.request(
        "textDocument/hover", {"textDocument": {"uri": uri}, "position": _pos(5, 15)}
    )
    assert link["contents"]["value"] == "[[Meta]] → `Meta.md`"


def test_completion_offers_note_names_and_aliases(client: LspClient, vault: Path) -> None:
    client.initialize()
    path = vault / "New.md"
    uri = client.open(path, "# New\n\nSee [[Fac\n\n| a | b |\n|---|---|\n| [[Me | x |\n")
    client.wait_for("textDocument/publishDiagnostics", uri=uri)
    prose = client.request(
        "textDocument/completion", {"textDocument": {"uri": uri}, "position": _pos(2, 9)}
    )
    labels = {i["label"]: i for i in prose["items"]}
    assert set(labels) == {"Facebook"}
    edit = labels["Facebook"]["textEdit"]
    assert edit["newText"] == "Meta|Facebook]]"
    assert edit["range"] == {"start": _pos(2, 6), "end": _pos(2, 9)}
    cell = client.request(
        "textDocument/completion", {"textDocument": {"uri": uri}, "position": _pos(6, 6)}
    )
    by_label = {i["label"]: i["textEdit"]["newText"] for i in cell["items"]}
    assert by_label["Meta"] == "Meta]]"
    assert by_label["Meta Platforms"] == "Meta\\|Meta Platforms]]"  # escaped inside a table
    outside = client.request(
        "textDocument/completion", {"textDocument": {"uri": uri}, "position": _pos(0, 3)}
    )
    assert outside is None


def test_definition_goes_to_the_note_heading_and_block(client: LspClient, vault: Path) -> None:
    client.initialize()
    text = "# Links\n\n[[Meta]] [[Meta#Products]] [[Meta#^products]] [[#Links]]\n"
    uri = client.open(vault / "Links.md", text)
    client.wait_for("textDocument/publishDiagnostics", uri=uri)
    meta = (vault / "Meta.md").as_uri()
    for character, target, line in [(3, meta, 0), (14, meta, 5), (33, meta, 7), (50, uri, 0)]:
        location = client.request(
            "textDocument/definition",
            {"textDocument": {"uri": uri}, "position": _pos(2, character)},
        )
        assert location["uri"] == target and location["range"]["start"]["line"] == line


def _actions(client: LspClient, uri: str, line: int) -> list[dict[str, Any]]:
    rng = {"start": _pos(line, 0), "end": _pos(line, 80)}
    result = client.request(
        "textDocument/codeAction",
        {"textDocument": {"uri": uri}, "range": rng, "context": {"diagnostics": []}},
    )
    return list(result or [])


def test_code_actions_fix_what_the_rules_found(client: LspClient, vault: Path) -> None:
    client.initialize()
    text = (
        "---\ntype: gadget\ndownloads: 1.2B+\n---\n# Gizmo\n\n## Quick stats\n\n"
        "| Metric | Value |\n|---|---|\n| Downloads | 1.3B+ |\n| Parent | [[Meta|the parent]] |\n"
        "| Launched |\n"
    )
    uri = client.open(vault / "Gizmo.md", text)
    found = client.wait_for("textDocument/publishDiagnostics", uri=uri)
    assert {"S001", "V002", "T001", "T002"} <= set(_codes(found))

    titles = {a["title"]: a for line in (2, 4, 10, 11, 12) for a in _actions(client, uri, line)}
    fixed = text
    for title in (
        "Escape the pipe (\\|)",
        "Pad the row with 1 empty cell(s)",
        # One place each: the template's first place is the reference, the frontmatter follows.
        "Make 'downloads' agree with 'Quick stats > Downloads' (1.3B+)",
    ):
        action = titles[title]
        assert action["kind"] == "quickfix" and action["diagnostics"]
        fixed = _apply(fixed, action["edit"]["changes"][uri])
    add = next(t for t in titles if t.startswith("Add the section 'Related'"))
    fixed = _apply(fixed, titles[add]["edit"]["changes"][uri])
    assert "downloads: 1.3B+" in fixed and "[[Meta\\|the parent]]" in fixed
    assert "| Launched | |" in fixed and fixed.endswith("## Related\n")
    client.change(uri, fixed, 2)
    after = client.wait_for("textDocument/publishDiagnostics", uri=uri, version=2)
    assert [c for c in _codes(after) if c != "S002"] == []


def test_the_set_command_edits_the_value_at_the_cursor(client: LspClient, vault: Path) -> None:
    client.initialize()
    path = vault / "Llama.md"
    uri = client.open(path)
    client.wait_for("textDocument/publishDiagnostics", uri=uri)
    result = client.request(
        "workspace/executeCommand",
        {"command": "scaffold.set", "arguments": [uri, _pos(131, 16), "1.3B+"]},
    )
    assert result == {"address": "Quick stats > Downloads", "applied": True}
    (applied,) = client.applied
    edits = applied["edit"]["changes"][uri]
    new = _apply(path.read_text(encoding="utf-8"), edits)
    assert new == path.read_text(encoding="utf-8").replace(
        "| Downloads | 1.2B+ |\n| Meta AI users | ~1B |",
        "| Downloads | 1.3B+ |\n| Meta AI users | ~1B |",
    )
    where = client.request(
        "workspace/executeCommand",
        {"command": "scaffold.where", "arguments": [uri, _pos(1, 24)]},
    )
    assert where == {"address": "aliases.1", "value": "LLaMA", "kind": "frontmatter"}


def test_the_vault_index_follows_file_events(client: LspClient, vault: Path) -> None:
    client.initialize()
    uri = client.open(vault / "Links.md", "# Links\n\n[[Later]] [[Meta#Products]]\n")
    before = client.wait_for("textDocument/publishDiagnostics", uri=uri)
    assert any(r["method"] == "client/registerCapability" for r in client.server_requests)
    assert _codes(before) == ["L001"]

    later = vault / "Later.md"
    later.write_text("# Later\n", encoding="utf-8")
    client.notify(
        "workspace/didChangeWatchedFiles", {"changes": [{"uri": later.as_uri(), "type": 1}]}
    )
    assert _codes(client.wait_for("textDocument/publishDiagnostics", uri=uri)) == []

    (vault / "Meta.md").write_text("# Meta\n\n## Other\n", encoding="utf-8")
    later.unlink()
    client.notify(
        "workspace/didChangeWatchedFiles",
        {
            "changes": [
                {"uri": (vault / "Meta.md").as_uri(), "type": 2},
                {"uri": later.as_uri(), "type": 3},
            ]
        },
    )
    assert _codes(client.wait_for("textDocument/publishDiagnostics", uri=uri)) == ["L001", "L002"]


CJK = "# 日本\n\n## 統計 😀\n\n| 指標 | 値 |\n|---|---|\n| 😀😀 | [[不在]] |\n"


def test_positions_are_utf16_with_cjk_and_emoji(client: LspClient, vault: Path) -> None:
    client.initialize()
    uri = client.open(vault / "Kanji.md", CJK)
    found = client.wait_for("textDocument/publishDiagnostics", uri=uri)
    (broken,) = found["diagnostics"]
    # "| 😀😀 | " is 5 characters before the link but 7 UTF-16 units (each emoji is 2).
    assert broken["range"] == {"start": _pos(6, 9), "end": _pos(6, 15)}
    hover = client.request(
        "textDocument/hover", {"textDocument": {"uri": uri}, "position": _pos(6, 3)}
    )
    assert hover["contents"]["value"] == "`統計 😀 > 😀😀 > 指標`\n\n😀😀"
    assert hover["range"] == {"start": _pos(6, 2), "end": _pos(6, 6)}
    # A position on the second half of an emoji means that emoji.
    inside = client.request(
        "textDocument/hover", {"textDocument": {"uri": uri}, "position": _pos(6, 12)}
    )
    assert inside["contents"]["value"].startswith("[[不在]]")
    result = client.request(
        "workspace/executeCommand",
        {"command": "scaffold.set", "arguments": [uri, _pos(6, 10), "値😀"]},
    )
    assert result["address"] == "統計 😀 > 😀😀"
    edit = client.applied[-1]["edit"]["changes"][uri][0]
    assert edit["range"] == {"start": _pos(6, 9), "end": _pos(6, 15)} and edit["newText"] == "値😀"


def test_the_migration_quick_fix_brings_the_note_up_as_migrate_does(tmp_path: Path) -> None:
    """M001's code action is the migration of the open note; applied through the client's
    positions (after an em dash and accents), it gives exactly the bytes ``scaffold migrate``
    writes."""
    from scaffold.cli.main import main
    from tests.migrate.conftest import ANSWERS, Gadgets

    gadgets = Gadgets(tmp_path / "vault")
    old = gadgets.render(1, {**ANSWERS, "colour": "rouge — vif"})
    old = old.replace("**Widget**", "**Widget** — Voilà, déjà")
    gadgets.install(3)
    path = gadgets.root / "Widget.md"
    path.write_text(old, encoding="utf-8")
    lsp = LspClient(gadgets.root)
    try:
        lsp.initialize()
        uri = lsp.open(path, old)
        found = lsp.wait_for("textDocument/publishDiagnostics", uri=uri)
        assert "M001" in _codes(found)
        (action,) = [a for a in _actions(lsp, uri, 0) if a["title"].startswith("Migrate the note")]
        assert action["kind"] == "quickfix"
        fixed = _apply(old, action["edit"]["changes"][uri])
        lsp.change(uri, fixed, 2)
        after = lsp.wait_for("textDocument/publishDiagnostics", uri=uri, version=2)
        assert "M001" not in _codes(after)
    finally:
        lsp.close()
    assert main(["migrate", "gadget", "--vault", str(gadgets.root), "--yes", "-q"]) == 0
    assert path.read_text(encoding="utf-8") == fixed
    assert "rouge — vif" in fixed and "## Price history" in fixed


def test_inlay_hints_show_each_metrics_age(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from tests.views.conftest import FIXTURES

    root = tmp_path / "stale"
    shutil.copytree(FIXTURES / "stale", root)
    monkeypatch.setenv("SCAFFOLD_TODAY", "2025-08-01")
    lsp = LspClient(root)
    try:
        lsp.initialize()
        text = (root / "A.md").read_text(encoding="utf-8")
        uri = lsp.open(root / "A.md", text)
        whole = {"start": _pos(0, 0), "end": _pos(40, 0)}
        hints = lsp.request(
            "textDocument/inlayHint", {"textDocument": {"uri": uri}, "range": whole}
        )
        shown = [(h["position"]["line"], h["position"]["character"], h["label"]) for h in hints]
        # Beside the Users and Price cells (0-based lines 8 and 9), after the cell's text.
        assert shown == [(8, 27, "2025-03-15 · 4 mo"), (9, 20, "2024 · 19 mo")]
        assert all(h["paddingLeft"] for h in hints)
    finally:
        lsp.close()
