"""queries/gaps.rq is shaped for speed; its rows must be those of the plain form.

The plain form (tests/fixtures/queries/gaps-plain.rq, the query as it read before) picks the
classes with a FILTER and joins every lower link with every part; the library query lists the
classes in VALUES and nests the lower-link test. Both run on rdflib and on pyoxigraph, over
the seed data, a synthetic cascade and a small graph with each kind of gap and each way out.
"""

from __future__ import annotations

import pytest
from rdflib import Graph
from shape_support import same_rows, synthetic_graph

from plangraph.paths import ID_BASE
from plangraph.sparql.engines import execute
from plangraph.sparql.library import resolve


def kinds(rows: list[tuple[str, ...]]) -> set[str]:
    """The kinds of gap found."""
    return {row[0] for row in rows}


@pytest.mark.parametrize("form", ["plain", "previous", "per-top"])
def test_same_rows_on_the_seed(project_graph: Graph, form: str) -> None:
    assert same_rows("gaps", project_graph, form)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    """A small synthetic cascade (three provinces, no observations)."""
    return synthetic_graph(tmp_path_factory.mktemp("synth"))


@pytest.mark.parametrize("form", ["plain", "previous", "per-top"])
def test_same_rows_on_a_synthetic_cascade(synthetic: Graph, form: str) -> None:
    assert kinds(same_rows("gaps", synthetic, form)) == {'"no-national-path"', '"unreached"'}


LEVELS = """
@prefix pg: <https://w3id.org/plangraph/def/plangraph#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix id: <{base}> .
id:ns pg:planLevel id:l1 . id:l1 pg:rank 1 .
id:prov pg:planLevel id:l4 . id:l4 pg:rank 4 .
"""
GAPS = LEVELS + """
id:reg pg:planLevel id:l3 . id:l3 pg:rank 3 .
id:top a pg:NationalStrategy ; skos:inScheme id:ns ; skos:prefLabel "บน"@th , "top"@en .
id:sub a pg:SubStrategy ; skos:inScheme id:ns ; pg:partOf id:top ; skos:prefLabel "ย่อย"@th .
id:deep a pg:SubStrategy ; skos:inScheme id:ns ; pg:partOf id:sub ; skos:prefLabel "ลึก"@th .
id:alone a pg:NationalStrategy , pg:SubStrategy ; skos:inScheme id:ns ; skos:prefLabel "เดี่ยว"@th .
id:rs a pg:RegionalStrategy , pg:DevelopmentIssue ; skos:inScheme id:reg ;
    skos:broadMatch id:deep ; skos:prefLabel "ภาค"@th .
id:issue a pg:DevelopmentIssue , pg:StrategicIssue ; skos:inScheme id:prov ;
    skos:broadMatch id:rs ; skos:prefLabel "ประเด็น"@th , "issue"@en-t-th .
id:ind a pg:Indicator ; skos:inScheme id:prov ; pg:partOf id:issue ; skos:prefLabel "ตัวชี้วัด"@th .
id:lost a pg:Indicator ; skos:inScheme id:prov , id:reg ; skos:prefLabel "หลง"@th .
id:nolabel a pg:Indicator ; skos:inScheme id:prov .
id:lost2 a pg:Indicator , pg:StrategicIssue ; skos:inScheme id:prov ; skos:prefLabel "หลงสอง"@th .
id:noplan a pg:Indicator ; skos:prefLabel "ไร้แผน"@th .
id:high a pg:StrategicIssue ; skos:inScheme id:reg ; skos:prefLabel "สูง"@th .
"""


def test_each_kind_of_gap_and_each_way_out() -> None:
    """Reached through a part two levels down, unreached, an element of two listed classes
    and in two plans, a path of part-of and broadMatch steps to the top, none, no label,
    no plan, a plan above the levels asked for."""
    graph = Graph()
    graph.parse(data=GAPS.format(base=ID_BASE + "t/"), format="turtle")
    same_rows("gaps", graph)
    same_rows("gaps", graph, "previous")
    same_rows("gaps", graph, "per-top")
    found = execute(resolve("gaps"), graph=graph, engine="oxigraph")
    gaps = sorted((str(r["gap"]), str(r["element"]).rsplit("/", 1)[1], int(r["rank"]))
                  for r in found.rows)
    assert gaps == [("no-national-path", "lost", 4), ("no-national-path", "lost2", 4),
                    ("no-national-path", "lost2", 4), ("unreached", "alone", 1),
                    ("unreached", "alone", 1), ("unreached", "issue", 4)]


LABELS = LEVELS + """
id:two a pg:NationalStrategy ; skos:inScheme id:ns ; skos:prefLabel "หนึ่ง"@th , "สอง"@th .
id:en a pg:NationalStrategy ; skos:inScheme id:ns ; skos:prefLabel "English only"@en .
id:plain a pg:Indicator ; skos:inScheme id:prov ; skos:prefLabel "no language" .
id:both a pg:Indicator ; skos:inScheme id:prov ;
    skos:prefLabel "ทั้งสอง"@th , "ไทยอีก"@th , "both"@en , "both, too"@en-us .
"""


def test_labels_looked_up_per_row_keep_the_rows_of_the_join() -> None:
    """Two Thai labels give two rows, no Thai label no row (only English, no language), and
    each English label its own row, in the library's shape as in the earlier ones."""
    graph = Graph()
    graph.parse(data=LABELS.format(base=ID_BASE + "t/"), format="turtle")
    for form in ("plain", "previous", "per-top"):
        found = same_rows("gaps", graph, form)
    names = sorted(row[2].rsplit("/", 1)[1].rstrip(">") for row in found)
    assert names == ["both"] * 4 + ["two"] * 2
