"""Apache Jena in ``benchmarks/run.py --jena``, and the side-by-side table of every engine.

Jena (Debian's ``libapache-jena-java``, driven by ``tests/jena.py``) runs in one JVM that
loads the files once; each library query runs once untimed (JIT warm-up, and its rows are
checked against plangraph's), then as many times as plangraph's embedded engine ran it
(``--repeat``, or more for a quick query: ``run.py``'s ``sample``); the figure is the median of
those runs (parse, execute, read every row) measured inside the JVM, so JVM start is not in
it. Jena SHACL validates the loaded data once untimed, then ``--repeat`` times, as plangraph's
fast validator does. The table puts plangraph beside Jena, the servers of
``benchmarks/servers.py`` and rdflib; the fastest cell is bold.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
JVM_CAP = 3600.0  # seconds for the whole JVM (every query, validation)

Fmt = Callable[[float | None, float], str]


def measure_jena(sources: list[Path], store: Any, graph: Any,
                 params: Mapping[str, Mapping[str, str]], repeat: Mapping[str, int] | int,
                 cap: Callable[[str], float], shacl_repeat: int = 1) -> dict[str, Any]:
    """``repeat``: timed runs per query (by name, or one number for all); ``shacl_repeat``:
    timed validations (after an untimed one).

    ``{"version", "load", "triples", "queries": {q: s or None}, "differ": [...], "shacl",
    "conforms", "shacl_results"}``, or ``{"error": text}`` when Jena cannot run."""
    sys.path.insert(0, str(ROOT / "tests"))
    from jena import Jena, JenaMissing, library_text, values

    from plangraph.paths import shapes_path
    from plangraph.sparql.engines import execute
    from plangraph.sparql.library import list_queries
    from plangraph.sparql.params import bind_params, known_prefixes

    queries = list_queries()
    texts = {q.name: library_text(q, bind_params(q, params.get(q.name, {}),
                                                 known_prefixes(graph, q.text)))
             for q in queries}
    try:
        jena = Jena()
        with tempfile.TemporaryDirectory() as tmp:
            run = jena.run(sources, texts, Path(tmp), repeat=repeat,
                           cap={q.name: cap(q.name) for q in queries}, shapes=shapes_path(),
                           shacl_repeat=shacl_repeat, timeout=JVM_CAP)
            differ = [q.name for q in queries if q.name in run.answers and values(
                run.result(q.name)) != values(execute(q, params.get(q.name, {}), store=store))]
    except (JenaMissing, RuntimeError, OSError) as e:
        return {"error": " ".join(str(e).split())[:300]}
    return {"version": jena.version, "load": run.load, "triples": run.triples,
            "queries": {q.name: None if q.name in differ else run.median(q.name)
                        for q in queries},
            "differ": differ, "shacl": statistics.median(run.shacl) if run.shacl else None,
            "conforms": run.conforms, "shacl_results": run.shacl_results}


def render(r: Mapping[str, Any], fmt: Fmt, cap: Callable[[str], float],
           step_cap: float) -> list[str]:
    """The side-by-side Markdown table of one size's results (``run.py``'s worker output)."""
    jena = r.get("jena") or {}
    servers = r.get("servers") or {}
    heads = ["plangraph (embedded)"]
    if jena:
        heads.append(f"Jena ARQ {jena.get('version', '')} (in-JVM)".replace("  ", " "))
    heads += [f"{name.capitalize().replace('-memory', ' in-memory')} server (`--endpoint`)"
              for name in servers]
    heads.append("rdflib")
    lines = [f"### {r['size']}×: side by side", "",
             "| step (median) | runs | " + " | ".join(heads) + " |",
             "|---|---|" + "---|" * len(heads)]

    def row(label: str, runs: int, ours: float | None, theirs: float | None,
            per_server: list[Any], rdflib: float | None, limit: float) -> None:
        cells: list[tuple[float | None, str]] = [(ours, fmt(ours, limit))]
        if jena:
            cells.append(_jena_cell(jena, label, theirs, fmt, limit))
        cells += per_server
        cells.append((rdflib, fmt(rdflib, limit)))
        best = min((s for s, _ in cells if s is not None), default=None)
        shown = [f"**{text}**" if s is not None and s == best else text for s, text in cells]
        lines.append(f"| {label} | {runs} | " + " | ".join(shown) + " |")

    row("load (parse the files into the store)", 1, r["load_oxigraph"], jena.get("load"),
        [(s.get("load"), fmt(s.get("load"), 900.0)) for s in servers.values()],
        r["load_rdflib"], step_cap)
    row("validate (fast · Jena SHACL · pySHACL)", r["validate_runs"], r["validate_fast"],
        jena.get("shacl"),
        [(None, "") for _ in servers], r["validate_pyshacl"], step_cap)
    for name, by_engine in r["queries"].items():
        per_server = [_server_cell(s, name, fmt, cap) for s in servers.values()]
        row(f"`{name}`", r["runs"][name], by_engine["oxigraph"],
            (jena.get("queries") or {}).get(name), per_server, by_engine["rdflib"], cap(name))
    lines.append("")
    if jena.get("error"):
        lines.append(f"Jena not run: {jena['error']}")
    elif jena:
        fast = (f"conforms {r['fast_conforms']}" if r["validate_fast"] is not None
                else f"did not finish within {step_cap:.0f} s")
        lines.append(f"Jena loaded {jena['triples']:,} triples; Jena SHACL: conforms "
                     f"{jena['conforms']} ({jena['shacl_results']} results), plangraph's fast "
                     f"validator: {fast}. Rows differing from plangraph's: "
                     f"{', '.join(jena['differ']) or 'none'}.")
    lines += [f"{name}: {s['error']}" for name, s in servers.items() if s.get("error")]
    return [*lines, ""]


def _jena_cell(jena: Mapping[str, Any], label: str, seconds: float | None, fmt: Fmt,
               limit: float) -> tuple[float | None, str]:
    if jena.get("error"):
        return None, "not run"
    if label.startswith("`") and label.strip("`") in jena.get("differ", []):
        return None, "rows differ"
    return seconds, fmt(seconds, limit)


def _server_cell(result: Mapping[str, Any], query: str, fmt: Fmt,
                 cap: Callable[[str], float]) -> tuple[float | None, str]:
    """One server's cell for ``query`` (``benchmarks/servers.py``'s measure result)."""
    from servers import SERVER_CAP

    if query in result.get("differ", []):
        return None, "rows differ"
    if query in result.get("failed", {}):
        return None, "error"
    if query not in result.get("queries", {}):
        return None, "not run"
    seconds = result["queries"][query]
    return seconds, fmt(seconds, max(SERVER_CAP, cap(query)))
