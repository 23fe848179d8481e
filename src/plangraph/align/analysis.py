"""Graph analysis of the alignment cascade.

The cascade is the DiGraph the maps draw (:func:`plangraph.maps.graph.build_graph`, read
through the ``map-*`` library queries): plan elements as nodes, part-of (child → parent)
and alignment edges (lower → higher) pointing *up*. From it: the provincial/cluster-issue
× National-Strategy coverage matrix as CSV and the elements that carry most of the load
(betweenness, computed with rustworkx: networkx's pure-Python version needs minutes at
15 k nodes). Alignment cycles are found on the claims themselves (:func:`alignment_cycles`),
so validation can report them before any map is built.
"""

from __future__ import annotations

import csv
import io

import networkx as nx
import rustworkx as rx
from rdflib import Graph, Namespace
from rdflib.namespace import RDF

from plangraph import paths
from plangraph.maps.coverage import coverage
from plangraph.maps.graph import element

PG = Namespace(paths.PG)


def alignment_graph(graph: Graph) -> nx.DiGraph:
    """Only the alignment claims: from-element → to-element, whatever the relation."""
    g = nx.DiGraph()
    for claim in graph.subjects(RDF.type, PG.Alignment):
        lower, higher = graph.value(claim, PG.fromElement), graph.value(claim, PG.toElement)
        if lower is not None and higher is not None:
            g.add_edge(lower, higher, claim=claim)
    return g


def alignment_cycles(graph: Graph) -> list[list]:
    """Every elementary cycle of alignment claims (there should be none)."""
    return [list(c) for c in nx.simple_cycles(alignment_graph(graph))]


def coverage_csv(g: nx.DiGraph) -> str:
    """Issues × National Strategy strategies as CSV: per cell, how many of the issue's
    indicators have a path up to the strategy (the matrix ``coverage.html`` shows)."""
    cov = coverage(g)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["issue", "label_th", "label_en", *(f"ns_{element(g, s).notation}"
                                                        for s in cov.strategies)])
    for issue in cov.issues:
        writer.writerow([issue, element(g, issue).label_th, element(g, issue).label_en,
                         *(len(cov.cells[issue, s]) for s in cov.strategies)])
    return out.getvalue()


def betweenness(g: nx.DiGraph) -> dict[str, float]:
    """Normalised betweenness centrality of every node (as networkx defines it)."""
    nodes = list(g)
    index = {node: i for i, node in enumerate(nodes)}
    rg = rx.PyDiGraph()
    rg.add_nodes_from(nodes)
    rg.add_edges_from_no_data([(index[a], index[b]) for a, b in g.edges])
    scores = rx.digraph_betweenness_centrality(rg, normalized=True)
    return {node: scores[index[node]] for node in nodes}


def load_bearing(g: nx.DiGraph, top: int = 10) -> list[tuple[str, float, int]]:
    """Elements carrying most of the cascade: (element, betweenness, in-degree), highest first."""
    scores = betweenness(g)
    ranked = sorted(g.nodes, key=lambda n: (-scores[n], -g.in_degree(n), n))
    return [(n, round(scores[n], 4), g.in_degree(n)) for n in ranked[:top]]


def load_bearing_csv(g: nx.DiGraph, top: int = 10) -> str:
    """:func:`load_bearing` as CSV: element, its labels, betweenness, in_degree."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["element", "label_th", "label_en", "betweenness", "in_degree"])
    for node, score, degree in load_bearing(g, top):
        e = element(g, node)
        writer.writerow([node, e.label_th, e.label_en, score, degree])
    return out.getvalue()
