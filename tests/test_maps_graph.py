"""The maps' graph: nodes and edges from RDF, highlighted paths, chains, coverage, wording."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import networkx as nx
import pytest
from maps_support import PG, fixture_graph, iri, plan_elements, project_graph
from rdflib import Graph, URIRef

from plangraph.maps.coverage import coverage
from plangraph.maps.data import INDICATOR_LEVEL, Element, Progress, Target, read_map_data
from plangraph.maps.graph import (
    ALIGNMENT,
    PART_OF,
    build_graph,
    chain_score,
    chains,
    highlight,
    national_strategies,
)
from plangraph.maps.network import payload
from plangraph.maps.text import number, progress_text, shorten, target_text


@pytest.fixture(scope="module")
def mini_rdf() -> Graph:
    return fixture_graph("mini")


@pytest.fixture(scope="module")
def mini(mini_rdf: Graph) -> nx.DiGraph:
    return build_graph(read_map_data(mini_rdf))


@pytest.fixture(scope="module")
def project_rdf() -> Graph:
    return project_graph()


def _check_counts(rdf: Graph, g: nx.DiGraph) -> None:
    elements = plan_elements(rdf)
    assert {URIRef(n) for n in g} == elements
    part_of = {(s, o) for s, o in rdf.subject_objects(PG.partOf) if s in elements and o in elements}
    assert {(URIRef(a), URIRef(b)) for a, b, k in g.edges(data="kind") if k == PART_OF} == part_of
    claims = {(rdf.value(a, PG.fromElement), rdf.value(a, PG.toElement))
              for a in rdf.subjects(PG.fromElement, None)}
    aligned = {(URIRef(a), URIRef(b)) for a, b, k in g.edges(data="kind") if k == ALIGNMENT}
    assert aligned == {(a, b) for a, b in claims if a in elements and b in elements}


def test_mini_graph_has_one_node_per_plan_element_and_all_edges(mini_rdf, mini) -> None:
    _check_counts(mini_rdf, mini)
    assert mini.number_of_nodes() == 13
    assert mini.graph["dangling"] == []


def test_project_graph_has_one_node_per_plan_element_and_all_edges(project_rdf) -> None:
    g = build_graph(read_map_data(project_rdf))
    _check_counts(project_rdf, g)
    assert g.number_of_nodes() > 100


def test_levels_follow_plan_rank_and_indicators_sit_at_six(mini) -> None:
    levels = {n: d["element"].level for n, d in mini.nodes(data=True)}
    assert levels[iri("t-ns/strategy/1")] == 1
    assert levels[iri("t-nesdp/strategy/1")] == 2
    assert levels[iri("t-lampang/issue/1")] == 5
    assert levels[iri("t-lampang/issue/1/indicator/1")] == INDICATOR_LEVEL == 6


def test_edges_point_up_the_cascade(mini) -> None:
    part = mini.edges[iri("t-lampang/issue/1/indicator/1"), iri("t-lampang/issue/1")]
    assert part["kind"] == PART_OF
    edge = mini.edges[iri("t-lampang/issue/1"), iri("t-cluster/issue/1")]
    assert edge["kind"] == ALIGNMENT
    assert edge["alignment"].basis == "stated"
    assert edge["alignment"].confidence == Decimal("1.0")


def test_alignment_to_unknown_element_is_kept_aside() -> None:
    rdf = fixture_graph("mini")
    rdf.add((URIRef(iri("alignment/x")), PG.fromElement, URIRef(iri("t-lampang/issue/2"))))
    rdf.add((URIRef(iri("alignment/x")), PG.toElement, URIRef(iri("nowhere"))))
    g = build_graph(read_map_data(rdf))
    assert [c.iri for c in g.graph["dangling"]] == [iri("alignment/x")]


def test_highlight_from_indicator_reaches_both_national_strategies(mini) -> None:
    nodes, edges = highlight(mini, iri("t-lampang/issue/1/indicator/1"))
    expected = {iri(s) for s in (
        "t-lampang/issue/1/indicator/1", "t-lampang/issue/1", "t-cluster/issue/1",
        "t-cluster/issue/1/indicator/1", "t-north/strategy/1", "t-nesdp/strategy/1",
        "t-ns/strategy/1/sub/1", "t-ns/strategy/1", "t-ns/strategy/2")}
    assert nodes == expected
    assert (iri("t-lampang/issue/1"), iri("t-ns/strategy/2")) in edges
    assert all(a in nodes and b in nodes for a, b in edges)


def test_highlight_down_keeps_only_paths_from_indicators(mini) -> None:
    nodes, _ = highlight(mini, iri("t-ns/strategy/1"))
    assert iri("t-lampang/issue/1/indicator/2") in nodes
    assert iri("t-cluster/issue/1/indicator/1") in nodes
    # a provincial strategy is part of the issue but no indicator passes through it
    assert iri("t-lampang/issue/1/strategy/1") not in nodes
    assert iri("t-lampang/issue/2") not in nodes


def test_dead_end_is_not_highlighted(mini) -> None:
    nodes, edges = highlight(mini, iri("t-lampang/issue/2/indicator/1"))
    assert nodes == {iri("t-lampang/issue/2/indicator/1")}
    assert edges == set()


def test_chains_are_sorted_by_confidence_product(mini) -> None:
    found, total = chains(mini, iri("t-lampang/issue/1/indicator/1"))
    assert total == 3
    scores = [chain_score(mini, c) for c in found]
    assert scores == [Decimal("0.432"), Decimal("0.3024"), Decimal("0.3")]
    assert found[-1][-1] == iri("t-ns/strategy/2")
    assert all(c[0] == iri("t-lampang/issue/1/indicator/1") for c in found)


def test_chains_cap_at_limit(mini) -> None:
    found, total = chains(mini, iri("t-lampang/issue/1/indicator/1"), limit=1)
    assert len(found) == 1 and total == 3


def test_national_strategies_in_order(mini) -> None:
    assert national_strategies(mini) == [iri("t-ns/strategy/1"), iri("t-ns/strategy/2")]


def test_coverage_counts_indicators_and_marks_gaps(mini) -> None:
    cov = coverage(mini)
    lampang1, lampang2, cluster1 = (iri("t-lampang/issue/1"), iri("t-lampang/issue/2"),
                                    iri("t-cluster/issue/1"))
    ns1, ns2 = iri("t-ns/strategy/1"), iri("t-ns/strategy/2")
    assert cov.issues == [lampang1, lampang2, cluster1]  # province first, then cluster
    assert len(cov.cells[lampang1, ns1]) == 2
    assert len(cov.cells[lampang1, ns2]) == 2
    assert cov.cells[lampang2, ns1] == [] and cov.heat(lampang2, ns1) == 0
    assert cov.cells[cluster1, ns1] == [iri("t-cluster/issue/1/indicator/1")]
    assert cov.cells[cluster1, ns2] == []
    assert cov.heat(lampang1, ns1) == 4 and cov.heat(cluster1, ns1) == 2


def test_payload_matches_graph(mini) -> None:
    data = payload(mini, read_map_data(fixture_graph("mini")).plans)
    vis_nodes = data["network"]["nodes"]
    assert len(vis_nodes) == mini.number_of_nodes()
    assert {n["id"] for n in vis_nodes} == set(mini)
    assert all(isinstance(n["title"], str) for n in vis_nodes)
    assert len(data["network"]["edges"]) == mini.number_of_edges()
    options = data["network"]["options"]
    assert options["physics"]["enabled"] is False
    assert options["layout"]["hierarchical"]["sortMethod"] == "directed"
    assert "Noto Sans Thai" in options["nodes"]["font"]["face"]  # spaces kept (no set_options)
    styles = {data["edges"][e["id"]]["basis"]: e for e in data["network"]["edges"]
              if data["edges"][e["id"]]["kind"] == ALIGNMENT}
    assert styles["stated"]["dashes"] is False and styles["curated"]["dashes"] is True
    by_id = {e["id"]: e for e in data["network"]["edges"]}
    part_of = [by_id[i] for i, m in data["edges"].items() if m["kind"] == PART_OF]
    assert all(e["width"] == 1 for e in part_of)


@pytest.mark.parametrize("text", [
    "สนับสนุนอำนวยความสะดวกและเสริมสร้างบรรยากาศที่เอื้อต่อการพัฒนาเศรษฐกิจ",
    "น้ำ" * 40,
    "ที่ี่" * 30,
])
def test_shorten_never_strands_a_thai_mark(text: str) -> None:
    short = shorten(text, 10)
    assert short.endswith("…")
    body = short[:-1]
    assert text.startswith(body)
    # the cut falls before a base character, never between a base and its marks
    assert unicodedata.category(text[len(body)])[0] != "M"


def test_progress_text_gives_thai_readers_buddhist_era_years() -> None:
    e = Element(iri="x", cls="Indicator", class_th="ตัวชี้วัด", class_en="Indicator", plan="p",
                rank=5, notation="1", order=1, label_th="ก", label_en="a", section="",
                parent=None, progress=Progress(first_year="2018", first_value=Decimal("15"),
                                               last_year="2023", last_value=Decimal("7.5"),
                                               status="behind", status_th="ล่าช้า",
                                               status_en="behind"))
    assert progress_text(e, "th") == "ล่าสุด 7.5 (พ.ศ. 2566) แรกสุด 15 (พ.ศ. 2561): ล่าช้า"
    assert progress_text(e, "en") == "latest 7.5 (2023), first 15 (2018): behind"


def test_target_wording() -> None:
    t = Target(value=Decimal("12000"), value_wording="๑๒,๐๐๐", unit_th="ล้านบาท",
               unit_en="million baht", year="2022", year_wording="ปี ๒๕๖๕")
    assert target_text(t, "th") == "๑๒,๐๐๐ ล้านบาท ปี ๒๕๖๕"
    assert target_text(t, "en") == "12,000 million baht by 2022"
    p = Target(value=Decimal("10"), value_wording="๑๐", unit_th="ร้อยละ", unit_en="percent",
               cadence_th="ต่อปี", cadence_en="per year")
    assert target_text(p, "th") == "ร้อยละ ๑๐ ต่อปี"
    assert target_text(p, "en") == "10 percent per year"
    assert target_text(None, "th") == ""
    # a target year the text does not print is given to Thai readers in BE, to others in CE
    unprinted = Target(value=Decimal("5"), unit_th="เรื่อง", unit_en="items", year="2022")
    assert target_text(unprinted, "th") == "5 เรื่อง ปี พ.ศ. 2565"
    assert target_text(unprinted, "en") == "5 items by 2022"
    assert number(Decimal("0.450")) == "0.45"
