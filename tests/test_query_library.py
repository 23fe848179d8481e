"""The query library on the real data: well-formed, engine-independent, right answers, safe.

Every answer is checked against an independent computation over the data (rdflib's API and
networkx), not against a remembered row count, so a query that drifts from what it says it
answers fails here. Each query runs once per engine per module (the ``answer`` fixture).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from dataclasses import replace
from decimal import Decimal

import networkx as nx
import pytest
from rdflib import Graph, URIRef, Variable
from rdflib.namespace import DCTERMS, RDF, SKOS

import plangraph
from conftest import PG, closed_port, iri, run_cli
from plangraph import paths
from plangraph.errors import PlangraphError
from plangraph.graph.load import load, merged
from plangraph.graph.terms import to_nt, to_oxigraph
from plangraph.sparql.engines import execute
from plangraph.sparql.library import QueryInfo, list_queries, read_query
from plangraph.sparql.results import Result
from plangraph.sparql.safety import check_network, lint_query

LIBRARY = list_queries()
BY_NAME = {q.name: q for q in LIBRARY}
SAMPLE = {
    "element": "lampang/issue/2/indicator/3",
    "keyword": "ท่องเที่ยว",
    "indicator": "lampang/issue/1/indicator/2",
    "plan": "lampang",
    "rank": "1",
}
ORPHAN = paths.PROJECT_ROOT / "tests" / "fixtures" / "queries" / "orphan.ttl"
INDICATORS_HEADER = (
    "plan,issue,indicator,label_th,label_en,target_value,unit,target_year,cadence,direction,source"
)
NS_PLAN = iri("plan/national-strategy")
INJECTION = 'x" } ; DROP ALL ; {'


def test_the_library_has_its_queries():
    assert {"indicators", "rollup", "trace", "coverage", "gaps", "targets", "search"} <= set(
        BY_NAME
    )


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def store(project_ds):
    return to_oxigraph(project_ds)


@pytest.fixture(scope="module")
def answer(project_ds, store):
    """``answer(name, engine="rdflib", **params)``: a library query's result, run once."""
    cache: dict[tuple, Result] = {}

    def get(name: str, engine: str = "rdflib", **params: str) -> Result:
        key = (name, engine, tuple(sorted(params.items())))
        if key not in cache:
            cache[key] = execute(name, params, graph=project_ds, engine=engine, store=store)
        return cache[key]

    return get


def rows(result: Result) -> list[dict]:
    """Rows as dicts of rdflib terms (None when unbound)."""
    return [dict(zip(result.vars, t, strict=True)) for t in result.as_tuples()]


def rank_of(g: Graph, element: URIRef) -> int | None:
    rank = g.value(g.value(g.value(element, SKOS.inScheme), PG.planLevel), PG.rank)
    return int(rank) if rank is not None else None


def cascade(g: Graph, *relations: URIRef) -> nx.DiGraph:
    """Plan elements with edges child → parent (pg:partOf) and lower → higher (``relations``)."""
    d = nx.DiGraph()
    d.add_nodes_from(g.subjects(SKOS.inScheme))
    d.add_edges_from(g.subject_objects(PG.partOf))
    for relation in relations:
        d.add_edges_from(g.subject_objects(relation))
    return d


def indicators_at(g: Graph, rank: int) -> set[URIRef]:
    return {i for i in g.subjects(RDF.type, PG.Indicator) if rank_of(g, i) == rank}


# --------------------------------------------------------------------------- headers


@pytest.mark.parametrize("info", LIBRARY, ids=lambda q: q.name)
def test_header_questions_and_lint(info: QueryInfo):
    assert info.title.strip()
    th = [q for q in info.questions if q.startswith("(th) ")]
    en = [q for q in info.questions if q.startswith("(en) ")]
    assert len(th) == 1 and re.search("[\u0e00-\u0e7f]", th[0]), "needs one Thai question"
    assert len(en) == 1 and re.search("[A-Za-z]{3}", en[0]), "needs one English question"
    lint_query(info)
    projected = {str(v) for v in check_network(info.text).algebra.get("PV") or []}
    for p in info.params:
        assert p.name in projected, f"param {p.name} is not in the SELECT clause"


# --------------------------------------------------------------------------- engines


def cases() -> list:
    """Each query with its defaults (when it can run without values) and with samples."""
    out = []
    for info in LIBRARY:
        if not any(p.required for p in info.params):
            out.append(pytest.param(info.name, {}, id=info.name))
        if info.params:
            raw = {p.name: SAMPLE[p.name] for p in info.params}
            out.append(pytest.param(info.name, raw, id=f"{info.name}-with-params"))
    return out


