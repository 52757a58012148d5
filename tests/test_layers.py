"""The layout is the architecture: data flows one way, bytes -> note -> edit -> file.

Each layer imports only from the layers below it; siblings in a layer do not import each
other; and no import cycle remains, counting type-only and function-local imports.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.layering import cycles, front_end_violations, violations

ROOT = Path(__file__).parent.parent

LAYERS = (
    ("scaffold.__main__",),  # `python -m scaffold`
    ("scaffold.cli",),  # the front end: arguments in, text and exit codes out
    # the language server and the MCP server, started by `scaffold lsp` and `scaffold mcp`
    ("scaffold.lsp", "scaffold.mcp"),
    ("scaffold.api",),  # the public facade the root re-exports
    # where the public names loaded on first use live: it imports them by name, on first use
    ("scaffold._public",),
    # features built on the bulk runner and the checker: bringing notes up a version; metrics
    # (history, charts); views (render); refactors (mv, merge: the link index, the journal)
    ("scaffold.migrate", "scaffold.metrics", "scaffold.views", "scaffold.refactor"),
    # features
    (
        "scaffold.bulk",
        "scaffold.check",
        "scaffold.generate",
        "scaffold.interop",
        "scaffold.notefiles",
    ),
    ("scaffold.migration",),  # one note's migration: a type's steps through the edit engine
    # changes to text; where notes live and how they are written; the entity types
    ("scaffold.edit", "scaffold.vault", "scaffold.entities"),
    ("scaffold.note",),  # reading: bytes -> spans, and finding things by address
    ("scaffold.text",),
    ("scaffold.errors", "scaffold._version"),  # the ground floor
)


def test_scaffold_imports_only_downward() -> None:
    assert violations(ROOT, "scaffold", LAYERS) == []


def test_scaffold_has_no_import_cycles() -> None:
    assert cycles(ROOT, "scaffold") == []


# Front ends only translate: besides their own modules they import the public API, the
# feature packages' facades, the errors, and (for `scaffold lsp`) the other front end's entry.
FRONT_ENDS = ("scaffold.cli", "scaffold.mcp")
FRONT_END_MAY_IMPORT = (
    "scaffold.api",
    "scaffold.bulk.facade",
    "scaffold.check.facade",
    "scaffold.generate.facade",
    "scaffold.migrate.facade",
    "scaffold.errors",
    "scaffold._version",
    "scaffold.lsp.server",
    "scaffold.mcp.server",
)


def test_front_ends_import_only_the_api_the_facades_and_the_errors() -> None:
    found = front_end_violations(ROOT, "scaffold", FRONT_ENDS, FRONT_END_MAY_IMPORT)
    reaches = sorted(f"{where}: {src} imports {dst}" for src, dst, where in found)
    assert reaches == [], "front ends reach past the facades:\n" + "\n".join(reaches)


def test_the_front_end_check_catches_a_reach_past_the_facade(tmp_path: Path) -> None:
    _fake_package(
        tmp_path,
        {
            "fake/__init__.py": "",
            "fake/api.py": "",
            "fake/low.py": "",
            "fake/cli/__init__.py": "",
            "fake/cli/own.py": "",
            "fake/cli/main.py": "from fake import api\nfrom fake.cli import own\n"
            "def f():\n    from fake.low import x\n",
        },
    )
    found = front_end_violations(tmp_path, "fake", ("fake.cli",), ("fake.api",))
    assert [(src, dst) for src, dst, _ in found] == [("fake.cli.main", "fake.low")]


def _fake_package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


FAKE_LAYERS = (("fake.top",), ("fake.mid_a", "fake.mid_b"), ("fake.low",))


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {"fake/low.py": "def f():\n    from fake import top\n"},
            "fake.low imports fake.top, which is in a higher layer",
            id="function-local-upward",
        ),
        pytest.param(
            {
                "fake/low.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                "    from .mid_a import X\n"
            },
            "fake.low imports fake.mid_a, which is in a higher layer",
            id="type-only-relative-upward",
        ),
        pytest.param(
            {"fake/mid_a.py": "import fake.mid_b\n"},
            "fake.mid_a imports fake.mid_b, a sibling in the same layer",
            id="sideways",
        ),
        pytest.param(
            {"fake/stray.py": ""},
            "module fake.stray belongs to no layer",
            id="unclaimed-module",
        ),
    ],
)
def test_the_layer_check_catches_a_bad_import(
    tmp_path: Path, files: dict[str, str], expected: str
) -> None:
    base = {"fake/__init__.py": "", "fake/top.py": "from fake import low\n", "fake/low.py": ""}
    _fake_package(tmp_path, {"fake/mid_a.py": "", "fake/mid_b.py": "", **base, **files})
    problems = violations(tmp_path, "fake", FAKE_LAYERS)
    assert len(problems) == 1, problems
    assert problems[0].endswith(expected)


def test_the_cycle_check_catches_a_type_only_cycle(tmp_path: Path) -> None:
    _fake_package(
        tmp_path,
        {
            "fake/__init__.py": "",
            "fake/a.py": "from fake.b import B\n",
            "fake/b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
            "    from fake.a import A\n",
        },
    )
    assert cycles(tmp_path, "fake") == [["fake.a", "fake.b", "fake.a"]]
    assert violations(tmp_path, "fake", (("fake.a", "fake.b"),)) != []


def test_the_public_table_names_only_modules_below_it() -> None:
    # scaffold._public imports by name, which the import scan above cannot see: check its names.
    from scaffold import _public

    below = [layer for i, layer in enumerate(LAYERS) if i > LAYERS.index(("scaffold._public",))]
    allowed = tuple(package for layer in below for package in layer)
    for name, where in _public.LAZY.items():
        module = where.partition(":")[0]
        assert module.startswith(allowed), f"{name}: {module} is not below scaffold._public"
