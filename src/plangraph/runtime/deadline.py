"""Run a job in a forked child with a time limit; Ctrl-C stops it at once.

pyoxigraph does not return to Python until a query is done, so neither a signal handler
nor a thread can stop it: the job runs in a forked child (which shares the loaded store
without copying it) and the parent waits on a pipe with a deadline. At the deadline, or on
Ctrl-C in the parent, the child is killed. The child can first leave the network
(:func:`plangraph.runtime.sandbox.deny_network`). Where ``fork`` is not available, or in a
daemonic worker (which may not have children), the job runs here, without a limit.
"""

from __future__ import annotations

import faulthandler
import multiprocessing
import signal
from collections.abc import Callable
from typing import Any, TypeVar

from plangraph.errors import PlangraphError
from plangraph.runtime.sandbox import deny_network

T = TypeVar("T")


class TimeLimitExceeded(PlangraphError):
    """The job ran past its time limit and was stopped."""


def run_with_deadline(job: Callable[[], T], timeout: float | None, what: str,
                      *, offline: bool = False) -> T:
    """``job()`` in a forked child; its result or exception here.

    ``timeout`` in seconds (None or 0: no limit). ``offline`` takes the child off the
    network before the job starts. KeyboardInterrupt kills the child and propagates.
    """
    if ("fork" not in multiprocessing.get_all_start_methods()
            or multiprocessing.current_process().daemon):  # a daemon may have no children
        return job()
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(job, writer, offline), daemon=True)
    child.start()
    writer.close()
    try:
        if not reader.poll(timeout or None):
            raise TimeLimitExceeded(
                f"{what}: stopped at the time limit of {timeout:g} s (--timeout)")
        ok, value = reader.recv()
    except EOFError:
        child.join()
        raise PlangraphError(
            f"{what}: the query process ended unexpectedly (exit code {child.exitcode})"
        ) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        reader.close()
    if not ok:
        raise value
    return value


def _child(job: Callable[[], Any], writer: Any, offline: bool) -> None:
    """In the child: ignore Ctrl-C (the parent decides), optionally go offline, run.

    An engine crash (a segfault) is reported by the parent in one line, so the child's own
    faulthandler dump (``python -X faulthandler``, pytest) is switched off.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    faulthandler.disable()
    if offline:
        deny_network()
    try:
        outcome: tuple[bool, Any] = (True, job())
    except PlangraphError as e:
        outcome = (False, e)
    except Exception as e:  # an engine's own error type may not pickle: keep its words
        outcome = (False, PlangraphError(f"{type(e).__name__}: {e}"))
    try:
        writer.send(outcome)
    except Exception as e:  # an unpicklable value
        writer.send((False, PlangraphError(f"cannot return the result: {e}")))
    writer.close()
