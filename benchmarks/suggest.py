"""How good and how fast the link suggester is (a script, not a test).

    python benchmarks/suggest.py [--fit] [--provinces 20]

On the seed (data/): every stated and curated claim hidden in turn (the lexical methods read
no claims; the structural ones — ``siblings``, ``neighbours``, ``expand``, ``hybrid`` — read
only other elements' claims), the true target's rank among the candidates of its level, per
level pair and method: recall@1/3/5 and MRR beside chance; a nested cross-validation of the
choice of method and weights (``suggest_cv.py``); the variants tried (``suggest_tried.py``).
Calibration: leave-one-element-out
cross-validation of the logistic curve, as a table; ``--fit`` writes the curve fitted on all
of the seed to ``src/plangraph/align/calibration.json``. The same on a synthetic cascade, and
the time to suggest for a 200-element plan against the whole synthetic cascade.
Writes ``docs/suggest.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from suggest_cv import CHOSEN, crossval, pct, text_alone  # noqa: E402
from suggest_semantic import semantic_section  # noqa: E402
from suggest_tried import tried  # noqa: E402

from plangraph import paths  # noqa: E402
from plangraph.align import calibrate  # noqa: E402
from plangraph.align import evaluate as ev  # noqa: E402
from plangraph.align import tokens as T  # noqa: E402
from plangraph.align.methods import DEFAULT_METHOD, METHODS, Scorer  # noqa: E402
from plangraph.align.suggest import suggest, target_groups  # noqa: E402
from plangraph.align.texts import Cascade, read_cascade  # noqa: E402
from plangraph.align.tokens import tokens  # noqa: E402
from plangraph.graph.load import load_store  # noqa: E402

BASES = ("curated", "stated")
#: The six NESDP → National Strategy pairs the seed states only as a group (line 66), curated
#: from their titles since the 2026-12 review: easy for a lexical method, reported apart.
TITLE_PAIRS = {f"{paths.ID_BASE}alignment/nesdp-12-strategy-{a}--national-strategy-strategy-{b}"
               for a, b in ((1, 3), (2, 4), (3, 2), (4, 5), (5, 1), (6, 6))}


def method_table(cascade: Cascade, title: str, hard: bool = False
                 ) -> tuple[list[str], dict[str, dict]]:
    """Markdown: overall and per-pair figures for every method (non-stated claims first)."""
    lines = [f"### {title}", ""]
    overall: dict[str, dict] = {}
    per_pair: dict[str, dict[str, dict]] = defaultdict(dict)
    for method in METHODS:
        scorer = Scorer(cascade, method)
        for label, bases in (("curated", ("curated",)), ("curated-not-titles", ("curated",)),
                             ("all", BASES)):
            found = ev.cases(cascade, scorer, bases, hard=hard)
            if label == "curated-not-titles":
                found = [c for c in found if c.claim not in TITLE_PAIRS]
            overall[f"{method}/{label}"] = ev.summary(found)
            if label == "curated":
                for pair, group in ev.by_pair(found).items():
                    per_pair[pair][method] = ev.summary(group)
    lines += ["| method | claims | R@1 (chance) | R@3 (chance) | R@5 (chance) | MRR (chance) |",
              "| --- | --- | --- | --- | --- | --- |"]
    for key, s in overall.items():
        if not s:
            continue
        lines.append(f"| {key} | {s['n']} | {pct(s['r@1'])} ({pct(s['chance@1'])}) | "
                     f"{pct(s['r@3'])} ({pct(s['chance@3'])}) | {pct(s['r@5'])} "
                     f"({pct(s['chance@5'])}) | {s['mrr']:.2f} ({s['chance_mrr']:.2f}) |")
    lines += ["", "Per level pair (curated claims only):", "",
              "| level pair | claims | " + " | ".join(f"{m} R@1 / R@3" for m in METHODS)
              + " | chance R@1 / R@3 |",
              "| --- | --- | " + " | ".join("---" for _ in METHODS) + " | --- |"]
    for pair, by_method in sorted(per_pair.items()):
        any_s = next(iter(by_method.values()))
        cells = [f"{pct(by_method[m]['r@1'])} / {pct(by_method[m]['r@3'])}" for m in METHODS]
        lines.append(f"| {pair} | {any_s['n']} | " + " | ".join(cells)
                     + f" | {pct(any_s['chance@1'])} / {pct(any_s['chance@3'])} |")
    return lines + [""], overall


def met(r1: float, r3: float) -> str:
    return "met" if r1 >= 0.6 and r3 >= 0.9 else "**not met**"


def verdict(overall: dict[str, dict], held: dict[str, dict[str, dict[str, float]]],
            missed: list[str], alone: list[str]) -> list[str]:
    """The issue's targets (R@1 ≥ 60 %, R@3 ≥ 90 % on non-stated claims) against the
    leave-one-out and the held-out figures, the word TF-IDF baseline and chance beside."""
    def figures(r: dict, chance: dict, base: dict) -> str:
        return (f"R@1 {pct(r['r@1'])} (chance {pct(chance['chance@1'])}, word TF-IDF baseline "
                f"{pct(base['r@1'])}), R@3 {pct(r['r@3'])} (chance {pct(chance['chance@3'])}, "
                f"baseline {pct(base['r@3'])}): the target of 60 % / 90 % is "
                f"{met(r['r@1'], r['r@3'])}")

    out = []
    for label in ("curated", "curated-not-titles"):
        best = max(METHODS, key=lambda m: overall[f"{m}/{label}"]["mrr"])
        b, base = overall[f"{best}/{label}"], overall[f"word-tfidf/{label}"]
        out.append(f"- `{label}` ({b['n']} claims), leave-one-out: best by MRR is `{best}`, "
                   + figures(b, b, base)
                   + ("; at R@3 the plain baseline does as well or better." if
                      base["r@3"] >= b["r@3"] else "."))
        for k in (3, 5):
            top = max(METHODS, key=lambda m: overall[f"{m}/{label}"][f"r@{k}"])
            out[-1] += (f" Best at R@{k}: `{top}`, "
                        f"{pct(overall[f'{top}/{label}'][f'r@{k}'])}.")
    chance, base = overall["word-tfidf/curated"], held["folds"]["word-tfidf"]
    for key, what in (("single", "one element's claims held out at a time"),
                      ("plan", "one plan's claims held out at a time (a new plan)"),
                      ("folds", "a fifth of the elements' claims held out at a time"),
                      ("strict", "**from the text alone** (every claim hidden at once)")):
        h, d, t = held[key][CHOSEN], held[key][DEFAULT_METHOD], held[key]["text"]
        out.append(f"- `curated`, {what}, the method and weights chosen without them: "
                   + figures(h, chance, base) + f"; the shipped `{DEFAULT_METHOD}` alone: "
                   f"R@1 {pct(d['r@1'])}, R@3 {pct(d['r@3'])}; `text` alone: "
                   f"R@1 {pct(t['r@1'])}, R@3 {pct(t['r@3'])}"
                   + (", the plain baseline as good or better at R@3." if
                      base["r@3"] >= max(d["r@3"], t["r@3"]) else "."))
    h = held["strict"][CHOSEN]
    return out + [
        "", f"The default, `{DEFAULT_METHOD}`, reads each element's text expanded with the "
        "text of the elements already linked to it from below (`expand`: a regional strategy, "
        "a title in the seed, carries the cluster and provincial text that serves it; the "
        "element's own claims are never read), averaged with BM25, plus the structural priors "
        "of `neighbours` (what the element's siblings link to; how alike it is to the "
        "elements already linked to a candidate), plus the one structure the source states: "
        "the NESDP's strategies 1–6 follow the National Strategy's six as a group (seed line "
        "66, `pg:followsPlan` in data/nesdp-12.ttl). The source does not say which follows "
        "which; the suggester pairs them one to one by the best total BM25 score "
        "(`linear_sum_assignment`) and gives each paired strategy (and its sub-strategies) a "
        "bonus, said so in the suggestion's evidence. The pairing it finds is the curated "
        "one; it settles NESDP 2 → National Strategy 4, whose titles share no word, by "
        "elimination. `text` is for a cascade with no links at all: BM25 and TF-IDF, the "
        "TF-IDF expanded with links *guessed* from the text (each element's best candidate "
        "stands in for its link; no claim is read), the same pairing, and for an indicator "
        "its issue's title against the issues above. At its shipped weights it is the best "
        "from the text alone at R@3, but its parts (the guessed links, the parent title) were "
        "kept after looking at these same claims with every claim hidden, so that figure is "
        "optimistic; chosen held out among its weights and the other methods, the text alone "
        f"gives R@1 {pct(h['r@1'])} and R@3 {pct(h['r@3'])} (the choice by MRR on the other "
        "folds swings between near-equal variants that do not carry over). It falls behind "
        "`hybrid` as soon as any links are known, so `hybrid` stays the default and `--method "
        "text` is the choice for a first run on a cascade with no links. "
        "Unsupervised word vectors from the cascade's own texts (LSA, co-occurrence "
        "expansion) did not help (What was tried); a pretrained semantic channel whose "
        "weights install with its package (WordLlama, on the English labels or the Thai "
        "text) is measured there too, where it is installed. "
        f"Outside the top 3 from the text alone (`text`): {'; '.join(alone) or 'none'} — "
        "pairs that need knowing that infrastructure and science serve competitiveness, "
        "that poverty and the Gini coefficient are about inequality, that GMS/BIMSTEC links "
        "are international cooperation: no wording in the cascade bridges them, and no "
        "method was tuned for them. "
        f"Still outside the top 3 with the other links known (`{DEFAULT_METHOD}`, "
        f"leave-one-out): {', '.join(missed) or 'none'}. With 43 "
        "claims one claim is 2.3 points. The synthetic cascade below is worded so that "
        "linked elements share only part of their words (a neighbouring theme's, words every "
        "plan uses, another theme's), and about 3 in 10 of its element links are drawn at "
        "random, which no wording can reveal: its figures test the machinery at scale and the "
        "method's ranking among confusable texts, not its quality on real plans.", ""]


@contextlib.contextmanager
def without(part: str) -> Iterator[None]:
    """Token normalisation with one of its steps switched off (for the ablation)."""
    saved = {name: getattr(T, name) for name in ("BOILERPLATE", "PREFIXES", "halves",
                                                    "_stopwords")}
    if part == "boilerplate list":
        T.BOILERPLATE = frozenset()
    elif part == "stop words":
        T._stopwords = lambda: frozenset(T.BOILERPLATE)  # type: ignore[assignment]
    elif part == "การ/ความ cut":
        T.PREFIXES = ()
    elif part == "compound halves":
        T.halves = lambda word: None  # type: ignore[assignment]
    saved["_stopwords"].cache_clear()
    T.tokens.cache_clear()
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(T, name, value)
        saved["_stopwords"].cache_clear()
        T.tokens.cache_clear()


def ablation(cascade: Cascade) -> list[str]:
    """R@1 / R@3 / MRR of tfidf and bm25 with each normalisation step switched off."""
    lines = ["## Ablation", "",
             "Each step of the token normalisation switched off in turn (curated claims of the "
             "seed). With 43 claims one claim is 2.3 points: differences of a claim or two are "
             "noise, and every choice here is measured on the same claims it is reported on "
             "(there is no held-out set).", "",
             "| switched off | tfidf R@1 / R@3 / MRR | bm25 R@1 / R@3 / MRR |",
             "| --- | --- | --- |"]
    for part in ("nothing", "boilerplate list", "stop words", "การ/ความ cut", "compound halves"):
        cells = []
        with without(part):
            for method in ("tfidf", "bm25"):
                sm = ev.summary(ev.cases(cascade, Scorer(cascade, method), ("curated",)))
                cells.append(f"{pct(sm['r@1'])} / {pct(sm['r@3'])} / {sm['mrr']:.2f}")
        lines.append(f"| {part} | " + " | ".join(cells) + " |")
    return lines + [""]


def calibration_data(cascade: Cascade, scorer: Scorer) -> tuple[np.ndarray, np.ndarray, list]:
    """Feature rows and truths of every candidate of every element that has a claim."""
    true = ev.truth(cascade, (c for c in cascade.claims if c.basis in BASES))
    xs, ys, groups = [], [], []
    for source, targets in sorted(true.items()):
        element = cascade.elements[source]
        for rank, group in target_groups(cascade, element):
            cands = [e.iri for e in cascade.candidates(rank, group, element.plan)]
            if not cands or not any(c in targets for c in cands):
                continue
            rows = calibrate.features(scorer.scores(source, cands))
            for cand, row in zip(cands, rows, strict=True):
                xs.append(row)
                ys.append(int(cand in targets))
                groups.append(source)
    return np.array(xs), np.array(ys), groups


def calibration(cascade: Cascade, fit_out: bool) -> list[str]:
    """Leave-one-element-out calibration table; optionally write the curve fitted on all."""
    scorer = Scorer(cascade, DEFAULT_METHOD)
    x, y, groups = calibration_data(cascade, scorer)
    prob = np.zeros(len(y))
    for g in sorted(set(groups)):
        test = np.array([h == g for h in groups])
        model = calibrate.fit(x[~test], y[~test])
        prob[test] = calibrate.confidence(x[test], model)
    lines = ["## Calibration", "",
             f"Method `{DEFAULT_METHOD}`; every candidate of every element that has a stated or "
             f"curated claim ({len(y)} candidates, {int(y.sum())} true). Each element's "
             "confidences come from a curve fitted without it (leave-one-element-out). "
             "Features: score / best score, ranks first, 1 / rank.", "",
             "| confidence | suggestions | mean confidence | share true |",
             "| --- | --- | --- | --- |"]
    for name, n, mean, share in calibrate.table(prob, y):
        lines.append(f"| {name} | {n} | {mean:.2f} | {share:.2f} |")
    lines += ["", f"Brier score {calibrate.brier(prob, y):.3f} (always saying the base rate "
              f"{y.mean():.2f}: {calibrate.brier([y.mean()] * len(y), y):.3f}).", ""]
    if fit_out:
        model = {**calibrate.fit(x, y), "method": DEFAULT_METHOD,
                 "fitted_on": f"seed: {len(y)} candidates, {int(y.sum())} true"}
        calibrate.CALIBRATION_FILE.write_text(json.dumps(model, indent=2) + "\n",
                                              encoding="utf-8")
        lines.append(f"Shipped curve (`calibration.json`): weights {model['weights']}, "
                     f"bias {model['bias']}.")
        lines.append("")
    return lines


def synthetic(provinces: int) -> tuple[list[str], Cascade, object]:
    """The method table on a synthetic cascade of ``provinces`` provinces."""
    from plangraph.synth.generate import Spec, write

    tmp = Path(tempfile.mkdtemp(prefix="plangraph-suggest-"))
    manifest, _ = write(Spec(provinces=provinces, years=0, seed=0), tmp)
    store = load_store(paths.validation_sources(sorted(tmp.glob("*.ttl"))))
    cascade = read_cascade(store)
    lines, _ = method_table(cascade, f"Synthetic cascade ({provinces} provinces, seed 0)")
    hard, _ = method_table(cascade, "Synthetic, confusable candidates only", hard=True)
    note = ["Only the candidates that share at least two words with the true target compete "
            "with it (claims without such a distractor are left out), to check that the "
            "synthetic figures are not won by the generator's theme words alone. Where chance "
            "barely moves, nearly every candidate was already that confusable. Indicator pairs "
            "stay easy: both indicators of a pair measure the same quantity and are named alike "
            "half the time, as the seed's are.", ""]
    themed = themed_table(cascade, {paths.ID_BASE + c for c in manifest.themed})
    return lines + hard[:2] + note + hard[2:] + themed, cascade, tmp


def themed_table(cascade: Cascade, themed: set[str]) -> list[str]:
    """R@1/R@3 on the element links the generator drew on one theme, and on the others."""
    lines = ["### Synthetic, links drawn on one theme and at random", "",
             "Links between provincial, cluster and regional elements (not indicators; the "
             "NESDP's titles are the real ones) whose two ends the generator drew on one theme — "
             "what a reader could find from the words — apart from those drawn at random "
             "because the level above had nothing on that theme. Before the synthetic text "
             "was reworded (issue 14) every method put the target of a themed link first "
             "99 % of the time, and found the random ones at chance.", "",
             "| method | themed: claims | R@1 (chance) | R@3 (chance) | random: claims | "
             "R@1 (chance) | R@3 (chance) |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for method in METHODS:
        found = [c for c in ev.cases(cascade, Scorer(cascade, method), BASES)
                 if "indicator" not in c.pair and "nesdp" not in c.pair]
        cells = []
        for group in ([c for c in found if c.claim in themed],
                      [c for c in found if c.claim not in themed]):
            s = ev.summary(group)
            cells.append(f"{s['n']} | {pct(s['r@1'])} ({pct(s['chance@1'])}) | "
                         f"{pct(s['r@3'])} ({pct(s['chance@3'])})")
        lines.append(f"| {method} | " + " | ".join(cells) + " |")
    return lines + [""]


def timing(cascade: Cascade) -> list[str]:
    """Seconds to suggest for 200 provincial elements against the whole cascade."""
    by_plan: dict[str, int] = defaultdict(int)
    for e in cascade.elements.values():
        if e.rank == 5:
            by_plan[e.plan] += 1
    plans, n = [], 0
    for plan, count in sorted(by_plan.items()):
        if n >= 200:
            break
        plans.append(plan)
        n += count
    runs = []
    for method in (DEFAULT_METHOD, "text") * 3:  # alternated: the same load for both
        tokens.cache_clear()  # segment every text again, as a fresh process would
        t0, c0 = time.perf_counter(), time.process_time()
        scorer = Scorer(cascade, method)
        fitted = time.perf_counter() - t0
        found = [s for p in plans for s in suggest(cascade, p, top=3, scorer=scorer)]
        runs.append((method, time.perf_counter() - t0, fitted, time.process_time() - c0,
                     len(found)))
    best = min((r for r in runs if r[0] == DEFAULT_METHOD), key=lambda r: r[1])
    every = ", ".join(f"{r[1]:.2f}" for r in runs if r[0] == DEFAULT_METHOD)
    old = ", ".join(f"{r[1]:.2f}" for r in runs if r[0] != DEFAULT_METHOD)
    cold = subprocess.run(
        [sys.executable, "-c", "import time; t = time.perf_counter(); "
         "from plangraph.align.tokens import halves, words; words('การพัฒนา'); "
         "halves('อุตสาหกรรมเกษตร'); import bm25s, sklearn.feature_extraction.text; "
         "print(time.perf_counter() - t)"], capture_output=True, text=True, check=True)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return ["## Speed", "",
            f"{n} provincial elements ({len(plans)} synthetic plans) against the whole synthetic "
            f"cascade of {len(cascade.elements)} elements with `{DEFAULT_METHOD}`: "
            f"{best[1]:.2f} s at best of three, {best[3]:.2f} s of processor time "
            f"({best[2]:.2f} s segmenting every text and "
            f"fitting the method, the rest ranking and evidence; the three: {every} s; "
            f"`text`, alternated with them: {old} s), {best[4]} suggestions. Python "
            f"{platform.python_version()}, after imports and loading. A cold start adds "
            f"{float(cold.stdout):.2f} s once per process (importing pythainlp, bm25s and "
            "scikit-learn and reading pythainlp's dictionary). The machine is shared with other "
            f"jobs: load average {load} (1, 5, 15 min) when this was measured, on "
            f"{os.cpu_count()} cores.", ""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="write calibration.json")
    parser.add_argument("--provinces", type=int, default=20)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "suggest.md")
    args = parser.parse_args()
    store = load_store()
    seed = read_cascade(store)
    lines = ["# How good the link suggestions are", "",
             "Made by `python benchmarks/suggest.py --fit`; do not edit by hand. Each claim is "
             "hidden in turn; its target is ranked among every element of the same level and "
             "kind (top-level elements, National Strategy sub-strategies, or indicators), other "
             "true targets of the same element left out. Ties are broken at random (the "
             "figures are expectations). Chance: a random ranking of the same candidates. "
             "`/curated` rows count only the claims the source does not state (the target "
             "of the issue), `/curated-not-titles` leaves out the six NESDP → National Strategy "
             "pairs that the 2026-12 review retyped from stated to curated (the seed states them "
             "as a group; the pairing is read from the titles, which makes them easy), `/all` "
             "adds stated claims (none are left in the seed).", ""]
    table, overall = method_table(seed, "Seed (data/)")
    held_lines, held = crossval(seed)
    missed = [c.claim.rsplit("/", 1)[1] for c in ev.cases(
        seed, Scorer(seed, DEFAULT_METHOD), ("curated",)) if c.hit(3) < 1]
    lines += ["## Verdict", "", *verdict(overall, held, missed, text_alone(seed)),
              "## Seed", "", *table]
    lines += held_lines
    lines += tried(seed, pct)
    lines += semantic_section(seed, store)
    lines += ablation(seed)
    lines += calibration(seed, args.fit)
    syn, cascade, _tmp = synthetic(args.provinces)
    lines += ["## Synthetic", "", *syn, *timing(cascade)]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
