"""`scaffold new` and `scaffold templates`, run as the real CLI on real files.

Each failure case checks that nothing was written: the vault's files and bytes are snapshotted
before the run and compared after.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_regressions.file_regression import FileRegressionFixture

from scaffold.entities.library import Library
from scaffold.generate.names import note_name_problem
from scaffold.generate.plan import bound_checks, gather_answers
from tests.conftest import PROJECT as ROOT

EXAMPLES = ROOT / "examples"
TODAY = "2026-01-27"

FULL = {
    "actor": {
        "name": "Meta",
        "aliases": ["Meta Platforms", "Facebook"],
        "kind": "company",
        "description": "American social media and AI company",
        "parent": "Holding Co",
        "country": "USA",
        "sectors": ["ai", "social"],
        "tags": ["usa"],
        "public": True,
        "ticker": "META",
        "founded": 2004,
        "valuation": 1500.5,
        "why": {"Daily users": "**3.4B**", "Pipes in values": "a | b"},
        "why_note": "Owns distribution.",
        "products": ["Llama", "WhatsApp"],
        "related": {"OpenAI": "competitor"},
    },
    "product": {
        "name": "Llama",
        "aliases": ["Meta Llama", "LLaMA", "yes", "10:00", "#1 model"],
        "parent": "Meta",
        "description": "open-weight AI model family.",
        "category": "model",
        "tags": ["ai", "opensource"],
        "open_weights": True,
        "license": "Free <700M MAU",
        "downloads": "1.2B+",
        "flagship": "Llama 4 | Maverick",
        "launched": "2023-02-24",
        "why": "Downloads=**1.2B+** (Apr 2025); >700M MAU=Commercial license",
        "why_note": "Give away the model, own the ecosystem.",
        "overview": "The open-source standard.",
        "competitors": ["ChatGPT", "Claude"],
        "related": {"Hugging Face": "distribution platform"},
    },
}


def run(
    *args: str | Path, cwd: Path, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m scaffold ARGS` without a terminal (stdin is a pipe or /dev/null)."""
    environ = dict(os.environ)
    environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), environ.get("PYTHONPATH")) if p)
    environ["SCAFFOLD_TODAY"] = TODAY
    environ["NO_COLOR"] = "1"
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "scaffold", *map(str, args)],
        cwd=cwd,
        input=stdin,
        stdin=subprocess.DEVNULL if stdin is None else None,
        capture_output=True,
        text=True,
        env=environ,
        timeout=60,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    (root / ".obsidian").mkdir(parents=True)
    return root


def answers_file(tmp_path: Path, data: dict[str, object]) -> Path:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


# --- pinned renders and the round trip ------------------------------------------------------


@pytest.mark.parametrize("type_name", ["actor", "product"])
def test_full_render_is_pinned(
    type_name: str, vault: Path, tmp_path: Path, file_regression: FileRegressionFixture
) -> None:
    data = FULL[type_name]
    result = run("new", type_name, "--answers", answers_file(tmp_path, data), cwd=vault)
    assert result.returncode == 0, result.stderr
    note = vault / f"{data['name']}.md"
    file_regression.check(note.read_text(encoding="utf-8"), extension=".md")


@pytest.mark.parametrize("type_name", ["actor", "product"])
def test_name_only_render_is_pinned_and_clean(
    type_name: str, vault: Path, file_regression: FileRegressionFixture
) -> None:
    result = run("new", type_name, "Solo", cwd=vault)
    assert result.returncode == 0, result.stderr
    text = (vault / "Solo.md").read_text(encoding="utf-8")
    file_regression.check(text, extension=".md")
    # Empty parts are left out cleanly: no dangling link, no empty table, no empty optional
    # section. Quick stats and Related stay: the types require them (`sections:`).
    assert "[[]]" not in text
    assert "## Why" not in text
    assert "| Metric | Value |\n|--------|-------|\n\n" not in text
    assert "\n\n\n" not in text and text.endswith("*Created 2026-01-27*\n\n---\n\n## Related\n")


