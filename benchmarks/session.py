"""A query session's persistent worker against a fresh child per query (a script, not a test).

    python benchmarks/session.py --data /tmp/b100/data --repeat 5 [--write]

Loads the ``*.ttl`` files (with the ontology) once and, for every library query (parameters
as ``benchmarks/run.py`` samples them), times in one process, alternating run by run:
"in process" (pyoxigraph's answer read into rows, no child: the floor), ``execute()``
with a fresh forked child per query (before), and ``execute()`` in one
:class:`~plangraph.sparql.session.QuerySession` (after). Prints best and median seconds;
``--build-steps N`` also times, N times alternating, what the build's queries step and its
cascade step (the five map queries) run, a child per query against a session.
``--write`` puts the tables in their marked section of ``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- worker:start -->", "<!-- worker:end -->"
WAYS = ("in process", "child per query", "session")


def seconds(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def uptime() -> str:
    """The load averages (``uptime``)."""
    done = subprocess.run(["uptime"], capture_output=True, text=True)
    return done.stdout.split("average:")[-1].strip()


def measure(data: Path, repeat: int) -> tuple[int, dict[str, dict[str, list[float]]]]:
    """(quads, ``{query: {way: [seconds…]}}``)."""
    from run import sample_params

    from plangraph.graph.load import load_store
    from plangraph.sparql.engines import answer_oxigraph, execute, in_place
    from plangraph.sparql.library import list_queries
    from plangraph.sparql.params import bind_params, known_prefixes
    from plangraph.sparql.session import QuerySession
    from plangraph.sparql.wire import read_oxigraph
    from plangraph.validate import validation_sources

    store = load_store(validation_sources(sorted(data.glob("*.ttl"))))
    params = sample_params(store, random.Random(100))
    times: dict[str, dict[str, list[float]]] = {}
    with QuerySession(store) as session:
        for info in list_queries():
            raw = params.get(info.name, {})
            bound = bind_params(info, raw, known_prefixes(None, info.text))
            placed = in_place(info, bound)  # checked, parameters written in place

            def here(placed: Any = placed) -> Any:
                answer = answer_oxigraph(placed, {}, store)
                return answer if not isinstance(answer, bytes) else read_oxigraph(answer, "q")

            ways = {"in process": here,
                    "child per query": lambda i=info, r=raw: execute(i, r, store=store),
                    "session": lambda i=info, r=raw: session.execute(i, r)}
            session.execute(info, raw)  # the worker's first run of a query warms its caches
            times[info.name] = {way: [] for way in WAYS}
            for _ in range(repeat):
                for way in WAYS:
                    gc.collect()
                    times[info.name][way].append(seconds(ways[way]))
            print(info.name, {w: round(min(t), 4) for w, t in times[info.name].items()},
                  file=sys.stderr)
        forks = session.worker.forks
    print(f"session forks: {forks}", file=sys.stderr)
    return len(store), times


def build_steps(data: Path, rounds: int) -> dict[str, list[tuple[float, float]]]:
    """``{way: [(queries step, cascade step)…]}``: the build's queries, each way."""
    from plangraph.build import BUILD_QUERIES, OBSERVATION_QUERIES
    from plangraph.graph.load import load_store
    from plangraph.maps import data as maps
    from plangraph.sparql.engines import execute
    from plangraph.sparql.session import QuerySession
    from plangraph.validate import validation_sources

    store = load_store(validation_sources(sorted(data.glob("*.ttl"))))
    names = BUILD_QUERIES + OBSERVATION_QUERIES

    def before() -> tuple[float, float]:
        queries = seconds(lambda: [execute(n, {}, store=store) for n in names])
        return queries, seconds(lambda: maps._map_data(maps.query_runner(store)))

    def after() -> tuple[float, float]:
        with QuerySession(store) as session:
            queries = seconds(lambda: [execute(n, {}, session=session) for n in names])
        return queries, seconds(lambda: maps.read_map_data(store))

    runs: dict[str, list[tuple[float, float]]] = {"child per query": [], "session": []}
    for i in range(rounds):
        for way, fn in sorted({"child per query": before, "session": after}.items(),
                              reverse=bool(i % 2)):
            gc.collect()
            runs[way].append(fn())
            print(way, runs[way][-1], file=sys.stderr)
    return runs


def steps_table(runs: dict[str, list[tuple[float, float]]], load: str) -> list[str]:
    lines = [f"The build's queries step (indicators, rollup, gaps, gaps-province, progress) and "
             f"the five map queries of its cascade step, {len(runs['session'])} rounds "
             f"alternating; seconds, best (median); load average {load}.", "",
             "| way | queries step | cascade step |", "|---|---|---|"]
    for way, values in runs.items():
        steps = zip(*values, strict=True)
        cells = " | ".join(f"{min(v):.2f} ({statistics.median(v):.2f})" for v in steps)
        lines.append(f"| {way} | {cells} |")
    return lines


def table(quads: int, times: dict[str, dict[str, list[float]]], repeat: int,
          load: str) -> list[str]:
    lines = [f"{quads:,} quads; seconds, best of {repeat} (median in brackets), the three ways "
             f"alternating in one process; load average {load}.", "",
             "| query | in process (floor) | child per query (before) | session (after) "
             "| after − floor | before / after |", "|---|---|---|---|---|---|"]
    for name, ways in times.items():
        best = {w: min(t) for w, t in ways.items()}
        med = {w: statistics.median(t) for w, t in ways.items()}
        cells = " | ".join(f"{best[w]:.4f} ({med[w]:.4f})" for w in WAYS)
        lines.append(f"| {name} | {cells} | {1000 * (best['session'] - best['in process']):+.1f}"
                     f" ms | {best['child per query'] / best['session']:.1f}× |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--build-steps", type=int, default=0, metavar="N")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).parent))
    before = uptime()
    quads, times = measure(args.data, args.repeat)
    load = f"{before} before, {uptime()} after"
    lines = table(quads, times, args.repeat, load)
    if args.build_steps:
        before = uptime()
        runs = build_steps(args.data, args.build_steps)
        lines += ["", *steps_table(runs, f"{before} before, {uptime()} after")]
    print("\n".join(lines))
    if args.write:
        path = ROOT / "docs" / "benchmarks.md"
        text = path.read_text(encoding="utf-8")
        section = "\n".join([START, "## Query worker: a session against a child per query", "",
                             f"`python benchmarks/session.py --data DIR --repeat {args.repeat} "
                             f"--build-steps {args.build_steps}`"
                             " (`docs/architecture.md`, *Query sessions*). \"in process\" is "
                             "the floor: pyoxigraph's answer read into rows with no checks and "
                             "no child. On a shared machine compare the columns of a row, "
                             "measured together, not figures of other tables.", "",
                             *lines, END])
        if START in text:
            text = text[:text.index(START)] + section + text[text.index(END) + len(END):]
        else:
            text = text.rstrip("\n") + "\n\n" + section + "\n"
        path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
