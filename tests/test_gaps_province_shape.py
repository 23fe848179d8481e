"""queries/gaps-province.rq is shaped for speed; its rows must be those of the earlier form
(tests/fixtures/queries/gaps-province-previous.rq: part-of steps, then a path from each
part), on rdflib and pyoxigraph, over the seed, a synthetic cascade and a small edge graph."""

from __future__ import annotations

from rdflib import Graph
from shape_support import same_rows, synthetic_graph

from plangraph.paths import ID_BASE


def test_same_rows_on_the_seed(project_graph: Graph) -> None:
    assert same_rows("gaps-province", project_graph, "previous")


def test_same_rows_on_a_synthetic_cascade(tmp_path) -> None:
    assert same_rows("gaps-province", synthetic_graph(tmp_path), "previous")


EDGES = """
@prefix pg: <https://w3id.org/plangraph/def/plangraph#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix id: <{base}> .
id:ns pg:planLevel id:l1 . id:l1 pg:rank 1 .
id:nesdp pg:planLevel id:l2 . id:l2 pg:rank 2 .
id:a dcterms:identifier "a" ; pg:planLevel id:l5 . id:l5 pg:rank 5 .
id:b dcterms:identifier "b" ; pg:planLevel id:l5 ; skos:prefLabel "บี"@th .
id:c dcterms:identifier "c" ; pg:planLevel id:l4 . id:l4 pg:rank 4 .
id:s1 skos:inScheme id:ns ; skos:notation "1" ; skos:prefLabel "หนึ่ง"@th .
id:s2 skos:inScheme id:ns ; skos:notation "2" ; skos:prefLabel "สอง"@th , "two"@en .
id:s3 skos:inScheme id:ns ; skos:notation "3" .
id:sub skos:inScheme id:ns ; pg:partOf id:s2 ; skos:notation "1" .
id:deep skos:inScheme id:ns ; pg:partOf id:sub ; skos:notation "1" .
id:ds skos:inScheme id:nesdp ; skos:broadMatch id:deep .
id:ia skos:inScheme id:a ; skos:broadMatch id:s1 .
id:ja skos:inScheme id:a ; pg:partOf id:ia .
id:ib skos:inScheme id:b ; skos:broadMatch id:ds .
id:ic skos:inScheme id:c ; pg:partOf id:ib .
"""


def test_each_way_of_reaching_a_strategy_and_not() -> None:
    """Directly, by a part, through sub-strategies two levels down and a broadMatch chain,
    from another plan's element; a strategy nothing reaches; a parameter picking one plan."""
    graph = Graph()
    graph.parse(data=EDGES.format(base=ID_BASE + "t/"), format="turtle")
    found = same_rows("gaps-province", graph, "previous")
    gaps = sorted((row[0].strip('"'), row[5].rsplit("/", 1)[1].rstrip(">")) for row in found)
    assert gaps == [("a", "s2"), ("a", "s3"), ("b", "s1"), ("b", "s3"),
                    ("c", "s1"), ("c", "s3")]
    assert same_rows("gaps-province", graph, "previous", raw={"plan": "b"})
