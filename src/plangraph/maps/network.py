"""The alignment map's network with pyvis: nodes, edges and vis-network options.

pyvis is used only to assemble the data; its own page template is never rendered (it is
not offline and does not escape). Options are a plain dict: ``set_options()`` would strip
the spaces out of font names such as ``Noto Sans Thai``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import networkx as nx
from pyvis.network import Network

from plangraph.maps.data import INDICATOR_LEVEL, Plan, slug
from plangraph.maps.graph import ALIGNMENT, element
from plangraph.maps.panel import panel
from plangraph.maps.text import arabic_digits, claims_tooltip, heading, label, number_of, tooltip

FONT_STACK = '"Noto Sans Thai", "Sarabun", "Loma", "Garuda", "Tlwg Typo", sans-serif'


@dataclass(frozen=True)
class LevelStyle:
    """How one level looks, and what the legend calls it."""

    level: int
    th: str
    en: str
    border: str
    background: str


# Okabe-Ito hues (colour-blind safe) as borders, pale tints as fills; text stays dark.
LEVEL_COLOURS: dict[int, tuple[str, str]] = {
    1: ("#6a3d9a", "#e8dcf2"),
    2: ("#0072b2", "#d5e8f5"),
    3: ("#009e73", "#d3efe5"),
    4: ("#d55e00", "#f9e0cc"),
    5: ("#cc79a7", "#f6e3ee"),
    INDICATOR_LEVEL: ("#8c6d1f", "#f4ebcf"),
}
PART_OF_COLOUR = "#9a9a9a"
BASIS_COLOURS = {"stated": "#1b4f72", "curated": "#b03a2e", "suggested": "#b9770e"}
UNKNOWN_BASIS_COLOUR = "#555555"
#: Layout (px at zoom 1): columns of levels, rows of nodes, and the widest box.
LEVEL_SEPARATION = 250
NODE_SPACING = 84
NODE_WIDTH = 220
FONT_SIZE = 14
#: The smallest on-screen font size (px) the map's views zoom out to.
READABLE_PX = 10
FADED = {"node_border": "#dddddd", "node_background": "#f4f4f4", "font": "#c4c4c4",
         "edge": "#ececec"}


def level_styles(plans: dict[str, Plan]) -> list[LevelStyle]:
    """Legend entries for levels 1..5 (named after the plans' levels) and indicators."""
    names: dict[int, tuple[str, str]] = {}
    for plan in plans.values():  # each rank named by its first plan (every page asks: no sort)
        names.setdefault(plan.rank, (plan.level_th, plan.level_en))
    names[INDICATOR_LEVEL] = ("ตัวชี้วัด", "Indicators")
    return [
        LevelStyle(level, *names.get(level, (f"ระดับ {level}", f"Level {level}")),
                   *LEVEL_COLOURS[level])
        for level in sorted(LEVEL_COLOURS)
    ]


def vis_options() -> dict[str, Any]:
    """vis-network options: levels left to right, no physics, text-sized boxes."""
    return {
        "layout": {
            "hierarchical": {
                "enabled": True,
                "direction": "LR",
                "sortMethod": "directed",
                "levelSeparation": LEVEL_SEPARATION,
                "nodeSpacing": NODE_SPACING,
                "treeSpacing": 90,
                "blockShifting": True,
                "edgeMinimization": True,
                "parentCentralization": True,
            }
        },
        "physics": {"enabled": False},
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "multiselect": False,
            "navigationButtons": False,
            # keyboard off: with it vis calls frame.focus() on every click, which scrolls a
            # partly visible map into view between pointer down and up (wrong node picked).
            "keyboard": {"enabled": False},
        },
        "nodes": {
            "shape": "box",
            "margin": 8,
            "borderWidth": 1.5,
            # wider than any pre-wrapped line (maps.text.wrap): vis never breaks one itself
            "widthConstraint": {"maximum": NODE_WIDTH},
            "font": {"face": FONT_STACK, "size": FONT_SIZE, "color": "#1a1a1a"},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "smooth": {"enabled": True, "type": "cubicBezier",
                       "forceDirection": "horizontal", "roundness": 0.45},
            "font": {"face": FONT_STACK, "size": 11},
        },
    }


