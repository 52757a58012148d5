"""Hypothesis strategies for notes as people and programs really write them, and as an
attacker would: valid and broken frontmatter, YAML with anchors, tags, merge keys, block
scalars, deep nesting and duplicate keys, bodies with tables of every shape, fences and
comments, in any line ending, with or without a BOM, and now and then plain garbage bytes.
"""

from __future__ import annotations

from hypothesis import strategies as st

# Text a user might type anywhere, hostile characters included (no surrogates: not UTF-8).
HOSTILE = "|\\:#'\"-*&!%@`[]{}>,?~= \t"
WORDS = [
    "Llama",
    "Meta",
    "中文",
    "Café",
    "x",
    "1.2B+",
    "yes",
    "no",
    "null",
    "~",
    "2026-01-27",
    "10:00",
    "1e3",
    "0x1F",
    "007",
    "-5%",
    "[[Meta]]",
    "[[a\\|b]]",
    "**b**",
    "`c`",
    "—",
    "#tag",
    "a: b",
    "- x",
    "&a",
    "*a",
    "!!str",
    "%TAG",
    "@x",
    "\u200b",
    "\u202e",
    "<br>",
    "...",
    "---",
    "|",
    "\\",
    "'",
    '"',
]

text_chars = st.characters(codec="utf-8", exclude_categories=("Cs",))
free_text = st.text(text_chars, max_size=12)
# What YAML allows inside quotes without escapes: no control characters, no line breaks.
printable = st.text(
    st.characters(
        codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters="\x85\ufeff"
    ),
    max_size=12,
)
word = st.sampled_from(WORDS) | st.text(st.sampled_from("aZ09_ " + HOSTILE), min_size=1, max_size=6)
phrase = st.lists(word, min_size=1, max_size=3).map(" ".join)


# -- frontmatter ----------------------------------------------------------------------------

plain_key = st.from_regex(r"[A-Za-z_][A-Za-z0-9_ -]{0,10}", fullmatch=True).map(str.rstrip)
key = st.one_of(
    plain_key,
    st.sampled_from(
        [
            "aliases",
            "alias",
            "tags",
            "created",
            "Title",
            "title",
            "a.b",
            "x > y",
            "12",
            "0",
            "中文",
            "Café",
            "null",
            "true",
            "<<",
        ]
    ),
    free_text.filter(lambda s: s.strip() != "").map(lambda s: '"' + s.replace('"', "") + '"'),
    free_text.map(lambda s: "'" + s.replace("'", "''") + "'"),
)


def _quoted(s: str, q: str) -> str:
    if q == "'":
        return "'" + s.replace("'", "''") + "'"
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


scalar = st.one_of(
    phrase,
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(
        [
            "true",
            "false",
            "True",
            "yes",
            "~",
            "null",
            "",
            "2026-01-27",
            "2026-02-30",
            "12:30:45",
            ".inf",
            "-.nan",
            "0o17",
            "+12",
            "1_000",
        ]
    ),
    st.builds(_quoted, free_text, st.sampled_from(["'", '"'])),
    st.sampled_from(
        [
            '"\\u263a \\x41 \\n"',
            '"unclosed',
            "'unclosed",
            '"a\\',
            "!!str 12",
            "!!int x",
            "!custom v",
            "!!python/object/apply:os.system ['true']",
            "&anc value",
            "*anc",
            "[[x]]",
            "{a: b}",
            "[a, [b, [c]]]",
            "@at",
            "`tick",
            "a #comment",
            "a#nocomment",
            "%percent",
            "| x",
            "> y",
        ]
    ),
)


# Values that are valid YAML: plain where plain is safe, else quoted (with any text inside).
safe_scalar = st.one_of(
    st.from_regex(r"[A-Za-z][A-Za-z0-9 ]{0,8}[A-Za-z0-9]", fullmatch=True),
    st.integers(-(10**6), 10**6).map(str),
    st.sampled_from(["true", "false", "null", "~", "", "2026-01-27", "1.5", "中文", "Café"]),
    st.builds(_quoted, printable, st.sampled_from(["'", '"'])),
)
safe_key = st.one_of(plain_key, st.sampled_from(["aliases", "tags", "created", "Title", "中文"]))


