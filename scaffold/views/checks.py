"""``scaffold check``'s R001: the view regions that ``scaffold render`` would change.

A vault rule (:data:`scaffold.check.runner.VaultRule`): each checked note with view markers
has its well-formed regions rendered over the vault as it is, and a region whose bytes would
differ is one finding, over its opening marker's line. Malformed markers are not this rule's:
``scaffold render`` reports them with their line.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from scaffold.check.diagnostic import Diagnostic
from scaffold.check.rules.views import OUT_OF_DATE, RULES
from scaffold.check.runner import VaultRule
from scaffold.views.query import VaultNotes, render_region, run_view
from scaffold.views.regions import find_regions


def out_of_date(vault: Path, paths: Sequence[str]) -> Iterator[Diagnostic]:
    """A finding for each region of the notes at ``paths`` (vault paths) that is out of date."""
    notes = VaultNotes(vault)
    wanted = set(paths)
    for entry in notes.entries:
        if entry.rel not in wanted:
            continue
        data = notes.raw(entry)
        if data is None or b"scaffold:view" not in data:
            continue
        note = notes.note(entry)
        if note is None:
            continue
        regions, _ = find_regions(note)
        for region in regions:
            rows = run_view(region.view, notes)
            content = render_region(region.view, rows, region.eol)
            if note.text[region.content_start : region.content_end] == content:
                continue
            start = note.lines.starts[region.line - 1]
            end = note.lines.next_start(region.line - 1)
            line_text = note.text[start:end].rstrip("\r\n")
            yield Diagnostic(
                entry.rel,
                region.line,
                1,
                region.line,
                len(line_text) + 1,
                OUT_OF_DATE,
                RULES[0].severity,
                f"this view is out of date: scaffold render would change it "
                f"({len(rows)} note{'' if len(rows) == 1 else 's'} selected now)",
                f"run: scaffold render {entry.rel}",
                (),
                start,
                start + len(line_text),
            )


VAULT_RULES: tuple[tuple[str, VaultRule], ...] = ((OUT_OF_DATE, out_of_date),)
"""The vault rules the views feature gives ``scaffold check``."""


__all__ = ["VAULT_RULES", "out_of_date"]
