"""SPARQL 1.1 JSON results read into :class:`Result` rows: an endpoint's answer, or the
embedded engine's (written by pyoxigraph in the forked child that ran the query).

pyoxigraph's parser reads the document (in Rust) and each distinct term is made into an
rdflib term once: labels, plans and classes repeat on many rows, and making an rdflib
Literal is the slow part of reading a large answer. A document pyoxigraph does not accept
(older servers write ``typed-literal``) is read with rdflib's JSON term parser instead.
"""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox
from rdflib.plugins.sparql.results.jsonresults import parseJsonTerm
from rdflib.term import Identifier

from plangraph.errors import PlangraphError
from plangraph.graph.terms import from_ox_term
from plangraph.runtime.gcpause import paused_gc
from plangraph.sparql.results import Result


def read_oxigraph(body: bytes, source: str) -> Result:
    """The rows (or the boolean) of a SPARQL JSON results document, read by pyoxigraph."""
    try:
        res = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        if isinstance(res, ox.QueryBoolean):
            return Result.ask(bool(res))
        names = [v.value for v in res.variables]
        terms: dict[Any, Identifier | None] = {}

        def term(value: Any) -> Identifier | None:
            found = terms.get(value)
            if found is None:
                found = terms[value] = from_ox_term(value)
            return found

        with paused_gc():  # many small objects, no cycles: don't rescan the heap meanwhile
            rows = [dict(zip(names, map(term, sol), strict=True)) for sol in res]
    except (SyntaxError, ValueError, OSError) as e:
        raise PlangraphError(f"{source}: bad JSON results: {e}") from None
    return Result(names, rows)


def read_json(body: bytes, endpoint: str) -> Result:
    """An endpoint's answer: :func:`read_oxigraph`, or rdflib's reading where pyoxigraph
    refuses the document."""
    try:
        return read_oxigraph(body, f"endpoint {endpoint}")
    except PlangraphError:
        return _read_with_rdflib(body, endpoint)


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
