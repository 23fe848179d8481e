"""``benchmarks/run.py``'s run counts: a query runs at least ``--repeat`` times, and a quick
one until its runs add up to the budget, so that a median of a few milliseconds is not three
samples of noise; a run past its cap ends the sample."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bench() -> Iterator[Any]:
    """benchmarks/run.py, loaded by its path."""
    spec = importlib.util.spec_from_file_location("plangraph_bench_run",
                                                  ROOT / "benchmarks" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def clock(seconds: list[float | None]) -> Any:
    """A run that "takes" the given seconds in turn, and counts its calls."""
    def run() -> float | None:
        run.calls += 1  # type: ignore[attr-defined]
        return seconds[run.calls - 1]  # type: ignore[attr-defined]
    run.calls = 0  # type: ignore[attr-defined]
    return run


def test_a_slow_query_runs_the_least_number_of_times(bench):
    run = clock([1.5] * 10)
    assert bench.sample(run, 3, budget=2.0) == [1.5, 1.5, 1.5]
    assert run.calls == 3


def test_a_quick_query_runs_until_the_budget_is_spent(bench):
    run = clock([0.25] * 20)
    assert bench.sample(run, 3, budget=2.0) == [0.25] * 8
    assert run.calls == 8


def test_a_very_quick_query_stops_at_the_most_runs(bench):
    run = clock([0.001] * 100)
    assert len(bench.sample(run, 3, budget=2.0, most=50)) == 50
    assert run.calls == 50
    # without a budget, exactly the least number (rdflib's runs)
    assert bench.sample(clock([0.001] * 100), 4) == [0.001] * 4


def test_the_least_number_wins_over_the_most(bench):
    assert len(bench.sample(clock([0.001] * 10), 5, budget=2.0, most=2)) == 5


def test_a_run_past_its_cap_ends_the_sample(bench):
    run = clock([0.1, None, 0.1, 0.1])
    assert bench.sample(run, 3, budget=2.0) is None
    assert run.calls == 2


def test_the_warm_up_is_not_timed_and_one_past_its_cap_ends_the_query(bench):
    run = clock([5.0] + [0.5] * 10)  # a slow first run (caches, proofs) is not counted
    assert bench.warm_sample(run, 3) == [0.5] * 4  # then runs until 2 s
    stuck = clock([None, 0.1, 0.1, 0.1])
    assert bench.warm_sample(stuck, 3) is None
    assert stuck.calls == 1  # no further run after a warm-up past its cap
