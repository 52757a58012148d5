"""python-frontmatter interop: a :class:`~scaffold.api.Note` as a ``frontmatter.Post`` and
back, for scripts already built on python-frontmatter.

python-frontmatter re-serialises the whole YAML block when it writes, which loses key order,
quotes, comments and flow style. :func:`from_post` instead turns the differences between a
Post and the note it came from into scaffold edits, so writing a Post back through scaffold
changes only the values the script changed::

    post = to_post(note)              # metadata and content, as python-frontmatter has them
    post["downloads"] = "1.3B+"       # the script works on the Post as it always did
    new = from_post(post, note)       # a Note with exactly that one value changed

Top-level keys may be added, changed or deleted, and lists may lose items or gain items at
the end; anything else (a reordered list, a changed nested mapping) is refused with a hint
rather than guessed at.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Protocol

from scaffold.edit import ops
from scaffold.edit.verify import strict_equal
from scaffold.errors import ValueRefusedError
from scaffold.note.addressing.address import quote_key

if TYPE_CHECKING:
    import frontmatter

    from scaffold.note.parsed import ParsedNote

    class _PostLike(Protocol):
        metadata: dict[str, Any]
        content: str


def to_post(note: ParsedNote) -> frontmatter.Post:
    """The note as a ``frontmatter.Post``: its frontmatter data and its body text, unstripped."""
    import frontmatter

    body = note.text[note.block.after :] if note.block else note.text
    post = frontmatter.Post(body)
    data = note.data
    post.metadata.update(data if isinstance(data, dict) else {})
    return post


def from_post(post: _PostLike, note: ParsedNote) -> ParsedNote:
    """``note`` with the Post's changes applied as byte-exact edits (see the module doc).

    The body is replaced only when the Post's content differs from it other than in leading
    and trailing whitespace (python-frontmatter strips content when it loads a file).
    """
    old = note.data if isinstance(note.data, dict) else {}
    new = post.metadata
    for key in [k for k in old if k not in new]:
        note = ops.delete(note, _quoted(key))
    for key, value in new.items():
        if key not in old:
            note = _add(note, key, value)
        elif not strict_equal(old[key], value):
            note = _change(note, key, old[key], value)
    body = note.text[note.block.after :] if note.block else note.text
    if post.content.strip() != body.strip():
        head = note.text[: note.block.after] if note.block else ""
        note = note.replace_text(head + post.content)
    return note


def _quoted(key: object) -> str:
    if not isinstance(key, str):
        raise ValueRefusedError(f"frontmatter key {key!r} is not a string")
    return quote_key(key)


def _scalar(value: object, key: str) -> tuple[str, str]:
    """``value`` as (text, --type) for ``set``."""
    if value is None:
        return "", "null"
    if isinstance(value, bool):
        return ("true" if value else "false"), "bool"
    if isinstance(value, int):
        return str(value), "int"
    if isinstance(value, float):
        return repr(value), "float"
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat(), "date"
    if isinstance(value, str):
        return value, "str"
    raise ValueRefusedError(
        f"frontmatter key {key!r}: cannot write a {type(value).__name__} value from a Post",
        hint="set it with Note.set on the nested address instead",
    )


def _add(note: ParsedNote, key: str, value: object) -> ParsedNote:
    if isinstance(value, list):
        texts = [_scalar(item, key) for item in value]
        return ops.append(note, _quoted(key), [t for t, _ in texts]) if texts else note
    text, type_hint = _scalar(value, key)
    return ops.set_value(note, _quoted(key), text, type_hint=type_hint, create=True)


def _change(note: ParsedNote, key: str, was: object, value: object) -> ParsedNote:
    if isinstance(was, list) and isinstance(value, list):
        kept = [item for item in was if any(strict_equal(item, v) for v in value)]
        if not all(strict_equal(a, b) for a, b in zip(kept, value, strict=False)):
            raise ValueRefusedError(
                f"frontmatter list {key!r} was reordered in the Post",
                hint="scaffold edits lists by removing items and appending new ones",
            )
        for item in was:
            if not any(strict_equal(item, v) for v in value):
                note = ops.remove(note, _quoted(key), _scalar(item, key)[0])
        added = [_scalar(item, key)[0] for item in value[len(kept) :]]
        return ops.append(note, _quoted(key), added) if added else note
    if isinstance(was, dict | list) or isinstance(value, dict | list):
        raise ValueRefusedError(
            f"frontmatter key {key!r} changed shape or nested content in the Post",
            hint="set nested values with Note.set('key.sub', ...) instead",
        )
    text, type_hint = _scalar(value, key)
    return ops.set_value(note, _quoted(key), text, type_hint=type_hint)
