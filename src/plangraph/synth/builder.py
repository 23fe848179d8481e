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
    COMMON_OBJECTS,
    DIRECTION_WORDS,
    INDICATOR_WORDINGS,
    NEIGHBOURS,
    QUALIFIERS,
    TAILS,
    THEMES,
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
#: How a phrase on a theme is worded, so that linked elements share only part of their words
#: (issue 14): the theme's own object drawn by the structure, or instead a neighbouring
#: theme's, one every plan uses, or any other theme's; a boilerplate clause after the
#: qualifier; an indicator named in other words of the same quantity.
P_NEIGHBOUR, P_COMMON, P_OTHER = 0.2, 0.1, 0.1
P_TAIL = 0.35
P_REWORD = 0.5
_THEME = {t.key: t for t in THEMES}


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
    #: claims (relative IRIs) whose two ends were drawn on the same theme: the links a reader
    #: could find from the wording; the others were drawn at random (issue 14's benchmark)
    themed: list[str] = field(default_factory=list)


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
        # the wording's own stream: the structure (what exists, what links to what) is drawn
        # from ``rng`` alone, so sizes and links do not depend on the wording
        self.words = random.Random(f"{spec.seed}:wording")
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

    def blend(self, theme: Theme, obj: Pair) -> Pair:
        """``obj`` of ``theme``, or the object another plan would write there instead."""
        r = self.words.random()
        if r < P_NEIGHBOUR:
            return self.words.choice(_THEME[self.words.choice(NEIGHBOURS[theme.key])].objects)
        if r < P_NEIGHBOUR + P_COMMON:
            return self.words.choice(COMMON_OBJECTS)
        if r < P_NEIGHBOUR + P_COMMON + P_OTHER:
            return self.words.choice(self.words.choice(THEMES).objects)
        return obj

    def tail(self, th: str, en: str) -> Pair:
        """Sometimes a boilerplate clause at the end."""
        if self.words.random() >= P_TAIL:
            return th, en
        t = self.words.choice(TAILS)
        return f"{th} {t[0]}", f"{en} {t[1]}"

    def phrase(self, theme: Theme, verb: bool = True, qualifier: bool = True) -> Pair:
        """``พัฒนา`` + a theme object + ``อย่างยั่งยืน``, with its English gloss."""
        obj = self.blend(theme, self.rng.choice(theme.objects))
        th, en = obj
        if verb:
            v = self.rng.choice(VERBS)
            th, en = v[0] + obj[0], f"{v[1]} {obj[1]}"
        if qualifier:
            q = self.rng.choice(QUALIFIERS)
            th, en = self.tail(f"{th} {q[0]}", f"{en} {q[1]}")
        return th, en

    def long_phrase(self, theme: Theme) -> Pair:
        """Two clauses on different objects joined, as long strategy statements are."""
        (v1, v2), (o1, o2) = self.rng.sample(VERBS, 2), self.rng.sample(theme.objects, 2)
        q = self.rng.choice(QUALIFIERS)
        o1, o2 = self.blend(theme, o1), self.blend(theme, o2)
        return self.tail(f"{v1[0]}{o1[0]} และ{v2[0]}{o2[0]} {q[0]}",
                         f"{v1[1]} {o1[1]}, and {v2[1].lower()} {o2[1]} {q[1]}")

    def longer(self, theme: Theme, label: Pair) -> Pair:
        """``label`` + ``รวมทั้ง`` + one more clause on the theme (a regional strategy's length)."""
        v, o = self.words.choice(VERBS), self.blend(theme, self.words.choice(theme.objects))
        return f"{label[0]} รวมทั้ง{v[0]}{o[0]}", f"{label[1]}, and also {v[1].lower()} {o[1]}"

    def reword(self, name: str) -> str:
        """An indicator's name, sometimes in other words for the same quantity."""
        if self.words.random() >= P_REWORD:
            return name
        for old, new in INDICATOR_WORDINGS:
            if old in name:
                return name.replace(old, new, 1)
        return name

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
        label = (f"{self.reword(t.th)}{scope[0]} {dir_th} {value_th}{when_th}",
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
        if lower.theme is not None and lower.theme is higher.theme:
            self.manifest.themed.append(iri)
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

