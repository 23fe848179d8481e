"""What a province brief says, computed from the map graph: per issue and indicator the
National Strategy strategies it serves and through what, the target and observed progress;
the strategies nothing in the province reaches; the coverage counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from plangraph.errors import PlangraphError
from plangraph.maps.data import MapData, Plan
from plangraph.maps.graph import (
    element,
    national_strategies,
    notation_key,
    plan_members,
    up_path_nodes,
)
from plangraph.maps.panel import reached
from plangraph.maps.text import heading, progress_text, target_text


@dataclass
class Row:
    """One issue or indicator of the brief's table."""

    node: str
    heading_th: str
    heading_en: str
    th: str
    en: str
    indicator: bool
    target_th: str = ""
    target_en: str = ""
    progress_th: str = ""
    progress_en: str = ""
    #: per strategy reached: {"th", "en", "text", "via": [headings], "weakest": str}
    serves: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Brief:
    """The brief of one provincial plan."""

    plan: Plan
    rows: list[Row]
    #: (strategy heading th, text th, heading en, text en) of strategies nothing reaches
    gaps: list[tuple[str, str, str, str]]
    #: (notation, heading th, heading en, indicators reaching it, indicators in the plan)
    coverage: list[tuple[str, str, str, int, int]]
    #: the nodes on the plan's paths up to the National Strategy (for the picture)
    path_nodes: set[str]


def find_plan(data: MapData, key: str) -> Plan:
    """The provincial plan called ``key`` (its identifier, e.g. ``lampang``, or IRI)."""
    key = key.strip().strip("<>").casefold()
    for plan in data.plans.values():
        if key in (plan.identifier.casefold(), plan.iri.casefold(), plan.label_en.casefold()):
            return plan
    known = ", ".join(sorted(p.identifier for p in data.plans.values() if p.rank == 5))
    raise PlangraphError(f"{key}: no such plan; provincial plans: {known or 'none'}")


def _serves(g: nx.DiGraph, node: str) -> list[dict[str, Any]]:
    def name(n: str) -> str:
        return heading(element(g, n), "th")

    out = []
    for r in reached(g, node):
        weak = r["weakest"]
        out.append({
            "id": r["id"], "th": r["th"], "en": r["en"], "text": r["textTh"],
            "via": [name(n) for n in r["via"]],
            "weakest": "" if weak is None else (
                f"{name(weak['from'])} → {name(weak['to'])}"
                f" · {weak['basisTh']} · {weak['confidence']}"),
        })
    return out


def _row(g: nx.DiGraph, node: str) -> Row:
    e = element(g, node)
    return Row(node=node, heading_th=heading(e, "th"), heading_en=heading(e, "en"),
               th=e.label_th, en=e.label_en, indicator=e.is_indicator,
               target_th=target_text(e.target, "th"), target_en=target_text(e.target, "en"),
               progress_th=progress_text(e, "th"), progress_en=progress_text(e, "en"),
               serves=_serves(g, node))


def brief(g: nx.DiGraph, data: MapData, key: str) -> Brief:
    """The brief of the plan ``key``."""
    plan = find_plan(data, key)
    mine = plan_members(g, plan.iri)
    issues = sorted((n for n in mine if element(g, n).is_issue),
                    key=lambda n: notation_key(element(g, n)))
    rows: list[Row] = []
    for issue in issues:
        rows.append(_row(g, issue))
        kids = sorted((n for n in g.predecessors(issue) if element(g, n).is_indicator
                       and element(g, n).parent == issue),
                      key=lambda n: notation_key(element(g, n)))
        rows += [_row(g, n) for n in kids]
    above: set[str] = set()
    for n in mine:
        above |= up_path_nodes(g, n)
    tops = national_strategies(g)
    gaps = [(heading(element(g, s), "th"), element(g, s).label_th,
             heading(element(g, s), "en"), element(g, s).label_en)
            for s in tops if s not in above]
    indicators = [r for r in rows if r.indicator]
    counts = []
    for s in tops:
        hit = sum(1 for r in indicators if any(x["id"] == s for x in r.serves))
        counts.append((element(g, s).notation, heading(element(g, s), "th"),
                       heading(element(g, s), "en"), hit, len(indicators)))
    return Brief(plan=plan, rows=rows, gaps=gaps, coverage=counts,
                 path_nodes=above | set(issues))
