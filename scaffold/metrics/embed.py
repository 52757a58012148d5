"""The managed embed: ``![[charts/Llama downloads.svg]]`` in the note whose history the chart
draws, on its own line after the history table. It is added once; a note that embeds the chart
already (by its vault path or its file name, with or without a ``|size``) is left alone, so a
rerun changes nothing. The insertion goes through the edit engine's verified
:func:`~scaffold.edit.structure.insert_text`: every heading and table of the note reads back as
it was.
"""

from __future__ import annotations

import re

from scaffold.edit.structure import insert_text
from scaffold.note.addressing import address as addr
from scaffold.note.addressing.resolve import resolve_table
from scaffold.note.parsed import ParsedNote


def embed_text(target: str) -> str:
    """The embed for a vault-relative ``target``: ``![[charts/Llama downloads.svg]]``."""
    return f"![[{target}]]"


def embeds(note: ParsedNote, target: str) -> bool:
    """Whether the note already embeds ``target`` (its vault path or its file name)."""
    name = target.rsplit("/", 1)[-1]
    wanted = "|".join(re.escape(t) for t in {target, name})
    return re.search(rf"!\[\[(?:{wanted})(?:\|[^\]\n]*)?\]\]", note.text) is not None


def with_embed(note: ParsedNote, section: str, target: str) -> ParsedNote | None:
    """The note with the embed of ``target`` after the table under ``section`` (the history
    table), or None when it embeds the chart already."""
    if embeds(note, target):
        return None
    table = resolve_table(note, addr.TableAddress(section, None, None, section)).table
    lines = note.lines
    index = table.end_line - 1
    eol = lines.dominant_eol()
    at = lines.next_start(index)
    lead = eol if not lines.eols[index] else ""
    # Text right after the embed would run on into its paragraph: keep a blank line between.
    follows = index + 1 < len(lines) and lines.content[index + 1].strip()
    tail = eol if follows else ""
    return insert_text(note, at, f"{lead}{eol}{embed_text(target)}{eol}{tail}")
