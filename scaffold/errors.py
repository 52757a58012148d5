"""The exception tree: every failure scaffold reports to a user is a ``ScaffoldError``.

Each class carries its own exit code, so the CLI never has to guess. Messages say what is
wrong; ``hint`` says what to do next. Nothing here prints: only the CLI does.

:data:`EXIT_CODES` is the one table of exit codes: ``scaffold --help`` is generated from it,
and a test checks that the README's table says the same.
"""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USAGE = 2
EXIT_FILE = 3
EXIT_PARSE = 4
EXIT_ADDRESS = 5
EXIT_VALUE = 6
EXIT_VERIFY = 7
EXIT_ANSWERS = 8
EXIT_EXISTS = 9
EXIT_PARTIAL = 10
EXIT_WOULD_CHANGE = 11
EXIT_RUN_INTERRUPTED = 12
EXIT_BUSY = 13
EXIT_INTERRUPTED = 130

EXIT_CODES: tuple[tuple[int, str, str], ...] = (
    (EXIT_OK, "success", "success"),
    (
        EXIT_INTERNAL,
        "internal error (a bug), or a missing dependency",
        "internal error — a bug; rerun with `SCAFFOLD_DEBUG=1` for the traceback and report "
        "it (or a missing dependency: the message says what to install)",
    ),
    (
        EXIT_USAGE,
        "usage error: bad arguments or address syntax",
        "usage error: bad arguments or address syntax, a broken template",
    ),
    (
        EXIT_FILE,
        "note missing or unreadable",
        "the note file isn't there or can't be read or written: missing, a directory, not a "
        "regular file, over the size limit, binary, not UTF-8, read-only or hard-linked "
        "(use `--force`), in a folder that can't be written",
    ),
    (
        EXIT_PARSE,
        "note can't be parsed",
        "the note can't be parsed: invalid YAML, duplicate keys, unclosed frontmatter",
    ),
    (
        EXIT_ADDRESS,
        "address matches nothing, or more than one thing",
        "the address matches nothing, or more than one thing",
    ),
    (
        EXIT_VALUE,
        "value refused",
        "the value can't be written there (a newline in a cell, a wrong `--type`)",
    ),
    (
        EXIT_VERIFY,
        "edit failed its check, or the file changed meanwhile",
        "the edit failed its read-back check, or the file changed meanwhile; nothing was written",
    ),
    (EXIT_ANSWERS, "answers missing or invalid (new)", "`new`: answers missing or invalid"),
    (
        EXIT_EXISTS,
        "note exists (new; use --force)",
        "`new`: the note already exists, or its name is taken (use `--force`)",
    ),
    (
        EXIT_PARTIAL,
        "some notes failed (update, undo, export, render)",
        "`update`, `undo`, `export`, `render`: some notes failed (each is reported); the others "
        "were written",
    ),
    (
        EXIT_WOULD_CHANGE,
        "notes would change (update/migrate/render --check)",
        "`update --check`, `migrate --check`, `render --check`: notes would change",
    ),
    (
        EXIT_RUN_INTERRUPTED,
        "an earlier update was interrupted (scaffold undo RUN)",
        "an earlier `update` or `undo` was interrupted: `scaffold undo RUN` finishes its rollback",
    ),
    (
        EXIT_BUSY,
        "another update/undo/migrate runs in this vault (try again)",
        "another `update`, `undo`, `redo` or `migrate` holds the vault's run lock "
        "(`.scaffold/runs/lock`): nothing was done; run the command again when it finishes",
    ),
    (
        EXIT_INTERRUPTED,
        "interrupted (Ctrl-C); says whether the note was written",
        "interrupted (Ctrl-C); the message says whether the note was written",
    ),
)
"""Every exit code: ``(code, short meaning for --help, full meaning for the README)``."""


def exit_codes_help(codes: tuple[int, ...] | None = None) -> str:
    """The ``exit codes:`` block of ``--help``: every code, or only ``codes``."""
    rows = [(code, short) for code, short, _ in EXIT_CODES if codes is None or code in codes]
    return "exit codes:\n" + "".join(f"  {code:<4} {short}\n" for code, short in rows)


