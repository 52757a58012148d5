"""R: a managed view region (``scaffold:view``) that ``scaffold render`` would change.

Whether a region is current is a question about the whole vault (the notes it selects, as
they are now), not about the note it is in, so nothing is found note by note here: the
findings come from the views feature (:func:`scaffold.views.checks.out_of_date`), handed to
the check run as a vault rule (:data:`scaffold.check.runner.VaultRule`) by
:func:`scaffold.api.check` and :func:`scaffold.api.check_paths`. This module holds the rule's
code, name, severity and doc, like every other.
"""

from __future__ import annotations

from collections.abc import Iterator

from scaffold.check.context import NoteContext
from scaffold.check.diagnostic import Diagnostic, Severity
from scaffold.check.rule import Rule

OUT_OF_DATE = "R001"

RULES = (
    Rule(
        OUT_OF_DATE,
        "view-out-of-date",
        Severity.INFO,
        "a view region (scaffold:view) is out of date: scaffold render would change it",
    ),
)


def check(ctx: NoteContext) -> Iterator[Diagnostic]:
    """Nothing per note: see the module's doc."""
    return iter(())
