"""Suggestions out: an SSSOM/TSV mapping set (``semapv:LexicalMatching``, or
``semapv:CompositeMatching`` for a method that also reads curated links) and draft claims in
Turtle (``pg:basis pg:Suggested``), and the drafts read back from a Store.

A draft claim asserts no SKOS mapping triple, so the library queries (which follow
``skos:broadMatch``) leave it out; ``--include-suggested`` adds the triples in memory
(:func:`plangraph.align.review.include_suggested_links`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pyoxigraph as ox

from plangraph import paths
from plangraph.align.evidence import summary_th
from plangraph.align.methods import JUSTIFICATION
from plangraph.align.suggest import Suggestion
from plangraph.align.texts import PREFIXES, Cascade
from plangraph.graph.terms import quote

TOOL = "plangraph suggest"
SUGGEST_AGENT = "agent/plangraph-suggest"
SSSOM_COLUMNS = (
    "subject_id", "subject_label", "predicate_id", "object_id", "object_label",
    "mapping_justification", "confidence", "similarity_score", "similarity_measure",
    "mapping_tool", "mapping_date", "comment",
)
TURTLE_PREFIXES = f"""@base <{paths.ID_BASE}> .
@prefix pg:      <{paths.PG}> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
"""
TURTLE_HEADER = f"""# Suggested alignment claims: written by `plangraph suggest`, read by `review`.
# Drafts: pg:basis pg:Suggested and no SKOS mapping triple, so queries and maps leave them out
# unless asked (--include-suggested). Do not edit by hand; re-run `plangraph suggest`.

{TURTLE_PREFIXES}
<{SUGGEST_AGENT}> a prov:SoftwareAgent , prov:Agent ;
    skos:prefLabel "plangraph suggest"@en .
"""


def _curie(iri: str) -> str:
    if iri.startswith(paths.ID_BASE):
        return "pgid:" + iri[len(paths.ID_BASE):]
    return iri.replace("http://www.w3.org/2004/02/skos/core#", "skos:")


def _cell(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def evidence_text(s: Suggestion) -> str:
    """The shared words with their positions, one line."""
    return "; ".join(f"{e.word}: {_curie(e.source_at)} ↔ {_curie(e.target_at)}"
                     for e in s.evidence)


def sssom(cascade: Cascade, found: Iterable[Suggestion], today: dt.date | None = None) -> str:
    """The suggestions as SSSOM/TSV with its YAML header."""
    today = today or dt.date.today()
    lines = [
        "# curie_map:",
        f"#   pgid: {paths.ID_BASE}",
        "#   skos: http://www.w3.org/2004/02/skos/core#",
        "#   semapv: https://w3id.org/semapv/vocab/",
        f"# mapping_set_id: {paths.ID_BASE}mapping-set/suggested",
        "# license: https://creativecommons.org/licenses/by/4.0/",
        "\t".join(SSSOM_COLUMNS),
    ]
    for s in found:
        row = (_curie(s.source), cascade.elements[s.source].label, _curie(s.relation),
               _curie(s.target), cascade.elements[s.target].label, JUSTIFICATION[s.method],
               f"{s.confidence:.2f}", f"{s.score:.4f}", s.method, TOOL, today.isoformat(),
               f"rank {s.rank} of {s.candidates}; shared: {evidence_text(s)}"
               + (f"; structure: {s.structure}" if s.structure else ""))
        lines.append("\t".join(_cell(c) for c in row))
    return "\n".join(lines) + "\n"


def draft_iri(s: Suggestion) -> str:
    """Where a draft claim lives."""
    return f"alignment/suggested/{s.id}"


def turtle(cascade: Cascade, found: Iterable[Suggestion], today: dt.date | None = None) -> str:
    """The suggestions as draft ``pg:Alignment`` claims (basis ``pg:Suggested``)."""
    today = today or dt.date.today()
    blocks = [TURTLE_HEADER]
    for s in found:
        th = summary_th(list(s.evidence)) or "(ไม่มีคำที่ตรงกัน)"
        en = (f"Suggested by {TOOL} ({s.method}): rank {s.rank} of {s.candidates}, "
              f"{len(s.evidence)} shared words. Evidence: {evidence_text(s)}"
              + (f". Structure: {s.structure}" if s.structure else ""))
        blocks.append(
            f"<{draft_iri(s)}> a pg:Alignment ;\n"
            f"    dcterms:identifier {quote(s.id)} ;\n"
            f"    pg:fromElement <{s.source}> ;\n"
            f"    pg:toElement <{s.target}> ;\n"
            f"    pg:relation <{s.relation}> ;\n"
            f"    pg:basis pg:Suggested ;\n"
            f"    pg:confidence \"{s.confidence:.2f}\"^^xsd:decimal ;\n"
            f"    pg:similarityScore \"{s.score:.4f}\"^^xsd:decimal ;\n"
            f"    pg:rankAmongCandidates {s.rank} ;\n"
            f"    pg:justification {quote(th)}@th , {quote(en)}@en ;\n"
            f"    prov:wasAttributedTo <{SUGGEST_AGENT}> ;\n"
            f"    dcterms:created \"{today.isoformat()}\"^^xsd:date .\n")
    return "\n".join(blocks)


DRAFTS = PREFIXES + """
SELECT ?id ?from ?to ?relation ?score ?confidence ?rank WHERE {
  ?claim pg:basis pg:Suggested ; dcterms:identifier ?id ;
         pg:fromElement ?from ; pg:toElement ?to ; pg:relation ?relation ;
         pg:similarityScore ?score ; pg:confidence ?confidence .
  OPTIONAL { ?claim pg:rankAmongCandidates ?rank }
} ORDER BY ?id"""


def read_drafts(store: ox.Store, cascade: Cascade, method: str = "") -> list[Suggestion]:
    """The draft claims in ``store`` as suggestions (evidence recomputed from the texts)."""
    from plangraph.align.evidence import shared_words

    out = []
    for row in store.query(DRAFTS, use_default_graph_as_union=True):
        source, target = row["from"].value, row["to"].value
        if source not in cascade.elements or target not in cascade.elements:
            continue
        rank = int(row["rank"].value) if row["rank"] is not None else 0
        out.append(Suggestion(row["id"].value, source, target, row["relation"].value, rank,
                              0, float(row["score"].value), float(row["confidence"].value),
                              method, tuple(shared_words(cascade, source, target))))
    return out
