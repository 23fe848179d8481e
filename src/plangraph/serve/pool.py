"""Query workers for ``plangraph serve``: each query borrows a worker process with its own
store and gets a time limit; a worker over the limit is killed and replaced."""

from __future__ import annotations

import contextlib
import os
import queue
import subprocess
import sys
from multiprocessing.connection import Connection
from pathlib import Path

from plangraph.errors import PlangraphError

DEFAULT_TIMEOUT = 30.0
DEFAULT_WORKERS = 2
STARTUP_TIMEOUT = 120.0


class QueryTimeout(Exception):
    """The query ran past the time limit (its worker was stopped)."""


class QueryFailed(Exception):
    """The engine rejected or failed the query (message for the client)."""


# --------------------------------------------------------------------------- workers


WORKER_SCRIPT = Path(__file__).with_name("worker.py")


class _Worker:
    """One worker process and its pipes.

    The worker is ``worker.py`` run as a script in a fresh interpreter: it imports
    only pyoxigraph (fast start) and never re-imports the caller's ``__main__``.
    """

    def __init__(self, nquads: bytes) -> None:
        child_read, parent_write = os.pipe()
        parent_read, child_write = os.pipe()
        try:
            self.process = subprocess.Popen(
                [sys.executable, str(WORKER_SCRIPT), str(child_read), str(child_write)],
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

    def execute(self, text: str, graph_result: bool, fmt: str) -> bytes:
        """Run ``text`` in a worker; serialized results, or QueryTimeout / QueryFailed."""
        try:
            worker = self.idle.get(timeout=self.timeout)
        except queue.Empty:
            raise QueryTimeout("all query workers stayed busy") from None
        try:
            worker.outbox.send((text, graph_result, fmt))
            if not worker.inbox.poll(self.timeout):
                worker.kill()
                worker = self._replacement()
                raise QueryTimeout(f"query exceeded the time limit of {self.timeout:g} s")
            status, payload = worker.inbox.recv()
        except (EOFError, OSError, BrokenPipeError):
            worker.kill()
            worker = self._replacement()
            raise QueryFailed("query worker stopped unexpectedly") from None
        finally:
            if worker.process.poll() is None:  # a dead one (failed restart) is not reused
                self.idle.put(worker)
        if status != "ok":
            raise QueryFailed(payload)
        return payload

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

