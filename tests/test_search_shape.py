"""queries/search.rq is shaped for speed (the texts holding the keyword first); its rows must
be those of the previous shape (tests/fixtures/queries/search-previous.rq, a FILTER EXISTS
per element), on rdflib and on pyoxigraph (which runs the keyword written in place), over the
seed, a synthetic cascade and a small graph with each way a text can match or not."""

from __future__ import annotations

import pytest
from rdflib import Graph
from shape_support import rows, same_rows, synthetic_graph

from plangraph.paths import ID_BASE
from plangraph.sparql.engines import execute
from plangraph.sparql.library import resolve


def same_search_rows(graph: Graph, keyword: str) -> list[tuple[str, ...]]:
    """Both shapes on both engines give the same rows for ``keyword`` (pyoxigraph's returned)."""
    found = same_rows("search", graph, "previous", across=False, raw={"keyword": keyword},
                      order_by="element")
    assert found == rows(execute(resolve("search"), {"keyword": keyword}, graph=graph,
                                 engine="rdflib"))
    return found


@pytest.mark.parametrize("keyword", ["ท่องเที่ยว", "เกษตร", "ยั่งยืน", "tourism", "TOURISM",
                                     "ไม่มีคำนี้ในแผนใดเลย"])
def test_same_rows_on_the_seed(project_graph: Graph, keyword: str) -> None:
    found = same_search_rows(project_graph, keyword)
    assert bool(found) == (keyword != "ไม่มีคำนี้ในแผนใดเลย")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    """A small synthetic cascade (three provinces, no observations)."""
    return synthetic_graph(tmp_path_factory.mktemp("synth"))


@pytest.mark.parametrize("keyword", ["ท่องเที่ยว", "ยั่งยืน", "มูลค่าเพิ่ม", "value"])
def test_same_rows_on_a_synthetic_cascade(synthetic: Graph, keyword: str) -> None:
    assert same_search_rows(synthetic, keyword)


EDGES = """
@prefix pg: <https://w3id.org/plangraph/def/plangraph#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix id: <{base}> .
id:ns pg:planLevel id:l1 ; dcterms:identifier "ns" . id:l1 pg:rank 1 .
id:prov pg:planLevel id:l5 ; dcterms:identifier "prov" . id:l5 pg:rank 5 .
id:top a pg:NationalStrategy ; skos:inScheme id:ns ; skos:prefLabel "ยุทธศาสตร์บน"@th .
id:sub a pg:SubStrategy ; skos:inScheme id:ns ; pg:partOf id:top ;
    skos:prefLabel "ย่อยด้านการท่องเที่ยว"@th , "Tourism sub-strategy"@en .
id:issue a pg:DevelopmentIssue ; skos:inScheme id:prov ; skos:broadMatch id:sub ;
    skos:prefLabel "ประเด็นการท่องเที่ยว"@th , "TOURISM issue"@en ;
    skos:definition "นิยามที่พูดถึงการท่องเที่ยวอีกครั้ง"@th .
id:defonly a pg:DevelopmentIssue ; skos:inScheme id:prov ; pg:partOf id:issue ;
    skos:prefLabel "ประเด็นอื่น"@th ; skos:definition "only the definition says Homestay"@en .
id:orphan a pg:DevelopmentIssue ; skos:inScheme id:prov ; skos:prefLabel "กำพร้า homestay"@th .
id:nolevel a pg:DevelopmentIssue ; skos:inScheme id:loose ; skos:prefLabel "ท่องเที่ยวหลงทาง"@th .
id:noscheme a pg:DevelopmentIssue ; skos:prefLabel "ท่องเที่ยวไร้แผน"@th .
id:english a pg:DevelopmentIssue ; skos:inScheme id:prov ; skos:prefLabel "ไม่มีคำ"@th ;
    skos:prefLabel "nothing here"@en .
"""


@pytest.fixture(scope="module")
def edges() -> Graph:
    """Texts that match in a label, a definition, twice, in another case, or nowhere."""
    return Graph().parse(data=EDGES.format(base=ID_BASE), format="turtle")


def elements(found: list[tuple[str, ...]]) -> set[str]:
    """The elements named in the rows (second column), without the base."""
    return {row[1].strip("<>").removeprefix(ID_BASE) for row in found}


@pytest.mark.parametrize(("keyword", "expected"), [
    ("ท่องเที่ยว", {"sub", "issue"}),  # label and definition both match: one row per element
    ("tourism", {"sub", "issue"}),  # English labels, either case
    ("TOURISM", {"sub", "issue"}),
    ("homestay", {"defonly", "orphan"}),  # a definition only; an element with no parent
    ("ไม่มีคำนี้", set()),
    ('x" } UNION { ?element ?p ?text } #', set()),  # a hostile keyword is one literal
])
def test_same_rows_on_edges(edges: Graph, keyword: str, expected: set[str]) -> None:
    found = same_search_rows(edges, keyword)
    assert elements(found) == expected
    assert len(found) == len(set(found))