def order_variables(info: QueryInfo) -> list[str]:
    """The variables of the query's ORDER BY conditions, in order."""
    found: list[str] = []

    def walk(node, in_order: bool) -> None:
        if isinstance(node, Variable):
            if in_order and str(node) not in found:
                found.append(str(node))
        elif isinstance(node, dict):
            inside = in_order or getattr(node, "name", "") == "OrderBy"
            for key, value in node.items():
                walk(value, inside and not (key == "p" and getattr(node, "name", "") == "OrderBy"))
        elif isinstance(node, list | tuple):
            for value in node:
                walk(value, in_order)

    walk(check_network(info.text).algebra, False)
    return found


def orders_totally(info: QueryInfo, raw: dict, result: Result, ds, store) -> bool:
    """True when no two rows tie on the ORDER BY keys (so the row order is fixed).

    Keys that the query does not project are fetched by a copy that also projects them.
    """
    keys = order_variables(info)
    if not keys:
        return False
    keyed = result
    missing = [k for k in keys if k not in result.vars]
    if missing:
        if "GROUP BY" in info.text.upper():
            return False
        extra = " ".join(f"?{k}" for k in missing)
        wider = replace(info, text=re.sub(r"\nWHERE\b", f" {extra}\nWHERE", info.text, count=1))
        keyed = execute(wider, raw, graph=ds, engine="oxigraph", store=store)
        if len(keyed.rows) != len(result.rows):
            return False
    values = [tuple(row.get(k) for k in keys) for row in keyed.rows]
    return len(set(values)) == len(values)


def as_nt(result: Result) -> list[tuple[str, ...]]:
    return [tuple(to_nt(t) for t in row) for row in result.as_tuples()]


@pytest.mark.parametrize(("name", "raw"), cases())
def test_rdflib_and_oxigraph_agree(answer, project_ds, store, name, raw):
    a = answer(name, "rdflib", **raw)
    b = answer(name, "oxigraph", **raw)
    assert a.vars == b.vars
    assert Counter(as_nt(a)) == Counter(as_nt(b))
    if orders_totally(BY_NAME[name], raw, a, project_ds, store):
        assert as_nt(a) == as_nt(b), "same rows, different order"


@pytest.mark.parametrize("name", ["indicators", "rollup", "coverage", "gaps", "targets", "trace"])
def test_library_queries_order_totally(answer, project_ds, store, name):
    """So the order comparison above is not vacuous for the queries people read in order."""
    raw = {p.name: SAMPLE[p.name] for p in BY_NAME[name].params if p.required}
    result = answer(name, "oxigraph", **raw)
    assert orders_totally(BY_NAME[name], raw, result, project_ds, store)


# --------------------------------------------------------------------------- indicators


def test_indicator_register_csv(project_graph):
    g = project_graph
    res = run_cli("query", "indicators", "--format", "csv")
    assert res.exit_code == 0, res.stderr
    header, *_ = res.stdout.splitlines()
    assert header == INDICATORS_HEADER
    table = list(csv.DictReader(io.StringIO(res.stdout)))
    assert len(table) == 26
    by_label = {
        str(label): i
        for i in g.subjects(RDF.type, PG.Indicator)
        for label in g.objects(i, SKOS.prefLabel)
        if label.language == "th"
    }
    headline = {i for i in g.subjects(PG.partOf, iri("upper-north-1/goal"))}
    assert len(headline) == 3
    for row in table:
        indicator = by_label[row["label_th"]]
        target = g.value(indicator, PG.hasTarget)
        assert (row["issue"] == "") == (indicator in headline), row
        assert row["plan"] == str(g.value(g.value(indicator, SKOS.inScheme), DCTERMS.identifier))
        assert row["indicator"] == str(g.value(indicator, SKOS.notation))
        value = g.value(target, URIRef("http://qudt.org/schema/qudt/numericValue"))
        assert Decimal(row["target_value"]) == value.toPython()
        assert row["target_year"] == str(g.value(target, PG.targetYear) or "")
        assert row["direction"] == str(g.value(g.value(target, PG.direction), SKOS.notation))
        line = g.value(indicator, PG.sourceLine)
        assert row["source"] == f"{g.value(indicator, PG.sourceSection)} (seed line {line})"
    annual = {r["label_th"] for r in table if r["cadence"] == "annual"}
    per_year = {r["label_th"] for r in table if r["plan"] == "lampang" and "ต่อปี" in r["label_th"]}
    assert annual == per_year and len(annual) == 9
    assert {r["cadence"] for r in table} == {"annual", ""}