@st.composite
def yaml_lines(
    draw: st.DrawFn, depth: int = 0, hostile: bool = True, k: str | None = None
) -> list[str]:
    """The lines of one frontmatter entry (before line endings are chosen)."""
    if k is None:
        k = draw(key if hostile else safe_key)
    scalar_ = scalar if hostile else safe_scalar
    kinds = ["scalar"] * 5 + ["flow", "block", "map", "literal"] + (["odd"] if hostile else [])
    kind = draw(st.sampled_from(kinds))
    if depth >= 2 and kind == "map":
        kind = "scalar"
    comment = draw(st.sampled_from(["", "", " # note", "  #x"]))
    if kind == "scalar":
        return [f"{k}: {draw(scalar_)}{comment}"]
    if kind == "flow":
        items = draw(st.lists(scalar_, max_size=4))
        return [f"{k}: [{', '.join(items)}]{comment}"]
    if kind == "block":
        indent = draw(st.sampled_from(["", "  ", "    ", "\t"] if hostile else ["", "  "]))
        items = draw(st.lists(scalar_, min_size=1, max_size=4))
        return [f"{k}:{comment}", *(f"{indent}- {i}" for i in items)]
    if kind == "map":
        inner = [
            line for _ in range(draw(st.integers(1, 3))) for line in draw(yaml_lines(depth + 1))
        ]
        pad = draw(st.sampled_from(["  ", "    ", " "]))
        return [f"{k}:", *(pad + line for line in inner)]
    if kind == "literal":
        style = draw(st.sampled_from(["|", "|-", ">", ">+", "|2"]))
        body = draw(st.lists(phrase if hostile else safe_scalar, min_size=1, max_size=3))
        return [f"{k}: {style}", *(f"  {b}" for b in body)]
    return [
        draw(
            st.sampled_from(
                [
                    "a: &b {x: 1, y: [1, 2]}\nc: *b\nd:\n  <<: *b\n  z: 3",
                    "l0: &l0 [x, x]\nl1: &l1 [*l0, *l0]\nl2: &l2 [*l1, *l1]\nuse: *l2",
                    "dup: 1\ndup: 2",
                    "? complex key\n: value",
                    "%YAML 1.2",
                    "deep: " + "[" * 60 + "]" * 60,
                    "deep2: " + "{a: " * 40 + "1" + "}" * 40,
                    "key with no value",
                    "- a list at the top",
                    "tab:\tvalue",
                    "bad: [unclosed",
                    "bad2: {a: 1",
                    "...",
                    "multi: 'line one\n  line two'",
                    "colon:in:key: v",
                    "empty:",
                    "   indented: odd",
                ]
            )
        )
    ]


def entry_keys(hostile: bool, least: int, most: int) -> st.SearchStrategy[list[str]]:
    """Keys for one mapping: any (duplicates included) when hostile, else distinct."""
    if hostile:
        return st.lists(key, min_size=least, max_size=most)
    return st.lists(safe_key, min_size=least, max_size=most, unique_by=str.casefold)


@st.composite
def frontmatter(draw: st.DrawFn) -> list[str]:
    """Valid YAML three times in four; otherwise anything, broken fences included."""
    hostile = draw(st.integers(0, 3)) == 0
    keys = draw(entry_keys(hostile, 0, 6))
    lines = [line for k in keys for line in draw(yaml_lines(hostile=hostile, k=k))]
    lines = "\n".join(lines).split("\n")
    fences = ["---", "---", "---", "...", "", "--- ", "----"] if hostile else ["---"]
    close = draw(st.sampled_from(fences))
    return ["---", *lines, *([close] if close else [])]


# -- body -----------------------------------------------------------------------------------


