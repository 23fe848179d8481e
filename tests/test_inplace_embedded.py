"""The embedded engine runs the text with its parameters written in place: the text its
safety check accepted, and the very text an endpoint is sent (one mechanism, not two)."""

from __future__ import annotations

import json

import pytest
from library_cases import library_cases
from rdflib import Literal

from plangraph.errors import PlangraphError
from plangraph.graph.terms import to_oxigraph
from plangraph.sparql import engines, inplace, remote
from plangraph.sparql.engines import execute, in_place
from plangraph.sparql.lexer import scan
from plangraph.sparql.library import resolve
from plangraph.sparql.params import bind_params, known_prefixes
from plangraph.sparql.results import Result
from plangraph.sparql.safety import check_query

HOSTILE = [
    'x" } ; DROP ALL ; {',
    'x" . } SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } #',
    "x' } UNION { ?element ?p ?text } # {",
    'a """ b \'\'\' c',
    "line\nbreak\r\ttab \\ back",
    "SERVICE<http://127.0.0.1:9/sparql>{ }",
]


@pytest.fixture
def sent(monkeypatch) -> list[str]:
    """Texts an endpoint would have been sent (no server: an empty SPARQL JSON answer)."""
    texts: list[str] = []

    def fetch(wrapper, endpoint):
        texts.append(wrapper.queryString)
        if wrapper.queryType == "ASK":
            return json.dumps({"head": {}, "boolean": True}).encode()
        return json.dumps({"head": {"vars": []}, "results": {"bindings": []}}).encode()

    monkeypatch.setattr(remote, "_fetch", fetch)
    return texts


@pytest.fixture
def ran(monkeypatch) -> list[tuple[str, str]]:
    """(text checked, text run) by the embedded engine, in this process."""
    checked: list[str] = []
    pairs: list[tuple[str, str]] = []
    check, answer = engines.check_query, engines.answer_oxigraph

    def spy_check(text, *args, **kwargs):
        checked.append(text)
        return check(text, *args, **kwargs)

    def spy_answer(info, params, store):
        pairs.append((checked[-1], info.text))
        return answer(info, params, store)

    monkeypatch.setattr(engines, "check_query", spy_check)
    monkeypatch.setattr(engines, "answer_oxigraph", spy_answer)
    return pairs


def test_every_library_query_sends_the_text_it_runs(project_ds, sent, ran):
    store = to_oxigraph(project_ds)
    seen = set()
    for case in library_cases(project_ds):
        if not case.raw:
            continue
        params = bind_params(case.info, case.raw, known_prefixes(project_ds, case.info.text))
        engines.run(case.info, params, store=store, inline=True)
        engines.run(case.info, params, endpoint="http://127.0.0.1:9/sparql")
        checked, text = ran[-1]
        assert text == scan(checked).text == checked  # what ran is what was checked
        assert sent[-1] == text  # and what an endpoint is sent
        assert text == in_place(case.info, params).text
        for name, value in params.items():
            assert f"BIND ({inplace.to_nt(value)} AS ?{name})" in text
        seen.add(case.info.name)
    assert {"search", "trace", "progress", "rollup"} <= seen


@pytest.mark.parametrize("keyword", HOSTILE)
def test_a_hostile_keyword_is_one_literal_embedded_and_on_an_endpoint(
        project_ds, keyword, sent, ran):
    info = resolve("search")
    store = to_oxigraph(project_ds)
    before = len(store)
    for engine in ("oxigraph", "rdflib"):
        assert execute(info, {"keyword": keyword}, graph=project_ds, engine=engine,
                       store=store, inline=True).rows == []
    execute(info, {"keyword": keyword}, endpoint="http://127.0.0.1:9/sparql")
    checked, text = ran[-1]
    assert text == checked == sent[-1]
    assert text.count(inplace.to_nt(Literal(keyword))) == 2  # the BIND and the FILTER
    assert len(store) == before