def test_indicator_register_one_plan(answer):
    lampang = rows(answer("indicators", plan="lampang"))
    assert len(lampang) == 14 and {str(r["plan"]) for r in lampang} == {"lampang"}


# --------------------------------------------------------------------------- rollup

LEVELS = ("provincial", "cluster", "regional", "nesdp")  # ranks 5, 4, 3, 2


def claims(g: Graph, relation: URIRef) -> dict[tuple[URIRef, URIRef], URIRef]:
    """(from, to) -> claim, for the claims asserting ``relation``."""
    return {
        (g.value(c, PG.fromElement), g.value(c, PG.toElement)): c
        for c in g.subjects(PG.relation, relation)
    }


def chain(row: dict) -> list[URIRef]:
    """The row's nodes from the bottom level up to the National Strategy node it links to."""
    nodes = [row[level] for level in LEVELS if row[level] is not None]
    return [*nodes, row["ns_sub"] or row["ns_strategy"]]


def test_rollup_reaches_the_national_strategy_from_every_indicator(answer, project_graph):
    g = project_graph
    result = rows(answer("rollup"))
    strategies = {iri(f"national-strategy/strategy/{n}") for n in range(1, 7)}
    reached = defaultdict(set)
    for row in result:
        reached[row["indicator"]].add(row["ns_strategy"])
    assert set(reached) == set(g.subjects(RDF.type, PG.Indicator))
    assert len(reached) == 26
    missing = [i for i, found in reached.items() if not found & strategies]
    assert not missing, f"no path to a National Strategy strategy: {missing}"
    assert {s for found in reached.values() for s in found} <= strategies


def test_rollup_rows_are_consistent_paths(answer, project_graph):
    g = project_graph
    broad = claims(g, SKOS.broadMatch)
    bases = {
        b: (int(g.value(b, PG.rank)), str(g.value(b, SKOS.notation)))
        for b in g.subjects(RDF.type, PG.AlignmentBasis)
    }
    for row in rows(answer("rollup")):
        indicator, nodes = row["indicator"], chain(row)
        parent = g.value(indicator, PG.partOf)
        if str(row["plan"]) == "lampang":  # from its issue, or from itself when it has a link
            assert row["provincial"] in (parent, indicator), row
        assert nodes[0] in (indicator, parent), row
        for level, rank in zip(LEVELS, (5, 4, 3, 2), strict=True):
            assert row[level] is None or rank_of(g, row[level]) == rank, (level, row)
        assert rank_of(g, nodes[-1]) == 1
        if row["ns_sub"] is not None:
            assert (row["ns_sub"], PG.partOf, row["ns_strategy"]) in g
        links = list(zip(nodes, nodes[1:], strict=False))
        for lower, higher in links:
            assert (lower, SKOS.broadMatch, higher) in g, f"{lower} → {higher} not linked"
        used = [broad[link] for link in links]
        confidences = [g.value(c, PG.confidence).toPython() for c in used]
        assert row["min_confidence"].toPython() == min(confidences), row
        weakest = max(bases[g.value(c, PG.basis)] for c in used)
        assert str(row["weakest_basis"]) == weakest[1] and weakest[1] in {"stated", "curated"}


def expected_rollup(g: Graph) -> set[tuple]:
    """Every path, enumerated with rdflib's API: indicator or parent, broadMatch claims up."""
    up = defaultdict(list)
    for lower, higher in claims(g, SKOS.broadMatch):
        up[lower].append(higher)
    found = set()

    def walk(indicator: URIRef, path: list[URIRef]) -> None:
        last = path[-1]
        if rank_of(g, last) == 1:
            parent = g.value(last, PG.partOf)
            levels = {rank_of(g, n): n for n in path[:-1]}
            found.add(
                (
                    indicator,
                    *(levels.get(r) for r in (5, 4, 3, 2)),
                    last if parent else None,
                    parent or last,
                )
            )
            return
        for higher in up[last]:
            walk(indicator, [*path, higher])

    for indicator in g.subjects(RDF.type, PG.Indicator):
        for start in (indicator, g.value(indicator, PG.partOf)):
            walk(indicator, [start])
    return found


