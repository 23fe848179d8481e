"""queries/gaps.rq is shaped for speed; its rows must be those of the plain form.

The plain form (tests/fixtures/queries/gaps-plain.rq, the query as it read before) picks the
classes with a FILTER and joins every lower link with every part; the library query lists the
classes in VALUES and nests the lower-link test. Both run on rdflib and on pyoxigraph, over
the seed data, a synthetic cascade and a small graph with each kind of gap and each way out.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from plangraph.graph.load import load, merged
from plangraph.graph.terms import to_nt, to_oxigraph
from plangraph.paths import ID_BASE
from plangraph.sparql.engines import execute
from plangraph.sparql.library import read_query, resolve
from plangraph.synth import Spec, write
from plangraph.validate import validation_sources

PLAIN = read_query(Path(__file__).parent / "fixtures" / "queries" / "gaps-plain.rq")
SHAPED = resolve("gaps")


def rows(result) -> list[tuple[str, ...]]:
    """Rows as sorted tuples of N-Triples forms."""
    return sorted(tuple(to_nt(t) for t in row) for row in result.as_tuples())


def assert_same(graph: Graph) -> dict[str, int]:
    """Both forms on both engines give the same rows; the count of each kind of gap."""
    store = to_oxigraph(graph)
    found = []
    for engine in ("rdflib", "oxigraph"):
        plain = execute(PLAIN, graph=graph, engine=engine, store=store)
        shaped = execute(SHAPED, graph=graph, engine=engine, store=store)
        assert shaped.vars == plain.vars
        assert rows(shaped) == rows(plain), engine
        found.append(rows(shaped))
    assert found[0] == found[1]
    kinds: dict[str, int] = {}
    for row in found[0]:
        kinds[row[0]] = kinds.get(row[0], 0) + 1
    return kinds


def test_same_rows_on_the_seed(project_graph: Graph) -> None:
    assert assert_same(project_graph)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    """A small synthetic cascade (three provinces, no observations)."""
    _, files = write(Spec(provinces=3, years=0, seed=11), tmp_path_factory.mktemp("synth"))
    return merged(load(validation_sources(files)))


def test_same_rows_on_a_synthetic_cascade(synthetic: Graph) -> None:
    kinds = assert_same(synthetic)
    assert set(kinds) == {'"no-national-path"', '"unreached"'}


GAPS = """
@prefix pg: <https://w3id.org/plangraph/def/plangraph#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix id: <{base}> .
id:ns pg:planLevel id:l1 . id:l1 pg:rank 1 .
id:reg pg:planLevel id:l3 . id:l3 pg:rank 3 .
id:prov pg:planLevel id:l4 . id:l4 pg:rank 4 .
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
"""


def test_each_kind_of_gap_and_each_way_out() -> None:
    """Reached through a part two levels down, unreached, an element of two listed classes
    and in two plans, a path of part-of and broadMatch steps to the top, none, no label."""
    graph = Graph()
    graph.parse(data=GAPS.format(base=ID_BASE + "t/"), format="turtle")
    assert_same(graph)
    found = execute(SHAPED, graph=graph, engine="oxigraph")
    gaps = sorted((str(r["gap"]), str(r["element"]).rsplit("/", 1)[1], int(r["rank"]))
                  for r in found.rows)
    assert gaps == [("no-national-path", "lost", 4), ("no-national-path", "lost2", 4),
                    ("no-national-path", "lost2", 4), ("unreached", "alone", 1),
                    ("unreached", "alone", 1), ("unreached", "issue", 4)]