class ScaffoldError(Exception):
    """Root of every error scaffold reports. ``str(err)`` is the full one-line location+message."""

    exit_code = EXIT_INTERNAL
    kind = "error"

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        col: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line  # 1-based, as editors show it
        self.col = col  # 1-based
        self.hint = hint

    def with_path(self, path: str | Path | None) -> ScaffoldError:
        """Attach the file path if the raiser did not know it (e.g. parsing a string)."""
        if self.path is None and path is not None:
            self.path = str(path)
        return self

    @property
    def location(self) -> str:
        """``file:line:col`` as far as it is known, or ``""``."""
        if self.path is None:
            return f"line {self.line}" if self.line is not None else ""
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)

    def __str__(self) -> str:
        loc = self.location
        return f"{loc}: {self.message}" if loc else self.message

    def to_dict(self) -> dict[str, object]:
        """The machine-readable form printed by ``--json``."""
        return {
            "kind": self.kind,
            "exit_code": self.exit_code,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "hint": self.hint,
        }


class UsageError(ScaffoldError):
    """Bad command-line arguments or a malformed address."""

    exit_code = EXIT_USAGE
    kind = "usage"


class NoteFileError(ScaffoldError):
    """The file cannot be read as a note: missing, a directory, binary or not UTF-8."""

    exit_code = EXIT_FILE
    kind = "file"


class NeedsForceError(NoteFileError):
    """The note is refused unless ``--force`` (read-only, hard-linked, another user's): a
    command without ``--force`` (the bulk runs) says something else to do."""


class NoteMissingError(NoteFileError):
    """No note by that path or name: the file isn't there, or no note has that name or alias.

    Its own ``kind`` so a script can tell "no such note" from an address that matches nothing.
    """

    kind = "missing"

    def __init__(
        self,
        message: str,
        *,
        candidates: tuple[str, ...] = (),
        path: str | Path | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, path=path, hint=hint)
        self.candidates = candidates

    def to_dict(self) -> dict[str, object]:
        data = super().to_dict()
        data["candidates"] = list(self.candidates)
        return data


class NoteParseError(ScaffoldError):
    """The note's structure is broken: invalid or unclosed frontmatter, duplicate keys.

    The subclasses below say which, so ``check`` picks its rule code by class; all share
    this exit code and ``kind``.
    """

    exit_code = EXIT_PARSE
    kind = "parse"


class UnclosedFrontmatterError(NoteParseError):
    """Line 1 opens a frontmatter block that no later line closes."""


class DuplicateKeyError(NoteParseError):
    """A key appears twice in one mapping of the frontmatter."""


class InvalidFrontmatterError(NoteParseError):
    """The frontmatter is not valid YAML, not a plain mapping, or past a reading limit."""


class ViewError(NoteParseError):
    """A managed region's markers are malformed (unclosed, nested, an unknown option, a
    selection that does not parse): the region is reported with its line, and its note is left
    as it was."""

    kind = "view"


class AddressError(ScaffoldError):
    """The address matches nothing, or matches more than one target."""

    exit_code = EXIT_ADDRESS
    kind = "address"

    def __init__(
        self,
        message: str,
        *,
        candidates: tuple[str, ...] = (),
        path: str | Path | None = None,
        line: int | None = None,
        col: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, path=path, line=line, col=col, hint=hint)
        self.candidates = candidates

    def to_dict(self) -> dict[str, object]:
        data = super().to_dict()
        data["candidates"] = list(self.candidates)
        return data


class TargetMissingError(AddressError):
    """The address names nothing this note has: no such key, section, table, row or column,
    no item at that index (same exit code and ``kind``). ``--create`` may add it, and a bulk
    run skips the place; every other :class:`AddressError` is the address's own problem."""


class AmbiguousAddressError(AddressError):
    """The address matches more than one target (same exit code and ``kind``): an edit must
    not take it for a missing target and create another one."""


class ValueRefusedError(ScaffoldError):
    """The value cannot be written at that address (newline in a cell, wrong type, ...)."""

    exit_code = EXIT_VALUE
    kind = "value"


class VerifyError(ScaffoldError):
    """An edit did not read back as intended; the file was not written."""

    exit_code = EXIT_VERIFY
    kind = "verify"


