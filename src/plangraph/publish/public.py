"""What gets published: the graph split into public named graphs, instance IRIs on their base.

One named graph per data file, named ``https://w3id.org/plangraph/data/<slug>`` after the
file the triples came from (``data/common.ttl`` -> ``.../data/common``), with
``.../data/ontology`` for every ``ontology/*.ttl`` (ontology and units) and without the
shapes. A source without file graphs (an rdflib Graph, a Store's default graph) becomes
``.../data/plangraph``. ``base`` moves the instance IRIs (``https://w3id.org/plangraph/id/...``)
and the graph names to another namespace; the ontology namespace stays.

A :class:`PublicData` holds each graph's distinct triples as sorted canonical N-Triples lines
(pyoxigraph's writer): duplicates go and the order is fixed at the speed of byte strings,
every serialization parses them back with pyoxigraph, and literals keep their lexical form.

Sources: an rdflib Graph or Dataset (exact), pyoxigraph quads as
:func:`plangraph.load.read_quads` reads them (exact), or a pyoxigraph ``Store`` — which
keeps values, not lexical forms: a Store gives ``"1000"^^xsd:decimal`` for ``1000.0``
(oxigraph issue #526), so what it publishes is in canonical form.
"""

from __future__ import annotations

import bisect
import re
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from plangraph import paths
from plangraph.errors import PlangraphError
from plangraph.graph.index import Index
from plangraph.graph.load import FILE_GRAPH_PREFIX
from plangraph.graph.terms import to_ox_term
from plangraph.runtime.gcpause import paused_gc

INSTANCE_BASE = paths.ID_BASE
DATA_BASE = "https://w3id.org/plangraph/data/"
DATASET_SLUG = "plangraph"
ONTOLOGY_SLUG = "ontology"
ALIGNMENTS_SLUG = "alignments"

_NT = ox.RdfFormat.N_TRIPLES
_SLUG_SAFE = re.compile(r"^[A-Za-z0-9._~-]+$")
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")

GraphName = ox.NamedNode | ox.BlankNode
Term = ox.NamedNode | ox.BlankNode | ox.Literal
#: What the publishing functions take (see the module doc).
Source = ox.Store | Graph | Dataset | Iterable[ox.Quad]


@dataclass(frozen=True)
class Bases:
    """Where instance IRIs and dataset (graph) names live."""

    instance: str = INSTANCE_BASE
    data: str = DATA_BASE

    def dataset_iri(self, slug: str) -> URIRef:
        """``<data base><slug>``: a named graph / VoID subset / mapping set name."""
        return URIRef(self.data + slug)

    @property
    def moved(self) -> bool:
        """Do instance IRIs change?"""
        return self.instance != INSTANCE_BASE

    def rebase(self, term: Term) -> Term:
        """``term`` moved from the default instance base to this one (others unchanged)."""
        if self.moved and isinstance(term, ox.NamedNode) and term.value.startswith(INSTANCE_BASE):
            return ox.NamedNode(self.instance + term.value[len(INSTANCE_BASE) :])
        return term


def bases_for(base: str | None) -> Bases:
    """:class:`Bases` for an instance base IRI (None: the w3id defaults).

    The dataset base is the sibling ``data/`` of a base ending in ``/id/`` (as in
    ``.../plangraph/id/`` -> ``.../plangraph/data/``), otherwise ``<base>data/``.
    Instance IRIs are slash IRIs, so the base must end in ``/``.
    """
    if base is None or base == INSTANCE_BASE:
        return Bases()
    if not _ABSOLUTE_IRI.match(base) or not base.endswith("/"):
        raise PlangraphError(
            f"--base {base!r}: need an absolute IRI ending in '/', "
            "e.g. https://example.org/plangraph/id/"
        )
    data = base[: -len("id/")] + "data/" if base.endswith("/id/") else base + "data/"
    return Bases(instance=base, data=data)


def graph_slug(graph_name: str) -> str | None:
    """The public dataset slug for a loader file graph; None for the shapes file.

    ``urn:plangraph:file:data/lampang.ttl`` -> ``lampang``; any ``ontology/*.ttl`` ->
    ``ontology``; names under the public data base keep their slug; others: None.
    """
    name = str(graph_name)
    if name.startswith(FILE_GRAPH_PREFIX):
        rel = Path(name[len(FILE_GRAPH_PREFIX) :])
        if rel.name == paths.SHAPES_FILE_NAME:
            return None
        if rel.parent.as_posix() == paths.ONTOLOGY_DIR.name:
            return ONTOLOGY_SLUG
        stem = rel.name.split(".", 1)[0] or rel.name
        return stem if _SLUG_SAFE.match(stem) else urllib.parse.quote(stem, safe="")
    if name.startswith(DATA_BASE):
        return name[len(DATA_BASE) :]
    return None


