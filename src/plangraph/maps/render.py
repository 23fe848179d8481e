"""Write the map pages: alignment map, coverage, one trace page per indicator, index.

The whole site is built into a temporary directory and swapped in at once
(:func:`plangraph.atomic.atomic_dir`), so a failed build leaves the old pages in place.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

import networkx as nx

from plangraph import paths
from plangraph.errors import PlangraphError
from plangraph.maps import html
from plangraph.maps.aggregate import ALIGNMENT_PAGE, FULL_MAP_LIMIT, MapLayout, View, layout, views
from plangraph.maps.coverage import coverage
from plangraph.maps.data import MapData, Plan, Source, read_map_data, slug
from plangraph.maps.graph import (
    ALIGNMENT,
    build_graph,
    chain_score,
    chains,
    element,
    indicators,
    national_strategies,
    up_path_nodes,
)
from plangraph.maps.network import BASIS_COLOURS, PART_OF_COLOUR, level_styles, payload
from plangraph.maps.text import (
    confidence_text,
    number,
    progress_text,
    relation_name,
    shorten,
    target_text,
)
from plangraph.runtime.atomic import atomic_dir, atomic_write
from plangraph.runtime.forkpool import processes_for, run_ranges

COVERAGE_PAGE = "coverage.html"
#: Plans of this rank are provincial: each gets a brief page.
PROVINCE_RANK = 5
INDEX_PAGE = "index.html"


def default_out_dir() -> Path:
    """``build/maps`` under the project."""
    return paths.BUILD_DIR / "maps"


def trace_file(node: str) -> str:
    """``trace-lampang-issue-2-indicator-3.html`` for an indicator IRI."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", slug(node)).strip("-.")
    return f"trace-{name or 'indicator'}.html"


def map_href(g: nx.DiGraph, maps: MapLayout, node: str) -> str:
    """Link to the alignment map page that draws ``node``, focused on it."""
    return f"{maps.page_of(element(g, node))}?focus={quote(slug(node), safe='')}"


def level_css(plans: dict[str, Plan]) -> str:
    """``.lvl-N`` classes carrying each level's colours (no inline styles: CSP)."""
    return "".join(
        f"\n.lvl-{s.level} {{ --lvl-border: {s.border}; --lvl-fill: {s.background}; }}"
        for s in level_styles(plans)
    )


def _plan_names(data: MapData, e_plan: str) -> tuple[str, str]:
    plan = data.plans.get(e_plan)
    return (plan.label_th, plan.label_en) if plan else ("", "")


# --------------------------------------------------------------------------- pages


def alignment_page(view: View, data: MapData, aggregated: bool = False) -> str:
    """An alignment map page (``alignment.html`` or a plan's own): the network, its
    controls, legend and element table."""
    g = view.graph
    rows = []
    for node in sorted(g, key=lambda n: (element(g, n).level, element(g, n).plan, slug(n))):
        e = element(g, node)
        plan_th, plan_en = _plan_names(data, e.plan)
        rows.append({
            "id": node, "anchor": re.sub(r"[^A-Za-z0-9_-]+", "-", slug(node)),
            "level": e.level, "plan_th": plan_th, "plan_en": plan_en,
            "kind_th": e.class_th, "kind_en": e.class_en, "notation": e.notation,
            "th": e.label_th, "en": e.label_en, "section": e.section,
            "target_th": target_text(e.target, "th"), "target_en": target_text(e.target, "en"),
            "progress_th": progress_text(e, "th"), "progress_en": progress_text(e, "en"),
            "trace": trace_file(node) if e.is_indicator else "",
            "page": e.page, "members": e.members,
        })
    strategies = [{"id": n, "notation": element(g, n).notation, "th": element(g, n).label_th,
                   "en": element(g, n).label_en} for n in national_strategies(g)]
    bases = [{"key": "stated", "th": "ต้นฉบับระบุ", "en": "stated"},
             {"key": "curated", "th": "ทีมงานพิจารณา", "en": "curated"}]
    return html.render(
        ALIGNMENT_PAGE,
        plan=view.plan,
        aggregated=aggregated,
        scripts=[html.resource(html.VIS_NETWORK), html.resource(html.MAP_SCRIPT)],
        extra_css=level_css(data.plans),
        counts=_counts(g),
        levels=level_styles(data.plans),
        strategies=strategies,
        bases=bases,
        colours={"partOf": PART_OF_COLOUR, **BASIS_COLOURS},
        rows=rows,
        data_json=html.json_for_script(payload(g, data.plans, trace_file)),
    )


