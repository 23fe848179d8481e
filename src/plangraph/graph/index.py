"""Look up a set of triples (pyoxigraph terms) by subject and by object, built in one pass.

The publishing steps (catalog, SSSOM, site) read a few values per resource from the whole
graph; a dict lookup here costs ~0.1 µs where an rdflib Graph lookup costs ~10 µs and a
pyoxigraph query far more. The triples must be distinct (a :class:`~plangraph.export.PublicData`
gives them so); values keep the order they came in.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from plangraph.runtime.gcpause import paused_gc

Subject = ox.NamedNode | ox.BlankNode
Term = ox.NamedNode | ox.BlankNode | ox.Literal


class Index:
    """Triples by subject (predicate -> objects) and, for IRIs and blank nodes, by object."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        by_subject: dict[Subject, dict[ox.NamedNode, list[Term]]] = {}
        by_object: dict[Term, dict[ox.NamedNode, list[Subject]]] = {}
        size = 0
        literal = ox.Literal
        with paused_gc():
            for t in triples:
                s, p, o = t.subject, t.predicate, t.object
                by_subject.setdefault(s, {}).setdefault(p, []).append(o)
                if not isinstance(o, literal):
                    by_object.setdefault(o, {}).setdefault(p, []).append(s)
                size += 1
        self._by_subject = by_subject
        self._by_object = by_object
        self._size = size
        self._memos: dict[str, dict[object, object]] = {}

    def memo(self, name: str) -> dict[object, object]:
        """A dict, one per ``name``, for callers to keep what they derive from these triples
        (it lives as long as the index)."""
        return self._memos.setdefault(name, {})

    def __len__(self) -> int:
        return self._size

    def triples(self) -> Iterator[tuple[Subject, ox.NamedNode, Term]]:
        """Every triple, subject by subject."""
        for s, props in self._by_subject.items():
            for p, objects in props.items():
                for o in objects:
                    yield s, p, o

    def subjects(self) -> Iterable[Subject]:
        """Every subject, once."""
        return self._by_subject.keys()

    def objects(self, subject: Term | None, predicate: ox.NamedNode) -> list[Term]:
        """The objects of ``subject predicate ?o`` (empty for None)."""
        props = self._by_subject.get(subject) if subject is not None else None  # type: ignore[arg-type]
        return props.get(predicate, []) if props else []

    def value(self, subject: Term | None, predicate: ox.NamedNode) -> Term | None:
        """The first object of ``subject predicate ?o``, or None."""
        found = self.objects(subject, predicate)
        return found[0] if found else None

    def predicate_objects(self, subject: Term) -> Iterator[tuple[ox.NamedNode, Term]]:
        """Every (predicate, object) of ``subject``."""
        for p, objects in self._by_subject.get(subject, {}).items():  # type: ignore[call-overload]
            for o in objects:
                yield p, o

    def subjects_of(self, predicate: ox.NamedNode, obj: Term) -> list[Subject]:
        """The subjects of ``?s predicate obj`` (``obj`` an IRI or blank node)."""
        return self._by_object.get(obj, {}).get(predicate, [])

    def subject_predicates(self, obj: Term) -> Iterator[tuple[Subject, ox.NamedNode]]:
        """Every (subject, predicate) pointing at ``obj``."""
        for p, subjects in self._by_object.get(obj, {}).items():
            for s in subjects:
                yield s, p

    def subjects_with(self, predicate: ox.NamedNode) -> list[Subject]:
        """Every subject that has ``predicate`` (a scan of the subjects)."""
        return [s for s, props in self._by_subject.items() if predicate in props]

    def has(self, subject: Term, predicate: ox.NamedNode, obj: Term) -> bool:
        """Is ``subject predicate obj`` one of the triples?"""
        return obj in self.objects(subject, predicate)

    def transitive_subjects(self, predicate: ox.NamedNode, obj: Term) -> set[Term]:
        """``obj`` and everything that reaches it through ``predicate`` (e.g. subclasses)."""
        found: set[Term] = {obj}
        todo = [obj]
        while todo:
            for s in self.subjects_of(predicate, todo.pop()):
                if s not in found:
                    found.add(s)
                    todo.append(s)
        return found
