"""Rows that vouch for a name: which answers prove a parameter names something, so that the
existence ASK is needed only for an empty answer (:func:`plangraph.sparql.exists.rows_vouch`).
A wrong "yes" would let a mistyped name pass as an empty table: each shape that must not
vouch is here."""

from __future__ import annotations

import pytest

from conftest import run_cli
from plangraph.sparql.engines import inline_query
from plangraph.sparql.exists import named_terms, rows_vouch
from plangraph.sparql.library import _info_from_text, list_queries

SKOS = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
DCT = "PREFIX dcterms: <http://purl.org/dc/terms/>\n"


def element_query(body: str, head: str = "SELECT ?element ?x") -> bool:
    text = f"# param: element  IRI  (required)  an element\n{SKOS}{head} WHERE {{ {body} }}"
    return rows_vouch(_info_from_text(text, name="t", path=None, source="<t>"), ("element",))


@pytest.mark.parametrize("body", [
    "?element skos:inScheme ?x",
    "?element ?p ?x",
    "?element skos:inScheme ?x FILTER (?x != skos:Concept) BIND (1 AS ?one)",
    "?element skos:inScheme ?x OPTIONAL { ?x skos:prefLabel ?l }",
    "{ ?element skos:inScheme ?x } { ?x ?p ?o }",
    "?element skos:inScheme ?x MINUS { ?x skos:prefLabel ?l }",
    "{ SELECT ?element ?x WHERE { ?element skos:inScheme ?x } }",
    "{ SELECT DISTINCT ?element ?x WHERE { ?element skos:inScheme ?x } ORDER BY ?x LIMIT 3 }",
])
def test_a_required_triple_with_the_name_as_subject_vouches(body):
    assert element_query(body)


@pytest.mark.parametrize("body, head", [
    ("BIND (1 AS ?x) OPTIONAL { ?element skos:inScheme ?x }", None),
    ("{ ?element skos:inScheme ?x } UNION { BIND (1 AS ?x) }", None),
    ("?x skos:inScheme ?element", None),  # as object: the ASK asks for a subject
    ("?element skos:broader* ?x", None),  # zero steps: the element itself, triple or not
    ("?element skos:broader/skos:broader ?x", None),  # a path: no single triple
    ("BIND (1 AS ?x) MINUS { ?element skos:inScheme ?x }", None),
    ("GRAPH ?g { ?element skos:inScheme ?x }", None),
    ("VALUES ?x { 1 } OPTIONAL { ?element ?p ?x }", None),
    ("?element skos:inScheme ?y", "SELECT ?element (COUNT(?y) AS ?x)"),  # an empty group: 0
    ("BIND (1 AS ?x) FILTER EXISTS { ?element ?p ?o }", None),
])
def test_shapes_whose_rows_need_not_show_the_name_do_not_vouch(body, head):
    assert not element_query(body, head or "SELECT ?element ?x")


def test_a_plan_identifier_vouches_only_as_the_object_of_dcterms_identifier():
    def plan_query(body: str) -> bool:
        text = f"# param: plan  string  (required)  a plan\n{DCT}SELECT ?plan ?p WHERE {{ {body} }}"
        return rows_vouch(_info_from_text(text, name="t", path=None, source="<t>"), ("plan",))

    assert plan_query("?p dcterms:identifier ?plan")
    assert not plan_query("?p dcterms:title ?plan")
    assert not plan_query("?plan dcterms:identifier ?p")


def test_every_library_query_with_a_named_parameter_vouches():
    """The library's shapes keep the saving: each has its parameter in a required triple."""
    named = [q for q in list_queries() if named_terms(q, [p.name for p in q.params])]
    assert {q.name for q in named} >= {"trace", "rollup", "progress"}
    for q in named:
        assert rows_vouch(q, tuple(p.name for p in q.params)), q.name


def test_a_query_without_named_parameters_needs_no_check():
    assert rows_vouch(inline_query("SELECT ?s WHERE { ?s ?p ?o }"), ())


def test_a_text_rdflib_cannot_read_does_not_vouch():
    assert not element_query("?element ?p ?x FILTER (")


@pytest.mark.parametrize("body", ["?element ?p ?x FILTER (", "?element ?p ?x . ?x ?q"])
def test_a_broken_query_with_a_parameter_is_still_a_one_line_syntax_error(tmp_path, body):
    query = tmp_path / "broken.rq"
    query.write_text("# title: Broken\n# param: element  IRI  (required)  an element\n"
                     f"SELECT ?element ?x WHERE {{ {body} }}\n", encoding="utf-8")
    result = run_cli("query", query, "-p", "element=lampang/issue/2")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"plangraph: {query}:3: syntax error at column ")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_a_query_nested_too_deeply_is_refused_before_rdflib_reads_it(monkeypatch):
    from plangraph.sparql import exists
    from plangraph.sparql.lexer import MAX_DEPTH

    parsed = []
    monkeypatch.setattr(exists, "template_query", lambda *args: parsed.append(args))
    deep = "{ " * (MAX_DEPTH + 5) + "?element ?p ?x" + " }" * (MAX_DEPTH + 5)
    assert not element_query(deep)
    assert parsed == []
