"""The selection grammar of ``--where``: which notes an update or an export applies to.

::

    expr    := term ("or" term)*
    term    := factor (["and"] factor)*          two factors side by side mean "and"
    factor  := "not" factor | "(" expr ")" | atom
    atom    := type:NAME | tag:NAME | #NAME | folder:PATH | path:GLOB
             | has:TARGET | missing:TARGET | TARGET = VALUE | TARGET != VALUE
             | TARGET (< | <= | > | >=) METRIC | as_of (< | <= | > | >=) DATE

A TARGET is a field of the note's type or an address. Words are separated by spaces; a word
or value holding spaces goes in single quotes (``'Quick stats > Downloads' = 1.2B+``). Errors
quote the expression and point at the bad word.

A comparison reads both sides with the metric reader (:mod:`scaffold.note.values.metric`), so
``downloads>1B`` holds for ``**1.2B+** (Apr 2025)``: it compares the numbers (a range by its
low end; ``+``, ``~`` and ``<`` do not move the number). Two different units (``$`` and
``€``) do not compare. A value that cannot be read as a metric does not match, and the
reason is kept (:attr:`Facts.unmatched`) for ``--json``. ``as_of`` is the date of the note's
latest history row (``as_of<2026-06``), compared at the coarser of the two granularities.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from scaffold.errors import UsageError
from scaffold.note.values.dates import Dated, compare, parse_date
from scaffold.note.values.metric import Metric, Unreadable, read

SELECTORS = ("type", "tag", "folder", "path", "has", "missing")
GRAMMAR_HINT = (
    "write e.g. 'type:product and tag:ai', 'folder:Products', 'path:AI/*.md', "
    "'downloads=1.2B+', 'license!=MIT', 'downloads>1B', 'as_of<2026-06', 'has:ticker', "
    "'missing:founded', "
    "combined with and, or, not and ( )"
)


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    kind: str
    """``word``, ``quoted``, ``op`` (``=`` ``!=`` ``<`` ``<=`` ``>`` ``>=``) or ``paren``."""
    start: int
    end: int


# -- the predicates ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Facts:
    """What a predicate may ask of one note; the planner supplies it lazily."""

    relpath: str
    """The note's path in the vault, with ``/`` separators."""
    type_name: Callable[[], str | None]
    tags: Callable[[], frozenset[str]]
    """Casefolded tags, from frontmatter ``tags`` and the body's ``#tag`` line."""
    value: Callable[[str], tuple[bool, Any]]
    """``target -> (present, value)``; the value is text (a list for frontmatter lists)."""
    as_of: Callable[[], Dated | None] = lambda: None
    """The date of the note's latest history row, for ``as_of`` comparisons."""
    unmatched: list[Unmatched] = field(default_factory=list)
    """Comparisons that could not read the note's value (so did not match), and why."""


@dataclass(frozen=True, slots=True)
class Unmatched:
    """A comparison that did not match because the note's value could not be compared."""

    target: str
    text: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"target": self.target, "text": self.text, "reason": self.reason}


COMPARISONS = ("<", "<=", ">", ">=")
AS_OF = "as_of"
"""The target of a date comparison: the latest history row."""


def _holds(op: str, order: int) -> bool:
    return {"<": order < 0, "<=": order <= 0, ">": order > 0, ">=": order >= 0}[op]


