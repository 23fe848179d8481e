"""The side panel's reached strategies: every National Strategy strategy an element has a
path to is listed (even beyond the strongest chains), each with the weakest link of its path."""

from __future__ import annotations

from decimal import Decimal

import networkx as nx
import pytest
from maps_support import project_graph

from plangraph.maps import load_graph
from plangraph.maps import panel as panel_module
from plangraph.maps.graph import element
from plangraph.maps.panel import reached, site_href


@pytest.fixture(scope="module")
def cascade() -> nx.DiGraph:
    return load_graph(project_graph())[0]


def _tops(g: nx.DiGraph, node: str) -> set[str]:
    """Strategies reachable by networkx alone (no folded plans in the project's data)."""
    return {n for n in nx.descendants(g, node) if element(g, n).is_national_strategy}


def test_every_reached_strategy_is_listed_with_its_weakest_link(cascade) -> None:
    checked = 0
    for node in cascade:
        if element(cascade, node).is_national_strategy:
            continue
        listed = reached(cascade, node)
        assert {r["id"] for r in listed} == _tops(cascade, node), node
        for r in listed:
            path = [node, *r["via"], r["id"]]
            assert nx.is_path(cascade, path)
            links = zip(path, path[1:], strict=False)
            claims = [cascade.edges[a, b].get("alignment") for a, b in links]
            confidences = [c.confidence or Decimal(0) for c in claims if c is not None]
            if confidences:
                assert Decimal(r["weakest"]["confidence"]) == min(confidences)
            checked += 1
    assert checked > 50


def test_strategies_beyond_the_strongest_chains_are_still_listed(cascade, monkeypatch) -> None:
    monkeypatch.setattr(panel_module, "chains", lambda g, node, limit=50: ([], 0))
    node = next(n for n in cascade if element(cascade, n).is_indicator and _tops(cascade, n))
    assert {r["id"] for r in reached(cascade, node)} == _tops(cascade, node)


def test_site_link_follows_the_site_layout() -> None:
    assert site_href("https://w3id.org/plangraph/id/lampang/issue/2") == (
        "../site/id/lampang/issue/2/index.html")