@st.composite
def table(draw: st.DrawFn) -> list[str]:
    cols = draw(st.integers(1, 4))
    pad = draw(st.sampled_from(["", " ", "  "]))
    outer = draw(st.sampled_from(["both", "both", "none", "left", "right"]))
    prefix = draw(st.sampled_from(["", "", "> ", ">"]))
    aligned = draw(st.booleans())
    rows = [[draw(phrase) for _ in range(cols)] for _ in range(draw(st.integers(0, 4)) + 1)]
    rows = [[c.replace("|", "\\|") if draw(st.booleans()) else c for c in r] for r in rows]
    delims = [draw(st.sampled_from(["---", ":--", "--:", ":-:", "-"])) for _ in range(cols)]
    if aligned:
        widths = [max(len(r[i]) for r in rows) for i in range(cols)]
        widths = [max(w, len(d)) for w, d in zip(widths, delims, strict=True)]
        rows = [[c.ljust(w) for c, w in zip(r, widths, strict=True)] for r in rows]
        delims = [
            d[0] + "-" * (w - 2) + d[-1] if w > 2 else d
            for d, w in zip(delims, widths, strict=True)
        ]

    def row(cells: list[str]) -> str:
        inner = "|".join(f"{pad}{c}{pad}" for c in cells)
        if outer == "both" or (cols == 1 and outer == "none"):
            inner = f"|{inner}|"
        elif outer == "left":
            inner = f"|{inner}"
        elif outer == "right":
            inner = f"{inner}|"
        return prefix + inner

    body = rows[1:]
    if body and draw(st.booleans()):
        body[-1] = body[-1][: draw(st.integers(1, cols))]  # a short row
    return [row(rows[0]), row(delims), *(row(r) for r in body)]


block = st.one_of(
    st.builds(lambda n, t: "#" * n + " " + t, st.integers(1, 6), phrase),
    st.builds(lambda t, u: f"{t}\n{u}", phrase, st.sampled_from(["===", "---", "-"])),
    phrase,
    st.sampled_from(
        [
            "```\n| not | table |\n|---|---|\n```",
            "~~~python\ncode\n",
            "```",
            "<!-- | a | b |\n|---|---| -->",
            "<!-- unclosed",
            "%% hidden %%",
            "%%\n## not a heading\n%%",
            "- [[Meta]] — parent",
            "  - nested item",
            "> [!note] A callout",
            "#actor #product",
            "***",
            "",
            "",
            "\t| tab | x |",
            "| a | b |\n| - | - |\n| [[x\\|y]] | `a \\| b` |",
        ]
    ),
    table().map("\n".join),
    free_text,
)


@st.composite
def section(draw: st.DrawFn) -> list[str]:
    """A heading, a few blocks, and usually a table."""
    lines = ["#" * draw(st.integers(1, 4)) + " " + draw(phrase), ""]
    lines += draw(st.lists(block, max_size=2))
    if draw(st.integers(0, 3)):
        lines += ["", *draw(table())]
    return [*lines, ""]


@st.composite
def note_text(draw: st.DrawFn) -> str:
    """A whole note as text: frontmatter (maybe broken), body, line endings, BOM."""
    lines: list[str] = draw(frontmatter()) if draw(st.integers(0, 4)) else []
    if draw(st.integers(0, 3)):
        parts = [draw(section()) for _ in range(draw(st.integers(1, 3)))]
        lines += [line for part in parts for line in part]
    else:
        lines += draw(st.lists(block, max_size=8))
    lines = "\n".join(lines).split("\n")
    eol = draw(st.sampled_from(["\n", "\n", "\r\n", "mixed"]))
    if eol == "mixed":
        text = "".join(line + draw(st.sampled_from(["\n", "\r\n"])) for line in lines)
    else:
        text = eol.join(lines) + eol
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    return ("\ufeff" if draw(st.integers(0, 5)) == 0 else "") + text


note_bytes = st.one_of(
    note_text().map(lambda t: t.encode("utf-8")),
    st.binary(max_size=200),
    st.builds(lambda t, junk: t.encode("utf-8") + junk, note_text(), st.binary(max_size=8)),
)

value = st.one_of(
    phrase,
    free_text,
    st.sampled_from(["", " ", "\n", "a\nb", "x\r\ny", "-5%", "a | b", "\\", "|", "[[x|y]]"]),
)
