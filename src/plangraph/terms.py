"""Small helpers for RDF terms: safe N-Triples forms and plain Python values."""

from __future__ import annotations

import re
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_ESCAPE_RE = re.compile(r'[\\"\n\r\t]')

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
    """IRIs and blank nodes as ``str``, literals via ``toPython()``, None as None."""
    if term is None:
        return None
    if isinstance(term, Literal):
        return term.toPython()
    return str(term)
