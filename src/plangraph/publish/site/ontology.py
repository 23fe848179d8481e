"""The ontology and units pages of the linked-data site, generated from the graph.

(pyLODE's OntPub cannot run from an installed package here, and the pages should share the
site's look and escaping anyway.)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from plangraph import paths
from plangraph.graph.index import Index, Term
from plangraph.graph.vocab import DCTERMS, OWL, PG, QUDT, RDF, RDFS, SKOS
from plangraph.publish.site.layout import ONTOLOGY_IRI, Linker, anchor
from plangraph.publish.site.model import labels, order_key, plain, ref, refs, text_in

PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
CHARACTERISTICS = (OWL.FunctionalProperty, OWL.InverseFunctionalProperty,
                   OWL.TransitiveProperty, OWL.SymmetricProperty)


def _term(g: Index, linker: Linker, node: ox.NamedNode) -> dict[str, Any]:
    """Name, anchor, labels and comments of one vocabulary term."""
    th, en = labels(g, node)
    name = linker.layout.qname(node)
    local = node.value[len(paths.PG):] if node.value.startswith(paths.PG) else name
    return {
        "iri": node.value, "name": name, "anchor": anchor(local), "th": th, "en": en,
        "comment_th": text_in(g, node, RDFS.comment, "th") or text_in(g, node, SKOS.definition,
                                                                      "th"),
        "comment_en": text_in(g, node, RDFS.comment, "en") or text_in(g, node, SKOS.definition,
                                                                      "en"),
    }


def _in_pg(nodes: Iterable[Term]) -> list[ox.NamedNode]:
    return sorted((n for n in set(nodes)
                   if isinstance(n, ox.NamedNode) and n.value.startswith(paths.PG)),
                  key=lambda n: n.value)


def owl_classes(g: Index) -> list[ox.NamedNode]:
    """Every owl:Class of the ontology namespace."""
    return _in_pg(g.subjects_of(RDF.type, OWL.Class))


def owl_properties(g: Index) -> list[ox.NamedNode]:
    """Every object, datatype and annotation property of the ontology namespace."""
    return _in_pg(s for t in PROPERTY_TYPES for s in g.subjects_of(RDF.type, t))


def _class(g: Index, linker: Linker, c: ox.NamedNode) -> dict[str, Any]:
    return {
        **_term(g, linker, c),
        "super": refs(g, linker, g.objects(c, RDFS.subClassOf)),
        "sub": refs(g, linker, g.subjects_of(RDFS.subClassOf, c)),
        "domain_of": refs(g, linker, g.subjects_of(RDFS.domain, c)),
        "range_of": refs(g, linker, g.subjects_of(RDFS.range, c)),
        "values": refs(g, linker, g.subjects_of(RDF.type, c))
        if g.has(c, RDFS.subClassOf, SKOS.Concept) else [],
    }


def _property(g: Index, linker: Linker, p: ox.NamedNode) -> dict[str, Any]:
    types = [t for t in (*PROPERTY_TYPES, *CHARACTERISTICS) if g.has(p, RDF.type, t)]
    return {
        **_term(g, linker, p),
        "types": [linker.layout.qname(t) for t in types],
        "super": refs(g, linker, g.objects(p, RDFS.subPropertyOf)),
        "domain": refs(g, linker, g.objects(p, RDFS.domain)),
        "range": refs(g, linker, g.objects(p, RDFS.range)),
    }


def _scheme(g: Index, linker: Linker, s: ox.NamedNode) -> dict[str, Any]:
    members = sorted(set(g.subjects_of(SKOS.inScheme, s)), key=lambda m: (
        int(plain(g, m, PG.rank) or 0), order_key(g, m)))
    concepts = [{**_term(g, linker, m), "notation": plain(g, m, SKOS.notation),
                 "rank": plain(g, m, PG.rank), "types": refs(g, linker, g.objects(m, RDF.type))}
                for m in members]
    return {**_term(g, linker, s), "concepts": concepts}


def ontology_page(g: Index, linker: Linker) -> dict[str, Any]:
    """The context of ``def/plangraph/index.html``."""
    onto = ox.NamedNode(ONTOLOGY_IRI)
    schemes = _in_pg(g.subjects_of(RDF.type, SKOS.ConceptScheme))
    return {
        "iri": ONTOLOGY_IRI, "namespace": paths.PG,
        "title_th": text_in(g, onto, DCTERMS.title, "th"),
        "title_en": text_in(g, onto, DCTERMS.title, "en"),
        "description_th": text_in(g, onto, DCTERMS.description, "th"),
        "description_en": text_in(g, onto, DCTERMS.description, "en"),
        "note_th": text_in(g, onto, RDFS.comment, "th"),
        "note_en": text_in(g, onto, RDFS.comment, "en"),
        "version": plain(g, onto, OWL.versionInfo),
        "licence": plain(g, onto, DCTERMS.license),
        "classes": [_class(g, linker, c) for c in owl_classes(g)],
        "properties": [_property(g, linker, p) for p in owl_properties(g)],
        "schemes": [_scheme(g, linker, s) for s in schemes],
    }


def units(g: Index) -> list[ox.NamedNode]:
    """Every qudt:Unit the graph describes."""
    return sorted((s for s in set(g.subjects_of(RDF.type, QUDT.Unit))
                   if isinstance(s, ox.NamedNode)), key=lambda s: s.value)


def units_page(g: Index, linker: Linker) -> dict[str, Any]:
    """The context of ``def/unit/index.html``."""
    rows = []
    for u in units(g):
        term = _term(g, linker, u)
        rows.append({**term, "anchor": anchor(term["name"]),
                     "symbol": plain(g, u, QUDT.symbol),
                     "quantity_kind": ref(g, linker, g.value(u, QUDT.hasQuantityKind))
                     if g.value(u, QUDT.hasQuantityKind) is not None else None,
                     "multiplier": plain(g, u, QUDT.conversionMultiplier),
                     "used_by": len(set(g.subjects_of(QUDT.unit, u)))})
    return {"units": rows}
