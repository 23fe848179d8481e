"""RDF terms: N-Triples forms, plain Python values, and the one place where terms cross
between rdflib (the edges: pySHACL, ``--engine rdflib``, the ``load()`` Dataset) and
pyoxigraph (the pipeline inside)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import (
    Identifier,
    _GenericPythonToXSDRules,
    _SpecificPythonToXSDRules,
    _toPythonMapping,
)

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
    return _made(text, lang, None, text, None)


def _made(text: str, lang: str | None, datatype: URIRef | None, value: Any,
          ill_typed: bool | None) -> Literal:
    """A Literal holding exactly these (the shortcuts' one way to make one)."""
    inst = str.__new__(Literal, text)
    inst._language = lang
    inst._datatype = datatype
    inst._value = value
    inst._ill_typed = ill_typed
    return inst


def same_literal(fast: Literal, slow: Literal) -> bool:
    """Two literals alike in every respect: type, text, equality, hash, N3, every slot (the
    value's type too)."""
    return (type(fast) is type(slow) and str(fast) == str(slow) and fast == slow
            and hash(fast) == hash(slow) and fast.n3() == slow.n3()
            and fast.eq(slow) and type(fast.value) is type(slow.value)
            and all(getattr(fast, slot) == getattr(slow, slot) for slot in Literal.__slots__))


def _slots_known() -> bool:
    """rdflib's Literal holds exactly what :func:`_made` sets."""
    return set(Literal.__slots__) == {"_language", "_datatype", "_value", "_ill_typed"}


def _shortcut_agrees() -> bool:
    """The shortcut makes what rdflib's constructor makes (checked once, at import)."""
    return _slots_known() and all(
        same_literal(_shortcut(text, lang), Literal(text, lang=lang))
        for text, lang in (("ไทย", "th"), ("x", None), ("", "en-t-th")))


_CHECKED_LANGS: set[str] = set()
_SHORTCUT = _shortcut_agrees()


#: Per datatype, the lexical forms that rdflib's constructor keeps exactly as written (its
#: normalisation gives them back unchanged): ``typed_literal`` makes only these itself. ``-0``
#: is not among the integers (rdflib writes it ``0``); no exponents, no ``+``, no leading
#: zeros, ASCII digits only. With each, rdflib's converter for the datatype (the value).
_CANONICAL: dict[URIRef, tuple[re.Pattern[str], Any]] = {
    datatype: (re.compile(pattern), _toPythonMapping.get(datatype))
    for datatype, pattern in ((XSD.decimal, r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?"),
                              (XSD.integer, r"0|-?[1-9][0-9]*"), (XSD.boolean, r"true|false"))}
_RULES = (len(_GenericPythonToXSDRules), len(_SpecificPythonToXSDRules))
_AS_WRITTEN = object()


def typed_literal(text: str, datatype: URIRef) -> Literal:
    """``Literal(text, datatype=datatype)`` for a datatype-IRI term ``datatype``, made ~4x
    quicker (reading large answers) where the result is known without rdflib's parsing and
    normalising: a datatype rdflib does not recognise (``xsd:gYear``: no value, kept as
    written) and the canonical forms of :data:`_CANONICAL` (the value by rdflib's own
    converter). Every other form (ill-typed ones too) goes to rdflib's constructor; so does
    everything once ``rdflib.term.bind`` changed the bindings, or with an rdflib whose Literal
    does not hold exactly what the shortcut sets (checked at import)."""
    if _TYPED_SHORTCUT and (quick := _quick(text, datatype)) is not None:
        return quick
    return Literal(text, datatype=datatype)


def _quick(text: str, datatype: URIRef) -> Literal | None:
    """The shortcut's literal, or None where it does not know the answer."""
    rule = _typed_rule(datatype)
    if rule is _AS_WRITTEN:
        return _made(text, None, datatype, None, None)
    if rule is None or not rule[0](text):
        return None
    return _made(text, None, datatype, rule[1](text), False)


def _typed_rule(datatype: URIRef) -> Any:
    """What the shortcut knows of ``datatype`` now (looked up each time: ``rdflib.term.bind``
    may add a converter or a rule): :data:`_AS_WRITTEN` (no converter: no value, the form
    kept), ``(canonical form's fullmatch, converter)``, or None (rdflib's constructor)."""
    convert = _toPythonMapping.get(datatype, _AS_WRITTEN)
    if convert is _AS_WRITTEN:
        return _AS_WRITTEN
    rule = _CANONICAL.get(datatype)
    if rule is None or convert is not rule[1] or \
            (len(_GenericPythonToXSDRules), len(_SpecificPythonToXSDRules)) != _RULES:
        return None
    return rule[0].fullmatch, convert


#: Forms the shortcut makes itself, compared with rdflib's constructor at import.
TYPED_PROBES = (("19.4", XSD.decimal), ("-0.50", XSD.decimal), ("7", XSD.decimal),
                ("0", XSD.integer), ("-12", XSD.integer), ("true", XSD.boolean),
                ("false", XSD.boolean), ("2017", XSD.gYear), ("x", URIRef("urn:x:type")))


def _typed_shortcut_agrees() -> bool:
    """The typed shortcut makes what rdflib's constructor makes (checked once, at import)."""
    if not _slots_known():
        return False
    for text, datatype in TYPED_PROBES:
        fast = _quick(text, datatype)
        if fast is None or not same_literal(fast, Literal(text, datatype=datatype)):
            return False
    return True


_TYPED_SHORTCUT = _typed_shortcut_agrees()


def text_maker(lang: str | None = None) -> Callable[[str], Literal]:
    """:func:`text_literal` for one language tag (checked by rdflib here), for many texts:
    reading an answer makes thousands of literals with a handful of tags."""
    if not _SHORTCUT:
        return functools.partial(Literal, lang=lang)
    if lang:
        text_literal("", lang)  # rdflib's check of the tag (ValueError), once
    tag = lang or None
    return lambda text: _made(text, tag, None, text, None)


def typed_maker(datatype: URIRef) -> Callable[[str], Literal]:
    """:func:`typed_literal` for one datatype, for many lexical forms read at once (one
    answer): what :func:`_typed_rule` decides for the datatype (rdflib's bindings and rules)
    is decided once, here, so a maker serves one answer and is not kept."""
    rdflib_made = functools.partial(Literal, datatype=datatype)
    rule = _typed_rule(datatype) if _TYPED_SHORTCUT else None
    if rule is _AS_WRITTEN:
        return lambda text: _made(text, None, datatype, None, None)
    if rule is None:
        return rdflib_made
    canonical, convert = rule

    def make(text: str) -> Literal:
        if not canonical(text):
            return rdflib_made(text)
        return _made(text, None, datatype, convert(text), False)
    return make


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


def iri_maker() -> Callable[[str], URIRef]:
    """:func:`checked_iri` as one callable made in C (no Python frame per IRI)."""
    return functools.partial(str.__new__, URIRef) if _IRI_SHORTCUT else URIRef


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
        if not as_written:
            return typed_literal(term.value, URIRef(term.datatype.value))
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)
    raise PlangraphError(f"unsupported term in results: {term!r}")
