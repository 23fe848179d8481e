"""Validate the plan graph against ``ontology/shapes.ttl`` with pySHACL.

The report is regrouped for people: one block per element, with its Thai label, what is
wrong, and the data file it came from. Alignment cycles found by the graph analysis are
added as findings too, so ``plangraph validate`` reports them even for data that the
shapes alone would let through.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

import pyshacl
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, SKOS

from plangraph import paths
from plangraph.graph.load import FILE_GRAPH_PREFIX, expand_sources, load, merged
from plangraph.paths import validation_sources
from plangraph.validate import literals

SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True)
class Finding:
    """One SHACL result (or analysis finding), readable without knowing SHACL."""

    focus: str
    label: str | None
    file: str | None
    message: str
    severity: str
    shape: str | None
    path: str | None


@dataclass
class Report:
    """The outcome of one validation run."""

    conforms: bool
    results: list[Finding] = field(default_factory=list)
    triples: int = 0

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.results if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.results if f.severity == "Warning"]

    def render(self) -> str:
        """A plain-text report grouped by element, worst first."""
        lines = [
            f"{'conforms' if self.conforms else 'does NOT conform'}: "
            f"{len(self.violations)} violation(s), {len(self.warnings)} warning(s) "
            f"in {self.triples} triples"
        ]
        ordered = sorted(self.results, key=lambda f: (f.file or "", f.focus, f.severity))
        for (file, focus), group in groupby(ordered, key=lambda f: (f.file, f.focus)):
            items = list(group)
            label = items[0].label
            lines.append("")
            lines.append(f"{focus}" + (f"  «{label}»" if label else ""))
            lines.append(f"  file: {file or '(unknown)'}")
            for f in sorted(items, key=lambda f: SEVERITY_ORDER.get(f.severity, 9)):
                where = f" [{f.path}]" if f.path else ""
                lines.append(f"  {f.severity}{where}: {f.message}")
        return "\n".join(lines) + "\n"


def validate(sources: Sequence[Path | str] | None = None, *, dataset: Dataset | None = None,
             shapes: Path | None = None) -> Report:
    """Validate ``sources`` (data files; the ontology is always added) or a loaded dataset."""
    ds = dataset if dataset is not None else load(data_sources(sources))
    graph = merged(ds)
    shapes_graph = merged(load([shapes or paths.shapes_path()]))
    conforms, results_graph, _ = pyshacl.validate(
        graph, shacl_graph=shapes_graph, inference="none", allow_warnings=True, advanced=True,
    )
    # results nested as sh:detail of another result (sh:node) are reported by their parent
    nested = set(results_graph.objects(None, SH.detail))
    findings = [_finding(results_graph, shapes_graph, r, graph, ds) for r in
                results_graph.subjects(RDF.type, SH.ValidationResult) if r not in nested]
    findings += cycle_findings(graph, ds) + literal_findings(graph, ds)
    has_violation = any(f.severity == "Violation" for f in findings)
    return Report(conforms=bool(conforms) and not has_violation, results=findings,
                  triples=len(graph))


def data_sources(sources: Sequence[Path | str] | None) -> list[Path]:
    """What a validator reads: the ontology plus ``sources`` (folders expanded as for
    ``--data``), or the project's files."""
    return validation_sources(None if sources is None else expand_sources(sources))


def cycle_findings(graph: Graph, ds: Dataset) -> list[Finding]:
    """Alignment cycles found by the graph analysis, as findings."""
    from plangraph.align.analysis import alignment_cycles

    return [
        Finding(focus=str(cycle[0]), label=thai_label(graph, cycle[0]),
                file=source_file(ds, cycle[0]),
                message="alignment cycle: " + " → ".join(str(n) for n in [*cycle, cycle[0]]),
                severity="Violation", shape=None, path=None)
        for cycle in alignment_cycles(graph)
    ]


def literal_findings(graph: Graph, ds: Dataset) -> list[Finding]:
    """Ill-typed literals (:mod:`plangraph.validate.literals`), as findings."""
    out = []
    for s, p, o in graph:
        datatype = str(o.datatype) if isinstance(o, Literal) and o.datatype else None
        message = literals.message(str(o), datatype, str(p)) if datatype else None
        if message is not None:
            node = s if isinstance(s, URIRef) else None
            out.append(Finding(focus=str(s), label=thai_label(graph, node) if node else None,
                               file=source_file(ds, s), message=message,
                               severity="Violation", shape=None, path=None))
    return out


def thai_label(graph: Graph, node: URIRef) -> str | None:
    """The node's Thai skos:prefLabel, if any."""
    for label in graph.objects(node, SKOS.prefLabel):
        if getattr(label, "language", None) == "th":
            return str(label)
    return None


def source_file(ds: Dataset, node: URIRef) -> str | None:
    """The data file whose graph describes ``node`` (as subject)."""
    for _, _, _, ctx in ds.quads((node, None, None, None)):
        name = str(getattr(ctx, "identifier", ctx))
        if name.startswith(FILE_GRAPH_PREFIX):
            return name[len(FILE_GRAPH_PREFIX):]
    return None


def _finding(results: Graph, shapes: Graph, result: URIRef, graph: Graph,
             ds: Dataset) -> Finding:
    """A :class:`Finding` from one ``sh:ValidationResult``."""
    focus = results.value(result, SH.focusNode)
    severity = results.value(result, SH.resultSeverity)
    message = results.value(result, SH.resultMessage)
    path = results.value(result, SH.resultPath)
    shape = results.value(result, SH.sourceShape)
    return Finding(
        focus=str(focus),
        label=thai_label(graph, focus) if isinstance(focus, URIRef) else None,
        file=source_file(ds, focus) if isinstance(focus, URIRef) else None,
        message=str(message) if message is not None else "does not conform",
        severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
        shape=_named_shape(shapes, shape),
        path=graph.namespace_manager.normalizeUri(path) if isinstance(path, URIRef) else None,
    )


def _named_shape(shapes: Graph, shape: object) -> str | None:
    """The shape's IRI, or for a blank property shape the named node shape holding it."""
    if isinstance(shape, URIRef):
        return str(shape)
    if shape is None:
        return None
    parent = shapes.value(None, SH.property, shape) or shapes.value(None, SH.sparql, shape)
    return str(parent) if isinstance(parent, URIRef) else None
