"""Fast validation: the SHACL subset ``ontology/shapes.ttl`` uses, evaluated on pyoxigraph.

pySHACL needs ~20 s for 50 k triples and minutes at 500 k. This module reads the same shapes
file and checks the same constraints against a pyoxigraph store: core constraints per focus
node with quad-pattern lookups, and each ``sh:sparql`` constraint as *one* query over the
whole store (``$this`` left unbound, rows kept when ``$this`` is a focus node of the shape),
which is equivalent for constraints whose ``$this`` occurs in a triple pattern. Any shape
feature outside the supported subset raises :class:`PlangraphError`, so it never passes data
silently. ``tests/test_fastshacl.py`` checks it reports what pySHACL reports.

Public entry point: :func:`validate_fast` → :class:`plangraph.validate.Report`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, SKOS

from plangraph import paths
from plangraph.errors import PlangraphError
from plangraph.graph import vocab
from plangraph.graph.load import FILE_GRAPH_PREFIX, load_store
from plangraph.graph.terms import from_ox_term, to_ox_term
from plangraph.runtime.gcpause import paused_gc
from plangraph.validate import literals
from plangraph.validate.reference import Finding, Report, data_sources

PG = paths.PG
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
_TRUE = Literal(True)
# Shape keys as plain strings: rdflib's SH.x is a slow attribute lookup, and comparing
# rdflib terms runs Python code, in loops that run a million times at scale.
(_MIN, _MAX, _DATATYPE, _CLASS, _IN, _PATTERN, _LANG_IN, _UNIQUE_LANG, _MIN_INCL, _MAX_INCL,
 _NODE, _QUALIFIED, _QMIN, _QMAX) = map(str, (
    SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH["in"], SH.pattern, SH.languageIn,
    SH.uniqueLang, SH.minInclusive, SH.maxInclusive, SH.node, SH.qualifiedValueShape,
    SH.qualifiedMinCount, SH.qualifiedMaxCount))
_TYPE = vocab.RDF.type
_NAMED: dict[str, ox.NamedNode] = {}
_SUBCLASS = vocab.RDFS.subClassOf
_NO_TYPES: set[str] = set()


@dataclass
class _Store:
    """The data in pyoxigraph plus the lookups the checks need."""

    store: ox.Store
    subclasses: dict[str, set[str]] = field(default_factory=dict)
    sparql_rows: dict[object, tuple[str, list[dict]]] = field(default_factory=dict)
    compiled: dict[object, dict] = field(default_factory=dict)
    by_predicate: dict[str, dict[object, list]] = field(default_factory=dict)
    type_index: dict[object, set[str]] | None = None
    conforming: dict[object, dict[object, bool]] = field(default_factory=dict)

    def params(self, shapes: Graph, shape: object) -> dict:
        """A shape's constraint parameters, read once (lists and patterns prepared)."""
        if shape not in self.compiled:
            p: dict = {str(key): value for key, value in shapes.predicate_objects(shape)}
            if _IN in p:
                p[_IN] = frozenset(Collection(shapes, p[_IN]))
            if _LANG_IN in p:
                p[_LANG_IN] = [str(x) for x in Collection(shapes, p[_LANG_IN])]
            if _PATTERN in p:
                p[_PATTERN] = re.compile(str(p[_PATTERN]))
            for key in (_MIN, _MAX, _QMIN, _QMAX):  # counts as ints, IRIs as str: once
                if key in p:
                    p[key] = int(p[key])
            for key in (_DATATYPE, _CLASS):
                if key in p:
                    p[key] = str(p[key])
            self.compiled[shape] = p
        return self.compiled[shape]

    def properties(self, shapes: Graph, shape: object) -> list[tuple[object, str]]:
        """(property shape, path) of node shape ``shape``, read once."""
        key = ("properties", shape)
        if key not in self.compiled:
            self.compiled[key] = [(prop, str(shapes.value(prop, SH.path)))
                                  for prop in shapes.objects(shape, SH.property)]
        return self.compiled[key]

    def objects(self, subject: ox.NamedNode | ox.BlankNode, predicate: str) -> list:
        """The objects of ``subject``'s ``predicate`` statements (one per quad, as stored)."""
        index = self.by_predicate.get(predicate)
        if index is None:
            index = self.by_predicate[predicate] = self._index(predicate)
        return index.get(subject, [])

    def _index(self, predicate: str) -> dict[object, list]:
        """Subject -> objects of one predicate, in one pass over its statements: one store
        call per predicate instead of one per focus node."""
        pred = _NAMED.get(predicate) or _NAMED.setdefault(predicate, ox.NamedNode(predicate))
        index: dict[object, list] = {}
        for q in self.store.quads_for_pattern(None, pred, None):
            values = index.get(q.subject)
            if values is None:
                index[q.subject] = [q.object]
            else:
                values.append(q.object)
        return index

    def types(self, node: object) -> set[str]:
        """The rdf:type IRIs of ``node`` (none for a literal)."""
        if self.type_index is None:
            self.type_index = {node: {t.value for t in types}
                               for node, types in self._index(_TYPE.value).items()}
        return self.type_index.get(node, _NO_TYPES)

    def descendants(self, cls: str) -> set[str]:
        """``cls`` and all its rdfs:subClassOf descendants (in the data graph)."""
        if cls not in self.subclasses:
            found, todo = {cls}, [cls]
            while todo:
                c = ox.NamedNode(todo.pop())
                for q in self.store.quads_for_pattern(None, _SUBCLASS, c):
                    if isinstance(q.subject, ox.NamedNode) and q.subject.value not in found:
                        found.add(q.subject.value)
                        todo.append(q.subject.value)
            self.subclasses[cls] = found
        return self.subclasses[cls]


