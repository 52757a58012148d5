"""What an edit checks before it is made, so that it does nothing the user did not mean.

* :func:`missing_key` — ``set`` changes what exists: a key it would have to create is an
  error (unless ``--create``) saying what is close, and which table row has that name.
* :func:`type_change` — ``--type auto`` keeps a value's type when the text can have it, and
  otherwise stores a string; this says when that happened (the CLI warns, ``--strict``
  refuses).
* :func:`refuse_breaking_aliases` — a removal must not take away an ``&anchor`` that an
  ``*alias`` left behind still uses.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scaffold.edit.splice import Edit
from scaffold.edit.yaml_scalar import convert
from scaffold.errors import AddressError, ScaffoldError, TargetMissingError, ValueRefusedError
from scaffold.note.addressing import address as addr
from scaffold.note.addressing import matching
from scaffold.note.addressing.resolve import FrontmatterTarget, describe, resolve_table
from scaffold.note.body.inline import fold, strip_markup
from scaffold.note.yaml.nodes import Node

if TYPE_CHECKING:
    from scaffold.note.parsed import ParsedNote as Note

# -- keys set would create ---------------------------------------------------------------


def missing_key(note: Note, target: FrontmatterTarget) -> AddressError:
    """The error for a key ``set`` would have to create: what is close, a table row of that
    name, and ``--create``."""
    error = target.error
    assert error is not None
    name = str(target.missing[0])
    # The candidates of a lookup in a mapping are its keys.
    close = difflib.get_close_matches(name, [str(c) for c in error.candidates], n=3)
    if len(target.path) == 1:
        close += _rows_named(note, name)
    where = describe(target.path[: len(target.steps)]) or "the frontmatter"
    hint = f"to add {name!r} to {where}, pass --create (create=True)"
    if close:
        hint = f"Did you mean {' or '.join(repr(c) for c in close)}? T{hint[1:]}"
    return TargetMissingError(
        f"{error.message}; set creates keys only with --create",
        candidates=tuple(close),
        path=error.path,
        line=error.line,
        col=error.col,
        hint=hint,
    )


def _rows_named(note: Note, name: str) -> list[str]:
    """``SECTION > ROW`` addresses of the table rows called ``name`` (``Downloads`` typed as
    a key is most likely the ``Quick stats > Downloads`` cell)."""
    want = fold(name)
    found: list[str] = []
    for section in note.body.sections:
        if not section.heading or not section.tables:
            continue
        for row in section.tables[0].rows:
            key = row.cells[0].text if row.cells else ""
            shown = next(
                (n for n in (strip_markup(key), *matching.link_names(key)) if fold(n) == want), None
            )
            if shown is None:
                continue
            address = addr.TableAddress(section.heading.name, shown, None, "").spelled()
            try:
                resolved = resolve_table(
                    note, addr.TableAddress(section.heading.name, shown, None, address)
                )
            except ScaffoldError:
                continue
            hit = resolved.table.rows[resolved.row] if resolved.row is not None else None
            if hit is row and address not in found:
                found.append(address)
    return found[:3]


# -- type changes ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TypeChange:
    """``--type auto`` wrote text as a string over a value of another type, because the text
    could not be read as that type (``seven`` over ``7``, ``2026-02-30`` over a date)."""

    was: str
    """The old value's type, in words: ``integer``, ``number``, ``boolean``, ``date``,
    ``date-time``."""
    old: object
    """The old value."""
    text: str
    """The text now stored as a string."""

    @property
    def message(self) -> str:
        """One sentence saying what happened."""
        return (
            f"{self.text!r} is not {_ARTICLE[self.was]} {self.was}, so it replaces the "
            f"{self.was} {_shown(self.old)} as a string"
        )

    @property
    def refusal(self) -> str:
        """The sentence for ``--strict``, which refuses the change."""
        return (
            f"{self.text!r} is not {_ARTICLE[self.was]} {self.was}, and the value it would "
            f"replace is the {self.was} {_shown(self.old)}; --strict keeps the type"
        )

    @property
    def hint(self) -> str:
        return (
            f"to keep the {self.was}, give {_EXAMPLES[self.was]}; --type str stores the text "
            "as a string without this warning; --strict refuses the edit instead"
        )

    def to_dict(self) -> dict[str, object]:
        """The ``type_change`` field of ``--json``."""
        return {"from": self.was, "to": "string", "old": self.old, "value": self.text}


_ARTICLE = {"integer": "an", "number": "a", "boolean": "a", "date": "a", "date-time": "a"}
_EXAMPLES = {
    "integer": "a number such as 42",
    "number": "a number such as 1.5",
    "boolean": "true or false",
    "date": "a valid ISO date such as 2026-01-27",
    "date-time": "an ISO date-time such as 2026-01-27T10:00:00",
}


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return repr(value)


def _type_name(value: object) -> str | None:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, dt.datetime):
        return "date-time"
    if isinstance(value, dt.date):
        return "date"
    return None


def type_change(raw: str, old: Node | None, type_hint: str = "auto") -> TypeChange | None:
    """What ``convert(raw, old, type_hint)`` does to the old value's type, when it turns a
    number, boolean or date into a string; ``None`` when the type is kept (or was asked for
    with ``--type``)."""
    if type_hint != "auto" or old is None or old.kind != "scalar":
        return None
    was = _type_name(old.value)
    if was is None or not isinstance(convert(raw, old, type_hint), str):
        return None
    return TypeChange(was, old.value, raw)


# -- anchors still in use -----------------------------------------------------------------


def refuse_breaking_aliases(note: Note, edits: Sequence[Edit], what: str) -> None:
    """Refuse a removal that takes away an ``&anchor`` an ``*alias`` left behind still uses:
    the alias would be undefined (or stand for an earlier anchor of the same name)."""
    removed = [(e.start, e.end) for e in edits if e.start < e.end]
    nodes = list(_walk(note.nodes))

    def gone(node: Node) -> bool:
        return any(start <= node.start < end for start, end in removed)

    if not any(n.anchor and not n.alias and gone(n) for n in nodes):
        return
    anchors = [n for n in nodes if n.anchor and not n.alias]
    for alias in (n for n in nodes if n.alias and not gone(n)):
        # An alias stands for the last node before it anchored with its name.
        before = [a for a in anchors if a.anchor == alias.anchor and a.start < alias.start]
        if before and gone(max(before, key=lambda a: a.start)):
            raise ValueRefusedError(
                f"cannot remove {what}: it holds the anchor &{alias.anchor}, which the alias "
                f"*{alias.anchor} on line {alias.line} still uses",
                path=note.path,
                line=alias.line,
                col=alias.col,
                hint=f"delete or replace *{alias.anchor} first, or edit the frontmatter by hand",
            )


def _walk(root: Node | None) -> Iterator[Node]:
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        yield node
        stack.extend(node.items)
        for entry in node.entries:
            stack.extend((entry.key, entry.value))
