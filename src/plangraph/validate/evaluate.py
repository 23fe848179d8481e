"""The checks of the compiled shapes (:mod:`plangraph.validate.compiled`) against a store.

Core constraints are checked per focus node from one subject index per predicate (one store
call per predicate instead of one per focus node); each ``sh:sparql`` constraint runs as *one*
query over the whole store (``$this`` left unbound, rows kept when ``$this`` is a focus node
of the shape), which is equivalent for constraints whose ``$this`` occurs in a triple pattern.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from plangraph.graph import vocab
from plangraph.graph.terms import from_ox_term
from plangraph.validate import literals
from plangraph.validate.compiled import (
    NodeShape,
    PropertyShape,
    Shapes,
    SparqlConstraint,
    ValueTest,
)
from plangraph.validate.reference import Finding
from plangraph.validate.storewide import finding, text

_TYPE = vocab.RDF.type
_SUBCLASS = vocab.RDFS.subClassOf
_RESOURCE = (ox.NamedNode, ox.BlankNode)
_NO_VALUES: tuple = ()
#: Up to this many focus nodes, a shape looks its values up node by node: the scan indexes
#: only the predicates of larger shapes (and of shapes reached through sh:node).
FEW = 1000
_NO_TYPES: frozenset[str] = frozenset()
#: A constraint's rows, or the exception its query raised (raised when the rows are used).
Rows = list[dict[str, object]] | BaseException


class Data:
    """The store plus the lookups the checks need, each built once."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.rows: dict[object, Rows] = {}
        self.hits: dict[object, set[str]] = {}
        self._index: dict[str, dict[str, list]] = {}
        self._types: dict[object, set[str] | frozenset[str]] = {}  # by key() or term
        self._subclasses: dict[str, set[str]] = {}
        self._instances: dict[str, set] = {}
        self._checkers: dict[ValueTest, Callable[[object], bool]] = {}
        self.value_checks: dict[PropertyShape, Callable[[Sequence], bool]] = {}

    def scan(self, predicates: set[str]) -> list[Finding]:
        """One pass over every statement: the ill-typed literals (:mod:`literals`), as the
        reference reports them, and the index of each of ``predicates`` (:meth:`indexed`)."""
        indexes: dict[str, dict[str, list]] = {p: {} for p in predicates
                                                  if p not in self._index}
        lexical, out = literals.LEXICAL, []
        for q in self.store.quads_for_pattern(None, None, None):
            value = q.object
            predicate = q.predicate.value
            index = indexes.get(predicate)
            if index is not None:
                _add(index, q.subject, value)
            if isinstance(value, ox.Literal) and value.datatype.value in lexical:
                message = literals.message(value.value, value.datatype.value, predicate)
                if message is not None:
                    out.append(finding(self.store, q.subject, message))
        self._index.update(indexes)
        return out

    def indexed(self, predicate: str) -> dict[str, list] | None:
        """Subject (by :func:`key`) -> objects of ``predicate``, if :meth:`scan` built it."""
        return self._index.get(predicate)

    def values(self, predicate: str) -> Callable[[object], Sequence]:
        """A node's objects of ``predicate`` (one per quad, as stored): from the predicate's
        index, or one store call per node where :meth:`scan` built none."""
        index = self._index.get(predicate)
        if index is None:
            pred, find = ox.NamedNode(predicate), self.store.quads_for_pattern
            return lambda node: [q.object for q in find(node, pred, None)]
        get = index.get
        return lambda node: get(key(node), _NO_VALUES)

    def types(self, node: object) -> set[str] | frozenset[str]:
        """The rdf:type IRIs of ``node`` (none for a literal), looked up once per node: the
        class checks ask about far fewer nodes than have a type."""
        k = key(node) or node
        found = self._types.get(k)
        if found is None:
            found = self._types[k] = _NO_TYPES if isinstance(node, ox.Literal) else {
                q.object.value for q in self.store.quads_for_pattern(node, _TYPE, None)}
        return found

    def descendants(self, cls: str) -> set[str]:
        """``cls`` and all its rdfs:subClassOf descendants (in the data graph)."""
        if cls not in self._subclasses:
            found, todo = {cls}, [cls]
            while todo:
                for q in self.store.quads_for_pattern(None, _SUBCLASS, ox.NamedNode(todo.pop())):
                    if isinstance(q.subject, ox.NamedNode) and q.subject.value not in found:
                        found.add(q.subject.value)
                        todo.append(q.subject.value)
            self._subclasses[cls] = found
        return self._subclasses[cls]

    def instances(self, cls: str) -> set:
        """The subjects typed ``cls`` (exactly, not through subclasses)."""
        if cls not in self._instances:
            self._instances[cls] = {q.subject for q in self.store.quads_for_pattern(
                None, _TYPE, ox.NamedNode(cls))}
        return self._instances[cls]

    def clear(self) -> None:
        """Drop every cache (the checkers are closures over this object)."""
        for cache in (self.rows, self.hits, self._index, self._types, self._subclasses,
                      self._instances, self._checkers, self.value_checks):
            cache.clear()

    def checker(self, test: ValueTest) -> Callable[[object], bool]:
        """Whether a value passes ``test`` (remembered per value where a lookup is saved)."""
        if test not in self._checkers:
            self._checkers[test] = _checker(self, test)
        return self._checkers[test]


