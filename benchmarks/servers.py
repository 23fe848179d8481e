"""Every library query through ``--endpoint`` on real servers, beside the embedded engine.

Used by ``benchmarks/run.py --servers oxigraph,virtuoso``: for one size, each server is
started on 127.0.0.1 (the same launchers as the tests, ``tests/servers.py``), loaded (Oxigraph
on disk with its bulk loader, others with ``plangraph publish``) and asked every library query with
the same parameters as the embedded run; a server's answer counts only if its rows equal the
embedded rows (as exact terms). A server that cannot start is reported, not fatal; a query the
server refuses (an HTTP 500) is reported in its cell and the next query still runs.
``oxigraph`` is Oxigraph's server on its RocksDB store (``serve --location``),
``oxigraph-memory`` the same server on its in-memory store (no ``--location``).
"""

from __future__ import annotations

import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SERVERS = ("oxigraph", "oxigraph-memory", "virtuoso")
SERVER_CAP = 120.0  # seconds for one query on a server: the point is whether it finishes


def _launchers() -> Any:
    """tests/servers.py (the launchers the tests use; they need pytest installed), loaded by
    its path: under ``run.py`` the name ``servers`` is already this module."""
    sys.path.insert(0, str(ROOT / "tests"))  # for its own imports (conftest)
    name = "plangraph_test_servers"
    spec = importlib.util.spec_from_file_location(name, ROOT / "tests" / "servers.py")
    assert spec is not None and spec.loader is not None
    module = sys.modules.setdefault(name, importlib.util.module_from_spec(spec))
    if not hasattr(module, "OxigraphServer"):
        spec.loader.exec_module(module)
    return module


@contextmanager
def _environment(values: Mapping[str, str]) -> Iterator[None]:
    """Set environment variables for the ``with`` block only."""
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@contextmanager
def started(name: str, folder: Path, sources: list[Path]) -> Iterator[tuple[Any, dict[str, str]]]:
    """The server ``name`` running in ``folder``, and the environment to publish to it;
    Oxigraph's store is filled from ``sources`` by ``oxigraph load`` before it starts."""
    launchers = _launchers()
    if name == "oxigraph":
        server = launchers.OxigraphServer(folder / "db")
        began = time.perf_counter()
        subprocess.run([str(launchers.OXIGRAPH), "load", "--location", str(folder / "db"),
                        "--file", *map(str, sources)], check=True, capture_output=True)
        server.bulk_load_seconds = time.perf_counter() - began
        env: dict[str, str] = {}
    elif name == "oxigraph-memory":  # filled by plangraph publish once started
        server = launchers.OxigraphServer(folder / "memory", in_memory=True)
        env = {}
    elif name == "virtuoso":
        server = launchers.VirtuosoServer(folder)
        env = {"PLANGRAPH_ENDPOINT_USER": server.user,
               "PLANGRAPH_ENDPOINT_PASSWORD": server.password,
               "PLANGRAPH_ENDPOINT_AUTH": "digest"}
    else:
        raise ValueError(f"unknown server {name!r} (known: {', '.join(SERVERS)})")
    try:
        server.start()
        yield server, env
    finally:
        server.stop()


def rows(result: Any) -> list[tuple[str, ...]]:
    """A result's rows as sorted tuples of N-Triples forms (a multiset to compare)."""
    from plangraph.graph.terms import to_nt

    return sorted(tuple(to_nt(t) for t in row) for row in result.as_tuples())


