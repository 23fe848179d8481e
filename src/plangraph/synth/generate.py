"""A deterministic generator of a synthetic but realistic plan cascade, for scale tests.

``generate(Spec(provinces=N, years=Y, seed=S, cycles=False))`` returns Turtle files in the
same ontology as ``data/`` that pass the same shapes: the National Strategy (6 strategies with
sub-strategies), the NESDP (10 strategies), up to 6 regional plans (5 strategies each), up to
18 cluster plans (3–5 development issues with objectives, indicators with targets and a
guideline) and N provincial plans (vision, missions, overall goals, 4–6 strategic issues with
a strategic goal, 3–6 strategies and 3–6 indicators with targets). Alignment claims point up
the cascade, each followed by its SKOS triple; some links are left out on purpose so the
``gaps`` query has something to find (:attr:`Manifest.gaps`), and ``cycles=True`` adds a few
downward claims that close alignment cycles. ``years=Y`` adds Y years (from 2017) of observed
indicator values as a W3C Data Cube dataset (``observations.ttl``).

Same arguments → byte-identical files (one ``random.Random(seed)``, no set or dict-order
dependence, no clock). Labels are composed from :mod:`plangraph.synth.words`.

Sizes (measured with seed 0; the seed's data/ holds 2,130 triples, 121 elements, 40 claims):

=======  =============================  ========  ============  ===========
size     arguments                      elements  plan triples  all triples
=======  =============================  ========  ============  ===========
1×       ``--provinces 1 --years 0``    127       2.0 k         2.0 k
10×      ``--provinces 20 --years 10``  1.6 k     25 k          58 k
all TH   ``--provinces 76 --years 10``  5.5 k     88 k          207 k
100×     ``--provinces 220 --years 10`` 14.6 k    231 k         542 k
max obs  ``--provinces 220 --years 21`` 14.6 k    231 k         884 k
=======  =============================  ========  ============  ===========

76 provinces ("all of Thailand") is ~40× the seed's plan content; 100× needs 220 provinces
(more provinces per cluster than Thailand has). Observations add 6 triples per indicator-year,
so ~1 M triples is not reachable at 100× within the plan period (21 years gives 0.88 M).
"Plan triples" excludes observations; :data:`SIZES` maps the benchmark's size names to
arguments. (Exact figures for a seed: ``plangraph synth`` prints them.)
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from plangraph.runtime.atomic import atomic_write
from plangraph.synth.words import (
    CLUSTER_PARTS,
    DIRECTION_WORDS,
    NAME_MIDDLES,
    NAME_PREFIXES,
    NAME_SUFFIXES,
    NATIONAL_STRATEGIES,
    NESDP_STRATEGIES,
    QUALIFIERS,
    REGIONS,
    THEMES,
    UNIT_WORDS,
    VERBS,
    IndicatorTemplate,
    Pair,
    Theme,
)

#: Benchmark size name -> (provinces, years).
SIZES: dict[int, tuple[int, int]] = {1: (1, 0), 10: (20, 10), 100: (220, 10)}

FIRST_YEAR = 2017
LAST_YEAR = 2037
SOURCE = "source/synthetic"
AGENT = "agent/plangraph-synth"
DATASET = "dataset/indicator-values"

PREFIXES = """@base <https://w3id.org/plangraph/id/> .
@prefix pg:      <https://w3id.org/plangraph/def/plangraph#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix qudt:    <http://qudt.org/schema/qudt/> .
@prefix unit:    <http://qudt.org/vocab/unit/> .
@prefix pgunit:  <https://w3id.org/plangraph/def/unit/> .
@prefix qb:      <http://purl.org/linked-data/cube#> .
"""

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


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


def thai_number(text: str) -> str:
    """``102000`` -> ``๑๐๒,๐๐๐`` (thousands grouped, Thai digits)."""
    whole, _, frac = text.partition(".")
    grouped = f"{int(whole):,}"
    return (grouped + (f".{frac}" if frac else "")).translate(THAI_DIGITS)


def thai_digits(text: str) -> str:
    """Arabic digits to Thai digits, nothing else changed (years, item numbers)."""
    return text.translate(THAI_DIGITS)


def lit(text: str, lang: str = "th") -> str:
    """A language-tagged Turtle literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"@{lang}'


