"""The wheel ships every subpackage: pyproject.toml's package list matches the source tree.

setuptools' automatic discovery cannot be combined with the built-in templates' mapping
(``templates/`` ships as ``scaffold.builtin_templates``), so the list is written out and this
test keeps it complete: a new package that is not listed fails here, not in a user's install.
"""

from __future__ import annotations

import tomllib

from tests.conftest import PROJECT


def test_every_package_under_scaffold_is_shipped() -> None:
    config = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(PROJECT).parts)
        for init in (PROJECT / "scaffold").rglob("__init__.py")
    }
    assert listed == on_disk | {"scaffold.builtin_templates"}