def test_rollup_lists_exactly_the_paths_in_the_data(answer, project_graph):
    got = {
        (r["indicator"], *(r[level] for level in LEVELS), r["ns_sub"], r["ns_strategy"])
        for r in rows(answer("rollup"))
    }
    assert got == expected_rollup(project_graph)


def test_rollup_for_one_indicator(answer):
    one = rows(answer("rollup", indicator=SAMPLE["indicator"]))
    everything = [r for r in rows(answer("rollup")) if r["indicator"] == iri(SAMPLE["indicator"])]
    assert one and sorted(map(str, one)) == sorted(map(str, everything))


# --------------------------------------------------------------------------- trace


def trace_edges(g: Graph) -> dict[tuple[URIRef, URIRef], str]:
    """Links the trace follows: part-of and claimed broadMatch / closeMatch, with their kind."""
    edges = {(child, parent): "part of" for child, parent in g.subject_objects(PG.partOf)}
    for relation, kind in ((SKOS.broadMatch, "broadMatch"), (SKOS.closeMatch, "closeMatch")):
        edges.update({link: kind for link in claims(g, relation)})
    return edges


def expected_trace(g: Graph, element: URIRef) -> set[tuple[str, str, URIRef, URIRef]]:
    """(direction, kind, from, to): links on paths from the element up, and into it from below."""
    edges = trace_edges(g)
    d = nx.DiGraph(list(edges))
    above = nx.descendants(d, element) | {element} if element in d else {element}
    below = nx.ancestors(d, element) | {element} if element in d else {element}
    up = {("up", kind, a, b) for (a, b), kind in edges.items() if a in above}
    down = {("down", kind, a, b) for (a, b), kind in edges.items() if b in below}
    return up | down


def check_trace(g: Graph, result: Result, element: URIRef) -> list[dict]:
    found = rows(result)
    got = {(str(r["direction"]), str(r["kind"]), r["from"], r["to"]) for r in found}
    assert got == expected_trace(g, element)
    for r in found:
        if str(r["kind"]) == "part of":
            assert r["basis"] is None and r["justification_th"] is None
        else:
            assert str(r["basis"]) in {"stated", "curated"}, r
            assert r["justification_th"].language == "th", r
            assert r["justification_en"].language.startswith("en"), r
        assert r["from_th"].language == "th" and r["to_th"].language == "th"
        assert r["from_en"].language.startswith("en"), r
    return found


def test_trace_of_an_indicator_goes_up_to_the_national_strategy(answer, project_graph):
    g, element = project_graph, iri(SAMPLE["element"])
    found = check_trace(g, answer("trace", element=SAMPLE["element"]), element)
    up = [r for r in found if str(r["direction"]) == "up"]
    tops = {r["to"] for r in up if int(r["to_rank"]) == 1}
    assert tops and all((t, SKOS.inScheme, NS_PLAN) in g for t in tops)
    assert any(r["from"] == element and str(r["kind"]) == "part of" for r in up)


def test_trace_of_a_national_strategy_comes_down_from_lampang(answer, project_graph):
    g, element = project_graph, iri("national-strategy/strategy/5")
    found = check_trace(g, answer("trace", element=str(element)), element)
    down = [r for r in found if str(r["direction"]) == "down"]
    lampang = [r for r in down if (r["from"], SKOS.inScheme, iri("plan/lampang")) in g]
    assert any(str(r["kind"]) == "broadMatch" for r in lampang)
    assert any(r["from"] in indicators_at(g, 5) for r in lampang)


# --------------------------------------------------------------------------- coverage


def test_coverage_counts_equal_reachability(answer, project_graph):
    g = project_graph
    d = cascade(g, SKOS.broadMatch)
    provincial, cluster = indicators_at(g, 5), indicators_at(g, 4)
    reach = {i: nx.descendants(d, i) for i in provincial | cluster}
    strategies = {
        s
        for s in g.subjects(SKOS.inScheme)
        if rank_of(g, s) in (1, 2, 3)
        and g.value(s, PG.partOf) is None
        and g.value(s, SKOS.notation) is not None
    }
    result = rows(answer("coverage"))
    assert {r["strategy"] for r in result} == strategies
    for r in result:
        s = r["strategy"]
        assert int(r["provincial_indicators"]) == sum(s in reach[i] for i in provincial), s
        assert int(r["cluster_indicators"]) == sum(s in reach[i] for i in cluster), s
    ns6 = next(r for r in result if r["strategy"] == iri("national-strategy/strategy/6"))
    assert (int(ns6["provincial_indicators"]), int(ns6["cluster_indicators"])) == (0, 0)
    top = rows(answer("coverage", rank="1"))
    assert [r["strategy"] for r in top] == [
        iri(f"national-strategy/strategy/{n}") for n in range(1, 7)
    ]


