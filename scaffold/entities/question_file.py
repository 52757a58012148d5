"""The parser of a type's ``questions.yaml``: every key checked, every problem located, into
the :mod:`scaffold.entities.questions` model."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from scaffold.entities.convert import TYPES, Choice
from scaffold.entities.migrations import parse_migrations
from scaffold.entities.questions import History, Question, QuestionFile
from scaffold.errors import TemplateError
from scaffold.note.values.ages import AGE_HINT, parse_age

_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_QUESTION_KEYS = frozenset(
    {
        "name",
        "type",
        "label",
        "help",
        "default",
        "required",
        "pattern",
        "min",
        "max",
        "choices",
        "when",
        "ask",
        "bind",
        "backlink",
        "suggest",
        "row_links",
        "history",
        "monotonic",
        "max_change",
        "max_age",
        "external_id",
    }
)
_FILE_KEYS = frozenset(
    {
        "description",
        "path",
        "link_back",
        "questions",
        "sections",
        "version",
        "version_key",
        "migrations",
    }
)
_SECTION_KEYS = frozenset({"required", "recommended"})


def parse_question_file(text: str, path: Path | None = None) -> QuestionFile:
    """Parse a ``questions.yaml``; raises :class:`TemplateError` naming the file and line."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    yaml = YAML(typ="rt")
    try:
        data = yaml.load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise TemplateError(
            f"the question file is not valid YAML: {getattr(exc, 'problem', exc)}",
            path=path,
            line=mark.line + 1 if mark is not None else None,
        ) from None
    if not isinstance(data, Mapping):
        raise TemplateError(
            "the question file must be a mapping with a `questions:` list",
            path=path,
            hint="see docs/templates.md",
        )
    unknown = set(data) - _FILE_KEYS
    if unknown:
        raise TemplateError(
            f"unknown key(s) {', '.join(sorted(map(str, unknown)))} in the question file",
            path=path,
            hint=f"allowed: {', '.join(sorted(_FILE_KEYS))}",
        )
    entries = data.get("questions")
    if not isinstance(entries, list) or not entries:
        raise TemplateError("the question file needs a non-empty `questions:` list", path=path)
    questions: list[Question] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        line = _line_of(entries, index)
        question = _parse_question(entry, path, line)
        if question.name in seen:
            raise TemplateError(
                f"question {question.name!r} is defined twice", path=path, line=line
            )
        seen.add(question.name)
        questions.append(question)
    if "name" not in seen:
        raise TemplateError(
            "every type needs a question called `name`: it names the note", path=path
        )
    link_back = data.get("link_back", False)
    if not isinstance(link_back, bool):
        raise TemplateError("`link_back` must be true or false", path=path)
    required, recommended = _parse_sections(data.get("sections"), path)
    version, version_key, migrations = _parse_versions(data, path)
    return QuestionFile(
        questions=tuple(questions),
        description=str(data.get("description") or ""),
        path=str(data.get("path") or "{{ name }}.md"),
        link_back=link_back,
        required_sections=required,
        recommended_sections=recommended,
        version=version,
        version_key=version_key,
        migrations=migrations,
    )


def _parse_versions(data: Mapping[str, Any], path: Path | None) -> tuple[int, str | None, Any]:
    """``version``, ``version_key`` and ``migrations`` (see :mod:`scaffold.entities.migrations`)."""
    version = data.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise TemplateError("`version` must be a whole number, 1 or more", path=path)
    key = data.get("version_key")
    if key is not None and not (isinstance(key, str) and _NAME_RE.fullmatch(key)):
        raise TemplateError("`version_key` must be a frontmatter key name", path=path)
    migrations = parse_migrations(
        data.get("migrations"),
        version,
        lambda message: TemplateError(message, path=path, hint="see docs/templates.md"),
    )
    return version, key, migrations


