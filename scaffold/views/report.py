"""``scaffold report``: one page about the vault.

Notes per type; metrics by age (every field with a ``max_age`` or a history table, dated as
``scaffold stale`` dates them); ``scaffold check``'s findings by code; the notes behind their
type's version (check's M001); and entities that may be one thing written twice:

* an alias on two notes, or one note's alias that is another's name;
* names that fold to the same text: case, accents, punctuation and a trailing company word
  (``Inc``, ``Corp``, ``Platforms``...) aside, so ``Meta Platforms`` and ``Meta`` meet;
* the same external id on two notes of a type: the fields its ``questions.yaml`` flags
  ``external_id: true``, read where they are bound (frontmatter or a cell). Only for a note
  whose type declares none (or that has no type) are the frontmatter keys of
  :data:`ID_KEYS` looked at instead, the fallback of vaults written before the flag.

Markdown (the default) or JSON; the markdown is deterministic for the same vault and day.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scaffold.check.facade import check
from scaffold.errors import ScaffoldError
from scaffold.note.body.inline import strip_markup
from scaffold.note.parsed import ParsedNote
from scaffold.note.values.placeholders import is_placeholder
from scaffold.vault.head import read_aliases
from scaffold.vault.index import find_vault
from scaffold.views.checks import VAULT_RULES
from scaffold.views.freshness import resolve_today, stale
from scaffold.views.query import Entry, VaultNotes, text_of

AGE_BUCKETS: tuple[tuple[str, int | None], ...] = (
    ("under 30 days", 30),
    ("30 to 90 days", 90),
    ("90 days to 6 months", 183),
    ("6 months to 1 year", 366),
    ("over a year", None),
)
"""Each bucket's name and the age in days it stops before (None: no end)."""
UNKNOWN = "unknown"
UNREADABLE = "(unreadable)"
"""The type count of notes whose type cannot be read (their check findings say why)."""

ID_KEYS = ("github", "ticker", "wikidata", "website", "url")
"""The fallback: frontmatter keys taken as external ids in a note whose type declares no
``external_id`` field (or that has no type)."""

COMPANY_WORDS = frozenset(
    {
        "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc",
        "plc", "gmbh", "ag", "sa", "nv", "bv", "holdings", "group", "platforms", "technologies",
        "labs",
    }
)  # fmt: skip
"""Words dropped from the end of a name before names are compared."""


@dataclass(frozen=True, slots=True)
class Duplicate:
    """Notes that may be one entity, and why."""

    reason: str
    """``alias``, ``name`` or ``id``."""
    key: str
    """What they share: the alias, the folded name or ``ticker: META``."""
    notes: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"reason": self.reason, "key": self.key, "notes": list(self.notes)}


@dataclass(slots=True)
class VaultReport:
    today: dt.date
    notes: int = 0
    types: dict[str, int] = field(default_factory=dict)
    ages: dict[str, int] = field(default_factory=dict)
    findings: list[tuple[str, str, int]] = field(default_factory=list)
    """``(code, severity, count)``, by code."""
    behind: list[str] = field(default_factory=list)
    """Notes behind their type's version (check's M001), by path."""
    duplicates: list[Duplicate] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "notes": self.notes,
            "types": self.types,
            "metrics_by_age": self.ages,
            "findings": [{"code": c, "severity": s, "count": n} for c, s, n in self.findings],
            "behind_type_version": self.behind,
            "duplicates": [d.to_dict() for d in self.duplicates],
        }

    def markdown(self) -> str:
        lines = [f"# Vault report ({self.today.isoformat()})", ""]
        lines += [f"{self.notes} notes.", "", "## Notes per type", ""]
        lines += _table(("Type", "Notes"), [(t, str(n)) for t, n in self.types.items()])
        lines += ["", "## Metrics by age", ""]
        lines += _table(("Age", "Metrics"), [(a, str(n)) for a, n in self.ages.items()])
        lines += ["", "## Check findings by code", ""]
        if self.findings:
            rows = [(c, s, str(n)) for c, s, n in self.findings]
            lines += _table(("Code", "Severity", "Findings"), rows)
        else:
            lines.append("None.")
        lines += ["", "## Notes behind their type's version", ""]
        lines += [f"- {p}" for p in self.behind] or ["None."]
        lines += ["", "## Possible duplicates", ""]
        lines += [
            f"- {d.reason} `{d.key}`: " + ", ".join(f"[[{n}]]" for n in d.notes)
            for d in self.duplicates
        ] or ["None."]
        return "\n".join(lines) + "\n"


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    return out + ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows]


