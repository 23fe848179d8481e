"""RDF terms: N-Triples forms, plain Python values, and the one place where terms cross
between rdflib (the edges: pySHACL, ``--engine rdflib``, the ``load()`` Dataset) and
pyoxigraph (the pipeline inside)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from plangraph.errors import PlangraphError

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_ESCAPE_RE = re.compile(r'[\\"\n\r\t]')
_YEAR = re.compile(r"^-?\d{4}$")
_XSD_STRING = str(XSD.string)

# Turtle short forms (W3C SPARQL 1.1 TSV allows them for these datatypes).
_SHORT_FORMS = {
    XSD.integer: re.compile(r"^[+-]?[0-9]+$"),
    XSD.decimal: re.compile(r"^[+-]?[0-9]*\.[0-9]+$"),
    XSD.double: re.compile(r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)[eE][+-]?[0-9]+$"),
    XSD.boolean: re.compile(r"^(true|false)$"),
}


def quote(text: str) -> str:
    """A one-line double-quoted string with N-Triples escapes (no triple quotes)."""
    return '"' + _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group()], text) + '"'


def to_nt(term: Identifier | None, short: bool = False) -> str:
    """The N-Triples form of ``term`` (empty for None); ``short`` allows ``5``, ``true``.

    Unlike rdflib's ``n3()`` this never emits triple-quoted strings, so the result is
    always one line and safe inside a SPARQL ``VALUES`` block or a TSV cell.
    """
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        lexical = str(term)
        if term.language:
            return f"{quote(lexical)}@{term.language}"
        dt = term.datatype
        if dt is None or dt == XSD.string:
            return quote(lexical)
        pattern = _SHORT_FORMS.get(dt)
        if short and pattern is not None and pattern.match(lexical):
            return lexical
        return f"{quote(lexical)}^^<{dt}>"
    raise TypeError(f"not an RDF term: {term!r}")


def plain(term: Identifier | None) -> str:
    """IRI, lexical form or ``_:id`` as text (empty for None): for CSV and tables."""
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def to_python(term: Identifier | None) -> Any:
    """IRIs and blank nodes as ``str``, literals via ``toPython()`` (a four-digit
    ``xsd:gYear`` as ``int``), None as None."""
    if term is None:
        return None
    if isinstance(term, Literal):
        if term.datatype == XSD.gYear and _YEAR.match(str(term)):
            return int(str(term))
        value = term.toPython()
        return str(value) if isinstance(value, Literal) else value
    return str(term)


def to_number(term: Identifier | None) -> Any:
    """:func:`to_python`, with decimals as ``float`` (for tables: pandas, spreadsheets)."""
    value = to_python(term)
    return float(value) if isinstance(value, Decimal) else value


def to_oxigraph(graph: Graph) -> ox.Store:
    """An in-memory pyoxigraph Store with the same quads (named graphs kept for a Dataset)."""
    store = ox.Store()
    if isinstance(graph, Dataset):
        data = graph.serialize(format="nquads", encoding="utf-8")
        store.bulk_load(input=data, format=ox.RdfFormat.N_QUADS)
    else:
        data = graph.serialize(format="nt", encoding="utf-8")
        store.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES)
    return store


def to_ox_term(term: Identifier) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """rdflib term -> pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise PlangraphError(f"cannot use {term!r} as a query parameter")


def text_literal(text: str, lang: str | None = None) -> Literal:
    """``Literal(text, lang=lang)``: a plain or language-tagged string, which has no lexical
    form to parse, made ~10x quicker than by rdflib's constructor (reading large answers).
    Each language tag is still checked by rdflib, once; with an rdflib whose Literal does not
    hold exactly what the shortcut sets, rdflib's constructor is used."""
    if not _SHORTCUT:
        return Literal(text, lang=lang)
    if lang is not None and lang not in _CHECKED_LANGS:
        Literal("", lang=lang)  # rdflib's own check (ValueError)
        _CHECKED_LANGS.add(lang)
    return _shortcut(text, lang or None)


def _shortcut(text: str, lang: str | None) -> Literal:
    """What rdflib's constructor makes of a string with no datatype, without its checks."""
    inst = str.__new__(Literal, text)
    inst._language = lang
    inst._datatype = None
    inst._value = text
    inst._ill_typed = None
    return inst


def _shortcut_agrees() -> bool:
    """The shortcut makes what rdflib's constructor makes (checked once, at import)."""
    if set(Literal.__slots__) != {"_language", "_datatype", "_value", "_ill_typed"}:
        return False
    for text, lang in (("ไทย", "th"), ("x", None), ("", "en-t-th")):
        fast, slow = _shortcut(text, lang), Literal(text, lang=lang)
        if type(fast) is not type(slow) or str(fast) != str(slow) or fast != slow or \
                any(getattr(fast, slot) != getattr(slow, slot) for slot in Literal.__slots__):
            return False
    return True


_CHECKED_LANGS: set[str] = set()
_SHORTCUT = _shortcut_agrees()


def checked_iri(value: str) -> URIRef:
    """``URIRef(value)`` for an IRI an engine has already checked (pyoxigraph's answers):
    rdflib's constructor only checks the characters (and logs a warning), so the same term is
    made ~5x quicker without it; with an rdflib whose URIRef holds more, its constructor."""
    return str.__new__(URIRef, value) if _IRI_SHORTCUT else URIRef(value)


def _iri_shortcut_agrees() -> bool:
    """The IRI shortcut makes what rdflib's constructor makes (checked once, at import), as
    :func:`_shortcut_agrees` checks the literal one."""
    fast = str.__new__(URIRef, "urn:x")
    return URIRef.__slots__ == () and type(fast) is URIRef and fast == URIRef("urn:x")


_IRI_SHORTCUT = _iri_shortcut_agrees()


def from_ox_term(term: Any, *, as_written: bool = False) -> Identifier | None:
    """pyoxigraph term -> rdflib term (xsd:string literals become plain literals);
    ``as_written`` keeps a typed literal's lexical form (rdflib would make ``"๒"^^xsd:decimal``
    into ``"2"``)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return text_literal(term.value, term.language)
        if term.datatype.value == _XSD_STRING:
            return text_literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value),
                       normalize=False if as_written else None)
    raise PlangraphError(f"unsupported term in results: {term!r}")
