"""queries/targets.rq is shaped for speed; its rows must be those of the plain form.

The plain form (tests/fixtures/queries/targets-plain.rq, the query as it read before) joins
the labels as required patterns; the library query joins the claim and both targets first and
looks the labels up per row, keeping rows only where each required label exists. Both run on
rdflib and on pyoxigraph over the seed data, a synthetic cascade and a small graph where each
required label is missing in turn.
"""

from __future__ import annotations

from collections import Counter

from rdflib import Graph
from shape_support import same_rows, synthetic_graph

from plangraph.paths import ID_BASE


def test_same_rows_on_the_seed(project_graph: Graph) -> None:
    assert same_rows("targets", project_graph)


def test_same_rows_on_a_synthetic_cascade(tmp_path) -> None:
    assert same_rows("targets", synthetic_graph(tmp_path, provinces=3, years=1, seed=3))


PAIRS = """
@prefix pg: <https://w3id.org/plangraph/def/plangraph#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix qudt: <http://qudt.org/schema/qudt/> .
@prefix id: <{base}> .
id:pct rdfs:label "percent"@en , "ร้อยละ"@th .
id:baht rdfs:label "baht"@en , "Baht"@en-gb .
id:rai rdfs:label "ไร่"@th .
id:level skos:notation "level" .
id:bare a skos:Concept .
id:high pg:hasTarget id:th . id:th qudt:numericValue 5 ; qudt:unit id:pct ; pg:measure id:level .
id:high skos:prefLabel "สูง"@th , "high"@en .
"""
LOWS = {  # name: (labels, unit, measure)
    "two-th": ('"หนึ่ง"@th , "ที่หนึ่ง"@th', "pct", "level"),
    "no-th": ('"none"@en', "pct", "level"),
    "unit-th-only": ('"ไร่"@th', "rai", "level"),
    "two-en-units": ('"บาท"@th', "baht", "level"),
    "no-notation": ('"ว่าง"@th', "pct", "bare"),
}


def test_each_required_label_missing_in_turn() -> None:
    text = PAIRS
    for name, (labels, unit, measure) in LOWS.items():
        text += (f"id:{name} skos:prefLabel {labels} ; pg:hasTarget id:{name}-t .\n"
                 f"id:{name}-t qudt:numericValue 3 ; qudt:unit id:{unit} ; "
                 f"pg:measure id:{measure} ; pg:targetYear 2570 .\n"
                 f"id:{name}-c pg:fromElement id:{name} ; pg:toElement id:high ; "
                 f"pg:relation skos:closeMatch .\n")
    text += ("id:broad-c pg:fromElement id:two-th ; pg:toElement id:high ; "
             "pg:relation skos:broadMatch .\n")
    graph = Graph()
    graph.parse(data=text.format(base=ID_BASE + "t/"), format="turtle")
    found = same_rows("targets", graph)
    lowers = Counter(row[0].rsplit("/", 1)[1].rstrip(">") for row in found)
    assert lowers == {"two-th": 2, "two-en-units": 2}
