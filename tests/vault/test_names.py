"""One owner for note names: ``get``, ``update``, ``check`` and the language server agree on
which note a name means, for every way YAML can write ``aliases``.

Each note's title and only heading are its own stem, so a link ``[[NAME#Stem]]`` is clean in
``check`` only when NAME resolves to that very note, and ``get NAME title`` prints the stem.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from lsprotocol import types as lsp

from scaffold.cli.main import main
from scaffold.vault.head import aliases_in, head_data, tags_in
from scaffold.vault.index import VaultIndex, link_name, note_relpaths, vault_relpaths

NOTES = {
    "Flow.md": 'aliases: [Flow One, "Flow, Two"]',
    "Block.md": "aliases:\n  - Block One # a comment, not part of the name\n  - 'Block: Two'",
    "Single.md": "aliases: Single One",
    "Commas.md": 'aliases: ["Foo, Bar"]',
    "Solo.md": "alias: Solo Name",
    "sub/Deep.md": 'aliases:\n- "Deep # kept"\n- Deeper',
}

# name -> the note it means
NAMES = {
    "Flow": "Flow.md",
    "Flow One": "Flow.md",
    "flow, two": "Flow.md",
    "Block One": "Block.md",
    "BLOCK: TWO": "Block.md",
    "Single One": "Single.md",
    "Foo, Bar": "Commas.md",
    "Solo Name": "Solo.md",
    "Deep # kept": "sub/Deep.md",
    "deeper": "sub/Deep.md",
    "sub/Deep": "sub/Deep.md",
}


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    (root / ".scaffold").mkdir(parents=True)
    for rel, aliases in NOTES.items():
        stem = Path(rel).stem
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(f"---\ntitle: {stem}\n{aliases}\n---\n# {stem}\n", "utf-8")
    return root


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_get_update_check_and_lsp_agree_on_every_name(
    vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = {**NAMES, **{f"[[{n}#x|shown]]": rel for n, rel in NAMES.items() if "#" not in n}}

    # get: the note's own title
    for name, rel in names.items():
        code, out = _run(capsys, "get", "--vault", str(vault), name, "title")
        assert (code, out.strip()) == (0, Path(rel).stem), name

    # update --dry-run: the path the row goes to (one run per name: rows for one note merge)
    table = vault.parent / "in.json"
    for name, rel in names.items():
        table.write_text(json.dumps([{"note": name, "title": "new"}]), "utf-8")
        code, out = _run(
            capsys, "update", "--vault", str(vault), "--from", str(table), "--dry-run", "--json"
        )
        rows = [json.loads(line) for line in out.splitlines()]
        assert code == 0, out
        assert [r["path"] for r in rows if "path" in r] == [rel], name

    # check: [[NAME#Stem]] is clean only when NAME finds the note whose heading that is
    lines = [f"[[{n}#{Path(rel).stem}]]" for n, rel in NAMES.items() if "#" not in n]
    (vault / "Links.md").write_text("# Links\n\n" + "\n".join(lines) + "\n", "utf-8")
    wrong = vault / "Wrong.md"
    wrong.write_text("# Wrong\n\n[[Flow One#Block]] [[Foo]] [[Qux]]\n", "utf-8")
    code, out = _run(capsys, "check", "--vault", str(vault), "--json", str(vault / "Links.md"))
    assert code == 0, out
    code, out = _run(capsys, "check", "--vault", str(vault), "--json")
    found = json.loads(out)
    problems = found["diagnostics"] if isinstance(found, dict) else found
    codes = {(Path(d["path"]).name, d["code"]) for d in problems}
    assert codes == {("Wrong.md", "L001"), ("Wrong.md", "L002")}
    wrong.unlink()

    # the language server: definition of each link opens the note it names
    from tests.lsp.session import Session, run

    text = (vault / "Links.md").read_text("utf-8")

    async def body(s: Session) -> None:
        uri, diagnostics = await s.open("Links.md", text, timeout=10)
        assert diagnostics == []
        doc = lsp.TextDocumentIdentifier(uri)
        for line, (name, rel) in enumerate((n, r) for n, r in NAMES.items() if "#" not in n):
            place = await asyncio.wait_for(
                s.client.text_document_definition_async(
                    lsp.DefinitionParams(doc, lsp.Position(line + 2, 3))
                ),
                10,
            )
            assert isinstance(place, lsp.Location), name
            assert place.uri == (vault / rel).as_uri(), name

    run(vault, "utf-16", body, timeout=10)


def test_the_index_reads_every_alias_form_with_the_note_model(vault: Path) -> None:
    index = VaultIndex.build(vault)
    for name, rel in NAMES.items():
        if "/" not in name:
            assert index.lookup(name) == [vault / rel], name
    assert index.alias_text["foo, bar"] == "Foo, Bar"


def test_a_pasted_link_names_its_note() -> None:
    assert link_name("  [[Note#Heading|shown]] ") == "Note"
    assert link_name("![[Note#^block]]") == "Note"
    assert link_name("[[sub/Note]]") == "sub/Note"
    assert link_name("Note") == "Note"


def test_tags_and_aliases_in_every_form() -> None:
    text = "---\ntags: [a, '#b']\nalias: One\n---\nbody\n"
    data = head_data(text)
    assert tags_in(data) == ["a", "b"] and aliases_in(data) == ["One"]
    assert tags_in(head_data("---\ntags: x, y  z\n---\n")) == ["x", "y", "z"]
    assert tags_in(head_data("---\ntags:\n  - p # c\n  - q\n---\n")) == ["p", "q"]
    assert head_data("---\ntags: [\n---\n") == {}  # does not parse: nothing
    assert head_data("no frontmatter") == {}


def test_one_walk_skips_hidden_and_tool_folders(vault: Path) -> None:
    for folder in (".obsidian", ".git", "node_modules", "__pycache__"):
        (vault / folder).mkdir(exist_ok=True)
        (vault / folder / "Hidden.md").write_text("# Hidden\n", "utf-8")
    (vault / "image.png").write_bytes(b"\x89PNG")
    (vault / ".hidden.md").write_text("# h\n", "utf-8")
    notes = note_relpaths(vault)
    assert "Flow.md" in notes and "sub/Deep.md" in notes
    assert not any("Hidden" in n for n in notes)
    everything = vault_relpaths(vault, notes_only=False)
    assert set(everything) == {*notes, "image.png"}
    assert ".hidden.md" not in notes  # hidden, as Obsidian hides it
