"""Graph analysis of the alignment cascade with networkx.

The cascade as a DiGraph whose edges point *up*: part-of (child → parent) and alignment
links (skos:broadMatch, lower → higher). From it: alignment cycles, what each indicator
reaches, the provincial-issue × National-Strategy coverage matrix, and the elements that
carry most of the load.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import networkx as nx
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from . import paths

PG = Namespace(paths.PG)


def cascade_graph(graph: Graph) -> nx.DiGraph:
    """Plan elements as nodes (with level rank and Thai label); edges point up the cascade."""
    g = nx.DiGraph()
    for element, scheme in graph.subject_objects(SKOS.inScheme):
        if not isinstance(element, URIRef):
            continue
        rank = graph.value(graph.value(scheme, PG.planLevel), PG.rank)
        g.add_node(element, rank=int(rank) if rank is not None else None,
                   indicator=(element, RDF.type, PG.Indicator) in graph)
    for child, parent in graph.subject_objects(PG.partOf):
        g.add_edge(child, parent, kind="partOf")
    for lower, higher in graph.subject_objects(SKOS.broadMatch):
        g.add_edge(lower, higher, kind="broadMatch")
    return g


def alignment_graph(graph: Graph) -> nx.DiGraph:
    """Only the alignment claims: from-element → to-element, whatever the relation."""
    g = nx.DiGraph()
    for claim in graph.subjects(RDF.type, PG.Alignment):
        lower, higher = graph.value(claim, PG.fromElement), graph.value(claim, PG.toElement)
        if lower is not None and higher is not None:
            g.add_edge(lower, higher, claim=claim)
    return g


def alignment_cycles(graph: Graph) -> list[list[URIRef]]:
    """Every elementary cycle of alignment claims (there should be none)."""
    return [list(c) for c in nx.simple_cycles(alignment_graph(graph))]


def national_strategies(graph: Graph) -> list[URIRef]:
    """The National Strategy's top-level strategies, in order."""
    found = [s for s in graph.subjects(RDF.type, PG.NationalStrategy)]
    return sorted(found, key=lambda s: int(graph.value(s, SKOS.notation) or 0))


def reached_strategies(g: nx.DiGraph, node: URIRef, strategies: list[URIRef]) -> list[URIRef]:
    """The National Strategy strategies reachable upward from ``node``."""
    up = nx.descendants(g, node) if node in g else set()
    return [s for s in strategies if s in up]


@dataclass(frozen=True)
class CoverageRow:
    """One row of the coverage matrix: an issue and its indicator counts per strategy."""

    issue: URIRef
    label: str
    counts: tuple[int, ...]


def coverage_matrix(graph: Graph) -> tuple[list[URIRef], list[CoverageRow]]:
    """Provincial and cluster issues × National Strategy strategies, counting indicators."""
    g = cascade_graph(graph)
    strategies = national_strategies(graph)
    issues = sorted(
        (i for cls in (PG.StrategicIssue, PG.DevelopmentIssue)
         for i in graph.subjects(RDF.type, cls)),
        key=lambda i: (-(g.nodes[i]["rank"] or 0), str(i)),
    )
    rows = []
    for issue in issues:
        indicators = [i for i in graph.subjects(PG.partOf, issue)
                      if (i, RDF.type, PG.Indicator) in graph]
        reached = [set(reached_strategies(g, ind, strategies)) for ind in indicators]
        counts = tuple(sum(1 for r in reached if s in r) for s in strategies)
        label = _label(graph, issue)
        rows.append(CoverageRow(issue, label, counts))
    return strategies, rows


def coverage_csv(graph: Graph) -> str:
    """The coverage matrix as CSV: one row per issue, one column per National Strategy strategy."""
    strategies, rows = coverage_matrix(graph)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["issue", "label_th"] + [f"ns_{graph.value(s, SKOS.notation)}"
                                              for s in strategies])
    for row in rows:
        writer.writerow([str(row.issue), row.label, *row.counts])
    return out.getvalue()


def load_bearing(graph: Graph, top: int = 10) -> list[tuple[URIRef, float, int]]:
    """Elements carrying most of the cascade: (element, betweenness, in-degree), highest first."""
    g = cascade_graph(graph)
    betweenness = nx.betweenness_centrality(g)
    ranked = sorted(g.nodes, key=lambda n: (-betweenness[n], -g.in_degree(n), str(n)))
    return [(n, round(betweenness[n], 4), g.in_degree(n)) for n in ranked[:top]]


def _label(graph: Graph, node: URIRef) -> str:
    for label in graph.objects(node, SKOS.prefLabel):
        if getattr(label, "language", None) == "th":
            return str(label)
    return str(graph.value(node, RDFS.label) or node)
