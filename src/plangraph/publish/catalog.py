"""Describe the exported dataset in DCAT 3 and VoID, every number counted from the graph.

The catalog names a ``dcat:Catalog``, the dataset (also a ``void:Dataset``) with one
``void:subset`` per named graph, the alignments as a ``void:Linkset``, one
``dcat:Distribution`` per export file (``dcat:downloadURL`` relative to the catalog
file, ``dcat:mediaType``, ``dcat:byteSize``) and, given an endpoint URL, a
``dcat:DataService`` and ``void:sparqlEndpoint``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, SKOS, VOID, NamespaceManager

from plangraph import paths
from plangraph.errors import PlangraphError
from plangraph.graph import vocab as v
from plangraph.graph.index import Index
from plangraph.graph.terms import from_ox_term
from plangraph.publish.public import ALIGNMENTS_SLUG, DATASET_SLUG, ONTOLOGY_SLUG, Bases, PublicData
from plangraph.runtime.atomic import atomic_write

PG = Namespace(paths.PG)
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
DEFAULT_LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
# Relative IRIs are built under this placeholder, then written without a base.
_RELATIVE = "http://relative.invalid/"
EXAMPLE_RESOURCES = 3
_HTTP_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")

_SUBSET_TITLES = {
    ONTOLOGY_SLUG: ("ออนโทโลยีและหน่วย", "Ontology and units"),
    ALIGNMENTS_SLUG: ("ข้อกล่าวอ้างความเชื่อมโยงระหว่างระดับแผน", "Alignment claims between plan levels"),
    "common": ("เอกสารต้นทาง พื้นที่ และหน่วยงาน", "Sources, areas and organisations"),
}


@dataclass(frozen=True)
class Distribution:
    """One downloadable file of the export."""

    path: Path
    media_type: str
    label: str
    conforms_to: str | None = None
    alignments: bool = False  # a distribution of the alignments linkset, not the whole


@dataclass(frozen=True)
class Counts:
    """VoID statistics of one graph."""

    triples: int
    subjects: int
    objects: int
    properties: dict[str, int]
    classes: dict[str, int]
    entities: int


def count(index: Index, uri_space: str) -> Counts:
    """Triples, distinct subjects/objects, per-property triples, per-class instances."""
    objects: set[ox.NamedNode | ox.BlankNode | ox.Literal] = set()
    properties: Counter[str] = Counter()
    instances: dict[str, set[object]] = defaultdict(set)
    rdf_type = v.RDF.type
    for s, p, o in index.triples():
        objects.add(o)
        properties[p.value] += 1
        if p == rdf_type and not isinstance(o, ox.Literal):
            instances[o.value].add(s)
    entities = sum(1 for s in index.subjects()
                   if isinstance(s, ox.NamedNode) and s.value.startswith(uri_space))
    return Counts(
        triples=len(index),
        subjects=len(index.subjects()),  # type: ignore[arg-type]
        objects=len(objects),
        properties=dict(properties),
        classes={c: len(members) for c, members in instances.items()},
        entities=entities,
    )


def describe(
    data: PublicData,
    distributions: list[Distribution],
    bases: Bases,
    *,
    endpoint: str | None = None,
) -> Graph:
    """The DCAT/VoID description of ``data`` (the export view) and its files."""
    index = data.index
    cat = _new_graph()
    main = bases.dataset_iri(DATASET_SLUG)
    catalog = bases.dataset_iri("catalog")
    license_ = license_of(index)

    cat.add((catalog, RDF.type, DCAT.Catalog))
    cat.add((catalog, DCTERMS.title, Literal("แคตตาล็อกข้อมูล plangraph", lang="th")))
    cat.add((catalog, DCTERMS.title, Literal("plangraph data catalog", lang="en")))
    cat.add((catalog, DCAT.dataset, main))
    cat.add((catalog, DCTERMS.license, license_))

    _describe_main(cat, main, index, bases, license_)
    subsets = _describe_subsets(cat, main, data, bases)
    for dist in distributions:
        owner = subsets.get(ALIGNMENTS_SLUG, main) if dist.alignments else main
        _describe_distribution(cat, owner, dist, license_, void_dump=not dist.alignments)
    if endpoint:
        _describe_service(cat, catalog, main, endpoint)
    return cat


def _new_graph() -> Graph:
    g = Graph()
    g.namespace_manager = NamespaceManager(g, bind_namespaces="core")
    for prefix, ns in (("dcat", DCAT), ("dcterms", DCTERMS), ("void", VOID), ("pg", PG)):
        g.bind(prefix, ns)
    g.bind("skos", SKOS)
    return g


def license_of(index: Index) -> URIRef:
    """The ontology's ``dcterms:license`` (the project's one licence), else CC BY 4.0."""
    for onto in _sorted(index.subjects_of(v.RDF.type, v.OWL.Ontology)):
        for lic in _sorted(index.objects(onto, v.DCTERMS.license)):
            if isinstance(lic, ox.NamedNode):
                return from_ox_term(lic)
    return DEFAULT_LICENSE


def _sorted(terms: object) -> list[ox.NamedNode]:
    """IRIs (and other terms) in the order of their text, each once."""
    return sorted(set(terms), key=lambda t: t.value)  # type: ignore[call-overload]


def _int(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


def _describe_main(cat: Graph, main: URIRef, index: Index, bases: Bases, lic: URIRef) -> None:
    """Dataset-level DCAT and VoID with class and property partitions."""
    counts = count(index, bases.instance)
    cat.add((main, RDF.type, DCAT.Dataset))
    cat.add((main, RDF.type, VOID.Dataset))
    cat.add((main, DCTERMS.title, Literal("plangraph: แผนพัฒนาของประเทศไทยเป็น RDF", lang="th")))
    cat.add(
        (main, DCTERMS.title, Literal("plangraph: Thailand's development-plan cascade", lang="en"))
    )
    cat.add(
        (
            main,
            DCTERMS.description,
            Literal(
                "Plans from the National Strategy down to a province, their elements, indicators "
                "with targets, and alignment claims between levels, as linked data.",
                lang="en",
            ),
        )
    )
    cat.add((main, DCTERMS.license, lic))
    for onto in _sorted(index.subjects_of(v.RDF.type, v.OWL.Ontology)):
        cat.add((main, DCTERMS.conformsTo, from_ox_term(onto)))
    cat.add((main, VOID.uriSpace, Literal(bases.instance)))
    for ns in sorted(
        {_namespace(p) for p in counts.properties} | {_namespace(c) for c in counts.classes}
    ):
        cat.add((main, VOID.vocabulary, URIRef(ns)))
    cat.add((main, VOID.triples, _int(counts.triples)))
    cat.add((main, VOID.entities, _int(counts.entities)))
    cat.add((main, VOID.distinctSubjects, _int(counts.subjects)))
    cat.add((main, VOID.distinctObjects, _int(counts.objects)))
    cat.add((main, VOID.properties, _int(len(counts.properties))))
    cat.add((main, VOID.classes, _int(len(counts.classes))))
    # blank nodes named by their position, so the same graph is written the same way twice
    for i, (cls, n) in enumerate(sorted(counts.classes.items())):
        part = BNode(f"class{i:04d}")
        cat.add((main, VOID.classPartition, part))
        cat.add((part, VOID["class"], URIRef(cls)))
        cat.add((part, VOID.entities, _int(n)))
    for i, (prop, n) in enumerate(sorted(counts.properties.items())):
        part = BNode(f"property{i:04d}")
        cat.add((main, VOID.propertyPartition, part))
        cat.add((part, VOID.property, URIRef(prop)))
        cat.add((part, VOID.triples, _int(n)))
    indicators = _sorted(index.subjects_of(v.RDF.type, v.PG.Indicator))
    for example in indicators[:EXAMPLE_RESOURCES]:
        cat.add((main, VOID.exampleResource, from_ox_term(example)))


def _namespace(text: str) -> str:
    """The namespace part of an IRI (up to the last ``#`` or ``/``)."""
    cut = max(text.rfind("#"), text.rfind("/"))
    return text[: cut + 1] if cut >= 0 else text


def _describe_subsets(cat: Graph, main: URIRef, data: PublicData, bases: Bases
                      ) -> dict[str, URIRef]:
    """One ``void:subset`` per named graph (same IRI as the graph); the linkset."""
    subsets: dict[str, URIRef] = {}
    for graph, lines in data.graphs.items():
        if not lines or not graph.value.startswith(bases.data):
            continue
        slug = graph.value[len(bases.data) :]
        name = subsets[slug] = from_ox_term(graph)
        cat.add((main, VOID.subset, name))
        cat.add((name, RDF.type, VOID.Dataset))
        cat.add((name, RDF.type, DCAT.Dataset))
        cat.add((name, VOID.triples, _int(len(lines))))
        for lang, title in _subset_titles(slug, graph, data):
            cat.add((name, DCTERMS.title, Literal(title, lang=lang)))
    linkset = subsets.get(ALIGNMENTS_SLUG)
    if linkset is not None:
        _describe_linkset(cat, linkset, data, bases)
    return subsets


def _subset_titles(slug: str, graph: ox.NamedNode, data: PublicData) -> list[tuple[str, str]]:
    """Titles of a subset: its plan's ``dcterms:title``, else a fixed one, else the slug."""
    if slug in _SUBSET_TITLES:
        th, en = _SUBSET_TITLES[slug]
        return [("th", th), ("en", en)]
    index = data.index
    rdf_type = v.RDF.type
    plan_classes = index.transitive_subjects(v.RDFS.subClassOf, v.PG.Plan)
    plans = _sorted(
        s for c in plan_classes for s in index.subjects_of(rdf_type, c)
        if data.graph_has(graph, ox.Triple(s, rdf_type, c))
    )
    if len(plans) == 1:
        titles = sorted(
            (t.language, t.value) for t in index.objects(plans[0], v.DCTERMS.title)
            if isinstance(t, ox.Literal) and t.language
            and data.graph_has(graph, ox.Triple(plans[0], v.DCTERMS.title, t))
        )
        if titles:
            return titles
    return [("en", slug)]


def _describe_linkset(cat: Graph, linkset: URIRef, data: PublicData, bases: Bases) -> None:
    """The alignments graph as a ``void:Linkset``: link predicates, targets, claims."""
    index = data.index
    claims = _sorted(index.subjects_of(v.RDF.type, v.PG.Alignment))
    cat.add((linkset, RDF.type, VOID.Linkset))
    cat.add((linkset, VOID.entities, _int(len(claims))))
    for rel in _sorted(r for c in claims for r in index.objects(c, v.PG.relation)):
        cat.add((linkset, VOID.linkPredicate, from_ox_term(rel)))
    for target in sorted(_graphs_of_elements(data, bases, claims) - {linkset}):
        cat.add((linkset, VOID.target, target))


def _graphs_of_elements(data: PublicData, bases: Bases, claims: list[ox.NamedNode]
                        ) -> set[URIRef]:
    """The subsets that type the elements the claims link."""
    index = data.index
    elements = {e for c in claims for p in (v.PG.fromElement, v.PG.toElement)
                for e in index.objects(c, p)}
    typing = [ox.Triple(e, v.RDF.type, t) for e in elements  # type: ignore[arg-type]
              for t in index.objects(e, v.RDF.type)]
    return {
        from_ox_term(graph) for graph in data.graphs
        if graph.value.startswith(bases.data) and any(data.graph_has(graph, t) for t in typing)
    }


def _describe_distribution(
    cat: Graph, owner: URIRef, dist: Distribution, lic: URIRef, *, void_dump: bool
) -> None:
    """A ``dcat:Distribution`` with a relative download URL and the file's byte size."""
    name = dist.path.name
    node = URIRef(f"{owner}/distribution/{name}")
    url = URIRef(_RELATIVE + name)
    cat.add((owner, DCAT.distribution, node))
    cat.add((node, RDF.type, DCAT.Distribution))
    cat.add((node, DCTERMS.title, Literal(f"{name} ({dist.label})", lang="en")))
    cat.add((node, DCAT.downloadURL, url))
    cat.add((node, DCAT.accessURL, url))
    cat.add((node, DCAT.mediaType, URIRef(IANA_MEDIA_TYPES + dist.media_type)))
    cat.add(
        (node, DCAT.byteSize, Literal(dist.path.stat().st_size, datatype=XSD.nonNegativeInteger))
    )
    cat.add((node, DCTERMS.license, lic))
    if dist.conforms_to:
        cat.add((node, DCTERMS.conformsTo, URIRef(dist.conforms_to)))
    if void_dump:
        cat.add((owner, VOID.dataDump, url))


def check_endpoint_url(endpoint: str) -> str:
    """``endpoint`` if it is an absolute http(s) URL usable as an IRI, else an error."""
    if not _HTTP_URL.match(endpoint):
        raise PlangraphError(f"endpoint {endpoint!r} is not an absolute http(s) URL")
    return endpoint


def _describe_service(cat: Graph, catalog: URIRef, main: URIRef, endpoint: str) -> None:
    """The SPARQL endpoint as a ``dcat:DataService`` and ``void:sparqlEndpoint``."""
    url = URIRef(check_endpoint_url(endpoint))
    service = URIRef(f"{main}/sparql-service")
    cat.add((main, VOID.sparqlEndpoint, url))
    cat.add((catalog, DCAT.service, service))
    cat.add((service, RDF.type, DCAT.DataService))
    cat.add((service, DCTERMS.title, Literal("plangraph SPARQL endpoint", lang="en")))
    cat.add((service, DCAT.endpointURL, url))
    cat.add((service, DCAT.servesDataset, main))
    cat.add((service, DCTERMS.conformsTo, SPARQL_PROTOCOL))


def to_turtle(cat: Graph) -> str:
    """Turtle with the download URLs left relative (resolved against the file's location)."""
    text = cat.serialize(format="turtle", base=_RELATIVE)
    return "".join(
        line for line in text.splitlines(keepends=True) if line.strip() != f"@base <{_RELATIVE}> ."
    )


def write_catalog(
    data: PublicData,
    path: Path,
    distributions: list[Distribution],
    bases: Bases,
    *,
    endpoint: str | None = None,
) -> Path:
    """Write ``catalog.ttl`` (atomically) describing ``data`` and ``distributions``."""
    atomic_write(path, to_turtle(describe(data, distributions, bases, endpoint=endpoint)))
    return path
