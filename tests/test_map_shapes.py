"""The map queries shaped for speed give the rows of their previous shapes
(tests/fixtures/queries/NAME-previous.rq) on rdflib and pyoxigraph."""

from __future__ import annotations

import pytest
from rdflib import Graph
from shape_support import same_rows, synthetic_graph

from plangraph.paths import ID_BASE

SHAPED = ["map-plans", "map-alignments"]


@pytest.mark.parametrize("name", SHAPED)
def test_same_rows_on_the_seed(project_graph: Graph, name: str) -> None:
    assert same_rows(name, project_graph, "previous")


@pytest.mark.parametrize("name", SHAPED)
def test_same_rows_on_a_synthetic_cascade(tmp_path_factory: pytest.TempPathFactory,
                                          name: str) -> None:
    assert same_rows(name, synthetic_graph(tmp_path_factory.mktemp("synth")), "previous")


LEVELS = """
@prefix pg: <https://w3id.org/plangraph/def/plangraph#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix id: <{base}> .
id:l1 pg:rank 1 ; skos:prefLabel "ชาติ"@th , "national"@en , "nation"@en-t-th .
id:l2 pg:rank 2 , 3 .
id:unused pg:rank 9 ; skos:prefLabel "ไม่ใช้"@th .
id:a pg:planLevel id:l1 ; skos:prefLabel "ก"@th ; dcterms:identifier "a" .
id:b pg:planLevel id:l1 , id:l2 .
id:c pg:planLevel id:nolevel ; skos:prefLabel "ค"@th .
"""


def test_levels_with_many_labels_ranks_and_plans() -> None:
    """A level with two English labels and two plans, one with two ranks and no label, one
    with no plan, a plan on a level without a rank: the same rows in both shapes."""
    graph = Graph()
    graph.parse(data=LEVELS.format(base=ID_BASE + "t/"), format="turtle")
    found = same_rows("map-plans", graph, "previous")
    assert len(found) == 2 * 2 + 2  # a and b on l1 (two English labels), b on l2 (two ranks)


CLAIMS = """
@prefix pg: <https://w3id.org/plangraph/def/plangraph#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix id: <{base}> .
pg:Curated skos:notation "curated" ; skos:prefLabel "คัด"@th , "curated"@en .
id:kept pg:fromElement id:a ; pg:toElement id:b ; pg:basis pg:Curated ;
    pg:relation skos:broadMatch .
id:neg pg:fromElement id:a ; pg:toElement id:c ; pg:basis pg:Curated ;
    pg:predicateModifier pg:Not .
id:draft pg:fromElement id:a ; pg:toElement id:d ; pg:basis pg:Suggested ;
    pg:relation skos:broadMatch .
id:added pg:fromElement id:e , id:f ; pg:toElement id:d ; pg:basis pg:Suggested ;
    pg:relation skos:closeMatch ; pg:confidence 0.5 ; pg:justification "เหตุ"@th , "why"@en .
id:e skos:closeMatch id:d .
id:twice pg:fromElement id:a ; pg:toElement id:b ; pg:basis pg:Suggested , pg:Curated ;
    pg:relation skos:broadMatch , skos:closeMatch .
"""


def test_negative_and_draft_claims() -> None:
    """A negative claim and a draft without its SKOS triple give no row; a draft with it only
    for the pair that has it (a claim with two fromElements); a claim with two bases and two
    relations is a draft whose closeMatch is missing: no row, in both shapes."""
    graph = Graph()
    graph.parse(data=CLAIMS.format(base=ID_BASE + "t/"), format="turtle")
    found = same_rows("map-alignments", graph, "previous")
    assert sorted({row[0].rsplit("/", 1)[1].rstrip(">") for row in found}) == ["added", "kept"]
    assert {row[1].rsplit("/", 1)[1].rstrip(">") for row in found if "added" in row[0]} == {"e"}
