"""What each page of the linked-data site shows, read from the graph with rdflib's API.

Everything here returns plain data (dicts of strings); the templates escape it.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS
from rdflib.term import Node

from . import paths
from .maps.data import Target
from .maps.text import number, target_text
from .site_layout import Layout, Linker

PG = Namespace(paths.PG)
QUDT = Namespace("http://qudt.org/schema/qudt/")
LABELS = (SKOS.prefLabel, DCTERMS.title, RDFS.label)

Ref = dict[str, Any]


# --------------------------------------------------------------------------- small reads


def labels(g: Graph, node: Node) -> tuple[str, str]:
    """(Thai, English) label: skos:prefLabel, then dcterms:title, then rdfs:label."""
    th = en = ""
    for prop in LABELS:
        for lit in g.objects(node, prop):
            if not isinstance(lit, Literal):
                continue
            lang = (lit.language or "").lower()
            if not th and lang == "th":
                th = str(lit)
            elif not en and (lang == "en" or lang.startswith("en-")):
                en = str(lit)
        if th or en:
            break
    return th, en


def text_in(g: Graph, node: Node, prop: URIRef, lang: str) -> str:
    """The ``prop`` literal of ``node`` in ``lang`` (``th`` exactly; ``en`` and ``en-*``)."""
    for lit in g.objects(node, prop):
        tag = (getattr(lit, "language", None) or "").lower()
        if tag == lang or (lang == "en" and tag.startswith("en-")):
            return str(lit)
    return ""


def plain(g: Graph, node: Node, prop: URIRef) -> str:
    """The first value of ``prop`` as text ("" when absent)."""
    value = g.value(node, prop)
    return "" if value is None else str(value)


def _int(term: Node | None) -> int | None:
    try:
        return int(str(term)) if term is not None else None
    except ValueError:
        return None


def order_key(g: Graph, node: Node) -> tuple[int, int, str]:
    """Siblings in source order: pg:order, then numeric notation, then IRI."""
    order = _int(g.value(node, PG.order))
    notation = _int(g.value(node, SKOS.notation))
    big = 1 << 30
    return (order if order is not None else big, notation if notation is not None else big,
            str(node))


def kind(g: Graph, node: Node) -> URIRef | None:
    """The type to show: a pg: class when there is one, else the first type."""
    types = sorted(t for t in g.objects(node, RDF.type) if isinstance(t, URIRef))
    return next((t for t in types if str(t).startswith(paths.PG)), types[0] if types else None)


# --------------------------------------------------------------------------- references


def ref(g: Graph, linker: Linker, node: Node) -> Ref:
    """A link to ``node``: href (or None), Thai and English labels, kind, notation, name."""
    if not isinstance(node, URIRef):
        return {"href": None, "th": "", "en": "", "name": str(node), "kind_th": "",
                "kind_en": "", "notation": ""}
    th, en = labels(g, node)
    k = kind(g, node)
    kind_th, kind_en = labels(g, k) if k is not None else ("", "")
    return {"href": linker.href(node), "th": th, "en": en, "name": linker.layout.qname(node),
            "kind_th": kind_th, "kind_en": kind_en, "notation": plain(g, node, SKOS.notation)}


def value(g: Graph, linker: Linker, term: Node) -> dict[str, Any]:
    """A statement's object: a literal (text, language, datatype) or a reference."""
    if isinstance(term, Literal):
        datatype = linker.layout.qname(term.datatype) if term.datatype else ""
        return {"literal": True, "text": str(term), "lang": term.language or "",
                "datatype": datatype}
    return {"literal": False, **ref(g, linker, term)}


def refs(g: Graph, linker: Linker, nodes: Any) -> list[Ref]:
    """References to ``nodes`` in source order, each once."""
    return [ref(g, linker, n) for n in sorted(set(nodes), key=lambda n: order_key(g, n))]


# --------------------------------------------------------------------------- sections


def children(g: Graph, node: URIRef) -> set[Node]:
    """Elements directly under ``node``: pg:partOf it, or a plan's top elements."""
    found = set(g.subjects(PG.partOf, node)) | set(g.subjects(SKOS.topConceptOf, node))
    if not found:
        found = {m for m in g.subjects(SKOS.inScheme, node) if g.value(m, PG.partOf) is None}
    return found


def claim(g: Graph, linker: Linker, c: Node, other: Node | None) -> dict[str, Any]:
    """An alignment claim as shown beside one of its ends (``other`` is the far end)."""
    basis = g.value(c, PG.basis)
    basis_th, basis_en = labels(g, basis) if basis is not None else ("", "")
    relation = g.value(c, PG.relation)
    confidence = g.value(c, PG.confidence)
    return {
        "ref": ref(g, linker, c),
        "other": ref(g, linker, other) if other is not None else None,
        "from": ref(g, linker, g.value(c, PG.fromElement)),
        "to": ref(g, linker, g.value(c, PG.toElement)),
        "basis": linker.layout.qname(basis).split(":")[-1].lower() if basis is not None else "",
        "basis_th": basis_th, "basis_en": basis_en,
        "confidence": str(confidence) if confidence is not None else "",
        "relation": linker.layout.qname(relation) if relation is not None else "",
        "justification_th": text_in(g, c, PG.justification, "th"),
        "justification_en": text_in(g, c, PG.justification, "en"),
    }