# --------------------------------------------------------------------------- gaps

UNREACHED_CLASSES = (
    PG.NationalStrategy,
    PG.SubStrategy,
    PG.DevelopmentStrategy,
    PG.RegionalStrategy,
    PG.DevelopmentIssue,
    PG.DevelopmentGoal,
)
PATHLESS_CLASSES = (PG.Indicator, PG.StrategicIssue, PG.DevelopmentIssue)


def expected_gaps(g: Graph) -> set[tuple[str, URIRef]]:
    d, part_of = cascade(g, SKOS.broadMatch), cascade(g)
    linked = set(g.objects(None, SKOS.broadMatch))
    gaps = set()
    for cls in UNREACHED_CLASSES:
        for e in g.subjects(RDF.type, cls):
            parts = nx.ancestors(part_of, e) | {e}  # e and what is part of it
            if not parts & linked:
                gaps.add(("unreached", e))
    national = {e for e in d if rank_of(g, e) == 1}
    for cls in PATHLESS_CLASSES:
        for e in g.subjects(RDF.type, cls):
            if rank_of(g, e) >= 4 and not nx.descendants(d, e) & national:
                gaps.add(("no-national-path", e))
    return gaps


def test_gaps_equal_the_independent_computation(answer, project_graph):
    got = {(str(r["gap"]), r["element"]) for r in rows(answer("gaps"))}
    assert got == expected_gaps(project_graph)
    assert not [e for kind, e in got if kind == "no-national-path"]
    assert ("unreached", iri("national-strategy/strategy/6/sub/1")) in got


def test_gaps_finds_an_unlinked_issue_and_indicator():
    graph = merged(load([*paths.default_sources(), ORPHAN]))
    got = {(str(r["gap"]), str(r["element"])) for r in rows(execute("gaps", graph=graph))}
    assert {
        ("no-national-path", str(iri("lampang/issue/orphan"))),
        ("no-national-path", str(iri("lampang/issue/orphan/indicator/1"))),
    } <= got
    assert got == {(k, str(e)) for k, e in expected_gaps(graph)}


# --------------------------------------------------------------------------- targets


def test_targets_are_the_close_match_pairs(answer, project_graph):
    g = project_graph
    result = rows(answer("targets"))
    pairs = set(claims(g, SKOS.closeMatch))
    assert len(pairs) == 3
    assert {(r["lower"], r["higher"]) for r in result} == pairs and len(result) == 3
    for r in result:
        lt, ht = g.value(r["lower"], PG.hasTarget), g.value(r["higher"], PG.hasTarget)
        unit = URIRef("http://qudt.org/schema/qudt/unit")
        assert r["same_unit"].toPython() == (g.value(lt, unit) == g.value(ht, unit))
        assert r["same_measure"].toPython() == (g.value(lt, PG.measure) == g.value(ht, PG.measure))

        def timing(t: URIRef) -> str:
            return str(g.value(g.value(t, PG.cadence), SKOS.notation) or g.value(t, PG.targetYear))

        assert r["same_timing"].toPython() == (timing(lt) == timing(ht))
        claim = claims(g, SKOS.closeMatch)[(r["lower"], r["higher"])]
        assert r["comparable"] == g.value(claim, PG.comparable)
    farm = next(r for r in result if r["lower"] == iri("lampang/issue/2/indicator/1"))
    assert farm["higher"] == iri("upper-north-1/issue/3/indicator/1")
    assert farm["same_unit"].toPython() is True
    assert farm["same_timing"].toPython() is False


# --------------------------------------------------------------------------- search


def containing(g: Graph, keyword: str) -> set[URIRef]:
    """Plan elements whose label or definition (any language) contains ``keyword``."""
    return {
        e
        for e in g.subjects(SKOS.inScheme)
        for p in (SKOS.prefLabel, SKOS.definition)
        for text in g.objects(e, p)
        if keyword.lower() in str(text).lower()
    }