def labels(pair: Pair) -> str:
    """Thai and English (translated from Thai) literals."""
    return f"{lit(pair[0])} , {lit(pair[1], 'en-t-th')}"


def typed(value: str | int, datatype: str) -> str:
    """A typed literal such as ``"2022"^^xsd:gYear``."""
    return f'"{value}"^^{datatype}'


def node(subject: str, types: str, props: Sequence[tuple[str, str]]) -> str:
    """One Turtle subject block: ``<s> a T ; p o ; … .``"""
    body = "".join(f" ;\n    {p} {o}" for p, o in props)
    return f"<{subject}> a {types}{body} .\n"


def slug(iri: str) -> str:
    """``lampang/issue/1`` -> ``lampang-issue-1`` (for claim IRIs)."""
    return iri.replace("/", "-")


# --------------------------------------------------------------------------- generator


@dataclass
class _Element:
    iri: str
    label: Pair
    theme: Theme | None = None
    template: IndicatorTemplate | None = None
    target: tuple[str, str | None] | None = None  # (value text, target year or None=annual)
    children: list[_Element] = field(default_factory=list)  # a cluster issue's indicators


class _Generator:
    """Builds the files in a fixed order, drawing every choice from one Random."""

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
        when_th = " ต่อปี" if annual else f" ภายในปี {thai_digits(str(int(year) + 543))}"
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
                      ("pg:yearWording", lit(f"ปี {thai_digits(str(int(year) + 543))}"))]
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

    def common(self) -> None:
        self.emit("common.ttl", node(SOURCE, "pg:SourceDocument", [
            ("dcterms:title", labels(("ข้อความสังเคราะห์: แผนพัฒนาทุกระดับสำหรับทดสอบขนาด",
                                      "Synthetic text: plans at every level, for scale tests"))),
            ("dcterms:identifier", f'"synthetic-seed-{self.spec.seed}"'),
            ("dcterms:language", '"th"')]))
        self.emit("common.ttl", node(AGENT, "prov:SoftwareAgent , prov:Agent", [
            ("skos:prefLabel", f"{lit('ตัวสร้างข้อมูลสังเคราะห์ของ plangraph')} , "
                               f"{lit('plangraph synthetic-data generator', 'en')}")]))
        self.area("thailand", "pg:Country", ("ประเทศไทย", "Thailand"), None)

    def national(self) -> list[tuple[_Element, list[_Element]]]:
        f, plan = "national-strategy.ttl", "national-strategy"
        self.plan(f, plan, "pg:NationalStrategyPlan", "pg:NationalStrategyLevel",
                  ("ยุทธศาสตร์ชาติ (พ.ศ. ๒๕๖๑ – ๒๕๘๐)", "National Strategy (2018–2037)"),
                  "thailand", None)
        tops = []
        for i, title in enumerate(NATIONAL_STRATEGIES, start=1):
            iri = f"{plan}/strategy/{i}"
            self.element(f, iri, "pg:NationalStrategy", plan, title,
                         f"ยุทธศาสตร์ชาติ › ยุทธศาสตร์ที่ {i}", order=i)
            top = _Element(iri, title)
            subs = []
            for k in range(1, self.rng.randint(2, 5) + 1):
                label = self.phrase(self.rng.choice(THEMES))
                sub = f"{iri}/sub/{k}"
                self.element(f, sub, "pg:SubStrategy", plan, label,
                             f"ยุทธศาสตร์ชาติ › ยุทธศาสตร์ที่ {i} › ({k})", parent=iri, order=k)
                subs.append(_Element(sub, label))
            tops.append((top, subs))
        return tops

    def nesdp(self, national: list[tuple[_Element, list[_Element]]]) -> list[_Element]:
        f, plan = "nesdp.ttl", "nesdp-12"
        self.plan(f, plan, "pg:NationalDevelopmentPlan", "pg:NationalPlanLevel",
                  ("แผนพัฒนาเศรษฐกิจและสังคมแห่งชาติ ฉบับที่ ๑๒ (พ.ศ. ๒๕๖๐ – ๒๕๖๔)",
                   "12th National Economic and Social Development Plan (2017–2021)"),
                  "thailand", "national-strategy")
        strategies = []
        for i, (th, en, ns) in enumerate(NESDP_STRATEGIES, start=1):
            iri = f"{plan}/strategy/{i}"
            self.element(f, iri, "pg:DevelopmentStrategy", plan, (th, en),
                         f"ยุทธศาสตร์การพัฒนาประเทศ › ๔.{thai_digits(str(i))}", order=i)
            element = _Element(iri, (th, en))
            top, subs = national[ns - 1]
            self.claim(element, self.rng.choice([top, *subs]))
            strategies.append(element)
        return strategies

    def region(self, slug_: str, name: Pair, nesdp: list[_Element]) -> list[_Element]:
        f = "regions.ttl"
        self.area(slug_, "pg:Region", name, "thailand")
        self.plan(f, slug_, "pg:RegionalDevelopmentPlan", "pg:RegionalLevel",
                  (f"แผนพัฒนา{name[0]}", f"{name[1]} development plan"), slug_, "nesdp-12")
        strategies = []
        for i, theme in enumerate(self.rng.sample(THEMES, 5), start=1):
            iri = f"{slug_}/strategy/{i}"
            label = self.long_phrase(theme)
            self.element(f, iri, "pg:RegionalStrategy", slug_, label,
                         f"แผนพัฒนา{name[0]} › ยุทธศาสตร์การพัฒนา › ({thai_digits(str(i))})",
                         order=i)
            element = _Element(iri, label, theme)
            targets = [nesdp[n - 1] for n in theme.nesdp]
            for higher in self.rng.sample(targets, min(len(targets), self.rng.randint(1, 2))):
                self.claim(element, higher)
            strategies.append(element)
        return strategies

    def cluster(self, ident: str, name: Pair, region: str, members: list[tuple[str, Pair]],
                regional: list[_Element], first: bool) -> list[_Element]:
        f, plan = "clusters.ttl", ident
        self.area(ident, "pg:ProvinceCluster", name, region, [m for m, _ in members])
        self.plan(f, plan, "pg:ClusterDevelopmentPlan", "pg:ClusterLevel",
                  (f"แผนพัฒนา{name[0]}", f"{name[1]} development plan"), ident, region)
        scope = (f"ของ{name[0]}", f" of {name[1]}")
        goal_theme = self.rng.choice(THEMES)
        goal = _Element(f"{plan}/goal", self.long_phrase(goal_theme), goal_theme)
        self.element(f, goal.iri, "pg:DevelopmentGoal", plan, goal.label,
                     f"เป้าหมายการพัฒนา{name[0]}")
        self.link_up(goal, regional, most=1)
        for k in range(1, 4):
            template = self.rng.choice(self.rng.choice(THEMES).indicators)
            self.indicator(f, f"{plan}/indicator/{k}", plan, goal.iri, k, template, scope,
                           f"ตัวชี้วัดความสำเร็จตามเป้าหมายการพัฒนา › {thai_digits(str(k))}.")
        issues = []
        themes = self.rng.sample(THEMES, self.rng.randint(3, 5))
        for i, theme in enumerate(themes, start=1):
            iri = f"{plan}/issue/{i}"
            label = self.phrase(theme, verb=False, qualifier=False)
            label = (f"การพัฒนา{label[0]}", f"Developing {label[1]}")
            section = f"ประเด็นการพัฒนาที่ {i}"
            self.element(f, iri, "pg:DevelopmentIssue", plan, label, f"{name[0]} › {section}",
                         order=i)
            issue = _Element(iri, label, theme)
            for k in range(1, self.rng.randint(2, 4) + 1):
                obj = self.phrase(theme)
                self.element(f, f"{iri}/objective/{k}", "pg:Objective", plan,
                             (f"เพื่อ{obj[0]}", f"To {obj[1][0].lower()}{obj[1][1:]}"),
                             f"{section} › วัตถุประสงค์ › {k}.", parent=iri, order=k)
            templates = self.rng.sample(theme.indicators, self.rng.randint(2, 4))
            for k, template in enumerate(templates, start=1):
                issue.children.append(self.indicator(
                    f, f"{iri}/indicator/{k}", plan, iri, k, template, scope,
                    f"{section} › เป้าหมายและตัวชี้วัด › {thai_digits(str(k))}."))
            self.element(f, f"{iri}/guideline", "pg:Guideline", plan, self.long_phrase(theme),
                         f"{section} › แนวทางการพัฒนา", parent=iri)
            deliberate = first and i == len(themes)
            if deliberate or self.rng.random() < 0.05:
                self.manifest.gaps.append(iri)
            else:
                self.link_up(issue, regional)
            issues.append(issue)
        return issues

    def province(self, ident: str, name: Pair, cluster: str, cluster_issues: list[_Element],
                 regional: list[_Element], first: bool) -> None:
        f, plan = "provinces.ttl", ident
        self.plan(f, plan, "pg:ProvincialDevelopmentPlan", "pg:ProvincialLevel",
                  (f"แผนพัฒนาจังหวัด{name[0]}", f"{name[1]} provincial development plan"),
                  ident, cluster)
        scope = (f"ของจังหวัด{name[0]}", f" of {name[1]}") if self.rng.random() < 0.3 else ("", "")
        vision = self.phrase(self.rng.choice(THEMES), verb=False)
        self.element(f, f"{plan}/vision", "pg:Vision", plan,
                     (f"{name[0]}เมืองน่าอยู่ {vision[0]}", f"{name[1]}, a liveable city: "
                                                          f"{vision[1]}"),
                     f"วิสัยทัศน์จังหวัด{name[0]}")
        for k in range(1, self.rng.randint(3, 6) + 1):
            self.element(f, f"{plan}/mission/{k}", "pg:Mission", plan,
                         self.long_phrase(self.rng.choice(THEMES)), f"พันธกิจ › ข้อ {k}",
                         order=k)
        for k in range(1, self.rng.randint(2, 4) + 1):
            goal = self.phrase(self.rng.choice(THEMES))
            self.element(f, f"{plan}/goal/{k}", "pg:OverallGoal", plan,
                         (f"เพื่อ{goal[0]}", f"To {goal[1][0].lower()}{goal[1][1:]}"),
                         f"เป้าประสงค์รวม › ข้อ {k}", order=k)
        themes = self.rng.sample(THEMES, self.rng.randint(4, 6))
        for i, theme in enumerate(themes, start=1):
            iri = f"{plan}/issue/{i}"
            head = self.phrase(theme, verb=False, qualifier=False)
            label = (f"การพัฒนา{head[0]}", f"Developing {head[1]}")
            section = f"ประเด็นยุทธศาสตร์ที่ {thai_digits(str(i))}"
            self.element(f, iri, "pg:StrategicIssue", plan, label, section, order=i)
            issue = _Element(iri, label, theme)
            self.element(f, f"{iri}/goal", "pg:StrategicGoal", plan, self.long_phrase(theme),
                         f"{section} › เป้าประสงค์เชิงยุทธศาสตร์", parent=iri)
            for k in range(1, self.rng.randint(3, 6) + 1):
                self.element(f, f"{iri}/strategy/{k}", "pg:ProvincialStrategy", plan,
                             self.phrase(theme), f"{section} › กลยุทธ์ › ข้อ {k}",
                             parent=iri, order=k)
            count = self.rng.randint(3, 6)
            templates = [theme.indicators[j % len(theme.indicators)]
                         for j in self.rng.sample(range(count * 2), count)]
            indicators = [self.indicator(f, f"{iri}/indicator/{k}", plan, iri, k, t, scope,
                                         f"{section} › ตัวชี้วัด › ข้อ {k}")
                          for k, t in enumerate(templates, start=1)]
            if (first and i == len(themes)) or self.rng.random() < 0.08:
                self.manifest.gaps.append(iri)
                continue
            before = len(self.claims)
            self.link_up(issue, cluster_issues)
            if self.rng.random() < 0.1:  # skip the cluster level, as the seed does once
                self.link_up(issue, regional, most=1)
            served = {higher for _, higher in self.claims[before:]}
            self.close_matches(indicators, [c for c in cluster_issues if c.iri in served])

    def close_matches(self, indicators: list[_Element], served: list[_Element]) -> None:
        """closeMatch claims between indicators of the same kind at province and cluster."""
        higher = [h for issue in served for h in issue.children]
        for lower in indicators:
            same = [h for h in higher if h.template is lower.template]
            if same and self.rng.random() < 0.5:
                match = same[0]
                comparable = lower.target[1] == match.target[1]  # type: ignore[index]
                self.claim(lower, match, "skos:closeMatch",
                           [("pg:comparable", f'"{str(comparable).lower()}"^^xsd:boolean')])

    def cycles(self, province_claims: list[tuple[str, str]]) -> None:
        """Downward claims that close cycles (only with ``cycles=True``)."""
        for lower, higher in province_claims[:3]:
            self.claim(_Element(higher, ("", "")), _Element(lower, ("", "")))
            self.manifest.cycles.append([lower, higher])

    def observations(self) -> None:
        """Y years of observed values per indicator, as a Data Cube dataset."""
        f = "observations.ttl"
        self.emit(f, node(DATASET, "qb:DataSet", [
            ("skos:prefLabel", f"{lit('ค่าที่วัดได้ของตัวชี้วัด (สังเคราะห์)')} , "
                               f"{lit('Observed indicator values (synthetic)', 'en')}"),
            ("dcterms:source", f"<{SOURCE}>")]))
        years = range(FIRST_YEAR, FIRST_YEAR + self.spec.years)
        for ind in self.indicators:
            t, (text, year) = ind.template, ind.target  # type: ignore[misc]
            target = float(text)
            start = target * (self.rng.uniform(0.5, 0.9) if t.direction in
                              ("pg:Increase", "pg:AtLeast") else self.rng.uniform(1.1, 1.6))
            end_year = int(year) if year else FIRST_YEAR + 5
            pace = self.rng.uniform(0.5, 1.3)
            for y in years:
                if year is None and t.measure == "pg:Change":
                    value = target * self.rng.uniform(0.2, 1.6)
                else:
                    share = min(1.0, (y - FIRST_YEAR) / max(1, end_year - FIRST_YEAR)) * pace
                    value = start + (target - start) * share
                    value *= self.rng.uniform(0.97, 1.03)
                shown = f"{max(value, 0):.{max(t.decimals, 1)}f}"
                self.emit(f, node(f"{ind.iri}/observation/{y}", "qb:Observation", [
                    ("qb:dataSet", f"<{DATASET}>"), ("pg:indicator", f"<{ind.iri}>"),
                    ("pg:refYear", typed(y, "xsd:gYear")),
                    ("pg:observedValue", typed(shown, "xsd:decimal")),
                    ("qudt:unit", t.unit)]))

    # ---- whole run

    def run(self) -> Manifest:
        spec = self.spec
        n_clusters = min(18, math.ceil(spec.provinces / 4))
        n_regions = min(6, math.ceil(n_clusters / 3))
        self.common()
        national = self.national()
        nesdp = self.nesdp(national)
        names = province_names(spec.provinces, self.rng)
        region_of = [j * n_regions // n_clusters for j in range(n_clusters)]
        members: list[list[tuple[str, Pair]]] = [[] for _ in range(n_clusters)]
        for i, name in enumerate(names):
            members[i * n_clusters // spec.provinces].append(name)
        regional = [self.region(slug_, (th, en), nesdp) for slug_, th, en in REGIONS[:n_regions]]
        seen: dict[int, int] = {}
        province_claims: list[tuple[str, str]] = []
        for j in range(n_clusters):
            r = region_of[j]
            k = seen[r] = seen.get(r, -1) + 1
            part = CLUSTER_PARTS[k % 3]
            number = k // 3 + 1
            slug_, th, en = REGIONS[r]
            ident = f"{slug_}-{part[1].lower()}-{number}"
            name = (f"กลุ่มจังหวัด{th}{part[0]} {thai_digits(str(number))}",
                    f"{part[1]} {en.removesuffix(' region')} Provincial Cluster {number}")
            issues = self.cluster(ident, name, slug_, members[j], regional[r], j == 0)
            for m, (pslug, pname) in enumerate(members[j]):
                self.area(pslug, "pg:Province", (pname[0], pname[1]), ident)
                before = len(self.claims)
                self.province(pslug, pname, ident, issues, regional[r], j == 0 and m == 0)
                province_claims += [c for c in self.claims[before:]
                                    if c[1].startswith(f"{ident}/issue/")]
        if spec.cycles:
            self.cycles(province_claims)
        if spec.years:
            self.observations()
        self.manifest.files = {name: PREFIXES + "\n" + "\n".join(parts)
                               for name, parts in self.out.items()}
        self.manifest.counts = {"indicators": len(self.indicators), "claims": len(self.claims),
                                "provinces": spec.provinces, "clusters": n_clusters,
                                "regions": n_regions}
        return self.manifest


def province_names(n: int, rng: random.Random) -> list[tuple[str, Pair]]:
    """``n`` distinct composed province names: (slug, (Thai, romanised))."""
    combos: list[tuple[str, Pair]] = []
    seen: set[str] = set()
    for middle in ((None, None), *NAME_MIDDLES):
        for prefix in NAME_PREFIXES:
            for suffix in NAME_SUFFIXES:
                th = prefix[0] + (middle[0] or "") + suffix[0]
                en = prefix[1] + (middle[1] or "") + suffix[1].lower()
                if en.lower() not in seen and th != prefix[0] + prefix[0]:
                    seen.add(en.lower())
                    combos.append((en.lower(), (th, en)))
    picked = rng.sample(combos, min(n, len(combos)))
    picked += [(f"{s}-{i}", (f"{th} {thai_digits(str(i))}", f"{en} {i}"))
               for i, (s, (th, en)) in enumerate(combos[: n - len(picked)], start=2)]
    return picked


def generate(spec: Spec) -> Manifest:
    """The synthetic cascade for ``spec`` (file name -> Turtle text, plus the manifest)."""
    if spec.provinces < 1:
        raise ValueError("provinces must be at least 1")
    if not 0 <= spec.years <= LAST_YEAR - FIRST_YEAR + 1:
        raise ValueError(f"years must be 0..{LAST_YEAR - FIRST_YEAR + 1}")
    return _Generator(spec).run()


def write(spec: Spec, out_dir: Path) -> tuple[Manifest, list[Path]]:
    """Generate and write the files into ``out_dir`` (atomically each); returns the paths."""
    manifest = generate(spec)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in sorted(manifest.files.items()):
        atomic_write(out_dir / name, text)
        written.append(out_dir / name)
    return manifest, written