@dataclass(frozen=True, slots=True)
class Atom:
    selector: str
    """One of :data:`SELECTORS`, ``=`` / ``!=``, or one of :data:`COMPARISONS`."""
    argument: str
    value: str = ""
    want: Metric | Dated | None = None
    """A comparison's right-hand side, read when the expression was parsed."""

    @property
    def needs_note(self) -> bool:
        return self.selector not in ("folder", "path")

    def matches(self, facts: Facts) -> bool:
        kind, arg = self.selector, self.argument
        if kind == "folder":
            folder = arg.strip("/")
            return not folder or facts.relpath.startswith(folder + "/")
        if kind == "path":
            return fnmatch.fnmatchcase(facts.relpath, arg) or fnmatch.fnmatchcase(
                facts.relpath.removesuffix(".md"), arg
            )
        if kind == "type":
            return (facts.type_name() or "").casefold() == arg.casefold()
        if kind == "tag":
            want = arg.lstrip("#").casefold()
            return any(t == want or t.startswith(want + "/") for t in facts.tags())
        if kind in COMPARISONS:
            return self._compare(facts)
        present, value = facts.value(arg)
        if kind == "has":
            return present and not _empty(value)
        if kind == "missing":
            return not present or _empty(value)
        equal = present and _equals(value, self.value)
        return equal if kind == "=" else not equal

    def _compare(self, facts: Facts) -> bool:
        def miss(text: str, reason: str) -> bool:
            facts.unmatched.append(Unmatched(self.argument, text, reason))
            return False

        want = self.want
        if isinstance(want, Dated):
            latest = facts.as_of()
            if latest is None:
                return miss("", "the note has no dated history row")
            return _holds(self.selector, compare(latest, want))
        assert isinstance(want, Metric)
        present, value = facts.value(self.argument)
        if not present or _empty(value):
            return miss("", "the note has no such value")
        if isinstance(value, list | dict):
            return miss(str(value), "a list or mapping, not one number")
        found = read(value)
        if isinstance(found, Unreadable):
            return miss(found.text, f"not a metric: {found.reason}")
        if found.unit and want.unit and found.unit != want.unit:
            return miss(str(value), f"its unit {found.unit} is not {want.unit}")
        order = (found.number > want.number) - (found.number < want.number)
        return _holds(self.selector, order)


@dataclass(frozen=True, slots=True)
class Not:
    inner: Expr

    def matches(self, facts: Facts) -> bool:
        return not self.inner.matches(facts)


@dataclass(frozen=True, slots=True)
class All:
    parts: tuple[Expr, ...]

    def matches(self, facts: Facts) -> bool:
        return all(p.matches(facts) for p in self.parts)


@dataclass(frozen=True, slots=True)
class Any_:
    parts: tuple[Expr, ...]

    def matches(self, facts: Facts) -> bool:
        return any(p.matches(facts) for p in self.parts)


Expr = Atom | Not | All | Any_


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _norm(value: Any) -> str:
    from scaffold.note.body.inline import fold, strip_markup

    if isinstance(value, bool):
        value = "true" if value else "false"
    return fold(strip_markup(str(value)))


def _equals(value: Any, want: str) -> bool:
    """Compare as text, markup stripped, case and spacing folded; a list equals any item."""
    if isinstance(value, list):
        return any(_norm(item) == _norm(want) for item in value)
    return _norm(value) == _norm(want)


def path_only(expr: Expr) -> bool:
    """Whether ``expr`` can be decided from the path alone (no need to read the note)."""
    if isinstance(expr, Atom):
        return not expr.needs_note
    if isinstance(expr, Not):
        return path_only(expr.inner)
    return all(path_only(p) for p in expr.parts)


# -- parsing ----------------------------------------------------------------------------------

_WORD = re.compile(r"[^\s()'=!<>]+(?:!(?!=)[^\s()'=!<>]*)*")
_OP = re.compile(r"!=|<=|>=|=|<|>")
_VALUE = re.compile(r"[^\s()']+")


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        ch = text[pos]
        if ch.isspace():
            pos += 1
        elif ch in "()":
            tokens.append(Token(ch, "paren", pos, pos + 1))
            pos += 1
        elif (op := _OP.match(text, pos)) is not None:
            tokens.append(Token(op.group(), "op", pos, op.end()))
            pos = op.end()
            # The value after an operator is one word as written: `downloads=<700M`.
            while pos < len(text) and text[pos].isspace():
                pos += 1
            raw = _VALUE.match(text, pos)
            if raw is not None and raw.end() > pos:
                tokens.append(Token(raw.group(), "word", pos, raw.end()))
                pos = raw.end()
        elif ch == "'":
            close = text.find("'", pos + 1)
            if close == -1:
                raise _error(text, pos, len(text), "this quote is never closed", "close it with '")
            tokens.append(Token(text[pos + 1 : close], "quoted", pos, close + 1))
            pos = close + 1
        else:
            m = _WORD.match(text, pos)
            end = m.end() if m and m.end() > pos else pos + 1
            tokens.append(Token(text[pos:end], "word", pos, end))
            pos = end
    return tokens