def measure(
    names: list[str],
    sources: list[Path],
    store: Any,
    params: Mapping[str, Mapping[str, str]],
    repeat: Mapping[str, int] | int,
    timed: Callable[[Callable[[], Any], float], tuple[float | None, Any]],
    cap: Callable[[str], float],
) -> dict[str, Any]:
    """``repeat``: timed runs per query (by name, or one number for all).

    ``{server: {"load": s, "error": text, "queries": {query: s or None}, "differ": [...],
    "failed": {query: text}}}``."""
    from plangraph.errors import PlangraphError
    from plangraph.graph.load import read_quads
    from plangraph.publish.upload import make_target, publish
    from plangraph.sparql.engines import execute
    from plangraph.sparql.library import list_queries

    quads = read_quads(sources)
    queries = list_queries()
    expected = {q.name: rows(execute(q, params.get(q.name, {}), store=store)) for q in queries}
    out: dict[str, Any] = {}
    for name in names:
        entry: dict[str, Any] = {"queries": {}, "differ": [], "failed": {}}
        out[name] = entry
        with tempfile.TemporaryDirectory() as tmp:
            try:
                with started(name, Path(tmp), sources) as (server, env), _environment(
                    {**env, "PLANGRAPH_ENDPOINT_TIMEOUT": "900", "PLANGRAPH_ENDPOINT_ATTEMPTS": "1"}
                ):
                    if name == "oxigraph":  # bulk-loaded before it started (publish is tested)
                        entry["load"] = server.bulk_load_seconds
                    else:
                        target = make_target(server.query_url, update=server.update_url,
                                             gsp=server.store_url)
                        entry["load"], _ = timed(lambda t=target: publish(quads, t), 900.0)
                        if name == "virtuoso":  # plans made before the data came stay until a
                            server.stop()  # restart: gaps-province > 200 s, after it 20 s
                            server.start()
                    for info in queries:
                        try:
                            entry["queries"][info.name] = _time_query(
                                info, params.get(info.name, {}), server.query_url,
                                repeat if isinstance(repeat, int) else repeat[info.name],
                                timed, max(SERVER_CAP, cap(info.name)), expected[info.name],
                                entry["differ"])
                        except PlangraphError as e:  # one refused query; the next still runs
                            entry["failed"][info.name] = " ".join(str(e).split())[:200]
            except BaseException as e:  # pytest's skip/fail are BaseExceptions
                if isinstance(e, KeyboardInterrupt):
                    raise
                entry["error"] = " ".join(str(e).split())[:200] or type(e).__name__
    return out


def _time_query(info: Any, raw: Mapping[str, str], endpoint: str, repeat: int,
                timed: Callable[[Callable[[], Any], float], tuple[float | None, Any]],
                cap: float, expected: list[tuple[str, ...]], differ: list[str]) -> float | None:
    """Median seconds of ``repeat`` endpoint runs (None past the cap or when rows differ)."""
    from plangraph.sparql.engines import execute

    runs = []
    for n in range(repeat + 1):  # the first run (not timed) warms caches and checks the rows
        seconds, result = timed(lambda: execute(info, raw, endpoint=endpoint), cap)
        if seconds is None:
            return None
        if n == 0 and rows(result) != expected:
            differ.append(info.name)
            return None
        runs.append(seconds)
    return statistics.median(runs[1:])


def render(result: dict[str, Any], embedded: Mapping[str, float | None],
           fmt: Callable[[float | None, float], str],
           cap: Callable[[str], float]) -> list[str]:
    """The side-by-side table (Markdown lines) for one size."""
    names = list(result)
    lines = ["| query (median) | plangraph (embedded) | "
             + " | ".join(f"`--endpoint` {n} server | {n} / embedded" for n in names) + " |",
             "|---|---|" + "---|---|" * len(names)]
    load = [cell for n in names for cell in (fmt(result[n].get("load"), 900.0), "")]
    lines.append("| load (oxigraph: `oxigraph load` of the files; others: `plangraph publish`) "
                 "| | " + " | ".join(load) + " |")
    for query, seconds in embedded.items():
        cells = []
        for n in names:
            took = result[n]["queries"].get(query)
            if "error" in result[n] and query not in result[n]["queries"]:
                cells += ["not run", ""]
            elif query in result[n]["differ"]:
                cells += ["rows differ", ""]
            elif query in result[n].get("failed", {}):
                cells += ["error", ""]
            else:
                ratio = f"{took / seconds:.1f}×" if took and seconds else "–"
                cells += [fmt(took, max(SERVER_CAP, cap(query))), ratio]
        lines.append(f"| `{query}` | {fmt(seconds, cap(query))} | " + " | ".join(cells) + " |")
    for n in names:
        if "error" in result[n]:
            lines.append(f"\n{n}: {result[n]['error']}")
        for query, text in result[n].get("failed", {}).items():
            lines.append(f"\n{n}, `{query}`: {text}")
    return lines


