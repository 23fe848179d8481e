"""Observations folded into their indicator's page, and the rules that keep their IRIs working.

At national scale most resources are yearly observations (52,000 of 74,000 at 100×); a page,
a Turtle and a JSON-LD file for each made the site 223,000 files. An observation whose IRI
has one of the two shapes plangraph mints — ``<indicator>/observation/<key>`` (``synth``) or
``observation/<indicator path>/<key>`` (``observe``) — is shown instead as a row of its
indicator's table, anchored ``#observation-<key>``, and described in the indicator's Turtle
and JSON-LD. Its IRI resolves through pattern rules the site ships (:mod:`.redirects`), one
rule per shape and path depth. Any other observation keeps a page of its own, and so does
every observation whose rule would also catch a page (static hosts such as Cloudflare Pages
apply a rule even where a file exists).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import pyoxigraph as ox

from plangraph.graph.index import Index
from plangraph.graph.vocab import PG, QB, RDF
from plangraph.publish.site.layout import ID_DIR, Layout, file_segment

OBSERVATION = "observation"
ANCHOR_PREFIX = "observation-"
_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_NAME = re.compile(r":\w+")


@dataclass(frozen=True, order=True)
class Rule:
    """A path pattern (``:name`` stands for one segment) and where it leads (``#`` anchor)."""

    source: tuple[str, ...]
    target: str

    def match(self, segments: tuple[str, ...]) -> str | None:
        """Where ``segments`` (a path from the site root) lead, or None if they do not match."""
        if len(segments) != len(self.source):
            return None
        bound: dict[str, str] = {}
        for pattern, segment in zip(self.source, segments, strict=True):
            if pattern.startswith(":"):
                bound[pattern] = segment
            elif pattern != segment:
                return None
        return _NAME.sub(lambda m: bound[m.group(0)], self.target)


@cache  # two shapes times a few depths, asked once per observation
def _rule(shape: str, depth: int) -> Rule:
    names = tuple(f":s{n}" for n in range(depth))
    source = ((ID_DIR, *names, OBSERVATION, ":key") if shape == "after"
              else (ID_DIR, OBSERVATION, *names, ":key"))
    return Rule(source, f"{ID_DIR}/{'/'.join(names)}/#{ANCHOR_PREFIX}:key")


def _candidate(layout: Layout, obs: str, indicator: str) -> tuple[Rule, str] | None:
    """The rule that would send ``obs`` to ``indicator``'s page, and its anchor."""
    o, i = layout.rel(obs), layout.rel(indicator)
    if o is None or i is None or i.endswith("/"):
        return None
    segments = i.split("/")
    if any(file_segment(s) != s for s in segments):
        return None
    for shape, head in (("after", f"{i}/{OBSERVATION}/"), ("before", f"{OBSERVATION}/{i}/")):
        key = o[len(head):]
        if o.startswith(head) and _KEY.match(key):
            return _rule(shape, len(segments)), ANCHOR_PREFIX + key
    return None


@dataclass
class Folding:
    """Which observations are rows of which indicator's page."""

    #: observation IRI -> (indicator IRI, anchor on its page)
    hosts: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: indicator IRI -> its folded observations, by year then IRI
    guests: dict[str, list[ox.NamedNode]] = field(default_factory=dict)
    #: the rules that resolve the folded IRIs, in the order a server should try them
    rules: list[Rule] = field(default_factory=list)


def fold(g: Index, layout: Layout, nodes: Iterable[ox.NamedNode]) -> Folding:
    """Fold the observations among ``nodes`` (the site's resources) that rules can resolve."""
    nodes = list(nodes)
    candidates: dict[str, tuple[str, Rule, str]] = {}
    anchors: set[tuple[str, str]] = set()
    for node in g.subjects_of(RDF.type, QB.Observation):
        indicators = g.objects(node, PG.indicator)
        if not isinstance(node, ox.NamedNode) or len(indicators) != 1:
            continue
        found = _candidate(layout, node.value, indicators[0].value)
        if found is not None and (indicators[0].value, found[1]) not in anchors:
            anchors.add((indicators[0].value, found[1]))
            candidates[node.value] = (indicators[0].value, *found)
    resources = {n.value for n in nodes}
    candidates = {o: c for o, c in candidates.items()  # hosts keep pages of their own
                  if o in resources and c[0] in resources and c[0] not in candidates}
    candidates = _settled(layout, candidates, resources - candidates.keys())
    folding = Folding(rules=sorted({rule for _, rule, _ in candidates.values()}))
    for obs, (host, _, anchor) in sorted(candidates.items()):
        folding.hosts[obs] = (host, anchor)
        folding.guests.setdefault(host, []).append(ox.NamedNode(obs))
    for guests in folding.guests.values():
        guests.sort(key=lambda o: (g.value(o, PG.refYear).value
                                   if g.value(o, PG.refYear) is not None else "", o.value))
    return folding


def _settled(layout: Layout, candidates: dict[str, tuple[str, Rule, str]],
             pages: set[str]) -> dict[str, tuple[str, Rule, str]]:
    """Drop the rules that would catch a page, and the observations a rule sends elsewhere,
    until none is left (each dropped observation gets a page, which may catch another rule)."""

    segments = layout.page_segments
    while True:
        rules = sorted({rule for _, rule, _ in candidates.values()})
        caught = {r for r in rules for p in pages if r.match(segments(p)) is not None}
        wrong = {o for o, (host, _, anchor) in candidates.items()
                 if _first(rules, segments(o)) != _where(layout, host, anchor)}
        drop = wrong | {o for o, (_, rule, _) in candidates.items() if rule in caught}
        if not drop:
            return candidates
        pages |= drop
        candidates = {o: c for o, c in candidates.items() if o not in drop}


def _first(rules: list[Rule], segments: tuple[str, ...]) -> str | None:
    return next((t for r in rules if (t := r.match(segments)) is not None), None)


def _where(layout: Layout, host: str, anchor: str) -> str:
    return "/".join(layout.page_segments(host)) + f"/#{anchor}"