def validate_fast(sources: Sequence[Path | str] | None = None, *, store: ox.Store | None = None,
                  shapes: Path | None = None) -> Report:
    """Validate data files (the ontology is added) or a store; same Report as pySHACL's path."""
    if store is None:
        store = load_store(data_sources(sources))
    with paused_gc():
        return _validate(store, shapes)


def _validate(store: ox.Store, shapes: Path | None) -> Report:
    shapes_graph = Graph().parse(shapes or paths.shapes_path(), format="turtle")
    data = _Store(store)
    findings: list[Finding] = []
    for shape in sorted(set(shapes_graph.subjects(RDF.type, SH.NodeShape)), key=str):
        findings += _check_node_shape(data, shapes_graph, shape)
    findings += _cycle_findings(data) + _literal_findings(data)
    findings = sorted(set(findings), key=lambda f: (f.focus, f.message))
    triples = len(store)
    return Report(conforms=not any(f.severity == "Violation" for f in findings),
                  results=findings, triples=triples)


# --------------------------------------------------------------------------- shapes


def _check_node_shape(data: _Store, shapes: Graph, shape: URIRef) -> list[Finding]:
    _require_known(shapes, shape, _NODE_KEYS)
    focus = sorted(_targets(data, shapes, shape), key=lambda n: n.value)
    if not focus:
        return []
    out: list[Finding] = []
    for prop in shapes.objects(shape, SH.property):
        out += _check_property(data, shapes, prop, focus, owner=shape)
    for constraint in shapes.objects(shape, SH.sparql):
        out += _check_sparql(data, shapes, constraint, {n.value for n in focus}, shape)
    return out


def _targets(data: _Store, shapes: Graph, shape: URIRef) -> set:
    nodes: set = set()
    for cls in shapes.objects(shape, SH.targetClass):
        for c in data.descendants(str(cls)):
            nodes |= {q.subject for q in
                      data.store.quads_for_pattern(None, _TYPE, ox.NamedNode(c))}
    for pred in shapes.objects(shape, SH.targetSubjectsOf):
        nodes |= {q.subject for q in
                  data.store.quads_for_pattern(None, to_ox_term(pred), None)}
    return nodes


def _require_known(shapes: Graph, shape: object, allowed: set) -> None:
    unknown = {p for p in shapes.predicates(shape, None)} - allowed - _DOCUMENTATION
    if unknown:
        names = ", ".join(sorted(str(u) for u in unknown))
        raise PlangraphError(f"fast validation does not support {names} (in shape {shape})")


