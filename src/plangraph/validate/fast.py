"""Fast validation: the SHACL subset ``ontology/shapes.ttl`` uses, evaluated on pyoxigraph.

pySHACL needs ~20 s for 50 k triples and minutes at 500 k. This module checks the same shapes
(read once into plain data by :mod:`plangraph.validate.compiled`) against a pyoxigraph store
(:mod:`plangraph.validate.evaluate`), plus ill-typed literals and alignment cycles
(:mod:`plangraph.validate.storewide`). Any shape feature outside the supported subset raises
:class:`PlangraphError`, so it never passes data silently. ``tests/test_fastshacl.py`` checks
it reports what pySHACL reports.

One pass over every statement finds the ill-typed literals and fills the subject index of each
predicate the core constraints read (:meth:`Data.scan`). On a large store with an idle second
CPU the SPARQL constraints and the alignment cycles run in a forked process meanwhile: that work
is pyoxigraph's own (it holds the GIL while it evaluates, so a thread would not run beside the
Python checks) and touches few Python objects, so the child copies few memory pages. The
findings are the same either way.

Public entry point: :func:`validate_fast` → :class:`plangraph.validate.Report`.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from plangraph import paths
from plangraph.errors import PlangraphError
from plangraph.graph.load import load_store
from plangraph.runtime.forkpool import Background, available_cpus
from plangraph.runtime.gcpause import paused_gc
from plangraph.validate import evaluate
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
from plangraph.validate.storewide import cycle_findings

#: From this many quads on, the SPARQL constraints run in a second process (given a second CPU).
PARALLEL_FROM = 100_000


def validate_fast(sources: Sequence[Path | str] | None = None, *, store: ox.Store | None = None,
                  shapes: Path | None = None, parallel: bool | None = None) -> Report:
    """Validate data files (the ontology is added) or a store; same Report as pySHACL's path.
    ``parallel``: run the SPARQL constraints in a second process (default: on a large store
    when a second CPU is idle)."""
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
    nested = _nested_constraints(shapes)
    wide = [c for shape in shapes.node_shapes for c in shape.sparql if c.key not in nested]

    def beside_job() -> tuple[dict[object, Rows], list[Finding]]:
        return run_constraints(data.store, wide), cycle_findings(data.store)

    if parallel is None:
        parallel = triples >= PARALLEL_FROM and _cpu_idle()
    beside = Background(beside_job) if parallel else None
    try:
        focus = _focus_nodes(data, shapes)
        findings = data.scan(_indexed_paths(shapes, focus))  # ill-typed literals
        for shape, nodes in focus.items():
            findings += check_core(data, shapes, shape, nodes)
        rows, cycles = beside.result() if beside is not None else beside_job()
    except BaseException:
        if beside is not None:
            beside.cancel()
        raise
    data.rows.update(rows)
    findings += cycles
    for shape, nodes in focus.items():
        texts = {n.value for n in nodes}
        for constraint in shape.sparql:
            findings += check_sparql(data, constraint, texts, shape.name)
    findings = sorted(set(findings), key=lambda f: (f.focus, f.message))
    return Report(conforms=not any(f.severity == "Violation" for f in findings),
                  results=findings, triples=triples)


def _cpu_idle() -> bool:
    """Whether a second CPU is there and idle (1-minute load average below CPUs - 0.5, this
    process included: with every CPU busy the child only adds the pages it copies); a
    daemonic process (the build's background jobs) may not fork."""
    cpus = available_cpus()
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # no load average here: do not guess
        return False
    return cpus > 1 and load < cpus - 0.5 and not multiprocessing.current_process().daemon


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
    return {c.key: c for shape in _through_node(shapes, shapes.node_shapes)
            for c in shape.sparql}


def _indexed_paths(shapes: Shapes, focus: dict[NodeShape, set]) -> set[str]:
    """The paths worth an index of every statement: those of shapes with more than a few
    focus nodes, and of shapes reached through sh:node (asked once per value)."""
    return ({p.path for shape, nodes in focus.items() if len(nodes) > evaluate.FEW
             for p in shape.properties}
            | {p.path for shape in _through_node(shapes, focus) for p in shape.properties})


def _through_node(shapes: Shapes, start: Iterable[NodeShape]) -> list[NodeShape]:
    """The node shapes that sh:node reaches from ``start``, at any depth."""
    found: dict[object, NodeShape] = {}
    todo = [p.node for shape in start for p in shape.properties if p.node is not None]
    while todo:
        key = todo.pop()
        if key not in found:
            found[key] = shapes.node(key)
            todo += [p.node for p in found[key].properties if p.node is not None]
    return list(found.values())
