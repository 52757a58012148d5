"""Editing one note in memory: the assignments of one input row, field by field.

Each edit goes through :mod:`scaffold.edit.ops`, so it is spliced, re-parsed and verified
like ``scaffold set``'s. Targets: a name that is a field of the note's type means the field,
and sets every place the field is bound to that the note has (a missing place is skipped and
reported); anything else is an address, and a missing address is an error unless ``create``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from scaffold.bulk import history, sanity
from scaffold.bulk.plain import cell_text, plain
from scaffold.bulk.requests import ADDRESS, FIELD, Assignment, Options
from scaffold.bulk.results import CHANGED, SKIPPED, UNCHANGED, ValueChange
from scaffold.edit import ops
from scaffold.entities.cells import restyle
from scaffold.entities.convert import AnswerProblem
from scaffold.entities.fields import Field
from scaffold.entities.layout import NAME_SLOT, Layout
from scaffold.errors import AddressError, ScaffoldError, TargetMissingError, ValueRefusedError
from scaffold.note.addressing import address as addr
from scaffold.note.addressing import matching
from scaffold.note.addressing.resolve import get, resolve_table
from scaffold.note.body.inline import fold, strip_markup
from scaffold.note.body.model import Table
from scaffold.note.body.tables import escape_cell
from scaffold.note.parsed import ParsedNote
from scaffold.note.yaml.frontmatter import scalar_text


class NoteEdits:
    """The assignments' effect on one note, built up edit by edit."""

    def __init__(self, note: ParsedNote) -> None:
        self.note = note
        self.changes: list[ValueChange] = []
        self.assignment: Assignment | None = None
        """The assignment being applied, for naming it when another one disagrees."""
        self._written: dict[str, tuple[object, Assignment | None]] = {}

    def add(self, change: ValueChange, note: ParsedNote | None = None) -> None:
        if change.status in (CHANGED, UNCHANGED):
            self._agree(change)
        self.changes.append(change)
        if note is not None:
            self.note = note

    def _agree(self, change: ValueChange) -> None:
        """Two values for one place (two rows, or a field and an address it binds) are an
        error naming both; the same value twice is one."""
        key = change.address.casefold()
        seen = self._written.get(key)
        if seen is None:
            self._written[key] = (change.new, self.assignment)
            return
        value, first = seen
        if value == change.new:
            return

        def named(a: Assignment | None) -> str:
            if a is None:
                return "?"
            return f"{a.target}={a.value!r}" + (f" ({a.origin})" if a.origin else "")

        raise ValueRefusedError(
            f"two values for {change.address!r}: {named(first)} and {named(self.assignment)}",
            hint="keep one of them; the note was not changed",
        )


