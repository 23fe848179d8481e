"""Query workers for ``plangraph serve``: each query borrows a worker process with its own
store and gets a time limit; a worker over the limit is killed and replaced."""

from __future__ import annotations

import contextlib
import os
import queue
import subprocess
import sys
import time
from collections.abc import Generator
from multiprocessing.connection import Connection
from typing import Any

from plangraph.errors import PlangraphError

DEFAULT_TIMEOUT = 30.0
#: Four workers on two cores: two runaway queries still leave two for everyone else.
DEFAULT_WORKERS = 4
STARTUP_TIMEOUT = 120.0


class QueryTimeout(Exception):
    """The query ran past the time limit (its worker was stopped)."""


class QueryFailed(Exception):
    """The engine rejected or failed the query (message for the client)."""


# --------------------------------------------------------------------------- workers


#: ``-P``: the current folder is not put on ``sys.path`` (nothing there can shadow a module).
WORKER_COMMAND = (sys.executable, "-P", "-m", "plangraph.serve.worker")


class _Worker:
    """One worker process and its pipes.

    The worker is ``plangraph.serve.worker`` in a fresh interpreter: it never re-imports
    the caller's ``__main__`` and shares no threads or locks with the server.
    """

    def __init__(self, nquads: bytes) -> None:
        child_read, parent_write = os.pipe()
        parent_read, child_write = os.pipe()
        try:
            self.process = subprocess.Popen(
                [*WORKER_COMMAND, str(child_read), str(child_write)],
                pass_fds=(child_read, child_write),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
            )
        finally:
            os.close(child_read)
            os.close(child_write)
        self.outbox = Connection(parent_write, readable=False)
        self.inbox = Connection(parent_read, writable=False)
        self.outbox.send_bytes(nquads)

    def wait_ready(self, timeout: float) -> None:
        """Block until the store is loaded."""
        try:
            ready = self.inbox.poll(timeout)
            if ready:
                self.inbox.recv()
        except (EOFError, OSError):
            ready = False
        if not ready:
            self.kill()
            raise PlangraphError(f"serve: query worker did not start within {timeout:.0f} s")

    def kill(self) -> None:
        """Stop the process now (a query over the time limit)."""
        self.process.kill()
        self.process.wait(5)
        self.close_pipes()

    def close_pipes(self) -> None:
        for conn in (self.outbox, self.inbox):
            with contextlib.suppress(OSError):
                conn.close()


class WorkerPool:
    """A fixed number of query workers; each query borrows one, with a time limit."""

    def __init__(
        self, nquads: bytes, size: int = DEFAULT_WORKERS, timeout: float = DEFAULT_TIMEOUT
    ):
        self.nquads = nquads
        self.timeout = timeout
        self.idle: queue.Queue[_Worker] = queue.Queue()
        workers = [_Worker(nquads) for _ in range(max(1, size))]
        for w in workers:
            w.wait_ready(STARTUP_TIMEOUT)
            self.idle.put(w)
        self.size = len(workers)
        self.closed = False

    def execute(self, request: dict[str, Any]) -> Generator[tuple[Any, ...], None, None]:
        """The worker's replies to ``request`` (see :mod:`plangraph.serve.worker`).

        The whole exchange (waiting for a worker, checking, running, streaming) stays within
        the time limit; past it the worker is killed and QueryTimeout raised. A worker that
        dies gives QueryFailed. Closing the iterator early (the client left) kills the
        worker if it was still sending.
        """
        deadline = time.monotonic() + self.timeout
        try:
            worker = self.idle.get(timeout=self.timeout)
        except queue.Empty:
            raise QueryTimeout("all query workers stayed busy") from None
        done = False
        try:
            worker.outbox.send(request)
            while True:
                if not worker.inbox.poll(max(0.0, deadline - time.monotonic())):
                    raise QueryTimeout(f"query exceeded the time limit of {self.timeout:g} s")
                reply = worker.inbox.recv()
                done = reply[0] in ("fail", "end", "abort")
                yield reply
                if done:
                    return
        except (EOFError, OSError):
            raise QueryFailed("query worker stopped unexpectedly") from None
        finally:
            if not done:  # timed out, died, or abandoned mid-stream: not reusable
                worker.kill()
                worker = self._replacement()
            if worker.process.poll() is None:
                self.idle.put(worker)

    def _replacement(self) -> _Worker:
        worker = _Worker(self.nquads)
        worker.wait_ready(STARTUP_TIMEOUT)
        return worker

    def close(self) -> None:
        """Stop every worker (once; later calls do nothing)."""
        if self.closed:
            return
        self.closed = True
        for _ in range(self.size):
            try:
                worker = self.idle.get(timeout=self.timeout + 5)
            except queue.Empty:
                break
            with contextlib.suppress(OSError):
                worker.outbox.send(None)
            try:
                worker.process.wait(2)
                worker.close_pipes()
            except subprocess.TimeoutExpired:
                worker.kill()

