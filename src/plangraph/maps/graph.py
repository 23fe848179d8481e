"""The cascade as a networkx DiGraph, and the paths through it the maps highlight.

Nodes are plan elements (IRIs) with the :class:`~plangraph.maps.data.Element` under
``element``. Every edge points *up* the cascade: part-of edges from child to parent,
alignment edges from the lower element (``pg:fromElement``) to the higher one
(``pg:toElement``). So "up to the National Strategy" follows out-edges and "down to the
indicators" follows in-edges.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from itertools import islice

import networkx as nx

from .data import Alignment, Element, MapData

PART_OF = "partOf"
ALIGNMENT = "alignment"


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


def claim_strength(claim: Alignment) -> tuple[int, Decimal]:
    """Sort key: stated before curated, then by confidence."""
    return (1 if claim.basis == "stated" else 0, claim.confidence or Decimal(0))


def element(g: nx.DiGraph, node: str) -> Element:
    """The element record of ``node``."""
    return g.nodes[node]["element"]


def national_strategies(g: nx.DiGraph) -> list[str]:
    """The National Strategy's strategies, in notation order."""
    found = [n for n in g if element(g, n).is_national_strategy]
    return sorted(found, key=lambda n: notation_key(element(g, n)))


def indicators(g: nx.DiGraph) -> list[str]:
    """Every indicator node."""
    return [n for n in g if element(g, n).is_indicator]


def notation_key(e: Element) -> tuple[int, int | str, str]:
    """Order by numeric notation where there is one."""
    if e.order is not None:
        return (0, e.order, e.iri)
    return (0, int(e.notation), e.iri) if e.notation.isdigit() else (1, e.notation, e.iri)


def up_path_nodes(g: nx.DiGraph, node: str) -> set[str]:
    """Nodes above ``node`` that lie on a path from it to a National Strategy strategy."""
    above = nx.descendants(g, node)
    tops = [n for n in above | {node} if element(g, n).is_national_strategy]
    on_path: set[str] = set(tops)
    for top in tops:
        on_path |= nx.ancestors(g, top)
    return above & on_path


def down_path_nodes(g: nx.DiGraph, node: str) -> set[str]:
    """Nodes below ``node`` that lie on a path from an indicator up to it."""
    below = nx.ancestors(g, node)
    starts = [n for n in below if element(g, n).is_indicator]
    on_path: set[str] = set(starts)
    for start in starts:
        on_path |= nx.descendants(g, start)
    return below & on_path


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
    tops = [n for n in up_path_nodes(g, start) if element(g, n).is_national_strategy]
    found: list[list[str]] = []
    for top in tops:
        room = max(0, 10 * limit - len(found))
        found.extend(islice(nx.all_simple_paths(g, start, top), room))
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
    part_of = nx.subgraph_view(g, filter_edge=lambda a, b: g.edges[a, b]["kind"] == PART_OF)
    return nx.ancestors(part_of, node)


def reaches(g: nx.DiGraph, sources: Iterable[str], top: str) -> list[str]:
    """Those of ``sources`` with a path up to ``top``."""
    below = nx.ancestors(g, top)
    return [s for s in sources if s in below]
