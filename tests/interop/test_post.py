"""python-frontmatter interop: a script edits a frontmatter.Post; scaffold writes back only
what the script changed."""

from __future__ import annotations

import datetime as dt

import frontmatter
import pytest

import scaffold
from scaffold.errors import ValueRefusedError
from scaffold.interop.post import from_post, to_post
from tests.conftest import SEED

NOTE = """---
title: Llama   # the model family
aliases: [Meta Llama, LLaMA]
created: 2026-01-27
stars: 90
'quoted key': "x"
---
# Llama

| Metric | Value |
|---|---|
| Downloads | 1.2B+ |
"""


def test_a_post_is_the_notes_data_and_exact_body() -> None:
    note = scaffold.loads(NOTE)
    post = to_post(note)
    assert isinstance(post, frontmatter.Post)
    assert post.metadata == note.data
    assert post.content == NOTE.split("---\n", 2)[2]


def test_an_untouched_post_changes_nothing() -> None:
    note = scaffold.load(SEED)
    assert from_post(to_post(note), note).text == note.text
    # python-frontmatter's own reading (content stripped, PyYAML types) is also a no-op
    loaded = frontmatter.loads(SEED.read_text(encoding="utf-8"))
    assert from_post(loaded, note).text == note.text


def test_changed_values_are_edited_in_place_and_the_rest_is_kept() -> None:
    note = scaffold.loads(NOTE)
    post = to_post(note)
    post["title"] = "Llama 4"
    post["stars"] = 91
    post["created"] = dt.date(2026, 2, 1)
    post["aliases"] = ["Meta Llama", "Llama 4"]
    post["license"] = "free"
    del post["quoted key"]
    new = from_post(post, note)
    assert new.text == NOTE.replace("title: Llama ", "title: Llama 4 ").replace(
        "stars: 90", "stars: 91"
    ).replace("2026-01-27", "2026-02-01").replace(
        "[Meta Llama, LLaMA]", "[Meta Llama, Llama 4]"
    ).replace("'quoted key': \"x\"\n", "license: free\n")
    assert new.data["stars"] == 91
    assert new.data["created"] == dt.date(2026, 2, 1)


def test_a_changed_body_replaces_the_body_only() -> None:
    note = scaffold.loads(NOTE)
    post = to_post(note)
    post.content = "# Llama\n\nnew body\n"
    new = from_post(post, note)
    assert new.text == NOTE.split("# Llama")[0] + "# Llama\n\nnew body\n"


def test_a_reordered_list_is_refused_not_guessed() -> None:
    note = scaffold.loads(NOTE)
    post = to_post(note)
    post["aliases"] = ["LLaMA", "Meta Llama"]
    with pytest.raises(ValueRefusedError, match="reordered"):
        from_post(post, note)
