"""The vault's check configuration: ``.scaffold/check.toml``.

::

    select = ["ALL"]            # codes, prefixes (L, S00) or rule names; default: every rule
    ignore = ["S002"]           # taken away from select
    exclude = ["Templates/*"]   # notes not checked (globs over vault-relative paths; * spans /)
    fail-on = "warning"         # the lowest severity that makes `check` exit 1
    [severity]                  # a rule's severity, per code
    L001 = "error"
    [types]                     # the type of notes without a `type:` key, by path glob
    "Products/*" = "product"

Every key is optional. A mistake in the file is a configuration error (exit 2) that names it.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from scaffold.check.diagnostic import Severity
from scaffold.check.registry import RULES, expand
from scaffold.errors import UsageError

CONFIG_FILE = Path(".scaffold") / "check.toml"
_KEYS = frozenset({"select", "ignore", "exclude", "fail-on", "severity", "types"})


@dataclass(frozen=True, slots=True)
class CheckConfig:
    """Which rules run, how severe they are, and which notes are checked."""

    select: frozenset[str] = frozenset(RULES)
    """The codes that run."""
    exclude: tuple[str, ...] = ()
    fail_on: Severity = Severity.WARNING
    severities: dict[str, Severity] = field(default_factory=dict)
    types: tuple[tuple[str, str], ...] = ()
    """``(glob, type)`` pairs for notes without a ``type:`` key, first match wins."""
    source: Path | None = None
    """The file this was read from, for messages."""

    def enabled(self, code: str) -> bool:
        return code in self.select

    def excluded(self, rel: str) -> bool:
        return any(fnmatch.fnmatchcase(rel, pattern) for pattern in self.exclude)

    def type_for(self, rel: str | None) -> str | None:
        if rel is None:
            return None
        return next((t for pattern, t in self.types if fnmatch.fnmatchcase(rel, pattern)), None)

    def with_options(
        self,
        *,
        select: list[str] | None = None,
        ignore: list[str] | None = None,
        fail_on: str | None = None,
    ) -> CheckConfig:
        """The command line's ``--select`` (replaces), ``--ignore`` (adds) and
        ``--severity`` over this config. Raises :class:`UsageError` for unknown ones."""
        try:
            chosen = expand(select) if select else set(self.select)
            chosen -= expand(ignore or [])
            level = Severity.parse(fail_on) if fail_on else self.fail_on
        except ValueError as exc:
            raise UsageError(
                str(exc), hint="scaffold check --list-rules shows every code"
            ) from None
        return replace(self, select=frozenset(chosen), fail_on=level)


def find_config(vault: Path) -> Path | None:
    """The vault's config file if anything is there: a FIFO, a folder or a dangling link named
    like it is reported when read, not silently replaced by the defaults."""
    path = vault / CONFIG_FILE
    return path if os.path.lexists(path) else None


def load_config(vault: Path | None, explicit: Path | None = None) -> CheckConfig:
    """The config for ``vault``: ``explicit`` if given, else ``.scaffold/check.toml``, else
    the defaults."""
    path = explicit if explicit is not None else (find_config(vault) if vault else None)
    if path is None:
        return CheckConfig()
    import tomllib

    from scaffold.errors import NoteFileError
    from scaffold.vault.files import read_bytes

    try:
        data = tomllib.loads(read_bytes(path).decode("utf-8"))
    except NoteFileError as exc:  # a FIFO, a device, a huge file or an unreadable one
        raise UsageError(
            f"cannot read the check config: {exc.message}",
            path=path,
            hint="make .scaffold/check.toml a regular, readable TOML file",
        ) from None
    except UnicodeDecodeError:
        raise UsageError(
            "the check config is not UTF-8 text",
            path=path,
            hint="save .scaffold/check.toml as UTF-8",
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(
            f"the check config is not valid TOML: {exc}",
            path=path,
            hint="see the README's 'Checking and editor use' section",
        ) from None
    return parse_config(data, path)


def parse_config(data: dict[str, Any], path: Path | None = None) -> CheckConfig:
    def fail(message: str) -> UsageError:
        return UsageError(message, path=path, hint="see the README's 'Checking and editor use'")

    unknown = set(data) - _KEYS
    if unknown:
        raise fail(
            f"unknown key(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(_KEYS))}"
        )

    def strings(key: str) -> list[str]:
        value = data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(f"`{key}` must be a list of strings")
        return value

    try:
        select = expand(strings("select")) if "select" in data else set(RULES)
        select -= expand(strings("ignore"))
        fail_on = Severity.parse(data["fail-on"]) if "fail-on" in data else Severity.WARNING
        severities: dict[str, Severity] = {}
        table = data.get("severity", {})
        if not isinstance(table, dict):
            raise fail('`[severity]` must be a table of CODE = "error|warning|info"')
        for selector, level in table.items():
            if not isinstance(level, str):
                raise fail(f"severity of {selector} must be error, warning or info")
            for code in expand([selector]):
                severities[code] = Severity.parse(level)
    except ValueError as exc:
        raise fail(str(exc)) from None
    types = data.get("types", {})
    if not isinstance(types, dict) or not all(isinstance(v, str) for v in types.values()):
        raise fail('`[types]` must be a table of "glob" = "type"')
    return CheckConfig(
        select=frozenset(select),
        exclude=tuple(strings("exclude")),
        fail_on=fail_on,
        severities=severities,
        types=tuple(types.items()),
        source=path,
    )
