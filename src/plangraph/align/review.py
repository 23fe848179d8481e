"""Reviewing suggestions: an accepted draft becomes a curated claim (who accepted it and
when, PROV-O), a rejected one a negative claim (``pg:predicateModifier pg:Not``, SSSOM
``predicate_modifier: Not``) that keeps the pair from being suggested again. Both go to the
reviews file; the draft leaves the drafts file. `include_suggested_links` lets a query see
the drafts as links when a user asks for them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from plangraph import paths
from plangraph.align.evidence import summary_th
from plangraph.align.output import TURTLE_PREFIXES, evidence_text, turtle
from plangraph.align.suggest import Suggestion
from plangraph.align.texts import PREFIXES, Cascade
from plangraph.errors import PlangraphError
from plangraph.graph.terms import quote
from plangraph.runtime.atomic import atomic_write
from plangraph.runtime.worker import changed

SUGGESTED_GRAPH = ox.NamedNode("urn:plangraph:suggested")
ACCEPTED_CONFIDENCE = 0.7
REVIEWS_HEADER = f"""# Reviewed suggestions — written by `plangraph review`.
# Accepted: curated claims (pg:Curated) with their reviewer and date and the SKOS triple.
# Rejected: negative claims (pg:predicateModifier pg:Not), no SKOS triple; never suggested again.

{TURTLE_PREFIXES}"""


@dataclass
class Decisions:
    """What a reviewer decided: ids to accept and reject, edited justifications by id."""

    accept: list[str] = field(default_factory=list)
    reject: list[str] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)


def slug(iri: str) -> str:
    """``lampang/issue/1`` → ``lampang-issue-1`` (the claim-IRI convention)."""
    local = iri[len(paths.ID_BASE):] if iri.startswith(paths.ID_BASE) else iri
    return re.sub(r"[^A-Za-z0-9]+", "-", local).strip("-")


def reviewer_iri(name: str) -> str:
    """The reviewer's agent IRI (relative to the instance base)."""
    return f"agent/reviewer/{slug(name) or 'anonymous'}"


def _claim(s: Suggestion, accepted: bool, reviewer: str, note: str, when: dt.datetime) -> str:
    day = when.date().isoformat()
    verdict = "Accepted" if accepted else "Rejected"
    en = note or (f"{verdict} by {reviewer} on {day} from suggestion {s.id}; "
                  f"shared words: {evidence_text(s) or 'none'}")
    th = summary_th(list(s.evidence)) or "(ไม่มีคำที่ตรงกัน)"
    iri = (f"alignment/{slug(s.source)}--{slug(s.target)}" if accepted
           else f"alignment/rejected/{slug(s.source)}--{slug(s.target)}")
    extra = "" if accepted else "    pg:predicateModifier pg:Not ;\n"
    confidence = ACCEPTED_CONFIDENCE  # of the verdict: the link holds, or it does not
    text = (f"<{iri}> a pg:Alignment ;\n"
            f"    pg:fromElement <{s.source}> ;\n    pg:toElement <{s.target}> ;\n"
            f"    pg:relation <{s.relation}> ;\n{extra}    pg:basis pg:Curated ;\n"
            f"    pg:confidence \"{confidence:.1f}\"^^xsd:decimal ;\n"
            f"    pg:justification {quote(th)}@th , {quote(en)}@en ;\n"
            f"    prov:wasAttributedTo <{reviewer_iri(reviewer)}> ;\n"
            f"    prov:wasDerivedFrom <alignment/suggested/{s.id}> ;\n"
            f"    prov:generatedAtTime \"{when.isoformat(timespec='seconds')}\"^^xsd:dateTime ;\n"
            f"    dcterms:created \"{day}\"^^xsd:date .\n")
    if accepted:
        text += f"<{s.source}> <{s.relation}> <{s.target}> .\n"
    return text


def apply(drafts: list[Suggestion], decisions: Decisions, reviewer: str,
          when: dt.datetime) -> tuple[list[str], list[Suggestion]]:
    """Turtle blocks for the decided drafts, and the drafts still undecided."""
    by_id = {s.id: s for s in drafts}
    unknown = [i for i in [*decisions.accept, *decisions.reject] if i not in by_id]
    if unknown:
        raise PlangraphError(f"review: no suggestion {', '.join(unknown)} in the drafts "
                             "(run `plangraph suggest` first, or check the id)")
    both = set(decisions.accept) & set(decisions.reject)
    if both:
        raise PlangraphError(f"review: {', '.join(sorted(both))} both accepted and rejected")
    blocks = [_claim(by_id[i], True, reviewer, decisions.notes.get(i, ""), when)
              for i in decisions.accept]
    blocks += [_claim(by_id[i], False, reviewer, decisions.notes.get(i, ""), when)
               for i in decisions.reject]
    decided = set(decisions.accept) | set(decisions.reject)
    return blocks, [s for s in drafts if s.id not in decided]


def write_reviews(path: Path, blocks: Iterable[str], reviewer: str) -> None:
    """Append ``blocks`` to the reviews file (atomically; header and agent once)."""
    blocks = list(blocks)
    if not blocks:
        return
    text = path.read_text(encoding="utf-8") if path.exists() else REVIEWS_HEADER
    agent = f"<{reviewer_iri(reviewer)}> a prov:Person , prov:Agent"
    if agent not in text:
        text += f"\n{agent} ;\n    skos:prefLabel {quote(reviewer)} .\n"
    atomic_write(path, text + "\n" + "\n".join(blocks))


def write_drafts(path: Path, cascade: Cascade, drafts: list[Suggestion],
                 today: dt.date | None = None) -> None:
    """Rewrite the drafts file with ``drafts`` (atomically)."""
    atomic_write(path, turtle(cascade, drafts, today))


def merge_drafts(old: list[Suggestion], new: list[Suggestion], plan_elements: set[str]
                 ) -> list[Suggestion]:
    """Drafts of other plans kept, this plan's replaced by ``new``, sorted by id."""
    kept = [s for s in old if s.source not in plan_elements]
    return sorted([*kept, *new], key=lambda s: s.id)


INCLUDE = PREFIXES + """
SELECT ?from ?relation ?to WHERE {
  ?claim pg:basis pg:Suggested ; pg:fromElement ?from ; pg:toElement ?to ;
         pg:relation ?relation .
  FILTER NOT EXISTS { ?claim pg:predicateModifier pg:Not }
}"""


def include_suggested_links(store: ox.Store) -> int:
    """Add the SKOS triple of every draft claim to ``store`` (in memory, in the graph
    ``urn:plangraph:suggested``), so that the library queries follow them; returns how many."""
    rows = list(store.query(INCLUDE, use_default_graph_as_union=True))
    store.extend(ox.Quad(r["from"], r["relation"], r["to"], SUGGESTED_GRAPH) for r in rows)
    changed(store)  # a query session's worker forked before now no longer answers
    return len(rows)


def include_suggested_rdflib(graph: object) -> int:
    """:func:`include_suggested_links` for an rdflib Dataset or Graph."""
    from rdflib import URIRef

    found = list(graph.query(INCLUDE))  # type: ignore[attr-defined]
    target = graph.graph(URIRef(SUGGESTED_GRAPH.value)) if hasattr(graph, "graph") else graph
    for row in found:
        target.add((row[0], row[1], row[2]))  # type: ignore[attr-defined]
    return len(found)

