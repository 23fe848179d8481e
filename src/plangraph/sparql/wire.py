"""SPARQL results read into :class:`Result` rows: the embedded engine's answer (TSV, written
by pyoxigraph in the forked child that ran the query) or an endpoint's (SPARQL JSON).

Each distinct term is made into an rdflib term once: labels, plans and classes repeat on many
rows, and making terms is the slow part of reading a large answer. In TSV a term is one cell
of text (tabs and line breaks inside literals are escaped), so the rows are split in C and the
distinct cells looked up in a dict of plain strings; pyoxigraph's own TSV parser reads the
distinct cells (one column, once each), so the terms are exactly what it would have read.
A JSON document pyoxigraph does not accept (older servers write ``typed-literal``) is read with
rdflib's JSON term parser instead.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from itertools import repeat
from typing import Any

import pyoxigraph as ox
from rdflib import Literal
from rdflib.namespace import XSD
from rdflib.plugins.sparql.results.jsonresults import parseJsonTerm
from rdflib.term import Identifier

from plangraph.errors import PlangraphError
from plangraph.graph.terms import checked_iri, from_ox_term, iri_maker, text_maker, typed_maker
from plangraph.runtime.gcpause import paused_gc
from plangraph.sparql.results import Result

#: The format the embedded engine's answer is written in (:func:`read_oxigraph` reads it).
ANSWER_FORMAT = ox.QueryResultsFormat.TSV
_XSD_STRING = str(XSD.string)
#: Bare TSV cells in Turtle's short forms (pyoxigraph writes numbers and booleans so), one
#: group per datatype; a double (with an exponent) is left to pyoxigraph's parser.
_BARE_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+").fullmatch  # a cell with a dot
_BARE_INTEGER = re.compile(r"[+-]?[0-9]+").fullmatch
_BARE_BOOLEANS = frozenset(("true", "false"))
#: The bare forms' datatypes by their IRIs as plain strings (a quick dict key; rdflib's
#: URIRef hashes in Python).
_BARE_TYPES = {str(datatype): datatype for datatype in (XSD.decimal, XSD.integer, XSD.boolean)}
_DECIMAL, _INTEGER, _BOOLEAN = _BARE_TYPES


def read_oxigraph(body: bytes, source: str) -> Result:
    """The rows of the embedded engine's answer: SPARQL TSV as pyoxigraph writes it."""
    try:
        lines = body.decode("utf-8").split("\n")
        if len(lines) < 2 or lines.pop():
            raise ValueError("not a complete TSV results document")
        header = lines[0]
        del lines[0]
        names = [v.removeprefix("?") for v in header.split("\t")] if header else []
        if not names:  # no variables: each line is one empty solution
            return Result(names, [{} for _ in lines])
        if lines and set(map(str.count, lines, repeat("\t"))) != {len(names) - 1}:
            raise ValueError("a row whose cells are not one per variable")
        with paused_gc():  # many small objects, no cycles: don't rescan the heap meanwhile
            # every row's cells, one row after another
            cells = "\t".join(lines).split("\t") if lines else []
            del lines
            terms = _cell_terms(set(cells))
            # each row's terms, made into its dict in C: zip(*[iterator] * width) groups them
            rows = list(map(dict, map(zip, repeat(names),
                                      zip(*[map(terms.__getitem__, cells)] * len(names),
                                          strict=True))))
    except (SyntaxError, ValueError, UnicodeDecodeError) as e:
        raise PlangraphError(f"{source}: bad TSV results: {e}") from None
    return Result(names, rows)


