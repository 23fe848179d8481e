"""Run work in forked processes that share this process's state: a job over ranges of items
(:func:`run_ranges`), or one job beside the rest of the work (:class:`Background`).

Forked workers inherit whatever the job reads (an index of half a million triples, templates)
without pickling it; only ``(start, stop)`` ranges travel. Each range must be independent
work (the site writes each resource's own files), so the result does not depend on how the
ranges are split among the workers. With one process, or where ``fork`` is not available,
the ranges run here, in order.

The ranges go to a fork-context :class:`concurrent.futures.ProcessPoolExecutor` whose
workers get the job from their initializer (a forked child already has it: the build's jobs
are closures over the store and the index, which cannot be pickled and need not be); only the
ranges and the results are pickled. Unlike ``multiprocessing.Pool``, which waits for ever
when a worker is killed (the out-of-memory killer, a signal), the executor notices the dead
worker and the job fails with a one-line error. :class:`Background` is a fork-context
``Process`` and ``Pipe``.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Generic, TypeVar

from plangraph.errors import PlangraphError

Job = Callable[[int, int], None]
T = TypeVar("T")
#: The most items a range holds (ranges are small enough to balance the workers' load).
MAX_CHUNK = 200

_job: Callable[[int, int], Any] | None = None  # in a worker: the job (set by the initializer)


def fork_available() -> bool:
    """Whether this platform can fork a child (the start method every helper here needs)."""
    return "fork" in multiprocessing.get_all_start_methods()


def available_cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


#: Below this many items, one process does the work (forking costs more than it saves).
PARALLEL_FROM = 2000


def processes_for(count: int) -> int:
    """How many processes to use for ``count`` items: one per CPU for large jobs, else one."""
    return available_cpus() if count > PARALLEL_FROM else 1


def run_ranges(job: Job, count: int, processes: int) -> None:
    """Call ``job(start, stop)`` for consecutive ranges covering ``range(count)``."""
    map_ranges(job, count, processes)


def map_ranges(job: Callable[[int, int], T], count: int, processes: int) -> list[T]:
    """What ``job(start, stop)`` returns for consecutive ranges covering ``range(count)``, in
    range order (each value is pickled back from its worker)."""
    chunk = max(1, min(MAX_CHUNK, -(-count // (8 * max(processes, 1)))))
    ranges = [(start, min(start + chunk, count)) for start in range(0, count, chunk)]
    if processes <= 1 or len(ranges) <= 1 or not fork_available():
        return [job(start, stop) for start, stop in ranges]
    # Objects made so far stay out of the workers' collections, so reading them does not
    # copy the memory pages the collector would touch.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(min(processes, len(ranges)), mp_context=context,
                                 initializer=_set_job, initargs=(job,)) as pool:
            try:
                return list(pool.map(_run, ranges))
            except BaseException:  # a part failed, or Ctrl-C: start no more parts
                pool.shutdown(cancel_futures=True)
                raise
    except BrokenProcessPool:
        raise PlangraphError("a worker process died before finishing its part (killed, "
                             "perhaps for want of memory)") from None
    finally:
        gc.unfreeze()


def _set_job(job: Callable[[int, int], Any]) -> None:
    global _job
    _job = job


def _run(bounds: tuple[int, int]) -> Any:
    assert _job is not None
    return _job(*bounds)


class Background(Generic[T]):
    """``job()`` running in a forked process from now on (here, at once, where ``fork`` is
    not available); :meth:`result` waits for what it returns or raises."""

    def __init__(self, job: Callable[[], T]) -> None:
        self._process: Any = None
        if not fork_available():
            self._outcome = _outcome(job)
            return
        context = multiprocessing.get_context("fork")
        self._pipe, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_send_outcome, args=(job, sender), daemon=True)
        self._process.start()
        sender.close()

    def result(self) -> T:
        """The job's return value (its exception is raised here)."""
        if self._process is not None:
            try:
                self._outcome = self._pipe.recv()
            except EOFError:  # the process died without a word
                self._outcome = (False, RuntimeError(
                    f"background job died (exit code {self._process.exitcode})"))
            self._process.join()
            self._process = None
        ok, value = self._outcome
        if not ok:
            raise value
        return value

    def cancel(self) -> None:
        """Stop the job if it still runs (after an error elsewhere)."""
        if self._process is not None:
            self._process.terminate()
            self._process.join()
            self._process = None
            self._outcome = (False, RuntimeError("background job cancelled"))


def _outcome(job: Callable[[], T]) -> tuple[bool, Any]:
    try:
        return True, job()
    except Exception as e:  # handed to the waiting process, which raises it
        return False, e


def _send_outcome(job: Callable[[], T], sender: Any) -> None:
    sender.send(_outcome(job))
    sender.close()
