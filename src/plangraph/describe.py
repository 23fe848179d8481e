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

from rdflib import RDF, RDFS, XSD, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, SKOS, VOID, NamespaceManager
from rdflib.term import Node

from . import paths
from .atomic import atomic_write
from .errors import PlangraphError
from .export import ALIGNMENTS_SLUG, DATASET_SLUG, ONTOLOGY_SLUG, Bases, merged_graph

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
    properties: dict[Node, int]
    classes: dict[Node, int]
    entities: int


def count(graph: Graph, uri_space: str) -> Counts:
    """Triples, distinct subjects/objects, per-property triples, per-class instances."""
    subjects: set[Node] = set()
    objects: set[Node] = set()
    properties: Counter[Node] = Counter()
    instances: dict[Node, set[Node]] = defaultdict(set)
    for s, p, o in graph:
        subjects.add(s)
        objects.add(o)
        properties[p] += 1
        if p == RDF.type:
            instances[o].add(s)
    entities = sum(1 for s in subjects if isinstance(s, URIRef) and str(s).startswith(uri_space))
    return Counts(
        triples=len(graph),
        subjects=len(subjects),
        objects=len(objects),
        properties=dict(properties),
        classes={c: len(members) for c, members in instances.items()},
        entities=entities,
    )


def describe(
    dataset: Dataset,
    distributions: list[Distribution],
    bases: Bases,
    *,
    endpoint: str | None = None,
) -> Graph:
    """The DCAT/VoID description of ``dataset`` (the export view) and its files."""
    graph = merged_graph(dataset)
    cat = _new_graph()
    main = bases.dataset_iri(DATASET_SLUG)
    catalog = bases.dataset_iri("catalog")
    license_ = license_of(graph)

    cat.add((catalog, RDF.type, DCAT.Catalog))
    cat.add((catalog, DCTERMS.title, Literal("แคตตาล็อกข้อมูล plangraph", lang="th")))
    cat.add((catalog, DCTERMS.title, Literal("plangraph data catalog", lang="en")))
    cat.add((catalog, DCAT.dataset, main))
    cat.add((catalog, DCTERMS.license, license_))

    _describe_main(cat, main, graph, bases, license_)
    subsets = _describe_subsets(cat, main, dataset, graph, bases)
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


def license_of(graph: Graph) -> URIRef:
    """The ontology's ``dcterms:license`` (the project's one licence), else CC BY 4.0."""
    for onto in sorted(graph.subjects(RDF.type, OWL.Ontology)):
        for lic in sorted(graph.objects(onto, DCTERMS.license)):
            if isinstance(lic, URIRef):
                return lic
    return DEFAULT_LICENSE


def _int(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


def _describe_main(cat: Graph, main: URIRef, graph: Graph, bases: Bases, lic: URIRef) -> None:
    """Dataset-level DCAT and VoID with class and property partitions."""
    counts = count(graph, bases.instance)
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
    for onto in sorted(graph.subjects(RDF.type, OWL.Ontology)):
        cat.add((main, DCTERMS.conformsTo, onto))
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
    for cls, n in sorted(counts.classes.items()):
        part = BNode()
        cat.add((main, VOID.classPartition, part))
        cat.add((part, VOID["class"], cls))
        cat.add((part, VOID.entities, _int(n)))
    for prop, n in sorted(counts.properties.items()):
        part = BNode()
        cat.add((main, VOID.propertyPartition, part))
        cat.add((part, VOID.property, prop))
        cat.add((part, VOID.triples, _int(n)))
    indicators = sorted(graph.subjects(RDF.type, PG.Indicator))
    for example in indicators[:EXAMPLE_RESOURCES]:
        cat.add((main, VOID.exampleResource, example))


def _namespace(term: Node) -> str:
    """The namespace part of an IRI (up to the last ``#`` or ``/``)."""
    text = str(term)
    cut = max(text.rfind("#"), text.rfind("/"))
    return text[: cut + 1] if cut >= 0 else text


def _describe_subsets(
    cat: Graph, main: URIRef, dataset: Dataset, graph: Graph, bases: Bases
) -> dict[str, URIRef]:
    """One ``void:subset`` per named graph (same IRI as the graph); the linkset."""
    subsets: dict[str, URIRef] = {}
    for g in sorted(dataset.graphs(), key=lambda g: str(g.identifier)):
        name = g.identifier
        if len(g) == 0 or not str(name).startswith(bases.data):
            continue
        slug = str(name)[len(bases.data) :]
        subsets[slug] = URIRef(name)
        cat.add((main, VOID.subset, name))
        cat.add((name, RDF.type, VOID.Dataset))
        cat.add((name, RDF.type, DCAT.Dataset))
        cat.add((name, VOID.triples, _int(len(g))))
        for lang, title in _subset_titles(slug, g, graph):
            cat.add((name, DCTERMS.title, Literal(title, lang=lang)))
    linkset = subsets.get(ALIGNMENTS_SLUG)
    if linkset is not None:
        _describe_linkset(cat, linkset, dataset, graph, bases)
    return subsets


def _subset_titles(slug: str, g: Graph, graph: Graph) -> list[tuple[str, str]]:
    """Titles of a subset: its plan's ``dcterms:title``, else a fixed one, else the slug."""
    if slug in _SUBSET_TITLES:
        th, en = _SUBSET_TITLES[slug]
        return [("th", th), ("en", en)]
    plan_classes = set(graph.transitive_subjects(RDFS.subClassOf, PG.Plan))
    plans = sorted({s for s, o in g.subject_objects(RDF.type) if o in plan_classes})
    if len(plans) == 1:
        titles = [(t.language or "", str(t)) for t in g.objects(plans[0], DCTERMS.title)]
        titles = [(lang, t) for lang, t in titles if lang]
        if titles:
            return sorted(titles)
    return [("en", slug)]


def _describe_linkset(
    cat: Graph, linkset: URIRef, dataset: Dataset, graph: Graph, bases: Bases
) -> None:
    """The alignments graph as a ``void:Linkset``: link predicates, targets, claims."""
    claims = sorted(graph.subjects(RDF.type, PG.Alignment))
    cat.add((linkset, RDF.type, VOID.Linkset))
    cat.add((linkset, VOID.entities, _int(len(claims))))
    for rel in sorted({r for c in claims for r in graph.objects(c, PG.relation)}):
        cat.add((linkset, VOID.linkPredicate, rel))
    element_graphs = _graphs_of_elements(dataset, bases, claims, graph)
    for target in sorted(element_graphs - {linkset}):
        cat.add((linkset, VOID.target, target))


def _graphs_of_elements(
    dataset: Dataset, bases: Bases, claims: list[Node], graph: Graph
) -> set[URIRef]:
    """The subsets that type the elements the claims link."""
    elements = {
        e for c in claims for p in (PG.fromElement, PG.toElement) for e in graph.objects(c, p)
    }
    found: set[URIRef] = set()
    for s, _, _, g in dataset.quads((None, RDF.type, None, None)):
        if s in elements and str(g).startswith(bases.data):
            found.add(URIRef(str(g)))
    return found


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
    dataset: Dataset,
    path: Path,
    distributions: list[Distribution],
    bases: Bases,
    *,
    endpoint: str | None = None,
) -> Path:
    """Write ``catalog.ttl`` (atomically) describing ``dataset`` and ``distributions``."""
    atomic_write(path, to_turtle(describe(dataset, distributions, bases, endpoint=endpoint)))
    return path
