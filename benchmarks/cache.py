"""End-to-end time of ``plangraph query trace`` without the store cache, on the first run
(builds the entry) and on repeated runs (opens it), at the given synth sizes.

``python benchmarks/cache.py --sizes 10,100 --repeat 5`` prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROVINCES = {1: 1, 10: 20, 100: 220}
ELEMENT = "chiangkaeokham/issue/1/indicator/1"


def timed(args: list[str], env: dict[str, str]) -> float:
    """Seconds one command takes, start to exit (it must succeed)."""
    start = time.perf_counter()
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure(size: int, repeat: int, work: Path) -> dict[str, float]:
    """Median seconds of the three ways to run the query at ``size``."""
    data = work / f"s{size}"
    plangraph = [str(Path(sys.executable).with_name("plangraph"))]  # the installed command
    subprocess.run([*plangraph, "synth", "--provinces", str(PROVINCES[size]), "--years", "10",
                    "-o", str(data)], check=True, stdout=subprocess.DEVNULL)
    query = [*plangraph, "query", "trace", "-p", f"element={ELEMENT}", "--data", str(data),
             "-f", "csv"]
    env = dict(os.environ)
    runs: dict[str, list[float]] = {"no cache": [], "first run (builds)": [], "repeated": []}
    for n in range(repeat):
        env["PLANGRAPH_CACHE"] = str(work / f"cold-{size}-{n}")
        runs["no cache"].append(timed([*query, "--no-cache"], env))
        runs["first run (builds)"].append(timed(query, env))
        runs["repeated"].append(timed(query, env))
    return {name: statistics.median(times) for name, times in runs.items()}


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10,100")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"| size | {' | '.join(['no cache', 'first run (builds)', 'repeated'])} |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for size in map(int, args.sizes.split(",")):
            medians = measure(size, args.repeat, Path(tmp))
            print(f"| {size}× | " + " | ".join(f"{v:.2f} s" for v in medians.values()) + " |",
                  flush=True)


if __name__ == "__main__":
    main()
