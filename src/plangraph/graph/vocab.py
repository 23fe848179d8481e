"""Vocabulary terms as pyoxigraph NamedNodes: ``PG.Plan``, ``SKOS.prefLabel``, ``OWL["Class"]``."""

from __future__ import annotations

import pyoxigraph as ox

from plangraph import paths


class Namespace:
    """A namespace IRI whose attributes and items are the NamedNodes of its terms."""

    def __init__(self, iri: str) -> None:
        self.iri = iri

    def __getattr__(self, name: str) -> ox.NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        node = ox.NamedNode(self.iri + name)
        setattr(self, name, node)  # made once: later reads find the attribute
        return node

    def __getitem__(self, name: str) -> ox.NamedNode:
        return ox.NamedNode(self.iri + name)


RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
PROV = Namespace("http://www.w3.org/ns/prov#")
QUDT = Namespace("http://qudt.org/schema/qudt/")
QB = Namespace("http://purl.org/linked-data/cube#")
PG = Namespace(paths.PG)