def public_name(name: GraphName | ox.DefaultGraph, bases: Bases) -> GraphName | None:
    """The published name of a source graph; None for the shapes (not published)."""
    if isinstance(name, ox.DefaultGraph):
        return ox.NamedNode(bases.data + DATASET_SLUG)
    slug = graph_slug(name.value)
    if slug is not None:
        return ox.NamedNode(bases.data + slug)
    if name.value.startswith(FILE_GRAPH_PREFIX):
        return None
    return bases.rebase(name)  # type: ignore[return-value]


# --------------------------------------------------------------------------- the view


@dataclass(frozen=True)
class PublicData:
    """Each public graph's distinct triples as sorted N-Triples lines (graphs sorted by name),
    made for ``bases``."""

    graphs: dict[GraphName, list[bytes]]
    bases: Bases = Bases()

    @cached_property
    def ntriples(self) -> bytes:
        """Every distinct triple of every graph: sorted N-Triples."""
        lines: set[bytes] = set()
        for graph_lines in self.graphs.values():
            lines.update(graph_lines)
        return b"".join(sorted(lines))

    @cached_property
    def triples(self) -> list[ox.Triple]:
        """Every distinct triple, in N-Triples order (grouped by subject)."""
        with paused_gc():
            return list(ox.parse(self.ntriples, format=_NT))

    @cached_property
    def index(self) -> Index:
        """:attr:`triples` by subject and by object."""
        return Index(self.triples)

    def graph_triples(self, name: GraphName) -> Iterator[ox.Triple]:
        """The triples of one graph."""
        return ox.parse(b"".join(self.graphs.get(name, [])), format=_NT)

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad, graph by graph."""
        for name in self.graphs:
            for t in self.graph_triples(name):
                yield ox.Quad(t.subject, t.predicate, t.object, name)

    def graph_has(self, name: GraphName, triple: ox.Triple) -> bool:
        """Does graph ``name`` hold ``triple``?"""
        lines = self.graphs.get(name, [])
        line = ox.serialize([triple], format=_NT)
        at = bisect.bisect_left(lines, line)
        return at < len(lines) and lines[at] == line


def public_data(source: Source | PublicData, bases: Bases | None = None) -> PublicData:
    """The published view of ``source`` (see the module doc).

    A PublicData is returned as it is; given ``bases``, it must have been made for them.
    """
    if isinstance(source, PublicData):
        if bases is not None and bases != source.bases:
            raise PlangraphError(
                f"the published view was made for the base <{source.bases.instance}>, "
                f"not <{bases.instance}>"
            )
        return source
    bases = bases or Bases()
    parts: dict[GraphName, list[bytes]] = {}
    for name, data in _source_graphs(source):
        target = public_name(name, bases)
        if target is not None and data:
            parts.setdefault(target, []).append(_rebased(data, bases) if bases.moved else data)
    graphs = {
        name: sorted(set(b"".join(parts[name]).splitlines(keepends=True)))
        for name in sorted(parts, key=lambda n: (isinstance(n, ox.BlankNode), n.value))
    }
    return PublicData(graphs, bases)


def _source_graphs(source: Source) -> Iterator[tuple[GraphName | ox.DefaultGraph, bytes]]:
    """(graph name, N-Triples written by pyoxigraph) for every graph of ``source``."""
    if isinstance(source, ox.Store):
        for name in [ox.DefaultGraph(), *sorted(source.named_graphs(), key=str)]:
            yield name, source.dump(format=_NT, from_graph=name)
    elif isinstance(source, Dataset):
        for g in source.graphs():
            if len(g) == 0:
                continue
            ident = g.identifier
            name = ox.DefaultGraph() if ident == DATASET_DEFAULT_GRAPH_ID else to_ox_term(ident)
            yield name, _rdflib_ntriples(g)
    elif isinstance(source, Graph):
        yield ox.DefaultGraph(), _rdflib_ntriples(source)
    else:
        by_graph: dict[GraphName | ox.DefaultGraph, list[ox.Triple]] = {}
        for q in source:
            by_graph.setdefault(q.graph_name, []).append(q.triple)
        for name, triples in by_graph.items():
            yield name, ox.serialize(triples, format=_NT)


def _rdflib_ntriples(graph: Graph) -> bytes:
    """The triples of an rdflib graph as pyoxigraph writes them (rdflib keeps lexical forms)."""
    return ox.serialize(ox.parse(graph.serialize(format="nt", encoding="utf-8"), format=_NT),
                        format=_NT)


def _rebased(data: bytes, bases: Bases) -> bytes:
    """N-Triples with subjects and objects moved to ``bases.instance``."""
    rebase = bases.rebase
    return ox.serialize(
        (ox.Triple(rebase(t.subject), t.predicate, rebase(t.object))  # type: ignore[arg-type]
         for t in ox.parse(data, format=_NT)),
        format=_NT,
    )

