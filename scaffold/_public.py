"""Where each name of the public API lives, for the names loaded on first use.

One table serves both ``scaffold.api`` and the top-level ``scaffold`` package, so that
``scaffold.export`` imports :mod:`scaffold.bulk.facade` directly (one hop) and ``scaffold get``
does not pay for multiprocessing, the journal, the checker or the templates at start-up. This
module imports nothing.
"""

from __future__ import annotations

import importlib

LAZY = {  # name -> its module, or "module:attribute" where the name differs
    "describe_type": "scaffold.entities.catalog:describe",
    "describe_type_text": "scaffold.entities.catalog:describe_text",
    "move_note": "scaffold.refactor.facade:move",
    "merge_notes": "scaffold.refactor.facade:merge",
    **dict.fromkeys(
        ("Plan", "Report", "apply_plan", "export", "redo", "runs", "undo"),
        "scaffold.bulk.facade",
    ),
    **dict.fromkeys(
        (
            "ChartResult",
            "NoteHistory",
            "chart",
            "history",
            "history_csv",
            "history_export",
            "history_lines",
        ),
        "scaffold.metrics.facade",
    ),
    **dict.fromkeys(
        ("EditResult", "get_value", "note_path", "outline", "place_of", "places", "text", "where"),
        "scaffold.notefiles.facade",
    ),
    **dict.fromkeys(
        (
            "FixPlan",
            "FixesWritten",
            "MergePlan",
            "Merged",
            "MovePlan",
            "Moved",
            "apply_fixes",
            "apply_merge",
            "apply_move",
            "plan_fixes",
            "plan_merge",
            "plan_move",
            "Backlink",
            "NoteEdits",
            "RenamePlan",
            "Span",
            "alias_at",
            "apply_rename",
            "backlinks",
            "link_leads_to",
            "move_edits",
            "plan_alias_rename",
            "plan_heading_rename",
        ),
        "scaffold.refactor.facade",
    ),
    # update, migrate, new_note and check are scaffold.api's own: they re-render the views
    # their changes affect (or, for check, report the ones out of date).
    "type_list": "scaffold.entities.catalog",
    "note_types": "scaffold.notefiles.entities",
    **dict.fromkeys(
        ("address_candidates", "field_names", "note_names", "question_names", "type_names"),
        "scaffold.notefiles.candidates",
    ),
    **dict.fromkeys(("Refresh", "RenderReport", "refreshes", "render"), "scaffold.views.facade"),
    **dict.fromkeys(
        ("Freshness", "metric_hints", "stale", "write_stale"), "scaffold.views.freshness"
    ),
    **dict.fromkeys(("VaultReport", "report"), "scaffold.views.report"),
}


def load(name: str) -> object:
    """The object a lazily loaded public name stands for (KeyError when it is not one)."""
    module, _, attr = LAZY[name].partition(":")
    return getattr(importlib.import_module(module), attr or name)
