"""What the alignment map's side panel says about one element: its texts, plan, target and
progress, the National Strategy strategies it reaches (through what, with the weakest link
of each path), and links to its trace and site pages.

Plain JSON-ready data; the page's script puts it in with ``textContent`` only.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import networkx as nx

from plangraph.maps.data import Alignment, Plan, slug
from plangraph.maps.graph import chains, down_path_nodes, element, up_path_nodes
from plangraph.maps.text import confidence_text, heading, progress_text, target_text
from plangraph.publish.site.layout import ID_DIR, file_segment

#: From ``build/maps/`` to the linked-data site's pages (``build/site/``).
SITE_ROOT = "../site/"


def site_href(node: str) -> str:
    """``../site/id/lampang/issue/2/index.html``: the element's page on the static site."""
    parts = [file_segment(s) for s in slug(node).rstrip("/").split("/")]
    return SITE_ROOT + "/".join([ID_DIR, *parts, "index.html"])


def weakest_link(g: nx.DiGraph, path: list[str]) -> tuple[str, str, Alignment] | None:
    """The least confident alignment claim along ``path`` (None when it has none)."""
    links = [(a, b, g.edges[a, b]["alignment"]) for a, b in zip(path, path[1:], strict=False)
             if g.edges[a, b].get("alignment") is not None]
    if not links:
        return None
    return min(links, key=lambda link: link[2].confidence or Decimal(0))


def _name(g: nx.DiGraph, node: str) -> dict[str, str]:
    e = element(g, node)
    return {"th": heading(e, "th"), "en": heading(e, "en"), "textTh": e.label_th,
            "textEn": e.label_en}


def reached(g: nx.DiGraph, node: str) -> list[dict[str, Any]]:
    """Per National Strategy strategy that ``node`` reaches (every one): its strongest path
    among the strongest chains, else its shortest (the node ids between), and that path's
    weakest link (its ends' ids)."""
    found, _ = chains(g, node, limit=20)
    best: dict[str, list[str]] = {}
    for path in found:  # strongest first
        best.setdefault(path[-1], path)
    on_path = up_path_nodes(g, node)
    for top in on_path:  # a strategy only weaker paths reach: its shortest one
        if element(g, top).is_national_strategy and top not in best:
            best[top] = nx.shortest_path(g.subgraph(on_path | {node}), node, top)
    out = []
    for top, path in sorted(best.items(), key=lambda item: heading(element(g, item[0]), "en")):
        weak = weakest_link(g, path)
        out.append({
            "id": top, **_name(g, top),
            "via": path[1:-1],
            "weakest": None if weak is None else {
                "from": weak[0], "to": weak[1],
                "confidence": confidence_text(weak[2]),
                "basisTh": weak[2].basis_th or weak[2].basis,
                "basisEn": weak[2].basis_en or weak[2].basis,
            },
        })
    return out


def panel(g: nx.DiGraph, plans: dict[str, Plan], node: str, trace: str) -> dict[str, Any]:
    """The side panel's data for ``node`` (``trace``: its trace page, '' if none)."""
    e = element(g, node)
    plan = plans.get(e.plan)
    return {
        **_name(g, node),
        "planTh": plan.label_th if plan else "", "planEn": plan.label_en if plan else "",
        "levelTh": plan.level_th if plan else "", "levelEn": plan.level_en if plan else "",
        "targetTh": target_text(e.target, "th"), "targetEn": target_text(e.target, "en"),
        "progressTh": progress_text(e, "th"), "progressEn": progress_text(e, "en"),
        "reaches": [] if e.is_national_strategy else reached(g, node),
        "reachedBy": sum(1 for n in down_path_nodes(g, node) if element(g, n).is_indicator),
        "trace": trace,
        "site": "" if e.members else site_href(node),
        "page": e.page,
    }
