"""Property: for random vaults and random update sets, an update followed by undo restores
every byte (and an update never touches a note it was not asked to change)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import scaffold
from scaffold.errors import UsageError

WORDS = st.text(alphabet=st.sampled_from("abcXYZ019 .+-*_|~<>#:é✓"), min_size=0, max_size=12)
KEYS = ["k0", "k1", "k2"]
ROWS = ["r0", "r1", "r2"]


@st.composite
def notes(draw: st.DrawFn) -> bytes:
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    lines = ["---"]
    for key in draw(st.lists(st.sampled_from(KEYS), unique=True)):
        value = draw(st.sampled_from(["plain", "'quoted'", '"dq"', "12", "1.5", "true", "[a, b]"]))
        lines.append(f"{key}: {value}")
    lines += ["---", "", "## Stats", "", "| Metric | Value |", "|---|---|"]
    for row in draw(st.lists(st.sampled_from(ROWS), unique=True)):
        cell = draw(st.sampled_from(["1", "**2M+**", "**3** (Apr 2025)", "[[Link]]", ""]))
        lines.append(f"| {row} | {cell} |")
    text = eol.join(lines) + draw(st.sampled_from([eol, ""]))
    bom = draw(st.booleans())
    return ("\ufeff" if bom else "").encode() + text.encode()


TARGETS = st.sampled_from([*KEYS, *(f"Stats > {r}" for r in ROWS), "Stats > r0 > Value"])


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(
    vault=st.lists(notes(), min_size=1, max_size=4),
    updates=st.lists(
        st.tuples(st.integers(0, 3), st.dictionaries(TARGETS, WORDS, min_size=1, max_size=3)),
        min_size=1,
        max_size=5,
    ),
    create=st.booleans(),
    verbatim=st.booleans(),
)
def test_update_then_undo_restores_every_byte(
    vault: list[bytes],
    updates: list[tuple[int, dict[str, str]]],
    create: bool,
    verbatim: bool,
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / ".scaffold").mkdir()
        for i, data in enumerate(vault):
            (root / f"n{i}.md").write_bytes(data)
        before = {p.name: p.read_bytes() for p in root.glob("*.md")}
        rows = [{"note": f"n{i % len(vault)}", **values} for i, values in updates]
        try:
            report = scaffold.update(root, rows, create=create, verbatim=verbatim, jobs=1)
        except UsageError:
            # A key that is no field and no key of any note it is given to: a typo in the
            # input's names, refused whole before any note is read for planning.
            assert not create
            assert {p.name: p.read_bytes() for p in root.glob("*.md")} == before
            event("refused: a name no note has")
            return
        after = {p.name: p.read_bytes() for p in root.glob("*.md")}
        named = {f"n{i % len(vault)}.md" for i, _ in updates}
        assert {k for k in before if before[k] != after[k]} <= named
        written = {r.path for r in report.results if r.written}
        assert {k for k in before if before[k] != after[k]} == {f"{p}" for p in written}
        event(f"notes written: {min(len(written), 2)}+")
        if report.summary.run_id is not None:
            undone = scaffold.undo(root)
            assert undone.ok
        assert {p.name: p.read_bytes() for p in root.glob("*.md")} == before
        assert not [p for p in root.iterdir() if p.name.endswith(".tmp")]