class Editor:
    """Applies assignments to notes, with one run's options. ``layout`` gives a type's
    template layout for a note name (where a missing bound row goes), when it is known."""

    def __init__(
        self,
        options: Options,
        layout: Callable[[str, str], Layout | None] | None = None,
        optional: Callable[[str], frozenset[str]] | None = None,
    ) -> None:
        self.options = options
        self._addresses: dict[str, addr.Address] = {}
        self._layout = layout
        self._optional = optional
        self.type_name: str | None = None

    def apply(
        self,
        note: ParsedNote,
        assignments: tuple[Assignment, ...],
        stem: str,
        type_name: str | None,
        fields: dict[str, Field],
    ) -> NoteEdits:
        """Every assignment applied to ``note`` (whose file stem is ``stem``), in order."""
        outcome = NoteEdits(note)
        self.type_name = type_name
        for assignment in assignments:
            outcome.assignment = assignment
            field = None if assignment.kind == ADDRESS else field_named(fields, assignment.target)
            if field is None and assignment.kind == FIELD:
                raise _not_a_field(assignment.target, type_name, fields)
            if assignment.data is not None:
                self.same_data(outcome, assignment, field, stem)
            elif field is not None:
                self.set_field(outcome, field, assignment, stem, fields)
            else:
                self.set_address(outcome, assignment, type_name, fields)
        return outcome

    def same_data(
        self, out: NoteEdits, assignment: Assignment, field: Field | None, stem: str
    ) -> None:
        """A list or mapping value: an update sets single values, so it is accepted only as
        the place's current value (an export fed back), and is then unchanged."""
        from scaffold.bulk.plain import plain

        places = field.addresses(stem) if field is not None else (assignment.target,)
        for place in places:
            try:
                old = get(out.note, place)
            except AddressError as exc:
                if not is_missing(exc):
                    raise
                continue
            if plain(old) == assignment.data:
                out.add(ValueChange(assignment.target, place, old, old, UNCHANGED))
                return
            what = "list" if isinstance(assignment.data, list) else "mapping"
            raise ValueRefusedError(
                f"{place}: the input gives a {what} ({assignment.value}) that is not the "
                "note's value; an update sets single values",
                hint="change list items with scaffold append / remove, or give the new "
                "value as text",
            )
        raise ValueRefusedError(
            f"{assignment.target}: the input gives a list or mapping, and the note has no "
            "such value; an update sets single values",
            hint="give the value as text (a list's items joined with ', ')",
        )

    # -- fields --------------------------------------------------------------------------

    def set_field(
        self,
        out: NoteEdits,
        field: Field,
        assignment: Assignment,
        stem: str,
        fields: dict[str, Field] | None = None,
    ) -> None:
        before = {id(change) for change in out.changes}
        self._set_field(out, field, assignment, stem, fields)
        question = field.question
        if question.monotonic is None and question.max_change is None:
            return
        for index, change in enumerate(out.changes):
            if id(change) in before or change.status != CHANGED or change.old is None:
                continue
            warning = sanity.problem(question, change.address, change.old, change.new)
            if not warning:
                continue
            if self.options.strict:
                raise ValueRefusedError(
                    warning, hint="check the value; without --strict it is written, with a warning"
                )
            if change.warning:
                warning = f"{change.warning}; {warning}"
            out.changes[index] = replace(change, warning=warning)

    def _set_field(
        self,
        out: NoteEdits,
        field: Field,
        assignment: Assignment,
        stem: str,
        fields: dict[str, Field] | None = None,
    ) -> None:
        try:
            value = field.question.parse(assignment.value)
        except AnswerProblem as exc:
            raise ValueRefusedError(
                f"{field.name}: {assignment.value!r} is refused: {exc}",
                hint=f"give a value the type's question {field.name!r} accepts "
                "(scaffold templates show TYPE lists them)",
            ) from None
        as_of = assignment.as_of or self.options.as_of
        dated = history.parse_as_of(as_of) if as_of else None
        current = True
        if dated is not None and field.history is not None:
            current = self.history_row(out, field, value, dated, stem)
        places = field.places_in(stem, out.note.data)
        found = 0
        for place in places:
            if not current:
                out.add(
                    ValueChange(
                        field.name,
                        place,
                        None,
                        None,
                        SKIPPED,
                        "the date is older than the history's latest row; "
                        "the current value is kept",
                        kept=True,
                    )
                )
                continue
            try:
                self.set_place(out, field, place, value, dated)
            except AddressError as exc:
                if not is_missing(exc):
                    raise
                # The type says the field lives here: make the place, where its template
                # puts it, when the note has the table (or the frontmatter) to hold it.
                if self.create_place(out, field, place, value, fields or {}, stem):
                    found += 1
                    continue
                section = self.optional_section(out.note, place, stem)
                if section is not None:
                    why = f"no {section!r} section: its type writes it only when answered"
                    out.add(ValueChange(field.name, place, None, None, SKIPPED, why, optional=True))
                    continue
                hint = exc.hint or ""
                why = f"{exc.message}; {hint}" if hint else exc.message
                out.add(ValueChange(field.name, place, None, None, SKIPPED, why))
            else:
                found += 1
        if current and places and not found and self.options.create:
            out.changes = [c for c in out.changes if c.address not in places]
            text = _place_text(field, value, places[0])
            self._set(out, field.name, places[0], text, create=True)

    def optional_section(self, note: ParsedNote, place: str, stem: str) -> str | None:
        """The section of ``place`` when the note lacks it and its type's template writes it
        only when an answer is given (so the note has no place there); else None."""
        parsed = self._parse(place)
        if not isinstance(parsed, addr.TableAddress) or self._optional is None:
            return None
        if self.type_name is None:
            return None
        name = stem.casefold()
        headings = {h.replace(NAME_SLOT, name) for h in self._optional(self.type_name)}
        if parsed.section.casefold() not in headings:
            return None
        want = fold(strip_markup(parsed.section))
        if any(s.heading and fold(s.heading.name) == want for s in note.body.sections):
            return None
        return parsed.section

    def create_place(
        self,
        out: NoteEdits,
        field: Field,
        place: str,
        value: object,
        fields: dict[str, Field],
        stem: str,
    ) -> bool:
        """Create a bound place the note lacks: a frontmatter key, or a row in a table the
        note has, placed after the rows that come before it in the type's order. False when
        the note has no table (or section) to hold it."""
        parsed = self._parse(place)
        text = _place_text(field, value, place)
        if isinstance(parsed, addr.FrontmatterAddress):
            if len(parsed.path) != 1 or out.note.block is None:
                return False
            edited = ops.set_value(out.note, place, text, create=True)
            out.add(ValueChange(field.name, place, None, get(edited, place), CHANGED,
                                "a new key: the type binds the field here"), edited)  # fmt: skip
            return True
        if parsed.row is None or parsed.row_pick is not None:
            return False
        try:
            found = resolve_table(out.note, parsed, allow_missing_row=True)
        except AddressError:
            return False  # no such section or table: `scaffold migrate` adds it
        if found.row is not None or found.column is None or found.column == 0:
            return False
        table = found.table
        cells = [""] * len(table.header.cells)
        cells[0] = parsed.row
        cells[found.column] = text
        layout = None
        if self._layout is not None and self.type_name is not None:
            layout = self._layout(self.type_name, stem)
        before = _row_after(table, parsed, field, fields, stem, layout)
        edited = ops.insert_row(out.note, table, before, cells)
        out.add(ValueChange(field.name, place, None, text, CHANGED,
                            "a new row: the type binds the field here"), edited)  # fmt: skip
        return True

    def set_place(
        self, out: NoteEdits, field: Field, place: str, value: object, dated: history.Dated | None
    ) -> None:
        text = _place_text(field, value, place)
        self._set(out, field.name, place, text, create=False, missing_ok=True, dated=dated)

    def history_row(
        self, out: NoteEdits, field: Field, value: object, as_of: history.Dated, stem: str
    ) -> bool:
        """Add or update the dated row; returns whether the current value follows the date."""
        assert field.history is not None
        section = field.history_table(stem) or ""
        note = out.note
        try:
            found = resolve_table(note, addr.TableAddress(section, None, None, section))
            table = found.table
            name = found.section_name or section
            col = (
                matching.find_column(table, field.history.column, name)
                if field.history.column
                else 1
            )
        except AddressError as exc:
            if not is_missing(exc):
                raise
            out.add(ValueChange(field.name, f"{section} >", None, None, SKIPPED, exc.message))
            return True
        if col >= len(table.header.cells) or col == 0:
            raise AddressError(
                f"the history table under {name!r} (line {table.line}) has no value column",
                line=table.line,
                hint="a history table needs a date column and a value column",
            )
        text = _cell_text(field, value)
        plan = history.plan_row(table, col, as_of)
        header = table.header.cells[col].text
        if plan.row is not None:
            cells = table.rows[plan.row].cells
            key = cells[0].text
            where = f"{section} > {key} > {header}"
            old = cells[col].text if col < len(cells) else ""
            new_text = restyle(old, text, verbatim=self.options.verbatim)
            if new_text == old:
                out.add(ValueChange(field.name, where, old, old, UNCHANGED))
            else:
                change = self._kind_checked(ValueChange(field.name, where, old, new_text, CHANGED))
                edited = ops.set_cell(note, table, plan.row, col, new_text)
                out.add(change, edited)
            return plan.latest
        row = [plan.filler] * len(table.header.cells)
        row[0] = plan.date_text
        row[col] = text
        edited = ops.insert_row(note, table, plan.before, row)
        where = f"{section} > {plan.date_text} > {header}"
        if plan.order is None:
            why = "a new row, added at the end: the table's dates are in no order"
        elif plan.before is not None:
            why = f"a new row, in date order ({plan.order}) at line {table.rows[plan.before].line}"
        else:
            why = "a new row"
        out.add(ValueChange(field.name, where, None, text, CHANGED, why), edited)
        return plan.latest

    # -- addresses -----------------------------------------------------------------------

    def set_address(
        self,
        out: NoteEdits,
        assignment: Assignment,
        type_name: str | None,
        fields: dict[str, Field],
    ) -> None:
        try:
            as_of = assignment.as_of or self.options.as_of
            self._set(out, assignment.target, assignment.target, assignment.value,
                      create=self.options.create,
                      dated=history.parse_as_of(as_of) if as_of else None)  # fmt: skip
        except AddressError as exc:
            if (
                assignment.kind == ADDRESS
                and is_missing(exc)
                and field_named(fields, assignment.target)
            ):
                raise AddressError(
                    f"{exc.message} (the input's 'address' column names an address, and "
                    f"this one is also a field of {type_name})",
                    line=exc.line,
                    hint=f"to set the field {assignment.target!r} in every place it lives, "
                    "head the column 'field'; to add the key, pass --create",
                ) from None
            raise _unknown_target(exc, assignment.target, type_name, fields, out.note) from None

    def _set(
        self,
        out: NoteEdits,
        target: str,
        address: str,
        text: str,
        *,
        create: bool,
        missing_ok: bool = False,
        dated: history.Dated | None = None,
    ) -> None:
        note = out.note
        parsed = self._parse(address)
        if isinstance(parsed, addr.FrontmatterAddress):
            self._set_frontmatter(out, target, address, text, create=create)
            return
        if parsed.row is None:
            raise ValueRefusedError(
                f"{address!r} names a whole table, not a cell",
                hint="name a cell: SECTION > ROW or SECTION > ROW > COLUMN",
            )
        found = resolve_table(note, parsed, allow_missing_row=create and not missing_ok)
        table, r, c = found.table, found.row, found.column
        assert c is not None
        if r is None:  # --create: a new row keyed by the address's row
            edited = ops.set_value(note, address, text, create=True)
            out.add(ValueChange(target, address, None, text, CHANGED, "a new row"), edited)
            return
        cells = table.rows[r].cells
        old = cells[c].text if c < len(cells) else ""
        new_text = restyle(old, escape_cell(text).strip(), verbatim=self.options.verbatim)
        if not self.options.verbatim:
            new_text = history.redate(old, new_text, dated)
        if new_text == old:
            out.add(ValueChange(target, address, old, old, UNCHANGED))
            return
        reason = ""
        if dropped := history.dropped_date(old, new_text):
            reason = (
                f"the old value's date {dropped} is dropped with it; "
                "--as-of DATE dates the new value"
            )
        change = self._kind_checked(ValueChange(target, address, old, new_text, CHANGED, reason))
        edited = ops.set_cell(note, table, r, c, new_text)
        out.add(change, edited)

    def _kind_checked(self, change: ValueChange) -> ValueChange:
        """``change`` (of a cell) with its kind change warned; refused with ``--strict``."""
        kind = sanity.cell_kind_change(change.old, change.new)
        if kind is None:
            return change
        said = (
            f"{change.address}: {change.new!r} is not a number, so it replaces the number "
            f"{change.old!r} as text"
        )
        if self.options.strict:
            raise ValueRefusedError(
                f"{change.address}: {change.new!r} is not a number, and the value it would "
                f"replace is the number {change.old!r}; --strict keeps the kind",
                hint=_STRICT_KIND_HINT,
            )
        return replace(change, warning=said, type_change=kind)

    def _set_frontmatter(
        self, out: NoteEdits, target: str, address: str, text: str, *, create: bool
    ) -> None:
        note = out.note
        try:
            old = get(note, address)
        except AddressError as exc:
            if not create or not is_missing(exc):
                raise
            old, present = None, False
        else:
            present = True
        if isinstance(old, list | dict) and text == cell_text(plain(old)):
            out.add(ValueChange(target, address, old, old, UNCHANGED))  # an export fed back
            return
        if isinstance(old, list | dict):
            raise ValueRefusedError(
                f"{address!r} is a {'list' if isinstance(old, list) else 'mapping'}; "
                "an update sets single values",
                hint="address one item (aliases.0), or use scaffold append / remove",
            )
        if present and scalar_text(old) == text:
            out.add(ValueChange(target, address, old, old, UNCHANGED))
            return
        kind = ops.type_change(note, address, text) if present else None
        if kind is not None and self.options.strict:
            raise ValueRefusedError(f"{address}: {kind.refusal}", hint=_STRICT_KIND_HINT)
        # The key is missing only when --create allowed it (checked above).
        edited = ops.set_value(note, address, text, create=not present)
        if edited.text == note.text:
            out.add(ValueChange(target, address, old, old, UNCHANGED))
            return
        new = get(edited, address)
        change = ValueChange(target, address, old, new, CHANGED)
        if kind is not None:
            change = replace(
                change, warning=f"{address}: {kind.message}", type_change=kind.to_dict()
            )
        out.add(change, edited)

    def _parse(self, address: str) -> addr.Address:
        # Every note of a run names the same few addresses: parse each once.
        parsed = self._addresses.get(address)
        if parsed is None:
            parsed = self._addresses[address] = addr.parse(address)
        return parsed


