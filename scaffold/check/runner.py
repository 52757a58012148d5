"""Running the rules: over one buffer, some files, or a whole vault.

Each note is analysed on its own (:func:`analyse`: parse, run the per-note families, pull out
its links and anchors); links are resolved once every note the vault has is indexed. A vault
run analyses notes in worker processes (the machine's cores), since parsing dominates, and
resolves links in the parent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from scaffold.check.config import CheckConfig
from scaffold.check.context import NoteContext, NoteType
from scaffold.check.diagnostic import Diagnostic, Severity, sort_key
from scaffold.check.linkindex import LinkIndex, vault_files
from scaffold.check.registry import FAMILIES, RULES
from scaffold.check.rules import frontmatter as fm_rules
from scaffold.check.rules import links as link_rules
from scaffold.check.suppress import Suppression, keep, suppressions
from scaffold.errors import NoteFileError, NoteParseError, ScaffoldError, UnknownTypeError
from scaffold.note.parsed import ParsedNote
from scaffold.note.wikilinks import Anchors, anchors
from scaffold.vault._os import default_jobs
from scaffold.vault.files import read_bytes, relative_to_vault
from scaffold.vault.head import aliases_in


@dataclass(slots=True)
class NoteFindings:
    """What analysing one note found; everything but link resolution."""

    rel: str | None
    path: str | None
    diagnostics: list[Diagnostic]
    links: list[link_rules.LinkRef]
    anchors: Anchors | None
    aliases: list[str]
    suppressed: tuple[Suppression, ...]


@dataclass(slots=True)
class CheckReport:
    """The findings of one run, sorted, after selection and inline ignores."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)

    def fails(self, threshold: Severity) -> bool:
        """Whether any finding is at or above ``threshold`` (check's exit 1)."""
        return any(d.severity.rank >= threshold.rank for d in self.diagnostics)