def one_size(size: int, servers: list[str], repeat: int) -> list[str]:
    """Generate the synthetic data of ``size``, time everything, return its Markdown section."""
    import random

    from run import QUICK_SECONDS, fmt, query_cap, sample_params, timed, warm_sample

    from plangraph.graph.load import load_store
    from plangraph.sparql.engines import execute
    from plangraph.sparql.library import list_queries
    from plangraph.sparql.session import QuerySession
    from plangraph.synth import SIZES, Spec, write
    from plangraph.validate import validation_sources

    provinces, years = SIZES[size]
    with tempfile.TemporaryDirectory() as tmp:
        write(Spec(provinces=provinces, years=years, seed=0), Path(tmp))
        sources = validation_sources(sorted(Path(tmp).glob("*.ttl")))
        store = load_store(sources)
        params = sample_params(store, random.Random(size))
        embedded: dict[str, float | None] = {}
        counts: dict[str, int] = {}  # timed runs per query, the servers' too
        session = QuerySession(store)  # one query worker, as in the build
        for info in list_queries():
            def once(i: Any = info) -> float | None:
                return timed(lambda: execute(i, params.get(i.name, {}), session=session),
                             query_cap(i.name))[0]

            runs = warm_sample(once, repeat)  # after a first run that warms the caches
            embedded[info.name] = statistics.median(runs) if runs else None
            counts[info.name] = len(runs) if runs else repeat
        session.close()
        result = measure(servers, sources, store, params, counts, timed, query_cap)
    return [f"## {size}× ({len(store):,} quads with the ontology), median of at least "
            f"{repeat} runs ({QUICK_SECONDS:g} s of runs for a quick query)", "",
            f"Parameters: `{json.dumps(params, ensure_ascii=False)}`", "",
            *render(result, embedded, fmt, query_cap), ""]


def main() -> None:
    """``python benchmarks/servers.py --sizes 10,100``: only these tables, not the full run."""
    import argparse

    from run import machine

    from plangraph.runtime.atomic import atomic_write

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--sizes", default="10")
    parser.add_argument("--servers", default=",".join(SERVERS),
                        help="per size: 10=oxigraph,virtuoso;100=oxigraph, or one list for all")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, help="also write the Markdown here")
    args = parser.parse_args()
    per_size = dict(part.split("=", 1) for part in args.servers.split(";") if "=" in part)
    command = "python benchmarks/servers.py " + " ".join(
        f"'{a}'" if ";" in a else a for a in sys.argv[1:])
    lines = [
        "# Library queries on SPARQL servers", "",
        "Generated by `benchmarks/servers.py`; do not edit by hand. Each query runs with "
        "`--endpoint` on a server started on 127.0.0.1 (Oxigraph filled by `oxigraph load`, "
        "Virtuoso by `plangraph publish`); "
        "its rows must equal the embedded rows. Times are medians after one untimed run.", "",
        f"Command: `{command.strip()}`", "", *machine(), ""]
    for size in (int(s) for s in args.sizes.split(",")):
        servers = per_size.get(str(size), args.servers if not per_size else "")
        lines += one_size(size, [s for s in servers.split(",") if s], args.repeat)
        print("\n".join(lines))
        if args.out:  # after every size: a run stopped at a large size keeps the smaller ones
            atomic_write(args.out, "\n".join(lines))


if __name__ == "__main__":
    main()