def _parse_sections(raw: object, path: Path | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``sections: {required: [...], recommended: [...]}`` -> the two tuples of headings."""
    if raw is None:
        return (), ()
    shape = "`sections` must be a mapping with `required` and/or `recommended` lists of headings"
    if not isinstance(raw, Mapping) or set(raw) - _SECTION_KEYS:
        raise TemplateError(shape, path=path, hint="e.g. sections: {required: [Quick stats]}")
    found: list[tuple[str, ...]] = []
    for key in ("required", "recommended"):
        items = raw.get(key) or []
        if isinstance(items, str):
            items = [items]
        if not isinstance(items, list) or not all(
            isinstance(item, str) and item.strip() for item in items
        ):
            raise TemplateError(f"`sections.{key}` must be a list of headings", path=path)
        found.append(tuple(str(item).strip() for item in items))
    return found[0], found[1]


def _line_of(container: Any, index: int) -> int | None:
    try:
        return int(container.lc.item(index)[0]) + 1
    except (AttributeError, KeyError, TypeError, IndexError):
        return None


def _parse_question(entry: object, path: Path | None, line: int | None) -> Question:
    if not isinstance(entry, Mapping):
        raise TemplateError(
            "each question must be a mapping with at least `name:`", path=path, line=line
        )

    def fail(message: str, hint: str | None = None) -> TemplateError:
        return TemplateError(message, path=path, line=line, hint=hint)

    unknown = set(entry) - _QUESTION_KEYS
    if unknown:
        raise fail(
            f"unknown field(s) {', '.join(sorted(map(str, unknown)))}",
            hint=f"allowed: {', '.join(sorted(_QUESTION_KEYS))}",
        )
    name = entry.get("name")
    if not isinstance(name, str) or not _NAME_RE.fullmatch(name) or name == "today":
        raise fail(f"question name {name!r} must be an identifier like `parent_company`")
    qtype = str(entry.get("type", "text"))
    if qtype not in TYPES:
        import difflib

        close = difflib.get_close_matches(qtype, TYPES, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"types: {', '.join(TYPES)}"
        raise fail(f"question {name!r}: unknown type {qtype!r}", hint=hint)
    choices = _parse_choices(entry.get("choices"), fail, name)
    if qtype in ("choice", "multi") and not choices:
        raise fail(f"question {name!r}: a {qtype} question needs `choices`")
    pattern = entry.get("pattern")
    if pattern is not None:
        try:
            re.compile(str(pattern))
        except re.error as exc:
            raise fail(f"question {name!r}: bad pattern: {exc}") from None
    when = entry.get("when", True)
    if not isinstance(when, bool | str):
        raise fail(f"question {name!r}: `when` must be true, false or a Jinja expression")
    places = _parse_places(entry.get("bind"), fail, name)
    history = _parse_history(entry.get("history"), fail, name)
    for key in ("backlink", "label", "help"):
        if entry.get(key) is not None and not isinstance(entry.get(key), str):
            raise fail(f"question {name!r}: `{key}` must be a string")
    if entry.get("backlink") and qtype not in ("wikilink", "wikilinks"):
        raise fail(f"question {name!r}: `backlink` only applies to wikilink questions")
    row_links = entry.get("row_links", False)
    if not isinstance(row_links, bool) or (row_links and qtype != "rows"):
        raise fail(f"question {name!r}: `row_links` is true or false, for rows questions")
    default = entry.get("default")
    default = _plain(default)
    monotonic, max_change = _parse_sanity(entry, fail, name)
    max_age = entry.get("max_age")
    if max_age is not None and parse_age(max_age) is None:
        raise fail(f"question {name!r}: `max_age` {max_age!r} is not an age", hint=AGE_HINT)
    external_id = entry.get("external_id", False)
    if not isinstance(external_id, bool):
        raise fail(f"question {name!r}: `external_id` is true or false")
    return Question(
        name=name,
        type=qtype,
        label=str(entry.get("label") or ""),
        help=str(entry.get("help") or ""),
        default=default,
        required=bool(entry.get("required", False)),
        pattern=None if pattern is None else str(pattern),
        min=_limit(entry.get("min")),
        max=_limit(entry.get("max")),
        choices=choices,
        when=when if isinstance(when, bool) else str(when),
        ask=bool(entry.get("ask", True)),
        places=places,
        history=history,
        backlink=entry.get("backlink"),
        suggest=bool(entry.get("suggest", True)),
        row_links=row_links,
        monotonic=monotonic,
        max_change=max_change,
        max_age=None if max_age is None else str(max_age).strip(),
        external_id=external_id,
        line=line,
    )


def _parse_places(raw: object, fail: Callable[..., TemplateError], name: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    items = raw if isinstance(raw, list) else [raw]
    if not items or not all(isinstance(item, str) and item.strip() for item in items):
        raise fail(f"question {name!r}: `bind` must be an address or a list of addresses")
    return tuple(str(item) for item in items)


def _parse_history(raw: object, fail: Callable[..., TemplateError], name: str) -> History | None:
    if raw is None:
        return None
    if isinstance(raw, str) and raw.strip():
        return History(raw)
    if (
        isinstance(raw, Mapping)
        and isinstance(raw.get("table"), str)
        and not set(raw)
        - {
            "table",
            "column",
        }
    ):
        column = raw.get("column")
        if column is not None and not isinstance(column, str):
            raise fail(f"question {name!r}: `history.column` must be a column header")
        return History(str(raw["table"]), column)
    raise fail(
        f"question {name!r}: `history` must be a section name, or a mapping with `table` "
        "and an optional `column`"
    )


def _parse_sanity(
    entry: Mapping[str, Any], fail: Callable[..., TemplateError], name: str
) -> tuple[str | None, float | None]:
    """``monotonic: increasing|decreasing`` and ``max_change: 0.5`` (or ``50%``)."""
    monotonic = entry.get("monotonic")
    if monotonic is not None and monotonic not in ("increasing", "decreasing"):
        raise fail(f"question {name!r}: `monotonic` is increasing or decreasing")
    raw = entry.get("max_change")
    if raw is None:
        return monotonic, None
    text = str(raw).strip()
    try:
        ratio = float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        ratio = -1.0
    if isinstance(raw, bool) or not ratio > 0:
        raise fail(
            f"question {name!r}: `max_change` is a ratio above 0",
            hint="e.g. max_change: 0.5 (or 50%): a new value at most 50% above or below the old",
        )
    return monotonic, ratio


def _parse_choices(
    raw: object, fail: Callable[..., TemplateError], name: str
) -> tuple[Choice, ...]:
    if raw is None:
        return ()
    if isinstance(raw, Mapping):
        return tuple(Choice(str(k), str(v)) for k, v in raw.items())
    if isinstance(raw, list):
        return tuple(Choice(str(v), str(v)) for v in raw)
    raise fail(f"question {name!r}: `choices` must be a list or a value: label mapping")


def _limit(raw: object) -> float | str | None:
    if raw is None:
        return None
    if isinstance(raw, dt.date):
        return raw.isoformat()
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return float(raw)
    return str(raw)


def _plain(value: object) -> object:
    """ruamel's round-trip types → plain Python, so defaults compare and print simply."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    return value
