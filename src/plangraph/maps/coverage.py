"""Coverage: which issues' indicators reach which National Strategy strategy.

Rows are the provincial strategic issues and the cluster development issues; columns
are the National Strategy's strategies. A cell counts the issue's indicators (its parts,
by part-of) that have a path up to the strategy (part-of and alignment edges).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import networkx as nx

from plangraph.maps.graph import element, national_strategies, notation_key, parts_below, reaches

HEAT_STEPS = 4


@dataclass
class Coverage:
    """The issue × strategy matrix with the indicators behind each cell."""

    issues: list[str] = field(default_factory=list)
    strategies: list[str] = field(default_factory=list)
    indicators: dict[str, list[str]] = field(default_factory=dict)
    cells: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    #: The largest cell count (0 when the matrix is empty).
    most: int = 0

    def heat(self, issue: str, strategy: str) -> int:
        """Colour step 0 (gap) to :data:`HEAT_STEPS` for a cell."""
        count = len(self.cells[issue, strategy])
        return 0 if count == 0 else max(1, math.ceil(HEAT_STEPS * count / self.most))


def issues(g: nx.DiGraph) -> list[str]:
    """Issue nodes: lowest level first (Lampang before the cluster), then by number."""
    found = [n for n in g if element(g, n).is_issue]
    return sorted(found, key=lambda n: (-element(g, n).rank, element(g, n).plan,
                                        notation_key(element(g, n))))


def coverage(g: nx.DiGraph) -> Coverage:
    """Build the matrix for every issue and National Strategy strategy in ``g``."""
    result = Coverage(issues=issues(g), strategies=national_strategies(g))
    below = {strategy: nx.ancestors(g, strategy) for strategy in result.strategies}
    for issue in result.issues:
        gathered = sorted(n for n in parts_below(g, issue) if element(g, n).is_indicator)
        gathered.sort(key=lambda n: notation_key(element(g, n)))
        result.indicators[issue] = gathered
        for strategy in result.strategies:
            result.cells[issue, strategy] = reaches(gathered, below[strategy])
    result.most = max((len(v) for v in result.cells.values()), default=0)
    return result