class AnswersError(ScaffoldError):
    """Generator answers are missing or invalid. ``problems`` lists each one."""

    exit_code = EXIT_ANSWERS
    kind = "answers"

    def __init__(
        self,
        message: str,
        *,
        problems: tuple[str, ...] = (),
        path: str | Path | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, path=path, hint=hint)
        self.problems = problems

    def to_dict(self) -> dict[str, object]:
        data = super().to_dict()
        data["problems"] = list(self.problems)
        return data


class NoteExistsError(ScaffoldError):
    """The note to create already exists, or its name is taken by another note or alias."""

    exit_code = EXIT_EXISTS
    kind = "exists"


class TemplateError(ScaffoldError):
    """A template is missing or broken (bad question file, render error, failed round trip)."""

    exit_code = EXIT_USAGE
    kind = "template"


class UnknownTypeError(TemplateError):
    """No entity type by that name (or the name cannot be one): ``check`` leaves a note of
    an unknown ``type:`` unchecked rather than failing."""


class PartialFailure(ScaffoldError):
    """A bulk run in which some notes failed; the other notes were written (or would be)."""

    exit_code = EXIT_PARTIAL
    kind = "partial"


class SkippedPlaceError(ScaffoldError):
    """``--strict``: a value could not be written in a place where it lives (the note has no
    such place), so its note fails instead of being written in part."""

    exit_code = EXIT_PARTIAL
    kind = "skipped"


class WouldChange(ScaffoldError):
    """``--check`` found notes that the update would change, or views out of date."""

    exit_code = EXIT_WOULD_CHANGE
    kind = "would-change"


class WriteInterrupted(ScaffoldError):
    """Ctrl-C while a bulk run was writing: some notes are written, each whole; the run's
    journal rolls them back (``scaffold undo``)."""

    exit_code = EXIT_INTERRUPTED
    kind = "interrupted"


class InterruptedRunError(ScaffoldError):
    """An earlier bulk run stopped part-way (killed, or the machine went down); its notes
    must be rolled back with ``scaffold undo`` before another run starts."""

    exit_code = EXIT_RUN_INTERRUPTED
    kind = "interrupted-run"


class RunLockedError(ScaffoldError):
    """Another bulk run holds the vault's run lock; this one did nothing. A script may retry."""

    exit_code = EXIT_BUSY
    kind = "busy"


class MigrationConflict(ScaffoldError):
    """``scaffold migrate`` cannot decide a step for one note (both names are there, a row is
    ambiguous): the note is left as it was, and the run exits 10 like any failed note."""

    exit_code = EXIT_PARTIAL
    kind = "conflict"

    def __init__(
        self,
        message: str,
        *,
        address: str,
        values: tuple[object, object],
        step: str = "",
        **kw: object,
    ) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.address = address
        self.values = values
        self.step = step

    def __reduce__(self) -> tuple[object, ...]:
        # Results travel between processes and through a spill file as pickles.
        return (_conflict, (self.message, self.address, self.values, self.step, self.path,
                            self.line, self.col, self.hint))  # fmt: skip

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "address": self.address, "step": self.step,
                "values": list(self.values)}  # fmt: skip


def _conflict(
    message: str,
    address: str,
    values: tuple[object, object],
    step: str,
    path: str | None,
    line: int | None,
    col: int | None,
    hint: str | None,
) -> MigrationConflict:
    return MigrationConflict(
        message, address=address, values=values, step=step, path=path, line=line, col=col,
        hint=hint,
    )  # fmt: skip


class MergeConflict(ScaffoldError):
    """``scaffold merge``: the two notes fill the same cells differently. Every conflict is
    listed, and nothing is written unless ``--prefer`` says whose values win."""

    exit_code = EXIT_PARTIAL
    kind = "conflict"

    def __init__(
        self, message: str, *, conflicts: tuple[dict[str, str], ...] = (), **kw: object
    ) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.conflicts = conflicts

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "conflicts": list(self.conflicts)}


class DependencyError(ScaffoldError):
    """An optional part of scaffold needs a package that is not installed (exit 1, like a
    missing dependency anywhere); the hint names the extra to install."""

    exit_code = EXIT_INTERNAL
    kind = "dependency"
