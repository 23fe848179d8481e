"""The JSON-LD compactor: documents re-parse (pyoxigraph exactly, rdflib as rdflib reads the
source) to the triples they were made from, in the compact shapes the context promises."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from conftest import AWKWARD, canonical
from plangraph.errors import PlangraphError
from plangraph.publish.export import jsonld_context
from plangraph.publish.jsonld import Compactor, document

EX = "http://example.org/awkward/"


@pytest.fixture(scope="module")
def source() -> list[ox.Triple]:
    return list(ox.parse(path=str(AWKWARD), format=ox.RdfFormat.TURTLE))


@pytest.fixture(scope="module")
def doc(source: list[ox.Triple]) -> bytes:
    return document(jsonld_context(), source)


def test_pyoxigraph_reads_back_exactly_the_source(source, doc) -> None:
    assert len(source) > 30
    back = list(ox.parse(doc, format=ox.RdfFormat.JSON_LD))
    assert canonical(back) == canonical(source)


def test_rdflib_reads_back_what_it_reads_from_the_source(doc) -> None:
    # rdflib rewrites some lexical forms ("05"^^xsd:integer -> "5") whatever it parses,
    # so the JSON-LD is compared with rdflib's reading of the Turtle source.
    expected = Graph().parse(AWKWARD, format="turtle")
    parsed = Graph().parse(data=doc, format="json-ld")
    assert len(parsed) == len(expected)
    assert isomorphic(parsed, expected)


def test_compact_shapes(doc) -> None:
    parsed = json.loads(doc)
    assert parsed["@context"] == jsonld_context()
    nodes = parsed["@graph"]
    assert [n["@id"] for n in nodes] == sorted(n["@id"] for n in nodes)
    thing = next(n for n in nodes if n["@id"] == EX + "thing")
    assert thing["@type"] == [EX + "LocalClass", "pg:Plan"]
    # tagged literals in the language map; what it cannot hold under the compact IRI
    assert thing["prefLabel"] == {"en": ["plan", "the plan"], "en-t-th": "plan (from Thai)",
                                  "th": "แผน"}
    assert thing["skos:prefLabel"] == [
        "no language", {"@id": EX + "notALiteral"},
        {"@type": "xsd:integer", "@value": "42"}]
    # the typed term takes its datatype with the lexical form as written
    assert thing["numericValue"] == ["+1.0", "010.50", "10"]
    assert thing["qudt:numericValue"] == ["ten", {"@type": "xsd:double", "@value": "1e3"}]
    assert thing["order"] == "05"
    assert thing["inScheme"] == ["_:" + thing["inScheme"][0][2:], EX + "scheme"]
    assert thing["skos:inScheme"] == "not an IRI"
    assert thing["http://example.org/awkward/custom"][0] == {"@id": EX + "other"}
    assert thing["urn:example:property"] == "urn value"
    assert thing["comment"] == {"en": "line one\nline \"two\"\t\\ end", "th": ""}
    assert thing["pg:order"] == [{"@language": "en", "@value": "fifth"},
                                 {"@type": "xsd:decimal", "@value": "5.0"}]
    assert thing["targetYear"] == "2030"
    assert thing["pg:targetYear"] == {"@type": "xsd:integer", "@value": "2030"}


def test_one_node_per_line(doc) -> None:
    lines = doc.decode("utf-8").splitlines()
    graph_at = lines.index('  "@graph": [')
    nodes = json.loads(doc)["@graph"]
    assert len(lines) == graph_at + 1 + len(nodes) + 2
    assert lines[graph_at + 1].lstrip().startswith('{"@id": ')


def test_empty_graph() -> None:
    assert json.loads(document(jsonld_context(), []))["@graph"] == []


@pytest.mark.parametrize("context", [
    {"@vocab": "http://example.org/"},
    {"@language": "th"},
    {"x": {"@id": "http://example.org/x", "@container": "@list"}},
    {"x": {"@id": "http://example.org/x", "@type": "@vocab"}},
    {"x": {"@reverse": "http://example.org/x"}},
])
def test_unsupported_contexts_are_refused(context) -> None:
    with pytest.raises(PlangraphError, match="JSON-LD context"):
        Compactor.from_context(context)


def test_iri_that_reads_as_a_compact_iri_is_refused() -> None:
    triple = ox.Triple(ox.NamedNode("pg:thing"), ox.NamedNode(EX + "p"), ox.Literal("x"))
    with pytest.raises(PlangraphError, match="compact IRI"):
        document(jsonld_context(), [triple])
