"""Rebuild the example vault's notes from examples/answers/ with scaffold itself.

    python examples/regenerate.py            # rewrite examples/vault in place
    python examples/regenerate.py DIR        # build into DIR (it needs .scaffold/ copied in)

Every note in the vault is made by `scaffold new`, in this order, so link-backs land in
notes that already exist. The tests run this into a temporary folder and compare.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
STEPS = [
    ("country", "usa.yaml"),
    ("actor", "meta.yaml"),
    ("product", "claude.yaml"),
    ("product", "llama.yaml"),
]


def regenerate(vault: Path) -> None:
    """Delete the vault's notes and make them again from the answer files."""
    for note in vault.rglob("*.md"):
        if ".scaffold" not in note.relative_to(vault).parts:
            note.unlink()
    env = dict(os.environ)
    root = str(HERE.parent)  # so `python -m scaffold` works from a source checkout too
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    for type_name, answers in STEPS:
        command = [sys.executable, "-m", "scaffold", "new", type_name, "--defaults"]
        command += ["--answers", str(HERE / "answers" / answers), "--vault", str(vault)]
        subprocess.run(command, check=True, env=env, stdin=subprocess.DEVNULL)


if __name__ == "__main__":
    regenerate(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "vault")
