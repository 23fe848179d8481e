"""Maps of a large cascade: an overview with whole plans folded into one node, and one map
per folded plan.

Up to :data:`FULL_MAP_LIMIT` elements, ``alignment.html`` draws every element. Above it
(all of Thailand: ~76 provinces, ~5.5 k elements; the 100× benchmark: 14.6 k), the
overview draws the national, NESDP and regional elements in full and every cluster and
provincial plan (rank :data:`FOLD_RANK` and below) as one node; each folded plan gets its
own page ``alignment-<plan>.html`` with its elements in full, everything above them that
they reach, and the lower plans that align into it, folded again. Each page stays small
enough for vis-network to lay out at once, whatever the number of provinces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import networkx as nx

from plangraph.maps.data import Element, MapData, Plan
from plangraph.maps.graph import ALIGNMENT, PART_OF, claim_strength, closure, element
from plangraph.paths import PG

#: Most elements ``alignment.html`` draws one by one; above it the maps are aggregated.
FULL_MAP_LIMIT = 1500
#: The most nodes any map page draws at 100× (the overview: 304 at 220 provinces; a
#: provincial map: at most ~120). Checked by tests/test_maps_browser.py; the time Chromium
#: takes to draw these pages is measured by benchmarks/run.py (docs/benchmarks.md).
PAGE_NODE_BOUND = 400
#: Plans of this rank and below (4 cluster, 5 province) fold into one node on the overview.
FOLD_RANK = 4
ALIGNMENT_PAGE = "alignment.html"
PLAN_CLASS = PG + "Plan"


@dataclass(frozen=True)
class View:
    """One alignment-map page: file name, the plan it is about (None: the overview) and
    the graph it draws."""

    page: str
    plan: Plan | None
    graph: nx.DiGraph


@dataclass
class MapLayout:
    """Which page draws which element in full."""

    aggregated: bool = False
    #: folded plan IRI -> its own page
    pages: dict[str, str] = field(default_factory=dict)

    def page_of(self, e: Element) -> str:
        """The page that draws ``e`` in full."""
        return self.pages.get(e.plan, ALIGNMENT_PAGE)


def plan_page(plan: Plan) -> str:
    """``alignment-lampang.html`` from the plan's identifier (or its IRI's last segment)."""
    name = plan.identifier or plan.iri.rstrip("/").rsplit("/", 1)[-1]
    return f"alignment-{re.sub(r'[^A-Za-z0-9._-]+', '-', name).strip('-.') or 'plan'}.html"


def layout(g: nx.DiGraph, data: MapData, limit: int = FULL_MAP_LIMIT) -> MapLayout:
    """Aggregate when ``g`` has more than ``limit`` elements: every plan of rank
    :data:`FOLD_RANK` or below gets a page."""
    if g.number_of_nodes() <= limit:
        return MapLayout()
    folded = sorted((p for p in data.plans.values() if p.rank >= FOLD_RANK),
                    key=lambda p: (p.rank, p.identifier, p.iri))
    pages: dict[str, str] = {}
    for plan in folded:  # identifiers that read alike get -2, -3, … (one file each)
        page, n = plan_page(plan), 1
        while page in pages.values():
            n += 1
            page = plan_page(plan).removesuffix(".html") + f"-{n}.html"
        pages[plan.iri] = page
    return MapLayout(aggregated=True, pages=pages)


def views(g: nx.DiGraph, data: MapData, maps: MapLayout) -> list[View]:
    """The overview (``alignment.html``) and, when aggregated, one view per folded plan."""
    if not maps.aggregated:
        return [View(ALIGNMENT_PAGE, None, g)]
    members: dict[str, set[str]] = {}
    for n in g:
        members.setdefault(element(g, n).plan, set()).add(n)
    top = {n for n in g if element(g, n).plan not in maps.pages}
    result = [View(ALIGNMENT_PAGE, None, fold(g, data, maps, top, members, set(maps.pages)))]
    for iri, page in maps.pages.items():
        own = members.get(iri, set())
        below = {element(g, a).plan for b in own for a in g.pred[b]} & set(maps.pages) - {iri}
        shown = closure(g, own, up=True)
        result.append(View(page, data.plans[iri], fold(g, data, maps, shown, members, below)))
    return result


def folded_node(plan: Plan, members: int, page: str) -> Element:
    """A whole plan as one node of a map."""
    return Element(iri=plan.iri, cls=PLAN_CLASS, class_th="แผน", class_en="Plan",
                   plan=plan.iri, rank=plan.rank, notation="", order=None,
                   label_th=plan.label_th, label_en=plan.label_en, section="", parent=None,
                   members=members, page=page)


def fold(g: nx.DiGraph, data: MapData, maps: MapLayout, shown: set[str],
         members: dict[str, set[str]], folded: set[str]) -> nx.DiGraph:
    """``g`` with the ``shown`` nodes as they are, the elements of each ``folded`` plan
    (``members``: plan IRI -> its elements) merged into one node, and everything else
    left out.

    Edges follow their ends; edges within one folded plan vanish; alignment claims between
    the same pair of nodes merge (strongest first, all kept under ``claims``).
    """
    node_of = {n: n for n in sorted(shown)}  # sorted: the page is the same in every process
    view = nx.DiGraph(dangling=[])
    for n in node_of:
        view.add_node(n, element=element(g, n))
    for iri in sorted(folded):
        inside = sorted(members.get(iri, set()) - shown)
        node_of.update(dict.fromkeys(inside, iri))
        view.add_node(iri, element=folded_node(data.plans[iri], len(inside), maps.pages[iri]))
    for a, b, attrs in g.out_edges(node_of, data=True):
        ra, rb = node_of[a], node_of.get(b)
        if rb is None or ra == rb:
            continue
        if attrs["kind"] == PART_OF:
            if (ra, rb) == (a, b):
                view.add_edge(a, b, **attrs)
            continue
        old = view.edges[ra, rb]["claims"] if view.has_edge(ra, rb) else []
        claims = sorted([*old, *attrs["claims"]], key=claim_strength, reverse=True)
        view.add_edge(ra, rb, kind=ALIGNMENT, alignment=claims[0], claims=claims)
    return view