def _check_property(data: _Store, shapes: Graph, prop: object, focus: Iterable,
                    owner: URIRef) -> list[Finding]:
    _require_known(shapes, prop, _PROPERTY_KEYS)
    path = shapes.value(prop, SH.path)
    if not isinstance(path, URIRef):
        raise PlangraphError(f"fast validation supports only predicate paths (shape {prop})")
    name = str(prop) if isinstance(prop, URIRef) else str(owner)
    message = str(shapes.value(prop, SH.message) or "does not conform")
    severity = str(shapes.value(prop, SH.severity) or SH.Violation).rsplit("#", 1)[-1]
    out = []
    where = str(path)
    for node in focus:
        if _property_fails(data, shapes, prop, node, where):
            out.append(Finding(focus=_text(node), label=_thai_label(data, node),
                               file=_file_of(data, node), message=message, severity=severity,
                               shape=name, path=_short(path)))
    return out


def _property_fails(data: _Store, shapes: Graph, prop: object, node: object, path: str) -> bool:
    """Whether ``node`` violates any constraint of property shape ``prop``."""
    values = data.objects(node, path) if isinstance(node, ox.NamedNode | ox.BlankNode) else []
    p = data.params(shapes, prop)
    low, high = p.get(_MIN), p.get(_MAX)
    if (low is not None and len(values) < low) or (high is not None and len(values) > high):
        return True
    qualified = p.get(_QUALIFIED)
    if qualified is not None:
        n = sum(1 for v in values if _value_conforms(data, shapes, qualified, v))
        qmin, qmax = p.get(_QMIN), p.get(_QMAX)
        if (qmin is not None and n < qmin) or (qmax is not None and n > qmax):
            return True
    if p.get(_UNIQUE_LANG) == _TRUE:
        langs = [v.language for v in values if isinstance(v, ox.Literal) and v.language]
        if len({lang.lower() for lang in langs}) != len(langs):
            return True
    target = p.get(_NODE)
    if target is not None and any(_node_fails(data, shapes, target, v) for v in values):
        return True
    return any(not _value_conforms(data, shapes, prop, v) for v in values)


def _value_conforms(data: _Store, shapes: Graph, shape: object, value: object) -> bool:
    """:func:`_value_fits`, once per shape and value (many nodes share a value: a dataset,
    an indicator, a unit)."""
    known = data.conforming.get(shape)
    if known is None:
        known = data.conforming[shape] = {}
    ok = known.get(value)
    if ok is None:
        ok = known[value] = _value_fits(data, shapes, shape, value)
    return ok


def _value_fits(data: _Store, shapes: Graph, shape: object, value: object) -> bool:
    """The value-type constraints of ``shape`` (datatype, class, in, pattern, languageIn, range)."""
    p = data.params(shapes, shape)
    datatype = p.get(_DATATYPE)
    if datatype is not None and not _has_datatype(value, datatype):
        return False
    cls = p.get(_CLASS)
    if cls is not None and not (data.types(value) & data.descendants(cls)):
        return False
    members = p.get(_IN)
    if members is not None and from_ox_term(value) not in members:
        return False
    pattern = p.get(_PATTERN)
    if pattern is not None and (isinstance(value, ox.BlankNode) or
                                not pattern.search(value.value)):
        return False
    langs = p.get(_LANG_IN)
    if langs is not None and not _lang_in(value, langs):
        return False
    for key, ok in ((_MIN_INCL, lambda a, b: a >= b), (_MAX_INCL, lambda a, b: a <= b)):
        bound = p.get(key)
        if bound is not None and not _compare(value, bound, ok):
            return False
    return True


def _node_fails(data: _Store, shapes: Graph, shape: object, value: object) -> bool:
    """sh:node: does ``value`` fail any constraint of node shape ``shape``?"""
    for prop, path in data.properties(shapes, shape):
        if _property_fails(data, shapes, prop, value, path):
            return True
    return any(_check_sparql(data, shapes, c, {_text(value)}, shape)
               for c in shapes.objects(shape, SH.sparql))


def _has_datatype(value: object, datatype: str) -> bool:
    if not isinstance(value, ox.Literal) or value.datatype.value != datatype:
        return False
    lexical = _LEXICAL.get(datatype)
    return lexical is None or bool(lexical.match(value.value))


def _lang_in(value: object, ranges: list[str]) -> bool:
    if not isinstance(value, ox.Literal) or not value.language:
        return False
    tag = value.language.lower()
    return any(tag == r.lower() or tag.startswith(r.lower() + "-") for r in ranges)


def _compare(value: object, bound: Literal, ok: Callable[[Decimal, Decimal], bool]) -> bool:
    try:
        return isinstance(value, ox.Literal) and ok(Decimal(value.value), Decimal(str(bound)))
    except InvalidOperation:
        return False