def report(
    vault: str | Path | None,
    *,
    today: str | dt.date | None = None,
    default_type: str | None = None,
) -> VaultReport:
    """The report of the vault."""
    root = find_vault(Path.cwd(), Path(vault) if vault is not None else None)
    day = resolve_today(today)
    result = VaultReport(day)
    notes = VaultNotes(root, default_type=default_type)
    types: Counter[str] = Counter()
    for entry in notes.entries:
        note = notes.note(entry)
        result.notes += 1
        types[_type_of(notes, note)] += 1
    result.types = dict(sorted(types.items(), key=lambda kv: (-kv[1], kv[0])))
    ages = dict.fromkeys([name for name, _ in AGE_BUCKETS] + [UNKNOWN], 0)
    for item in stale(root, older_than="0d", today=day, default_type=default_type, everything=True):
        ages[_bucket(item.age_days)] += 1
    result.ages = ages
    found = check(root, vault_rules=VAULT_RULES)["diagnostics"]
    counts: Counter[tuple[str, str]] = Counter((d["code"], d["severity"]) for d in found)
    result.findings = sorted((c, s, n) for (c, s), n in counts.items())
    result.behind = sorted({d["path"] for d in found if d["code"] == "M001"})
    result.duplicates = duplicates(root, notes)
    return result


def _type_of(notes: VaultNotes, note: ParsedNote | None) -> str:
    """The note's type for the count; ``(unreadable)`` for a note whose type cannot be read
    (its findings, counted below, say why)."""
    if note is None:
        return UNREADABLE
    try:
        return notes.planner.type_of(note) or "(none)"
    except ScaffoldError:
        return UNREADABLE


def _bucket(days: int | None) -> str:
    if days is None:
        return UNKNOWN
    for name, end in AGE_BUCKETS:
        if end is None or days < end:
            return name
    return AGE_BUCKETS[-1][0]  # pragma: no cover - the last bucket has no end


def fold_name(name: str) -> str:
    """A name as names are compared: accents, case and punctuation aside, and trailing
    company words dropped (``Meta Platforms, Inc.`` is ``meta``)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    words = re.findall(r"[^\W_]+", text)
    while len(words) > 1 and words[-1] in COMPANY_WORDS:
        words.pop()
    return " ".join(words)


def declared_ids(notes: VaultNotes, type_name: str | None) -> tuple[str, ...]:
    """The fields type ``type_name`` flags ``external_id: true`` (none for no such type)."""
    fields = notes.planner.fields_of_type(type_name)
    return tuple(n for n, f in (fields or {}).items() if f.question.external_id)


def external_ids(
    notes: VaultNotes, entry: Entry, note: ParsedNote, declared: dict[str | None, tuple[str, ...]]
) -> list[tuple[str, str]]:
    """``(field, value)`` of each external id the note holds: its type's declared fields,
    else the frontmatter keys of :data:`ID_KEYS`. ``declared`` caches each type's fields."""
    try:
        type_name = notes.planner.type_of(note)
    except ScaffoldError:
        return []  # frontmatter that does not parse: check's finding says so
    if type_name not in declared:
        declared[type_name] = declared_ids(notes, type_name)
    found: list[tuple[str, str]] = []
    if declared[type_name]:
        for name in declared[type_name]:
            try:
                text = text_of(*notes.read(entry, note, name))
            except ScaffoldError:
                continue
            shown = strip_markup(text).strip() if text is not None else ""
            if shown and not is_placeholder(shown):
                found.append((name, shown))
        return found
    try:
        data = note.data
    except ScaffoldError:
        return found
    for key in ID_KEYS:
        value = data.get(key) if isinstance(data, dict) else None
        if isinstance(value, str | int) and str(value).strip():
            found.append((key, str(value).strip()))
    return found


def duplicates(root: Path, notes: VaultNotes) -> list[Duplicate]:
    declared: dict[str | None, tuple[str, ...]] = {}
    by_alias: dict[str, set[str]] = defaultdict(set)
    by_folded: dict[str, set[str]] = defaultdict(set)
    by_id: dict[str, set[str]] = defaultdict(set)
    stems = {e.stem.casefold(): e.display for e in notes.entries}
    for entry in notes.entries:
        names = [entry.stem]
        for alias in read_aliases(root / entry.rel):
            names.append(alias)
            by_alias[alias.casefold()].add(entry.display)
            owner = stems.get(alias.casefold())
            if owner is not None and owner != entry.display:
                by_alias[alias.casefold()].add(owner)
        for name in names:
            folded = fold_name(name)
            if folded:
                by_folded[folded].add(entry.display)
        note = notes.note(entry)
        if note is None:
            continue
        for key, value in external_ids(notes, entry, note, declared):
            by_id[f"{key}: {value.casefold()}"].add(entry.display)
    found: list[Duplicate] = []
    seen: set[tuple[str, ...]] = set()
    for reason, groups in (("alias", by_alias), ("id", by_id), ("name", by_folded)):
        for key, members in sorted(groups.items()):
            group = tuple(sorted(members, key=str.casefold))
            if len(group) < 2 or (reason == "name" and group in seen):
                continue
            seen.add(group)
            found.append(Duplicate(reason, key, group))
    return found
