"""The MCP server: scaffold's addressed, verified and journalled edits as tools for agents.

Each tool is one call into :mod:`scaffold.api` and returns what that call returns, as data.
``scaffold/mcp/`` is the only package that imports the MCP SDK, and only ``scaffold mcp``
imports it. The server serves one vault and nothing outside it: every note argument is a
note name or a vault-relative path, refused when it leads out of the vault
(:mod:`scaffold.vault.confine`). A failure is the ``--json`` error object
(``kind``, ``message``, ``hint``, ``path``, ``line``, ``col``), never a traceback.

Writes go through the one write path: stale check, read-back verification, a journalled run
that ``undo`` takes back. ``update`` plans and returns the plan's id; ``apply_plan`` writes the
plan, and only if none of its notes changed since it was made.
"""

from __future__ import annotations

import functools
import json
import logging
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError
from mcp_types import CallToolResult, TextContent, ToolAnnotations

from scaffold import api
from scaffold._version import __version__
from scaffold.errors import EXIT_INTERNAL, ScaffoldError, UsageError

log = logging.getLogger(__name__)

READ_TOOLS = (
    "outline", "get", "where", "check", "templates", "fields", "runs", "history", "stale",
    "report",
)  # fmt: skip
WRITE_TOOLS = (
    "set", "append", "remove", "delete", "rename", "new", "update", "apply_plan", "undo",
    "render", "move", "merge",
)  # fmt: skip
PLANS_KEPT = 32
"""How many plans the server remembers (the oldest is forgotten first)."""

INSTRUCTIONS = """\
scaffold edits Obsidian-style entity notes (markdown with YAML frontmatter and tables) one
value at a time: read a note's addresses with `outline`, read one with `get`, and change it
with `set`, `append`, `remove` or `delete`; every other byte of the note is kept. Addresses:
KEY or KEY.SUB for frontmatter, 'SECTION > ROW' or 'SECTION > ROW > COLUMN' for a table cell.
Notes are named by note name (like a [[link]]) or by their path in the vault. For many notes
use `update` (it returns a plan with a diff) and then `apply_plan`; `undo` takes a run back.
`fields TYPE` says which fields a type has and where they live. `history` reads a metric's
dated series, `stale` lists the metrics past their age, `report` sums up the vault. `move`
renames a note and rewrites every link to it, `merge` folds one note into another, `render`
refreshes the managed views: each returns its plan and diff first (dry_run, the default),
and writes one run that `undo` takes back. Errors are JSON objects with kind, message, hint,
path, line and col."""


def _error(err: ScaffoldError) -> CallToolResult:
    data = {"ok": False, "error": err.to_dict()}
    return CallToolResult(
        content=[TextContent(type="text", text=json.dumps(data, ensure_ascii=False))],
        structured_content=data,
        is_error=True,
    )


def _internal(exc: Exception) -> ScaffoldError:
    """A bug in scaffold, reported as data (the traceback goes to the server's log)."""
    log.exception("scaffold mcp: internal error")
    err = ScaffoldError(
        f"internal error: {type(exc).__name__}: {exc}",
        hint="this is a bug in scaffold; the server's log (standard error) has the traceback",
    )
    err.kind = "internal"
    err.exit_code = EXIT_INTERNAL
    return err


