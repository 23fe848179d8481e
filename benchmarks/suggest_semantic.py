"""A semantic channel tried for the suggester (issue 14; a part of ``benchmarks/suggest.py``,
not shipped): WordLlama's static token embeddings, whose wheel bundles its weights, on the
English labels (``skos:prefLabel …@en-t-th``, plangraph's translations) or the Thai text.

Measured only where ``wordllama`` is installed (``pip install wordllama==0.4.0.post1``, 19 MB,
MIT); otherwise the section says so. It is loaded from the files inside the wheel with
downloads switched off: ``WordLlama.load()`` as documented looks for the tokenizer in a folder
the wheel does not have (``tokenizer/``; the wheel ships ``tokenizers/``) and fetches it from
the Hugging Face hub, which fails offline.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pyoxigraph as ox
from suggest_cv import CHOSEN, nested, pct, table
from suggest_tried import Variant, folds_of, held_out, strict

from plangraph.align import evaluate as ev
from plangraph.align.methods import Scorer, scaled
from plangraph.align.texts import Cascade

ENGLISH = """SELECT ?e ?l WHERE {
  ?e <http://www.w3.org/2004/02/skos/core#prefLabel> ?l FILTER (lang(?l) = "en-t-th") }"""
#: The six curated claims whose two texts share no word (docs/suggest.md, Verdict).
NO_WORD = ("nesdp-12-strategy-7--national-strategy-strategy-2",
           "nesdp-12-strategy-8--national-strategy-strategy-2",
           "north-strategy-2--nesdp-12-strategy-10", "north-strategy-3--nesdp-12-strategy-3",
           "north-strategy-4--nesdp-12-strategy-2", "upper-north-1-indicator-2--north-strategy-4")
WEIGHTS = (0.1, 0.25, 0.5, 1.0)


def english_labels(store: ox.Store) -> dict[str, str]:
    """Each element's English label (``@en-t-th``)."""
    return {row["e"].value: row["l"].value
            for row in store.query(ENGLISH, use_default_graph_as_union=True)}


def load_model():  # -> wordllama.WordLlamaInference, or None when not installed
    """WordLlama from the files its wheel bundles, downloads off (None if not installed)."""
    try:
        import wordllama
    except ImportError:
        return None
    return wordllama.WordLlama.load(cache_dir=Path(wordllama.__file__).parent,
                                    disable_download=True)


class Semantic:
    """Cosine of WordLlama embeddings of each element's text: its English label (with its
    parts' with ``deep``) or, with ``english`` off, its Thai text. No claim is read."""

    def __init__(self, cascade: Cascade, model, labels: dict[str, str], english: bool = True,
                 deep: bool = True) -> None:
        iris = sorted(cascade.elements)
        self.row = {iri: i for i, iri in enumerate(iris)}

        def text(iri: str) -> str:
            segments = cascade.segments(iri) if deep else [(iri, cascade.elements[iri].label)]
            return " ; ".join(labels.get(s, "") if english else t for s, t in segments)

        self.z = np.asarray(model.embed([text(i) for i in iris], norm=True), dtype=float)
        self.hidden: frozenset[str] = frozenset()
        self.method = "variant"

    def scores(self, query: str, candidates: Sequence[str]) -> np.ndarray:
        return np.maximum(self.z[[self.row[c] for c in candidates]] @ self.z[self.row[query]],
                          0.0)


class EnglishWords:
    """Word TF-IDF cosine of the English labels with their parts (English stop words out): the
    translation's own words, no semantics — the control for what the translation carries."""

    def __init__(self, cascade: Cascade, labels: dict[str, str]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        iris = sorted(cascade.elements)
        self.row = {iri: i for i, iri in enumerate(iris)}
        self.matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
            [" ; ".join(labels.get(s, "") for s, _ in cascade.segments(i)) for i in iris])
        self.hidden: frozenset[str] = frozenset()
        self.method = "variant"

    def scores(self, query: str, candidates: Sequence[str]) -> np.ndarray:
        rows = self.matrix[[self.row[c] for c in candidates]]
        return np.asarray((rows @ self.matrix[self.row[query]].T).todense()).ravel()


def plus(base: Scorer, sem: Semantic, w: float) -> Variant:
    """``base`` plus ``w`` times the semantic cosine scaled to the best candidate."""
    return Variant([base, sem], lambda q, c, p: p[0].scores(q, c) + w * scaled(p[1].scores(q, c)))


def semantic_section(cascade: Cascade, store: ox.Store) -> list[str]:
    """Markdown: the variants with fixed weights; the weight chosen held out; the six."""
    head = ["### A semantic channel (WordLlama)", ""]
    model = load_model()
    if model is None:
        return head + ["Not measured here: `wordllama` is not installed "
                       "(`pip install wordllama==0.4.0.post1`, then run this again).", ""]
    labels = english_labels(store)
    sem = Semantic(cascade, model, labels)
    text, hybrid = Scorer(cascade, "text"), Scorer(cascade, "hybrid")
    rows: list[tuple[str, object]] = [
        ("word-tfidf (the baseline)", Scorer(cascade, "word-tfidf")),
        ("`text` (shipped)", text), ("`hybrid` (shipped)", hybrid),
        ("English labels, word TF-IDF (the translation's words, no semantics)",
         EnglishWords(cascade, labels)),
        ("WordLlama, English labels with their parts", sem),
        ("WordLlama, English titles only", Semantic(cascade, model, labels, deep=False)),
        ("WordLlama, Thai text (Llama 2 tokens)", Semantic(cascade, model, labels, False)),
        *((f"text + {w} × WordLlama English (scaled)", plus(text, sem, w)) for w in WEIGHTS),
        *((f"hybrid + {w} × WordLlama English (scaled)", plus(hybrid, sem, w))
          for w in (0.1, 0.25)),
    ]
    chance = ev.summary(ev.cases(cascade, text, ("curated",)))
    out = head + [
        "WordLlama 0.4.0 (`l2_supercat`, 256 dimensions: Llama 2's token embeddings distilled "
        "for sentence similarity, averaged; MIT) installs from the package registry with its "
        "weights inside the 19 MB wheel and runs with the network cut off (checked under "
        "`unshare -n`), loaded from the wheel's own files with downloads switched off. It "
        "reads the English labels (every element has one, `@en-t-th`) or the Thai text; its "
        "Llama 2 tokenizer splits Thai into single characters and bytes. **Leakage**: the "
        "English labels are plangraph's translations, written by the people who also wrote "
        "the claims, so a match through them may carry the translator's reading of the link; "
        "the figures below are if anything optimistic for the English rows. Columns as in "
        "What was tried (fixed weights): leave-one-out, held out (5 folds by element, 5 "
        "splits), every claim hidden. Chance on these claims: R@1 "
        f"{pct(chance['chance@1'])}, R@3 {pct(chance['chance@3'])}, MRR "
        f"{chance['chance_mrr']:.2f}.", "",
        "| variant | leave-one-out R@1 / R@3 / MRR | held out R@1 / R@3 / MRR | "
        "every claim hidden R@1 / R@3 / MRR |", "| --- | --- | --- | --- |"]
    alone: dict[str, dict] = {}
    for name, scorer in rows:
        cells = [ev.summary(ev.cases(cascade, scorer, ("curated",))),
                 held_out(cascade, scorer), strict(cascade, scorer)]
        alone[name] = cells[2]
        out.append(f"| {name} | " + " | ".join(
            f"{pct(r['r@1'])} / {pct(r['r@3'])} / {r['mrr']:.2f}" for r in cells) + " |")
    claims = [c for c in cascade.claims if c.basis == "curated" and not c.negative]
    splits = [folds_of(claims, 5, seed) for seed in range(5)]
    chosen: dict[str, float] = {}
    for base, name, strict_ in ((text, "text", True), (hybrid, "hybrid", False)):
        pool = {name: base, **{f"{name} + {w} × WordLlama": plus(base, sem, w)
                               for w in WEIGHTS}}
        pooled, picks = nested(cascade, splits, strict=strict_, pool=pool,
                               fixed=(name, f"{name} + 0.25 × WordLlama"))
        out += ["", f"The semantic weight of `{name}` (0, {', '.join(map(str, WEIGHTS))}) "
                "chosen by MRR on the other folds and scored on the fold (5 folds by element, "
                "5 splits; " + ("every claim hidden" if strict_ else "the fold's claims "
                                "hidden") + "):", "", *table(pooled, picks, 25)[:-1]]
        if strict_:
            chosen = {k: float(np.mean([r[k] for r in pooled[CHOSEN]])) for k in ("r@1", "r@3")}
    shown = {"bm25": Scorer(cascade, "bm25"), "text": text,
             "English word TF-IDF": EnglishWords(cascade, labels), "WordLlama English": sem,
             "text + 0.25 × WordLlama": plus(text, sem, 0.25)}
    ranks = six_ranks(cascade, shown)
    out += ["", *six(ranks, tuple(shown))]
    return out + [verdict(alone, chosen, ranks), ""]


def verdict(alone: dict[str, dict], chosen: dict[str, float],
            ranks: dict[str, dict[str, tuple]]) -> str:
    """One paragraph: does any semantic row beat ``text`` from the text alone?"""
    mine = {k: v for k, v in alone.items() if "WordLlama" in k and "+" not in k}
    mine |= {k: v for k, v in alone.items() if "+" in k and k.startswith("text")}
    best = max(mine, key=lambda k: (mine[k]["r@3"], mine[k]["r@1"]))
    base = alone["`text` (shipped)"]
    better = mine[best]["r@3"] > base["r@3"] and mine[best]["r@1"] >= base["r@1"]
    sem = [r["WordLlama English"][0] for r in ranks.values()]
    lex = [r["text"][0] for r in ranks.values()]
    up = sum(a < b for a, b in zip(sem, lex, strict=True))
    down = sum(a > b for a, b in zip(sem, lex, strict=True))
    top3 = sum(a <= 3 for a in sem)
    words = [r["English word TF-IDF"][0] for r in ranks.values()]
    control = sum(a < b for a, b in zip(sem, words, strict=True))
    return (f"From the text alone the best semantic row at R@3 is {best}: R@1 "
            f"{pct(mine[best]['r@1'])}, R@3 {pct(mine[best]['r@3'])}, against `text`'s "
            f"{pct(base['r@1'])} / {pct(base['r@3'])}; `text` with the semantic weight "
            f"chosen held out: R@1 {pct(chosen['r@1'])}, R@3 {pct(chosen['r@3'])}. Of the six "
            f"no-word claims, WordLlama alone ranks {up} higher than `text`, {down} lower, "
            f"{top3} in the top 3; it ranks {control} of them higher than the English labels' "
            "own words do (word TF-IDF), so where it helps it is not through words the "
            "translation shares. "
            + ("It helps where `text` is weakest." if better else
               "Added to `text` or `hybrid`, its scores mostly break the lexical methods' ties "
               "(candidates that share no word with the element score alike), and break them "
               "the wrong way about as often as the right way: R@1 moves by a claim or two, "
               "R@3 falls. So it is not wired into the suggester and no dependency is added; "
               "the figures above need `wordllama` installed by hand."))


def six_ranks(cascade: Cascade, scorers: dict[str, object]) -> dict[str, dict[str, tuple]]:
    """Per no-word claim and scorer, (rank, candidates) with every claim hidden."""
    every = frozenset(c.iri for c in cascade.claims)
    ranks: dict[str, dict[str, tuple]] = {}
    for name, scorer in scorers.items():
        scorer.hidden = every  # type: ignore[attr-defined]
        for case in ev.cases(cascade, scorer, ("curated",)):  # type: ignore[arg-type]
            short = case.claim.rsplit("/", 1)[1]
            if short in NO_WORD:
                ranks.setdefault(short, {})[name] = (case.rank, case.candidates)
        scorer.hidden = frozenset()  # type: ignore[attr-defined]
    return ranks


def six(ranks: dict[str, dict[str, tuple]], names: Sequence[str]) -> list[str]:
    """Markdown: where each scorer ranks the six no-word claims."""
    lines = ["The six claims whose texts share no word, every claim hidden (rank of the "
             "curated target; ties count half):", "",
             "| claim | " + " | ".join(names) + " |",
             "| --- | " + " | ".join("---" for _ in names) + " |"]
    for short in NO_WORD:
        if short in ranks:
            lines.append(f"| {short} | " + " | ".join(
                f"{ranks[short][n][0]:g} of {ranks[short][n][1]}" for n in names) + " |")
    return lines + [""]
