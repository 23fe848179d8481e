"""The whole ``plangraph build`` on a synthetic cascade: wall and CPU seconds per step, the
peak memory, and the wall time the steps' CPU seconds allow on a quiet machine.

``python benchmarks/build_steps.py --provinces 220 --years 10 [--data DIR] [--out DIR]``
prints a Markdown table. On a shared machine wall times stretch with the load; CPU seconds
(the build process and the children it waited for; a helper beside measures its own) are the
steadier figure, so the table also gives the estimate for an idle machine with ``--cpus``
cores: the build process's own steps run one after another, the maps and the site spread
over every core, the helpers beside (validation, exports) fill the other core meanwhile.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: Steps whose work is spread over every core (forked workers).
SPREAD = ("maps", "site")


def quiet_estimate(cpu: dict[str, float], cpus: int) -> float:
    """Seconds the build would take on ``cpus`` idle cores: the larger of its critical path
    (own steps in turn, the spread steps divided) and all its CPU seconds divided."""
    beside = sum(s for name, s in cpu.items() if name.endswith("(beside)"))
    spread = sum(cpu.get(name, 0.0) for name in SPREAD)
    serial = sum(cpu.values()) - beside - spread
    return max(serial + spread / cpus, (serial + spread + beside) / cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--provinces", type=int, default=220)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--data", type=Path, help="use these synth files (else made afresh)")
    parser.add_argument("--out", type=Path, help="build folder (default: a temporary one)")
    parser.add_argument("--cpus", type=int, default=2)
    args = parser.parse_args()

    from plangraph.build import build, cpu_seconds
    from plangraph.validate import validation_sources

    with tempfile.TemporaryDirectory(prefix="plangraph-build-") as work:
        data = args.data
        if data is None:
            data = Path(work) / "data"
            subprocess.run([str(Path(sys.executable).with_name("plangraph")), "synth",
                            "--provinces", str(args.provinces), "--years", str(args.years),
                            "-o", str(data)], check=True, stdout=subprocess.DEVNULL)
        out = args.out or Path(work) / "build"
        sources = validation_sources(sorted(data.glob("*.ttl")))
        start, cpu = time.perf_counter(), cpu_seconds()
        summary = build(out, sources=sources)
        wall, used = time.perf_counter() - start, cpu_seconds() - cpu
        load = os.getloadavg()
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF,
                                                               resource.RUSAGE_CHILDREN))
    print("| step | wall s | CPU s |\n|---|---|---|")
    for name, seconds in summary.steps.items():
        print(f"| {name} | {seconds:.1f} | {summary.cpu[name]:.1f} |")
    print(f"| **whole build** | **{wall:.1f}** | {used:.1f} |")
    print(f"\nfiles {len(summary.files)}; peak memory of one process {peak / 1024:.0f} MiB; "
          f"load average at the end {load[0]:.1f}, {load[1]:.1f}, {load[2]:.1f}; "
          f"estimate on {args.cpus} idle cores: {quiet_estimate(summary.cpu, args.cpus):.1f} s")


if __name__ == "__main__":
    main()
