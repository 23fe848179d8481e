"""Scoring methods: how alike two element texts are.

Each :class:`Scorer` is fitted once on every element text of the cascade (so that a word's
weight reflects the whole cascade, not the handful of candidates) and then scores a query
element against candidate elements. Methods:

``word-tfidf``  the baseline: newmm words as they come, TF-IDF, cosine;
``tfidf``       normalised words (:mod:`plangraph.align.tokens`), TF-IDF, cosine;
``bm25``        normalised words, BM25 (bm25s);
``char``        character 2–4-grams within words (scikit-learn ``char_wb``), TF-IDF, cosine:
                robust to segmentation errors;
``combo``       the mean of ``tfidf``, ``bm25`` and ``char`` after scaling each to the
                best candidate's score;
``rrf``         reciprocal-rank fusion (k = 60) of ``bm25``, ``word-tfidf`` and ``char``;
``siblings``    ``bm25`` scaled to the best candidate, plus :data:`PRIOR_WEIGHT` times the
                share of the element's siblings (same plan and kind, itself left out) whose
                stated or curated claims already point at the candidate: the cascade's
                structure as a prior. It never reads the element's own claims, so hiding a
                claim for the benchmark needs nothing more;
``neighbours``  ``siblings`` plus :data:`NEIGHBOUR_WEIGHT` times the best ``char`` cosine
                between the element and the elements already linked to the candidate
                (stated or curated; the element's own claims left out): elements written
                like this one were linked there.
``expand``      normalised words, TF-IDF, cosine, each element's text expanded with the
                text of the elements already linked to it from below
                (:mod:`plangraph.align.expand`; the element's own claims left out);
``hybrid``      ``neighbours`` (likeness weight :data:`HYBRID_LIKENESS`) on the mean of
                ``bm25`` and ``expand`` scaled to the best candidate: the expansion for
                sparse texts, the structure for the first place; plus :data:`ASSIGN_WEIGHT`
                times the stated pairing's bonus (:mod:`plangraph.align.structure`);
``text``        for a cascade with no links: nothing read but the texts and the structure
                the source states. The mean of ``bm25`` and ``expand`` whose sources are
                links guessed by the same score without expansion
                (:mod:`plangraph.align.guessed`; weight :data:`GUESS_WEIGHT`), plus
                :data:`ASSIGN_WEIGHT` times the stated pairing's bonus
                (:mod:`plangraph.align.structure`), plus, for an indicator against the
                elements of the level above, :data:`PARENT_WEIGHT` times ``bm25`` of the
                title of the element it measures.

With ``transit``, the paired methods also expand a member with its assigned element's text
(measured worse, docs/suggest.md).

``suggest`` uses :data:`DEFAULT_METHOD`, the best measured by ``benchmarks/suggest.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from plangraph.align.expand import EXPAND_WEIGHT, Expander
from plangraph.align.structure import Pairing
from plangraph.align.texts import Cascade
from plangraph.align.tokens import words

if TYPE_CHECKING:  # numpy is imported when scoring, not when the command line starts
    import numpy as np

METHODS = ("word-tfidf", "tfidf", "bm25", "char", "combo", "rrf", "siblings", "neighbours",
           "expand", "hybrid", "text")
DEFAULT_METHOD = "hybrid"  # best R@3 and MRR, chosen held out too (docs/suggest.md)
COMBINED = ("tfidf", "bm25", "char")
FUSED = ("bm25", "word-tfidf", "char")
RRF_K = 60
PRIOR_WEIGHT = 0.3
NEIGHBOUR_WEIGHT = 0.5
HYBRID_LIKENESS = 0.25
#: Bonus for the element a stated group's member is paired with (structure.Pairing).
ASSIGN_WEIGHT = 1.0
#: ``text``: weight of the guessed links' words, and of the indicator's parent title.
GUESS_WEIGHT = 0.5
PARENT_WEIGHT = 0.25
#: The methods that read the claims already made (never the element's own).
STRUCTURAL = ("siblings", "neighbours", "expand", "hybrid")
#: The methods that read the stated pairing (structure.Pairing).
PAIRED = ("hybrid", "text")
#: SSSOM ``mapping_justification`` per method: the structural ones also read curated links.
JUSTIFICATION = {m: "semapv:CompositeMatching" if m in STRUCTURAL or m in PAIRED
                 else "semapv:LexicalMatching" for m in METHODS}
PRIOR_BASES = ("stated", "curated")


def raw_words(text: str) -> list[str]:
    """newmm words with only spaces and punctuation dropped (the baseline's tokens)."""
    from pythainlp.tokenize import word_tokenize

    return [w for w in word_tokenize(text, engine="newmm", keep_whitespace=False)
            if any(c.isalpha() for c in w)]


class Scorer:
    """One method fitted on the texts of ``cascade``'s elements."""

    def __init__(self, cascade: Cascade, method: str = DEFAULT_METHOD,
                 weight: float = PRIOR_WEIGHT, neighbour: float | None = None,
                 expand: float = EXPAND_WEIGHT, assign: float = ASSIGN_WEIGHT,
                 transit: bool = False, guess: float = GUESS_WEIGHT,
                 parent: float = PARENT_WEIGHT) -> None:
        if method not in METHODS:
            raise ValueError(f"unknown method {method!r}")
        self.method = method
        self.cascade = cascade
        self.weight = weight
        self.neighbour = (HYBRID_LIKENESS if method == "hybrid" else NEIGHBOUR_WEIGHT
                          ) if neighbour is None else neighbour
        self.assign, self.transit, self.parent = assign, transit, parent
        self._guessed: dict[str, list[str]] | None = None
        self.hidden: frozenset[str] = frozenset()  # claim IRIs the structure must not read
        self._pairing: Pairing | None = None
        self._cache: tuple | None = None
        self.iris = sorted(cascade.elements)
        self.row = {iri: i for i, iri in enumerate(self.iris)}
        self.texts = [" ".join(t for _, t in cascade.segments(iri)) for iri in self.iris]
        names = {"combo": COMBINED, "rrf": FUSED, "siblings": ("bm25",),
                 "neighbours": ("bm25", "char"), "hybrid": ("bm25", "char"),
                 "text": ("bm25",)}.get(method, ())
        self.parts = [Scorer(cascade, m) for m in names]
        if method in ("word-tfidf", "tfidf", "char"):
            self._fit_tfidf()
        elif method == "bm25":
            self._fit_bm25()
        elif method in ("expand", *PAIRED):
            self.expander = Expander(self.iris, self.texts,
                                     guess if method == "text" else expand)

    def _fit_tfidf(self) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        if self.method == "char":
            vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
        else:
            tokenize = raw_words if self.method == "word-tfidf" else words
            vec = TfidfVectorizer(analyzer=tokenize, sublinear_tf=True)
        self.matrix = vec.fit_transform(self.texts)  # rows are L2-normalised

    def _fit_bm25(self) -> None:
        import bm25s

        self.tokenized = [words(t) for t in self.texts]
        self.bm25 = bm25s.BM25()
        vocab: dict[str, int] = {}
        ids = [[vocab.setdefault(w, len(vocab)) for w in doc] for doc in self.tokenized]
        self.vocab = vocab
        self.bm25.index(bm25s.tokenization.Tokenized(ids=ids, vocab=vocab), show_progress=False)

    @property
    def pairing(self) -> Pairing:
        """The stated groups paired one to one by ``bm25`` (fitted once)."""
        if self._pairing is None:
            self._pairing = Pairing(self.cascade, self.parts[0].scores)
        return self._pairing

    def guessed(self) -> dict[str, list[str]]:
        """``text``'s guessed links (:mod:`plangraph.align.guessed`; fitted once)."""
        from plangraph.align.guessed import guessed_links

        if self._guessed is None:
            self._guessed = {}  # unexpanded while guessing
            self._guessed = guessed_links(self.cascade, lambda q, c: self.scores(q, c))
            self._cache = None
            self.expander.forget()  # its memo holds the unexpanded vectors
        return self._guessed

    def _parent_title(self, query: str, candidates: Sequence[str]) -> np.ndarray:
        """``bm25`` of the title of what an indicator measures, against elements that are
        not indicators (zeros otherwise)."""
        import numpy as np

        me = self.cascade.elements[query]
        if (not me.is_indicator or me.parent not in self.cascade.elements or not candidates
                or self.cascade.elements[candidates[0]].is_indicator):
            return np.zeros(len(candidates))
        bm25 = self.parts[0]
        return scaled(bm25.word_scores(words(self.cascade.elements[me.parent].label),
                                       candidates))

    def _links(self) -> tuple[list[tuple[str, str]], dict[str, list[str]]]:
        """:func:`linked` claims (none for ``text``), and the expansion's sources by element:
        the claims' sources, and with ``transit`` a member's assigned element (cached per
        ``hidden``)."""
        if self._cache is None or self._cache[0] != self.hidden:
            links = [] if self.method == "text" else linked(self.cascade, self.hidden)
            into: dict[str, list[str]] = {}
            for source, target in links:
                into.setdefault(target, []).append(source)
            if self.method == "text" and self.expander.weight:
                into = self.guessed()
            if self.method in PAIRED and self.transit:
                for member, assigned in self.pairing.above().items():
                    into.setdefault(member, []).extend(assigned)
            self._cache = (self.hidden, links, into)
        return self._cache[1], self._cache[2]

    def scores(self, query: str, candidates: Sequence[str]) -> np.ndarray:
        """How alike ``query``'s text is to each candidate's (higher is closer)."""
        import numpy as np

        rows = [self.row[c] for c in candidates]
        if self.method == "rrf":
            total = np.zeros(len(rows))
            for part in self.parts:
                total += 1.0 / (RRF_K + ranks(part.scores(query, candidates)))
            return total
        if self.method == "expand":
            return self.expander.scores(query, candidates, self._links()[1], self.hidden)
        if self.method in ("siblings", "neighbours", *PAIRED):
            links, into = self._links()
            out = scaled(self.parts[0].scores(query, candidates))
            if self.method in PAIRED:
                out = (out + scaled(self.expander.scores(query, candidates, into,
                                                         self.hidden))) / 2
                out += self.assign * self.pairing.bonus(query, candidates)
            if self.method == "text":
                return out + self.parent * self._parent_title(query, candidates)
            out += self.weight * sibling_prior(self.cascade, query, candidates, links)
            if self.method in ("neighbours", "hybrid"):
                out += self.neighbour * np.array([
                    float(self.parts[1].scores(query, srcs).max()) if srcs else 0.0
                    for srcs in ([s for s in into.get(c, ()) if s != query]
                                 for c in candidates)])
            return out
        if self.parts:
            return sum((scaled(p.scores(query, candidates)) for p in self.parts),
                       np.zeros(len(rows))) / len(self.parts)
        if self.method == "bm25":
            return self.word_scores(self.tokenized[self.row[query]], candidates)
        q = self.matrix[self.row[query]]
        return np.asarray((self.matrix[rows] @ q.T).todense()).ravel()

    def word_scores(self, query_words: Sequence[str], candidates: Sequence[str]) -> np.ndarray:
        """``bm25``: the candidates' scores for a list of normalised words."""
        import numpy as np

        qwords = [w for w in query_words if w in self.vocab]
        if not qwords:
            return np.zeros(len(candidates))
        return np.asarray(self.bm25.get_scores(qwords))[[self.row[c] for c in candidates]]


def scaled(scores: np.ndarray) -> np.ndarray:
    """``scores`` divided by the best (unchanged when none is above zero)."""
    top = scores.max() if len(scores) else 0.0
    return scores / top if top > 0 else scores


def ranks(scores: np.ndarray) -> np.ndarray:
    """1-based ranks of ``scores`` (highest first; ties in candidate order)."""
    import numpy as np

    order = np.argsort(-scores, kind="stable")
    out = np.empty(len(scores))
    out[order] = np.arange(1, len(scores) + 1)
    return out


def linked(cascade: Cascade, hidden: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """(source, target) of every positive stated or curated claim not in ``hidden``."""
    return sorted({(c.source, c.target) for c in cascade.claims
                   if c.basis in PRIOR_BASES and not c.negative and c.iri not in hidden})


def sibling_prior(cascade: Cascade, query: str, candidates: Sequence[str],
                  links: list[tuple[str, str]]) -> np.ndarray:
    """Per candidate, the share of ``query``'s siblings (same plan and group, ``query``
    left out) that ``links`` link to it."""
    import numpy as np

    me = cascade.elements[query]
    siblings = {e.iri for e in cascade.elements.values()
                if e.iri != query and e.plan == me.plan and e.group == me.group}
    links = [(s, t) for s, t in links if s in siblings]
    sources = {s for s, _ in links}
    if not sources:
        return np.zeros(len(candidates))
    counts = np.array([sum(1 for _, t in links if t == c) for c in candidates], dtype=float)
    return counts / len(sources)
