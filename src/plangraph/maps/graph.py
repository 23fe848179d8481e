"""The cascade as a networkx DiGraph, and the paths through it the maps highlight.

Nodes are plan elements (IRIs) with the :class:`~plangraph.maps.data.Element` under
``element``. Every edge points *up* the cascade: part-of edges from child to parent,
alignment edges from the lower element (``pg:fromElement``) to the higher one
(``pg:toElement``). So "up to the National Strategy" follows out-edges and "down to the
indicators" follows in-edges.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from decimal import Decimal
from itertools import islice
from typing import TypeVar

import networkx as nx

from plangraph.maps.data import Alignment, Element, MapData

PART_OF = "partOf"
ALIGNMENT = "alignment"
T = TypeVar("T")


def build_graph(data: MapData) -> nx.DiGraph:
    """One node per plan element; part-of and alignment edges pointing up.

    Claims whose ends are not plan elements are kept in ``graph.graph["dangling"]``.
    Several claims between the same pair share one edge; the most confident is
    ``alignment`` and all are in ``claims``.
    """
    g = nx.DiGraph(dangling=[])
    for element in data.elements.values():
        g.add_node(element.iri, element=element)
    for element in data.elements.values():
        if element.parent and element.parent in data.elements:
            g.add_edge(element.iri, element.parent, kind=PART_OF)
    for claim in data.alignments:
        if claim.source not in g or claim.target not in g:
            g.graph["dangling"].append(claim)
            continue
        pair = (claim.source, claim.target)
        attrs = g.edges[pair] if g.has_edge(*pair) else {}
        claims = sorted([*attrs.get("claims", []), claim], key=claim_strength, reverse=True)
        g.add_edge(claim.source, claim.target, kind=ALIGNMENT, alignment=claims[0], claims=claims)
    return g


def closure(g: nx.DiGraph, starts: Iterable[str], up: bool = True,
            kind: str | None = None) -> set[str]:
    """``starts`` and every node reachable from one of them (``up``: along the edges,
    else against them; only edges of ``kind`` when given), in one walk.

    Paths do not run *through* a folded plan (an overview node standing for a whole plan,
    :mod:`.aggregate`): its elements' own links are not known there, so a walk reaches it
    but goes on from it only when it is a start.
    """
    step = g.succ if up else g.pred
    seen = set(starts)
    todo = list(seen)
    while todo:
        for nxt, attrs in step[todo.pop()].items():
            if nxt not in seen and (kind is None or attrs["kind"] == kind):
                seen.add(nxt)
                if not element(g, nxt).members:
                    todo.append(nxt)
    return seen


def _cached(g: nx.DiGraph, key: str, compute: Callable[[], T]) -> T:
    """A whole-graph value, computed once per graph (the graph is not changed after
    :func:`build_graph`; a subgraph view shares its graph's cache, so ask the graph)."""
    if key not in g.graph:
        g.graph[key] = compute()
    return g.graph[key]


def below(g: nx.DiGraph, top: str) -> set[str]:
    """``top`` and every node with a path up to it (once per node: it is asked for the
    six National Strategy strategies)."""
    return _cached(g, f"below {top}", lambda: closure(g, [top], up=False))


def reached_from_indicator(g: nx.DiGraph) -> set[str]:
    """Every node some indicator (or folded plan) has a path up to (those included)."""
    return _cached(g, "reached_from_indicator", lambda: closure(
        g, [n for n in g if element(g, n).gathers_indicators], up=True))


def claim_strength(claim: Alignment) -> tuple[int, Decimal]:
    """Sort key: stated before curated, then by confidence."""
    return (1 if claim.basis == "stated" else 0, claim.confidence or Decimal(0))


def element(g: nx.DiGraph, node: str) -> Element:
    """The element record of ``node``."""
    return g.nodes[node]["element"]


def national_strategies(g: nx.DiGraph) -> list[str]:
    """The National Strategy's strategies, in notation order."""
    return list(_cached(g, "national_strategies", lambda: sorted(
        (n for n in g if element(g, n).is_national_strategy),
        key=lambda n: notation_key(element(g, n)))))


def plan_members(g: nx.DiGraph, plan: str) -> list[str]:
    """The nodes of ``plan``'s elements, in graph order."""
    return list(_cached(g, "plan_members", lambda: _by_plan(g)).get(plan, []))


def edges_among(g: nx.DiGraph, nodes: Collection[str]) -> Iterator[tuple[str, str, dict]]:
    """The edges (with their data) between ``nodes``, in the order of ``g.edges`` (without
    walking every edge of the graph)."""
    order = _cached(g, "node_order", lambda: {n: i for i, n in enumerate(g)})
    for a in sorted((n for n in nodes if n in order), key=order.__getitem__):
        for b, attrs in g.succ[a].items():
            if b in nodes:
                yield a, b, attrs


def _by_plan(g: nx.DiGraph) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for n in g:
        found.setdefault(element(g, n).plan, []).append(n)
    return found


def indicators(g: nx.DiGraph) -> list[str]:
    """Every indicator node."""
    return [n for n in g if element(g, n).is_indicator]


def notation_key(e: Element) -> tuple[int, int | str, str]:
    """Order by numeric notation where there is one."""
    if e.order is not None:
        return (0, e.order, e.iri)
    return (0, int(e.notation), e.iri) if e.notation.isdigit() else (1, e.notation, e.iri)


def up_path_nodes(g: nx.DiGraph, node: str) -> set[str]:
    """Nodes above ``node`` that lie on a path from it to a National Strategy strategy
    (a folded plan it arrives at counts when a strategy above ``node`` reaches it).
    Remembered per graph: the maps ask it for a node on several pages."""
    known: dict[str, frozenset[str]] = _cached(g, "up_path_nodes", dict)
    if node not in known:
        above = closure(g, [node], up=True) - {node}
        tops = [below(g, n) for n in above | {node} if element(g, n).is_national_strategy]
        known[node] = frozenset(n for n in above if any(n in under for under in tops))
    return set(known[node])


def down_path_nodes(g: nx.DiGraph, node: str) -> set[str]:
    """Nodes below ``node`` that lie on a path from an indicator up to it."""
    return (closure(g, [node], up=False) - {node}) & reached_from_indicator(g)


def highlight(g: nx.DiGraph, node: str) -> tuple[set[str], set[tuple[str, str]]]:
    """What clicking ``node`` lights up: every path up to the National Strategy and down
    to the indicators it gathers (nodes, and the edges along those paths)."""
    up = up_path_nodes(g, node) | {node}
    down = down_path_nodes(g, node) | {node}
    edges = {(a, b) for a, b in g.edges if (a in up and b in up) or (a in down and b in down)}
    return up | down, edges


def chains(g: nx.DiGraph, start: str, limit: int = 50) -> tuple[list[list[str]], int]:
    """Paths from ``start`` up to National Strategy strategies, strongest first.

    Returns at most ``limit`` chains and the total number found (counting stops at
    ``10 * limit`` to stay fast on dense graphs).
    """
    on_path = up_path_nodes(g, start)
    tops = [n for n in on_path if element(g, n).is_national_strategy]
    # one walk over the few nodes on the way up, to every top at once
    paths = nx.all_simple_paths(g.subgraph(on_path | {start}), start, tops) if tops else []
    found = list(islice(paths, 10 * limit))
    found.sort(key=lambda path: (-float(chain_score(g, path)), len(path), path))
    return found[:limit], len(found)


def chain_score(g: nx.DiGraph, path: list[str]) -> Decimal:
    """Product of the confidences of the chain's alignment links (part-of counts as 1)."""
    score = Decimal(1)
    for a, b in zip(path, path[1:], strict=False):
        claim: Alignment | None = g.edges[a, b].get("alignment")
        if claim is not None:
            score *= claim.confidence if claim.confidence is not None else Decimal(0)
    return score


def parts_below(g: nx.DiGraph, node: str) -> set[str]:
    """Everything under ``node`` by part-of edges only (its own plan's hierarchy)."""
    return closure(g, [node], up=False, kind=PART_OF) - {node}


def reaches(sources: Iterable[str], below_top: set[str]) -> list[str]:
    """Those of ``sources`` with a path up to the node whose ancestors are ``below_top``."""
    return [s for s in sources if s in below_top]