def run_constraints(store: ox.Store, constraints: Iterable[SparqlConstraint]
                     ) -> dict[object, Rows]:
    """Each constraint's rows over the whole store (or the exception its query raised)."""
    out: dict[object, Rows] = {}
    for c in constraints:
        try:
            solutions = store.query(c.query, use_default_graph_as_union=True)
            names = [v.value for v in solutions.variables]
            out[c.key] = [{n: s[n] for n in names} for s in solutions]
        except Exception as e:  # raised where the rows are used, as before
            out[c.key] = e
    return out


def key(node: object) -> str | None:
    """A resource as a dictionary key: its IRI, or ``_:`` and its blank node id (a str hashes
    and compares far faster than a pyoxigraph term); None for anything else."""
    kind = type(node)
    if kind is ox.NamedNode:
        return node.value  # type: ignore[attr-defined]
    if kind is ox.BlankNode:
        return "_:" + node.value  # type: ignore[attr-defined]
    return None


def _add(index: dict[str, list], subject: object, value: object) -> None:
    k = key(subject)
    if k is not None:  # a quoted triple as subject: never a focus node's values
        values = index.get(k)
        if values is None:
            index[k] = [value]
        else:
            values.append(value)


# --------------------------------------------------------------------------- core constraints


def check_core(data: Data, shapes: Shapes, shape: NodeShape, focus: Iterable
               ) -> list[Finding]:
    """The property shapes of ``shape`` on its focus nodes."""
    nodes = [n for n in focus if isinstance(n, _RESOURCE)]  # others have no values
    keys = [key(n) for n in nodes]
    others = [n for n in focus if not isinstance(n, _RESOURCE)]
    out: list[Finding] = []
    for prop in shape.properties:
        fails = _values_check(data, shapes, prop)
        index = data.indexed(prop.path)
        if index is not None:
            get = index.get
            bad = [n for n, k in zip(nodes, keys, strict=True) if fails(get(k, _NO_VALUES))]
        else:
            values = data.values(prop.path)
            bad = [n for n in nodes if fails(values(n))]
        bad += [n for n in others if fails(_NO_VALUES)]
        out += [finding(data.store, node, prop.message, prop.severity, prop.name, prop.short)
                for node in bad]
    return out


def targets(data: Data, shape: NodeShape) -> set:
    nodes: set = set()
    for cls in shape.classes:
        for c in data.descendants(cls):
            nodes |= data.instances(c)
    for pred in shape.subjects_of:
        nodes |= {q.subject for q in data.store.quads_for_pattern(None, pred, None)}
    return nodes


def _values_check(data: Data, shapes: Shapes, prop: PropertyShape
                  ) -> Callable[[Sequence], bool]:
    """Whether a node with these values of ``prop``'s path violates ``prop``."""
    check = data.value_checks.get(prop)
    if check is None:
        check = data.value_checks[prop] = _compile_values_check(data, shapes, prop)
    return check


def _compile_values_check(data: Data, shapes: Shapes, prop: PropertyShape
                          ) -> Callable[[Sequence], bool]:
    low, high, qlow, qhigh, unique_lang = prop.low, prop.high, prop.qlow, prop.qhigh, \
        prop.unique_lang
    qualified = None if prop.qualified is None else data.checker(prop.qualified)
    node = None if prop.node is None else shapes.node(prop.node)
    fits = None if prop.test.empty else data.checker(prop.test)

    if qualified is None and not unique_lang and node is None:  # the usual shape: one test
        if fits is None:
            return lambda values: not low <= len(values) <= high
        return lambda values: not low <= len(values) <= high or not all(map(fits, values))

    def fails(values: Sequence) -> bool:
        n = len(values)
        if n < low or n > high:
            return True
        if qualified is not None:
            k = sum(1 for v in values if qualified(v))
            if k < qlow or k > qhigh:
                return True
        if unique_lang:
            langs = [v.language for v in values if isinstance(v, ox.Literal) and v.language]
            if len({lang.lower() for lang in langs}) != len(langs):
                return True
        if node is not None and any(_node_fails(data, shapes, node, v) for v in values):
            return True
        return fits is not None and not all(map(fits, values))

    return fails


