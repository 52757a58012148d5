"""How soon does the language server answer on a big vault, and in how much memory?

Run: .venv/bin/python benchmarks/bench_lsp.py [--notes 10000] [--runs 3]

On a synthetic vault of N seed-like notes (:func:`bench_check.make_vault`), an editor's
start is replayed over the real pipes, as Neovim and VS Code do it: spawn ``scaffold lsp``,
send ``initialize``, then ``initialized`` and ``didOpen`` of a seed-sized note at once. Timed:

- the first ``publishDiagnostics`` of the opened note, from ``initialize`` answered (the
  server ready) and from the spawn;
- the complete diagnostics (the vault's aliases read, so a link through an alias is
  settled): the first publish whose findings hold the note's broken links;
- ``[[`` completion requests afterwards, next to a request that does no work;
- the server's CPU time (utime + stime from ``/proc``) and peak RSS (``VmHWM``) before it
  exits.

Baseline in the same run: the same start on a vault of one note (interpreter, imports and
the protocol, no vault to speak of), so the ratio is the vault's own cost. Targets (issue
15): first diagnostics within 0.3 s of ``initialize``, completion <= 20 ms, peak RSS <= 100 MB.
The load average is printed beside the figures: the machine is shared.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

TICK = os.sysconf("SC_CLK_TCK")


def _cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def _rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def _next(client: object, seen: list[str]) -> dict[str, object]:
    """The next publishDiagnostics; the log messages before it are added to ``seen``."""
    notes = client.notifications  # type: ignore[attr-defined]
    while True:
        message = notes.get(timeout=60)
        if message.get("method") == "window/logMessage":
            seen.append(str(message["params"]["message"]))
        elif message.get("method") == "textDocument/publishDiagnostics":
            return message["params"]  # type: ignore[no-any-return]


def start(root: Path, note: Path, completions: int) -> dict[str, float]:
    from tests.lsp.client import LspClient

    spawned = time.perf_counter()
    client = LspClient(root)
    try:
        client.initialize()  # sends initialize, waits for the answer, sends initialized
        ready = time.perf_counter()
        uri = client.open(note)
        logs: list[str] = []
        _next(client, logs)
        got = time.perf_counter()
        full = got
        if any("in the background" in m for m in logs):
            # The server publishes again once it has read the vault's aliases.
            while not any(" read in " in m for m in logs):
                _next(client, logs)
            full = time.perf_counter()
        out = {
            "first_from_init": got - ready,
            "first_from_spawn": got - spawned,
            "full_from_init": full - ready,
        }
        text = note.read_text(encoding="utf-8") + "\n[[No\n"
        client.change(uri, text, 2)
        client.wait_for("textDocument/publishDiagnostics", uri=uri, version=2)
        line = text.count("\n") - 1
        spent, noop = [], []
        for _ in range(completions):
            t = time.perf_counter()
            client.request(
                "textDocument/completion",
                {"textDocument": {"uri": uri}, "position": {"line": line, "character": 4}},
            )
            spent.append(time.perf_counter() - t)
            t = time.perf_counter()
            with contextlib.suppress(RuntimeError):
                client.request("workspace/executeCommand", {"command": "none", "arguments": []})
            noop.append(time.perf_counter() - t)
        out["completion"] = statistics.median(spent)
        out["noop"] = statistics.median(noop)
        out["cpu"] = _cpu(client.proc.pid)
        out["rss"] = _rss(client.proc.pid)
        return out
    finally:
        client.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--completions", type=int, default=20)
    args = parser.parse_args()
    from bench_check import make_vault

    with tempfile.TemporaryDirectory() as tmp:
        big, small = Path(tmp) / "vault", Path(tmp) / "one"
        make_vault(big, args.notes)
        note = big / "Area 1" / "Note 1.md"
        (small / ".obsidian").mkdir(parents=True)
        (small / "Note 1.md").write_bytes(note.read_bytes())
        for path in big.rglob("*.md"):  # warm the page cache, as an editor's vault is
            path.read_bytes()
        rows: dict[str, list[dict[str, float]]] = {"one": [], "big": []}
        for _ in range(args.runs):
            rows["one"].append(start(small, small / "Note 1.md", args.completions))
            rows["big"].append(start(big, note, args.completions))
        load = os.getloadavg()
        print(f"vault: {args.notes} notes; baseline: a vault of one note; {args.runs} runs, median")
        print(f"load average (1, 5 min): {load[0]:.2f} {load[1]:.2f}, {os.cpu_count()} cores")
        print(f"{'what':46} {'one note':>10} {'vault':>10} {'ratio':>7}")

        def med(which: str, key: str) -> float:
            return statistics.median(r[key] for r in rows[which])

        for key, label, scale, unit in [
            ("first_from_init", "first diagnostics after initialize", 1000, "ms"),
            ("first_from_spawn", "first diagnostics after spawn", 1000, "ms"),
            ("full_from_init", "complete diagnostics after initialize", 1000, "ms"),
            ("completion", "[[ completion (median request)", 1000, "ms"),
            ("noop", "a request that does nothing", 1000, "ms"),
            ("cpu", "server CPU time, whole session", 1, "s"),
            ("rss", "server peak RSS", 1 / 2**20, "MB"),
        ]:
            a, b = med("one", key) * scale, med("big", key) * scale
            print(f"{label + ' (' + unit + ')':46} {a:10.1f} {b:10.1f} {b / a:7.1f}")
        first = med("big", "first_from_init")
        comp = med("big", "completion")
        rss = med("big", "rss") / 2**20
        print(f"target first diagnostics <= 300 ms: {'met' if first <= 0.3 else 'MISSED'}")
        print(f"target [[ completion <= 20 ms: {'met' if comp <= 0.02 else 'MISSED'}")
        print(f"target peak RSS <= 100 MB: {'met' if rss <= 100 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
