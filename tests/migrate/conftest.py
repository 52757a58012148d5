"""The ``gadget`` fixture type at versions 1, 2 and 3, and a vault to migrate its notes in.

Version 2 renames a key (``maker`` -> ``made_by``) and a row (``Stats > Colour`` -> ``Color``)
and adds a section (``Price history``); version 3 adds a column (``Stats > Source``) and moves
a row (``Weight`` after ``Color``). Each version's template is what a note made then reads as.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Mapping
from pathlib import Path

import pytest

from scaffold.entities.library import Library

GADGET = Path(__file__).parent / "fixtures" / "gadget"
DAY = dt.date(2026, 1, 27)


class Gadgets:
    """A vault whose ``gadget`` type can be set to any of its versions."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / ".scaffold").mkdir(parents=True, exist_ok=True)

    def install(self, version: int) -> None:
        folder = self.root / ".scaffold" / "templates" / "gadget"
        if folder.exists():
            shutil.rmtree(folder)
        shutil.copytree(GADGET / f"v{version}", folder)

    def render(self, version: int, answers: Mapping[str, object]) -> str:
        """What a note made with ``version`` reads as (the type is left at that version)."""
        self.install(version)
        library = Library(self.root)
        context = {"today": DAY, "created": DAY, "type_name": "gadget", **answers}
        return library.render(library.get("gadget"), context)


@pytest.fixture
def gadgets(tmp_path: Path) -> Gadgets:
    return Gadgets(tmp_path / "vault")


ANSWERS = {"name": "Widget", "maker": "Acme", "price": "$10", "weight": "1 kg", "colour": "red"}
