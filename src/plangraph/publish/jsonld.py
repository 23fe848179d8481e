"""Compacted JSON-LD for flat RDF, driven by the term definitions of one context.

pyoxigraph writes expanded JSON-LD only, and general JSON-LD processors take milliseconds per
resource: rdflib's compacting writer, and PyLD (measured: 300 of the seed's resources compacted
with the shipped context in 358 ms by PyLD 2.0, 14 ms here — 25× — so ~90 s against ~4 s for a
national-scale site). Our documents are flat — one node object per
subject, no lists, no embedding — so compaction is a table lookup per value:

- a term with ``"@container": "@language"`` takes the literals in a language (a language
  map, keys as the literal's tag);
- a term with ``"@type": "@id"`` takes IRIs and blank nodes (as strings);
- a term with ``"@type": <datatype>`` takes literals of exactly that datatype (the lexical
  form as a string, never a JSON number, so it is kept exactly);
- a term with neither takes any value, as a string (``xsd:string``) or a value object;
- anything else goes under the property's compact IRI (``skos:prefLabel``) or absolute IRI,
  with a full value object (``{"@value": ..., "@type": ...}`` or ``{"@id": ...}``).

``rdf:type`` IRIs go to ``@type``. Node ids and ``@id`` values are absolute IRIs or ``_:``
blank node labels; types, datatypes and keys use the context's prefixes. Only what such
documents need is supported: a context with ``@vocab``, ``@base``, ``@language`` or other
keywords, or term definitions beyond ``@id``/``@type``/``@container: @language``, is refused.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pyoxigraph as ox

from plangraph.errors import PlangraphError
from plangraph.runtime.gcpause import paused_gc

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_GEN_DELIMS = tuple(":/?#[]@")
_TERM_KEYS = frozenset({"@id", "@type", "@container"})

Node = dict[str, Any]
Subject = ox.NamedNode | ox.BlankNode
Term = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass(frozen=True)
class Compactor:
    """Which key and form each (property, value) pair takes under one context."""

    prefixes: tuple[tuple[str, str], ...]  # (prefix, namespace)
    language_terms: dict[str, str]  # property IRI -> term with @container @language
    id_terms: dict[str, str]  # property IRI -> term with @type @id
    typed_terms: dict[tuple[str, str], str]  # (property IRI, datatype IRI) -> term
    plain_terms: dict[str, str]  # property IRI -> term without @type or @container
    terms: frozenset[str]
    head: str  # the document up to its node list: '{\n  "@context": {...},\n  "@graph": '
    _vocab: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    #: IRIs :meth:`_absolute` has let through (each node id is checked once, not per mention)
    _absolute_ok: set[str] = field(default_factory=set, compare=False, repr=False)

    @classmethod
    def from_context(cls, context: Mapping[str, Any]) -> Compactor:
        """Read the term definitions (see the module doc for what is supported)."""
        prefixes = {k: v for k, v in context.items()
                    if isinstance(v, str) and not k.startswith("@") and v.endswith(_GEN_DELIMS)}
        tables: dict[str, dict[Any, str]] = {"lang": {}, "id": {}, "typed": {}, "plain": {}}
        for name, definition in sorted(context.items(), key=lambda kv: (len(kv[0]), kv[0])):
            if name.startswith("@"):
                if name != "@version":
                    raise PlangraphError(f"JSON-LD context: {name} is not supported")
                continue
            if name in prefixes:
                continue
            iri, kind, key = _definition(name, definition, prefixes)
            tables[kind].setdefault(key if kind == "typed" else iri, name)  # shortest wins
        block = json.dumps(context, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        return cls(tuple(sorted(prefixes.items())), tables["lang"], tables["id"],
                   tables["typed"], tables["plain"], frozenset(context) - {"@version"},
                   '{\n  "@context": ' + block + ',\n  "@graph": ')

    # ------------------------------------------------------------------ IRIs

    def vocab(self, iri: str) -> str:
        """A key, type or datatype: the shortest compact IRI, else the absolute IRI."""
        found = self._vocab.get(iri)
        if found is None:
            found = self._vocab[iri] = self._compact(iri)
        return found

    def _compact(self, iri: str) -> str:
        candidates = [
            f"{prefix}:{iri[len(ns):]}" for prefix, ns in self.prefixes
            if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns):].startswith("//")
        ]
        candidates = [c for c in candidates if c not in self.terms]
        if candidates:
            return min(candidates, key=lambda c: (len(c), c))
        return self._absolute(iri)

    def ref(self, term: Subject) -> str:
        """A node id or ``@id`` value: the absolute IRI or ``_:label``."""
        if isinstance(term, ox.BlankNode):
            return "_:" + term.value
        return self._absolute(term.value)

    def _absolute(self, iri: str) -> str:
        """``iri`` as is, refused when a JSON-LD reader would take it for a compact IRI."""
        if iri in self._absolute_ok:
            return iri
        scheme, _, rest = iri.partition(":")
        if iri in self.terms or (scheme in dict(self.prefixes) and not rest.startswith("//")):
            raise PlangraphError(f"JSON-LD: <{iri}> would be read as a term or compact IRI")
        self._absolute_ok.add(iri)
        return iri

    # ------------------------------------------------------------------ nodes

    def node(self, subject: Subject, pairs: Iterable[tuple[ox.NamedNode, Term]]) -> Node:
        """The node object of ``subject`` with its (predicate, object) pairs."""
        types: list[str] = []
        values: dict[str, list[Any]] = {}
        maps: dict[str, dict[str, list[str]]] = {}
        for predicate, obj in pairs:
            p = predicate.value
            if p == RDF_TYPE and isinstance(obj, ox.NamedNode):
                types.append(self.vocab(obj.value))
                continue
            if isinstance(obj, ox.Literal) and obj.language and p in self.language_terms:
                lang_map = maps.setdefault(self.language_terms[p], {})
                lang_map.setdefault(obj.language, []).append(obj.value)
                continue
            key, value = self._entry(p, obj)
            values.setdefault(key, []).append(value)
        out: Node = {"@id": self.ref(subject)}
        if types:
            out["@type"] = _one_or_sorted(types)
        for key, vs in values.items():
            out[key] = _one_or_sorted(vs)
        for key, lang_map in maps.items():
            out[key] = {lang: _one_or_sorted(texts) for lang, texts in sorted(lang_map.items())}
        return {k: out[k] for k in sorted(out)}

    def _entry(self, p: str, obj: Term) -> tuple[str, Any]:
        """(key, JSON value) of one value that no language map takes."""
        plain = self.plain_terms.get(p)
        if isinstance(obj, ox.Literal):
            if obj.language:
                return plain or self.vocab(p), {"@value": obj.value, "@language": obj.language}
            datatype = obj.datatype.value
            typed = self.typed_terms.get((p, datatype))
            if typed is not None:
                return typed, obj.value
            if datatype == XSD_STRING:
                return plain or self.vocab(p), obj.value
            return plain or self.vocab(p), {"@value": obj.value, "@type": self.vocab(datatype)}
        if p in self.id_terms:
            return self.id_terms[p], self.ref(obj)
        return plain or self.vocab(p), {"@id": self.ref(obj)}

    def nodes(self, triples: Iterable[ox.Triple]) -> list[Node]:
        """One node object per subject, sorted by ``@id``."""
        by_subject: dict[Subject, list[tuple[ox.NamedNode, Term]]] = {}
        with paused_gc():
            for t in triples:
                by_subject.setdefault(t.subject, []).append((t.predicate, t.object))
            found = [self.node(s, pairs) for s, pairs in by_subject.items()]
        return sorted(found, key=lambda n: n["@id"])

    def document(self, triples: Iterable[ox.Triple]) -> bytes:
        """``{"@context": <the context>, "@graph": [nodes]}`` as UTF-8 JSON (:meth:`dumps`)."""
        return self.dumps(self.nodes(triples))

    def dumps(self, nodes: list[Node]) -> bytes:
        """The document as UTF-8 JSON: the context indented by two spaces, one node a line.

        (One node a line keeps a resource's description on one greppable line, and it is
        written by the json module's C encoder: indenting every node takes ten times longer.)
        """
        lines = ",\n    ".join(json.dumps(n, ensure_ascii=False) for n in nodes)
        graph = f"[\n    {lines}\n  ]" if nodes else "[]"
        return (self.head + graph + "\n}\n").encode("utf-8")


def _definition(name: str, definition: Any, prefixes: Mapping[str, str]) -> tuple[str, str, Any]:
    """(property IRI, table, key) of one term definition."""
    if isinstance(definition, str):
        return _expand(definition, prefixes), "plain", None
    if not isinstance(definition, dict) or not set(definition) <= _TERM_KEYS or (
        "@id" not in definition
    ):
        raise PlangraphError(f"JSON-LD context: term {name!r}: unsupported definition")
    iri = _expand(definition["@id"], prefixes)
    container, type_ = definition.get("@container"), definition.get("@type")
    if container is not None:
        if container != "@language" or type_ is not None:
            raise PlangraphError(f"JSON-LD context: term {name!r}: unsupported @container")
        return iri, "lang", None
    if type_ is None:
        return iri, "plain", None
    if type_ == "@id":
        return iri, "id", None
    if not isinstance(type_, str) or type_.startswith("@"):
        raise PlangraphError(f"JSON-LD context: term {name!r}: unsupported @type {type_!r}")
    return iri, "typed", (iri, _expand(type_, prefixes))


def _expand(value: str, prefixes: Mapping[str, str]) -> str:
    """A compact IRI of the context expanded (others are absolute IRIs already)."""
    prefix, sep, rest = value.partition(":")
    if sep and prefix in prefixes and not rest.startswith("//"):
        return prefixes[prefix] + rest
    return value


def _one_or_sorted(values: list[Any]) -> Any:
    """A single value as itself, several sorted (deterministic output) and without repeats."""
    if len(values) == 1:
        return values[0]
    unique = {_sort_key(v): v for v in values}
    return [unique[k] for k in sorted(unique)] if len(unique) > 1 else next(iter(unique.values()))


def _sort_key(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True,
                                                           ensure_ascii=False)


@cache
def _compactor(context_json: str) -> Compactor:
    return Compactor.from_context(json.loads(context_json))


def compactor(context: Mapping[str, Any]) -> Compactor:
    """The compactor of ``context`` (built once per distinct context)."""
    return _compactor(json.dumps(context))


def document(context: Mapping[str, Any], triples: Iterable[ox.Triple]) -> bytes:
    """``{"@context": context, "@graph": [nodes]}`` as UTF-8 JSON (see :meth:`Compactor.dumps`)."""
    return compactor(context).document(triples)
