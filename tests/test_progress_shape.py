"""queries/progress.rq names each status's concept instead of matching its notation; its rows
must be those of the plain form (tests/fixtures/queries/progress-plain.rq, the query as it read
before; Virtuoso took 253 s on it at 100×, 2.3 s on the new form, same rows) on rdflib and on
pyoxigraph, over the seed data and a synthetic cascade with observations. It then looked the
status labels up among all labels filtered by concept
(tests/fixtures/queries/progress-previous.rq); now in a sub-SELECT of the four concepts: the same
rows there too, also on a graph made to tell them apart (a status that cannot be computed,
ties, a status with two labels, statuses without labels)."""

from __future__ import annotations

from collections import Counter

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


@pytest.mark.parametrize("form", ["plain", "previous"])
def test_same_rows_as_each_earlier_form(synthetic: Graph, project_graph: Graph, form: str) -> None:
    assert same_rows("progress", synthetic, form, across=False)
    assert same_rows("progress", project_graph, form, across=False)


EDGES = """
@prefix pg: <https://w3id.org/plangraph/def/plangraph#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix qudt: <http://qudt.org/schema/qudt/> .
@prefix qb: <http://purl.org/linked-data/cube#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <{base}> .
id:pct rdfs:label "percent"@en .
pg:Increase skos:notation "increase" . pg:Decrease skos:notation "decrease" .
pg:AtMost skos:notation "at-most" . pg:Level skos:notation "level" .
pg:Change skos:notation "change" .
pg:Met skos:prefLabel "บรรลุ (อีกชื่อ)"@th .
id:{{name}} a pg:Indicator ; skos:prefLabel "ตัวชี้วัด {{name}}"@th ; pg:hasTarget id:{{name}}-t .
id:{{name}}-t qudt:numericValue 10 ; qudt:unit id:pct ; pg:direction pg:{{direction}} ;
    pg:measure pg:{{measure}} ; pg:targetYear "2570"^^xsd:gYear .
"""
#: name: (direction, measure, observations as (dataset, year, value))
INDICATORS = {
    "tie": ("Increase", "Level", [("a", 2560, "5"), ("a", 2562, "9"), ("b", 2562, "11")]),
    "text": ("Increase", "Level", [("a", 2561, '"n/a"'), ("a", 2562, '"n/a"')]),
    "down": ("Decrease", "Change", [("a", 2561, "-3"), ("a", 2563, "-12")]),
    "none": ("AtMost", "Level", []),
}


def edge_graph(with_ontology: bool) -> Graph:
    """Indicators for every status, a status that cannot be computed (a text value), a tie in
    the latest year, a second Thai label for pg:Met; with or without the ontology's labels."""
    from plangraph.paths import ID_BASE

    graph = Graph()
    base = ID_BASE + "t/"
    for name, (direction, measure, observations) in INDICATORS.items():
        text = EDGES.format(base=base).replace("{name}", name)
        text = text.replace("{direction}", direction).replace("{measure}", measure)
        for dataset, year, value in observations:
            text += (f"id:{name}-{dataset}-{year} a qb:Observation ; pg:indicator id:{name} ; "
                     f'qb:dataSet id:{dataset} ; pg:refYear "{year}"^^xsd:gYear ; '
                     f"pg:observedValue {value} .\n")
        graph.parse(data=text, format="turtle")
    if with_ontology:
        graph.parse(ONTOLOGY_DIR / "plangraph.ttl")
    return graph


@pytest.mark.parametrize("with_ontology", [True, False])
def test_same_rows_on_edge_cases(with_ontology: bool) -> None:
    """Against the previous form only: the plain form matched a status's notation within
    pg:ProgressStatuses, which differs where no status is computed or a concept is unlisted."""
    found = same_rows("progress", edge_graph(with_ontology), "previous", across=False)
    by_name = Counter(row[0].rsplit("/", 1)[1].rstrip(">") for row in found)
    if with_ontology:  # a tie (one met: two Thai labels), no status: every status's labels
        assert by_name == {"tie": 1 + 2, "text": 5, "down": 2, "none": 1}
    else:  # no labels: one row per latest value
        assert by_name == {"tie": 2, "text": 1, "down": 1, "none": 1}
