"""Rebuild the example vault's notes from examples/answers/ with scaffold itself.

    .venv/bin/python examples/regenerate.py       # rewrite examples/vault in place
    .venv/bin/python examples/regenerate.py DIR   # build into DIR (it needs .scaffold/ copied in)

Every entity note in the vault is made by `scaffold new`, in this order, so link-backs land
in notes that already exist; `scaffold update --from` adds Llama's download history; the index
note Products.md gets its view markers (:data:`INDEX`) and `scaffold render` fills them; and
`scaffold chart --embed` draws Llama's history (charts/) and embeds it in the note. The notes
are built in a temporary folder first: the vault's notes are replaced only once every step has
worked, so a failure (say, a Python without scaffold's dependencies) leaves them as they were.
The tests run this into a temporary folder and compare.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
STEPS = [
    ("country", "usa.yaml"),
    ("actor", "meta.yaml"),
    ("product", "claude.yaml"),
    ("product", "llama.yaml"),
]

INDEX = """\
# Products

Every product of the vault, with its numbers. The table is a view: `scaffold render` rewrites
what is between the two markers from the product notes, and leaves the rest of this note alone.

<!-- scaffold:view where="type:product" sort="-downloads"
     columns="name, downloads, license, Quick stats > Parent" -->
<!-- /scaffold:view -->

Open-weight models, as a list:

<!-- scaffold:view where="type:product and tag:opensource" as="list" columns="name, downloads" -->
<!-- /scaffold:view -->
"""
"""The index note's text before `scaffold render` fills its views."""


HISTORY = "llama-downloads.csv"
"""Dated download counts, added to Llama's Download trajectory by `scaffold update --from`."""

CHART = "charts/Llama downloads.svg"
"""The chart of that history, drawn by `scaffold chart` (the README shows it)."""


class StepFailed(Exception):
    """One `scaffold new` step failed; ``str()`` is what to tell the user."""


def _notes(vault: Path) -> list[Path]:
    """The vault's notes and charts, relative to it (its .scaffold/ folder holds none)."""
    return sorted(
        p.relative_to(vault)
        for p in [*vault.rglob("*.md"), *vault.glob("charts/*.svg")]
        if ".scaffold" not in p.relative_to(vault).parts
    )


def build(vault: Path, into: Path) -> None:
    """Make every note from the answer files into the empty vault ``into``, with the types
    of ``vault``'s .scaffold/ folder."""
    shutil.copytree(vault / ".scaffold", into / ".scaffold")
    env = dict(os.environ)
    root = str(HERE.parent)  # so `python -m scaffold` works from a source checkout too
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    for type_name, answers in STEPS:
        command = ["new", type_name, "--defaults"]
        command += ["--answers", str(HERE / "answers" / answers), "--vault", str(into)]
        _scaffold(command, env, f"scaffold new {type_name} --answers {answers}")
    history = str(HERE / "answers" / HISTORY)
    _scaffold(["update", "--from", history, "--vault", str(into), "--yes", "--quiet"], env,
              f"scaffold update --from {HISTORY}")  # fmt: skip
    (into / "Products.md").write_text(INDEX, encoding="utf-8")
    _scaffold(["render", "--vault", str(into), "--quiet"], env, "scaffold render")
    chart = str(into / CHART)
    _scaffold(["chart", "downloads", "Llama", "--vault", str(into), "-o", chart, "--embed"], env,
              "scaffold chart downloads Llama")  # fmt: skip


def _scaffold(args: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "scaffold", *args],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise StepFailed(f"`{what}` failed (exit {done.returncode}):\n{done.stderr.rstrip()}")


def regenerate(vault: Path) -> None:
    """Replace the vault's notes with ones made again from the answer files."""
    with tempfile.TemporaryDirectory(prefix="scaffold-examples-") as tmp:
        fresh = Path(tmp) / "vault"
        build(vault, fresh)
        for note in _notes(vault):  # only now: everything was rebuilt
            (vault / note).unlink()
        for note in _notes(fresh):
            (vault / note).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(fresh / note, vault / note)


def main(argv: list[str]) -> int:
    vault = Path(argv[0]) if argv else HERE / "vault"
    try:
        regenerate(vault)
    except StepFailed as exc:
        print(f"regenerate: {exc}", file=sys.stderr)
        print(
            f"regenerate: nothing in {vault} was changed. Run it with the project's "
            "environment: .venv/bin/python examples/regenerate.py",
            file=sys.stderr,
        )
        return 1
    print(f"regenerated {len(_notes(vault))} notes in {vault}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
