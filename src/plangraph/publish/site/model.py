"""What each page of the linked-data site shows, read from an :class:`~plangraph.rdfindex.Index`.

Everything here returns plain data (:class:`Data`: dicts of strings); the templates escape it.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox

from plangraph import paths
from plangraph.graph.index import Index, Term
from plangraph.graph.vocab import DCTERMS, PG, QB, QUDT, RDF, RDFS, SKOS, XSD
from plangraph.maps.data import Target
from plangraph.maps.text import number, target_text
from plangraph.publish.site.layout import Layout, Linker

LABELS = (SKOS.prefLabel, DCTERMS.title, RDFS.label)
#: Datatypes a page does not name (a plain or language-tagged string).
_STRING_TYPES = (XSD.string, RDF.langString)



class Data(dict[str, Any]):
    """A dict whose keys also read as attributes. Jinja looks ``r.th`` up as an attribute
    first; on a plain dict that raises and catches an AttributeError every time, a fifth of
    the time a page takes."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


Ref = Data


# --------------------------------------------------------------------------- small reads


def labels(g: Index, node: Term | None) -> tuple[str, str]:
    """(Thai, English) label: skos:prefLabel, then dcterms:title, then rdfs:label."""
    th = en = ""
    for prop in LABELS:
        for lit in g.objects(node, prop):
            if not isinstance(lit, ox.Literal):
                continue
            lang = (lit.language or "").lower()
            if not th and lang == "th":
                th = lit.value
            elif not en and (lang == "en" or lang.startswith("en-")):
                en = lit.value
        if th or en:
            break
    return th, en


def text_in(g: Index, node: Term | None, prop: ox.NamedNode, lang: str) -> str:
    """The ``prop`` literal of ``node`` in ``lang`` (``th`` exactly; ``en`` and ``en-*``)."""
    for lit in g.objects(node, prop):
        tag = (getattr(lit, "language", None) or "").lower()
        if tag == lang or (lang == "en" and tag.startswith("en-")):
            return lit.value
    return ""


def plain(g: Index, node: Term | None, prop: ox.NamedNode) -> str:
    """The first value of ``prop`` as text ("" when absent)."""
    value = g.value(node, prop)
    return "" if value is None else value.value


def _int(term: Term | None) -> int | None:
    try:
        return int(term.value) if term is not None else None
    except ValueError:
        return None


def order_key(g: Index, node: Term) -> tuple[int, int, str]:
    """Siblings in source order: pg:order, then numeric notation, then IRI."""
    order = _int(g.value(node, PG.order))
    notation = _int(g.value(node, SKOS.notation))
    big = 1 << 30
    return (order if order is not None else big, notation if notation is not None else big,
            node.value)


def kind(g: Index, node: Term) -> ox.NamedNode | None:
    """The type to show: a pg: class when there is one, else the first type."""
    types = sorted((t for t in g.objects(node, RDF.type) if isinstance(t, ox.NamedNode)),
                   key=lambda t: t.value)
    return next((t for t in types if t.value.startswith(paths.PG)), types[0] if types else None)


# --------------------------------------------------------------------------- references


def ref(g: Index, linker: Linker, node: Term | None) -> Ref:
    """A link to ``node``: href (or None), Thai and English labels, kind, notation, name."""
    if not isinstance(node, ox.NamedNode):
        return Data(href=None, th="", en="", name=node.value if node else "", kind_th="",
                    kind_en="", notation="")
    return Data(href=linker.href(node), name=linker.layout.qname(node), **_about(g, node))


def _about(g: Index, node: ox.NamedNode) -> dict[str, str]:
    """What every link to ``node`` shows, whatever the page (read once per build)."""
    memo = g.memo(__name__ + ".about")
    found = memo.get(node)
    if found is None:
        th, en = labels(g, node)
        k = kind(g, node)
        kind_th, kind_en = labels(g, k) if k is not None else ("", "")
        found = memo[node] = {"th": th, "en": en, "kind_th": kind_th, "kind_en": kind_en,
                              "notation": plain(g, node, SKOS.notation)}
    return found  # type: ignore[return-value]


def value(g: Index, linker: Linker, term: Term) -> Data:
    """A statement's object: a literal (text, language, datatype) or a reference."""
    if isinstance(term, ox.Literal):
        datatype = "" if term.datatype in _STRING_TYPES else linker.layout.qname(term.datatype)
        return Data(literal=True, text=term.value, lang=term.language or "", datatype=datatype)
    return Data(literal=False, **ref(g, linker, term))


