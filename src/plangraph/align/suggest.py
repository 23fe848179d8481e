"""Ranking candidate links for every element of a plan.

For each element of the plan: its top-level elements (issues, goals, strategies) against
the top-level elements of the level above (and, under the NESDP, the National Strategy's
sub-strategies too), and its indicators against the indicators of the level above
(``skos:closeMatch``: the same quantity measured). Pairs that a claim already covers —
stated, curated, or rejected (a negative claim) — are never suggested.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from plangraph.align import calibrate
from plangraph.align.evidence import Shared, shared_words
from plangraph.align.methods import DEFAULT_METHOD, PAIRED, Scorer
from plangraph.align.texts import Cascade, Element
from plangraph.errors import PlangraphError

BROAD = "http://www.w3.org/2004/02/skos/core#broadMatch"
CLOSE = "http://www.w3.org/2004/02/skos/core#closeMatch"


@dataclass(frozen=True)
class Suggestion:
    """One candidate link with its score, calibrated confidence and evidence."""

    id: str
    source: str
    target: str
    relation: str
    rank: int
    candidates: int
    score: float
    confidence: float
    method: str
    evidence: tuple[Shared, ...]
    structure: str = ""  # why a stated structure favoured the target (structure.Pairing)


def suggestion_id(source: str, target: str) -> str:
    """A short stable id for the pair (the same on every run)."""
    return "s" + hashlib.sha1(f"{source} {target}".encode()).hexdigest()[:8]


def target_groups(cascade: Cascade, element: Element) -> list[tuple[int, str]]:
    """(level, group) pairs whose elements ``element`` may serve."""
    if element.rank <= 1:
        return []
    if element.is_indicator:
        return [(element.rank - 1, "indicator")]
    if element.group != "top":
        return []
    groups = [(element.rank - 1, "top")]
    return groups + [(1, "sub")] if element.rank == 2 else groups


def suggest(cascade: Cascade, plan: str, top: int = 3, scorer: Scorer | None = None,
            model: dict | None = None) -> list[Suggestion]:
    """The ``top`` best unclaimed candidates of every element of ``plan``."""
    elements = cascade.in_plan(plan)
    if not elements:
        known = sorted({e.plan for e in cascade.elements.values()})
        raise PlangraphError(f"suggest: no plan {plan!r} (known: {', '.join(known)})")
    scorer = scorer or Scorer(cascade, DEFAULT_METHOD)
    model = model or calibrate.load()
    done = {(c.source, c.target) for c in cascade.claims if c.basis != "suggested"}
    out: list[Suggestion] = []
    for element in elements:
        for rank, group in target_groups(cascade, element):
            cands = [e.iri for e in cascade.candidates(rank, group, plan)]
            if not cands:
                continue
            scores = scorer.scores(element.iri, cands)
            conf = calibrate.confidence(calibrate.features(scores), model)
            order = sorted(range(len(cands)), key=lambda i: (-scores[i], cands[i]))
            relation = CLOSE if group == "indicator" else BROAD
            kept = [i for i in order if (element.iri, cands[i]) not in done][:top]
            for i in kept:
                if scores[i] <= 0:
                    continue
                out.append(Suggestion(
                    suggestion_id(element.iri, cands[i]), element.iri, cands[i], relation,
                    order.index(i) + 1, len(cands), round(float(scores[i]), 4),
                    round(float(conf[i]), 2), scorer.method,
                    tuple(shared_words(cascade, element.iri, cands[i])),
                    scorer.pairing.note(element.iri, cands[i])
                    if scorer.method in PAIRED else ""))
    return out
