"""Parameters written in place for endpoints: exactly the variable, proven by re-parsing."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from conftest import EX, INFRA
from plangraph.errors import PlangraphError
from plangraph.sparql import inplace
from plangraph.sparql.engines import inline_query as _inline
from plangraph.sparql.engines import run
from plangraph.sparql.inplace import substitute, tokenize
from plangraph.sparql.library import resolve

IRI = URIRef("http://example.org/pgtest/north")
NASTY = [
    'x" } ; DROP ALL ; {',
    "x' } ; DROP ALL ; {",
    'a """ b \'\'\' c',
    "line\nbreak\r\ttab \\ back",
    "# not a comment ?v <urn:x>",
    "ท่องเที่ยว",
]


def test_tokens_join_back_to_the_text():
    text = 'SELECT ?v WHERE { ?s <urn:a?v> "?v" , \'\'\'?v\'\'\' # ?v\n FILTER(?v<3) }'
    tokens = tokenize(text)
    assert "".join(t.text for t in tokens) == text
    assert [t.text for t in tokens if t.kind == "var"] == ["?v", "?s", "?v"]


def test_only_the_variable_is_replaced_not_strings_iris_or_comments():
    text = 'SELECT ?v WHERE { ?s <urn:a?v> "?v" # ?v\n FILTER(?v < 3) }'
    out = substitute(_inline(text), {"v": Literal(2)})
    two = '"2"^^<http://www.w3.org/2001/XMLSchema#integer>'
    assert out == (
        f'SELECT ?v WHERE {{ BIND ({two} AS ?v) ?s <urn:a?v> "?v" # ?v\n FILTER({two} < 3) }}'
    )


def test_subselect_projecting_the_parameter_is_bound_too_others_are_not():
    text = (
        "SELECT ?v ?n WHERE { ?v ?p ?o "
        "{ SELECT ?v (COUNT(*) AS ?n) WHERE { ?v ?q ?r } GROUP BY ?v } "
        "{ SELECT (COUNT(?v) AS ?m) WHERE { ?x ?y ?v } } }"
    )
    out = substitute(_inline(text), {"v": IRI})
    iri = f"<{IRI}>"
    assert out == (
        f"SELECT ?v ?n WHERE {{ BIND ({iri} AS ?v) {iri} ?p ?o "
        f"{{ SELECT ?v (COUNT(*) AS ?n) WHERE {{ BIND ({iri} AS ?v) {iri} ?q ?r }} GROUP BY ?v }} "
        "{ SELECT (COUNT(?v) AS ?m) WHERE { ?x ?y ?v } } }"
    )


@pytest.mark.parametrize("value", NASTY)
def test_nasty_literals_reach_the_engine_as_themselves(value, infra_ds):
    text = "SELECT ?v ?len WHERE { BIND (STRLEN(?v) AS ?len) }"
    out = substitute(_inline(text), {"v": Literal(value)})
    res = run(out, graph=infra_ds, engine="oxigraph")
    assert res.rows == [{"v": Literal(value), "len": Literal(len(value), datatype=XSD.integer)}]


def test_a_parameter_assigned_in_the_query_is_refused():
    with pytest.raises(PlangraphError, match=r"cannot write the parameters"):
        substitute(_inline("SELECT ?v WHERE { BIND (1 AS ?v) }"), {"v": IRI})


def test_a_term_that_breaks_out_is_caught_by_the_proof(monkeypatch):
    # a serializer that forgot to escape: the re-parse sees another shape
    monkeypatch.setattr(inplace, "to_nt", lambda term: f'"{term}"')
    with pytest.raises(PlangraphError, match=r"did not survive serialization"):
        substitute(_inline("ASK { ?s ?p ?v }"), {"v": Literal('a" , "b')})


def test_library_queries_give_the_same_rows_in_place(infra_ds):
    info = resolve("label-search", INFRA)
    label = Literal("แผนพัฒนาภาคเหนือ")
    out = substitute(info, {"label": label})
    assert out.count(f'"{label}"') == 2
    direct = run(info, {"label": label}, graph=infra_ds, engine="oxigraph")
    placed = run(out, graph=infra_ds, engine="oxigraph")
    assert placed.as_tuples() == direct.as_tuples()
    assert [row["thing"] for row in direct.rows] == [URIRef(EX + "north")]


def test_longer_names_and_dollar_variables():
    text = "SELECT ?v WHERE { ?v ?p ?vv . $v ?q ?v_2 }"
    iri = f"<{IRI}>"
    assert substitute(_inline(text), {"v": IRI}) == (
        f"SELECT ?v WHERE {{ BIND ({iri} AS ?v) {iri} ?p ?vv . {iri} ?q ?v_2 }}"
    )


def test_ask_with_many_variables_is_proven_whatever_the_hash_order():
    # rdflib lists an ASK's variables in set order, which differs between the two parses
    text = "ASK { ?v ?a ?b . ?c ?d ?e . ?f ?g ?h }"
    assert substitute(_inline(text), {"v": IRI}).startswith(f"ASK {{ <{IRI}> ?a ?b")




TERM_TEXTS = [inplace.to_nt(t) for t in (
    IRI, URIRef("urn:a:b"), URIRef("http://x/ก?a=1#f"), *map(Literal, NASTY), Literal(""),
    Literal("เกษตร", lang="th"), Literal("x", lang="en-GB"),
    Literal("1.50", datatype=XSD.decimal), Literal("-5", datatype=XSD.integer),
    Literal("1e3", datatype=XSD.double), Literal("true", datatype=XSD.boolean),
    Literal("2022", datatype=XSD.gYear), Literal("abc", datatype=URIRef("http://ex/dt")))]


def _whole_query_reading(text: str):
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    query = translateQuery(parseQuery(f"SELECT * WHERE {{ ?s ?p {text} }}"))
    (_, _, whole), = query.algebra["p"]["p"]["triples"]
    return whole


@pytest.mark.parametrize("text", TERM_TEXTS)
def test_a_term_text_is_read_as_rdflib_reads_it_in_a_whole_query(text):
    """The proof in parts reads a term's text (what the library writes: N-Triples) with
    rdflib's rule for a term; it gives the term rdflib's parse of a whole query gives."""
    assert inplace._strip(inplace._read_term(text)) == inplace._strip(_whole_query_reading(text))


@pytest.mark.parametrize("text", ["12", "true", "-3.5", "()"])
def test_other_forms_are_read_alike_or_not_at_all(text):
    """Forms the library never writes: the reader may refuse them (None), never misread."""
    read = inplace._read_term(text)
    assert read is None or inplace._strip(read) == inplace._strip(_whole_query_reading(text))


@pytest.mark.parametrize("text", ['"a" . } #', "<a> <b>", '"x"@th extra', "?v", "_:b",
                                  "ex:x", '"a"^^ex:dt', ""])
def test_what_is_not_one_term_reads_as_none(text):
    assert inplace._read_term(text) is None
