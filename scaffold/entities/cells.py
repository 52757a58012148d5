"""How a field's value sits in a table cell: its emphasis, and the value a cell states.

House-style notes emphasise some values (``| Downloads | **1.2B+** (Apr 2025) |``). A cell's
*emphasis* is the markup around its leading value (``**`` here); the *value it states* is the
text inside that markup (``1.2B+``). The updater keeps the emphasis when it writes a plain
value, and the generator's round-trip check accepts a place that states the bound value.
"""

from __future__ import annotations

from scaffold.note.body.inline import MARKERS, split_emphasis, strip_markup

__all__ = ["MARKERS", "is_plain", "restyle", "split_emphasis", "stated_value", "states"]


def stated_value(cell: str) -> str:
    """The value a cell states: the text inside its leading emphasis, or the whole cell."""
    return split_emphasis(cell)[1]


def is_plain(value: str) -> bool:
    """True when ``value`` carries no inline markup (so the old cell's emphasis applies)."""
    return strip_markup(value) == " ".join(value.split()) and not value.startswith(("*", "_"))


def restyle(old: str, new: str, *, verbatim: bool = False) -> str:
    """The cell text to write for ``new`` over the cell ``old``.

    - A cell that already states ``new`` is kept as it is, annotation included
      (``**1.2B+** (Apr 2025)`` states ``1.2B+`` and ``**1.2B+**``), so writing back what
      was read changes nothing.
    - A plain ``new`` takes the old cell's emphasis: ``**1.2B+**`` and ``1.3B+`` give
      ``**1.3B+**``. The old cell's trailing annotation is not carried over.
    - ``new`` with markup of its own, an empty ``new`` and ``verbatim`` are written as given.
    """
    if verbatim or new == old:
        return new
    if new and states(old, new):
        return old
    marker = split_emphasis(old)[0]
    if not new or not marker or not is_plain(new):
        return new
    return f"{marker}{new}{marker}"


def states(cell: str, value: str) -> bool:
    """Whether ``cell`` states ``value``: it is ``value``, or ``value`` with a trailing
    ``(annotation)`` (``1.2B+ (Apr 2025)``); or ``value`` is the text inside the cell's
    leading emphasis, bare or with that same emphasis (``**1.2B+**``)."""
    if cell == value:
        return True
    marker, inner, _ = split_emphasis(cell)
    if not marker:
        rest = cell[len(value) :] if value and cell.startswith(value) else ""
        return rest.startswith(" (") and rest.endswith(")") and rest.count("(") == 1
    if value == inner:
        return True
    v_marker, v_inner, v_rest = split_emphasis(value)
    return v_marker == marker and v_inner == inner and not v_rest
