"""The structure the source states (a group that follows a higher plan), read as a one-to-one
pairing by the suggester, and the claim-free ``text`` method."""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import pytest

from plangraph.align.methods import Scorer
from plangraph.align.structure import Pairing
from plangraph.align.suggest import suggest
from plangraph.align.texts import Cascade, read_cascade
from plangraph.align.tokens import words
from plangraph.graph.load import load_store


@pytest.fixture(scope="module")
def cascade() -> Cascade:
    return read_cascade(load_store())


def _targets(cascade: Cascade, plan: str) -> list[str]:
    return sorted(e.iri for e in cascade.elements.values()
                  if e.plan == plan and e.group == "top")


def test_the_stated_group_is_read_with_its_source_line(cascade):
    """data/ states one group; all its members are elements of one plan, and it cites a line."""
    assert cascade.groups
    for group in cascade.groups:
        assert group.line and len({cascade.elements[m].plan for m in group.members}) == 1
        assert all(cascade.elements[m].group == "top" for m in group.members)


def test_the_pairing_is_one_to_one_and_the_best_total(cascade):
    """Every member gets a different target, and no other one-to-one pairing scores more."""
    bm25 = Scorer(cascade, "bm25")
    pairing = Pairing(cascade, bm25.scores)
    group = cascade.groups[0]
    targets = _targets(cascade, group.plan)
    assert sorted(pairing.pair) == sorted(group.members)
    assert sorted(t for t, _ in pairing.pair.values()) == targets
    matrix = np.array([bm25.scores(m, targets) for m in group.members])
    best = max(sum(matrix[i, p[i]] for i in range(len(p)))
               for p in itertools.permutations(range(len(targets))))
    mine = sum(matrix[i, targets.index(pairing.pair[m][0])]
               for i, m in enumerate(group.members))
    assert mine == pytest.approx(best)


def test_no_pairing_when_the_sizes_differ(cascade):
    """A group with a member fewer than the plan's top elements is not read as one-to-one."""
    group = cascade.groups[0]
    short = Cascade(cascade.elements, cascade.claims, cascade.above,
                    [replace(group, members=group.members[:-1])])
    assert Pairing(short, Scorer(short, "bm25").scores).pair == {}


def test_bonus_and_note_only_for_the_assigned_element_and_its_parts(cascade):
    pairing = Scorer(cascade, "text").pairing
    member, (assigned, group) = next(iter(pairing.pair.items()))
    cands = [e.iri for e in cascade.elements.values() if e.rank == 1]
    bonus = pairing.bonus(member, cands)
    for cand, b in zip(cands, bonus, strict=True):
        mine = cand == assigned or cascade.elements[cand].parent == assigned
        assert b == (1.0 if mine else 0.0)
        assert bool(pairing.note(member, cand)) == mine
    assert f"line {group.line}" in pairing.note(member, assigned)
    outsider = next(e.iri for e in cascade.elements.values()
                    if e.plan == cascade.elements[member].plan and e.iri not in pairing.pair)
    assert not pairing.bonus(outsider, cands).any()


def test_text_reads_no_claim(cascade):
    """``text`` scores the same with every claim removed from the data."""
    bare = Cascade(cascade.elements, [], cascade.above, cascade.groups)
    full, empty = Scorer(cascade, "text"), Scorer(bare, "text")
    for claim in cascade.claims:
        target = cascade.elements[claim.target]
        cands = [e.iri for e in cascade.candidates(target.rank, target.group)]
        assert np.allclose(full.scores(claim.source, cands), empty.scores(claim.source, cands))


def test_suggestions_say_when_the_stated_structure_counted(cascade):
    """A member's suggestion of its assigned element carries the note; others carry none."""
    scorer = Scorer(cascade, "text")
    bare = Cascade(cascade.elements, [], cascade.above, cascade.groups)
    plan = cascade.elements[cascade.groups[0].members[0]].plan
    found = suggest(bare, plan, top=6, scorer=Scorer(bare, "text"))
    assert found
    for s in found:
        assert bool(s.structure) == bool(scorer.pairing.note(s.source, s.target))
    assert any(s.structure for s in found)


def test_parent_title_only_for_an_indicator_against_the_level_above(cascade):
    """An indicator borrows its issue's title against issues above, never against
    indicators; a non-indicator borrows nothing."""
    scorer = Scorer(cascade, "text")
    indicator = next(e for e in cascade.elements.values()
                     if e.is_indicator and e.parent and e.rank == 5)
    tops = [e.iri for e in cascade.candidates(indicator.rank - 1, "top")]
    inds = [e.iri for e in cascade.candidates(indicator.rank - 1, "indicator")]
    assert not scorer._parent_title(indicator.iri, inds).any()
    issue = cascade.elements[indicator.parent]
    assert not scorer._parent_title(issue.iri, tops).any()
    shares = scorer.parts[0].word_scores(words(issue.label), tops)
    assert (scorer._parent_title(indicator.iri, tops) > 0).tolist() == (shares > 0).tolist()


def test_guessed_links_are_each_elements_best_candidate(cascade):
    """Every guessed source names its own best-scoring candidate as the target, and every
    element with a candidate scoring above zero has one guess per level it may serve."""
    scorer = Scorer(cascade, "text")
    into = scorer.guessed()
    pairs = {(s, t) for t, sources in into.items() for s in sources}
    for source, target in pairs:
        t = cascade.elements[target]
        cands = [e.iri for e in cascade.candidates(t.rank, t.group,
                                                   cascade.elements[source].plan)]
        scorer._guessed = {}  # score as the guess was made: unexpanded
        scorer._cache = None
        scores = scorer.scores(source, cands)
        scorer._guessed, scorer._cache = into, None
        assert scores[cands.index(target)] == pytest.approx(scores.max())


def test_text_scores_do_not_depend_on_what_was_scored_before(cascade):
    """The guessed links are made once, and the first scores already use them (no stale
    memo of unexpanded vectors): hiding claims, which empties the memo, changes nothing."""
    scorer = Scorer(cascade, "text")
    for claim in cascade.claims:
        target = cascade.elements[claim.target]
        cands = [e.iri for e in cascade.candidates(target.rank, target.group)]
        scorer.hidden = frozenset()
        mine = scorer.scores(claim.source, cands)
        scorer.hidden = frozenset({claim.iri})
        assert np.allclose(mine, scorer.scores(claim.source, cands)), claim.iri
