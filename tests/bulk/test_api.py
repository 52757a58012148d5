"""The Python API: one result per note, never an exception for one note's failure."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import scaffold
from scaffold.errors import UsageError
from tests.bulk.conftest import snapshot


def test_update_export_undo_and_runs(vault: Path) -> None:
    before = snapshot(vault)
    report = scaffold.update(
        vault, {"Llama": {"downloads": "1.3B+"}, "Nobody": {"license": "x"}}, as_of="2025-05"
    )
    assert not report.ok
    by_note = {r.note: r for r in report.results}
    assert by_note["Llama"].written and by_note["Llama"].status == "changed"
    assert by_note["Nobody"].status == "failed" and by_note["Nobody"].error is not None
    assert report.summary.counts == {"changed": 1, "unchanged": 0, "skipped": 0, "failed": 1}
    exported = scaffold.export(vault, ["downloads"], where="type:product")
    rows = {r["note"]: r["downloads"] for r in csv.DictReader(io.StringIO(exported))}
    assert rows["Llama"] == "1.3B+"
    [run] = scaffold.runs(vault)
    assert run["state"] == "done" and run["written"] == 1
    assert scaffold.undo(vault).ok
    assert snapshot(vault) == before


def test_dry_run_and_set_over_a_selection(vault: Path) -> None:
    before = snapshot(vault)
    report = scaffold.update(vault, where="folder:Apps", set={"license": "MIT"}, dry_run=True)
    assert [r.path for r in report.results] == ["Apps/Meta AI.md"]
    assert report.results[0].changes[0].new == "MIT"
    assert snapshot(vault) == before


def test_a_bad_request_raises(vault: Path) -> None:
    with pytest.raises(UsageError):
        scaffold.update(vault)
    with pytest.raises(UsageError, match="unknown selector"):
        scaffold.update(vault, where="kind:x", set={"a": "b"})


# -- the API and the CLI keep the same rules: bulk/requests.py owns them --------------------------


@pytest.mark.parametrize(
    ("argv", "kwargs", "message"),
    [
        pytest.param([], {}, "nothing to update", id="nothing"),
        pytest.param(
            ["--set", "license=MIT"],
            {"set": {"license": "MIT"}},
            "--set without --from applies to a selection",
            id="set-without-where",
        ),
        pytest.param(
            ["--set", "license"], {"set": ["license"]}, "expected TARGET=VALUE", id="bad-set"
        ),
        pytest.param(
            ["--where", "path:*", "--set", "a=b", "--jobs", "0"],
            {"where": "path:*", "set": {"a": "b"}, "jobs": 0},
            "--jobs must be at least 1",
            id="no-workers",
        ),
    ],
)
def test_the_api_refuses_what_the_cli_refuses(
    vault: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    kwargs: dict[str, object],
    message: str,
) -> None:
    from scaffold.cli.main import main
    from scaffold.errors import EXIT_USAGE

    before = snapshot(vault)
    assert main(["update", "--vault", str(vault), *argv]) == EXIT_USAGE
    assert message in capsys.readouterr().err
    with pytest.raises(UsageError, match=message.replace("-", r"\-")):
        scaffold.update(vault, **kwargs)  # type: ignore[arg-type]
    assert snapshot(vault) == before  # above all: no --set over the whole vault


def test_the_api_takes_what_the_cli_gives_it(vault: Path) -> None:
    seen: list[str] = []
    phases: set[str] = set()
    report = scaffold.update(
        vault,
        where="folder:Apps",
        set=["license=MIT"],
        diff=True,
        confirm=lambda summary: summary.counts["changed"] == 1,
        on_note=lambda result: seen.append(result.path or ""),
        progress=lambda phase, done, total: phases.add(phase),
    )
    assert seen == ["Apps/Meta AI.md"] and report.ok and report.refused == {}
    assert "plan" in phases
    [result] = report.results
    assert result.written and "+| License | MIT |" in (result.diff or "")


def test_a_refused_confirmation_writes_nothing(vault: Path) -> None:
    before = snapshot(vault)
    report = scaffold.update(
        vault, where="folder:Apps", set={"license": "MIT"}, confirm=lambda summary: False
    )
    assert not any(r.written for r in report.results)
    assert snapshot(vault) == before


def test_runs_counts_no_run_as_interrupted_while_one_is_going_on(vault: Path) -> None:
    from scaffold.bulk import journal

    scaffold.update(vault, {"Llama": {"downloads": "1.3B+"}}, as_of="2025-05")
    [folder] = [r.folder for r in journal.list_runs(vault)]
    meta = folder / "run.json"
    data = json.loads(meta.read_text())
    meta.write_text(json.dumps({**data, "state": journal.WRITING}))
    [run] = scaffold.runs(vault)
    assert run["interrupted"] is True
    with journal.RunLock(vault):  # another scaffold is writing right now
        [run] = scaffold.runs(vault)
        assert run["interrupted"] is False
