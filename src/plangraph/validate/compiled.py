"""The shapes graph read once into plain Python data for the fast validator.

Each node shape, property shape and value test of ``ontology/shapes.ttl`` becomes a small
frozen record of strings, numbers, compiled patterns and pyoxigraph terms, so the checks that
run a million times at scale touch no rdflib graph, no rdflib term and no shape dictionary.
A shape feature outside the supported subset is recorded as the error the validator raises
when (and only when) it would evaluate that shape, as before the shapes were compiled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, SKOS

from plangraph import paths
from plangraph.graph.terms import to_ox_term

#: Shape predicates that only document (never constrain).
_DOCUMENTATION = {RDFS.label, RDFS.comment, SH.name, SH.description, SH.order, SH.group,
                  RDF.type, SH.message, SH.severity}
_PROPERTY_KEYS = {SH.path, SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH["in"],
                  SH.pattern, SH.languageIn, SH.uniqueLang, SH.minInclusive, SH.maxInclusive,
                  SH.node, SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount}
_NODE_KEYS = {SH.targetClass, SH.targetSubjectsOf, SH.property, SH.sparql}
#: sh:datatype as pySHACL decides it (rdflib reads ``\d`` digits of any script); the strict
#: XSD lexical check is :mod:`plangraph.validate.literals`, a finding of its own in both.
_LEXICAL = {
    "http://www.w3.org/2001/XMLSchema#decimal": re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$"),
    "http://www.w3.org/2001/XMLSchema#integer": re.compile(r"^[+-]?\d+$"),
    "http://www.w3.org/2001/XMLSchema#gYear": re.compile(r"^-?\d{4,}(Z|[+-]\d{2}:\d{2})?$"),
    "http://www.w3.org/2001/XMLSchema#boolean": re.compile(r"^(true|false|0|1)$"),
}
_INFINITY = float("inf")


@dataclass(frozen=True)
class Bound:
    """sh:minInclusive / sh:maxInclusive: ``value`` is None when the bound is no number
    (then no value meets it)."""

    value: Decimal | None
    upper: bool


@dataclass(frozen=True, eq=False)
class ValueTest:
    """The value-type constraints of a shape (datatype, class, in, pattern, languageIn,
    range); ``memo``: worth remembering per value (class and in cost a lookup each)."""

    datatype: ox.NamedNode | None = None
    lexical: re.Pattern[str] | None = None
    cls: str | None = None
    members: frozenset | None = None
    pattern: re.Pattern[str] | None = None
    langs: tuple[str, ...] | None = None
    bounds: tuple[Bound, ...] = ()

    @property
    def empty(self) -> bool:
        return (self.datatype is None and self.cls is None and self.members is None
                and self.pattern is None and self.langs is None and not self.bounds)

    @property
    def memo(self) -> bool:
        return self.cls is not None or self.members is not None


@dataclass(frozen=True, eq=False)
class PropertyShape:
    """One property shape: its counts, qualified counts, value test, sh:node and report text.
    ``error`` is set when the shape uses what the fast validator does not support."""

    key: object  # the shape's rdflib term (identity for per-shape memos)
    name: str  # the reported shape: its IRI, or the owning node shape's for a blank one
    path: str
    short: str  # the path as reported (``skos:prefLabel``)
    message: str
    severity: str
    error: str | None
    low: float
    high: float
    test: ValueTest
    qualified: ValueTest | None
    qlow: float
    qhigh: float
    unique_lang: bool
    node: object | None  # sh:node: the node shape's rdflib term


@dataclass(frozen=True, eq=False)
class SparqlConstraint:
    """One sh:sparql constraint: the query (prefixes written out) and its message."""

    key: object
    query: str
    message: str


@dataclass(frozen=True, eq=False)
class NodeShape:
    """One node shape: targets, property shapes, SPARQL constraints."""

    key: object
    name: str
    error: str | None
    classes: tuple[str, ...]
    subjects_of: tuple[object, ...]  # sh:targetSubjectsOf predicates (pyoxigraph terms)
    properties: tuple[PropertyShape, ...]
    sparql: tuple[SparqlConstraint, ...]


class Shapes:
    """The compiled shapes graph: :attr:`node_shapes` in IRI order, :meth:`node` by term."""

    def __init__(self, graph: Graph) -> None:
        self._graph = graph
        self._props: dict[object, PropertyShape] = {}
        self._nodes: dict[object, NodeShape] = {}
        self.node_shapes = [self.node(s) for s in
                            sorted(set(graph.subjects(RDF.type, SH.NodeShape)), key=str)]

    def node(self, shape: object) -> NodeShape:
        """The node shape ``shape`` (also one only named by sh:node), compiled once."""
        if shape not in self._nodes:
            g = self._graph
            self._nodes[shape] = NodeShape(
                key=shape, name=str(shape), error=_unsupported(g, shape, _NODE_KEYS),
                classes=tuple(str(c) for c in g.objects(shape, SH.targetClass)),
                subjects_of=tuple(to_ox_term(p) for p in g.objects(shape, SH.targetSubjectsOf)),
                properties=tuple(self._property(p, shape) for p in g.objects(shape, SH.property)),
                sparql=tuple(_sparql(g, c) for c in g.objects(shape, SH.sparql)))
        return self._nodes[shape]

    def _property(self, prop: object, owner: object) -> PropertyShape:
        key = prop if isinstance(prop, URIRef) else (prop, owner)  # a blank one names its owner
        if key in self._props:
            return self._props[key]
        g = self._graph
        path = g.value(prop, SH.path)
        error = _unsupported(g, prop, _PROPERTY_KEYS)
        if error is None and not isinstance(path, URIRef):
            error = f"fast validation supports only predicate paths (shape {prop})"
        p = {key: value for key, value in g.predicate_objects(prop)}
        qualified = p.get(SH.qualifiedValueShape)
        compiled = PropertyShape(
            key=prop, name=str(prop) if isinstance(prop, URIRef) else str(owner),
            path=str(path), short=_short(str(path)),
            message=str(g.value(prop, SH.message) or "does not conform"),
            severity=str(g.value(prop, SH.severity) or SH.Violation).rsplit("#", 1)[-1],
            error=error, low=_count(p, SH.minCount, 0), high=_count(p, SH.maxCount, _INFINITY),
            test=_value_test(g, p),
            qualified=None if qualified is None else _value_test(
                g, dict(g.predicate_objects(qualified))),
            qlow=_count(p, SH.qualifiedMinCount, 0),
            qhigh=_count(p, SH.qualifiedMaxCount, _INFINITY),
            unique_lang=p.get(SH.uniqueLang) == Literal(True), node=p.get(SH.node))
        self._props[key] = compiled
        return compiled


def _count(p: dict, key: URIRef, default: float) -> float:
    return int(p[key]) if key in p else default


def _value_test(g: Graph, p: dict) -> ValueTest:
    """A shape's value-type parameters (``p``: its predicate -> object)."""
    datatype = p.get(SH.datatype)
    bounds = tuple(Bound(_decimal(p[key]), key == SH.maxInclusive)
                   for key in (SH.minInclusive, SH.maxInclusive) if key in p)
    return ValueTest(
        datatype=None if datatype is None else ox.NamedNode(str(datatype)),
        lexical=None if datatype is None else _LEXICAL.get(str(datatype)),
        cls=str(p[SH["class"]]) if SH["class"] in p else None,
        members=frozenset(Collection(g, p[SH["in"]])) if SH["in"] in p else None,
        pattern=re.compile(str(p[SH.pattern])) if SH.pattern in p else None,
        langs=tuple(str(x).lower() for x in Collection(g, p[SH.languageIn]))
        if SH.languageIn in p else None,
        bounds=bounds)


def _decimal(bound: object) -> Decimal | None:
    try:
        return Decimal(str(bound))
    except InvalidOperation:
        return None


def _sparql(g: Graph, constraint: object) -> SparqlConstraint:
    prologue = "".join(
        f"PREFIX {g.value(decl, SH.prefix)}: <{g.value(decl, SH.namespace)}>\n"
        for ontology in g.objects(constraint, SH.prefixes)
        for decl in g.objects(ontology, SH.declare))
    return SparqlConstraint(key=constraint, query=prologue + str(g.value(constraint, SH.select)),
                            message=str(g.value(constraint, SH.message) or "does not conform"))


def _unsupported(g: Graph, shape: object, allowed: set) -> str | None:
    unknown = set(g.predicates(shape, None)) - allowed - _DOCUMENTATION
    if not unknown:
        return None
    names = ", ".join(sorted(str(u) for u in unknown))
    return f"fast validation does not support {names} (in shape {shape})"


def _short(path: str) -> str:
    for prefix, ns in (("skos", str(SKOS)), ("pg", paths.PG), ("rdfs", str(RDFS))):
        if path.startswith(ns):
            return f"{prefix}:{path[len(ns):]}"
    return path