def _translated(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The tool ``fn``, with scaffold's errors returned as the structured ``--json`` error."""

    @functools.wraps(fn)
    def tool(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ScaffoldError as err:
            return _error(err)
        except Exception as exc:
            return _error(_internal(exc))

    return tool


def _plain(value: dict[str, Any]) -> dict[str, Any]:
    """A result as JSON holds it (dates as ISO text)."""
    plain: dict[str, Any] = json.loads(json.dumps(value, ensure_ascii=False, default=_default))
    return plain


def _default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def build(vault: Path, *, read_only: bool = False) -> MCPServer:
    """The server for ``vault``, with every tool (only the reading ones when ``read_only``)."""
    server: MCPServer = MCPServer(
        name="scaffold", version=__version__, instructions=INSTRUCTIONS, log_level="WARNING"
    )
    plans: OrderedDict[str, api.Plan] = OrderedDict()
    reading = ToolAnnotations(read_only_hint=True, open_world_hint=False)
    writing = ToolAnnotations(read_only_hint=False, destructive_hint=False, open_world_hint=False)

    def tool(name: str, description: str, *, writes: bool = False) -> Callable[..., Any]:
        def register(fn: Callable[..., Any]) -> Callable[..., Any]:
            if writes and read_only:
                return fn
            server.add_tool(
                _translated(fn),
                name=name,
                description=description,
                annotations=writing if writes else reading,
            )
            return fn

        return register

    def edit(
        operation: str, note: str, address: str, values: list[str], **options: Any
    ) -> dict[str, Any]:
        result = api.edit_note(
            vault,
            note,
            operation,
            address,
            values,
            command=f"scaffold mcp {operation} {note!r} {address!r}",
            **options,
        )
        return _plain({"ok": True, **result.to_dict()})

    # -- reading -------------------------------------------------------------------------

    @tool("outline", "Every address in a note, with its value, kind and position (1-based).")
    def outline(note: str) -> dict[str, Any]:
        places = api.outline(vault, note)
        return _plain({"ok": True, "note": note, "places": [p.to_dict() for p in places]})

    @tool("get", "The value at an address: a cell's markdown, frontmatter data, a table's rows.")
    def get(note: str, address: str) -> dict[str, Any]:
        value = api.get_value(vault, note, address)
        return _plain({"ok": True, "note": note, "address": address, "value": value})

    @tool("where", "The address and value at a 1-based line and column (characters) of a note.")
    def where(note: str, line: int, col: int | None = None) -> dict[str, Any]:
        return _plain({"ok": True, "note": note, **api.where(vault, note, line, col).to_dict()})

    @tool(
        "check",
        "Check notes against scaffold's rules; paths are vault-relative notes or folders "
        "(none: the whole vault). Returns the findings as data.",
    )
    def check(
        paths: list[str] | None = None,
        select: list[str] | None = None,
        ignore: list[str] | None = None,
    ) -> dict[str, Any]:
        return _plain(api.check(vault, paths or (), select=select, ignore=ignore))

    @tool("templates", "The entity types of the vault (for `new` and `fields`).")
    def templates() -> dict[str, Any]:
        return _plain({"ok": True, "types": api.type_list(vault)})

    @tool(
        "fields",
        "A type's questions (the answers `new` takes) and its fields: the names `update` "
        "takes, with the addresses (places) each is written to ({{ name }} is the note name).",
    )
    def fields(type: str) -> dict[str, Any]:
        return _plain({"ok": True, **api.describe_type(vault, type)})

    @tool("runs", "The recorded runs (each write is one), newest first, for `undo`.")
    def runs() -> dict[str, Any]:
        return _plain({"ok": True, "runs": api.runs(vault)})

    @tool(
        "history",
        "A note's dated history of a field (every field with a history table when none is "
        "named), oldest first, each value read as a number where it is one.",
    )
    def history(note: str, field: str | None = None) -> dict[str, Any]:
        return _plain({"ok": True, **api.history(vault, note, field).to_dict()})

    @tool(
        "stale",
        "The metrics past their field's max_age (or older than older_than: 90d, 6mo, 1y), "
        "oldest first, dated by their history or their (Apr 2025) note, never the file's "
        "time; where selects notes as update's where does. Notes that cannot be read are "
        "listed apart.",
    )
    def stale(
        older_than: str | None = None, where: list[str] | None = None, today: str | None = None
    ) -> dict[str, Any]:
        left: list[ScaffoldError] = []
        items = api.stale(
            vault, older_than=older_than, where=where or (), today=today, on_left_out=left.append
        )
        return _plain(
            {
                "ok": True,
                "metrics": [i.to_dict() for i in items],
                "left_out": [e.to_dict() for e in left],
            }
        )

    @tool("report", "One page on the vault: notes per type, metric ages, findings, duplicates.")
    def report(today: str | None = None) -> dict[str, Any]:
        return _plain({"ok": True, **api.report(vault, today=today).to_dict()})

    # -- writing -------------------------------------------------------------------------

    @tool(
        "set",
        "Set a frontmatter value or a table cell; every other byte of the note is kept. "
        "type: auto (keep the old value's type), str, int, float, bool, date, null; create: "
        "add a missing key or row; strict: refuse a value auto would store as a string over "
        "a number, boolean or date. Returns what changed, the diff and the run (for undo).",
        writes=True,
    )
    def set_(
        note: str,
        address: str,
        value: str,
        type: str = "auto",
        create: bool = False,
        strict: bool = False,
        dry_run: bool = False,
    ) -> dict[str, Any]:
        return edit(
            "set",
            note,
            address,
            [value],
            type_hint=type,
            create=create,
            strict=strict,
            dry_run=dry_run,
        )

    @tool(
        "append",
        "Append items to a frontmatter list, or a row to a table ('SECTION >': one value "
        "per cell).",
        writes=True,
    )
    def append(
        note: str, address: str, values: list[str], type: str = "auto", dry_run: bool = False
    ) -> dict[str, Any]:
        return edit("append", note, address, values, type_hint=type, dry_run=dry_run)

    @tool("remove", "Remove an item from a frontmatter list.", writes=True)
    def remove(note: str, address: str, value: str, dry_run: bool = False) -> dict[str, Any]:
        return edit("remove", note, address, [value], dry_run=dry_run)

    @tool("delete", "Delete a frontmatter key or list item, or a table row.", writes=True)
    def delete(note: str, address: str, dry_run: bool = False) -> dict[str, Any]:
        return edit("delete", note, address, [], dry_run=dry_run)

    @tool("rename", "Rename a frontmatter key in place.", writes=True)
    def rename(note: str, address: str, new_key: str, dry_run: bool = False) -> dict[str, Any]:
        return edit("rename", note, address, [new_key], dry_run=dry_run)

    @tool(
        "new",
        "Create a note of a type from answers (see `fields` for the questions), as "
        "`scaffold new TYPE --answers`; dry_run returns the note's content unwritten.",
        writes=True,
    )
    def new(
        type: str, answers: dict[str, Any], dry_run: bool = False, link_back: bool | None = None
    ) -> dict[str, Any]:
        created = api.new_note(vault, type, answers, dry_run=dry_run, link_back=link_back)
        return _plain({"ok": True, **created})

    @tool(
        "update",
        "Plan an update of many notes: rows like {'note': 'Llama', 'downloads': '1.3B+'} "
        "(a field of the note's type, or an address), or `set` values for every note that "
        "matches `where` (e.g. ['type=product']). Returns the plan's id, each note's result "
        "and diff; nothing is written until `apply_plan` (or dry_run=false, which applies at "
        "once).",
        writes=True,
    )
    def update(
        rows: list[dict[str, Any]] | None = None,
        where: list[str] | None = None,
        set: dict[str, Any] | None = None,
        create: bool = False,
        as_of: str | None = None,
        dry_run: bool = True,
    ) -> dict[str, Any]:
        plan = api.plan(
            vault,
            rows,
            where=where,
            set=set,
            create=create,
            as_of=as_of,
            command="scaffold mcp update",
        )
        plans[plan.id] = plan
        while len(plans) > PLANS_KEPT:
            plans.popitem(last=False)
        if dry_run:
            return _plain({"ok": True, **plan.to_dict()})
        return _applied(plan)

    @tool(
        "apply_plan",
        "Write a plan made by `update`, all or nothing: refused when any of its notes "
        "changed since the plan was made. Returns the run (for undo).",
        writes=True,
    )
    def apply_plan(plan: str) -> dict[str, Any]:
        found = plans.get(plan)
        if found is None:
            raise UsageError(
                f"no plan {plan!r} (plans last while the server runs; it keeps the "
                f"{PLANS_KEPT} newest)",
                hint="make it again with update",
            )
        return _applied(found)

    def _applied(plan: api.Plan) -> dict[str, Any]:
        report = api.apply_plan(plan)
        plans.pop(plan.id, None)
        return _plain(
            {
                "ok": report.ok,
                "plan": plan.id,
                "run": report.summary.run_id,
                "results": [r.to_dict() for r in report.results],
                "summary": report.summary.to_dict(),
            }
        )

    @tool(
        "undo",
        "Undo a run (default: the newest not yet undone), note by note; a note that changed "
        "since is left alone and reported.",
        writes=True,
    )
    def undo(run: str | None = None, dry_run: bool = False) -> dict[str, Any]:
        report = api.undo(vault, run, dry_run=dry_run)
        return _plain(
            {
                "ok": report.ok,
                "results": [r.to_dict() for r in report.results],
                "summary": report.summary.to_dict(),
            }
        )

    @tool(
        "render",
        "Refresh the managed views (scaffold:view regions) of the named notes (none: every "
        "note); only the bytes between a region's markers change. dry_run (the default) "
        "returns what is out of date and each note's diff; dry_run=false writes one run.",
        writes=True,
    )
    def render(notes: list[str] | None = None, dry_run: bool = True) -> dict[str, Any]:
        done = api.render(
            vault, notes or (), dry_run=dry_run, diff=dry_run, command="scaffold mcp render"
        )
        return _plain(done.to_dict())

    @tool(
        "move",
        "Rename or move a note (new: a name, a folder ending in /, or a vault path) and "
        "rewrite every link to it across the vault; keep_alias adds the old name to its "
        "aliases. dry_run (the default) returns the plan and its diff; dry_run=false writes "
        "the rename and every rewritten note as one run, refused whole if a note changed.",
        writes=True,
    )
    def move(note: str, new: str, keep_alias: bool = False, dry_run: bool = True) -> dict[str, Any]:
        plan = api.plan_move(vault, note, new, cwd=vault, keep_alias=keep_alias, explicit=True)
        if dry_run:
            return _plain({"ok": True, "dry_run": True, **plan.to_dict(), "diff": plan.diff()})
        moved = api.apply_move(plan, command=f"scaffold mcp move {note!r} {new!r}")
        return _plain({"ok": True, "dry_run": False, **moved.to_dict()})

    @tool(
        "merge",
        "Merge the note drop into keep: aliases and tags unioned, table rows only drop has "
        "added, Related items moved, every link to drop rewritten; cells that disagree are "
        "a conflict unless prefer is 'keep' or 'drop'; stub leaves drop as a link to keep. "
        "dry_run (the default) returns the plan and its diff; dry_run=false writes one run.",
        writes=True,
    )
    def merge(
        keep: str,
        drop: str,
        prefer: str | None = None,
        stub: bool = False,
        dry_run: bool = True,
    ) -> dict[str, Any]:
        plan = api.plan_merge(vault, keep, drop, prefer=prefer, stub=stub, cwd=vault, explicit=True)
        if dry_run:
            return _plain({"ok": True, "dry_run": True, **plan.to_dict(), "diff": plan.diff()})
        merged = api.apply_merge(plan, command=f"scaffold mcp merge {keep!r} {drop!r}")
        return _plain({"ok": True, "dry_run": False, **merged.to_dict()})

    # -- resources -----------------------------------------------------------------------

    @server.resource(
        "scaffold://vault/{+path}",
        name="note",
        description="A note of the vault, by its vault-relative path (read-only).",
        mime_type="text/markdown",
    )
    def note(path: str) -> str:
        try:
            return api.text(vault, path)
        except ScaffoldError as err:
            raise ResourceError(json.dumps(err.to_dict(), ensure_ascii=False)) from None

    @server.resource(
        "scaffold://types/{name}",
        name="type",
        description="An entity type's schema: its questions, fields and their places (JSON).",
        mime_type="application/json",
    )
    def type_schema(name: str) -> str:
        try:
            return json.dumps(_plain(api.describe_type(vault, name)), ensure_ascii=False)
        except ScaffoldError as err:
            raise ResourceError(json.dumps(err.to_dict(), ensure_ascii=False)) from None

    return server


def serve(vault: Path, *, read_only: bool = False) -> int:
    """Serve ``vault`` over standard input and output until the client hangs up."""
    build(vault, read_only=read_only).run("stdio")
    return 0
