"""Entity-type templates: where they are, how they render, and the filters they use.

A type is a folder holding ``note.md.j2`` (a Jinja2 note template) and ``questions.yaml``
(its questions, path pattern and link-back default). Built-in types ship in the package
(``scaffold.builtin_templates``, the top-level ``templates/`` folder of the source tree); a vault
adds or overrides types in ``.scaffold/templates/<type>/``. A folder without ``questions.yaml``
(such as ``base``) is a layout other templates extend, not a type.

Templates that may come from a vault render in Jinja2's sandbox: a vault can be shared, and
rendering it must not run arbitrary code.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scaffold.entities.question_file import parse_question_file
from scaffold.entities.questions import QuestionFile
from scaffold.errors import TemplateError, UnknownTypeError

if TYPE_CHECKING:
    from jinja2 import Environment

NOTE_TEMPLATE = "note.md.j2"
QUESTION_FILE = "questions.yaml"
VAULT_TEMPLATES = Path(".scaffold") / "templates"
BUILTIN = "built-in"
VAULT = "vault"

# Plain YAML scalars that YAML reads back as written. Anything else is quoted.
_YAML_SAFE = re.compile(r"[A-Za-z_][A-Za-z0-9 _.()/+'-]*")
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf"})


def builtin_root() -> Path:
    """The folder holding the built-in types.

    Installed (regular or editable), it is the ``scaffold.builtin_templates`` package; in a bare
    source checkout run with ``python -m scaffold`` it is the top-level ``templates/`` folder.
    """
    from importlib.resources import files

    try:
        root = Path(str(files("scaffold.builtin_templates")))
    except ModuleNotFoundError:
        root = Path(__file__).resolve().parents[2] / "templates"  # scaffold/entities/ -> clone
    return root


# --- filters --------------------------------------------------------------------------------


def yaml_value(value: object) -> str:
    """Render a value for YAML frontmatter so that YAML reads back exactly this value.

    Strings are left plain only when nothing in them could be misread (``yes``, ``10:00``,
    ``[[Meta]]``, a leading ``#``, ``: ``, numbers, dates); otherwise they are double-quoted.
    Lists become flow sequences ``[a, "b: c"]``.
    """
    if isinstance(value, list | tuple):
        return "[" + ", ".join(yaml_value(item) for item in value) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if _YAML_SAFE.fullmatch(text) and not text.endswith(" ") and text.lower() not in _YAML_WORDS:
        return text
    return _double_quoted(text)


def _double_quoted(text: str) -> str:
    # Escape what YAML would not read back as is; \U (not surrogate pairs) beyond the BMP.
    out = ['"']
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch.isprintable():
            out.append(ch)
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    out.append('"')
    return "".join(out)


def cell(value: object) -> str:
    """Render a value as the text of a table cell: ``|`` escaped, lists joined with ``, ``.

    Refuses newlines (a cell is one line). This is the rendering the round-trip check expects
    for a bound answer, so templates must put bound answers in cells through this filter.
    """
    from scaffold.note.body.tables import escape_cell

    return escape_cell(_plain_text(value))


def link(value: object) -> str:
    """``Meta`` → ``[[Meta]]``; empty stays empty (no dangling ``[[]]``)."""
    text = str(value or "").strip()
    if text.startswith("[[") and text.endswith("]]"):
        text = text[2:-2].strip()
    return f"[[{text}]]" if text else ""


def links(value: object) -> str:
    """A list of note names → ``[[A]], [[B]]``."""
    items = value if isinstance(value, list | tuple) else [value]
    return ", ".join(link(item) for item in items if str(item or "").strip())


def relate(value: object, relation: str) -> list[tuple[str, str]]:
    """Note names → ``(name, relation)`` pairs, for a type's ``related_links``."""
    items = value if isinstance(value, list | tuple) else [value]
    return [(str(item), relation) for item in items if str(item or "").strip()]


def tags(value: object) -> str:
    """A list of tags → ``#ai #usa`` (a leading ``#`` in an item is not doubled)."""
    items = value if isinstance(value, list | tuple) else [value]
    return " ".join("#" + str(item).strip().lstrip("#") for item in items if str(item).strip())


def _number(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _plain_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(_plain_text(item) for item in value)
    return str(value)


FILTERS = {
    "yaml": yaml_value,
    "cell": cell,
    "link": link,
    "links": links,
    "relate": relate,
    "tags": tags,
}
"""The filters every template environment has; see docs/templates.md."""


# --- types ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TemplateType:
    """One entity type, as found on disk."""

    name: str
    folder: Path
    origin: str
    """``"built-in"`` or ``"vault"``."""
    overrides: bool
    """A vault type with the name of a built-in one (which it replaces)."""
    spec: QuestionFile

    @property
    def template_name(self) -> str:
        """The Jinja name of the type's note template, e.g. ``product/note.md.j2``."""
        return f"{self.name}/{NOTE_TEMPLATE}"


class Library:
    """The types available in one vault: the vault's own first, then the built-in ones."""

    def __init__(self, vault: Path | None = None) -> None:
        self.vault = vault
        self.builtin = builtin_root()
        vault_dir = vault / VAULT_TEMPLATES if vault is not None else None
        self.vault_dir = vault_dir if vault_dir is not None and vault_dir.is_dir() else None

    @property
    def roots(self) -> list[tuple[str, Path]]:
        """Search order: (origin, folder)."""
        roots = [(BUILTIN, self.builtin)]
        if self.vault_dir is not None:
            roots.insert(0, (VAULT, self.vault_dir))
        return roots

    @property
    def sandboxed(self) -> bool:
        """True when any template may come from the vault (which also affects built-in types
        that extend a layout the vault overrides)."""
        return self.vault_dir is not None

    def names(self) -> list[str]:
        """Every type name, sorted."""
        found: set[str] = set()
        for _, root in self.roots:
            found.update(p.parent.name for p in root.glob(f"*/{QUESTION_FILE}"))
        return sorted(found)

    def types(self) -> list[TemplateType]:
        """Every type, parsed, sorted by name."""
        return [self.get(name) for name in self.names()]

    def get(self, name: str) -> TemplateType:
        """The type called ``name``; raises :class:`TemplateError` with suggestions."""
        if not re.fullmatch(r"[A-Za-z0-9_-]+", name):
            raise UnknownTypeError(f"{name!r} is not a type name", hint=self._types_hint(name))
        hits = [(o, r / name) for o, r in self.roots if (r / name / QUESTION_FILE).is_file()]
        if not hits:
            raise UnknownTypeError(f"no template type {name!r}", hint=self._types_hint(name))
        origin, folder = hits[0]
        qpath = folder / QUESTION_FILE
        if not (folder / NOTE_TEMPLATE).is_file():
            raise TemplateError(
                f"type {name!r} has {QUESTION_FILE} but no {NOTE_TEMPLATE}", path=folder
            )
        spec = parse_question_file(qpath.read_text(encoding="utf-8"), qpath)
        overrides = origin == VAULT and (self.builtin / name / QUESTION_FILE).is_file()
        return TemplateType(name, folder, origin, overrides, spec)

    def _types_hint(self, name: str) -> str:
        import difflib

        names = self.names()
        close = difflib.get_close_matches(name, names, n=1)
        if close:
            return f"did you mean {close[0]!r}? (`scaffold templates list` shows them all)"
        return f"types: {', '.join(names)} (`scaffold templates list` shows them all)"

    @cached_property
    def env(self) -> Environment:
        """The Jinja2 environment: sandboxed when the vault has templates."""
        from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined

        loader = ChoiceLoader([FileSystemLoader(str(root)) for _, root in self.roots])
        options: dict[str, Any] = {
            "loader": loader,
            "undefined": StrictUndefined,
            "keep_trailing_newline": True,
            "trim_blocks": True,
            "lstrip_blocks": True,
            "autoescape": False,
        }
        env: Environment
        if self.sandboxed:
            from jinja2.sandbox import ImmutableSandboxedEnvironment

            env = ImmutableSandboxedEnvironment(**options)
        else:
            from jinja2 import Environment

            env = Environment(**options)
        env.filters.update(FILTERS)
        return env

    def origin_of(self, template_name: str) -> tuple[str, Path]:
        """Where a template file is found: ``(origin, path)``."""
        for origin, root in self.roots:
            candidate = root / template_name
            if candidate.is_file():
                return origin, candidate
        raise TemplateError(f"template {template_name!r} not found")

    def chain(self, ttype: TemplateType) -> list[tuple[str, str, Path]]:
        """The inheritance chain of a type's note template, most specific first:
        ``[(template name, origin, path), ...]``."""
        from jinja2 import nodes

        chain: list[tuple[str, str, Path]] = []
        name: str | None = ttype.template_name
        while name is not None and len(chain) < 20:
            origin, path = self.origin_of(name)
            chain.append((name, origin, path))
            ast = self._parse(path, name)
            extends = ast.find(nodes.Extends)
            name = None
            if extends is not None and isinstance(extends.template, nodes.Const):
                name = str(extends.template.value)
        return chain

    def _parse(self, path: Path, name: str) -> Any:
        from jinja2 import TemplateSyntaxError

        try:
            return self.env.parse(path.read_text(encoding="utf-8"), name, str(path))
        except TemplateSyntaxError as exc:
            raise TemplateError(
                f"template syntax error: {exc.message}", path=path, line=exc.lineno
            ) from None

    def render(self, ttype: TemplateType, answers: Mapping[str, object]) -> str:
        """Render the type's note template with ``answers``."""
        return self._render(lambda: self.env.get_template(ttype.template_name), answers, ttype)

    def render_string(self, source: str, answers: Mapping[str, object], what: str) -> str:
        """Render a short pattern from a question file (path, bind address, relation)."""
        return self._render(lambda: self.env.from_string(source), answers, None, what=what)

    def _render(
        self,
        load: Any,
        answers: Mapping[str, object],
        ttype: TemplateType | None,
        what: str = "",
    ) -> str:
        from jinja2 import TemplateError as JinjaError
        from jinja2 import TemplateSyntaxError
        from jinja2.exceptions import SecurityError

        from scaffold.errors import ScaffoldError

        where = ttype.folder / NOTE_TEMPLATE if ttype is not None else None
        label = f"template {ttype.name!r}" if ttype is not None else what
        try:
            return str(load().render(**answers))
        except SecurityError as exc:
            raise TemplateError(
                f"{label} tried something the sandbox forbids: {exc}",
                path=where,
                hint="vault templates render in Jinja2's sandbox; use only filters and answers",
            ) from None
        except TemplateSyntaxError as exc:
            raise TemplateError(
                f"{label}: syntax error: {exc.message}",
                path=exc.filename or where,
                line=exc.lineno,
            ) from None
        except ScaffoldError as exc:  # e.g. a newline refused by the cell filter
            raise TemplateError(f"{label}: {exc.message}", path=where, hint=exc.hint) from None
        except JinjaError as exc:
            raise TemplateError(f"{label}: {exc}", path=where) from None
        except (TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:
            raise TemplateError(f"{label}: {type(exc).__name__}: {exc}", path=where) from None
