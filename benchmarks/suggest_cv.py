"""Held-out figures for ``benchmarks/suggest.py``: a nested cross-validation of the choice of
method and weights, by folds of elements and by single elements (a part of the benchmark,
not shipped).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from suggest_tried import folds_of

from plangraph.align import evaluate as ev
from plangraph.align.evidence import shared_words, summary_th
from plangraph.align.methods import METHODS, Scorer
from plangraph.align.texts import Cascade

#: A method and the Scorer keywords it is built with.
Config = tuple[str, tuple[tuple[str, float], ...]]
#: What the cross-validation chooses among: every method; the siblings prior at three
#: weights; the expansion at three weights; the hybrid at three expansion weights times
#: three likeness weights; the pairing bonus of ``text`` and ``hybrid`` at other weights.
CONFIGS: tuple[Config, ...] = tuple(dict.fromkeys(
    [(m, ()) for m in METHODS]
    + [("text", (("assign", w),)) for w in (0.0, 0.5, 2.0)]
    + [("text", (("guess", w),)) for w in (0.0, 1.0)]
    + [("text", (("parent", w),)) for w in (0.0, 0.5)]
    + [("hybrid", (("assign", w),)) for w in (0.0, 0.5)]
    + [("siblings", (("weight", w),)) for w in (0.1, 1.0)]
    + [("expand", (("expand", w),)) for w in (0.25, 0.5)]
    + [("hybrid", (("expand", x), ("neighbour", n)))
       for x in (0.25, 0.5, 1.0) for n in (0.0, 0.25, 0.5) if (x, n) != (1.0, 0.25)]))
#: The held-out rows shown without a choice (the shipped weights).
FIXED: tuple[Config, ...] = tuple((m, ()) for m in (
    "word-tfidf", "bm25", "siblings", "neighbours", "expand", "hybrid", "text"))
NAMES = {"weight": "prior", "expand": "expansion", "neighbour": "likeness",
         "assign": "pairing", "guess": "guessed links", "parent": "parent title"}
CHOSEN = "chosen on the other claims"


def pct(x: float) -> str:
    return f"{100 * x:.0f} %"


def config_name(config: Config) -> str:
    """``hybrid (expansion 0.25, likeness 0.0)`` style name."""
    method, kwargs = config
    return method if not kwargs else method + " (" + ", ".join(
        f"{NAMES[k]} {v}" for k, v in kwargs) + ")"


def nested(cascade: Cascade, splits: list[list[set[str]]], strict: bool = False,
           pool: dict | None = None, fixed: tuple[str, ...] | None = None
           ) -> tuple[dict[str, list[dict]], dict[str, int]]:
    """Per fold of each split, the scorer with the best MRR on the other folds' claims (the
    fold hidden from every structural part; with ``strict``, every claim) is scored on the
    fold. Summaries per split, and the picks. ``pool`` (name: scorer) replaces
    :data:`CONFIGS`, and ``fixed`` names the rows shown without a choice."""
    scorers = pool or {config_name(cfg): Scorer(cascade, cfg[0], **dict(cfg[1]))
                       for cfg in CONFIGS}
    fixed = fixed or tuple(config_name(cfg) for cfg in FIXED)
    pooled: dict[str, list[dict]] = defaultdict(list)
    chosen: dict[str, int] = defaultdict(int)
    every = frozenset(c.iri for c in cascade.claims)
    strict_found = {name: ev.cases(cascade, _hiding(s, every), ("curated",))
                    for name, s in scorers.items()} if strict else {}
    for folds in splits:
        held: list = []
        shown: dict[str, list] = defaultdict(list)
        for fold in folds:
            found = dict(strict_found)
            for name, scorer in scorers.items() if not strict else ():
                found[name] = ev.cases(cascade, _hiding(scorer, frozenset(fold)),
                                      ("curated",))
            best = max(scorers, key=lambda name: ev.summary(
                [c for c in found[name] if c.claim not in fold])["mrr"])
            chosen[best] += 1
            held += [c for c in found[best] if c.claim in fold]
            for name in fixed:
                shown[name] += [c for c in found[name] if c.claim in fold]
        pooled[CHOSEN].append(ev.summary(held))
        for name, cases in shown.items():
            pooled[name].append(ev.summary(cases))
    for scorer in scorers.values():
        scorer.hidden = frozenset()
    return dict(pooled), dict(chosen)


def _hiding(scorer, hidden: frozenset[str]):
    scorer.hidden = hidden
    return scorer


def table(pooled: dict[str, list[dict]], chosen: dict[str, int], folds: int) -> list[str]:
    """Markdown rows: mean over splits, the range in brackets when there are several."""
    def cell(runs: list[dict], key: str, fmt) -> str:
        xs = [r[key] for r in runs]
        spread = f" ({fmt(min(xs))}–{fmt(max(xs))})" if len(xs) > 1 else ""
        return fmt(np.mean(xs)) + spread

    lines = ["| ranking | R@1 | R@3 | MRR | chance R@1 / R@3 |", "| --- | --- | --- | --- | --- |"]
    for name, runs in pooled.items():
        lines.append(f"| {name} | {cell(runs, 'r@1', pct)} | {cell(runs, 'r@3', pct)} | "
                     f"{cell(runs, 'mrr', lambda x: f'{x:.2f}')} | "
                     f"{pct(runs[0]['chance@1'])} / {pct(runs[0]['chance@3'])} |")
    picks = ", ".join(f"`{n}` {c}×" for n, c in sorted(chosen.items(), key=lambda x: -x[1]))
    return lines + ["", f"Chosen in the {folds} folds: {picks}.", ""]


def crossval(cascade: Cascade, k: int = 5, seeds: int = 5
             ) -> tuple[list[str], dict[str, dict[str, float]]]:
    """Markdown for both cross-validations, and their mean figures by ``single``/``folds``
    and ranking name."""
    claims = [c for c in cascade.claims if c.basis == "curated" and not c.negative]
    elements = len({c.source for c in claims})
    plan = {c.iri: cascade.elements[c.source].plan for c in claims}
    plans = [{c for c, p in plan.items() if p == name} for name in sorted(set(plan.values()))]
    single, single_picks = nested(cascade, [folds_of(claims, elements, 0)])
    by_plan, plan_picks = nested(cascade, [plans])
    folds, fold_picks = nested(cascade, [folds_of(claims, k, seed) for seed in range(seeds)])
    strict, strict_picks = nested(cascade, [folds_of(claims, k, seed) for seed in range(seeds)],
                                  strict=True)
    lines = ["## Cross-validation", "",
             "So that the choice of method and weights is not tuned on the claims it is scored "
             "on, it is made again without them: among every method above, the siblings prior "
             "at weights 0.1, 0.3 and 1.0, `expand` at expansion 0.25, 0.5 and 1.0, "
             "`hybrid` at expansion 0.25, 0.5 and 1.0 times likeness 0, 0.25 and 0.5, and the "
             "stated pairing's bonus at 0, 0.5, 1 and 2 (`text`) or 0, 0.5 and 1 (`hybrid`), "
             "`text`'s guessed links at 0, 0.5 and 1 and its parent title at 0, 0.25 and 0.5 "
             "(one weight changed at a time), the one "
             "with the best MRR on the other claims is scored on the held-out ones, whose "
             "claims no structural part reads. The fixed rows are the same held-out scoring "
             "without a choice (the shipped weights).", "",
             f"### One element at a time ({elements} folds)", "",
             "Each element's claims held out in turn: the other elements' claims are known, "
             "as they are when a reviewer runs the suggester on a cascade whose other links "
             "are curated. The fixed rows equal the leave-one-out figures (no method reads "
             "an element's own claims); what is new is that the choice is made without "
             "them.", "",
             *table(single, single_picks, elements),
             f"### One plan at a time ({len(plans)} folds)", "",
             "Every claim made from one plan's elements held out at once: a plan suggested "
             "for the first time, whose elements have no links yet (its elements' siblings "
             "link nowhere; what is linked to the candidates from other plans still counts).",
             "", *table(by_plan, plan_picks, len(plans)),
             f"### A fifth of the elements at a time ({k} folds, {seeds} splits)", "",
             "All claims of a fifth of the elements held out at once (all claims of one element "
             "in one fold): the structural methods then know a fifth fewer links, so this is "
             "also a test of how they do on a sparser cascade. Mean over splits, the range in "
             "brackets.", "",
             *table(folds, fold_picks, k * seeds),
             f"### From the text alone: every claim hidden ({k} folds, {seeds} splits)", "",
             "Every stated and curated claim hidden at once, for the scoring and for the "
             "choice alike: nothing is linked anywhere, so the siblings prior, the likeness "
             "and the expansion from below have nothing to read, and what is left is the "
             "words and the structure the source states (the pairing of `text` and "
             "`hybrid`). The choice is still made on the other folds' claims (as targets "
             "only) and scored on the fold's. Mean over splits, the range in brackets.", "",
             *table(strict, strict_picks, k * seeds)]
    means = {label: {name: {key: float(np.mean([r[key] for r in runs]))
                            for key in ("r@1", "r@3", "mrr")} for name, runs in pooled.items()}
             for label, pooled in (("single", single), ("plan", by_plan), ("folds", folds),
                                   ("strict", strict))}
    return lines, means


def text_alone(cascade: Cascade) -> list[str]:
    """The claims ``text`` ranks outside the top 3 with every claim hidden, each with the
    words its two texts share."""
    scorer = Scorer(cascade, "text")
    scorer.hidden = frozenset(c.iri for c in cascade.claims)
    claims = {c.iri: c for c in cascade.claims}
    out = []
    for case in ev.cases(cascade, scorer, ("curated",)):
        if case.hit(3) < 1:
            claim = claims[case.claim]
            shared = summary_th(shared_words(cascade, claim.source, claim.target))
            out.append(f"{case.claim.rsplit('/', 1)[1]} (rank {case.rank:g} of "
                       f"{case.candidates}; shared words: {shared or 'none'})")
    return out