def _error(text: str, start: int, end: int, message: str, hint: str = GRAMMAR_HINT) -> UsageError:
    caret = " " * start + "^" * max(1, end - start)
    return UsageError(f"--where: {message}\n  {text}\n  {caret}", hint=hint)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.pos = 0

    def peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def fail(self, token: Token | None, message: str, hint: str = GRAMMAR_HINT) -> UsageError:
        if token is None:
            return _error(self.text, len(self.text), len(self.text), message, hint)
        return _error(self.text, token.start, token.end, message, hint)

    def keyword(self, word: str) -> bool:
        token = self.peek()
        return token is not None and token.kind == "word" and token.text.lower() == word

    def parse(self) -> Expr:
        if not self.tokens:
            raise self.fail(None, "the selection is empty")
        expr = self.expr()
        token = self.peek()
        if token is not None:
            raise self.fail(token, f"unexpected {token.text!r}")
        return expr

    def expr(self) -> Expr:
        parts = [self.term()]
        while self.keyword("or"):
            self.take()
            parts.append(self.term())
        return parts[0] if len(parts) == 1 else Any_(tuple(parts))

    def term(self) -> Expr:
        parts = [self.factor()]
        while True:
            token = self.peek()
            if token is None or self.keyword("or") or token.text == ")":
                break
            if self.keyword("and"):
                self.take()
            parts.append(self.factor())
        return parts[0] if len(parts) == 1 else All(tuple(parts))

    def factor(self) -> Expr:
        token = self.peek()
        if token is None:
            raise self.fail(None, "the selection ends too early: a condition is missing")
        if self.keyword("not"):
            self.take()
            return Not(self.factor())
        if token.text == "(" and token.kind == "paren":
            self.take()
            inner = self.expr()
            close = self.peek()
            if close is None or close.text != ")":
                raise self.fail(close or token, "this parenthesis is never closed", "add ')'")
            self.take()
            return inner
        if token.kind == "paren" or token.kind == "op" or self.keyword("and") or self.keyword("or"):
            raise self.fail(token, f"expected a condition, not {token.text!r}")
        return self.atom()

    def atom(self) -> Atom:
        token = self.take()
        following = self.peek()
        if following is not None and following.kind == "op":
            self.take()
            value = self.peek()
            if value is None or value.kind in ("op", "paren"):
                raise self.fail(value, f"{following.text} needs a value after it")
            self.take()
            if following.text in COMPARISONS:
                return Atom(following.text, token.text, value.text, self._want(token, value))
            return Atom(following.text, token.text, value.text)
        if token.kind == "word" and token.text.startswith("#") and len(token.text) > 1:
            return Atom("tag", token.text[1:])
        if token.kind == "word" and ":" in token.text:
            selector, _, argument = token.text.partition(":")
            quoted = self.peek()
            # has:'Quick stats > Parent': a quoted argument right after the colon.
            if not argument and quoted and quoted.kind == "quoted" and quoted.start == token.end:
                argument = self.take().text
            if selector.lower() in SELECTORS:
                if not argument:
                    raise self.fail(token, f"{selector}: needs a name after the colon")
                return Atom(selector.lower(), argument)
            import difflib

            close = difflib.get_close_matches(selector.lower(), SELECTORS, n=1)
            hint = f"did you mean {close[0]}:?" if close else GRAMMAR_HINT
            raise self.fail(token, f"unknown selector {selector + ':'!r}", hint)
        raise self.fail(
            token,
            f"{token.text!r} is not a condition",
            "compare a field with =, !=, <, <=, > or >=, or use type:, tag:, folder:, path:, "
            "has:, missing:",
        )

    def _want(self, target: Token, value: Token) -> Metric | Dated:
        if target.text == AS_OF:
            dated = parse_date(value.text)
            if dated is None:
                hint = "write it as 2026-06 or 2026-06-30, or quoted: 'Jun 2026'"
                raise self.fail(value, f"{value.text!r} is not a date", hint)
            return dated
        found = read(value.text)
        if isinstance(found, Unreadable):
            message = f"{value.text!r} is not a number to compare with: {found.reason}"
            raise self.fail(value, message, "write e.g. 1B, 2.5M, $100B, 50%")
        return found


def parse_where(texts: str | list[str] | tuple[str, ...]) -> Expr | None:
    """Parse one or more ``--where`` expressions (several are combined with "and")."""
    if isinstance(texts, str):
        texts = [texts]
    parts = tuple(_Parser(text).parse() for text in texts)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else All(parts)
