"""Names everywhere: every query's CSV carries the Thai and English labels of the elements it
holds, Thai titles, per-province gaps, and a clear error for a name that is not there."""

from __future__ import annotations

import csv
import io

import networkx as nx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from conftest import PG, iri, run_cli
from plangraph.graph.terms import to_oxigraph
from plangraph.sparql.engines import execute
from plangraph.sparql.library import list_queries
from plangraph.sparql.results import render

#: the map queries feed the maps (camelCase columns, read by maps/data.py), not people
READER_QUERIES = [q for q in list_queries() if "maps" not in q.tags]
SAMPLE = {
    "element": "lampang/issue/2/indicator/3",
    "indicator": "lampang/issue/1/indicator/2",
    "keyword": "ท่องเที่ยว",
}


@pytest.fixture(scope="module")
def store(project_ds):
    return to_oxigraph(project_ds)


def csv_rows(result) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(render(result, "csv"))))


def label(g: Graph, element: URIRef, lang: str) -> str:
    found = [str(o) for o in g.objects(element, SKOS.prefLabel)
             if isinstance(o, Literal) and (o.language or "").split("-")[0] == lang]
    assert len(found) == 1, (element, lang, found)
    return found[0]


def element_columns(g: Graph, rows: list[dict[str, str]]) -> list[str]:
    """Columns whose values are plan elements (IRIs in some concept scheme)."""
    columns = []
    for column in rows[0]:
        values = {r[column] for r in rows if r[column]}
        if values and all(v.startswith("http") and (URIRef(v), SKOS.inScheme, None) in g
                          for v in values):
            columns.append(column)
    return columns


@pytest.mark.parametrize("info", READER_QUERIES, ids=lambda q: q.name)
def test_every_element_column_has_its_thai_and_english_label(info, project_graph,
                                                             project_ds, store):
    params = {p.name: SAMPLE[p.name] for p in info.params if p.required}
    rows = csv_rows(execute(info, params, graph=project_ds, store=store, engine="oxigraph"))
    assert rows, f"{info.name} gives no rows on the project data"
    columns = element_columns(project_graph, rows)
    if info.name != "indicators":  # the register shows notations, not IRIs
        assert columns, f"{info.name}: no element column found"
    principal = [c for c in columns if f"{c}_th" not in rows[0]]
    # only the element the row is about may use the plain label_th / label_en names
    assert len(principal) <= 1, f"{info.name}: {principal} have no <col>_th column"
    for column in columns:
        th, en = ((f"{column}_th", f"{column}_en") if column not in principal
                  else ("label_th", "label_en"))
        assert th in rows[0] and en in rows[0], f"{info.name}: {column} lacks {th}/{en}"
        header = list(rows[0])
        if column not in principal:
            assert header.index(th) == header.index(column) + 1, (info.name, column)
        for r in rows:
            if r[column]:
                element = URIRef(r[column])
                assert r[th] == label(project_graph, element, "th"), (info.name, column)
                assert r[en] == label(project_graph, element, "en"), (info.name, column)
            else:  # a level the path skips has no label (not some other element's)
                assert r[th] == "" and r[en] == "", (info.name, column, r)


def test_rdflib_and_oxigraph_give_the_same_labels(project_ds, store):
    for name in ("rollup", "search"):
        params = {"keyword": SAMPLE["keyword"]} if name == "search" else {}
        a = execute(name, params, graph=project_ds, engine="rdflib")
        b = execute(name, params, graph=project_ds, engine="oxigraph", store=store)
        assert sorted(a.as_tuples(), key=repr) == sorted(b.as_tuples(), key=repr)


@pytest.mark.parametrize("info", list_queries(), ids=lambda q: q.name)
def test_every_query_has_a_thai_title(info):
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in info.title_th), info.name


def test_queries_command_lists_thai_titles():
    out = run_cli("queries").stdout
    assert "ทะเบียนตัวชี้วัด" in out and "Indicator register" in out


# --------------------------------------------------------------------------- gaps per province


def reached_strategies(g: Graph, plan: URIRef) -> set[URIRef]:
    """Top National Strategy strategies reached from any element of ``plan`` (networkx)."""
    d = nx.DiGraph()
    d.add_edges_from(g.subject_objects(PG.partOf))
    d.add_edges_from(g.subject_objects(SKOS.broadMatch))
    tops = {s for s in g.subjects(SKOS.inScheme, iri("plan/national-strategy"))
            if (s, PG.partOf, None) not in g}
    reached: set[URIRef] = set()
    for element in g.subjects(SKOS.inScheme, plan):
        if element not in d:
            continue
        for node in nx.descendants(d, element):
            top = node
            while (top, PG.partOf, None) in g and top not in tops:
                top = g.value(top, PG.partOf)
            if top in tops:
                reached.add(top)
    return tops - reached


@pytest.mark.parametrize("plan", ["lampang", "upper-north-1"])
def test_gaps_province_matches_an_independent_computation(plan, project_graph, project_ds,
                                                          store):
    plan_iri = next(project_graph.subjects(DCTERMS.identifier, Literal(plan)))
    rows = csv_rows(execute("gaps-province", {"plan": plan}, graph=project_ds, store=store,
                            engine="oxigraph"))
    assert {URIRef(r["strategy"]) for r in rows} == reached_strategies(project_graph, plan_iri)
    assert rows and {r["plan"] for r in rows} == {plan}
    assert all(r["strategy_th"] and r["plan_th"] for r in rows)


def test_gaps_province_lists_strategy_6_for_lampang(project_ds, store):
    rows = csv_rows(execute("gaps-province", {"plan": "lampang"}, graph=project_ds,
                            store=store, engine="oxigraph"))
    assert "6" in {r["notation"] for r in rows}


# --------------------------------------------------------------------------- not found


@pytest.mark.parametrize("args, says", [
    (["trace", "-p", "element=lampang/issue/9"], "no element lampang/issue/9"),
    (["rollup", "-p", "indicator=lampang/issue/1/indicator/99"], "no element lampang/issue/1/"),
    (["progress", "-p", "indicator=https://example.org/x"], "no element <https://example.org/x>"),
    (["indicators", "-p", "plan=lampan"], "no plan 'lampan'"),
    (["gaps-province", "-p", "plan=nowhere"], "no plan 'nowhere'"),
])
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_parameter_naming_nothing_is_a_one_line_error(args, says, engine):
    result = run_cli("query", *args, "--engine", engine)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert says in result.stderr and "in the data" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_a_parameter_naming_something_still_answers():
    result = run_cli("query", "trace", "-p", "element=lampang/issue/2/indicator/3", "-f", "csv")
    assert result.exit_code == 0 and result.stdout.count("\n") > 2
