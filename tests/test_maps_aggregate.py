"""Maps of a large cascade: the overview folds every cluster and provincial plan into one
node, each folded plan gets its own page, and nothing of the cascade is lost on the way.

Checked against the full cascade graph on a synthetic cascade with many provinces.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest

from plangraph.graph.load import load_store
from plangraph.maps import load_graph, trace_file
from plangraph.maps.aggregate import (
    ALIGNMENT_PAGE,
    FOLD_RANK,
    FULL_MAP_LIMIT,
    MapLayout,
    layout,
    views,
)
from plangraph.maps.data import MapData, Plan
from plangraph.maps.graph import ALIGNMENT, element, highlight, indicators
from plangraph.maps.render import write_maps
from plangraph.synth import Spec, write
from plangraph.validate import validation_sources

MAP_DATA = re.compile(r'<script type="application/json" id="map-data">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def cascade(tmp_path_factory: pytest.TempPathFactory):
    """(full cascade graph, map data) of a 12-province synthetic cascade."""
    _, files = write(Spec(provinces=12, years=0, seed=5), tmp_path_factory.mktemp("synth"))
    return load_graph(load_store(validation_sources(files)))


@pytest.fixture(scope="module")
def folded(cascade):
    """The layout and views with aggregation forced (the cascade is below the default)."""
    g, data = cascade
    maps = layout(g, data, limit=100)
    return maps, {v.page: v for v in views(g, data, maps)}


def _members(g: nx.DiGraph) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for n in g:
        found.setdefault(element(g, n).plan, set()).add(n)
    return found


def test_small_cascades_are_drawn_whole(cascade) -> None:
    g, data = cascade
    assert g.number_of_nodes() <= FULL_MAP_LIMIT
    maps = layout(g, data)
    assert maps == MapLayout()
    (only,) = views(g, data, maps)
    assert only.page == ALIGNMENT_PAGE and only.graph is g


def test_every_cluster_and_province_gets_a_page(cascade, folded) -> None:
    g, data = cascade
    maps, pages = folded
    foldable = {p.iri for p in data.plans.values() if p.rank >= FOLD_RANK}
    assert set(maps.pages) == foldable and len(foldable) > 12
    assert set(pages) == {ALIGNMENT_PAGE, *maps.pages.values()}
    assert len(set(maps.pages.values())) == len(foldable)  # one file each


def test_overview_draws_the_upper_levels_and_one_node_per_folded_plan(cascade, folded) -> None:
    g, data = cascade
    maps, pages = folded
    overview = pages[ALIGNMENT_PAGE].graph
    upper = {n for n in g if element(g, n).rank < FOLD_RANK}
    assert set(overview) == upper | set(maps.pages)
    members = _members(g)
    for plan in maps.pages:
        assert element(overview, plan).members == len(members[plan])
        assert element(overview, plan).page == maps.pages[plan]


def test_overview_keeps_every_alignment_claim_between_plans(cascade, folded) -> None:
    g, data = cascade
    maps, pages = folded
    overview = pages[ALIGNMENT_PAGE].graph
    rep = {n: (element(g, n).plan if element(g, n).plan in maps.pages else n) for n in g}
    expected = sorted(c.iri for a, b, k in g.edges(data="kind") if k == ALIGNMENT
                      and rep[a] != rep[b] for c in g.edges[a, b]["claims"])
    kept = sorted(c.iri for _, _, claims in overview.edges(data="claims") if claims
                  for c in claims)
    assert kept == expected and kept
    for a, b in overview.edges:
        assert element(overview, a).level >= element(overview, b).level  # still pointing up


def test_a_plan_page_draws_its_plan_what_it_reaches_and_what_aligns_into_it(cascade,
                                                                            folded) -> None:
    g, data = cascade
    maps, pages = folded
    members = _members(g)
    for plan, page in maps.pages.items():
        view = pages[page].graph
        own = members[plan]
        above = set().union(*(nx.descendants(g, n) for n in own))
        lower_plans = {element(g, a).plan for a, b in g.edges if b in own} - {plan}
        assert set(view) == own | above | lower_plans, page
        for lower in lower_plans:
            assert element(view, lower).members == len(members[lower] - own - above)


def _reach(g: nx.DiGraph, starts: set[str], avoid: set[str]) -> set[str]:
    """What ``starts`` reach upward in ``g`` by paths that do not run through ``avoid``."""
    sub = g.subgraph(set(g) - (avoid - starts))
    return set().union(*(nx.descendants(sub, n) for n in starts))


def test_folded_nodes_light_up_what_their_elements_reach(cascade, folded) -> None:
    g, data = cascade
    maps, pages = folded
    overview = pages[ALIGNMENT_PAGE].graph
    members = _members(g)
    in_folded = {n for n in g if element(g, n).plan in maps.pages}
    # a path may start inside a folded plan but not run through another one
    reached = {plan: _reach(g, members[plan], in_folded) for plan in maps.pages}
    for plan in maps.pages:
        nodes, _ = highlight(overview, plan)
        tops = {n for n in nodes if element(overview, n).is_national_strategy}
        assert tops == {n for n in reached[plan] if element(g, n).is_national_strategy}, plan
    strategies = [n for n in overview if element(overview, n).is_national_strategy]
    assert strategies
    for strategy in strategies:
        lit, _ = highlight(overview, strategy)
        below = {plan for plan in maps.pages if strategy in reached[plan]}
        assert {n for n in lit if n in maps.pages} == below, strategy


def test_written_pages_link_each_element_to_the_page_that_draws_it(cascade,
                                                                   tmp_path: Path) -> None:
    g, data = cascade
    write_maps(g, data, tmp_path, limit=100)
    maps = layout(g, data, limit=100)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    for page in maps.pages.values():
        assert (tmp_path / page).is_file() and f'href="{page}"' in index
    drawn: dict[str, set[str]] = {}
    for page in [ALIGNMENT_PAGE, *maps.pages.values()]:
        payload = json.loads(MAP_DATA.search((tmp_path / page).read_text(encoding="utf-8"))[1])
        drawn[page] = {n["id"] for n in payload["network"]["nodes"]}
        for node_id, meta in payload["nodes"].items():
            assert meta["page"] == maps.pages.get(node_id, "")
    for node in indicators(g)[:40]:
        trace = (tmp_path / trace_file(node)).read_text(encoding="utf-8")
        page, slug = re.search(r'href="(alignment[^"?]*\.html)\?focus=([^"]+)"', trace).groups()
        assert page == maps.pages[element(g, node).plan]
        assert node in drawn[page] and node.endswith(slug.replace("%2F", "/"))


def test_the_same_pages_from_one_or_two_processes(cascade, tmp_path: Path) -> None:
    g, data = cascade
    one = write_maps(g, data, tmp_path / "one", limit=100, processes=1)
    two = write_maps(g, data, tmp_path / "two", limit=100, processes=2)
    assert [p.name for p in one] == [p.name for p in two] and len(one) > 100
    assert sorted(p.name for p in (tmp_path / "two").iterdir()) == sorted(p.name for p in one)
    assert [p.name for p, q in zip(one, two, strict=True) if p.read_bytes() != q.read_bytes()] == []


def test_plans_whose_names_read_alike_get_pages_of_their_own() -> None:
    plans = {iri: Plan(iri, 5, "", "", "", "", identifier=name)
             for iri, name in [("urn:x:1", "a b"), ("urn:x:2", "a-b"), ("urn:x:3", "a/b")]}
    maps = layout(nx.DiGraph(), MapData(plans=plans), limit=-1)
    assert sorted(maps.pages.values()) == ["alignment-a-b-2.html", "alignment-a-b-3.html",
                                           "alignment-a-b.html"]


_VIEW_ORDER = """
import json, sys
from pathlib import Path
from plangraph.graph.load import load_store
from plangraph.maps import load_graph
from plangraph.maps.aggregate import layout, views
from plangraph.synth import Spec, write
from plangraph.validate import validation_sources
_, files = write(Spec(provinces=3, years=0, seed=5), Path(sys.argv[1]))
g, data = load_graph(load_store(validation_sources(files)))
print(json.dumps([[v.page, list(v.graph.nodes), [[a, b, [c.iri for c in d.get("claims", [])]]
                   for a, b, d in v.graph.edges(data=True)]]
                  for v in views(g, data, layout(g, data, limit=20))]))
"""


def test_folded_views_are_the_same_in_every_process(tmp_path: Path) -> None:
    """The pages list nodes and edges in one order whatever the process's string hashing
    (sets of IRIs iterate in a different order in each process)."""
    import os
    import subprocess
    import sys

    out = []
    for seed in ("1", "2"):
        folder = tmp_path / seed
        folder.mkdir()
        done = subprocess.run([sys.executable, "-c", _VIEW_ORDER, str(folder)], check=True,
                              capture_output=True, text=True,
                              env={**os.environ, "PYTHONHASHSEED": seed})
        out.append(json.loads(done.stdout))
    assert len(out[0]) > 3
    assert out[0] == out[1]
