"""A forked child kept for many jobs: :func:`~plangraph.runtime.deadline.run_with_deadline`
without a fork per job.

A :class:`Worker` is forked once from this process, so it shares what this process holds
(a loaded store) as it was at that moment. It ignores Ctrl-C, leaves the network once
(``offline``) and then answers ``handler(request)`` for one request after another over a
pipe. A request past its time limit, or Ctrl-C (any exception) while waiting, kills the
worker; the next request forks a fresh one.

A fork is a copy: a worker never sees changes made here after it started. So a worker is
tied to the object it serves (``state``), and :func:`changed` (which plangraph's own writes
to a store call) retires every worker forked from that object before the change; the next
request forks a fresh one. The process dies with its owner: :meth:`Worker.close`, the
Worker's garbage collection, this interpreter's exit, and (Linux) this process's death.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
import threading
import weakref
from collections.abc import Callable
from typing import Any

from plangraph.runtime.deadline import (
    can_fork,
    ctrl_c_held,
    ended,
    enter_child,
    outcome_of,
    receive_outcome,
    send_outcome,
)

_generations: dict[int, int] = {}  # id(state) -> how often it changed
PR_SET_PDEATHSIG = 1


def changed(state: object) -> None:
    """Say that ``state`` (a store) changed: workers forked from it are not used again."""
    _generations[id(state)] = _generations.get(id(state), 0) + 1


def generation(state: object) -> int:
    """How often :func:`changed` was called for ``state``."""
    return _generations.get(id(state), 0)


class Worker:
    """``handler(request)`` answered in a persistent forked child serving ``state``."""

    def __init__(self, state: object, handler: Callable[[Any], Any], *,
                 offline: bool = True) -> None:
        self.state = state  # held: its id stays its own while the worker may serve it
        self._handler = handler
        self._offline = offline
        self._process: Any = None
        self._conn: Any = None
        self._born = -1
        self._owner = 0  # the process that forked the child (a forked copy of this object
        # in another process forks its own)
        self._lock = threading.Lock()
        self._finalizer: weakref.finalize | None = None
        self.forks = 0  # how many processes were started (for tests and benchmarks)

    @property
    def pid(self) -> int | None:
        """The running child's process id, if one runs."""
        return self._process.pid if self._process is not None else None

    def call(self, request: Any, timeout: float | None, what: str) -> Any:
        """The handler's answer to ``request`` (its exception raised here).

        ``timeout`` in seconds (None or 0: no limit); past it the child is killed and
        TimeLimitExceeded raised. Where no child may be forked the handler runs here.
        """
        if not can_fork():
            return self._handler(request)
        with self._lock:
            if not self._fresh():
                self.close()
                self._start()
            try:
                self._conn.send(request)
                ok, value = receive_outcome(self._conn, timeout, what)
            except (EOFError, OSError):
                self._process.join(5)
                code = self._process.exitcode
                self.close()
                raise ended(what, code) from None
            except BaseException:  # time limit, Ctrl-C, an alarm: the child is mid-job
                self.close()
                raise
        if not ok:
            raise value
        return value

    def close(self) -> None:
        """Stop the child now (the next :meth:`call` forks a fresh one)."""
        if self._finalizer is not None:
            self._finalizer()
        self._process = self._conn = self._finalizer = None

    def _fresh(self) -> bool:
        return (self._process is not None and self._owner == os.getpid()
                and self._born == generation(self.state) and self._process.is_alive())

    def _start(self) -> None:
        context = multiprocessing.get_context("fork")
        here, there = context.Pipe()
        self._born = generation(self.state)
        process = context.Process(target=_serve, daemon=True,
                                  args=(self._handler, there, here, self._offline, os.getpid()))
        with ctrl_c_held():  # (its Ctrl-C, if any, is raised after the worker is recorded)
            process.start()
            self._process, self._conn, self._owner = process, here, os.getpid()
            self._finalizer = weakref.finalize(self, _stop, process, here, self._owner)
        there.close()
        self.forks += 1


def _stop(process: Any, conn: Any, owner: int) -> None:
    """Kill and reap a worker process (only its parent can), close its pipe."""
    if os.getpid() == owner:
        if process.is_alive():
            process.kill()
        process.join()
    with contextlib.suppress(OSError):
        conn.close()


def _serve(handler: Callable[[Any], Any], conn: Any, parent_end: Any, offline: bool,
           parent: int) -> None:
    """The child: answer requests until the pipe closes or the parent dies."""
    parent_end.close()
    _die_with(parent)
    enter_child(offline)
    while True:
        try:
            request = conn.recv()
            send_outcome(conn, outcome_of(lambda request=request: handler(request)))
        except (EOFError, OSError):  # the parent closed the pipe (or is gone)
            return


def _die_with(parent: int) -> None:
    """Ask Linux to kill this process when its parent dies (not only when it closes the pipe:
    a sibling forked later may hold the pipe open)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request above
        os._exit(0)
