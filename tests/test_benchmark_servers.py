"""``benchmarks/servers.py``: a query a server refuses is an "error" cell and the next query
still runs; rows a server answers differently are "rows differ", never a time.

The server here is a small SPARQL endpoint over a pyoxigraph store of the seed (JSON results,
as plangraph asks for) that refuses one library query with HTTP 500, as Virtuoso refuses a
query it guesses too costly, and answers another with no rows: the benchmark must not stop at
the first, nor time the second.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from conftest import StoreEndpoint, fake_server
from plangraph.graph.load import load_store
from plangraph.sparql.library import list_queries
from plangraph.validate import validation_sources

ROOT = Path(__file__).resolve().parents[1]
#: (library query, a variable only its text has): the query the server refuses, and the one
#: it answers with no rows
REFUSED = ("coverage", "?provincial_indicators")
DIFFERS = ("map-plans", "?identifier")


def _bench_servers() -> Any:
    """benchmarks/servers.py, loaded by its path (``servers`` is tests/servers.py here)."""
    spec = importlib.util.spec_from_file_location("plangraph_bench_servers",
                                                  ROOT / "benchmarks" / "servers.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Endpoint(StoreEndpoint):
    """SPARQL over the server's store; HTTP 500 for the refused query's text."""

    def answer(self, text: str) -> tuple[int, bytes]:
        server: Any = self.server
        server.asked.append(text)
        if server.refuse in text:
            return 500, b"Virtuoso 42000 Error The estimated execution time is too long"
        if server.change in text:  # the same query, cut to no rows
            return super().answer(text + "\nLIMIT 0")
        return super().answer(text)


@pytest.fixture
def endpoint() -> Iterator[Any]:
    with fake_server(_Endpoint, store=load_store(validation_sources()), asked=[],
                     refuse=REFUSED[1], change=DIFFERS[1]) as server:
        yield server


@pytest.fixture
def bench(endpoint, monkeypatch) -> Any:
    """benchmarks/servers.py whose one server is the fake endpoint."""
    module = _bench_servers()

    class Server:
        query_url = f"http://127.0.0.1:{endpoint.server_port}/sparql"
        bulk_load_seconds = 0.5

    @contextmanager
    def started(name: str, folder: Path, sources: list[Path]) -> Iterator[tuple[Any, dict]]:
        yield Server(), {}

    monkeypatch.setattr(module, "started", started)
    return module


def test_a_refused_query_is_an_error_cell_and_the_next_still_runs(bench, endpoint):

    def timed(fn, cap):  # as benchmarks/run.py's, without its alarm: no time is checked here
        start = time.perf_counter()
        value = fn()
        return time.perf_counter() - start, value

    names = [q.name for q in list_queries()]
    refused, differs = REFUSED[0], DIFFERS[0]
    params = {"trace": {"element": "lampang/issue/1/indicator/1"},
              "search": {"keyword": "ท่องเที่ยว"}}
    result = bench.measure(["oxigraph"], validation_sources(), endpoint.store, params, 1,
                           timed, lambda name: 60.0)["oxigraph"]

    assert "error" not in result
    assert list(result["failed"]) == [refused]
    assert "HTTP 500" in result["failed"][refused]
    assert result["differ"] == [differs]
    assert sorted(result["queries"]) == sorted(n for n in names if n != refused)
    assert result["queries"][differs] is None
    assert all(result["queries"][n] is not None for n in names if n not in (refused, differs))
    # the benchmark went on after the refusal: the query after it was asked too
    following = next(q for q in list_queries()
                     if names.index(q.name) == names.index(refused) + 1)
    assert any(following.text.split("WHERE")[0].split("SELECT")[-1] in text
               for text in endpoint.asked)

    lines = bench.render({"oxigraph": result}, dict.fromkeys(names, 0.01),
                         lambda s, cap: "–" if s is None else f"{s:.3f} s", lambda n: 60.0)
    row = {line.split(" | ")[0].strip("| `"): line for line in lines if line.startswith("| `")}
    assert "| error |" in row[refused]
    assert "| rows differ |" in row[differs]
    assert f"oxigraph, `{refused}`: " in "\n".join(lines)


def test_each_query_runs_as_often_as_the_embedded_engine_did(bench, endpoint):
    """Per query, one untimed run (it checks the rows), then the given number of timed runs:
    the count plangraph's embedded engine took, more for a quick query."""
    queries = {q.name: q for q in list_queries()}
    counts = {name: 1 for name in queries}
    counts.update({"gaps": 6, "map-alignments": 2})
    params = {"trace": {"element": "lampang/issue/1/indicator/1"},
              "search": {"keyword": "ท่องเที่ยว"}}
    result = bench.measure(["oxigraph"], validation_sources(), endpoint.store, params, counts,
                           lambda fn, cap: (0.001, fn()), lambda name: 60.0)["oxigraph"]
    assert result["queries"]["gaps"] is not None

    def sent(name: str) -> int:  # texts with the query's projection (its comments are blanked)
        projection = queries[name].text.split("\nSELECT", 1)[1].split("WHERE", 1)[0]
        return sum(projection in text for text in endpoint.asked)

    assert (sent("gaps"), sent("map-alignments"), sent("targets")) == (1 + 6, 1 + 2, 1 + 1)