def refs(g: Index, linker: Linker, nodes: Iterable[Term]) -> list[Ref]:
    """References to ``nodes`` in source order, each once."""
    return [ref(g, linker, n) for n in sorted(set(nodes), key=lambda n: order_key(g, n))]


# --------------------------------------------------------------------------- sections


def children(g: Index, node: ox.NamedNode) -> set[Term]:
    """Elements directly under ``node``: pg:partOf it, or a plan's top elements."""
    found: set[Term] = {*g.subjects_of(PG.partOf, node), *g.subjects_of(SKOS.topConceptOf, node)}
    if not found:
        found = {m for m in g.subjects_of(SKOS.inScheme, node) if g.value(m, PG.partOf) is None}
    return found


def claim(g: Index, linker: Linker, c: Term, other: Term | None) -> Data:
    """An alignment claim as shown beside one of its ends (``other`` is the far end)."""
    basis = g.value(c, PG.basis)
    basis_th, basis_en = labels(g, basis) if basis is not None else ("", "")
    relation = g.value(c, PG.relation)
    confidence = g.value(c, PG.confidence)
    return Data({
        "ref": ref(g, linker, c),
        "other": ref(g, linker, other) if other is not None else None,
        "from": ref(g, linker, g.value(c, PG.fromElement)),
        "to": ref(g, linker, g.value(c, PG.toElement)),
        "basis": linker.layout.qname(basis.value).split(":")[-1].lower() if basis is not None
        else "",
        "basis_th": basis_th, "basis_en": basis_en,
        "confidence": confidence.value if confidence is not None else "",
        "relation": linker.layout.qname(relation.value) if relation is not None else "",
        "justification_th": text_in(g, c, PG.justification, "th"),
        "justification_en": text_in(g, c, PG.justification, "en"),
    })


def _ref_or_none(g: Index, linker: Linker, node: Term | None) -> Ref | None:
    return ref(g, linker, node) if node is not None else None


def claims(g: Index, linker: Linker, node: ox.NamedNode, end: ox.NamedNode
           ) -> list[Data]:
    """Claims with ``node`` at ``end`` (pg:fromElement: links up; pg:toElement: down)."""
    far = PG.toElement if end == PG.fromElement else PG.fromElement
    found = sorted(g.subjects_of(end, node), key=lambda c: c.value)
    return [claim(g, linker, c, g.value(c, far)) for c in found]


def _decimal(term: Term | None) -> Decimal | None:
    try:
        return Decimal(term.value) if term is not None else None
    except InvalidOperation:
        return None


def target(g: Index, linker: Linker, t: Term) -> Data:
    """An indicator's target: the one-line summary (as on the maps) and each part."""
    unit = g.value(t, QUDT.unit)
    cadence = g.value(t, PG.cadence)
    unit_th, unit_en = labels(g, unit) if unit is not None else ("", "")
    cadence_th, cadence_en = labels(g, cadence) if cadence is not None else ("", "")
    value_ = _decimal(g.value(t, QUDT.numericValue))
    summary = Target(
        value=value_, value_wording=text_in(g, t, PG.valueWording, "th"),
        unit_th=unit_th, unit_en=unit_en, unit_symbol=plain(g, unit, QUDT.symbol),
        year=plain(g, t, PG.targetYear), year_wording=text_in(g, t, PG.yearWording, "th"),
        cadence_th=cadence_th, cadence_en=cadence_en,
    )

    def link(prop: ox.NamedNode) -> Ref | None:
        return _ref_or_none(g, linker, g.value(t, prop))

    return Data({
        "ref": ref(g, linker, t),
        "summary_th": target_text(summary, "th"), "summary_en": target_text(summary, "en"),
        "value": number(value_) if value_ is not None else "",
        "value_wording": summary.value_wording,
        "unit": link(QUDT.unit), "year": summary.year, "year_wording": summary.year_wording,
        "cadence": link(PG.cadence), "direction": link(PG.direction), "measure": link(PG.measure),
        "baseline_year": plain(g, t, PG.baselineYear),
        "baseline_wording": text_in(g, t, PG.baselineWording, "th"),
    })


