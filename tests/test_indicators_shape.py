"""queries/indicators.rq keeps its required part in a sub-SELECT (fast with the plan written
in place); its rows must be those of the previous shape (one group,
tests/fixtures/queries/indicators-previous.rq), for every plan and for one, on rdflib and on
pyoxigraph, over the seed and a synthetic cascade."""

from __future__ import annotations

import pytest
from rdflib import Graph
from shape_support import same_rows, synthetic_graph


def same_rows_for(graph: Graph, plan: str) -> list[tuple[str, ...]]:
    """Both shapes, one plan, on both engines: the same rows in the same order."""
    return same_rows("indicators", graph, "previous", across=False, raw={"plan": plan},
                     order_by="indicator")


def test_every_plan_on_the_seed(project_graph: Graph) -> None:
    assert same_rows("indicators", project_graph, "previous", across=False)


@pytest.mark.parametrize("plan", ["lampang", "upper-north-1"])
def test_one_plan_on_the_seed(project_graph: Graph, plan: str) -> None:
    assert same_rows_for(project_graph, plan)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    """A small synthetic cascade (three provinces, no observations)."""
    return synthetic_graph(tmp_path_factory.mktemp("synth"))


def test_every_plan_on_a_synthetic_cascade(synthetic: Graph) -> None:
    assert same_rows("indicators", synthetic, "previous", across=False)


def test_each_plan_on_a_synthetic_cascade(synthetic: Graph) -> None:
    plans = {row[0] for row in same_rows("indicators", synthetic, "previous", across=False)}
    assert len(plans) >= 3
    for plan in sorted(plans):
        assert same_rows_for(synthetic, plan[1:-1].split('"')[0])
