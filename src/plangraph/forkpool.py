"""Run a job over ranges of items in forked worker processes that share this process's state.

Forked workers inherit whatever the job reads (an index of half a million triples, templates)
without pickling it; only ``(start, stop)`` ranges travel. Each range must be independent
work (the site writes each resource's own files), so the result does not depend on how the
ranges are split among the workers. With one process, or where ``fork`` is not available,
the ranges run here, in order.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable

Job = Callable[[int, int], None]
#: The most items a range holds (ranges are small enough to balance the workers' load).
MAX_CHUNK = 200

_job: Job | None = None  # the job, in a worker (set by the pool's initializer)


def available_cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_ranges(job: Job, count: int, processes: int) -> None:
    """Call ``job(start, stop)`` for consecutive ranges covering ``range(count)``."""
    chunk = max(1, min(MAX_CHUNK, -(-count // (8 * max(processes, 1)))))
    ranges = [(start, min(start + chunk, count)) for start in range(0, count, chunk)]
    if processes <= 1 or len(ranges) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for start, stop in ranges:
            job(start, stop)
        return
    # Objects made so far stay out of the workers' collections, so reading them does not
    # copy the memory pages the collector would touch.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(min(processes, len(ranges)), initializer=_set_job,
                          initargs=(job,)) as pool:
            for _ in pool.imap_unordered(_run, ranges):
                pass
    finally:
        gc.unfreeze()


def _set_job(job: Job) -> None:
    global _job
    _job = job


def _run(bounds: tuple[int, int]) -> None:
    assert _job is not None
    _job(*bounds)
