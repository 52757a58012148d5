"""What an update asks for: values for fields or addresses, note by note."""

from __future__ import annotations

from dataclasses import dataclass

from scaffold.errors import ScaffoldError


@dataclass(frozen=True, slots=True)
class Assignment:
    """Set ``target`` (a field of the note's type, or an address) to ``value``."""

    target: str
    value: str
    as_of: str | None = None
    """The date of the value, for the field's history table (``--as-of``, an ``as_of`` column)."""
    kind: str = "auto"
    """What ``target`` is: :data:`FIELD` (a long input's ``field`` column), :data:`ADDRESS`
    (its ``address`` column), or :data:`AUTO` (wide input, ``--set``): a field when the
    note's type has one of that name, else an address."""
    origin: str = ""
    """``FILE:LINE`` of the input row that gave it, for naming two rows that disagree."""


AUTO, FIELD, ADDRESS = "auto", "field", "address"


@dataclass(frozen=True, slots=True)
class Row:
    """One note's assignments, as one input row (or several long rows) gave them."""

    note: str
    """The note's name: a path, a file stem or an alias, as ``scaffold get`` takes it."""
    assignments: tuple[Assignment, ...]
    origin: str = ""
    """``FILE:LINE`` of the row, for messages."""
    error: ScaffoldError | None = None
    """The row itself is bad (no note column, a value that is a list...)."""


@dataclass(frozen=True, slots=True)
class Options:
    """How notes are edited; the same for every note of a run."""

    create: bool = False
    """Create missing frontmatter keys and table rows (a field's first place)."""
    verbatim: bool = False
    """Write cells exactly as given, without keeping the old cell's emphasis."""
    as_of: str | None = None
    """The default date for history rows."""
    default_type: str | None = None
    """The type of notes whose frontmatter has no ``type:``."""
    diff: bool = False
    """Compute each changed note's unified diff."""
    strict: bool = False
    """Fail, instead of warning: a note where a value could not be written where it lives
    (a skipped place), or a value that breaks its field's ``monotonic`` or ``max_change``."""
