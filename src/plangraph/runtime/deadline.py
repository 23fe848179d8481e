"""Run a job in a forked child with a time limit; Ctrl-C stops it at once.

pyoxigraph does not return to Python until a query is done, so neither a signal handler
nor a thread can stop it: the job runs in a forked child (which shares the loaded store
without copying it) and the parent waits on a pipe with a deadline. At the deadline, or on
Ctrl-C in the parent, the child is killed. The child can first leave the network
(:func:`plangraph.runtime.sandbox.deny_network`). Where ``fork`` is not available, or in a
daemonic worker (which may not have children), the job runs here, without a limit.
:mod:`plangraph.runtime.worker` keeps such a child for many jobs; both use the pieces here.
"""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import multiprocessing
import signal
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from plangraph.errors import PlangraphError
from plangraph.runtime.forkpool import fork_available
from plangraph.runtime.sandbox import deny_network

T = TypeVar("T")


class TimeLimitExceeded(PlangraphError):
    """The job ran past its time limit and was stopped."""


def can_fork() -> bool:
    """Whether a job can run in a forked child here (not where ``fork`` is missing, nor in a
    daemonic worker, which may not have children)."""
    return fork_available() and not multiprocessing.current_process().daemon


def run_with_deadline(job: Callable[[], T], timeout: float | None, what: str,
                      *, offline: bool = False) -> T:
    """``job()`` in a forked child; its result or exception here.

    ``timeout`` in seconds (None or 0: no limit). ``offline`` takes the child off the
    network before the job starts. KeyboardInterrupt kills the child and propagates.
    """
    if not can_fork():
        return job()
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(job, writer, offline), daemon=True)
    try:
        with ctrl_c_held():
            child.start()
        writer.close()
        ok, value = receive_outcome(reader, timeout, what)
    except EOFError:
        child.join()
        raise ended(what, child.exitcode) from None
    finally:
        if child.pid is not None:  # started (a Ctrl-C may come as the mask is restored)
            if child.is_alive():
                child.kill()
            child.join()
        writer.close()
        reader.close()
    if not ok:
        raise value
    return value


def receive_outcome(conn: Any, timeout: float | None, what: str) -> tuple[bool, Any]:
    """The outcome a child sent with :func:`send_outcome`; TimeLimitExceeded if nothing
    came within ``timeout`` seconds (None or 0: no limit)."""
    if not conn.poll(timeout or None):
        raise TimeLimitExceeded(f"{what}: stopped at the time limit of {timeout:g} s (--timeout)")
    kind, value = conn.recv()
    if kind == "bytes":  # the value follows unpickled
        return True, conn.recv_bytes()
    return kind == "value", value


def ended(what: str, exitcode: int | None) -> PlangraphError:
    """The error for a child that died without an answer (an engine crash)."""
    return PlangraphError(
        f"{what}: the query process ended unexpectedly (exit code {exitcode})")


@contextlib.contextmanager
def ctrl_c_held() -> Iterator[None]:
    """Ctrl-C held back (blocked, not lost) while a child is forked: the child starts with it
    blocked and lets it through only once it ignores it (:func:`enter_child`), so a Ctrl-C in
    between is not a KeyboardInterrupt in a child that has not yet set up; here it arrives as
    the block ends."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def enter_child(offline: bool) -> None:
    """In a fresh child: ignore Ctrl-C (the parent decides), optionally go offline.

    An engine crash (a segfault) is reported by the parent in one line, so the child's own
    faulthandler dump (``python -X faulthandler``, pytest) is switched off. The objects
    inherited from the parent are frozen out of the child's garbage collections, which
    would otherwise write to (and so copy) every memory page that holds one.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):  # held since the fork (ctrl_c_held): now dropped
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    faulthandler.disable()
    gc.freeze()
    if offline:
        deny_network()


def outcome_of(job: Callable[[], Any]) -> tuple[bool, Any]:
    """``(True, value)`` or ``(False, error)`` with an error that pickles."""
    try:
        return True, job()
    except PlangraphError as e:
        return False, e
    except Exception as e:  # an engine's own error type may not pickle: keep its words
        return False, PlangraphError(f"{type(e).__name__}: {e}")


def send_outcome(conn: Any, outcome: tuple[bool, Any]) -> None:
    """Send an outcome to :func:`receive_outcome`; bytes go unpickled (a query's answer)."""
    ok, value = outcome
    if ok and isinstance(value, bytes):
        conn.send(("bytes", None))
        conn.send_bytes(value)
        return
    try:
        conn.send(("value" if ok else "error", value))
    except Exception as e:  # an unpicklable value
        conn.send(("error", PlangraphError(f"cannot return the result: {e}")))


def _child(job: Callable[[], Any], writer: Any, offline: bool) -> None:
    """The forked child: run the job once and send its outcome."""
    enter_child(offline)
    send_outcome(writer, outcome_of(job))
    writer.close()
