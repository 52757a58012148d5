"""What an update asks for: values for fields or addresses, note by note."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scaffold.errors import ScaffoldError, UsageError


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
    data: object = None
    """A list or mapping given as the value (JSON or YAML input), as plain data
    (:func:`scaffold.bulk.plain.plain`); ``value`` is then its JSON. An update sets single
    values, so such a value must be the place's current one (an export fed back)."""
    header: tuple[str, int, int] | None = None
    """``(FILE, LINE, COLUMN)`` of the header cell that named ``target`` (a wide table's
    column), for an error about the column itself."""


AUTO, FIELD, ADDRESS = "auto", "field", "address"


@dataclass(frozen=True, slots=True)
class InputRow:
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
    (a skipped place), a value that breaks its field's ``monotonic`` or ``max_change``, or
    one that changes its place's kind (text over a number)."""


def parse_assignments(items: Sequence[str]) -> tuple[Assignment, ...]:
    """``TARGET=VALUE`` texts (``--set``) as assignments; the value may hold ``=``."""
    out = []
    for item in items:
        target, eq, value = item.partition("=")
        if not eq or not target.strip():
            raise UsageError(
                f"--set {item!r}: expected TARGET=VALUE",
                hint="e.g. --set license=MIT or --set 'Quick stats > License=MIT'",
            )
        out.append(Assignment(target.strip(), value))
    return tuple(out)


def check_request(
    *, rows: bool, sets: Sequence[Assignment], where: Sequence[str], jobs: int | None
) -> None:
    """The rules of an update request, the same for the CLI and the API: something to do;
    ``set`` (the same values for many notes) only on a selection, never the whole vault by
    default; at least one worker."""
    if not rows and not sets:
        raise UsageError(
            "nothing to update: give --from FILE, or --where and --set",
            hint="scaffold update --help shows both forms (in Python: values=, source= or "
            "set= with where=)",
        )
    if sets and not rows and not where:
        raise UsageError(
            "--set without --from applies to a selection: add --where",
            hint="e.g. --where type:product (--where 'path:*' selects every note)",
        )
    if jobs is not None and jobs < 1:
        raise UsageError("--jobs must be at least 1")
