"""A type's versions: ``version: N`` and the ``migrations:`` that bring older notes up.

Each migration is the list of steps from the version before to its own (``to: N``). Steps are
declared, never guessed: renaming a key is a ``rename_key``, not an add and a remove. Applying
them is :mod:`scaffold.migrate`'s; this module is the model and its parser, checked key by key
like the rest of a question file (:mod:`scaffold.entities.question_file`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from scaffold.errors import TemplateError

STEP_ARGS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # op: (required arguments, optional ones)
    "rename_key": (frozenset({"from", "to"}), frozenset()),
    "rename_section": (frozenset({"from", "to"}), frozenset()),
    "rename_row": (frozenset({"section", "from", "to"}), frozenset()),
    "rename_column": (frozenset({"section", "from", "to"}), frozenset()),
    "add_key": (frozenset({"key"}), frozenset({"value", "question"})),
    "add_section": (frozenset({"section"}), frozenset()),
    "add_row": (frozenset({"section", "row"}), frozenset({"value", "after"})),
    "add_column": (frozenset({"section", "column"}), frozenset({"value"})),
    "move_row": (frozenset({"section", "row"}), frozenset({"after"})),
    "retype": (frozenset({"key", "to"}), frozenset()),
    "drop_key": (frozenset({"key"}), frozenset()),
    "drop_row": (frozenset({"section", "row"}), frozenset()),
    "drop_section": (frozenset({"section"}), frozenset()),
}
"""Every step and its arguments; ``scaffold templates`` and docs/templates.md list them."""

DESTRUCTIVE = frozenset({"drop_key", "drop_row", "drop_section"})
"""Steps that delete what a note holds: they run only with ``--allow-destructive``."""

RETYPES = ("integer", "number", "string", "bool", "date")
"""What ``retype`` converts a frontmatter value to (only when nothing is lost)."""


@dataclass(frozen=True, slots=True)
class Step:
    """One declared change of a type's notes."""

    op: str
    """One of :data:`STEP_ARGS`."""
    args: tuple[tuple[str, str], ...]
    """The step's arguments as text (``from``, ``to``, ``section``, ``row``, ...)."""
    version: int
    """The version this step belongs to (its migration's ``to``)."""
    line: int | None = None

    def arg(self, name: str, default: str | None = None) -> str | None:
        for key, value in self.args:
            if key == name:
                return value
        return default

    def req(self, name: str) -> str:
        value = self.arg(name)
        assert value is not None, f"{self.op} needs {name}"
        return value

    @property
    def destructive(self) -> bool:
        return self.op in DESTRUCTIVE

    def describe(self) -> str:
        """One line for plans and diagnostics: ``rename_row Stats > Colour -> Color``."""
        a = dict(self.args)
        where = f"{a['section']} > " if "section" in a else ""
        if "from" in a:
            return f"{self.op} {where}{a['from']} -> {a['to']}"
        if self.op == "retype":
            return f"retype {a['key']} -> {a['to']}"
        thing = a.get("key") or a.get("row") or a.get("column") or ""
        if self.op in ("add_section", "drop_section"):
            return f"{self.op} {a['section']}"
        return f"{self.op} {where}{thing}".rstrip()


@dataclass(frozen=True, slots=True)
class Migration:
    """The steps from version ``to - 1`` to version ``to``."""

    to: int
    steps: tuple[Step, ...]


def parse_migrations(
    raw: object, version: int, fail: Callable[[str], TemplateError]
) -> tuple[Migration, ...]:
    """``migrations:`` -> the migrations, one per version from 2 to ``version``, in order."""
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        raise fail("`migrations` must be a list of {to: N, steps: [...]}")
    found: list[Migration] = []
    for index, entry in enumerate(raw):
        if not isinstance(entry, Mapping) or set(entry) - {"to", "steps"} or "to" not in entry:
            raise fail(f"migrations[{index}] must be a mapping with `to` and `steps`")
        to = entry["to"]
        if not isinstance(to, int) or isinstance(to, bool):
            raise fail(f"migrations[{index}].to must be a version number")
        steps_raw = entry.get("steps") or []
        if not isinstance(steps_raw, list):
            raise fail(f"migrations[{index}].steps must be a list of steps")
        steps = tuple(_parse_step(step, to, fail, _line(steps_raw, i)) for i, step in
                      enumerate(steps_raw))  # fmt: skip
        found.append(Migration(to, steps))
    want = list(range(2, version + 1))
    if [m.to for m in found] != want:
        raise fail(
            f"`migrations` must step to versions {want or '(none)'} in order, one entry each "
            f"(found {[m.to for m in found]})"
        )
    return tuple(found)


def _line(container: object, index: int) -> int | None:
    try:
        return int(container.lc.item(index)[0]) + 1  # type: ignore[attr-defined]
    except (AttributeError, KeyError, TypeError, IndexError):
        return None


def _parse_step(
    raw: object, version: int, fail: Callable[[str], TemplateError], line: int | None
) -> Step:
    if not isinstance(raw, Mapping) or len(raw) != 1:
        raise fail(f"a step of version {version} must be one `op: {{arguments}}` mapping")
    ((op, args),) = raw.items()
    op = str(op)
    if op not in STEP_ARGS:
        import difflib

        close = difflib.get_close_matches(op, STEP_ARGS, n=1)
        raise fail(
            f"unknown migration step {op!r}"
            + (f" (did you mean {close[0]!r}?)" if close else f"; steps: {', '.join(STEP_ARGS)}")
        )
    required, optional = STEP_ARGS[op]
    if args is None:
        args = {}
    if not isinstance(args, Mapping):
        raise fail(f"{op}: its arguments must be a mapping ({', '.join(sorted(required))})")
    keys = {str(k) for k in args}
    missing, unknown = required - keys, keys - required - optional
    if missing or unknown:
        parts = [f"needs {', '.join(sorted(missing))}"] if missing else []
        parts += [f"has unknown {', '.join(sorted(unknown))}"] if unknown else []
        raise fail(f"{op} (version {version}) {' and '.join(parts)}")
    pairs: list[tuple[str, str]] = []
    for key, value in args.items():
        if value is None or isinstance(value, Mapping | list):
            raise fail(f"{op}: `{key}` must be a plain value")
        text = ("true" if value else "false") if isinstance(value, bool) else str(value)
        pairs.append((str(key), text))
    step = Step(op, tuple(pairs), version, line)
    if op == "retype" and step.req("to") not in RETYPES:
        raise fail(f"retype: `to` must be one of {', '.join(RETYPES)}")
    return step
