"""The texts the suggester compares: every plan element with its Thai wording and the
wording of everything under it (objectives, strategies, guidelines, indicators), and the
alignment claims already made, read from a pyoxigraph Store.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

PREFIXES = """PREFIX pg: <https://w3id.org/plangraph/def/plangraph#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

ELEMENTS = PREFIXES + """
SELECT ?e ?plan ?rank ?class ?label ?parent ?order WHERE {
  ?e skos:inScheme ?p ; a ?class ; skos:prefLabel ?label .
  ?p dcterms:identifier ?plan ; pg:planLevel/pg:rank ?rank .
  ?class <http://www.w3.org/2000/01/rdf-schema#subClassOf>* pg:PlanElement .
  FILTER (lang(?label) = "th")
  OPTIONAL { ?e pg:partOf ?parent }
  OPTIONAL { ?e pg:order ?order }
}"""

STEERS = PREFIXES + """
SELECT ?lower ?higher WHERE {
  ?lp pg:steeredBy+ ?hp . ?lp dcterms:identifier ?lower . ?hp dcterms:identifier ?higher .
}"""

CLAIMS = PREFIXES + """
SELECT ?claim ?from ?to ?relation ?basis ?modifier WHERE {
  ?claim a pg:Alignment ; pg:fromElement ?from ; pg:toElement ?to .
  OPTIONAL { ?claim pg:relation ?relation }
  OPTIONAL { ?claim pg:basis/skos:notation ?basis }
  OPTIONAL { ?claim pg:predicateModifier ?modifier }
}"""

GROUPS = PREFIXES + """
SELECT ?group ?member ?plan ?line WHERE {
  ?group a skos:Collection ; skos:member ?member ; pg:followsPlan/dcterms:identifier ?plan .
  OPTIONAL { ?group pg:sourceLine ?line }
}"""

INDICATOR = "https://w3id.org/plangraph/def/plangraph#Indicator"
SUB_STRATEGY = "https://w3id.org/plangraph/def/plangraph#SubStrategy"


@dataclass
class Element:
    """One plan element: its own Thai label and, in ``parts``, the labels under it."""

    iri: str
    plan: str
    rank: int
    kind: str
    label: str
    parent: str | None = None
    order: int = 0
    children: list[str] = field(default_factory=list)

    @property
    def is_indicator(self) -> bool:
        """True for indicators (matched with indicators, not with issues)."""
        return self.kind == INDICATOR

    @property
    def group(self) -> str:
        """Which candidates it competes with: indicators, sub-strategies or top elements."""
        if self.is_indicator:
            return "indicator"
        if self.kind == SUB_STRATEGY:
            return "sub"
        return "top" if self.parent is None else "part"


@dataclass(frozen=True)
class Claim:
    """An alignment claim already in the data (stated, curated, suggested or negative)."""

    iri: str
    source: str
    target: str
    relation: str
    basis: str
    negative: bool


@dataclass(frozen=True)
class Group:
    """Elements the source says follow a higher plan as a group (``pg:followsPlan``), not
    which member follows which element; ``line`` is the source line that says so."""

    iri: str
    members: tuple[str, ...]
    plan: str
    line: int | None


class Cascade:
    """All elements by IRI, with the segments (element, label) that make up each text."""

    def __init__(self, elements: dict[str, Element], claims: list[Claim],
                 above: dict[str, set[str]] | None = None,
                 groups: list[Group] | None = None) -> None:
        self.elements = elements
        self.claims = claims
        self.above = above or {}
        self.groups = groups or []

    def segments(self, iri: str) -> list[tuple[str, str]]:
        """``(element, Thai label)`` of ``iri`` and of every part under it, depth first.

        Indicators are texts of their own: an issue's text leaves its indicators out only
        when matching indicators against each other (see :meth:`text_of`)."""
        out = [(iri, self.elements[iri].label)]
        for child in self.elements[iri].children:
            out += self.segments(child)
        return out

    def in_plan(self, plan: str) -> list[Element]:
        """The plan's elements, sorted by IRI."""
        return sorted((e for e in self.elements.values() if e.plan == plan),
                      key=lambda e: e.iri)

    def candidates(self, rank: int, group: str, below: str | None = None) -> list[Element]:
        """Elements at plan level ``rank`` of one group (top, sub, indicator), by IRI; with
        ``below`` (a plan), only those of the plans it is steered by, when it names any."""
        plans = self.above.get(below or "")
        return sorted((e for e in self.elements.values()
                       if e.rank == rank and e.group == group
                       and (not plans or e.plan in plans)), key=lambda e: e.iri)

    def claimed_pairs(self) -> set[tuple[str, str]]:
        """Every (from, to) pair some claim already covers, negative ones included."""
        return {(c.source, c.target) for c in self.claims}


def _value(term: object) -> str | None:
    return None if term is None else term.value  # type: ignore[attr-defined]


def read_cascade(store: ox.Store) -> Cascade:
    """Elements and claims of ``store`` (its default graph is read as the union)."""
    elements: dict[str, Element] = {}
    for row in store.query(ELEMENTS, use_default_graph_as_union=True):
        iri = row["e"].value
        if iri in elements:
            continue
        order = _value(row["order"])
        elements[iri] = Element(iri, row["plan"].value, int(row["rank"].value),
                                row["class"].value, row["label"].value,
                                _value(row["parent"]), int(order) if order else 0)
    kids: dict[str, list[Element]] = defaultdict(list)
    for e in elements.values():
        if e.parent in elements:
            kids[e.parent].append(e)
    for parent, children in kids.items():
        elements[parent].children = [c.iri for c in sorted(children,
                                                           key=lambda c: (c.order, c.iri))]
    claims = [
        Claim(row["claim"].value, row["from"].value, row["to"].value,
              _value(row["relation"]) or "", _value(row["basis"]) or "",
              row["modifier"] is not None and row["modifier"].value.endswith("#Not"))
        for row in store.query(CLAIMS, use_default_graph_as_union=True)
    ]
    above: dict[str, set[str]] = defaultdict(set)
    for row in store.query(STEERS, use_default_graph_as_union=True):
        above[row["lower"].value].add(row["higher"].value)
    return Cascade(elements, sorted(set(claims), key=lambda c: c.iri), dict(above),
                   read_groups(store, elements))


def read_groups(store: ox.Store, elements: dict[str, Element]) -> list[Group]:
    """The stated groups of ``store`` whose members are all known elements."""
    found: dict[str, tuple[set[str], str, int | None]] = {}
    for row in store.query(GROUPS, use_default_graph_as_union=True):
        line = _value(row["line"])
        members, _, _ = found.setdefault(row["group"].value, (set(), row["plan"].value,
                                                               int(line) if line else None))
        members.add(row["member"].value)
    return [Group(iri, tuple(sorted(m)), plan, line) for iri, (m, plan, line)
            in sorted(found.items()) if m <= elements.keys()]