_STRICT_KIND_HINT = (
    "give a value of the same kind, or drop --strict to write it with a warning; "
    "scaffold set --type str writes text over a number on purpose"
)


def _row_after(
    table: Table,
    target: addr.TableAddress,
    field: Field,
    fields: dict[str, Field],
    stem: str,
    layout: Layout | None,
) -> int | None:
    """Where a new bound row goes in ``table`` (None: at the end): after the nearest row the
    template writes before it, else before the nearest one it writes after it. The order is
    the template's (``layout``), else the type's question order."""
    assert target.row is not None
    order = list(layout.rows(target.section)) if layout is not None else []
    want = target.row.casefold()
    if want not in order:
        order = []
        for other in fields.values():
            for place in other.addresses(stem):
                parsed = _table_address(place)
                if parsed is not None and parsed.section.casefold() == target.section.casefold():
                    order.append((parsed.row or "").casefold())
        if want not in order:
            return None
    mine = order.index(want)
    present: dict[int, int] = {}  # index in the order -> row index in the table
    for index, key in enumerate(order):
        if index == mine:
            continue
        try:
            present[index] = matching.find_row(table, key, target.section)
        except AddressError:
            continue
    earlier = [row for index, row in present.items() if index < mine]
    later = [row for index, row in present.items() if index > mine]
    if earlier:
        after = max(earlier) + 1
        return after if after < len(table.rows) else None
    return min(later) if later else None


