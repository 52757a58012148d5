"""The property ``mv`` promises, on generated vaults: no link breaks or mends, only link
targets change, and ``undo`` gives back every byte."""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scaffold import api
from scaffold.note.parsed import ParsedNote
from scaffold.note.wikilinks import find_links

FOLDERS = ("", "Sub/", "Sub/Deep/")
# Link forms to the note Llama (in Sub/), to others, and to nothing; some hidden in code.
PIECES = (
    "[[Llama]]",
    "[[llama|shown]]",
    "[[Llama#Stats]]",
    "![[Llama#^b1]]",
    "[[Sub/Llama]]",
    "[[/Sub/Llama.md|x]]",
    "[[../Llama]]",
    "[[LL]]",
    "[[Other]]",
    "[[Missing]]",
    "[[Llamas]]",
    "`[[Llama]]`",
    "%% [[Llama]] %%",
    "\\[[Llama]]",
    "plain text",
    "Llama",
    "| [[Llama\\|L]] | x |",
)
NAMES = st.sampled_from(("Meta Llama", "Llama 3", "LLAMA", "Camelid", "Meta's Llama", "x"))


def _note(pieces: list[str], crlf: bool, frontmatter: bool) -> bytes:
    lines = [" ".join(pieces[i : i + 3]) for i in range(0, len(pieces), 3)]
    if frontmatter:
        lines = ["---", 'up: "[[Llama]]"', "side: '[[Sub/Llama]]'", "---", *lines]
    eol = "\r\n" if crlf else "\n"
    return (eol.join(lines) + eol).encode("utf-8")


def _broken(vault: Path, rename: dict[str, str]) -> Counter[tuple[str, int]]:
    found = api.check(vault, select=["L001"])["diagnostics"]
    return Counter((rename.get(d["path"], d["path"]), d["line"]) for d in found)


def _files(vault: Path) -> dict[str, bytes]:
    return {
        p.relative_to(vault).as_posix(): p.read_bytes()
        for p in sorted(vault.rglob("*.md"))
        if ".scaffold" not in p.parts
    }


notes = st.lists(
    st.tuples(
        st.sampled_from(FOLDERS),
        st.lists(st.sampled_from(PIECES), min_size=1, max_size=9),
        st.booleans(),
        st.booleans(),
    ),
    min_size=1,
    max_size=5,
)


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(notes=notes, new=NAMES, into=st.sampled_from(("", "Sub/", "Other place/")))
def test_mv_changes_only_link_targets_and_undo_restores(
    notes: list[tuple[str, list[str], bool, bool]], new: str, into: str
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        vault = Path(tmp)
        (vault / ".scaffold").mkdir()
        (vault / "Sub").mkdir()
        (vault / "Sub" / "Llama.md").write_text(
            "---\naliases: [LL]\n---\n## Stats\nx ^b1\n[[Llama#Stats]] [[./Other]]\n",
            encoding="utf-8",
        )
        (vault / "Sub" / "Other.md").write_text("[[Llama]]\n", encoding="utf-8")
        (vault / "Llamas.md").write_text("x\n", encoding="utf-8")
        for i, (folder, pieces, crlf, fm) in enumerate(notes):
            path = vault / folder / f"Note {i}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(_note(pieces, crlf, fm))
        before = _files(vault)
        broken = _broken(vault, {})

        target = f"{into}{new}.md" if into else new
        plan = api.plan_move(vault, "Sub/Llama.md", target, cwd=vault)
        moved = api.apply_move(plan)
        after = _files(vault)
        assert set(after) == (set(before) - {plan.old}) | {plan.new}
        assert _broken(vault, {plan.new: plan.old}) == broken

        rewritten = {n.path: n for n in plan.notes}
        for rel, data in after.items():
            old = before[plan.old if rel == plan.new else rel]
            if rel not in rewritten:
                assert data == old, rel
                continue
            # Every byte outside the rewritten spans is the old one, and every span is the
            # target of a link in the old note.
            old_note = ParsedNote.from_bytes(old)
            targets = {(link.target_start, link.target_end) for link in find_links(old_note)}
            text, at, out = old_note.text, 0, []
            for r in sorted(rewritten[rel].links, key=lambda r: r.start):
                assert (r.start, r.end) in targets
                out += [text[at : r.start], r.new]
                at = r.end
            out.append(text[at:])
            assert data == ParsedNote("".join(out), bom=old_note.bom).to_bytes(), rel

        assert moved.run is not None
        outcome = api.undo(vault)
        assert outcome.summary.failed == 0
        assert _files(vault) == before
