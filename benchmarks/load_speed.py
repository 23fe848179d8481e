"""Load speed: plangraph's ``load_store`` next to pyoxigraph's own ``Store.load`` and its
bare parser, in one process, on synthetic cascades (a script, not a test).

    python benchmarks/load_speed.py --sizes 10,100 --repeat 5 [--write]

Each round runs every way once (the order turning round by round, so that a busy
neighbour does not always hit the same one); the table gives the median of the rounds and
the median of the per-round ratio to ``Store.load``. ``--write`` puts the table in its own
section of docs/benchmarks.md (``<!-- load-speed:start -->`` … ``<!-- load-speed:end -->``).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from plangraph import paths  # noqa: E402
from plangraph.graph import cache  # noqa: E402
from plangraph.graph.load import (  # noqa: E402
    FORMATS,
    OX_FORMATS,
    expand_sources,
    file_graph_iri,
    load_store,
    read_quads,
)
from plangraph.synth import Spec, write  # noqa: E402

PROVINCES = {1: 1, 10: 20, 100: 220}
START, END = "<!-- load-speed:start -->", "<!-- load-speed:end -->"
NOTE = ("A store keeps values, not lexical forms (measured on pyoxigraph 0.5.13): "
        '`"01"^^xsd:integer` comes back as `"1"`, `"1.50"^^xsd:decimal` as `"1.5"`, '
        '`"1000.0"` as `"1000"`, `"1e3"^^xsd:double` as `"1000"`, `"1"^^xsd:boolean` as '
        '`"true"`; ill-typed forms (`"๒"^^xsd:decimal`, `"abc"^^xsd:integer`, '
        '`"2024-02-30"^^xsd:date`) are kept as written. Queries and the fast validator compare '
        "values, so `load_store` parses the files straight into the store; what is published "
        "is written from `read_quads` (every term as written), which only the publishing "
        "commands and `build` read. No rdflib Dataset is made on these paths (only "
        "`plangraph.load()`, `--engine rdflib` and the pySHACL validator make one).")


def bare_parse(files: list[Path]) -> int:
    """pyoxigraph's parser alone: every triple made and dropped."""
    count = 0
    for path in files:
        for _ in ox.parse(path=str(path), format=OX_FORMATS[FORMATS[path.suffix]],
                          base_iri=path.resolve().as_uri()):
            count += 1
    return count


def store_load(files: list[Path]) -> ox.Store:
    """pyoxigraph's own ``Store.load``, each file into its file graph."""
    store = ox.Store()
    for path in files:
        store.load(path=str(path), format=OX_FORMATS[FORMATS[path.suffix]],
                   base_iri=path.resolve().as_uri(),
                   to_graph=ox.NamedNode(str(file_graph_iri(path))))
    return store


def cache_build(files: list[Path], work: Path) -> None:
    """Building an on-disk cache entry (what a first ``plangraph query`` pays)."""
    folder = Path(tempfile.mkdtemp(dir=work))
    cache.build_entry(folder, "k", files)


def ways(files: list[Path], work: Path) -> dict[str, Callable[[], object]]:
    """Name -> what is timed."""
    return {
        "bare parse (ox.parse)": lambda: bare_parse(files),
        "Store.load": lambda: store_load(files),
        "plangraph load_store": lambda: load_store(files),
        "read_quads + Store.extend (before)": lambda: load_store(read_quads(files)),
        "read_quads (what is published)": lambda: read_quads(files),
        "cache entry build (on disk)": lambda: cache_build(files, work),
    }


def measure(size: int, repeat: int, work: Path) -> tuple[int, dict[str, float], dict[str, float]]:
    """Triples, median seconds and median ratio to Store.load of every way at ``size``."""
    data = work / f"s{size}"
    write(Spec(provinces=PROVINCES[size], years=10), data)
    files = paths.validation_sources(expand_sources([data]))
    todo = ways(files, work)
    triples = len(store_load(files))
    times: dict[str, list[float]] = {name: [] for name in todo}
    for n in range(repeat):
        names = list(todo)
        for name in names[n % len(names):] + names[: n % len(names)]:
            start = time.perf_counter()
            todo[name]()
            times[name].append(time.perf_counter() - start)
    base = times["Store.load"]
    medians = {name: statistics.median(t) for name, t in times.items()}
    ratios = {name: statistics.median(a / b for a, b in zip(t, base, strict=True))
              for name, t in times.items()}
    return triples, medians, ratios


def render(rows: list[tuple[int, int, dict[str, float], dict[str, float]]], command: str) -> str:
    """The Markdown section."""
    load = os.getloadavg()
    lines = [START, "## Load speed (files into the store)", "",
             f"Written by `benchmarks/load_speed.py` (its own section). Command: `{command}`. "
             "One process, every way once per round (order turning), median of the rounds; "
             "ratio = the median of the per-round ratios to `Store.load`. "
             f"pyoxigraph {ox.__version__}; 2 CPUs shared with other work, load average "
             f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} at the end.", "",
             "| size | triples | way | seconds | × Store.load |", "|---|---|---|---|---|"]
    for size, triples, medians, ratios in rows:
        for name, seconds in medians.items():
            lines.append(f"| {size}× | {triples:,} | {name} | {seconds:.2f} | "
                         f"{ratios[name]:.2f} |")
    return "\n".join([*lines, "", NOTE, END]) + "\n"


def main() -> None:
    """Measure, print, and with ``--write`` update docs/benchmarks.md."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10,100")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in map(int, args.sizes.split(",")):
            rows.append((size, *measure(size, args.repeat, Path(tmp))))
    command = "python benchmarks/load_speed.py " + " ".join(sys.argv[1:])
    section = render(rows, command.strip())
    print(section)
    if args.write:
        doc = ROOT / "docs" / "benchmarks.md"
        old = doc.read_text(encoding="utf-8")
        pattern = re.compile(re.escape(START) + ".*?" + re.escape(END) + "\n?", re.DOTALL)
        new = (pattern.sub(lambda _: section, old) if START in old
               else old.rstrip() + "\n\n" + section)
        tmp_doc = doc.with_suffix(".md.tmp")
        tmp_doc.write_text(new, encoding="utf-8")
        tmp_doc.replace(doc)


if __name__ == "__main__":
    main()
