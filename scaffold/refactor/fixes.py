"""``scaffold check --fix``: the fixes the rules offer the language server's quick-fix menu,
applied to the notes through the one write path, as one journalled run.

A finding is fixed here only when its rule offers exactly one fix: a finding with several
is a choice for a person, and is left for the editor's quick-fix menu. So is a metric that
disagrees with itself (``V002``) even when it has one fix: which value is right is not for a
tool to guess, unless ``--select`` names the rule itself (then its first fix is taken: the
place agrees with what most places say).

In a note, fixes whose edits overlap one already taken wait for the next pass: the note is
checked again with the fixes applied, and so on until no fix is left (at most
:data:`PASSES` times). Each fixed note must still parse, and its bytes outside the fixes'
edits are kept as they were (CRLF, a BOM). Nothing is written unless asked, and the run is
all or nothing; ``scaffold undo`` puts back every byte.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scaffold.errors import ScaffoldError
from scaffold.note.parsed import ParsedNote
from scaffold.vault.changes import FileChange
from scaffold.vault.files import read_bytes, relative_to_vault

if TYPE_CHECKING:
    from scaffold.check.diagnostic import Diagnostic, Fix
    from scaffold.check.facade import Checked
    from scaffold.check.linkindex import LinkIndex
    from scaffold.check.runner import Checker
    from scaffold.edit.splice import Edit

PASSES = 8
"""How many times a note is checked again for fixes that overlapped earlier ones."""
CHOICES = {"V002": "metric-disagrees"}
"""Rules whose one fix picks a value: taken only when ``--select`` names the rule."""


@dataclass(frozen=True, slots=True)
class Fixed:
    """One finding fixed: its rule, where it was (before the fixes), and what the fix did."""

    code: str
    line: int
    col: int
    title: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "line": self.line, "col": self.col, "title": self.title}


@dataclass(frozen=True, slots=True)
class NoteFixes:
    """The fixes applied to one note."""

    path: str
    """As check shows it (relative to the current folder when inside it)."""
    fixed: tuple[Fixed, ...]
    before: bytes
    after: bytes

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "fixed": [f.to_dict() for f in self.fixed]}


@dataclass(frozen=True, slots=True)
class FixPlan:
    """What ``check --fix`` will write, and what check finds once it has."""

    vault: Path
    notes: tuple[NoteFixes, ...]
    checked: Checked
    """The findings left after the fixes (every note's, the fixed ones checked again)."""
    choices: int = 0
    """Findings left with fixes to choose from (several, or a value): for the editor's
    quick-fix menu."""
    changes: tuple[FileChange, ...] = field(default=())

    @property
    def count(self) -> int:
        """How many findings the fixes fix."""
        return sum(len(n.fixed) for n in self.notes)

    def diff(self) -> str:
        """Every fixed note's diff, as ``git apply`` and ``patch -p1`` take it."""
        from scaffold.refactor.move import git_diff

        return "".join(git_diff(n.before, n.after, n.path) for n in self.notes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "fixed": self.count,
            "notes": [n.to_dict() for n in self.notes],
            "choices": self.choices,
        }


def _single(diagnostic: Diagnostic, chosen: frozenset[str] = frozenset()) -> Fix | None:
    """The fix to apply for ``diagnostic``: its only one, else none; none for a rule of
    :data:`CHOICES` unless ``chosen`` holds its code, and then its first (for V002: make
    this place agree with what most places say; "set the others to this" is for a person)."""
    fixes = diagnostic.fixes
    if diagnostic.code in CHOICES:
        if diagnostic.code not in chosen:
            return None
        return fixes[0] if fixes and fixes[0].edits else None
    return fixes[0] if len(fixes) == 1 and fixes[0].edits else None


def _chosen(select: Sequence[str] | None) -> frozenset[str]:
    """The rules of :data:`CHOICES` that ``--select`` names by code or name."""
    named = {s.strip().casefold() for s in select or ()}
    return frozenset(c for c, n in CHOICES.items() if c.casefold() in named or n in named)


def _apply(
    text: str, found: Sequence[Diagnostic], chosen: frozenset[str]
) -> tuple[str, list[Diagnostic]]:
    """``text`` with the single fix of each of ``found`` applied, skipping a fix whose edits
    overlap one already taken (it waits for the next pass). Returns the text and the
    findings whose fix was applied."""
    taken: list[tuple[int, int]] = []
    applied: list[Diagnostic] = []
    edits: list[Edit] = []
    for d in sorted(found, key=lambda d: (d.start, d.end, d.code)):
        fix = _single(d, chosen)
        if fix is None:
            continue
        spans = [(e.start, e.end) for e in fix.edits]
        if any(_overlaps(s, t) for s in spans for t in taken):
            continue
        taken.extend(spans)
        edits.extend(fix.edits)
        applied.append(d)
    for e in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[: e.start] + e.new + text[e.end :]
    return text, applied


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two edit spans touch the same text (two insertions at one offset do too:
    their order would be a guess)."""
    if a[0] == a[1] or b[0] == b[1]:
        return a[0] <= b[1] and b[0] <= a[1]
    return a[0] < b[1] and b[0] < a[1]


def _fix_note(
    checker: Checker,
    index: LinkIndex | None,
    found: list[Diagnostic],
    data: bytes,
    shown: str,
    rel: str | None,
    chosen: frozenset[str],
) -> tuple[NoteFixes | None, list[Diagnostic]]:
    """One note's fixes, pass after pass, and its findings after them."""
    note = ParsedNote.from_bytes(data, path=shown)
    text = note.text
    fixed: list[Fixed] = []
    for _ in range(PASSES):
        text, applied = _apply(text, found, chosen)
        if not applied:
            break
        fixed.extend(Fixed(d.code, d.line, d.col, fix.title) for d in applied
                     if (fix := _single(d, chosen)) is not None)  # fmt: skip
        found = checker.check_text(
            note.replace_text(text).to_bytes(), path=shown, rel=rel, index=index
        )
    if not fixed:
        return None, found
    after = note.replace_text(text)
    try:
        _ = after.data  # the frontmatter still parses
    except ScaffoldError:
        return None, checker.check_text(data, path=shown, rel=rel, index=index)
    return NoteFixes(shown, tuple(fixed), data, after.to_bytes()), found


def plan_fixes(
    vault: Path,
    paths: Sequence[Path] = (),
    *,
    config_file: Path | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    fail_on: str | None = None,
    jobs: int | None = None,
) -> FixPlan:
    """Check the notes at ``paths`` (as ``scaffold check`` takes them; none: the whole
    vault) and plan the fixes of every finding with exactly one. Writes nothing."""
    from scaffold.check.diagnostic import sort_key
    from scaffold.check.facade import Checked, check_paths
    from scaffold.check.runner import Checker, CheckReport

    checked = check_paths(
        vault,
        paths,
        config_file=config_file,
        select=select,
        ignore=ignore,
        fail_on=fail_on,
        jobs=jobs,
    )
    by_path: dict[str | None, list[Diagnostic]] = {}
    for d in checked.report.diagnostics:
        by_path.setdefault(d.path, []).append(d)
    chosen = _chosen(select)
    fixable = [p for p, found in by_path.items() if p and any(_single(d, chosen) for d in found)]
    remaining = [d for p, found in by_path.items() if p not in fixable for d in found]
    notes: list[NoteFixes] = []
    changes: list[FileChange] = []
    if fixable:
        checker = Checker(vault, checked.config)
        index = checker.link_index()
        for shown in fixable:
            assert shown is not None
            rel = relative_to_vault(shown, vault)
            if rel is None:  # a note outside the vault: no run of the vault can hold it
                remaining.extend(by_path[shown])
                continue
            data = read_bytes(vault / rel)
            done, left = _fix_note(checker, index, by_path[shown], data, shown, rel, chosen)
            remaining.extend(left)
            if done is not None:
                notes.append(done)
                changes.append(FileChange(vault / rel, done.before, done.after))
    remaining.sort(key=sort_key)
    after = Checked(CheckReport(remaining, checked.report.files), checked.config)
    choices = sum(1 for d in remaining if d.fixes)
    return FixPlan(vault, tuple(notes), after, choices, tuple(changes))


@dataclass(frozen=True, slots=True)
class FixesWritten:
    """A fix plan that was written, as the journalled run ``scaffold undo`` takes back."""

    plan: FixPlan
    run: str | None
    written: tuple[str, ...]


def apply_fixes(plan: FixPlan, *, command: str = "scaffold.fix()") -> FixesWritten:
    """Write ``plan`` as one journalled run, all or nothing; refused whole, before anything
    is written, when a note changed since it was planned
    (:class:`~scaffold.errors.VerifyError`)."""
    from scaffold.bulk.changeset import write_journalled

    if not plan.changes:
        return FixesWritten(plan, None, ())
    done = write_journalled(plan.vault, plan.changes, command=command)
    return FixesWritten(plan, done.run, done.paths)
