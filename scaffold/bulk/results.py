"""What a bulk run reports: one :class:`NoteResult` per note, in input order, and a
:class:`Summary`. Results are values; a note's failure is a result, never an exception."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scaffold.errors import NeedsForceError, ScaffoldError

NO_FORCE_HINT = (
    "a bulk run has no --force: make the note writable (chmod u+w) and run the command "
    "again, or change it alone with scaffold set --force"
)


def bulk_refusal(error: ScaffoldError) -> ScaffoldError:
    """``error`` as a bulk run says it: a refusal that ``--force`` would lift gets a hint
    that does not offer ``--force``, which ``update``, ``undo`` and ``redo`` do not take."""
    if isinstance(error, NeedsForceError):
        error.hint = NO_FORCE_HINT
    return error


CHANGED = "changed"
"""The note changes (in a dry run: would change)."""
UNCHANGED = "unchanged"
"""Every value already reads as asked; nothing to write."""
SKIPPED = "skipped"
"""None of the places the update names exists in this note."""
FAILED = "failed"
"""The note could not be planned or written; it is left as it was."""

STATUSES = (CHANGED, UNCHANGED, SKIPPED, FAILED)


@dataclass(frozen=True, slots=True)
class ValueChange:
    """One place in one note: what it read, and what it reads after the update."""

    target: str
    """What the input named: a field of the note's type, or an address."""
    address: str
    """The place in the note (a field's place, a history row, or the address itself)."""
    old: Any
    new: Any
    status: str
    """``changed``, ``unchanged`` or ``skipped`` (the note has no such place)."""
    reason: str = ""
    """Why a place was skipped, or a remark (``older than the latest history row``)."""
    warning: str = ""
    """The new value breaks its field's ``monotonic`` or ``max_change`` (both values said),
    or changes the value's kind (:attr:`type_change`)."""
    type_change: dict[str, Any] | None = None
    """The new value is of another kind than the old: ``{"from", "to", "old", "value"}``,
    as ``scaffold set --json`` reports it (``integer`` -> ``string`` in the frontmatter,
    ``number`` -> ``text`` in a cell)."""
    optional: bool = False
    """A skipped place in a section the type writes only when an answer is given, which this
    note does not have: said, but not a value left unwritten (nor a ``--strict`` failure)."""

    kept: bool = False
    """A current-value place left as it is on purpose: the value is dated before the history's
    latest row, so it goes in the history only (a backfill), and the newer value stays."""

    @property
    def unwritten(self) -> bool:
        """A value not written where it lives in this note."""
        return self.status == SKIPPED and not (self.optional or self.kept)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "target": self.target,
            "address": self.address,
            "old": self.old,
            "new": self.new,
            "status": self.status,
        }
        if self.reason:
            data["reason"] = self.reason
        if self.optional:
            data["optional"] = True
        if self.kept:
            data["kept"] = True
        if self.warning:
            data["warning"] = self.warning
        if self.type_change is not None:
            data["type_change"] = self.type_change
        return data


@dataclass(frozen=True, slots=True)
class NoteResult:
    """What became of one note."""

    note: str
    """The note as the input named it."""
    path: str | None
    """Its path in the vault (``/`` separators), or None when the name matched no one note."""
    status: str
    """One of :data:`STATUSES`."""
    changes: tuple[ValueChange, ...] = ()
    error: ScaffoldError | None = None
    origin: str = ""
    """Where the input asked for it (``updates.csv:12``)."""
    written: bool = False
    """The new bytes are on disk (False in a dry run, and for every status but changed)."""
    diff: str | None = None
    """The unified diff (``a/PATH`` ``b/PATH``), when asked for."""
    detail: dict[str, Any] | None = None
    """More keys for :meth:`to_dict`, from the command that planned the note
    (``scaffold migrate``'s ``drift``)."""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "note": self.note,
            "path": self.path,
            "status": self.status,
            "written": self.written,
            "changes": [c.to_dict() for c in self.changes],
        }
        if self.origin:
            data["origin"] = self.origin
        if self.error is not None:
            data["error"] = self.error.to_dict()
        if self.diff is not None:
            data["diff"] = self.diff
        if self.detail:
            data.update(self.detail)
        return data


