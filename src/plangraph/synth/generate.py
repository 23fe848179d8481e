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

Same arguments → byte-identical files (``random.Random``s seeded from ``seed``, no set or dict-order
dependence, no clock). Labels are composed from :mod:`plangraph.synth.words`, worded as
real plans are: a linked pair shares only part of its words (a neighbouring theme's
object, words every plan uses, another theme's; indicators named in other words), drawn
from a second seeded stream so that the structure and the sizes do not depend on them;
:attr:`Manifest.themed` lists the links drawn on one theme.

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
from pathlib import Path

from plangraph.runtime.atomic import atomic_write
from plangraph.synth.builder import (
    AGENT,
    DATASET,
    FIRST_YEAR,
    LAST_YEAR,
    SIZES,
    SOURCE,
    Builder,
    Manifest,
    Spec,
    _Element,
)
from plangraph.synth.turtle import PREFIXES, labels, lit, node, thai_digits, typed
from plangraph.synth.words import (
    CLUSTER_PARTS,
    NAME_MIDDLES,
    NAME_PREFIXES,
    NAME_SUFFIXES,
    NATIONAL_STRATEGIES,
    NESDP_STRATEGIES,
    REGIONS,
    THEMES,
    Pair,
)

__all__ = ["FIRST_YEAR", "LAST_YEAR", "SIZES", "Manifest", "Spec", "generate", "write"]


class _Generator(Builder):
    """Builds the files in a fixed order: common, national, NESDP, regions, clusters,
    provinces, observations."""

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
            label = self.longer(theme, self.long_phrase(theme))
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
