"""Links guessed from the text alone, for expanding sparse texts when no claim is known.

With nothing linked, a title-only element (a regional strategy, an NESDP strategy) has no
sources to borrow words from (:mod:`plangraph.align.expand`). Each element's best-scoring
candidate of every level it may serve — by a method that reads no claim — stands in for its
link: the guess, not a claim, so nothing curated is read. The query element never counts as
a source of a candidate (the expander leaves it out).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from plangraph.align.texts import Cascade

if TYPE_CHECKING:
    import numpy as np


def guessed_links(cascade: Cascade, score: Callable[[str, Sequence[str]], np.ndarray]
                  ) -> dict[str, list[str]]:
    """Target → the elements whose best candidate it is (score above zero)."""
    import numpy as np

    from plangraph.align.suggest import target_groups  # suggest imports the methods

    into: dict[str, list[str]] = {}
    for element in cascade.elements.values():
        for rank, group in target_groups(cascade, element):
            cands = [e.iri for e in cascade.candidates(rank, group, element.plan)]
            if not cands:
                continue
            scores = score(element.iri, cands)
            best = int(np.argmax(scores))
            if scores[best] > 0:
                into.setdefault(cands[best], []).append(element.iri)
    return into