# --------------------------------------------------------------------------- SPARQL


def _check_sparql(data: _Store, shapes: Graph, constraint: object, focus: set[str],
                  owner: URIRef) -> list[Finding]:
    """Run the constraint once over the store; keep rows whose $this is a focus node."""
    message, rows = data.sparql_rows.get(constraint) or (None, None)
    if rows is None:
        select = str(shapes.value(constraint, SH.select))
        message = str(shapes.value(constraint, SH.message) or "does not conform")
        prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in _prefixes(shapes, constraint))
        solutions = data.store.query(prologue + select, use_default_graph_as_union=True)
        names = [v.value for v in solutions.variables]
        rows = [{n: s[n] for n in names} for s in solutions]
        data.sparql_rows[constraint] = (message, rows)
    out = []
    for row in rows:
        this = row.get("this")
        if this is None or _text(this) not in focus:
            continue
        out.append(Finding(focus=_text(this), label=_thai_label(data, this),
                           file=_file_of(data, this), message=_fill(message, row),
                           severity="Violation",
                           shape=str(owner), path=None))
    return out


def _fill(message: str, row: dict) -> str:
    """``{?var}`` / ``{$var}`` in a message replaced by the row's value (as pySHACL does)."""

    def value(m: re.Match[str]) -> str:
        term = row.get(m.group(1))
        return _text(term) if term is not None else m.group(0)

    return re.sub(r"\{[?$](\w+)\}", value, message)


def _prefixes(shapes: Graph, constraint: object) -> Iterator[tuple[str, str]]:
    for ontology in shapes.objects(constraint, SH.prefixes):
        for decl in shapes.objects(ontology, SH.declare):
            yield str(shapes.value(decl, SH.prefix)), str(shapes.value(decl, SH.namespace))


# --------------------------------------------------------------------------- reporting


def _cycle_findings(data: _Store) -> list[Finding]:
    """Alignment cycles (as :func:`plangraph.validate.cycle_findings` reports them)."""
    g = nx.DiGraph()
    for q in data.store.quads_for_pattern(None, _TYPE, vocab.PG.Alignment):
        lower = data.objects(q.subject, PG + "fromElement")
        higher = data.objects(q.subject, PG + "toElement")
        if lower and higher:
            g.add_edge(lower[0].value, higher[0].value)
    return [Finding(focus=cycle[0], label=_thai_label(data, ox.NamedNode(cycle[0])),
                    file=_file_of(data, ox.NamedNode(cycle[0])),
                    message="alignment cycle: " + " → ".join([*cycle, cycle[0]]),
                    severity="Violation", shape=None, path=None)
            for cycle in nx.simple_cycles(g)]


def _literal_findings(data: _Store) -> list[Finding]:
    """Ill-typed literals (:mod:`plangraph.validate.literals`), as the reference reports them."""
    out = []
    for q in data.store.quads_for_pattern(None, None, None):
        lit = q.object
        if not isinstance(lit, ox.Literal) or lit.datatype.value not in literals.LEXICAL:
            continue
        message = literals.message(lit.value, lit.datatype.value, q.predicate.value)
        if message is not None:
            out.append(Finding(focus=_text(q.subject), label=_thai_label(data, q.subject),
                               file=_file_of(data, q.subject), message=message,
                               severity="Violation", shape=None, path=None))
    return out


def _text(term: object) -> str:
    return str(from_ox_term(term))


def _short(path: URIRef) -> str:
    for prefix, ns in (("skos", str(SKOS)), ("pg", PG), ("rdfs", str(RDFS))):
        if str(path).startswith(ns):
            return f"{prefix}:{str(path)[len(ns):]}"
    return str(path)


def _thai_label(data: _Store, node: object) -> str | None:
    if not isinstance(node, ox.NamedNode):
        return None
    for label in data.objects(node, str(SKOS.prefLabel)):
        if isinstance(label, ox.Literal) and label.language == "th":
            return label.value
    return None


def _file_of(data: _Store, node: object) -> str | None:
    if not isinstance(node, ox.NamedNode | ox.BlankNode):
        return None
    for q in data.store.quads_for_pattern(node, None, None):
        name = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
        if name.startswith(FILE_GRAPH_PREFIX):
            return name[len(FILE_GRAPH_PREFIX):]
    return None