class Checker:
    """The rules of one vault, configured; reusable across notes (the language server keeps
    one)."""

    def __init__(
        self, vault: Path | None, config: CheckConfig | None = None, *, fixes: bool = True
    ) -> None:
        self.vault = vault
        self.config = config or CheckConfig()
        self.fixes = fixes
        """Whether the findings carry their fixes. Without, a fix that is made only when
        read (M001's migration) is left out of what a worker sends back, never made."""
        self._types: dict[str, NoteType | None] = {}
        self.severities = {
            code: self.config.severities.get(code, rule.severity) for code, rule in RULES.items()
        }
        self._families = [
            (letter, module)
            for letter, module in FAMILIES.items()
            if letter != "L" and any(c.startswith(letter) for c in self.config.select)
        ]
        self.links_enabled = any(c.startswith("L") for c in self.config.select)

    # -- types ------------------------------------------------------------------------------

    def note_type(self, data: object, rel: str | None) -> NoteType | None:
        """The note's entity type: its ``type:`` key, else the config's ``[types]`` glob."""
        name = data.get("type") if isinstance(data, dict) else None
        if not isinstance(name, str) or not name.strip():
            name = self.config.type_for(rel)
        if not name:
            return None
        name = name.strip()
        if name not in self._types:
            self._types[name] = self._load_type(name)
        return self._types[name]

    def _load_type(self, name: str) -> NoteType | None:
        from scaffold.entities.fields import fields_of
        from scaffold.entities.library import Library

        library = Library(self.vault)
        try:
            ttype = library.get(name)
        except UnknownTypeError:
            return None  # `type: monster` with no such scaffold type: nothing to check
        return NoteType(name, ttype.spec, fields_of(ttype.spec), ttype, library)

    # -- one note ---------------------------------------------------------------------------

    def analyse(
        self,
        data: bytes | str,
        *,
        path: str | None,
        rel: str | None,
        names: LinkIndex | None = None,
    ) -> NoteFindings:
        """Parse one note and run every per-note rule on it. With ``names`` (the vault's
        files), links that name an existing file and no anchor are settled here and left
        out of the result's links."""
        text = data if isinstance(data, str) else data.decode("utf-8", errors="replace")
        ignores = suppressions(text)
        try:
            if isinstance(data, bytes):
                note = ParsedNote.from_bytes(data, path=path)
            else:
                note = ParsedNote(data.removeprefix("\ufeff"), path=path)
        except NoteFileError as exc:
            return NoteFindings(
                rel,
                path,
                [_bare(path, fm_rules.UNREADABLE, exc, self.severities)],
                [],
                None,
                [],
                ignores,
            )
        except NoteParseError as exc:
            return NoteFindings(
                rel,
                path,
                [_bare(path, fm_rules.code_of(exc), exc, self.severities)],
                [],
                None,
                [],
                ignores,
            )
        name = Path(rel or path or "").stem
        ctx = NoteContext(note, path=path, name=name, severities=self.severities)
        found: list[Diagnostic] = list(fm_rules.check(ctx)) if self.config_has("F") else []
        data_ = ctx.data
        if not found:
            ctx.note_type = self.note_type(data_, rel)
        for letter, module in self._families:
            if letter != "F":
                found.extend(module.check(ctx))
        return NoteFindings(
            rel,
            path,
            found,
            link_rules.refs(ctx, _settler(names, rel)) if self.links_enabled else [],
            anchors(note) if self.links_enabled else None,
            aliases_in(data_) if isinstance(data_, dict) else [],
            ignores,
        )

    def config_has(self, letter: str) -> bool:
        return any(c.startswith(letter) for c in self.config.select)

    def finish(
        self,
        result: NoteFindings,
        index: LinkIndex | None,
        extra: Sequence[Diagnostic] = (),
    ) -> list[Diagnostic]:
        """The note's findings with its links resolved, selected and inline ignores applied
        (``extra``: the vault rules' findings in it)."""
        found = [*result.diagnostics, *extra]
        if index is not None and result.links:
            found.extend(
                link_rules.resolve(
                    result.links,
                    index,
                    path=result.path,
                    rel=result.rel,
                    own=result.anchors or Anchors(frozenset(), frozenset()),
                    severities=self.severities,
                )
            )
        selected = [d for d in found if self.config.enabled(d.code)]
        return keep(selected, result.suppressed)

    def check_text(
        self,
        data: bytes | str,
        *,
        path: str | None,
        rel: str | None = None,
        index: LinkIndex | None = None,
    ) -> list[Diagnostic]:
        """Every finding in one buffer (an editor's unsaved text, standard input)."""
        result = self.analyse(data, path=path, rel=rel)
        if index is not None and result.rel is not None:
            # The buffer is the truth for this note, not the file on disk.
            if result.anchors is not None:
                index.anchors[result.rel] = result.anchors
            index.set_aliases(result.rel, result.aliases)
        return sorted(self.finish(result, index), key=sort_key)

    # -- the vault's link index ---------------------------------------------------------------

    def link_index(self, files: Iterable[str] | None = None) -> LinkIndex | None:
        """The vault's names, aliases read from each note's head, anchors read on demand."""
        if self.vault is None or not self.links_enabled:
            return None
        index = LinkIndex.build(self.vault, files)
        index.load_anchors = self.anchors_loader()
        return index

    def anchors_loader(self) -> Callable[[str], Anchors | None]:
        vault = self.vault
        assert vault is not None

        def load(rel: str) -> Anchors | None:
            try:
                # The guarded reader: a FIFO or a link to /dev/zero is refused at once.
                return anchors(ParsedNote.from_bytes(read_bytes(vault / rel), path=rel))
            except (OSError, ScaffoldError):
                return None

        return load


def _bare(
    path: str | None, code: str, exc: ScaffoldError, severities: dict[str, Severity]
) -> Diagnostic:
    """A diagnostic for a file that could not be parsed at all (no note to point into)."""
    line = exc.line or 1
    col = exc.col or 1
    return Diagnostic(path, line, col, line, col + 3, code, severities[code], exc.message, exc.hint)


# -- files and vaults -------------------------------------------------------------------------

_WORKER: Checker | None = None
_NAMES: LinkIndex | None = None
"""The vault's file names (no aliases yet), for workers to settle most links by name."""


