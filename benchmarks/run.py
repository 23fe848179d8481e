"""Benchmark plangraph on synthetic cascades of growing size (a script, not a test).

    python benchmarks/run.py --sizes 1,10,100 --repeat 5

For each size the synthetic data (:mod:`plangraph.synth`, sizes from ``synth.SIZES``) is
generated into a temp dir and measured in its own subprocess, so peak memory (maxrss) of one
size does not leak into the next: load, validation (pySHACL and the fast validator), every
library query's median on rdflib and on pyoxigraph (parameters sampled from the data), and
the map build. A step slower than its cap is stopped (SIGALRM) and reported as "> T s".
Writes ``docs/benchmarks.md`` and prints the oxigraph/rdflib ratios. "(beside)" marks build
steps that run in a background process while the steps after them go on.
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import platform
import random
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
QUERY_CAP = 10.0  # seconds per query run
#: The queries the targets compare with rdflib (≥ 20x): their rdflib runs may take this long,
#: so that even a capped run proves the ratio.
TARGET_QUERIES = ("rollup", "coverage", "gaps")
TARGET_QUERY_CAP = 30.0
LOAD_FIGURES = "<!-- load-figures:start -->"  # the endpoint section, kept as it is


def query_cap(name: str) -> float:
    """Seconds a run of library query ``name`` may take."""
    return TARGET_QUERY_CAP if name in TARGET_QUERIES else QUERY_CAP
STEP_CAP = 120.0  # seconds for validation with pySHACL, the map build
BUILD_CAP = 600.0  # seconds for the whole `plangraph build`
ENGINES = ("rdflib", "oxigraph")
#: A quick query gets more timed runs than ``--repeat``: they go on until they add up to
#: QUICK_SECONDS (at most MOST_RUNS), so that a median of a few milliseconds is not three
#: samples of the machine's noise. Jena and the servers run each query as often as plangraph's
#: embedded engine did.
QUICK_SECONDS = 2.0
MOST_RUNS = 50


class _Timeout(BaseException):
    """Raised by SIGALRM when a step passes its cap (a BaseException: code under test that
    turns every Exception into its own error must not swallow it)."""


def sample(run: Callable[[], float | None], least: int, budget: float = 0.0,
           most: int = MOST_RUNS) -> list[float] | None:
    """Seconds of timed runs of ``run`` (it returns its seconds, None past its cap): at least
    ``least`` of them, then more while they add up to less than ``budget``, but no more than
    ``most`` (nor fewer than ``least``). None as soon as a run passes its cap."""
    runs: list[float] = []
    while len(runs) < least or (sum(runs) < budget and len(runs) < most):
        seconds = run()
        if seconds is None:
            return None
        runs.append(seconds)
    return runs


def warm_sample(run: Callable[[], float | None], least: int) -> list[float] | None:
    """One untimed run of ``run`` (caches, proofs, a JIT), then :func:`sample` with the quick
    query's budget; None when a run passes its cap (the warm-up too: no more runs then)."""
    return sample(run, least, QUICK_SECONDS) if run() is not None else None


def timed(fn: Callable[[], Any], cap: float) -> tuple[float | None, Any]:
    """(seconds, result) or (None, None) when ``fn`` takes longer than ``cap``."""

    def alarm(_signum: int, _frame: object) -> None:
        raise _Timeout

    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, cap)
    start = time.perf_counter()
    try:
        result = fn()
        return time.perf_counter() - start, result
    except _Timeout:
        return None, None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def sample_params(store: Any, rng: random.Random) -> dict[str, dict[str, str]]:
    """Parameters for the queries that need one, drawn from the data (a pyoxigraph store)."""
    from plangraph.graph.vocab import PG, RDF

    indicators = sorted({q.subject.value for q in store.quads_for_pattern(None, RDF.type,
                                                                             PG.Indicator)})
    return {"trace": {"element": rng.choice(indicators)},
            "search": {"keyword": rng.choice(["ท่องเที่ยว", "เกษตร", "มูลค่าเพิ่ม", "ยั่งยืน"])}}