def _table_address(place: str) -> addr.TableAddress | None:
    try:
        parsed = addr.parse(place)
    except ScaffoldError:
        return None
    return parsed if isinstance(parsed, addr.TableAddress) and parsed.row else None


def field_named(fields: dict[str, Field], target: str) -> Field | None:
    if target in fields:
        return fields[target]
    folded = target.casefold()
    return next((f for name, f in fields.items() if name.casefold() == folded), None)


def is_missing(exc: AddressError) -> bool:
    """Whether the address names nothing this note has (a place to skip, or to create);
    ambiguity and every other address error are the address's own problem."""
    return isinstance(exc, TargetMissingError)


def _unknown_target(
    exc: AddressError,
    target: str,
    type_name: str | None,
    fields: dict[str, Field],
    note: ParsedNote,
) -> AddressError:
    """A missing frontmatter key that was probably meant as a field gets a better message."""
    try:
        parsed = addr.parse(target)
    except ScaffoldError:
        return exc
    if not isinstance(parsed, addr.FrontmatterAddress) or len(parsed.path) != 1:
        return exc
    if not target.isidentifier():  # not a field name: the missing key says it all
        return exc
    if not is_missing(exc):  # a one-key frontmatter address: missing means no such key
        return exc
    import difflib

    keys = [str(k) for k in note.data] if isinstance(note.data, dict) else []
    names = [*fields, *keys]
    close = difflib.get_close_matches(target, names, n=3, cutoff=0.6)
    if type_name is None:
        what = "the note has no type: in its frontmatter, so it has no fields"
    elif not fields:
        what = f"type {type_name!r} has no fields"
    else:
        what = f"fields of {type_name}: {', '.join(fields)}"
    hint = f"Did you mean {' or '.join(close)}? " if close else ""
    return AddressError(
        f"{target!r} is neither a field of the note's type nor a frontmatter key it has",
        candidates=tuple(close),
        line=exc.line,
        hint=f"{hint}{what}; pass --create to add the key",
    )