def _analyse_file(job: tuple[str, str, str]) -> NoteFindings:
    absolute, shown, rel = job
    assert _WORKER is not None
    try:
        # The guarded reader: a FIFO, a device or a runaway file is refused at once.
        data = read_bytes(Path(absolute))
    except NoteFileError as exc:
        err = NoteFileError(exc.message, path=shown, hint=exc.hint)
        return NoteFindings(
            rel,
            shown,
            [_bare(shown, fm_rules.UNREADABLE, err, _WORKER.severities)],
            [],
            None,
            [],
            (),
        )
    # A link that finds a file by name, with no #anchor, is fine whatever the aliases and
    # headings turn out to be: settled in the worker, the rest go to the parent.
    result = _WORKER.analyse(data, path=shown, rel=rel, names=_NAMES)
    if not _WORKER.fixes:
        result.diagnostics = [_without_unmade_fixes(d) for d in result.diagnostics]
    return result


def _without_unmade_fixes(d: Diagnostic) -> Diagnostic:
    if all(fix.made for fix in d.fixes):
        return d
    return replace(d, fixes=tuple(fix for fix in d.fixes if fix.made))


def _settler(names: LinkIndex | None, rel: str | None) -> Callable[[str], bool] | None:
    if names is None:
        return None
    return lambda target: bool(names.resolve(target, rel))


def _run_jobs(
    checker: Checker, jobs: list[tuple[str, str, str]], workers: int
) -> Iterator[NoteFindings]:
    global _WORKER
    _WORKER = checker
    if workers <= 1 or len(jobs) < 200:
        yield from map(_analyse_file, jobs)
        return
    import multiprocessing

    # fork: the workers inherit the checker (and the type library) without pickling it.
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        yield from pool.imap(_analyse_file, jobs, chunksize=max(16, len(jobs) // (workers * 8)))


VaultRule = Callable[[Path, Sequence[str]], Iterable[Diagnostic]]
"""A rule whose findings depend on the whole vault, not one note (R001: a view region out
of date), given as ``(vault, vault paths of the notes checked)``; each finding's ``path`` is
the note's vault path, its severity is replaced by the configured one."""


def _vault_findings(
    checker: Checker, results: list[NoteFindings], rules: Sequence[tuple[str, VaultRule]]
) -> dict[str, list[Diagnostic]]:
    """The vault rules' findings, by the vault path of the note each is in."""
    found: dict[str, list[Diagnostic]] = {}
    wanted = [(code, rule) for code, rule in rules if checker.config.enabled(code)]
    if checker.vault is None or not wanted:
        return found
    shown = {r.rel: r.path for r in results if r.rel is not None}
    for code, rule in wanted:
        for diag in rule(checker.vault, list(shown)):
            if diag.path in shown:
                found.setdefault(diag.path, []).append(
                    replace(diag, path=shown[diag.path], severity=checker.severities[code])
                )
    return found


def check_files(
    checker: Checker,
    notes: list[Path],
    *,
    shown: dict[Path, str] | None = None,
    whole_vault: bool = False,
    workers: int | None = None,
    vault_rules: Sequence[tuple[str, VaultRule]] = (),
) -> CheckReport:
    """Check notes on disk. With ``whole_vault`` every note of the vault is in ``notes``, so
    aliases and anchors come from this run's own parse (no second read of any file).
    ``vault_rules`` are ``(code, rule)`` pairs, each run once when its code is selected."""
    global _NAMES
    vault = checker.vault
    jobs: list[tuple[str, str, str]] = []
    root = vault.resolve() if vault is not None else None  # once, not once per note
    for path in notes:
        rel = relative_to_vault(path, root, resolved=True)
        if rel is not None and checker.config.excluded(rel):
            continue
        jobs.append((str(path), (shown or {}).get(path, str(path)), rel or path.name))
    index: LinkIndex | None = None
    if checker.links_enabled and vault is not None:
        if whole_vault:
            index = LinkIndex.build(vault, vault_files(vault), aliases={})
            _NAMES = index
        else:
            index = checker.link_index()
    try:
        results = list(_run_jobs(checker, jobs, workers or default_jobs()))
    finally:
        _NAMES = None
    if index is not None and whole_vault:
        for result in results:
            if result.rel is not None:
                index.set_aliases(result.rel, result.aliases)
                if result.anchors is not None:
                    index.anchors[result.rel] = result.anchors
        index.load_anchors = checker.anchors_loader()
    extra = _vault_findings(checker, results, vault_rules)
    report = CheckReport(files=len(results))
    for result in results:
        report.diagnostics.extend(checker.finish(result, index, extra.get(result.rel or "", ())))
    report.diagnostics.sort(key=sort_key)
    return report