def edge_style(attrs: dict[str, Any]) -> dict[str, Any]:
    """Part-of thin grey; alignment by basis (stated solid, curated dashed), width by
    confidence."""
    claim = attrs.get("alignment")
    if attrs["kind"] != ALIGNMENT or claim is None:
        return {"color": {"color": PART_OF_COLOUR}, "width": 1, "dashes": False}
    confidence = float(claim.confidence) if claim.confidence is not None else 0.0
    return {
        "color": {"color": BASIS_COLOURS.get(claim.basis, UNKNOWN_BASIS_COLOUR)},
        "width": round(1 + 4 * max(0.0, min(confidence, 1.0)), 2),
        "dashes": claim.basis != "stated",
    }


def build_network(g: nx.DiGraph, plans: dict[str, Plan]) -> Network:
    """A pyvis Network with one box per element and one arrow per edge (pointing up)."""
    net = Network(directed=True, cdn_resources="remote")
    for node in g:
        e = element(g, node)
        border, background = LEVEL_COLOURS[e.level]
        net.add_node(
            node,
            label=label(e, "th"),
            shape="box",
            color={"border": border, "background": background,
                   "highlight": {"border": border, "background": background},
                   "hover": {"border": border, "background": background}},
            title=tooltip(e, plans.get(e.plan)),
            level=e.level,
        )
    for n, (a, b, attrs) in enumerate(g.edges(data=True)):
        claims = attrs.get("claims") or []
        net.add_edge(a, b, id=f"e{n}", **edge_style(attrs),
                     **({"title": claims_tooltip(claims)} if claims else {}))
    net.options = vis_options()
    return net


def home_nodes(g: nx.DiGraph) -> list[str]:
    """Where the map opens: the issues of the lowest-level plan (the provincial plan on
    the project's data), else its elements."""
    drawn = [n for n in g if not element(g, n).members]  # not the folded plans
    if not drawn:
        return []
    lowest = max(element(g, n).rank for n in drawn)
    plan_nodes = [n for n in drawn if element(g, n).rank == lowest]
    issues = [n for n in plan_nodes if element(g, n).is_issue]
    return sorted(issues or plan_nodes)


def search_text(*parts: str) -> str:
    """Lower-case text with Arabic digits and single spaces (as the page's script makes the
    query)."""
    return " ".join(arabic_digits(" ".join(parts)).casefold().split())


def payload(g: nx.DiGraph, plans: dict[str, Plan],
            trace: Callable[[str], str] | None = None) -> dict[str, Any]:
    """Everything the alignment page's script needs, as JSON-ready data (``trace``: an
    indicator's trace page name)."""
    net = build_network(g, plans)
    nodes_meta = {}
    for node in g:
        e = element(g, node)
        nodes_meta[node] = {
            "slug": slug(node),
            "level": e.level,
            "rank": e.rank,
            "labelTh": label(e, "th"),
            "labelEn": label(e, "en"),
            "search": search_text(heading(e, "th"), heading(e, "en"), e.label_th, e.label_en,
                                  e.section),
            "number": number_of(e),
            "kinds": [search_text(heading(e, "th")), search_text(heading(e, "en"))],
            "panel": panel(g, plans, node, trace(node) if trace and e.is_indicator else ""),
            "indicator": e.is_indicator,
            "gathers": e.gathers_indicators,
            "top": e.is_national_strategy,
            "page": e.page,
        }
    edges_meta = {}
    for edge in net.edges:
        attrs = g.edges[edge["from"], edge["to"]]
        claim = attrs.get("alignment")
        edges_meta[edge["id"]] = {"kind": attrs["kind"], "basis": claim.basis if claim else ""}
    return {
        "network": {"nodes": net.nodes, "edges": net.edges, "options": net.options},
        "nodes": nodes_meta,
        "edges": edges_meta,
        "levels": [s.__dict__ for s in level_styles(plans)],
        "faded": FADED,
        "view": {"levelSeparation": LEVEL_SEPARATION, "nodeSpacing": NODE_SPACING,
                 "nodeWidth": NODE_WIDTH, "fontSize": FONT_SIZE, "readablePx": READABLE_PX,
                 "home": home_nodes(g)},
    }