def first_render(pages: list[Path], repeat: int) -> dict[str, float | None]:
    """Median ms from navigation start to vis-network's first drawn frame, per page, in
    Debian's Chromium offline (None for every page when Chromium or Playwright is missing)."""
    from plangraph.maps.browser import PageLog, block_network, chromium_path, launch

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return dict.fromkeys(map(str, pages))
    if chromium_path() is None:
        return dict.fromkeys(map(str, pages))
    times: dict[str, float | None] = {}
    with sync_playwright() as pw, tempfile.TemporaryDirectory() as profile:
        context = launch(pw, Path(profile), viewport={"width": 1400, "height": 900})
        for path in pages:
            runs = []
            for _ in range(repeat):
                page = context.new_page()
                block_network(page, PageLog())
                page.goto(path.resolve().as_uri())
                page.wait_for_function("window.plangraphMap && window.plangraphMap.drawnAt",
                                       timeout=120_000)
                runs.append(page.evaluate("window.plangraphMap.drawnAt"))
                page.close()
            times[path.name] = statistics.median(runs)
        context.close()
    return times


def worker(size: int, data_dir: Path, repeat: int, servers: str = "",
           jena: bool = False) -> dict[str, Any]:
    """Measure one size (runs in its own process); returns the numbers."""
    from plangraph.build import build
    from plangraph.graph.load import load, load_store, merged
    from plangraph.maps import build_maps
    from plangraph.maps.aggregate import ALIGNMENT_PAGE
    from plangraph.sparql.engines import execute
    from plangraph.sparql.library import list_queries
    from plangraph.sparql.session import QuerySession
    from plangraph.validate import validate, validation_sources
    from plangraph.validate.fast import validate_fast

    files = sorted(data_dir.glob("*.ttl"))
    sources = validation_sources(files)
    out: dict[str, Any] = {"size": size}
    out["load_rdflib"], ds = timed(lambda: load(sources), STEP_CAP * 2)
    graph = merged(ds)
    out["triples"] = len(graph)
    out["load_oxigraph"], store = timed(lambda: load_store(sources), STEP_CAP)
    out["validate_pyshacl"], _ = timed(lambda: validate(dataset=ds), STEP_CAP)
    # the fast validator (the contender, beside Jena SHACL): one untimed run, then the median
    # of --repeat, as Jena SHACL gets; a single run moved by half between benchmark runs
    _, report = timed(lambda: validate_fast(store=store), STEP_CAP)
    checks = (sample(lambda: timed(lambda: validate_fast(store=store), STEP_CAP)[0], repeat)
              if report else None)
    out["validate_fast"] = statistics.median(checks) if checks else None
    out["validate_runs"] = repeat
    out["fast_conforms"] = bool(report and report.conforms)
    params = sample_params(store, random.Random(size))
    queries: dict[str, dict[str, float | None]] = {}
    counts: dict[str, int] = {}  # timed runs per query, on every engine but rdflib
    session = QuerySession(store)  # oxigraph's queries: one worker process, as in the build
    for info in list_queries():
        queries[info.name] = {}
        for engine in ENGINES:
            gc.collect()  # an engine is not charged for the garbage the other left
            call = functools.partial(execute, info, params.get(info.name, {}), graph=graph,
                                     engine=engine, store=store,
                                     session=session if engine == "oxigraph" else None)

            def once(call: Callable[[], Any] = call, cap: float = query_cap(info.name)
                     ) -> float | None:
                return timed(call, cap)[0]

            if engine == "oxigraph":  # one untimed run first, as Jena and the servers have
                runs = warm_sample(once, repeat)
                counts[info.name] = len(runs) if runs else repeat
            else:  # rdflib: slow enough for --repeat runs, no warm-up
                runs = sample(once, repeat)
            queries[info.name][engine] = statistics.median(runs) if runs else None
    session.close()
    out["queries"], out["runs"] = queries, counts
    if servers:  # every library query through --endpoint on real servers (benchmarks/servers.py)
        from servers import measure

        out["servers"] = measure(servers.split(","), sources, store, params, counts, timed,
                                 query_cap)
    if jena:  # the same queries and the shapes on Apache Jena (benchmarks/sidebyside.py)
        from sidebyside import measure_jena

        out["jena"] = measure_jena(sources, store, graph, params, counts, query_cap,
                                   shacl_repeat=repeat)
    with tempfile.TemporaryDirectory() as tmp:
        maps_dir = Path(tmp) / "maps"
        out["maps"], written = timed(lambda: build_maps(store, maps_dir), STEP_CAP)
        plan_maps = sorted((p for p in written or [] if p.name.startswith("alignment-")),
                           key=lambda p: p.stat().st_size)
        out["map_pages"] = len(written or [])
        render_pages = [maps_dir / ALIGNMENT_PAGE, *plan_maps[-1:]] if written else []
        out["render"] = first_render(render_pages, 3)
        out["build_no_site"], _ = timed(
            lambda: build(Path(tmp) / "core", sources=sources, site=False), BUILD_CAP)
        out["build"], summary = timed(lambda: build(Path(tmp) / "build", sources=sources),
                                      BUILD_CAP)
        out["build_steps"] = summary.steps if summary else {}
    # the largest of this process and its forked workers (each has its own memory)
    out["maxrss_mib"] = max(resource.getrusage(who).ru_maxrss for who in
                            (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024
    return out


def fmt(seconds: float | None, cap: float) -> str:
    """Seconds to the millisecond; under 10 ms to the tenth of one (two significant digits,
    so that 4.4 and 3.6 ms do not both print as 0.004)."""
    if seconds is None:
        return f"> {cap:.0f} s"
    return f"{seconds:.4f} s" if seconds < 0.01 else f"{seconds:.3f} s"


def ratio(slow: float | None, fast: float | None, cap: float) -> str:
    if fast is None:
        return "–"
    if slow is None:
        return f"> {cap / fast:.0f}×"
    return f"{slow / fast:.1f}×"


def machine() -> list[str]:
    def run(cmd: list[str]) -> str:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.strip()

    libs = ", ".join(f"{n} {version(n)}" for n in
                     ("rdflib", "pyoxigraph", "pyshacl", "networkx", "pyvis"))
    return [f"- CPUs (`nproc`): {run(['nproc'])}",
            "- Memory (`free -h`):", "", "```", run(["free", "-h"]), "```", "",
            f"- Python {platform.python_version()} on {platform.platform()}",
            f"- Libraries: {libs}",
            f"- Load average when written (`uptime`): {run(['uptime']).split('average:')[-1]}"]


def render(results: list[dict[str, Any]], command: str) -> str:
    from plangraph.synth import SIZES

    lines = ["# Benchmarks", "",
             "Synthetic cascades from `plangraph.synth` (sizes relative to the seed in `data/`).",
             "Generated by `benchmarks/run.py`; do not edit by hand.", "",
             "The tables below compare plangraph's embedded engine with rdflib. The same "
             "library queries on real servers (Oxigraph's server, Virtuoso), rows checked "
             "equal, are in [benchmarks-servers.md](benchmarks-servers.md) "
             "(`benchmarks/servers.py`); the endpoint under load next to Oxigraph's server "
             "is the section below the tables. With `--jena` and `--servers`, a table per size "
             "puts plangraph beside Apache Jena ARQ and Jena SHACL (Debian's "
             "`libapache-jena-java`, in one JVM: each figure is Jena's own time after one "
             "untimed warm-up run, JVM start excluded; rows checked equal), the servers and "
             "rdflib; plangraph's figures are medians in its Python process after one "
             "untimed run (`benchmarks/sidebyside.py`). A library query runs at least "
             f"`--repeat` times and, when quick, until its runs add up to {QUICK_SECONDS:g} s "
             f"(at most {MOST_RUNS}); Jena and the servers run it as many times (the table's "
             "runs column). rdflib runs each query `--repeat` times, without a warm-up. The fast "
             "validator and Jena SHACL validate once untimed, then `--repeat` times; pySHACL "
             "once.", "",
             f"Command: `{command}`", "", *machine(), ""]
    for r in results:
        provinces, years = SIZES[r["size"]]
        lines += [f"## {r['size']}× (`--provinces {provinces} --years {years}`, "
                  f"{r['triples']:,} triples with the ontology)", "",
                  "| step | rdflib | oxigraph | rdflib / oxigraph |", "|---|---|---|---|",
                  f"| load (parse files) | {fmt(r['load_rdflib'], STEP_CAP * 2)} | "
                  f"{fmt(r['load_oxigraph'], STEP_CAP)} | "
                  f"{ratio(r['load_rdflib'], r['load_oxigraph'], STEP_CAP)} |",
                  f"| validate (pySHACL vs fast) | {fmt(r['validate_pyshacl'], STEP_CAP)} | "
                  f"{fmt(r['validate_fast'], STEP_CAP)} | "
                  f"{ratio(r['validate_pyshacl'], r['validate_fast'], STEP_CAP)} |"]
        for name, by_engine in r["queries"].items():
            cap = query_cap(name)
            lines.append(f"| query `{name}` (median) | {fmt(by_engine['rdflib'], cap)} | "
                         f"{fmt(by_engine['oxigraph'], cap)} | "
                         f"{ratio(by_engine['rdflib'], by_engine['oxigraph'], cap)} |")
        lines += [f"| map build (`build_maps`, {r['map_pages']:,} pages) | | "
                  f"{fmt(r['maps'], STEP_CAP)} | |"]
        for page, ms in r["render"].items():
            shown = "no Chromium" if ms is None else f"{ms / 1000:.3f} s"
            lines.append(f"| first drawn frame of `{page}` in Chromium (median of 3) | | "
                         f"{shown} | |")
        lines += [f"| `plangraph build --no-site` (load, validate, queries, maps, exports) | | "
                  f"{fmt(r['build_no_site'], BUILD_CAP)} | |",
                  f"| `plangraph build` (whole job, with the static site) | | "
                  f"{fmt(r['build'], BUILD_CAP)} | |"]
        lines += [f"| · {step} | | {seconds:.3f} s | |"
                  for step, seconds in r["build_steps"].items()]
        lines += [f"| peak memory (largest maxrss of one process, whole run) | "
                  f"{r['maxrss_mib']:,.0f} MiB | | |", ""]
        if r.get("servers"):
            from servers import render as servers_table

            embedded = {q: by_engine["oxigraph"] for q, by_engine in r["queries"].items()}
            lines += [f"### {r['size']}×: the same queries on SPARQL servers (`--endpoint`)", "",
                      *servers_table(r["servers"], embedded, fmt, query_cap), ""]
        if r.get("jena") or r.get("servers"):
            from sidebyside import render as side_by_side

            lines += side_by_side(r, fmt, query_cap, STEP_CAP)
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1,10,100")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--servers", default="",
                        help="also run every query via --endpoint on these servers "
                             "(oxigraph,oxigraph-memory,virtuoso; benchmarks/servers.py)")
    parser.add_argument("--jena", action="store_true",
                        help="also run every query and the shapes on Apache Jena "
                             "(Debian's libapache-jena-java; benchmarks/sidebyside.py)")
    parser.add_argument("--worker", nargs=2, metavar=("SIZE", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(int(args.worker[0]), Path(args.worker[1]), args.repeat,
                                args.servers, args.jena)))
        return
    from plangraph.synth import SIZES, Spec, write

    results: list[dict[str, Any]] = []
    command = "python benchmarks/run.py " + " ".join(sys.argv[1:])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    for size in (int(s) for s in args.sizes.split(",")):
        provinces, years = SIZES[size]
        with tempfile.TemporaryDirectory() as tmp:
            write(Spec(provinces=provinces, years=years, seed=args.seed), Path(tmp))
            print(f"size {size}×: measuring…", file=sys.stderr)
            done = subprocess.run([sys.executable, __file__, "--repeat", str(args.repeat),
                                   "--servers", args.servers, *["--jena"] * args.jena,
                                   "--worker", str(size), tmp],
                                  capture_output=True, text=True)
            if done.returncode:
                sys.exit(f"size {size}× failed:\n{done.stderr[-2000:]}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        results.append(result)
        for name, by_engine in result["queries"].items():
            print(f"  {size}× {name:<16} rdflib/oxigraph "
                  f"{ratio(by_engine['rdflib'], by_engine['oxigraph'], query_cap(name))}")
        # written after every size, so a run stopped at a large size keeps the smaller ones
        old = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        kept = old[old.find(LOAD_FIGURES):] if LOAD_FIGURES in old else ""  # benchmarks/load.py
        args.out.write_text(render(results, command.strip()) + kept, encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