def _step(g: nx.DiGraph, data: MapData, maps: MapLayout, node: str) -> dict[str, Any]:
    e = element(g, node)
    return {"e": e, "plan": data.plans.get(e.plan),
            "target_th": target_text(e.target, "th"), "target_en": target_text(e.target, "en"),
            "progress_th": progress_text(e, "th"), "progress_en": progress_text(e, "en"),
            "map_href": map_href(g, maps, node)}


def _link(attrs: dict[str, Any]) -> dict[str, str]:
    claim = attrs.get("alignment")
    if attrs["kind"] != ALIGNMENT or claim is None:
        return {"kind": "part-of", "basis": ""}
    return {"kind": "alignment", "basis": claim.basis, "basis_th": claim.basis_th,
            "basis_en": claim.basis_en or claim.basis, "confidence": confidence_text(claim),
            "relation": relation_name(claim), "justification_th": claim.justification_th,
            "justification_en": claim.justification_en}


def trace_page(g: nx.DiGraph, data: MapData, node: str, maps: MapLayout | None = None) -> str:
    """``trace-<slug>.html``: the indicator's chains up to the National Strategy."""
    maps = maps or MapLayout()
    found, total = chains(g, node)
    rendered = []
    for path in found:
        steps = [{**_step(g, data, maps, n),
                  "link": _link(g.edges[path[i - 1], n]) if i else None}
                 for i, n in enumerate(path)]
        rendered.append({"steps": steps, "score": number(chain_score(g, path))})
    return html.render(
        "trace.html",
        extra_css=level_css(data.plans),
        start=_step(g, data, maps, node),
        chains=rendered,
        total=total,
    )


def coverage_page(g: nx.DiGraph, data: MapData, maps: MapLayout | None = None) -> str:
    """``coverage.html``: issues × National Strategy strategies heat map with details."""
    maps = maps or MapLayout()
    cov = coverage(g)
    strategies = [{"notation": element(g, s).notation, "th": element(g, s).label_th,
                   "en": element(g, s).label_en,
                   "short_th": shorten(element(g, s).label_th.removeprefix("ยุทธศาสตร์ชาติ"), 22)}
                  for s in cov.strategies]
    rows = []
    for r, issue in enumerate(cov.issues):
        e = element(g, issue)
        cells = []
        for c, strategy in enumerate(cov.strategies):
            behind = cov.cells[issue, strategy]
            cells.append({
                "count": len(behind), "heat": cov.heat(issue, strategy),
                "anchor": f"cell-{r + 1}-{c + 1}",
                "strategy_notation": element(g, strategy).notation,
                "entries": [{"notation": element(g, i).notation, "th": element(g, i).label_th,
                           "trace": trace_file(i), "map_href": map_href(g, maps, i)}
                          for i in behind],
            })
        rows.append({"th": e.label_th, "en": e.label_en, "kind_th": e.class_th,
                     "notation": e.notation, "plan_th": _plan_names(data, e.plan)[0],
                     "indicators": len(cov.indicators[issue]), "cells": cells})
    return html.render(COVERAGE_PAGE, extra_css=level_css(data.plans),
                       strategies=strategies, rows=rows)


def index_page(g: nx.DiGraph, data: MapData, maps: MapLayout | None = None) -> str:
    """``index.html``: links to every page (the plans' own maps when aggregated), traces
    grouped by plan."""
    maps = maps or MapLayout()
    groups: dict[str, list[dict[str, Any]]] = {}
    for node in sorted(indicators(g), key=lambda n: (-element(g, n).rank, slug(n))):
        e = element(g, node)
        parent = element(g, e.parent) if e.parent and e.parent in g else None
        reaches = any(element(g, n).is_national_strategy for n in up_path_nodes(g, node))
        groups.setdefault(e.plan, []).append({
            "href": trace_file(node), "notation": e.notation, "th": e.label_th,
            "parent": f"{parent.class_th} {parent.notation} ›" if parent else "",
            "reaches": reaches,
        })
    traces = [{"plan_th": _plan_names(data, plan)[0], "plan_en": _plan_names(data, plan)[1],
               "entries": items} for plan, items in groups.items()]
    plan_maps = [{"href": page, "th": data.plans[iri].label_th, "en": data.plans[iri].label_en}
                 for iri, page in maps.pages.items()]
    from plangraph.brief import brief_file

    briefs = [{"href": name, "th": data.plans[iri].label_th, "en": data.plans[iri].label_en}
              for iri, name in ((p.iri, brief_file(p)) for p in provincial_plans(g, data))]
    return html.render(INDEX_PAGE, extra_css=level_css(data.plans), counts=_counts(g),
                       traces=traces, plan_maps=plan_maps, briefs=briefs)


