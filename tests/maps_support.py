"""Helpers shared by the map tests: fixture graphs and an independent count of elements."""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, RDFS, Graph, Namespace, URIRef

from plangraph import paths
from plangraph.graph.load import load, merged

PG = Namespace("https://w3id.org/plangraph/def/plangraph#")
ID = "https://w3id.org/plangraph/id/"
MAPS = Path(__file__).parent / "fixtures" / "maps"
ONTOLOGY = [paths.ONTOLOGY_DIR / "plangraph.ttl", paths.ONTOLOGY_DIR / "units.ttl"]


def fixture_graph(name: str) -> Graph:
    """The ontology plus ``tests/fixtures/maps/<name>.ttl``."""
    return merged(load([*ONTOLOGY, MAPS / f"{name}.ttl"]))


def project_graph() -> Graph:
    """The project's own ontology and data (including data/alignments.ttl when present)."""
    return merged(load())


def plan_elements(g: Graph) -> set[URIRef]:
    """Instances of pg:PlanElement's subclasses, found with rdflib's API (no SPARQL)."""
    classes = set(g.transitive_subjects(RDFS.subClassOf, PG.PlanElement))
    return {s for c in classes for s in g.subjects(RDF.type, c) if isinstance(s, URIRef)}


def iri(slug: str) -> str:
    """A plangraph id IRI from its slug."""
    return ID + slug
