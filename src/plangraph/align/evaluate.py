"""How good the suggestions are: for every stated or curated claim, where the suggester
ranks the claim's target among the candidates of the target's level and kind, with the
claim hidden (no method reads the element's own claims — the lexical ones read none, the
structural ones only other elements' — so hiding is leaving it out of the truth).

Ranks are *filtered*: other true targets of the same element are taken out of the
candidates, so an element with two true targets is not penalised for ranking the other one
first. Chance is what a random ranking would score on the same candidate sets.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from plangraph.align.methods import Scorer
from plangraph.align.texts import Cascade, Claim
from plangraph.align.tokens import words

LEVELS = {1: "national-strategy", 2: "nesdp", 3: "region", 4: "cluster", 5: "province"}


@dataclass(frozen=True)
class Case:
    """One hidden claim: its pair name, where the true target ranks and among how many.

    ``above`` candidates score higher than the true target and ``tied`` score the same;
    ties are broken at random, so the rank is uniform over ``above+1 … above+1+tied``.
    """

    claim: str
    pair: str
    basis: str
    above: int
    tied: int
    candidates: int
    score: float
    margin: float

    @property
    def rank(self) -> float:
        """The expected rank."""
        return self.above + 1 + self.tied / 2

    def hit(self, k: int) -> float:
        """The probability that the true target is in the top ``k``."""
        return min(1.0, max(0.0, (k - self.above) / (self.tied + 1)))

    def reciprocal(self) -> float:
        """The expected reciprocal rank."""
        ranks = range(self.above + 1, self.above + self.tied + 2)
        return sum(1 / r for r in ranks) / len(ranks)


def pair_name(cascade: Cascade, source: str, target: str) -> str:
    """``province issue → cluster top`` style name of a level pair."""
    s, t = cascade.elements[source], cascade.elements[target]
    return f"{LEVELS[s.rank]} {s.group} → {LEVELS[t.rank]} {t.group}"


def truth(cascade: Cascade, claims: Iterable[Claim]) -> dict[str, set[str]]:
    """Every element's true targets (positive claims only)."""
    out: dict[str, set[str]] = defaultdict(set)
    for c in claims:
        if not c.negative:
            out[c.source].add(c.target)
    return out


def confusable(cascade: Cascade, target: str, others: list[str], least: int = 2) -> list[str]:
    """The ``others`` whose text shares at least ``least`` words with ``target``'s: the
    distractors a lexical method can mistake for it (a harder test than every candidate)."""
    def vocab(iri: str) -> set[str]:
        return set(words(" ".join(t for _, t in cascade.segments(iri))))

    mine = vocab(target)
    return [o for o in others if len(mine & vocab(o)) >= least]


def cases(cascade: Cascade, scorer: Scorer, bases: tuple[str, ...] = ("curated", "stated"),
          hard: bool = False) -> list[Case]:
    """One :class:`Case` per claim whose basis is in ``bases``; with ``hard``, only the
    :func:`confusable` candidates compete with the true target."""
    true = truth(cascade, (c for c in cascade.claims if c.basis in ("curated", "stated")))
    out = []
    for claim in cascade.claims:
        if claim.basis not in bases or claim.negative:
            continue
        target = cascade.elements[claim.target]
        others = true[claim.source] - {claim.target}
        below = cascade.elements[claim.source].plan
        cands = [e.iri for e in cascade.candidates(target.rank, target.group, below)
                 if e.iri not in others]
        if hard:
            rest = confusable(cascade, claim.target, [c for c in cands if c != claim.target])
            if not rest:
                continue
            cands = sorted([claim.target, *rest])
        scores = scorer.scores(claim.source, cands)
        mine = scores[cands.index(claim.target)]
        above = int(np.sum(scores > mine + 1e-12))
        tied = int(np.sum(np.abs(scores - mine) <= 1e-12)) - 1
        rest = np.delete(scores, cands.index(claim.target))
        margin = float(mine - rest.max()) if len(rest) else float(mine)
        out.append(Case(claim.iri, pair_name(cascade, claim.source, claim.target),
                        claim.basis, above, tied, len(cands), float(mine), margin))
    return out


def summary(found: list[Case]) -> dict[str, float]:
    """recall@1/3/5, MRR and the same for a random ranking (chance)."""
    if not found:
        return {}
    n = len(found)
    out: dict[str, float] = {"n": n}
    for k in (1, 3, 5):
        out[f"r@{k}"] = sum(c.hit(k) for c in found) / n
        out[f"chance@{k}"] = sum(min(k, c.candidates) / c.candidates for c in found) / n
    out["mrr"] = sum(c.reciprocal() for c in found) / n
    out["chance_mrr"] = sum(sum(1 / r for r in range(1, c.candidates + 1)) / c.candidates
                            for c in found) / n
    return out


def by_pair(found: list[Case]) -> dict[str, list[Case]]:
    """Cases grouped by level pair, pairs sorted."""
    groups: dict[str, list[Case]] = defaultdict(list)
    for c in found:
        groups[c.pair].append(c)
    return dict(sorted(groups.items()))
