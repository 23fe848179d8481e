"""Query library: headers, discovery, parameter binding, refusals, engines."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from conftest import EX, INFRA
from plangraph.errors import PlangraphError
from plangraph.graph.terms import to_oxigraph
from plangraph.sparql.engines import execute, run
from plangraph.sparql.inplace import substitute
from plangraph.sparql.library import Param, list_queries, parse_header, read_query, resolve
from plangraph.sparql.params import bind_params
from plangraph.sparql.safety import check_network, lint_query

HEADER = """\
# title: Indicator register
# question: (th) ตัวชี้วัดใดบ้าง
# question: (en) Which indicators?
# param: indicator  IRI  (optional)  the indicator to trace; default: all
# param: keyword  string  (required)  text to look for
# param: year  integer  default=2566  plan year (BE)
# param: share  decimal  (optional)  default="12.5"  a share
# param: label  langstring  (optional)  a label with its language
# tags: register, indicators
SELECT * WHERE { ?indicator ?p ?keyword }
"""


def test_header_fields():
    h = parse_header(HEADER)
    assert h["title"] == "Indicator register"
    assert h["questions"] == ["(th) ตัวชี้วัดใดบ้าง", "(en) Which indicators?"]
    assert h["tags"] == ["register", "indicators"]
    assert h["params"] == [
        Param("indicator", "IRI", False, None, "the indicator to trace; default: all"),
        Param("keyword", "string", True, None, "text to look for"),
        Param("year", "integer", False, "2566", "plan year (BE)"),
        Param("share", "decimal", False, "12.5", "a share"),
        Param("label", "langstring", False, None, "a label with its language"),
    ]


def test_header_stops_at_first_query_line():
    h = parse_header("# title: T\nSELECT * WHERE { ?s ?p ?o }\n# title: not this\n")
    assert h["title"] == "T"


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("# param: x  uri  (optional)  bad type", "unknown type 'uri'"),
        ("# param: 1x  IRI", "not a SPARQL variable name"),
        ("# param: lonely", "needs 'name TYPE"),
    ],
)
def test_bad_param_lines(line, problem):
    with pytest.raises(PlangraphError, match=rf"^q\.rq:2: .*{problem}"):
        parse_header(f"# title: t\n{line}\nSELECT * {{}}", "q.rq")


def test_discovery_and_resolve(tmp_path):
    (tmp_path / "b.rq").write_text("# title: B\nASK {}\n", encoding="utf-8")
    (tmp_path / "a.rq").write_text("# title: A\nASK {}\n", encoding="utf-8")
    assert [q.name for q in list_queries(tmp_path)] == ["a", "b"]
    assert resolve("b", tmp_path).title == "B"
    assert resolve(str(tmp_path / "a.rq")).title == "A"
    with pytest.raises(PlangraphError, match="unknown query 'c'; available: a, b"):
        resolve("c", tmp_path)
    with pytest.raises(PlangraphError, match="no such query file"):
        resolve(str(tmp_path / "zz.rq"))


def test_fixture_queries_pass_lint():
    for info in list_queries(INFRA):
        lint_query(info)


# --------------------------------------------------------------------------- binding


@pytest.fixture
def info(write_file):
    return read_query(write_file("register.rq", HEADER))


def test_bind_converts_by_type_and_applies_defaults(info):
    ns = {"ex": EX}
    bound = bind_params(info, {"indicator": "ex:forest", "keyword": "น้ำ", "label": "ป่า@th"}, ns)
    assert bound == {
        "indicator": URIRef(EX + "forest"),
        "keyword": Literal("น้ำ"),
        "year": Literal("2566", datatype=XSD.integer),
        "share": Literal("12.5", datatype=XSD.decimal),
        "label": Literal("ป่า", lang="th"),
    }
    assert bound["share"].toPython() == Decimal("12.5")


def test_bind_accepts_iri_forms_and_thai_digits(info):
    ns = {"ex": EX}
    for raw in (EX + "x", f"<{EX}x>", "ex:x"):
        assert bind_params(info, {"keyword": "k", "indicator": raw}, ns)["indicator"] == URIRef(
            EX + "x"
        )
    assert bind_params(info, {"keyword": "k", "year": "๒๕๖๖"}, ns)["year"] == Literal(
        "2566", datatype=XSD.integer
    )
    # CURIE prefixes come from the query text too (rdfs is declared nowhere else here).
    q = read_query(info.path)
    assert bind_params(q, {"keyword": "k", "indicator": "skos:Concept"})["indicator"] == URIRef(
        "http://www.w3.org/2004/02/skos/core#Concept"
    )


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ({"keyword": "k", "indicator": "http://ex.org/a b"}, "not a valid IRI"),
        ({"keyword": "k", "indicator": 'http://ex.org/a"'}, "not a valid IRI"),
        ({"keyword": "k", "indicator": "http://ex.org/a>{"}, "not a valid IRI"),
        ({"keyword": "k", "indicator": "http://ex.org/a\nb"}, "not a valid IRI"),
        ({"keyword": "k", "indicator": "nope:x"}, "unknown prefix 'nope:'"),
        ({"keyword": "k", "indicator": "just words"}, "not a valid IRI"),
        ({"keyword": "k", "year": "12a"}, "'12a' is not an integer"),
        ({"keyword": "k", "year": "1.5"}, "is not an integer"),
        ({"keyword": "k", "share": "1,5"}, "is not a decimal"),
        ({"keyword": "k", "label": "no tag"}, "needs a language tag"),
        ({"keyword": "k", "colour": "red"}, "unknown parameter colour"),
        ({}, "missing required parameter keyword"),
    ],
)
def test_bind_errors_are_clear(info, raw, problem):
    with pytest.raises(PlangraphError, match=problem) as err:
        bind_params(info, raw, {"ex": EX})
    assert str(err.value).startswith(f"{info.source}: ")


# --------------------------------------------------------------------------- refusals

REFUSED = {
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }": "SERVICE",
    "select * where { service <http://example.org/sparql> { ?s ?p ?o } }": "SERVICE",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { SeRvIcE SILENT ?x { ?s ?p ?o } } }": "SERVICE",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://x> { ?s ?p ?o } } } }": "SERVICE",
    "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }": "FROM <http",
    "SELECT * FROM NAMED <https://example.org/g> WHERE { ?s ?p ?o }": "FROM NAMED",
}
UPDATES = {
    "LOAD <http://example.org/data.ttl>": "LOAD",
    "# a comment\nload <http://example.org/data.ttl>": "LOAD",
    "PREFIX ex: <http://ex.org/>\nINSERT DATA { ex:a ex:b ex:c }": "INSERT DATA",
    "DELETE WHERE { ?s ?p ?o }": "DELETE WHERE",
    "drop all": "DROP",
    "CLEAR DEFAULT": "CLEAR",
    "CREATE GRAPH <urn:g>": "CREATE",
    "INSERT { ?s ?p 1 } WHERE { ?s ?p ?o": "INSERT",  # broken, still an update
}


@pytest.mark.parametrize("text", REFUSED)
def test_network_is_refused_unless_allowed(text):
    with pytest.raises(PlangraphError, match=REFUSED[text]) as err:
        check_network(text, source="q.rq")
    assert "--allow-network" in str(err.value)
    check_network(text, allow_network=True)


@pytest.mark.parametrize("text", UPDATES)
def test_updates_are_always_refused(text):
    for allow in (False, True):
        with pytest.raises(PlangraphError, match=rf"SPARQL Update \({UPDATES[text]}\) refused"):
            check_network(text, allow_network=allow, source="q.rq")


def test_comments_and_strings_do_not_trigger_refusal():
    check_network(
        "# SERVICE <http://x> and LOAD <http://y>\n"
        'SELECT * WHERE { ?s ?p "SERVICE <http://x> { }" }  # FROM <http://z>\n'
    )
    check_network("SELECT * FROM <urn:plangraph:file:data/x.ttl> WHERE { ?s ?p ?o }")


def test_syntax_error_names_line():
    with pytest.raises(PlangraphError, match=r"^queries/x\.rq:3: syntax error at column 2"):
        check_network("# title: x\nSELECT * WHERE {\n FILTER(?x = ) }\n", source="queries/x.rq")
    with pytest.raises(PlangraphError, match="Unknown namespace prefix"):
        check_network("SELECT * WHERE { ?s undeclared:p ?o }", source="q.rq")


def test_construct_is_not_supported(infra_ds):
    with pytest.raises(PlangraphError, match="CONSTRUCT queries are not supported"):
        run("CONSTRUCT WHERE { ?s ?p ?o }", graph=infra_ds)


# --------------------------------------------------------------------------- engines


@pytest.mark.parametrize(
    ("query", "raw"),
    [
        ("plans-by-level", {}),
        ("plans-by-level", {"level": "2"}),
        ("indicators-of", {"plan": "ex:lampang"}),
        ("label-search", {"label": "พื้นที่ป่าไม้"}),
    ],
)
def test_rdflib_and_oxigraph_agree(infra_ds, query, raw):
    info = resolve(query, INFRA)
    a = execute(info, raw, graph=infra_ds, engine="rdflib")
    b = execute(info, raw, graph=infra_ds, engine="oxigraph")
    assert a.vars == b.vars
    assert a.as_tuples() == b.as_tuples()
    assert a.rows, "fixture query should return rows"


def test_bound_parameter_selects_rows(infra_ds):
    info = resolve("indicators-of", INFRA)
    store = to_oxigraph(infra_ds)
    for engine in ("rdflib", "oxigraph"):
        res = execute(info, {"plan": "ex:north"}, graph=infra_ds, engine=engine, store=store)
        assert [r["indicator"] for r in res.rows] == [URIRef(EX + "forest")]
        assert res.rows[0]["target"] == Literal("40", datatype=XSD.integer)


def test_parameter_must_be_projected(infra_ds, write_file):
    info = read_query(
        write_file(
            "hidden.rq",
            """\
        # param: plan  IRI  (required)  the plan
        PREFIX ex: <http://example.org/pgtest/>
        SELECT ?indicator WHERE { ?indicator ex:ofPlan ?plan }
        """,
        )
    )
    with pytest.raises(PlangraphError, match=r"parameter plan must be in the SELECT clause"):
        lint_query(info)
    with pytest.raises(PlangraphError, match=r"parameter plan must be in the SELECT clause"):
        execute(info, {"plan": EX + "north"}, graph=infra_ds)


INJECTION = 'x" } ; DROP ALL ; {'


def test_injection_attempt_is_just_a_literal(infra_ds):
    info = resolve("label-search", INFRA)
    before = len(infra_ds)
    store = to_oxigraph(infra_ds)
    for engine in ("rdflib", "oxigraph"):
        res = execute(info, {"label": INJECTION}, graph=infra_ds, engine=engine, store=store)
        assert res.rows == []
    assert len(infra_ds) == before
    assert len(store) == before
    text = substitute(info, {"label": Literal(INJECTION)})
    q = '"x\\" } ; DROP ALL ; {"'
    assert f"WHERE {{ BIND ({q} AS ?label) ?thing rdfs:label ?l . FILTER(str(?l) = {q}) }}" in text


TRICKY_HEAD = (
    "PREFIX a: <http://a/>\n# WHERE { a comment\nSELECT ?o (EXISTS { ?s ?p ?o } AS ?e)\n"
    "FROM <urn:x> # {\nWHERE # {\n{"
)


Q = '"x\\" } ; DROP ALL ; {"'


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (TRICKY_HEAD + ' ?s ?p ?o FILTER(?o != "{") }',
         TRICKY_HEAD + f' BIND ({Q} AS ?o) ?s ?p {Q} FILTER({Q} != "{{") }}'),
        ("ask { ?s ?p ?o }", f"ask {{ ?s ?p {Q} }}"),
        ("SELECT * { ?s ?p ?o } VALUES ?o { 1 }",
         f"SELECT * {{ BIND ({Q} AS ?o) ?s ?p {Q} }} VALUES ?o {{ 1 }}"),
    ],
)
def test_parameter_written_in_place(query, expected):
    from plangraph.sparql.engines import inline_query

    assert substitute(inline_query(query), {"o": Literal(INJECTION)}) == expected


def test_ask_query(infra_ds):
    for engine in ("rdflib", "oxigraph"):
        yes = run(f"ASK {{ <{EX}north> ?p ?o }}", graph=infra_ds, engine=engine)
        no = run(f"ASK {{ <{EX}nowhere> ?p ?o }}", graph=infra_ds, engine=engine)
        assert (yes.boolean, yes.rows, no.boolean, no.rows) == (True, [{}], False, [])


def test_graph_tells_the_source_file(infra_ds):
    text = f"SELECT ?g WHERE {{ GRAPH ?g {{ <{EX}forest> ?p ?o }} }} GROUP BY ?g"
    for engine in ("rdflib", "oxigraph"):
        res = run(text, graph=infra_ds, engine=engine)
        assert res.as_tuples() == [
            (URIRef("urn:plangraph:file:tests/fixtures/infra/indicators.ttl"),)
        ]
