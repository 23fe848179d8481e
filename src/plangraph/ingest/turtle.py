"""A recognised draft as Turtle under the ontology, in the layout of ``data/*.ttl``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from plangraph.ingest.model import Element, Target
from plangraph.synth.turtle import lit, node, typed

PREFIXES = """@base <https://w3id.org/plangraph/id/> .
@prefix pg:      <https://w3id.org/plangraph/def/plangraph#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix qudt:    <http://qudt.org/schema/qudt/> .
@prefix unit:    <http://qudt.org/vocab/unit/> .
@prefix pgunit:  <https://w3id.org/plangraph/def/unit/> .
@prefix adms:    <http://www.w3.org/ns/adms#> .
"""
DRAFT_STATUS = "<http://purl.org/adms/status/UnderDevelopment>"
LEVELS = {
    "province": ("pg:ProvincialDevelopmentPlan", "pg:ProvincialLevel", "pg:Province"),
    "cluster": ("pg:ClusterDevelopmentPlan", "pg:ClusterLevel", "pg:ProvinceCluster"),
    "region": ("pg:RegionalDevelopmentPlan", "pg:RegionalLevel", "pg:Region"),
}


@dataclass
class PlanInfo:
    """What the command line says about the plan being ingested."""

    slug: str
    level: str
    title: str
    source_name: str
    source_format: str
    steered_by: str | None = None
    area: str | None = None  # an existing area's slug; None mints <area/SLUG>
    mint_area: bool = True


def plan_turtle(info: PlanInfo, elements: list[Element]) -> str:
    """The whole draft file: header, plan, source document, area, elements and targets."""
    plan_class, level, area_class = LEVELS[info.level]
    source = f"<source/{info.slug}-draft>"
    area = info.area or info.slug
    head = (
        f"# Draft plan {info.slug}, ingested by `plangraph ingest` from {info.source_name}.\n"
        "# Thai text as recognised (repaired, NFC); no English labels and no alignments yet.\n"
        "# Check it against the recognition report beside it before publishing.\n\n"
    )
    props = [
        ("dcterms:identifier", typed_plain(info.slug)),
        ("skos:prefLabel", lit(info.title)),
        ("dcterms:title", lit(info.title)),
        ("pg:planLevel", level),
        ("dcterms:spatial", f"<area/{area}>"),
    ]
    if info.steered_by:
        props.append(("pg:steeredBy", f"<plan/{info.steered_by}>"))
    props += [
        ("adms:status", DRAFT_STATUS),
        ("skos:editorialNote", lit(f"Draft ingested from {info.source_name}.", "en")),
        ("dcterms:source", source),
    ]
    blocks = [head + PREFIXES, node(f"plan/{info.slug}", plan_class, props)]
    blocks.append(node(source[1:-1], "pg:SourceDocument", [
        ("dcterms:title", lit(f"{info.title} (ต้นฉบับ {info.source_name})")),
        ("dcterms:identifier", typed_plain(info.source_name)),
        ("dcterms:format", typed_plain(info.source_format)),
        ("dcterms:language", typed_plain("th")),
    ]))
    if info.mint_area:
        name = info.title.removeprefix("ร่าง").removeprefix("แผนพัฒนา")
        name = re.split(r"\s+(?:พ\.ศ\.|\(|ระยะ|ฉบับ)", name)[0].strip()
        if not name or name.startswith("แผน"):
            name = f"พื้นที่ของ{info.title}"
        blocks.append(node(f"area/{area}", area_class, [
            ("skos:prefLabel", lit(name)), ("dcterms:source", source)]))
    for el in elements:
        blocks.append(element_turtle(info.slug, el, source))
    return "\n".join(blocks)


def typed_plain(text: str) -> str:
    """A plain (xsd:string) literal."""
    return lit(text).rsplit("@", 1)[0]


def element_turtle(slug: str, el: Element, source: str) -> str:
    """One element (and its target) as Turtle blocks."""
    iri = f"{slug}/{el.path}"
    props = [("skos:inScheme", f"<plan/{slug}>")]
    if el.top:
        props.append(("skos:topConceptOf", f"<plan/{slug}>"))
    if el.parent:
        props.append(("pg:partOf", f"<{slug}/{el.parent}>"))
    if el.notation is not None:
        props.append(("skos:notation", typed_plain(str(el.notation))))
    if el.source_notation:
        props.append(("pg:sourceNotation", lit(el.source_notation)))
    if el.order is not None:
        props.append(("pg:order", str(el.order)))
    labels = lit(el.label) + (f" , {lit(el.english, 'en-t-th')}" if el.english else "")
    props.append(("skos:prefLabel", labels))
    for prop, th, en in (("skos:definition", el.definition, el.definition_en),
                         ("pg:firstPhaseConcept", el.first_phase, el.first_phase_en)):
        if th:
            props.append((prop, lit(th) + (f" , {lit(en, 'en-t-th')}" if en else "")))
    if el.target is not None:
        props.append(("pg:hasTarget", f"<{iri}/target>"))
    if el.bullet:
        props.append(("skos:editorialNote", lit("Listed as bullets; numbered by position.", "en")))
    props += [("dcterms:source", source), ("pg:sourceSection", lit(el.section))]
    props += _place(el)
    text = node(iri, f"pg:{el.kind}", props)
    if el.target is not None:
        text += node(f"{iri}/target", "pg:Target", target_props(el.target))
    return text


def _place(el: Element) -> list[tuple[str, str]]:
    if el.line.origin.startswith("line "):
        out = [("pg:sourceLine", str(el.line.number))]
        if el.end_line is not None and el.end_line.number != el.line.number:
            out.append(("pg:sourceLineEnd", str(el.end_line.number)))
        return out
    where, end = el.line.origin, el.end_line.origin if el.end_line else None
    if end and end != where:
        head, _, first = where.rpartition(" line ")
        end_head, _, last = end.rpartition(" line ")
        same_page = head and head == end_head
        where = f"{head} lines {first}–{last}" if same_page else f"{where} – {end}"
    return [("pg:sourceLocation", typed_plain(where))]


def target_props(t: Target) -> list[tuple[str, str]]:
    """A target's predicate-object pairs, in the order data/*.ttl writes them."""
    props = [
        ("qudt:numericValue", typed(format(t.value, "f"), "xsd:decimal")),
        ("pg:valueWording", lit(t.value_wording)),
        ("qudt:unit", t.unit),
        ("pg:direction", f"pg:{t.direction}"),
        ("pg:measure", f"pg:{t.measure}"),
    ]
    if t.annual:
        props.append(("pg:cadence", "pg:Annual"))
    if t.year is not None:
        props.append(("pg:targetYear", typed(t.year, "xsd:gYear")))
        if t.year_wording:
            props.append(("pg:yearWording", lit(t.year_wording)))
    if t.baseline_year is not None:
        props.append(("pg:baselineYear", typed(t.baseline_year, "xsd:gYear")))
        if t.baseline_wording:
            props.append(("pg:baselineWording", lit(t.baseline_wording)))
    return props
