"""The embedded engine's answer is read from pyoxigraph's TSV: the same rows, terms and
renderings (table, CSV, TSV, JSON) as the SPARQL JSON reading it replaced, on awkward terms,
on every library query over the seed data and over a synthetic cascade."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from library_cases import library_cases

from plangraph.errors import PlangraphError
from plangraph.graph.load import load, merged
from plangraph.graph.terms import to_oxigraph
from plangraph.sparql.engines import answer_oxigraph, in_place
from plangraph.sparql.params import bind_params, known_prefixes
from plangraph.sparql.results import FORMATS, Result, render
from plangraph.sparql.wire import _read_json_ox, read_oxigraph
from plangraph.synth import Spec, write
from plangraph.validate import validation_sources

XSD = "http://www.w3.org/2001/XMLSchema#"
AWKWARD = f"""SELECT ?a ?b ?c WHERE {{ VALUES (?a ?b ?c) {{
  ("tab\\tnl\\ncr\\rq\\"bs\\\\ls\\u2028end" <http://x/a%20b> 1)
  ("ไทย"@th UNDEF 1.50)
  (UNDEF UNDEF UNDEF)
  ("1e3"^^<{XSD}double> true "x"^^<http://example.org/dt>)
  ("01"^^<{XSD}integer> "-0"^^<{XSD}decimal> "๒"^^<{XSD}decimal>)
  ("2567"^^<{XSD}gYear> "x"^^<{XSD}string> "a b"@en-t-th)
  ("" "\\t" " ")
}} }}"""


def both(store: ox.Store, text: str, subs: dict | None = None) -> tuple[Result, Result]:
    """``text`` answered by pyoxigraph, read from its JSON and from its TSV."""
    res = store.query(text, substitutions=subs, use_default_graph_as_union=True)
    assert isinstance(res, ox.QuerySolutions)
    body = res.serialize(format=ox.QueryResultsFormat.JSON)
    again = store.query(text, substitutions=subs, use_default_graph_as_union=True)
    assert isinstance(again, ox.QuerySolutions)
    return (_read_json_ox(body, "json"),
            read_oxigraph(again.serialize(format=ox.QueryResultsFormat.TSV), "tsv"))


def exact(result: Result) -> list[list[tuple[object, ...]]]:
    """Each cell with its Python type, datatype and language: equal means the same term."""
    return [[(t, type(t), getattr(t, "datatype", None), getattr(t, "language", None))
             for t in row] for row in result.as_tuples()]


def assert_same(json_rows: Result, tsv_rows: Result) -> None:
    """Same variables, same rows in the same order, same text in every format."""
    assert tsv_rows.vars == json_rows.vars
    assert exact(tsv_rows) == exact(json_rows)
    for fmt in FORMATS:
        assert render(tsv_rows, fmt, width=100) == render(json_rows, fmt, width=100)


def test_awkward_terms() -> None:
    json_rows, tsv_rows = both(ox.Store(), AWKWARD)
    assert len(tsv_rows.rows) == 7 and tsv_rows.rows[2] == dict.fromkeys("abc")
    assert_same(json_rows, tsv_rows)


@pytest.mark.parametrize("text", [
    "SELECT * WHERE {}",  # no variables, one solution
    "SELECT ?x WHERE { FILTER(false) }",  # no solutions
    'SELECT ?x WHERE { VALUES ?x { UNDEF "x" UNDEF } }',  # a lone unbound cell: empty line
    "SELECT ?b ?o WHERE { ?b ?p ?o }",  # blank nodes
])
def test_edge_shapes(text: str) -> None:
    store = ox.Store()
    store.load(b'[] <http://x/p> [ <http://x/p> "v" ] .', format=ox.RdfFormat.TURTLE)
    json_rows, tsv_rows = both(store, text)
    assert exact(tsv_rows) == exact(json_rows)
    assert tsv_rows.vars == json_rows.vars


@pytest.mark.parametrize("body", [b"", b"?a", b"?a\t?b\n<http://x>\n", b"?a\n<http://x\n",
                                  b"?a\n\xff\n", b'?a\n"unterminated\n',
                                  b"?a\t?b\n<http://x>\t1\t2\n",
                                  # four cells for two rows of two, but not one per variable
                                  b"?a\t?b\n<http://x>\t1\t2\n<http://y>\n",
                                  b"?a\n\xe0\xb8\n"])
def test_bad_documents(body: bytes) -> None:
    with pytest.raises(PlangraphError, match=r"^q\.rq: bad TSV results: [^\n]+$"):
        read_oxigraph(body, "q.rq")


def every_library_query(ds) -> None:
    """Each library case over ``ds``: its pyoxigraph answer read both ways is the same."""
    store = to_oxigraph(ds)
    seen = set()
    for case in library_cases(ds):
        params = bind_params(case.info, case.raw, known_prefixes(ds, case.info.text))
        info = in_place(case.info, params)  # checked, parameters written in place
        answer = answer_oxigraph(info, {}, store)
        assert isinstance(answer, bytes)  # a TSV document
        json_rows, tsv_rows = both(store, info.text, {})
        assert read_oxigraph(answer, "q").as_tuples() == tsv_rows.as_tuples()
        assert_same(json_rows, tsv_rows)
        seen.add(case.info.name)
        assert tsv_rows.rows or case.raw, case.id  # the defaults find rows
    assert len(seen) >= 12


def test_every_library_query_on_the_seed(project_ds) -> None:
    every_library_query(project_ds)


def test_every_library_query_on_a_synthetic_cascade(tmp_path: Path) -> None:
    _, files = write(Spec(provinces=2, years=2, seed=7), tmp_path)
    every_library_query(merged(load(validation_sources(files))))


def test_checked_iris_are_rdflib_iris() -> None:
    """The IRIs read without rdflib's character check are the terms its constructor makes
    (type, text, hash, equality), and this rdflib takes the quick path."""
    from rdflib import URIRef

    from plangraph.graph.terms import _IRI_SHORTCUT, checked_iri

    assert _IRI_SHORTCUT
    for text in ("https://w3id.org/plangraph/id/ไทย", "http://x/a%20b", "urn:x", ""):
        quick, slow = checked_iri(text), URIRef(text)
        assert type(quick) is URIRef and quick == slow and hash(quick) == hash(slow)
        assert repr(quick) == repr(slow) and quick.n3() == slow.n3()