def _node_fails(data: Data, shapes: Shapes, shape: NodeShape, value: object) -> bool:
    """sh:node: does ``value`` fail any constraint of node shape ``shape``?"""
    for prop in shape.properties:
        values = data.values(prop.path)(value) if isinstance(value, _RESOURCE) else _NO_VALUES
        if _values_check(data, shapes, prop)(values):
            return True
    for constraint in shape.sparql:  # a hit for the value is a finding check_sparql would make
        hits = _hits(data, constraint)
        if hits and text(value) in hits:
            return True
    return False


def _checker(data: Data, test: ValueTest) -> Callable[[object], bool]:
    """``test`` (datatype, class, in, pattern, languageIn, range) as one function of a value."""
    datatype, lexical, members, pattern, langs, bounds = (
        test.datatype, test.lexical, test.members, test.pattern, test.langs, test.bounds)
    classes = None if test.cls is None else data.descendants(test.cls)

    def fits(value: object) -> bool:
        if datatype is not None and not (
                isinstance(value, ox.Literal) and value.datatype == datatype
                and (lexical is None or lexical.match(value.value))):
            return False
        if classes is not None and data.types(value).isdisjoint(classes):
            return False
        if members is not None and from_ox_term(value) not in members:
            return False
        if pattern is not None and (isinstance(value, ox.BlankNode)
                                    or not pattern.search(value.value)):
            return False
        if langs is not None and not _lang_in(value, langs):
            return False
        return all(_within(value, b.value, b.upper) for b in bounds)

    if not test.memo:
        return fits
    known: dict[object, bool] = {}

    def remembered(value: object) -> bool:
        k = value.value if type(value) is ox.NamedNode else value  # a str hashes far faster
        ok = known.get(k)
        if ok is None:
            ok = known[k] = fits(value)
        return ok

    return remembered


def _lang_in(value: object, ranges: tuple[str, ...]) -> bool:
    if not isinstance(value, ox.Literal) or not value.language:
        return False
    tag = value.language.lower()
    return any(tag == r or tag.startswith(r + "-") for r in ranges)


def _within(value: object, bound: Decimal | None, upper: bool) -> bool:
    if bound is None or not isinstance(value, ox.Literal):
        return False
    try:
        number = Decimal(value.value)
        return number <= bound if upper else number >= bound
    except InvalidOperation:
        return False


# --------------------------------------------------------------------------- SPARQL


def check_sparql(data: Data, constraint: SparqlConstraint, focus: set[str],
                  owner: str) -> list[Finding]:
    """The constraint's rows (one query over the store) whose $this is a focus node."""
    if _hits(data, constraint).isdisjoint(focus):
        return []
    rows = data.rows[constraint.key]
    assert not isinstance(rows, BaseException)
    return [finding(data.store, row["this"], _fill(constraint.message, row), shape=owner)
            for row in rows if row.get("this") is not None and text(row["this"]) in focus]


def _hits(data: Data, constraint: SparqlConstraint) -> set[str]:
    """The ``$this`` of the constraint's rows (its query run here if not run yet)."""
    hits = data.hits.get(constraint.key)
    if hits is None:
        rows = data.rows.get(constraint.key)
        if rows is None:
            rows = data.rows[constraint.key] = run_constraints(
                data.store, [constraint])[constraint.key]
        if isinstance(rows, BaseException):
            raise rows
        hits = data.hits[constraint.key] = {text(r["this"]) for r in rows
                                            if r.get("this") is not None}
    return hits


def _fill(message: str, row: dict) -> str:
    """``{?var}`` / ``{$var}`` in a message replaced by the row's value (as pySHACL does)."""

    def value(m: re.Match[str]) -> str:
        term = row.get(m.group(1))
        return text(term) if term is not None else m.group(0)

    return re.sub(r"\{[?$](\w+)\}", value, message)