def _counts(g: nx.DiGraph) -> dict[str, int]:
    return {
        "elements": g.number_of_nodes(),
        "indicators": len(indicators(g)),
        "alignments": sum(1 for *_, k in g.edges(data="kind") if k == ALIGNMENT),
    }


# --------------------------------------------------------------------------- building


def load_graph(graph: Source | None = None) -> tuple[nx.DiGraph, MapData]:
    """Read the map data from ``graph`` (default: the project's files) and build the DiGraph."""
    if graph is None:
        from plangraph.graph.load import load, merged

        graph = merged(load())
    data = read_map_data(graph)
    return build_graph(data), data


#: A page of the maps: its file name and what renders it.
Page = tuple[str, Callable[[], str]]


def site_pages(g: nx.DiGraph, data: MapData, limit: int = FULL_MAP_LIMIT) -> list[Page]:
    """Every page of the maps, not yet rendered; above ``limit`` elements the alignment map
    is an overview plus a map per cluster and provincial plan (:mod:`.aggregate`)."""
    maps = layout(g, data, limit)
    pages: list[Page] = [(INDEX_PAGE, partial(index_page, g, data, maps)),
                         (COVERAGE_PAGE, partial(coverage_page, g, data, maps))]
    pages += [(view.page, partial(alignment_page, view, data, maps.aggregated))
              for view in views(g, data, maps)]
    pages += [(trace_file(node), partial(trace_page, g, data, node, maps))
              for node in indicators(g)]
    pages += brief_pages(g, data)
    return pages


def brief_pages(g: nx.DiGraph, data: MapData) -> list[Page]:
    """A brief (:mod:`plangraph.brief`) per provincial plan that has elements here."""
    from plangraph.brief import brief_file, brief_html

    return [(brief_file(plan), partial(brief_html, g, data, plan.iri, True))
            for plan in provincial_plans(g, data)]


def provincial_plans(g: nx.DiGraph, data: MapData) -> list[Plan]:
    """The provincial plans that have elements in ``g``, by IRI."""
    with_elements = {element(g, n).plan for n in g}
    return [plan for plan in sorted(data.plans.values(), key=lambda p: p.iri)
            if plan.rank == PROVINCE_RANK and plan.iri in with_elements]


def build_maps(graph: Source | None = None, out_dir: Path | None = None,
               limit: int = FULL_MAP_LIMIT) -> list[Path]:
    """Build every map page into ``out_dir`` (default ``build/maps``), atomically."""
    g, data = load_graph(graph)
    return write_maps(g, data, default_out_dir() if out_dir is None else Path(out_dir), limit)


@dataclass(frozen=True)
class _PageWriter:
    """Renders and writes ``pages[start:stop]`` into ``root`` (one range of the job)."""

    pages: list[Page]
    root: Path

    def __call__(self, start: int, stop: int) -> None:
        for name, render in self.pages[start:stop]:
            (self.root / name).write_text(render(), encoding="utf-8")


def write_maps(g: nx.DiGraph, data: MapData, out: Path, limit: int = FULL_MAP_LIMIT,
               processes: int | None = None) -> list[Path]:
    """Write every page of the cascade ``g`` into ``out``, atomically, by ``processes``
    forked workers (default: :func:`plangraph.forkpool.processes_for` the page count)."""
    pages = site_pages(g, data, limit)
    with atomic_dir(out) as tmp:
        count = len(pages)
        run_ranges(_PageWriter(pages, tmp), count,
                   processes_for(count) if processes is None else processes)
    return [out / name for name, _ in pages]


def find_indicator(g: nx.DiGraph, key: str) -> str:
    """The indicator named by its IRI, slug (``lampang/issue/2/indicator/3``) or file name."""
    key = key.strip().strip("<>")
    for node in indicators(g):
        if key in (node, slug(node), trace_file(node), trace_file(node).removesuffix(".html"),
                   slug(node).replace("/", "-")):
            return node
    if key in g:
        raise PlangraphError(f"{key}: not an indicator (traces start at indicators)")
    raise PlangraphError(f"{key}: no such indicator; try an IRI or a slug such as "
                         "lampang/issue/2/indicator/3")


def build_trace(key: str, graph: Source | None = None, out_dir: Path | None = None) -> Path:
    """Write the one trace page for indicator ``key`` into ``out_dir`` (atomically)."""
    g, data = load_graph(graph)
    node = find_indicator(g, key)
    out = (default_out_dir() if out_dir is None else Path(out_dir)) / trace_file(node)
    atomic_write(out, trace_page(g, data, node, layout(g, data)))
    return out
