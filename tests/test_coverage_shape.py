"""queries/coverage.rq is shaped for speed; its rows must be those of the earlier form.

The earlier form (tests/fixtures/queries/coverage-previous.rq) walks part-of and broadMatch
steps then part-of steps and groups every joined row with the labels; the library query walks
one path and counts in a sub-query grouped by strategy. Both run on rdflib and on pyoxigraph,
over the seed data, a synthetic cascade and a small graph with each way of reaching a
strategy and of not.
"""

from __future__ import annotations

import pytest
from rdflib import Graph
from shape_support import same_rows, synthetic_graph

from plangraph.paths import ID_BASE


def test_same_rows_on_the_seed(project_graph: Graph) -> None:
    assert same_rows("coverage", project_graph, "previous")


def test_same_rows_on_a_synthetic_cascade(tmp_path) -> None:
    found = same_rows("coverage", synthetic_graph(tmp_path), "previous")
    assert any(row[5] != row[6] for row in found)


EDGES = """
@prefix pg: <https://w3id.org/plangraph/def/plangraph#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix id: <{base}> .
id:ns pg:planLevel id:l1 . id:l1 pg:rank 1 .
id:ns2 pg:planLevel id:l1 .
id:nesdp pg:planLevel id:l2 . id:l2 pg:rank 2 .
id:reg pg:planLevel id:l3 . id:l3 pg:rank 3 .
id:cl pg:planLevel id:l4 . id:l4 pg:rank 4 .
id:prov pg:planLevel id:l5 . id:l5 pg:rank 5 .
id:top a pg:NationalStrategy ; skos:inScheme id:ns ; skos:notation "1" ;
    skos:prefLabel "บน"@th , "top"@en , "top, too"@en-gb .
id:sub a pg:SubStrategy ; skos:inScheme id:ns ; pg:partOf id:top ; skos:notation "1" ;
    skos:prefLabel "ย่อย"@th .
id:twice a pg:NationalStrategy ; skos:inScheme id:ns , id:ns2 ; skos:notation "2" ;
    skos:prefLabel "สองแผน"@th , "สองแผนอีกชื่อ"@th .
id:empty a pg:NationalStrategy ; skos:inScheme id:ns ; skos:notation "3" ; skos:prefLabel "ว่าง"@th .
id:nothai a pg:NationalStrategy ; skos:inScheme id:ns ; skos:notation "4" ; skos:prefLabel "no"@en .
id:ds a pg:DevelopmentStrategy ; skos:inScheme id:nesdp ; skos:notation "10" ;
    skos:broadMatch id:sub , id:twice ; skos:prefLabel "แผนพัฒนา"@th .
id:rs a pg:RegionalStrategy ; skos:inScheme id:reg ; skos:notation "2" ;
    skos:broadMatch id:ds ; skos:prefLabel "ภาค"@th .
id:issue a pg:StrategicIssue ; skos:inScheme id:prov ; skos:broadMatch id:rs , id:ds .
id:goal a pg:DevelopmentGoal ; skos:inScheme id:cl ; skos:broadMatch id:rs .
id:i1 a pg:Indicator ; skos:inScheme id:prov ; pg:partOf id:issue .
id:i2 a pg:Indicator ; skos:inScheme id:prov ; pg:partOf id:issue ; skos:broadMatch id:top .
id:i3 a pg:Indicator ; skos:inScheme id:cl ; pg:partOf id:goal .
id:i4 a pg:Indicator ; skos:inScheme id:cl , id:prov ; skos:broadMatch id:sub .
id:i5 a pg:Indicator ; pg:partOf id:issue .
id:i6 a pg:Indicator ; skos:inScheme id:reg ; pg:partOf id:goal .
id:other skos:inScheme id:prov ; pg:partOf id:issue .
"""


def test_each_way_of_reaching_a_strategy_and_not() -> None:
    """Through a part, a broadMatch chain, two routes at once, directly; an indicator in two
    plans, in none, at another level; a strategy in two plans of one level, with two Thai
    labels, none, two English ones, nothing reaching it; a non-indicator below."""
    graph = Graph()
    graph.parse(data=EDGES.format(base=ID_BASE + "t/"), format="turtle")
    found = same_rows("coverage", graph, "previous")
    counts = sorted((row[1].rsplit("/", 1)[1].rstrip(">"), number(row[5]), number(row[6]))
                    for row in found)
    assert counts == [("ds", 2, 1), ("empty", 0, 0), ("rs", 2, 1), ("top", 3, 2), ("top", 3, 2),
                      ("twice", 2, 1), ("twice", 2, 1)]


def number(term: str) -> int:
    """The integer an N-Triples xsd:integer literal holds."""
    assert term.endswith('"^^<http://www.w3.org/2001/XMLSchema#integer>'), term
    return int(term.split('"')[1])


@pytest.mark.parametrize("rank", ["1", "3"])
def test_same_rows_for_one_level(project_graph: Graph, rank: str) -> None:
    """The rank parameter picks the same strategies in both shapes, on both engines."""
    assert same_rows("coverage", project_graph, "previous", raw={"rank": rank})
