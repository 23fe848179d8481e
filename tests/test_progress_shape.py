"""queries/progress.rq names each status's concept instead of matching its notation; its rows
must be those of the plain form (tests/fixtures/queries/progress-plain.rq, the query as it read
before; Virtuoso took 253 s on it at 100×, 2.3 s on the new form, same rows) on rdflib and on
pyoxigraph, over the seed data and a synthetic cascade with observations."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import SKOS
from shape_support import same_rows, synthetic_graph

from plangraph.paths import ONTOLOGY_DIR
from plangraph.paths import PG as PG_IRI

PG = Namespace(PG_IRI)
STATUS = 13  # the status column of progress.rq
LABELS = (14, 15)  # status_th, status_en


def test_same_rows_on_the_seed(project_graph: Graph) -> None:
    assert same_rows("progress", project_graph, across=False)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    """A small synthetic cascade with three years of observations, and the ontology (which
    holds the statuses' labels)."""
    graph = synthetic_graph(tmp_path_factory.mktemp("synth"), provinces=3, years=3)
    return graph.parse(ONTOLOGY_DIR / "plangraph.ttl")


def test_same_rows_on_a_synthetic_cascade(synthetic: Graph) -> None:
    found = same_rows("progress", synthetic, across=False)
    statuses = {row[STATUS] for row in found}
    notations = {f'"{n}"' for n in synthetic.objects(None, SKOS.notation)
                 if isinstance(n, Literal)}
    assert len(statuses) >= 3 and statuses <= notations  # several statuses compared, not one
    assert all(row[i] != "" for row in found for i in LABELS)  # every label was found


def test_every_status_concept_is_named_in_the_query(project_graph: Graph) -> None:
    from plangraph.sparql.library import resolve

    text = resolve("progress").text
    concepts = set(project_graph.subjects(SKOS.inScheme, PG.ProgressStatuses))
    assert len(concepts) == 4
    for concept in concepts:
        notation = project_graph.value(concept, SKOS.notation)
        local = "pg:" + str(concept).removeprefix(str(PG))
        assert local in text and f'"{notation}"' in text, concept