@pytest.mark.parametrize("type_name", ["actor", "product"])
def test_every_binding_of_every_builtin_type_is_checked(type_name: str) -> None:
    # The full answers fill every bound question, so plan_note's round-trip check covers each
    # binding (test_full_render_is_pinned runs it through the CLI).
    library = Library(None)
    ttype = library.get(type_name)
    answers = gather_answers(ttype, FULL[type_name])
    bound = [q for q in ttype.spec.questions if q.bind]
    assert bound
    for question in bound:
        checks = bound_checks(library, question, answers)
        assert checks, f"{question.name} is bound but the full answers leave it empty"
    from scaffold import api

    text = library.render(ttype, {**answers, "type_name": type_name})
    note = api.loads(text)
    for question in bound:
        for address, expected in bound_checks(library, question, answers):
            got = note.get(address)
            assert got == expected or str(got) == str(expected), (address, got, expected)


def test_a_template_that_breaks_the_round_trip_is_refused(vault: Path) -> None:
    # A vault override of `product` that drops the Downloads value from its cell.
    folder = vault / ".scaffold" / "templates" / "product"
    shutil.copytree(ROOT / "templates" / "product", folder)
    template = folder / "note.md.j2"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("downloads | cell", '"n/a"'), encoding="utf-8")
    before = snapshot(vault)
    result = run("new", "product", "Llama", "--set", "downloads=1.2B+", cwd=vault)
    assert result.returncode == 2
    assert "'downloads' is bound to 'Quick stats > Downloads'" in result.stderr
    assert "nothing was written" in result.stderr
    assert snapshot(vault) == before


# --- bad answers, path rules, existing notes ------------------------------------------------


def test_bad_answers_are_all_named_and_nothing_is_written(vault: Path) -> None:
    before = snapshot(vault)
    result = run(
        "new", "actor", "Meta", "--set", "founded=later", "--set", "public=yes",
        "--set", "ticker=meta", "--set", "valuation=-3", "--set", "colour=red",
        cwd=vault,
    )  # fmt: skip
    assert result.returncode == 8
    for name in ("founded", "ticker", "valuation", "colour"):
        assert f"{name}:" in result.stderr
    assert "--set founded=VALUE" in result.stderr
    assert snapshot(vault) == before


def test_missing_required_answer_without_a_terminal(vault: Path) -> None:
    # A vault type with two required questions: both must be named, with the flag.
    folder = vault / ".scaffold" / "templates" / "event"
    folder.mkdir(parents=True)
    (folder / "questions.yaml").write_text(
        "questions:\n"
        "  - {name: name, required: true}\n"
        "  - {name: held_on, type: date, required: true}\n"
        "  - {name: venue}\n",
        encoding="utf-8",
    )
    (folder / "note.md.j2").write_text('{% extends "base/note.md.j2" %}\n', encoding="utf-8")
    before = snapshot(vault)
    result = run("new", "event", cwd=vault)
    assert result.returncode == 8
    assert "name: missing" in result.stderr and "--set name=VALUE" in result.stderr
    assert "held_on: missing" in result.stderr and "--set held_on=VALUE" in result.stderr
    assert "venue" not in result.stderr.split("hint:")[0]  # optional: not a problem
    assert snapshot(vault) == before
    ok = run("new", "event", "Summit", "--set", "held_on=2026-03-01", cwd=vault)
    assert ok.returncode == 0, ok.stderr
    assert (vault / "Summit.md").read_text(encoding="utf-8").startswith("---\ntype: event\n")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../x", "would leave the vault"),
        ("..", "would leave the vault"),
        ("/abs", "absolute path"),
        ("a/b", "contains a path separator"),
        ("a\\b", "contains a path separator"),
        *[(f"bad{ch}name", "Obsidian does not allow") for ch in "[]#^|:"],
        (".hidden", "hides the note"),
    ],
)
def test_names_that_escape_or_break_links_are_refused(
    name: str, message: str, vault: Path, tmp_path: Path
) -> None:
    before = snapshot(tmp_path)
    result = run("new", "product", "--set", f"name={name}", cwd=vault)
    assert result.returncode == 8, result.stderr
    assert message in result.stderr
    assert snapshot(tmp_path) == before


def test_note_name_rules_directly() -> None:
    assert note_name_problem("Llama 4") is None
    assert note_name_problem("AT&T") is None
    assert note_name_problem("C:\\x") is not None
    assert note_name_problem("") == "a note needs a name"