def claims(g: Graph, linker: Linker, node: URIRef, end: URIRef) -> list[dict[str, Any]]:
    """Claims with ``node`` at ``end`` (pg:fromElement: links up; pg:toElement: down)."""
    far = PG.toElement if end == PG.fromElement else PG.fromElement
    found = sorted(g.subjects(end, node), key=str)
    return [claim(g, linker, c, g.value(c, far)) for c in found]


def _decimal(term: Node | None) -> Decimal | None:
    try:
        return Decimal(str(term)) if term is not None else None
    except InvalidOperation:
        return None


def target(g: Graph, linker: Linker, t: Node) -> dict[str, Any]:
    """An indicator's target: the one-line summary (as on the maps) and each part."""
    unit = g.value(t, QUDT.unit)
    cadence = g.value(t, PG.cadence)
    unit_th, unit_en = labels(g, unit) if unit is not None else ("", "")
    cadence_th, cadence_en = labels(g, cadence) if cadence is not None else ("", "")
    value_ = _decimal(g.value(t, QUDT.numericValue))
    summary = Target(
        value=value_, value_wording=text_in(g, t, PG.valueWording, "th"),
        unit_th=unit_th, unit_en=unit_en, unit_symbol=plain(g, unit, QUDT.symbol) if unit else "",
        year=plain(g, t, PG.targetYear), year_wording=text_in(g, t, PG.yearWording, "th"),
        cadence_th=cadence_th, cadence_en=cadence_en,
    )

    def link(prop: URIRef) -> Ref | None:
        obj = g.value(t, prop)
        return ref(g, linker, obj) if obj is not None else None

    return {
        "ref": ref(g, linker, t),
        "summary_th": target_text(summary, "th"), "summary_en": target_text(summary, "en"),
        "value": number(value_) if value_ is not None else "",
        "value_wording": summary.value_wording,
        "unit": link(QUDT.unit), "year": summary.year, "year_wording": summary.year_wording,
        "cadence": link(PG.cadence), "direction": link(PG.direction), "measure": link(PG.measure),
        "baseline_year": plain(g, t, PG.baselineYear),
        "baseline_wording": text_in(g, t, PG.baselineWording, "th"),
    }


def statements(g: Graph, linker: Linker, node: URIRef) -> list[dict[str, Any]]:
    """Every triple with ``node`` as subject, grouped by predicate (sorted by name)."""
    by_pred: dict[URIRef, list[Node]] = {}
    for p, o in g.predicate_objects(node):
        by_pred.setdefault(p, []).append(o)
    rows = []
    for p in sorted(by_pred, key=linker.layout.qname):
        objects = sorted(by_pred[p], key=lambda o: (str(getattr(o, "language", "") or ""), str(o)))
        rows.append({"p": ref(g, linker, p), "values": [value(g, linker, o) for o in objects]})
    return rows


def inbound(g: Graph, linker: Linker, node: URIRef) -> list[dict[str, Any]]:
    """Resources of the site that point at ``node``, with the property they use."""
    rows = [(linker.layout.qname(p), s, p) for s, p in g.subject_predicates(node)
            if linker.layout.rel(s) is not None]
    rows.sort(key=lambda r: (r[0], order_key(g, r[1])))
    return [{"p": ref(g, linker, p), "s": ref(g, linker, s)} for _, s, p in rows]


def resource(g: Graph, linker: Linker, node: URIRef) -> dict[str, Any]:
    """Everything one resource page shows."""
    th, en = labels(g, node)
    k = kind(g, node)
    t = g.value(node, PG.hasTarget)
    line, line_end = plain(g, node, PG.sourceLine), plain(g, node, PG.sourceLineEnd)
    is_claim = g.value(node, PG.fromElement) is not None or g.value(node, PG.toElement) is not None

    def one(prop: URIRef) -> Ref | None:
        obj = g.value(node, prop)
        return ref(g, linker, obj) if obj is not None else None

    return {
        "iri": str(node), "name": linker.layout.qname(node), "th": th, "en": en,
        "kind": ref(g, linker, k) if k is not None else None,
        "types": refs(g, linker, g.objects(node, RDF.type)),
        "notation": plain(g, node, SKOS.notation),
        "source_notation": text_in(g, node, PG.sourceNotation, "th"),
        "section": text_in(g, node, PG.sourceSection, "th"),
        "lines": f"{line}–{line_end}" if line and line_end else line,
        "source": one(DCTERMS.source), "plan": one(SKOS.inScheme), "parent": one(PG.partOf),
        "children": refs(g, linker, children(g, node)),
        "up": claims(g, linker, node, PG.fromElement),
        "down": claims(g, linker, node, PG.toElement),
        "target": target(g, linker, t) if t is not None else None,
        "claim": claim(g, linker, node, None) if is_claim else None,
        "statements": statements(g, linker, node),
        "inbound": inbound(g, linker, node),
    }


def instance_subjects(g: Graph, layout: Layout) -> list[URIRef]:
    """Every IRI-identified subject under the instance base, sorted."""
    return sorted({s for s in g.subjects() if isinstance(s, URIRef) and layout.rel(s) is not None},
                  key=str)


def plans(g: Graph, layout: Layout) -> list[URIRef]:
    """The plans (anything with a pg:planLevel) in cascade order: level rank, then IRI."""
    found = {p for p in g.subjects(PG.planLevel, None) if layout.rel(p) is not None}

    def rank(p: URIRef) -> int:
        level = g.value(p, PG.planLevel)
        r = _int(g.value(level, PG.rank)) if level is not None else None
        return r if r is not None else 99

    return sorted(found, key=lambda p: (rank(p), str(p)))
