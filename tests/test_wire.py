"""SPARQL JSON results read by plangraph give the same terms as rdflib's own parser."""

from __future__ import annotations

import io
import json

import pytest
from rdflib.query import Result as RdflibResult

from plangraph.errors import PlangraphError
from plangraph.sparql.results import Result
from plangraph.sparql.wire import read_json

DOC = {
    "head": {"vars": ["s", "label", "n", "old", "b", "missing"]},
    "results": {"bindings": [
        {"s": {"type": "uri", "value": "https://w3id.org/plangraph/id/lampang"},
         "label": {"type": "literal", "value": "ลำปาง", "xml:lang": "th"},
         "n": {"type": "literal", "value": "01",
               "datatype": "http://www.w3.org/2001/XMLSchema#integer"},
         "old": {"type": "typed-literal", "value": "2.50",
                 "datatype": "http://www.w3.org/2001/XMLSchema#decimal"},
         "b": {"type": "bnode", "value": "b0"}},
        {"s": {"type": "uri", "value": "https://w3id.org/plangraph/id/lampang"},
         "label": {"type": "literal", "value": "plain"}},
    ]},
}


def test_same_terms_as_rdflib():
    body = json.dumps(DOC).encode()
    ours = read_json(body, "http://x")
    theirs = Result.from_rdflib(RdflibResult.parse(io.BytesIO(body), format="json"))
    assert ours.vars == theirs.vars
    assert [[(t, type(t), getattr(t, "datatype", None), getattr(t, "language", None))
             for t in row] for row in ours.as_tuples()] == \
        [[(t, type(t), getattr(t, "datatype", None), getattr(t, "language", None))
          for t in row] for row in theirs.as_tuples()]
    assert ours.rows[1]["missing"] is None


def test_ask_and_bad_documents():
    assert read_json(b'{"head": {}, "boolean": true}', "http://x").boolean is True
    for bad in (b"{not json", b'{"head": {"vars": ["a"]}}', b"[]"):
        with pytest.raises(PlangraphError, match=r"^endpoint http://x: bad JSON results"):
            read_json(bad, "http://x")