@pytest.mark.parametrize(
    ("keyword", "expected"),
    [
        ("ฝุ่น", "upper-north-1/issue/4"),  # Thai: dust (the cluster's issue 4)
        ("tourism", "lampang/issue/1"),  # English, matched in the English label
        ("ท่องเที่ยว", "lampang/issue/1"),
    ],
)
def test_search_finds_the_elements_with_the_word(answer, project_graph, keyword, expected):
    g = project_graph
    found = {r["element"] for r in rows(answer("search", keyword=keyword))}
    assert iri(expected) in found
    assert found == containing(g, keyword)
    if keyword == "ฝุ่น":  # all of it under the cluster's dust issue
        issue = iri(expected)
        assert all(e == issue or g.value(e, PG.partOf) == issue for e in found)


# --------------------------------------------------------------------------- safety


def test_injected_keyword_is_only_text(project_ds, store):
    before = (len(project_ds), len(store))
    for engine in ("rdflib", "oxigraph"):
        result = execute(
            "search", {"keyword": INJECTION}, graph=project_ds, engine=engine, store=store
        )
        assert result.rows == []
    assert (len(project_ds), len(store)) == before
    assert plangraph.query("search", graph=project_ds, keyword=INJECTION) == []


BAD_ELEMENT = "lampang/issue/1> } ; DROP ALL ; {<x"


def test_injected_iri_is_refused_in_one_line(project_ds):
    with pytest.raises(PlangraphError, match="not a valid IRI"):
        execute("trace", {"element": BAD_ELEMENT}, graph=project_ds)
    res = run_cli("query", "trace", "-p", f"element={BAD_ELEMENT}")
    assert res.exit_code == 2 and res.stdout == ""
    assert res.stderr.startswith("plangraph: queries/trace.rq: parameter element: ")
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["search", "-p", "keyword=x", "-p", "colour=red"], "unknown parameter colour"),
        (["trace"], "missing required parameter element"),
        (["coverage", "-p", "rank=one"], "'one' is not an integer"),
    ],
)
def test_parameter_errors_are_one_line(project_ds, args, problem):
    name, raw = args[0], dict(a.split("=", 1) for a in args[2::2])
    with pytest.raises(PlangraphError, match=problem):
        execute(name, raw, graph=project_ds)
    res = run_cli("query", *args)
    assert res.exit_code == 2 and problem in res.stderr
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr


def library_style(write_file, body: str):
    """A query file with a library header around ``body`` (param keyword)."""
    return write_file(
        "remote.rq",
        "# title: Search elsewhere\n"
        "# question: (th) ค้นที่อื่น\n"
        "# question: (en) Search elsewhere\n"
        "# param: keyword  string  (required)  text\n"
        f"{body}\n",
    )


def test_service_in_a_library_query_is_refused_unless_allowed(project_ds, write_file):
    port = closed_port()
    path = library_style(
        write_file,
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        f"SELECT ?keyword ?e WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> "
        "{ ?e skos:prefLabel ?keyword } }",
    )
    info = read_query(path)
    with pytest.raises(PlangraphError, match="SERVICE .* refused"):
        lint_query(info)
    with pytest.raises(PlangraphError, match="SERVICE .* refused"):
        plangraph.query(str(path), graph=project_ds, keyword="x")
    # allowed: no refusal, it really tries (a closed loopback port) and fails in one line
    with pytest.raises(PlangraphError, match="query failed") as err:
        execute(info, {"keyword": "x"}, graph=project_ds, allow_network=True)
    assert "refused: queries run offline" not in str(err.value)
    res = run_cli("query", path, "-p", "keyword=x", "--allow-network")
    assert res.exit_code == 2 and res.stderr.count("\n") == 1


def test_service_failure_on_oxigraph_is_one_line(write_file):
    path = library_style(
        write_file,
        f"SELECT ?keyword ?s WHERE {{ SERVICE <http://127.0.0.1:{closed_port()}/sparql> "
        "{ ?s ?p ?keyword } }",
    )
    res = run_cli("query", path, "-p", "keyword=x", "--allow-network", "--engine", "oxigraph")
    assert res.exit_code == 2 and res.stderr.startswith("plangraph: ")


def test_load_in_a_library_query_is_refused(project_ds, write_file):
    path = library_style(write_file, "LOAD <http://127.0.0.1:9/data.ttl>")
    before = len(project_ds)
    for allow in (False, True):
        with pytest.raises(PlangraphError, match=r"SPARQL Update \(LOAD\) refused"):
            execute(read_query(path), {"keyword": "x"}, graph=project_ds, allow_network=allow)
    assert len(project_ds) == before
    res = run_cli("query", path, "-p", "keyword=x", "--allow-network")
    assert res.exit_code == 2 and "SPARQL Update (LOAD) refused" in res.stderr
