"""Structure the source states, used as a prior without reading any claim.

A :class:`~plangraph.align.texts.Group` is a set of elements that the source says follows a
higher plan as a group (``pg:followsPlan``: the NESDP's six strategies and the National
Strategy's six, seed line 66). When the group is as large as the higher plan's top elements,
it is read as one-to-one: the pairing is the assignment with the highest summed lexical
score (scipy's ``linear_sum_assignment``), since the source says *that* they follow, not
*which* follows which. A member's assigned element, and that element's sub-strategies, get
a bonus; the expansion reads the assigned element's text as the member's
(:mod:`plangraph.align.expand`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from plangraph.align.texts import Cascade, Group

if TYPE_CHECKING:
    import numpy as np


class Pairing:
    """Each group member's assigned element, from ``score(member, targets)``."""

    def __init__(self, cascade: Cascade,
                 score: Callable[[str, Sequence[str]], np.ndarray]) -> None:
        import numpy as np
        from scipy.optimize import linear_sum_assignment

        self.cascade = cascade
        self.pair: dict[str, tuple[str, Group]] = {}
        for group in cascade.groups:
            targets = sorted(e.iri for e in cascade.elements.values()
                             if e.plan == group.plan and e.group == "top")
            if len(targets) != len(group.members):
                continue  # one-to-one only where both sets are the same size
            matrix = np.array([score(m, targets) for m in group.members])
            for r, c in zip(*linear_sum_assignment(-matrix), strict=True):
                self.pair[group.members[r]] = (targets[c], group)

    def above(self) -> dict[str, list[str]]:
        """Member → [its assigned element] (the expansion's extra sources)."""
        return {m: [t] for m, (t, _) in self.pair.items()}

    def bonus(self, query: str, candidates: Sequence[str]) -> np.ndarray:
        """1 for ``query``'s assigned element and its parts, else 0."""
        import numpy as np

        target = self.pair.get(query, ("", None))[0]
        return np.array([1.0 if target and (c == target or
                                            self.cascade.elements[c].parent == target)
                         else 0.0 for c in candidates])

    def note(self, source: str, target: str) -> str:
        """Why ``target`` got the bonus for ``source`` (empty when it did not)."""
        if not self.bonus(source, [target])[0]:
            return ""
        assigned, group = self.pair[source]
        where = f" (line {group.line})" if group.line else ""
        return (f"the source{where} states that {len(group.members)} elements of this plan "
                f"follow the {len(group.members)} of {group.plan} as a group, not which "
                f"follows which; paired one to one by the best total word score, this one "
                f"with {assigned.rsplit('/id/', 1)[-1]} (the bonus goes to it and its parts)")
