"""Planning notes over several processes, with results in input order.

Notes are handed out in chunks; at most a few chunks per process are in flight, so neither
the tasks nor the planned notes pile up in memory however large the vault. Small runs are
planned in this process: starting workers costs more than it saves.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable
from itertools import islice
from multiprocessing.pool import AsyncResult
from pathlib import Path

from scaffold.bulk.planner import Planned, Planner, Task
from scaffold.bulk.requests import Options
from scaffold.bulk.select import Expr
from scaffold.entities.fields import Field
from scaffold.vault._os import default_jobs

CHUNK = 64
"""Notes per task sent to a worker."""
IN_PROCESS_BELOW = 400
"""Runs of fewer notes are planned without worker processes."""

_planner: Planner | None = None


def _start(
    factory: Callable[..., Planner],
    vault: Path,
    options: Options,
    where: Expr | None,
    record: bool,
    lean: bool,
    types: dict[str, dict[str, Field] | None],
) -> None:
    global _planner
    _planner = factory(vault, options, where, record=record, lean=lean, types=types)


def _plan_chunk(tasks: list[Task]) -> list[Planned]:
    assert _planner is not None
    return [_planner.plan(task) for task in tasks]


def _context() -> multiprocessing.context.BaseContext:
    # fork is the cheapest start, but forking a process that runs other threads is unsafe.
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def plan_all(
    tasks: Iterable[Task],
    *,
    count: int,
    vault: Path,
    options: Options,
    where: Expr | None,
    jobs: int | None = None,
    record: bool = False,
    lean: bool = False,
    factory: Callable[..., Planner] | None = None,
) -> Generator[Planned, None, None]:
    """Plan every task; yields in the order given. ``count`` is how many there are;
    ``record`` and ``lean`` are the :class:`Planner`'s; ``factory`` makes it (default: the
    :class:`Planner` class itself)."""
    jobs = default_jobs() if jobs is None else max(1, jobs)
    factory = factory or Planner
    if jobs == 1 or count < IN_PROCESS_BELOW:
        planner = factory(vault, options, where, record=record, lean=lean)
        for task in tasks:
            yield planner.plan(task)
        return
    jobs = min(jobs, max(1, count // CHUNK))
    # The types' question files are read once here, not once per worker.
    types = factory(vault, options).all_types()
    pool = _context().Pool(
        jobs, initializer=_start, initargs=(factory, vault, options, where, record, lean, types)
    )
    try:
        pending: deque[AsyncResult[list[Planned]]] = deque()
        source = iter(tasks)
        while True:
            while len(pending) < jobs * 4:
                chunk = list(islice(source, CHUNK))
                if not chunk:
                    break
                pending.append(pool.apply_async(_plan_chunk, (chunk,)))
            if not pending:
                break
            yield from pending.popleft().get()
        pool.close()
    finally:
        # Reached early too: the caller stopped (--fail-fast) or was interrupted.
        pool.terminate()
        pool.join()
