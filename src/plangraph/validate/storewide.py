"""What the fast validator reports from the whole store rather than from a shape (alignment
cycles; ill-typed literals are found in :meth:`plangraph.validate.evaluate.Data.scan`), and
the label and file every finding names."""

from __future__ import annotations

import networkx as nx
import pyoxigraph as ox

from plangraph import paths
from plangraph.graph import vocab
from plangraph.graph.load import FILE_GRAPH_PREFIX
from plangraph.graph.terms import from_ox_term
from plangraph.validate.reference import Finding

_TYPE = vocab.RDF.type
_PREF_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
_FROM = ox.NamedNode(paths.PG + "fromElement")
_TO = ox.NamedNode(paths.PG + "toElement")


def finding(store: ox.Store, node: object, message: str, severity: str = "Violation",
            shape: str | None = None, path: str | None = None) -> Finding:
    """A finding on ``node`` with its Thai label and data file looked up."""
    return Finding(focus=text(node), label=thai_label(store, node), file=file_of(store, node),
                   message=message, severity=severity, shape=shape, path=path)


def cycle_findings(store: ox.Store) -> list[Finding]:
    """Alignment cycles (as :func:`plangraph.validate.cycle_findings` reports them)."""
    g = nx.DiGraph()
    for q in store.quads_for_pattern(None, _TYPE, vocab.PG.Alignment):
        lower = [x.object for x in store.quads_for_pattern(q.subject, _FROM, None)]
        higher = [x.object for x in store.quads_for_pattern(q.subject, _TO, None)]
        if lower and higher:
            g.add_edge(lower[0].value, higher[0].value)
    return [finding(store, ox.NamedNode(cycle[0]),
                    "alignment cycle: " + " → ".join([*cycle, cycle[0]]))
            for cycle in nx.simple_cycles(g)]


def text(term: object) -> str:
    """The term as the reference validator reports it (rdflib's ``str``)."""
    return str(from_ox_term(term))


def thai_label(store: ox.Store, node: object) -> str | None:
    """The node's Thai skos:prefLabel, if any."""
    if not isinstance(node, ox.NamedNode):
        return None
    for q in store.quads_for_pattern(node, _PREF_LABEL, None):
        label = q.object
        if isinstance(label, ox.Literal) and label.language == "th":
            return label.value
    return None


def file_of(store: ox.Store, node: object) -> str | None:
    """The data file whose graph describes ``node`` (as subject)."""
    if not isinstance(node, ox.NamedNode | ox.BlankNode):
        return None
    for q in store.quads_for_pattern(node, None, None):
        name = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
        if name.startswith(FILE_GRAPH_PREFIX):
            return name[len(FILE_GRAPH_PREFIX):]
    return None
