"""Forked workers over ranges of items: results in range order, and a worker that dies is an
error, not a wait for ever (``multiprocessing.Pool`` waits when a worker is killed)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from plangraph.errors import PlangraphError
from plangraph.runtime.forkpool import map_ranges

COUNT = 3000
#: Seconds after which a run that should end at once is taken to hang (not a timing check).
HANG = 300


def test_ranges_come_back_in_order_whatever_the_processes() -> None:
    def job(start: int, stop: int) -> list[int]:
        return list(range(start, stop))

    for processes in (1, 2):
        parts = map_ranges(job, COUNT, processes)
        assert [i for part in parts for i in part] == list(range(COUNT))


def test_a_job_error_reaches_the_caller() -> None:
    def job(start: int, _stop: int) -> int:
        if start:
            raise PlangraphError("part failed")
        return 0

    with pytest.raises(PlangraphError, match="part failed"):
        map_ranges(job, COUNT, 2)


_KILLED = """
import os, signal, sys
from plangraph.errors import PlangraphError
from plangraph.runtime.forkpool import map_ranges

def job(start, stop):
    if start == 0:  # as the out-of-memory killer would
        os.kill(os.getpid(), signal.SIGKILL)
    return stop - start

try:
    map_ranges(job, 3000, 2)
except PlangraphError as e:
    sys.exit(f"error: {e}")
"""


def test_a_killed_worker_is_an_error_not_a_hang() -> None:
    """In a child process, so that a hang fails the test (at the limit) instead of the run."""
    done = subprocess.run([sys.executable, "-c", _KILLED], capture_output=True, text=True,
                          timeout=HANG)
    assert done.returncode == 1
    assert "error: a worker process died" in done.stderr
