"""Asking before a command writes many notes: only a person at a terminal is asked, and a
"no" (or end of input) writes nothing and says so. ``update``, ``migrate``, ``mv`` and
``merge`` all ask this way."""

from __future__ import annotations

import argparse
import sys


def may_ask(args: argparse.Namespace, *, dry: bool) -> bool:
    """Whether to ask: not for ``--yes``, a dry run or ``--json``, and only when both
    standard input and output are a terminal."""
    if args.yes or dry or args.json:
        return False
    return sys.stdin.isatty() and sys.stdout.isatty()


def confirmed(question: str) -> bool:
    """Ask ``question`` ending in ``[y/N]``; anything but yes prints that nothing was written."""
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        answer = ""
    if answer.strip().lower() in ("y", "yes"):
        return True
    print("nothing was written", file=sys.stderr)
    return False
