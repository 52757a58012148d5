"""An AST walk over a package: every import it makes, top-level, function-local and
type-only alike, checked against a list of layers, plus a search for import cycles.

Kept as a small library so the tests can run it on scaffold itself and on a fake package that
breaks the rules (a check that cannot fail protects nothing).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

Layers = Sequence[Sequence[str]]
"""Top layer first. Each layer is a group of sibling modules or packages (dotted names) that
may import from any layer below but not from each other, nor upwards."""


@dataclass(frozen=True)
class Import:
    source: str
    """The importing module, dotted."""
    target: str
    """The imported module, dotted (resolved from relative form)."""
    line: int


def modules(root: Path, package: str) -> dict[str, Path]:
    """Every module of the package under ``root`` (the folder holding ``package/``)."""
    found: dict[str, Path] = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(root: Path, package: str) -> Iterator[Import]:
    """Every import of a package module by a package module, wherever it stands in the file."""
    known = modules(root, package)
    for name, path in known.items():
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _absolute(name, is_package, node.module, node.level)
                # `from pkg import mod` imports the module pkg.mod when there is one.
                targets = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                    for alias in node.names
                ]
            else:
                continue
            for target in targets:
                if target == package or target.startswith(package + "."):
                    yield Import(name, target, node.lineno)


def _absolute(name: str, is_package: bool, module: str | None, level: int) -> str:
    if level == 0:
        return module or ""
    parts = name.split(".")
    if not is_package:
        parts.pop()
    parts = parts[: len(parts) - (level - 1)]
    return ".".join([*parts, module] if module else parts)


def _layer_of(module: str, layers: Layers) -> tuple[int, str] | None:
    if "." not in module:  # the package root re-exports the public API: above every layer
        return -1, module
    for index, layer in enumerate(layers):
        for member in layer:
            if module == member or module.startswith(member + "."):
                return index, member
    return None


def violations(root: Path, package: str, layers: Layers) -> list[str]:
    """Each import that goes upward or sideways between siblings, as ``file:line: message``;
    and each package module that no layer claims."""
    problems: list[str] = []
    for name, path in modules(root, package).items():
        if name != package and _layer_of(name, layers) is None:
            problems.append(f"{path}: module {name} belongs to no layer")
    paths = modules(root, package)
    for imp in imports(root, package):
        src, dst = _layer_of(imp.source, layers), _layer_of(imp.target, layers)
        if src is None or dst is None or src[1] == dst[1]:
            continue
        if dst[0] < src[0]:
            problems.append(
                f"{paths[imp.source]}:{imp.line}: {imp.source} imports {imp.target}, "
                "which is in a higher layer"
            )
        elif dst[0] == src[0]:
            problems.append(
                f"{paths[imp.source]}:{imp.line}: {imp.source} imports {imp.target}, "
                "a sibling in the same layer"
            )
    return problems


def cycles(root: Path, package: str) -> list[list[str]]:
    """Import cycles between modules (every import counts, type-only and local ones too)."""
    graph: dict[str, set[str]] = {name: set() for name in modules(root, package)}
    for imp in imports(root, package):
        if imp.target in graph and imp.target != imp.source:
            # Importing a package's submodule runs the package's __init__ too, but scaffold's
            # __init__ files import nothing, so the edge to the module itself is the one.
            graph[imp.source].add(imp.target)
    found: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                found.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def front_end_violations(
    root: Path,
    package: str,
    fronts: Sequence[str],
    allowed: Sequence[str],
) -> list[tuple[str, str, str]]:
    """Each import by a front end (a module in one of ``fronts``) of a module that is neither
    its own front end's, nor one of ``allowed`` (or inside one), as ``(source, target,
    file:line)``. Front ends only translate: they reach the features through their facades."""
    paths = modules(root, package)
    found: list[tuple[str, str, str]] = []
    for imp in imports(root, package):
        front = next((f for f in fronts if _inside(imp.source, f)), None)
        if front is None or _inside(imp.target, front):
            continue
        if any(_inside(imp.target, ok) for ok in allowed):
            continue
        found.append((imp.source, imp.target, f"{paths[imp.source]}:{imp.line}"))
    return found


def _inside(module: str, owner: str) -> bool:
    return module == owner or module.startswith(owner + ".")