def test_a_path_pattern_leaving_the_vault_is_refused(vault: Path, tmp_path: Path) -> None:
    folder = vault / ".scaffold" / "templates" / "escape"
    folder.mkdir(parents=True)
    (folder / "questions.yaml").write_text(
        'path: "../{{ name }}.md"\nquestions:\n  - {name: name}\n', encoding="utf-8"
    )
    (folder / "note.md.j2").write_text('{% extends "base/note.md.j2" %}\n', encoding="utf-8")
    before = snapshot(tmp_path)
    result = run("new", "escape", "X", cwd=vault)
    assert result.returncode == 2
    assert "would leave the vault" in result.stderr
    assert snapshot(tmp_path) == before


def test_an_existing_note_is_kept_unless_force(vault: Path) -> None:
    (vault / "Llama.md").write_bytes(b"# my own notes\r\n")
    before = snapshot(vault)
    result = run("new", "product", "Llama", cwd=vault)
    assert result.returncode == 9
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert snapshot(vault) == before
    forced = run("new", "product", "Llama", "--force", cwd=vault)
    assert forced.returncode == 0, forced.stderr
    assert forced.stdout.startswith("replaced Llama.md")
    assert (vault / "Llama.md").read_text(encoding="utf-8").startswith("---\ntype: product\n")


def test_a_name_taken_by_another_note_or_alias_is_refused(vault: Path) -> None:
    (vault / "people").mkdir()
    (vault / "people" / "Zuck.md").write_text(
        "---\naliases: [Mark Zuckerberg]\n---\nhi\n", encoding="utf-8"
    )
    before = snapshot(vault)
    by_alias = run("new", "actor", "Mark Zuckerberg", "--set", "kind=person", cwd=vault)
    assert by_alias.returncode == 9
    assert "people/Zuck.md" in by_alias.stderr
    new_alias = run("new", "actor", "Mark", "--set", "aliases=Zuck", cwd=vault)
    assert new_alias.returncode == 9
    assert "alias would make [[Zuck]] ambiguous" in new_alias.stderr
    assert snapshot(vault) == before


# --- scripted flow: --dry-run, --json, answer files ----------------------------------------


def test_dry_run_prints_path_and_content_and_writes_nothing(vault: Path) -> None:
    run("new", "actor", "Meta", cwd=vault)
    before = snapshot(vault)
    result = run("new", "product", "Llama", "--set", "parent=Meta", "--dry-run", cwd=vault)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("would create Llama.md")
    assert "**Llama** — a product of [[Meta]].\n" in result.stdout
    assert "would add to Meta.md: - [[Llama]] — product" in result.stdout
    assert snapshot(vault) == before


