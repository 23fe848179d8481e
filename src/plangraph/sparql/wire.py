"""SPARQL 1.1 JSON results from an endpoint read into :class:`Result` rows.

The same terms as rdflib's JSON results parser (its ``parseJsonTerm`` makes each one), but
each distinct term is made once: labels, plans and classes repeat on many rows, and making
an rdflib Literal is the slow part of reading a large answer.
"""

from __future__ import annotations

import json
from typing import Any

from rdflib.plugins.sparql.results.jsonresults import parseJsonTerm
from rdflib.term import Identifier

from plangraph.errors import PlangraphError
from plangraph.runtime.gcpause import paused_gc
from plangraph.sparql.results import Result


def read_json(body: bytes, endpoint: str) -> Result:
    """The rows (or the boolean) of a SPARQL JSON results document."""
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
