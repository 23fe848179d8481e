"""Load figures for the SPARQL endpoint next to Oxigraph's own server (a script, not a test).

    python benchmarks/load.py            # writes its section of docs/benchmarks.md

Both servers run as their own processes on 127.0.0.1 over the same quads (the project's
files, one named graph per file, default graph = union): ``plangraph serve`` (defaults:
4 workers, 30 s limit) and ``oxigraph serve-read-only --union-default-graph --timeout-s 30``.
Two loads, as in issue 16: 20 threads x 50 ``rollup`` queries, and 200 ``rollup`` queries
each made unique by a comment (20 threads). Every request is a POST
``application/sparql-query`` asking for SPARQL JSON; anything but 200 counts as an error.
It also measures what a ``plangraph query`` child costs: fork alone and fork plus leaving
the network (:mod:`plangraph.runtime.sandbox`).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OXIGRAPH = Path(sys.executable).parent / "oxigraph"
START, END = "<!-- load-figures:start -->", "<!-- load-figures:end -->"


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(url: str, process: subprocess.Popen[bytes], limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=5):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {limit} s")


def post(url: str, text: str) -> bool:
    req = urllib.request.Request(url, data=text.encode(), method="POST", headers={
        "Content-Type": "application/sparql-query",
        "Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            r.read()
            return r.status == 200
    except OSError:
        return False


def load(url: str, texts: list[str], threads: int) -> dict[str, float]:
    """Send ``texts`` from ``threads`` threads; throughput, p50, p99 and errors."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    share = [texts[i::threads] for i in range(threads)]

    def client(mine: list[str]) -> None:
        for text in mine:
            t0 = time.perf_counter()
            ok = post(url, text)
            elapsed = time.perf_counter() - t0
            with lock:
                latencies.append(elapsed)
                errors[0] += not ok

    workers = [threading.Thread(target=client, args=(s,)) for s in share]
    t0 = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    wall = time.perf_counter() - t0
    latencies.sort()
    return {"requests": len(latencies), "errors": errors[0], "wall": wall,
            "qps": len(latencies) / wall, "p50": statistics.median(latencies) * 1000,
            "p99": latencies[max(0, int(len(latencies) * 0.99) - 1)] * 1000}


def child_cost(repeat: int = 50) -> dict[str, float]:
    """Median ms of a forked query child, without and with leaving the network."""
    from plangraph.runtime import sandbox
    from plangraph.runtime.deadline import run_with_deadline

    def median(offline: bool) -> float:
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            run_with_deadline(lambda: 0, 10, "probe", offline=offline)
            times.append(time.perf_counter() - t0)
        return statistics.median(times) * 1000

    return {"fork": median(False), "fork+netns": median(True),
            "netns works": float(run_with_deadline(sandbox.deny_network, 10, "probe"))}


def servers(nquads: Path, tmp: Path) -> dict[str, tuple[list[str], str]]:
    """Command lines and query URLs for the two servers."""
    p1, p2 = free_port(), free_port()
    db = tmp / "oxigraph-db"
    subprocess.run([str(OXIGRAPH), "load", "--location", str(db), "--file", str(nquads)],
                   check=True, capture_output=True)
    return {
        "plangraph serve": ([sys.executable, "-m", "plangraph.cli", "serve", "--port", str(p1)],
                            f"http://127.0.0.1:{p1}/sparql"),
        "oxigraph serve-read-only": ([str(OXIGRAPH), "serve-read-only", "--location", str(db),
                                     "--bind", f"127.0.0.1:{p2}", "--union-default-graph",
                                     "--timeout-s", "30"], f"http://127.0.0.1:{p2}/query"),
    }


def measure(threads: int, per_thread: int, unique: int) -> tuple[list[list[str]], dict]:
    from plangraph.graph.load import load as load_dataset

    rollup = (ROOT / "queries" / "rollup.rq").read_text(encoding="utf-8")
    rows = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        nquads = tmp / "data.nq"
        nquads.write_bytes(load_dataset().serialize(format="nquads", encoding="utf-8"))
        for name, (cmd, url) in servers(nquads, tmp).items():
            process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                wait_ready(url, process)
                post(url, rollup)  # warm up
                loads: dict[str, Callable[[], dict[str, float]]] = {
                    f"{threads} threads x {per_thread} rollup": lambda u=url: load(
                        u, [rollup] * (threads * per_thread), threads),
                    f"{unique} unique rollup (comment)": lambda u=url: load(
                        u, [f"# request {i}\n{rollup}" for i in range(unique)], threads),
                }
                for label, run in loads.items():
                    r = run()
                    rows.append([name, label, f"{r['requests']:.0f}", f"{r['errors']:.0f}",
                                 f"{r['qps']:.1f}", f"{r['p50']:.0f}", f"{r['p99']:.0f}"])
                    print(" | ".join(rows[-1]), file=sys.stderr)
            finally:
                process.terminate()
                process.wait(10)
    return [["server", "load", "requests", "errors", "queries/s", "p50 ms", "p99 ms"], *rows], \
        child_cost()


def render(table: list[list[str]], cost: dict, command: str) -> str:
    head, *body = table
    lines = [START, "## Endpoint under load (`plangraph serve` next to Oxigraph's server)", "",
             f"Written by `benchmarks/load.py` (its own section). Command: `{command}`. "
             f"{os.cpu_count()} CPUs shared with other work; the project's data.", "",
             "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in body]
    lines += ["", f"A `plangraph query` child: fork {cost['fork']:.1f} ms, fork + leaving the "
              f"network {cost['fork+netns']:.1f} ms (median of 50; network namespace "
              f"{'available' if cost['netns works'] else 'NOT available'} here).", END]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=20)
    parser.add_argument("--per-thread", type=int, default=50)
    parser.add_argument("--unique", type=int, default=200)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    table, cost = measure(args.threads, args.per_thread, args.unique)
    section = render(table, cost, "python " + " ".join(
        [Path(sys.argv[0]).relative_to(ROOT).as_posix() if Path(sys.argv[0]).is_absolute()
         else sys.argv[0], *sys.argv[1:]]))
    old = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END) + "\n?", re.DOTALL)
    new = pattern.sub(lambda _: section, old) if START in old else old.rstrip() + "\n\n" + section
    tmp = args.out.with_suffix(".tmp")
    tmp.write_text(new, encoding="utf-8")
    tmp.replace(args.out)
    print(section)


if __name__ == "__main__":
    main()
