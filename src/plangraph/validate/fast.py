"""Fast validation: the SHACL subset ``ontology/shapes.ttl`` uses, evaluated on pyoxigraph.

pySHACL needs ~20 s for 50 k triples and minutes at 500 k. This module checks the same shapes
(read once into plain data by :mod:`plangraph.validate.compiled`) against a pyoxigraph store
(:mod:`plangraph.validate.evaluate`), plus ill-typed literals and alignment cycles
(:mod:`plangraph.validate.storewide`). Any shape feature outside the supported subset raises
:class:`PlangraphError`, so it never passes data silently. ``tests/test_fastshacl.py`` checks
it reports what pySHACL reports.

On a large store with an idle second CPU the work is split between two forked processes (pyoxigraph
holds the GIL while it evaluates, so threads would not run side by side): the store-wide work
(SPARQL constraints, literals, cycles) and each node shape's core constraints are jobs, given
to the process with less work so far, largest first. The findings are the same either way.

Public entry point: :func:`validate_fast` → :class:`plangraph.validate.Report`.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from plangraph import paths
from plangraph.errors import PlangraphError
from plangraph.graph.load import load_store
from plangraph.runtime.forkpool import Background, available_cpus
from plangraph.runtime.gcpause import paused_gc
from plangraph.validate.compiled import NodeShape, Shapes, SparqlConstraint
from plangraph.validate.evaluate import (
    Data,
    Rows,
    check_core,
    check_sparql,
    run_constraints,
    targets,
)
from plangraph.validate.reference import Finding, Report, data_sources
from plangraph.validate.storewide import cycle_findings, literal_findings

#: From this many quads on, the work is split between two processes (when a CPU is free).
PARALLEL_FROM = 100_000
#: The store-wide work's cost per quad, in units of one property shape on one focus node
#: (measured at 100×: SPARQL + literals ~3.5 µs a quad, core checks ~6.3 µs a node-property).
_STOREWIDE_WEIGHT = 0.55
#: A job: the node shape whose core constraints it checks, or None for the store-wide work.
Job = NodeShape | None
Outcome = tuple[dict[object, Rows], list[Finding]]


def validate_fast(sources: Sequence[Path | str] | None = None, *, store: ox.Store | None = None,
                  shapes: Path | None = None, parallel: bool | None = None) -> Report:
    """Validate data files (the ontology is added) or a store; same Report as pySHACL's path.
    ``parallel``: split the work between two processes (default: on a large store when a
    second CPU is idle)."""
    if store is None:
        store = load_store(data_sources(sources))
    with paused_gc():
        compiled = Shapes(Graph().parse(shapes or paths.shapes_path(), format="turtle"))
        data = Data(store)
        try:
            return _validate(data, compiled, parallel)
        finally:
            data.clear()  # its caches hold closures over it: a cycle the paused GC won't free


def _validate(data: Data, shapes: Shapes, parallel: bool | None) -> Report:
    triples = len(data.store)
    focus = _focus_nodes(data, shapes)
    nested = _nested_constraints(shapes)
    wide = [c for shape in shapes.node_shapes for c in shape.sparql if c.key not in nested]

    def run(jobs: list[Job]) -> Outcome:
        rows: dict[object, Rows] = {}
        found: list[Finding] = []
        for job in jobs:
            if job is None:
                rows = run_constraints(data.store, wide)
                found += literal_findings(data.store) + cycle_findings(data.store)
            else:
                found += check_core(data, shapes, job, focus[job])
        return rows, found

    if parallel is None:
        parallel = triples >= PARALLEL_FROM and _cpu_free()
    jobs: list[Job] = [None, *focus]
    costs = {None: _STOREWIDE_WEIGHT * triples} | {s: _cost(shapes, s, len(focus[s]))
                                                   for s in focus}
    outcomes = _run_split(run, _balance(jobs, costs, 2)) if parallel else [run(jobs)]
    findings: list[Finding] = []
    for rows, found in outcomes:
        data.rows.update(rows)
        findings += found
    for shape, nodes in focus.items():
        texts = {n.value for n in nodes}
        for constraint in shape.sparql:
            findings += check_sparql(data, constraint, texts, shape.name)
    findings = sorted(set(findings), key=lambda f: (f.focus, f.message))
    return Report(conforms=not any(f.severity == "Violation" for f in findings),
                  results=findings, triples=triples)


def _cpu_free() -> bool:
    """Whether a second CPU is there and idle (1-minute load average below CPUs - 0.5, this
    process included); a daemonic process (the build's background jobs) may not fork."""
    cpus = available_cpus()
    return (cpus > 1 and os.getloadavg()[0] < cpus - 0.5
            and not multiprocessing.current_process().daemon)


def _focus_nodes(data: Data, shapes: Shapes) -> dict[NodeShape, set]:
    """Each node shape's focus nodes (shapes without any left out); an unsupported feature
    raises here, in the order the checks would meet it."""
    out: dict[NodeShape, set] = {}
    for shape in shapes.node_shapes:
        if shape.error is not None:
            raise PlangraphError(shape.error)
        nodes = targets(data, shape)
        if nodes:
            for prop in shape.properties:
                if prop.error is not None:
                    raise PlangraphError(prop.error)
            out[shape] = nodes
    return out


def _nested_constraints(shapes: Shapes) -> dict[object, SparqlConstraint]:
    """The SPARQL constraints of node shapes reached through sh:node (the core checks run
    those themselves, where they need them)."""
    found: dict[object, SparqlConstraint] = {}
    seen: set[object] = set()
    todo = [p.node for shape in shapes.node_shapes for p in shape.properties
            if p.node is not None]
    while todo:
        key = todo.pop()
        if key in seen:
            continue
        seen.add(key)
        shape = shapes.node(key)
        found.update((c.key, c) for c in shape.sparql)
        todo += [p.node for p in shape.properties if p.node is not None]
    return found


def _cost(shapes: Shapes, shape: NodeShape, focus: int) -> float:
    """A node shape's core checks, in node-property units (sh:node counts its properties)."""
    return focus * sum(1 + (len(shapes.node(p.node).properties) if p.node is not None else 0)
                       for p in shape.properties)


def _balance(jobs: list[Job], costs: dict[Job, float], bins: int) -> list[list[Job]]:
    """``jobs`` in ``bins`` groups of similar cost (largest first, to the lightest group)."""
    groups: list[list[Job]] = [[] for _ in range(bins)]
    loads = [0.0] * bins
    for job in sorted(jobs, key=lambda j: -costs[j]):
        lightest = loads.index(min(loads))
        groups[lightest].append(job)
        loads[lightest] += costs[job]
    return [g for g in groups if g]


def _run_split(run: Callable[[list[Job]], Outcome], groups: list[list[Job]]) -> list[Outcome]:
    """``run(group)`` for each group, each in a forked process."""
    running = [Background(lambda g=g: run(g)) for g in groups]
    try:
        return [r.result() for r in running]
    except BaseException:
        for r in running:
            r.cancel()
        raise
