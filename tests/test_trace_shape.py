"""queries/trace.rq is shaped for speed; its rows must be those of the plain form.

The plain form (tests/fixtures/queries/trace-plain.rq, the query as it read before) joins
both directions with one union of link patterns and looks ranks up through a path; the
library query looks links up from the end each direction knows and nests the rank lookup.
Both run on rdflib and on pyoxigraph, over the seed data, a small synthetic cascade and a
graph made to catch a rank lookup that is only nearly the same.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from conftest import PG, iri
from plangraph.graph.load import load, merged
from plangraph.graph.terms import to_nt, to_oxigraph
from plangraph.paths import ID_BASE
from plangraph.sparql.engines import execute
from plangraph.sparql.library import read_query, resolve
from plangraph.synth import Spec, write
from plangraph.validate import validation_sources

PLAIN = read_query(Path(__file__).parent / "fixtures" / "queries" / "trace-plain.rq")
#: the shape before the element's labels were looked up once, before the links
PREVIOUS = read_query(Path(__file__).parent / "fixtures" / "queries" / "trace-previous.rq")
SHAPED = resolve("trace")
ENGINES = ("rdflib", "oxigraph")


def rows(result) -> list[tuple[str, ...]]:
    """Rows as sorted tuples of N-Triples forms."""
    return sorted(tuple(to_nt(t) for t in row) for row in result.as_tuples())


def assert_same(graph: Graph, elements: list[str]) -> None:
    """Every element traced by every form on both engines gives the same, non-empty rows."""
    store = to_oxigraph(graph)
    for engine in ENGINES:
        for element in elements:
            params = {"element": element}
            shaped = execute(SHAPED, params, graph=graph, engine=engine, store=store)
            for form in (PLAIN, PREVIOUS):
                earlier = execute(form, params, graph=graph, engine=engine, store=store)
                assert shaped.vars == earlier.vars
                assert rows(shaped) == rows(earlier), (engine, element, form.name)
                assert earlier.rows, (engine, element, form.name)


def typed(graph: Graph, kind: str) -> list[str]:
    """IRIs of the elements of class ``pg:kind``, sorted."""
    return sorted(str(s) for s in graph.subjects(RDF.type, PG[kind]))


def test_same_rows_on_the_seed(project_graph: Graph) -> None:
    strategies = typed(project_graph, "NationalStrategy")
    indicators = typed(project_graph, "Indicator")
    assert strategies and indicators
    elements = [*strategies, *indicators[:: max(1, len(indicators) // 6)],
                str(iri("lampang/issue/2")), str(iri("lampang/issue/2/indicator/3"))]
    assert_same(project_graph, elements)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    """A small synthetic cascade (two provinces, no observations)."""
    _, files = write(Spec(provinces=2, years=0, seed=5), tmp_path_factory.mktemp("synth"))
    return merged(load(validation_sources(files)))


def test_same_rows_on_a_synthetic_cascade(synthetic: Graph) -> None:
    strategies = typed(synthetic, "NationalStrategy")
    indicators = typed(synthetic, "Indicator")
    assert strategies and indicators
    elements = [*strategies, *indicators[:: max(1, len(indicators) // 8)]]
    assert_same(synthetic, elements)


RANKS = """
@prefix pg: <https://w3id.org/plangraph/def/plangraph#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix id: <{base}> .
id:plan-a pg:planLevel pg:levelA . pg:levelA pg:rank 3 .
id:plan-b pg:planLevel pg:levelB .
id:plan-c pg:planLevel pg:levelA .
id:low skos:inScheme id:plan-a , id:plan-b ; skos:prefLabel "ล่าง"@th , "ต่ำ"@th ,
    "low"@en-t-th , "lower"@en ; pg:partOf id:mid .
id:mid skos:inScheme id:plan-b ; skos:prefLabel "middle"@en ; pg:partOf id:top .
id:top skos:inScheme id:plan-c , id:plan-a ; skos:prefLabel "บน"@th .
id:claim pg:fromElement id:low ; pg:toElement id:outside ; pg:relation skos:broadMatch ;
    pg:basis id:basis .
id:basis skos:notation "curated" .
"""


def test_a_rank_only_where_the_whole_chain_exists() -> None:
    """An element in two plans, one of them without a ranked level: the rank of the other,
    and no second row without it; an element outside every plan has no rank. Elements with
    two Thai and two English labels, and with no Thai label, traced by every form."""
    graph = Graph()
    graph.parse(data=RANKS.format(base=ID_BASE + "t/"), format="turtle")
    elements = [ID_BASE + f"t/{name}" for name in ("low", "mid", "top")]
    assert_same(graph, elements)
    found = execute(SHAPED, {"element": elements[0]}, graph=graph, engine="oxigraph")
    ranks = {(str(r["from"]).rsplit("/", 1)[1], r["from_rank"] and int(r["from_rank"]))
             for r in found.rows}
    assert ranks == {("low", 3), ("mid", None)}
