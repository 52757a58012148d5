"""Failure kinds are classes: nothing in scaffold decides a kind, an exit code or a rule code
by reading an error's message text (a reworded message must not change what a run does)."""

from __future__ import annotations

import ast
from pathlib import Path

from scaffold.errors import (
    AddressError,
    AmbiguousAddressError,
    DuplicateKeyError,
    InvalidFrontmatterError,
    NoteParseError,
    TargetMissingError,
    TemplateError,
    UnclosedFrontmatterError,
    UnknownTypeError,
)
from scaffold.note.parsed import ParsedNote

ROOT = Path(__file__).parent.parent / "scaffold"

# A foreign library's exception whose only distinguishing mark is its text: ruamel raises the
# same ComposerError for a second document and for an undefined alias.
FOREIGN_TEXT = {("note/yaml/_compose.py", "_translate")}

_ERROR_NAMES = {"e", "exc", "err", "error"}
_TEXT_TESTS = {"startswith", "endswith", "find", "index", "count"}


def _reads_message(node: ast.AST) -> bool:
    """``x.message`` or ``str(exc)``: an error's text."""
    if isinstance(node, ast.Attribute) and node.attr == "message":
        return True
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "str"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Name)
        and node.args[0].id in _ERROR_NAMES
    )


def _decisions(tree: ast.AST) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    for func in ast.walk(tree):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(func):
            if isinstance(node, ast.Compare) and any(
                isinstance(op, ast.In | ast.NotIn | ast.Eq | ast.NotEq) for op in node.ops
            ):
                if any(_reads_message(part) for part in (node.left, *node.comparators)):
                    found.append((func.name, node.lineno))
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in _TEXT_TESTS
                and _reads_message(node.func.value)
            ):
                found.append((func.name, node.lineno))
    return found


def test_no_kind_is_decided_by_message_text() -> None:
    hits = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for func, line in _decisions(ast.parse(path.read_text(encoding="utf-8"))):
            if (rel, func) not in FOREIGN_TEXT:
                hits.append(f"scaffold/{rel}:{line} ({func})")
    assert hits == []


def test_the_scan_sees_a_decision_on_message_text() -> None:
    tree = ast.parse(
        "def f(exc):\n"
        "    if 'ambiguous' not in exc.message: pass\n"
        "    if exc.message.startswith('no key'): pass\n"
        "    return 'x' in str(exc)\n"
    )
    assert [line for _, line in _decisions(tree)] == [2, 3, 4]


def test_parse_errors_say_their_reason_by_class() -> None:
    cases = {
        "---\ntitle: x\n": UnclosedFrontmatterError,
        "---\ntitle: x\ntitle: y\n---\n": DuplicateKeyError,
        "---\ntitle: [x\n---\n": InvalidFrontmatterError,
        "---\n- a list\n---\n": InvalidFrontmatterError,
    }
    for text, kind in cases.items():
        try:
            ParsedNote(text).data  # noqa: B018 - parsing is the test
        except NoteParseError as exc:
            assert type(exc) is kind, (text, exc)
            assert exc.kind == "parse" and exc.exit_code == 4
        else:
            raise AssertionError(f"{text!r} parsed")


def test_missing_and_ambiguous_targets_are_address_errors_of_their_own() -> None:
    from scaffold.note.addressing.resolve import get

    note = ParsedNote("---\nflavour: a\nFlavour: b\n---\n## Stats\n\n| A | B |\n|---|---|\n")
    for address, kind in [
        ("ambiguous", TargetMissingError),
        ("FLAVOUR", AmbiguousAddressError),
        ("Nowhere > Row", TargetMissingError),
        ("Stats > Row", TargetMissingError),
    ]:
        try:
            get(note, address)
        except AddressError as exc:
            assert type(exc) is kind, (address, exc)
            assert exc.kind == "address" and exc.exit_code == 5
        else:
            raise AssertionError(f"{address!r} resolved")


def test_an_unknown_type_is_a_template_error_of_its_own(tmp_path: Path) -> None:
    from scaffold.entities.library import Library

    for name in ("monster", "not a name!"):
        try:
            Library(tmp_path).get(name)
        except TemplateError as exc:
            assert type(exc) is UnknownTypeError and exc.kind == "template"
        else:
            raise AssertionError(f"{name!r} is a type")