def statements(g: Index, linker: Linker, node: ox.NamedNode,
               skip: tuple[ox.NamedNode, ...] = ()) -> list[Data]:
    """Every triple with ``node`` as subject (but those with a ``skip`` predicate), grouped by
    predicate (sorted by name)."""
    by_pred: dict[ox.NamedNode, list[Term]] = {}
    for p, o in g.predicate_objects(node):
        if p not in skip:
            by_pred.setdefault(p, []).append(o)
    rows = []
    for p in sorted(by_pred, key=linker.layout.qname):
        objects = sorted(by_pred[p], key=lambda o: (getattr(o, "language", None) or "", o.value))
        rows.append(Data(p=ref(g, linker, p), values=[value(g, linker, o) for o in objects]))
    return rows


def inbound(g: Index, linker: Linker, node: ox.NamedNode) -> list[Data]:
    """Resources of the site that point at ``node``, with the property they use. Observations
    shown on an indicator's page count as one row for that indicator (``via`` of them); on
    their own indicator's page they are not repeated."""
    folded = linker.layout.folded
    rows: dict[tuple[str, ox.NamedNode], dict[tuple[Term, bool], int]] = {}
    for s, p in g.subject_predicates(node):
        if not isinstance(s, ox.NamedNode) or linker.layout.rel(s) is None:
            continue
        key = (linker.layout.qname(p), p)
        if s.value not in folded:
            rows.setdefault(key, {})[(s, False)] = 0
        elif (host := ox.NamedNode(folded[s.value][0])) != node:
            counts = rows.setdefault(key, {})
            counts[(host, True)] = counts.get((host, True), 0) + 1
    found = []
    for (_, p), subjects in sorted(rows.items(), key=lambda r: r[0][0]):
        for s, via in sorted(subjects, key=lambda k: (order_key(g, k[0]), k[1])):
            found.append(Data(p=ref(g, linker, p), s=ref(g, linker, s), via=subjects[(s, via)]))
    return found


#: What an observation's row shows in its own columns (the rest goes in the last column).
OBSERVATION_COLUMNS = (RDF.type, PG.indicator, PG.refYear, PG.observedValue, QUDT.unit,
                       QB.dataSet)


def observations(g: Index, linker: Linker, guests: Iterable[ox.NamedNode]) -> list[Data]:
    """The rows of an indicator's table of observed values, each with its anchor."""
    rows = []
    for o in guests:
        rows.append(Data(
            anchor=linker.layout.folded[o.value][1], iri=o.value, name=linker.layout.qname(o),
            year=plain(g, o, PG.refYear), value=plain(g, o, PG.observedValue),
            unit=_ref_or_none(g, linker, g.value(o, QUDT.unit)),
            dataset=_ref_or_none(g, linker, g.value(o, QB.dataSet)),
            other=statements(g, linker, o, OBSERVATION_COLUMNS)))
    return rows


def resource(g: Index, linker: Linker, node: ox.NamedNode,
             guests: Iterable[ox.NamedNode] = ()) -> Data:
    """Everything one resource page shows (``guests``: the observations shown on it)."""
    th, en = labels(g, node)
    k = kind(g, node)
    t = g.value(node, PG.hasTarget)
    line, line_end = plain(g, node, PG.sourceLine), plain(g, node, PG.sourceLineEnd)
    is_claim = g.value(node, PG.fromElement) is not None or g.value(node, PG.toElement) is not None

    def one(prop: ox.NamedNode) -> Ref | None:
        return _ref_or_none(g, linker, g.value(node, prop))

    return Data({
        "iri": node.value, "name": linker.layout.qname(node), "th": th, "en": en,
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
        "observations": observations(g, linker, guests),
    })


def instance_subjects(g: Index, layout: Layout) -> list[ox.NamedNode]:
    """Every IRI-identified subject under the instance base, sorted."""
    return sorted((s for s in g.subjects()
                   if isinstance(s, ox.NamedNode) and layout.rel(s) is not None),
                  key=lambda s: s.value)


def plans(g: Index, layout: Layout) -> list[ox.NamedNode]:
    """The plans (anything with a pg:planLevel) in cascade order: level rank, then IRI."""
    found = [p for p in g.subjects_with(PG.planLevel)
             if isinstance(p, ox.NamedNode) and layout.rel(p) is not None]

    def rank(p: ox.NamedNode) -> int:
        level = g.value(p, PG.planLevel)
        r = _int(g.value(level, PG.rank)) if level is not None else None
        return r if r is not None else 99

    return sorted(found, key=lambda p: (rank(p), p.value))