def test_a_value_that_cannot_be_written_is_refused_alike(project_ds, sent, ran):
    info = resolve("search")
    store = to_oxigraph(project_ds)
    messages = []
    for where in ({"store": store, "engine": "oxigraph", "inline": True},
                  {"endpoint": "http://127.0.0.1:9/sparql"}):
        with pytest.raises(PlangraphError) as err:
            execute(info, {"keyword": "\\u0041"}, **where)
        messages.append(str(err.value))
    assert messages[0] == messages[1]
    assert "codepoint escape" in messages[0] and "\n" not in messages[0]
    assert ran == [] and sent == []


def test_service_written_in_place_is_still_refused_offline(project_ds, ran):
    """A parameter cannot smuggle SERVICE, and a query's own SERVICE stays refused."""
    query = ("SELECT ?k ?s WHERE { SERVICE <http://127.0.0.1:9/sparql> "
             "{ ?s ?p ?k } }")
    with pytest.raises(PlangraphError, match="SERVICE .* refused"):
        engines.run(query, {"k": Literal("x")}, store=to_oxigraph(project_ds), inline=True)
    assert ran == []


def test_a_new_value_is_proven_in_parts_and_a_bad_one_caught(project_ds, monkeypatch):
    """After one value of a kind, the next is proven without parsing the whole text; a
    serializer that breaks out is still caught."""
    info = resolve("search")
    store = to_oxigraph(project_ds)
    execute(info, {"keyword": "เกษตร"}, store=store, engine="oxigraph")
    inplace._substitute.cache_clear()  # a value met before would not be proven again
    parsed = []
    monkeypatch.setattr(inplace, "_algebra", lambda text: parsed.append(text))
    res = execute(info, {"keyword": "ท่องเที่ยว"}, store=store, engine="oxigraph")
    assert res.rows and parsed == []
    monkeypatch.setattr(inplace, "to_nt", lambda term: f'"{term}"')
    with pytest.raises(PlangraphError, match="did not survive serialization"):
        execute(info, {"keyword": 'a" , "b'}, store=store, engine="oxigraph")


def test_a_result_from_a_direct_caller_with_substitutions_is_refused(project_ds):
    """answer_oxigraph takes text with the parameters already in place."""
    info = resolve("search")
    with pytest.raises(PlangraphError, match="written in place"):
        engines.answer_oxigraph(info, {"keyword": Literal("x")}, to_oxigraph(project_ds))
    assert isinstance(engines.answer_oxigraph(in_place(info, {"keyword": Literal("x")}), {},
                                              to_oxigraph(project_ds)), bytes | Result)


def test_a_syntax_error_is_reported_as_such_not_as_a_placement_problem(project_ds):
    query = "SELECT ?k WHERE {\n  ?s ?p ?k .\n  FILTER (?k = ) }"
    with pytest.raises(PlangraphError, match=r"^<query>:3: syntax error") as err:
        engines.run(query, {"k": Literal("x")}, store=to_oxigraph(project_ds), inline=True)
    assert "cannot write" not in str(err.value)


def test_remembered_checks_keep_the_network_switch_and_the_refusals():
    """A text checked with the network allowed (and remembered) is refused again offline,
    and a refused text is refused every time (in_place and check_query remember passes)."""
    query = "SELECT ?k ?s WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?k } }"
    info = engines.inline_query(query)
    assert "SERVICE" in in_place(info, {"k": Literal("x")}, allow_network=True).text
    assert check_query(query, allow_network=True).text
    for _ in range(2):
        with pytest.raises(PlangraphError, match="SERVICE .* refused"):
            in_place(info, {"k": Literal("x")})
        with pytest.raises(PlangraphError, match="SERVICE .* refused"):
            check_query(query)


def test_in_place_remembers_the_text_of_each_value():
    info = engines.inline_query("SELECT ?k ?s WHERE { ?s ?p ?k }")
    one, two = (in_place(info, {"k": Literal(v)}).text for v in ("one", "two"))
    assert '"one"' in one and '"two"' in two and "one" not in two
    assert in_place(info, {"k": Literal("one")}).text == one
