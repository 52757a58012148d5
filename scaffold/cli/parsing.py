"""argparse with click's manners: usage errors exit 2, point at the command's ``--help``,
offer "Did you mean …?" for a mistyped command or flag, and accept values such as ``-5%``.

Only the CLI prints, so this module prints the usage error itself (and, with ``--json``, the
same error as one JSON object on stdout) before exiting.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from scaffold.errors import EXIT_USAGE, UsageError

# A single '-' followed by a digit, '.', '%', a space and so on: never one of scaffold's
# options (they are -h and --long ones), so it is a value such as -5%, -.5 or "- item".
_DASH_VALUE = re.compile(r"-[^-A-Za-z]")
_INVALID_CHOICE = re.compile(r"invalid choice: '(?P<got>[^']*)' \(choose from (?P<choices>.*)\)")
_REQUIRED = "the following arguments are required"

_argv: list[str] = []
"""The arguments being parsed, for hints (argparse's ``error`` only gets a message)."""


def say_error(message: str, hint: str | None = None) -> None:
    """Print ``error: message`` and ``hint: …`` on stderr, in colour on a terminal."""
    message = _safe(message)
    print(f"{_colour('error:', '1;31')} {message}", file=sys.stderr)
    if hint:
        print(f"{_colour('hint:', '1;36')} {hint}", file=sys.stderr)


def say_warning(message: str, hint: str | None = None) -> None:
    """Print ``warning: message`` and ``hint: …`` on stderr: the command went ahead."""
    message = _safe(message)
    print(f"{_colour('warning:', '1;33')} {message}", file=sys.stderr)
    if hint:
        print(f"{_colour('hint:', '1;36')} {hint}", file=sys.stderr)


def _safe(message: str) -> str:
    """A message with any control character a note's text brought into it escaped."""
    if message.isprintable():
        return message
    from scaffold.api import escape_controls

    return escape_controls(message)


def _colour(text: str, code: str) -> str:
    import os

    if os.environ.get("NO_COLOR") or not sys.stderr.isatty():
        return text
    return f"\033[{code}m{text}\033[0m"


class Parser(argparse.ArgumentParser):
    """The parser class of ``scaffold`` and each of its commands."""

    def _parse_optional(self, arg_string: str) -> Any:
        # argparse asks this hook whether a token is an option; None means "a positional".
        # Without it, `set NOTE ADDR -5%` fails with "the following arguments are required".
        if _DASH_VALUE.match(arg_string):
            return None
        return super()._parse_optional(arg_string)

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        """Parse like argparse; an unknown flag is reported by the command it was given to,
        so the hint can name that command's flags."""
        _argv[:] = list(sys.argv[1:] if args is None else args)
        parsed, extras = self.parse_known_args(_argv, namespace)
        if extras:
            command = self._command_parser(parsed)
            command.error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed

    def error(self, message: str) -> NoReturn:
        """Print the usage, the error and a hint; exit 2."""
        hint = self._hint(message)
        help_hint = f"Try '{self.prog} --help' for help."
        if "--json" in _argv:
            from scaffold.cli.output import print_json

            error = UsageError(message, hint=hint or help_hint)
            print_json({"ok": False, "error": error.to_dict()})
        self.print_usage(sys.stderr)
        say_error(f"{message}\n{help_hint}", hint)
        raise SystemExit(EXIT_USAGE)

    # -- hints -------------------------------------------------------------------------------

    def _hint(self, message: str) -> str | None:
        if m := _INVALID_CHOICE.search(message):
            choices = re.findall(r"'([^']*)'", m["choices"])
            return _did_you_mean(m["got"], choices)
        if message.startswith("unrecognized arguments:"):
            flags = [a for a in message.split(":", 1)[1].split() if a.startswith("--")]
            known = [s for s in self._option_string_actions if s.startswith("--")]
            for flag in flags:
                if hint := _did_you_mean(flag.partition("=")[0], known):
                    return hint
        if _REQUIRED in message or message.startswith("unrecognized arguments:"):
            return self._dash_hint()
        return None

    def _dash_hint(self) -> str | None:
        """A value like -x was read as an option: say how to pass it."""
        known = set(self._option_string_actions)
        for arg in _argv:
            if arg.startswith("-") and len(arg) > 1 and arg != "--" and arg not in known:
                if arg.startswith("--") and "=" in arg and arg.partition("=")[0] in known:
                    continue
                slots = [
                    str(a.metavar or a.dest.upper())
                    for a in self._actions
                    if not a.option_strings and not isinstance(a, argparse._SubParsersAction)
                ]
                if not slots:  # nothing takes a value: it is an option misspelt
                    return f"{self.prog} has no option {arg}; see {self.prog} --help"
                return (
                    f"{arg!r} was read as an option; a value that starts with '-' goes after "
                    f"'--', e.g. {self.prog} {' '.join(slots)} -- {arg}"
                )
        return None

    def _command_parser(self, parsed: argparse.Namespace) -> argparse.ArgumentParser:
        """The subcommand's parser that ``parsed`` came through (or this one)."""
        parser: argparse.ArgumentParser = self
        for dest in ("command", "templates_command"):
            name = getattr(parsed, dest, None)
            sub = _subparsers(parser)
            if name is None or sub is None or name not in sub.choices:
                break
            parser = sub.choices[name]
        return parser


def _subparsers(parser: argparse.ArgumentParser) -> Any:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    return None


def _did_you_mean(got: str, choices: Sequence[str]) -> str | None:
    import difflib

    close = difflib.get_close_matches(got, choices, n=3, cutoff=0.6)
    if not close:
        return None
    return "Did you mean " + " or ".join(repr(c) for c in close) + "?"