@dataclass(slots=True)
class Summary:
    """Counts over a run's results, and where its undo journal is."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    written: int = 0
    dry_run: bool = False
    run_id: str | None = None
    """The run's name for ``scaffold undo``, when anything was written."""
    stopped: bool = False
    """``fail_fast`` stopped the run at its first failure."""
    unmatched: list[dict[str, str]] = field(default_factory=list)
    places_skipped: int = 0
    """Values not written where they live (the note has no such place), over every note,
    the notes that changed included."""
    unreadable: list[dict[str, Any]] = field(default_factory=list)
    """Notes that could not be read (permissions, invalid YAML...), so that the selection
    could not tell whether it picks them: ``{"path", "kind", "message", ...}`` each. Not
    failures: a run fails (exit 10) only for notes the input names or the selection picks."""
    type_changes: int = 0
    """Values that change their place's kind (a number replaced by text), each warned."""
    """Notes a ``--where`` comparison left out because their value could not be compared:
    ``{"path", "target", "text", "reason"}`` each."""
    followed: list[str] = field(default_factory=list)
    """Notes that change because the run's notes do (their views re-rendered), by vault
    path: written in the same run (counted in :attr:`written`), or not in a dry run."""

    def add(self, status: str, written: bool = False) -> None:
        self.counts[status] += 1
        self.written += written

    @property
    def failed(self) -> int:
        return self.counts[FAILED]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": True,
            "dry_run": self.dry_run,
            "notes": self.total,
            **self.counts,
            "written": self.written,
            "run": self.run_id,
            "stopped": self.stopped,
            "places_skipped": self.places_skipped,
            "type_changes": self.type_changes,
            "unreadable": len(self.unreadable),
            **({"unreadable_notes": self.unreadable} if self.unreadable else {}),
            **({"unmatched": self.unmatched} if self.unmatched else {}),
            **({"rendered": self.followed} if self.followed else {}),
        }

    @property
    def incomplete(self) -> bool:
        """Something asked was not done: a note failed, or a value was skipped."""
        return bool(self.failed or self.places_skipped or self.counts[SKIPPED])

    def line(self) -> str:
        """One line for people: ``3 to change, 10 unchanged, 1 skipped, 0 failed``."""
        verb = "to change" if self.dry_run or not self.written else "changed"
        parts = [
            f"{self.counts[CHANGED]} {verb}",
            f"{self.counts[UNCHANGED]} unchanged",
            f"{self.counts[SKIPPED]} skipped",
            f"{self.counts[FAILED]} failed",
        ]
        text = ", ".join(parts)
        if self.places_skipped:
            many = self.places_skipped != 1
            text += (
                f"; {self.places_skipped} value{'s' if many else ''} not written: "
                f"{'their places are' if many else 'its place is'} missing (see above)"
            )
        if self.unreadable:
            many = len(self.unreadable) != 1
            text += (
                f"; {len(self.unreadable)} note{'s' if many else ''} could not be read, so "
                f"--where could not test {'them' if many else 'it'} (see above)"
            )
        if self.type_changes:
            many = self.type_changes != 1
            text += (
                f"; {self.type_changes} value{'s' if many else ''} "
                f"change{'' if many else 's'} kind (see the warnings)"
            )
        if self.followed:
            many = len(self.followed) != 1
            done = "to re-render" if self.dry_run or not self.written else "re-rendered"
            text += f"; {len(self.followed)} view note{'s' if many else ''} {done}"
        if self.run_id:
            text += f" (run {self.run_id}; undo with: scaffold undo {self.run_id})"
        return text