def _cell_terms(cells: Iterable[str]) -> dict[str, Identifier | None]:
    """Each distinct TSV cell's rdflib term (the empty cell: unbound, None). IRIs, quoted
    literals with no escape in them and bare integers, decimals and booleans are read here;
    other cells (escapes, blank nodes, doubles) by pyoxigraph's TSV parser, as a one-column
    document. Literals are made by one maker per language tag or datatype (the text after
    the closing quote, or the bare form's datatype), made for this answer only."""
    terms: dict[str, Identifier | None] = {"": None}
    makers: dict[str, Callable[[str], Identifier] | None] = {}  # suffix or datatype IRI
    iri = iri_maker()
    others = []
    escaped = {cell for cell in cells if "\\" in cell} if "\\" in "".join(cells) else ()
    for cell in cells:
        if not cell or cell in escaped:
            others.append(cell)
            continue
        first = cell[0]
        if first == "<":
            if cell[-1] == ">":
                terms[cell] = iri(cell[1:-1])
                continue
        elif first == '"':
            if (end := cell.rfind('"')) > 0:
                suffix = cell[end + 1:]
                if (make := makers.get(suffix, _literal_maker)) is _literal_maker:
                    make = makers[suffix] = _literal_maker(suffix)
                if make is not None:
                    terms[cell] = make(cell[1:end])
                    continue
        elif datatype := _bare_datatype(cell):
            if (make := makers.get(datatype)) is None:
                make = makers[datatype] = typed_maker(_BARE_TYPES[datatype])
            terms[cell] = make(cell)
            continue
        others.append(cell)
    others = [cell for cell in others if cell]
    if others:
        doc = ("?t\n" + "\n".join(others) + "\n").encode("utf-8")
        parsed = ox.parse_query_results(doc, format=ox.QueryResultsFormat.TSV)
        for cell, (term,) in zip(others, parsed, strict=True):
            terms[cell] = from_ox_term(term)
    return terms


def _bare_datatype(cell: str) -> str | None:
    """The datatype IRI of a bare integer, decimal or boolean cell (None for any other)."""
    if "." in cell:
        return _DECIMAL if _BARE_DECIMAL(cell) else None
    if cell in _BARE_BOOLEANS:
        return _BOOLEAN
    return _INTEGER if _BARE_INTEGER(cell) else None


def _literal_maker(suffix: str) -> Callable[[str], Literal] | None:
    """The maker of the literals whose quoted text is followed by ``suffix`` (nothing, a
    language tag or a datatype IRI); None for any other suffix."""
    if not suffix:
        return text_maker()
    if suffix[0] == "@":
        return text_maker(suffix[1:])
    if suffix.startswith("^^<") and suffix[-1] == ">":
        datatype = suffix[3:-1]
        return text_maker() if datatype == _XSD_STRING else typed_maker(checked_iri(datatype))
    return None


def read_json(body: bytes, endpoint: str) -> Result:
    """An endpoint's answer (SPARQL JSON) read by pyoxigraph, or by rdflib where pyoxigraph
    refuses the document."""
    try:
        return _read_json_ox(body, f"endpoint {endpoint}")
    except PlangraphError:
        return _read_with_rdflib(body, endpoint)


def _read_json_ox(body: bytes, source: str) -> Result:
    """The rows (or the boolean) of a SPARQL JSON results document: parsed by pyoxigraph and
    written by it as TSV, which :func:`read_oxigraph` reads (~15 % quicker at 100× than
    making a term of each of pyoxigraph's solution values, and the same terms: tests)."""
    try:
        res = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        if isinstance(res, ox.QueryBoolean):
            return Result.ask(bool(res))
        tsv = res.serialize(format=ox.QueryResultsFormat.TSV)  # parses the rows as it writes
    except (SyntaxError, ValueError, OSError) as e:
        raise PlangraphError(f"{source}: bad JSON results: {e}") from None
    return read_oxigraph(tsv, source)


def _read_with_rdflib(body: bytes, endpoint: str) -> Result:
    """The rows (or the boolean) of a SPARQL JSON results document, terms by rdflib."""
    try:
        doc = json.loads(body)
        if "boolean" in doc:
            return Result.ask(bool(doc["boolean"]))
        names = [str(v) for v in doc["head"].get("vars", [])]
        bindings = doc["results"]["bindings"]
        terms: dict[tuple[Any, ...], Identifier] = {}

        def term(d: dict[str, str]) -> Identifier:
            key = (d.get("type"), d.get("value"), d.get("datatype"), d.get("xml:lang"))
            found = terms.get(key)
            if found is None:
                found = terms[key] = parseJsonTerm(d)
            return found

        with paused_gc():  # many small objects, no cycles
            rows = [{n: term(row[n]) if n in row else None for n in names} for row in bindings]
    except (ValueError, KeyError, TypeError, AttributeError, NotImplementedError) as e:
        raise PlangraphError(f"endpoint {endpoint}: bad JSON results: {e}") from None
    return Result(names, rows)