def _not_a_field(target: str, type_name: str | None, fields: dict[str, Field]) -> AddressError:
    """A long input's ``field`` column named something that is no field of the note's type."""
    import difflib

    close = difflib.get_close_matches(target, list(fields), n=3, cutoff=0.6)
    if type_name is None:
        what = "the note has no type: in its frontmatter, so it has no fields"
    else:
        what = f"fields of {type_name}: {', '.join(fields) or 'none'}"
    mean = f"Did you mean {' or '.join(close)}? " if close else ""
    return AddressError(
        f"{target!r} is not a field of the note's type",
        candidates=tuple(close),
        hint=f"{mean}{what}; a column headed 'address' takes any address",
    )


def _cell_text(field: Field, value: object) -> str:
    """A field's value as its template writes it in a cell."""
    from scaffold.entities.library import cell, link, links

    if field.question.type == "wikilink":
        return link(value)
    if field.question.type == "wikilinks":
        return links(value)
    return cell(value)


def _place_text(field: Field, value: object, place: str) -> str:
    if ">" in place:
        return _cell_text(field, value)
    if isinstance(value, list):
        if all(isinstance(item, str) for item in value):
            return ", ".join(value)  # the same list reads back unchanged; another is refused
        raise ValueRefusedError(
            f"{field.name} is a list in the frontmatter; an update sets single values",
            hint="use scaffold append / remove for list items",
        )
    return scalar_text(value)
