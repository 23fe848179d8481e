"""The building blocks of the synthetic cascade: elements, plans, areas, indicators with
targets and alignment claims, each written as Turtle into its file, every choice drawn
from one Random (see :mod:`plangraph.synth.generate` for the plans they make up)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from plangraph.synth.turtle import (
    THAI_DIGITS,
    labels,
    lit,
    node,
    slug,
    thai_digits,
    thai_number,
    typed,
)
from plangraph.synth.words import (
    DIRECTION_WORDS,
    QUALIFIERS,
    UNIT_WORDS,
    VERBS,
    IndicatorTemplate,
    Pair,
    Theme,
)
from plangraph.thai import be_year

SIZES: dict[int, tuple[int, int]] = {1: (1, 0), 10: (20, 10), 100: (220, 10)}

FIRST_YEAR = 2017
LAST_YEAR = 2037
SOURCE = "source/synthetic"
AGENT = "agent/plangraph-synth"
DATASET = "dataset/indicator-values"


@dataclass(frozen=True)
class Spec:
    """What to generate."""

    provinces: int = 1
    years: int = 0
    seed: int = 0
    cycles: bool = False


@dataclass
class Manifest:
    """What was generated: file texts, deliberate gaps and cycles, counts."""

    files: dict[str, str] = field(default_factory=dict)
    gaps: list[str] = field(default_factory=list)
    cycles: list[list[str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


# --------------------------------------------------------------------------- Turtle text



@dataclass
class _Element:
    iri: str
    label: Pair
    theme: Theme | None = None
    template: IndicatorTemplate | None = None
    target: tuple[str, str | None] | None = None  # (value text, target year or None=annual)
    children: list[_Element] = field(default_factory=list)  # a cluster issue's indicators


class Builder:
    """Writes elements, plans and claims into the files, drawing every choice from one Random."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.rng = random.Random(spec.seed)
        self.out: dict[str, list[str]] = {}
        self.line = 0
        self.manifest = Manifest()
        self.claims: list[tuple[str, str]] = []
        self.indicators: list[_Element] = []

    # ---- small helpers

    def emit(self, file: str, text: str) -> None:
        self.out.setdefault(file, []).append(text)

    def next_line(self) -> int:
        self.line += self.rng.randint(1, 3)
        return self.line

    def phrase(self, theme: Theme, verb: bool = True, qualifier: bool = True) -> Pair:
        """``พัฒนา`` + a theme object + ``อย่างยั่งยืน``, with its English gloss."""
        obj = self.rng.choice(theme.objects)
        th, en = obj
        if verb:
            v = self.rng.choice(VERBS)
            th, en = v[0] + obj[0], f"{v[1]} {obj[1]}"
        if qualifier:
            q = self.rng.choice(QUALIFIERS)
            th, en = f"{th} {q[0]}", f"{en} {q[1]}"
        return th, en

    def long_phrase(self, theme: Theme) -> Pair:
        """Two clauses on different objects joined, as long strategy statements are."""
        (v1, v2), (o1, o2) = self.rng.sample(VERBS, 2), self.rng.sample(theme.objects, 2)
        q = self.rng.choice(QUALIFIERS)
        return (f"{v1[0]}{o1[0]} และ{v2[0]}{o2[0]} {q[0]}",
                f"{v1[1]} {o1[1]}, and {v2[1].lower()} {o2[1]} {q[1]}")

    def element(self, file: str, iri: str, cls: str, plan: str, label: Pair, section: str,
                *, parent: str | None = None, order: int | None = None,
                extra: Sequence[tuple[str, str]] = ()) -> None:
        props: list[tuple[str, str]] = [("skos:inScheme", f"<plan/{plan}>")]
        props.append(("pg:partOf", f"<{parent}>") if parent else
                     ("skos:topConceptOf", f"<plan/{plan}>"))
        if order is not None:
            props += [("skos:notation", f'"{order}"'),
                      ("pg:sourceNotation", lit(f"{order}.".translate(THAI_DIGITS))),
                      ("pg:order", str(order))]
        props += [("skos:prefLabel", labels(label)), *extra,
                  ("dcterms:source", f"<{SOURCE}>"),
                  ("pg:sourceSection", lit(section)),
                  ("pg:sourceLine", str(self.next_line()))]
        self.emit(file, node(iri, cls, props))

    def plan(self, file: str, ident: str, cls: str, level: str, title: Pair, area: str,
             steered_by: str | None) -> None:
        props = [("dcterms:identifier", f'"{ident}"'), ("skos:prefLabel", labels(title)),
                 ("dcterms:title", labels(title)), ("pg:planLevel", level),
                 ("dcterms:spatial", f"<area/{area}>")]
        if steered_by:
            props.append(("pg:steeredBy", f"<plan/{steered_by}>"))
        props += [("dcterms:source", f"<{SOURCE}>"), ("pg:sourceLine", str(self.next_line()))]
        self.emit(file, node(f"plan/{ident}", cls, props))

    def area(self, iri: str, cls: str, name: Pair, part_of: str | None,
             members: Sequence[str] = ()) -> None:
        props = [("skos:prefLabel", labels(name))]
        if part_of:
            props.append(("dcterms:isPartOf", f"<area/{part_of}>"))
        if members:
            props.append(("pg:memberProvince", " , ".join(f"<area/{m}>" for m in members)))
        props.append(("dcterms:source", f"<{SOURCE}>"))
        self.emit("common.ttl", node(f"area/{iri}", cls, props))

    def indicator(self, file: str, iri: str, plan: str, parent: str, order: int,
                  template: IndicatorTemplate, scope: Pair, section: str) -> _Element:
        """An indicator and its target, labelled like the seed's indicator lines."""
        t = template
        value = self.rng.uniform(t.low, t.high)
        text = f"{value:.{t.decimals}f}" if t.decimals else str(int(round(value, -1) or value))
        annual = t.measure == "pg:Change" and self.rng.random() < 0.6
        year = None if annual else str(self.rng.randint(2020, LAST_YEAR))
        (dir_th, dir_en) = DIRECTION_WORDS[t.direction][t.measure == "pg:Change"]
        unit_th, unit_en = UNIT_WORDS[t.unit]
        number_th = thai_number(text)
        value_th = f"ร้อยละ {number_th}" if t.unit == "unit:PERCENT" else \
            f"{number_th} {unit_th}".strip()
        value_en = f"{text} {unit_en}".strip()
        when_th = " ต่อปี" if annual else f" ภายในปี {thai_digits(str(be_year(year)))}"
        when_en = " per year" if annual else f" by {year}"
        label = (f"{t.th}{scope[0]} {dir_th} {value_th}{when_th}",
                 f"{t.en}{scope[1]} {dir_en} {value_en}{when_en}")
        target = f"{iri}/target"
        self.element(file, iri, "pg:Indicator", plan, label, section, parent=parent,
                     order=order, extra=[("pg:hasTarget", f"<{target}>")])
        props = [("qudt:numericValue", typed(text, "xsd:decimal")),
                 ("pg:valueWording", lit(number_th)), ("qudt:unit", t.unit),
                 ("pg:direction", t.direction), ("pg:measure", t.measure)]
        if annual:
            props.append(("pg:cadence", "pg:Annual"))
        else:
            props += [("pg:targetYear", typed(year, "xsd:gYear")),
                      ("pg:yearWording", lit(f"ปี {thai_digits(str(be_year(year)))}"))]
            if t.measure == "pg:Change":
                props.append(("pg:baselineYear", typed(FIRST_YEAR, "xsd:gYear")))
        self.emit(file, node(target, "pg:Target", props))
        element = _Element(iri, label, template=t, target=(text, year))
        self.indicators.append(element)
        return element

    def claim(self, lower: _Element, higher: _Element, relation: str = "skos:broadMatch",
              extra: Sequence[tuple[str, str]] = ()) -> None:
        """A pg:Alignment claim followed by the SKOS triple it reifies."""
        basis = "pg:Stated" if self.rng.random() < 0.2 else "pg:Curated"
        confidence = f"0.{self.rng.randint(5, 9)}"
        theme = lower.theme or higher.theme
        why_en = f"Both concern {theme.en}." if theme else "The lower element serves the higher."
        props = [("pg:fromElement", f"<{lower.iri}>"), ("pg:toElement", f"<{higher.iri}>"),
                 ("pg:relation", relation), ("pg:basis", basis),
                 ("pg:confidence", typed(confidence, "xsd:decimal")),
                 ("pg:justification", f"{lit(f'«{lower.label[0]}» ↔ «{higher.label[0]}»')} , "
                                      f"{lit(why_en, 'en')}"),
                 *extra, ("prov:wasAttributedTo", f"<{AGENT}>")]
        iri = f"alignment/{slug(lower.iri)}--{slug(higher.iri)}"
        self.emit("alignments.ttl", node(iri, "pg:Alignment", props))
        self.emit("alignments.ttl", f"<{lower.iri}> {relation} <{higher.iri}> .\n\n")
        self.claims.append((lower.iri, higher.iri))

    def link_up(self, lower: _Element, candidates: Sequence[_Element], most: int = 2) -> None:
        """1..most broadMatch claims, preferring candidates of the same theme."""
        same = [c for c in candidates if c.theme is lower.theme]
        pool = same or list(candidates)
        for higher in self.rng.sample(pool, min(len(pool), self.rng.randint(1, most))):
            self.claim(lower, higher)

    # ---- levels