def test_json_reports_path_answers_and_link_backs(vault: Path) -> None:
    run("new", "actor", "Meta", cwd=vault)
    result = run(
        "new", "product", "--json", "--set", "name=Llama", "--set", "parent=[[Meta]]",
        "--set", "why=Downloads=1.2B+", "--set", "launched=2023-02-24",
        cwd=vault,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["ok"] is True and data["written"] is True
    assert data["path"] == "Llama.md"
    assert data["answers"]["parent"] == "Meta"
    assert data["answers"]["why"] == {"Downloads": "1.2B+"}
    assert data["answers"]["launched"] == "2023-02-24"
    assert data["answers"]["created"] == TODAY
    assert data["link_backs"] == [
        {"path": "Meta.md", "item": "- [[Llama]] — product", "written": True}
    ]
    assert (vault / "Llama.md").is_file()
    # The answers printed are a valid answers file: feeding them back renders the same note.
    (vault / "again.json").write_text(json.dumps(data["answers"]), encoding="utf-8")
    again = run("new", "product", "--answers", "again.json", "--dry-run", "--json", "--force",
                "--no-link-back", cwd=vault)  # fmt: skip
    assert json.loads(again.stdout)["content"] == (vault / "Llama.md").read_text(encoding="utf-8")


def test_json_error_when_answers_are_missing(vault: Path) -> None:
    result = run("new", "product", "--json", cwd=vault)
    assert result.returncode == 8
    error = json.loads(result.stdout)["error"]
    assert error["kind"] == "answers"
    assert error["problems"] == ["name: missing (supply it with --set name=VALUE)"]


def test_answers_from_yaml_json_and_stdin_agree(vault: Path, tmp_path: Path) -> None:
    yaml_file = tmp_path / "a.yaml"
    yaml_file.write_text("name: Qwen\nparent: Alibaba\nlaunched: 2023-08-03\n", encoding="utf-8")
    json_text = '{"name": "Qwen", "parent": "Alibaba", "launched": "2023-08-03"}'
    outputs = [
        run("new", "product", "--answers", yaml_file, "--dry-run", cwd=vault).stdout,
        run("new", "product", "--answers", "-", "--dry-run", cwd=vault, stdin=json_text).stdout,
    ]
    assert outputs[0] == outputs[1]
    assert "| Launched | 2023-08-03 |" in outputs[0]
    over = run("new", "product", "--answers", yaml_file, "--set", "parent=Tongyi", "--dry-run",
               cwd=vault)  # fmt: skip
    assert "[[Tongyi]]" in over.stdout and "Alibaba" not in over.stdout


def test_bad_set_syntax_is_a_usage_error(vault: Path) -> None:
    result = run("new", "product", "--set", "parent", cwd=vault)
    assert result.returncode == 2
    assert "expected KEY=VALUE" in result.stderr
    unknown = run("new", "prodcut", "X", cwd=vault)
    assert unknown.returncode == 2
    assert "did you mean 'product'?" in unknown.stderr


# --- link-back ------------------------------------------------------------------------------


def test_link_back_adds_one_line_and_keeps_every_other_byte(vault: Path) -> None:
    meta = vault / "Meta.md"
    original = (
        "---\r\naliases: [Meta Platforms]\r\n---\r\n**Meta** runs things.\r\n\r\n"
        "## Related\r\n\r\n- [[OpenAI]] — competitor\r\n\r\n## Notes\r\n\r\nLast line\r\n"
    )
    meta.write_bytes(original.encode("utf-8"))
    claude = vault / "Claude.md"
    claude.write_bytes(b"Claude, no Related section, no final newline")
    result = run("new", "product", "Llama", "--set", "parent=Meta Platforms",
                 "--set", "competitors=Claude, Ghost", cwd=vault)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert meta.read_bytes().decode() == original.replace(
        "competitor\r\n", "competitor\r\n- [[Llama]] — product\r\n", 1
    )
    assert claude.read_bytes().startswith(b"Claude, no Related section, no final newline")
    assert claude.read_text(encoding="utf-8").endswith("## Related\n\n- [[Llama]] — competitor\n")
    assert "[[Ghost]] is not in the vault; not linked back" in result.stdout
    # A second product names Meta too; Meta already lists Llama, so no duplicate for Llama.
    again = run("new", "product", "Llama 2", "--set", "parent=Meta", cwd=vault)
    assert again.returncode == 0
    assert meta.read_text(encoding="utf-8").count("[[Llama]]") == 1


def test_no_link_back_flag_leaves_linked_notes_alone(vault: Path) -> None:
    run("new", "actor", "Meta", cwd=vault)
    before = (vault / "Meta.md").read_bytes()
    result = run("new", "product", "Llama", "--set", "parent=Meta", "--no-link-back", cwd=vault)
    assert result.returncode == 0
    assert (vault / "Meta.md").read_bytes() == before
    assert "[[Meta]] — parent company" in (vault / "Llama.md").read_text(encoding="utf-8")


# --- vault templates and the sandbox --------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ name.__class__.__base__.__subclasses__() }}",
        "{{ cycler.__init__.__globals__.os.system('touch pwned') }}",
        "{{ self._TemplateReference__context }}",
        "{% set x = aliases.append('pwned') %}",
    ],
)
def test_vault_templates_render_in_the_sandbox(payload: str, vault: Path, tmp_path: Path) -> None:
    folder = vault / ".scaffold" / "templates" / "evil"
    folder.mkdir(parents=True)
    (folder / "questions.yaml").write_text(
        "questions:\n  - {name: name}\n  - {name: aliases, type: list, default: [a]}\n",
        encoding="utf-8",
    )
    (folder / "note.md.j2").write_text(f"{payload}\n", encoding="utf-8")
    before = snapshot(tmp_path)
    result = run("new", "evil", "X", cwd=vault)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "error:" in result.stderr
    assert snapshot(tmp_path) == before
    assert not (vault / "pwned").exists()


def test_templates_list_and_show_name_origins_and_chain(vault: Path) -> None:
    override = vault / ".scaffold" / "templates" / "product"
    shutil.copytree(ROOT / "templates" / "product", override)
    listing = run("templates", "list", cwd=vault)
    assert listing.returncode == 0
    lines = {line.split()[0]: line for line in listing.stdout.splitlines()[1:]}
    assert "built-in" in lines["actor"]
    assert "vault, overrides built-in (.scaffold/templates/product)" in lines["product"]
    show = run("templates", "show", "product", cwd=vault)
    assert show.returncode == 0
    assert "extends:   product/note.md.j2 (vault) -> base/note.md.j2 (built-in)" in show.stdout
    assert "bind: Quick stats > Downloads" in show.stdout
    assert "renders in Jinja2's sandbox" in show.stdout
    data = json.loads(run("templates", "show", "actor", "--json", cwd=vault).stdout)
    assert [c["template"] for c in data["chain"]] == ["actor/note.md.j2", "base/note.md.j2"]
    assert next(q for q in data["questions"] if q["name"] == "ticker")["when"] == "public"


def test_a_broken_vault_type_is_listed_with_its_error(vault: Path) -> None:
    folder = vault / ".scaffold" / "templates" / "broken"
    folder.mkdir(parents=True)
    (folder / "questions.yaml").write_text("questions:\n  - {name: title}\n", encoding="utf-8")
    (folder / "note.md.j2").write_text("x\n", encoding="utf-8")
    listing = run("templates", "list", cwd=vault)
    assert listing.returncode == 0
    assert "BROKEN:" in listing.stdout and "question called `name`" in listing.stdout
    assert "product" in listing.stdout
    new = run("new", "broken", "X", cwd=vault)
    assert new.returncode == 2
    assert "broken/questions.yaml" in new.stderr


def test_help_texts_have_examples(vault: Path) -> None:
    for args in (("new", "--help"), ("templates", "--help"), ("templates", "show", "--help")):
        result = run(*args, cwd=vault)
        assert result.returncode == 0
        assert "examples:" in result.stdout


# --- the examples ---------------------------------------------------------------------------


def test_examples_are_regenerated_by_scaffold_from_their_answer_files(tmp_path: Path) -> None:
    target = tmp_path / "vault"
    shutil.copytree(EXAMPLES / "vault" / ".scaffold", target / ".scaffold")
    environ = dict(os.environ, PYTHONPATH=str(ROOT))
    subprocess.run(
        [sys.executable, str(EXAMPLES / "regenerate.py"), str(target)],
        check=True,
        env=environ,
        capture_output=True,
        timeout=120,
    )
    made = {k: v for k, v in snapshot(target).items() if not k.startswith(".scaffold/")}
    kept = {k: v for k, v in snapshot(EXAMPLES / "vault").items() if not k.startswith(".scaffold/")}
    assert sorted(made) == [
        "Claude.md",
        "Countries/USA.md",
        "Llama.md",
        "Meta.md",
        "Products.md",
        "charts/Llama downloads.svg",
    ]
    assert made == kept, "run `python examples/regenerate.py` and review the diff"


def test_a_linked_note_edited_after_the_preview_stops_the_write(vault: Path) -> None:
    from scaffold.errors import VerifyError
    from scaffold.generate.plan import plan_note, write_plan

    meta = vault / "Meta.md"
    meta.write_text("# Meta\n\n## Related\n\n- [[OpenAI]] — competitor\n", encoding="utf-8")
    library = Library(vault)
    ttype = library.get("product")
    answers = gather_answers(ttype, {"name": "Grok", "parent": "Meta"})
    plan = plan_note(library, ttype, answers, vault)
    assert [b.path.name for b in plan.link_backs] == ["Meta.md"]
    meta.write_bytes(meta.read_bytes() + b"\nedited in Obsidian while the prompt waited\n")
    before = snapshot(vault)
    with pytest.raises(VerifyError) as info:
        write_plan(plan)
    assert "nothing was written" in info.value.message
    assert snapshot(vault) == before
