"""`rollup` names the links a person reviewed: how many, and the first one's reviewer and date.

The project's data plus two review-accepted links (tests/fixtures/queries/reviewed.ttl); each
row is checked against the claims of its own path, read with rdflib's API, and both embedded
engines must give the same rows (Virtuoso: tests/test_virtuoso.py).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS
from test_query_library import as_nt, chain, claims, rows

from plangraph import paths
from plangraph.graph.load import load, merged
from plangraph.graph.terms import to_oxigraph
from plangraph.sparql.engines import execute

REVIEWED = Path(__file__).parent / "fixtures" / "queries" / "reviewed.ttl"
COLUMNS = ["reviewed_links", "reviewer", "reviewer_name", "reviewed_on"]


@pytest.fixture(scope="module")
def reviewed_ds():
    return load([*paths.default_sources(), REVIEWED])


@pytest.fixture(scope="module")
def answers(reviewed_ds):
    """The rollup over the data with reviews, on rdflib and on pyoxigraph."""
    store = to_oxigraph(reviewed_ds)
    return {engine: execute("rollup", graph=reviewed_ds, engine=engine, store=store)
            for engine in ("rdflib", "oxigraph")}


def reviews_on(g: Graph, row: dict) -> list[URIRef]:
    """The path's claims that a person made, from the indicator up."""
    broad = claims(g, SKOS.broadMatch)
    nodes = chain(row)
    used = [broad[link] for link in zip(nodes, nodes[1:], strict=False)]
    return [c for c in used
            if any((a, RDF.type, PROV.Person) in g for a in g.objects(c, PROV.wasAttributedTo))]


def test_engines_agree_with_reviews(answers):
    a, b = answers["rdflib"], answers["oxigraph"]
    assert a.vars == b.vars and a.vars[-4:] == COLUMNS
    assert Counter(as_nt(a)) == Counter(as_nt(b))
    assert as_nt(a) == as_nt(b)


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_each_path_names_its_first_reviewed_link(answers, reviewed_ds, engine):
    g = merged(reviewed_ds)
    seen = Counter()
    for row in rows(answers[engine]):
        reviews = reviews_on(g, row)
        assert row["reviewed_links"].toPython() == len(reviews), row
        seen[len(reviews)] += 1
        if not reviews:
            assert row["reviewer"] is row["reviewer_name"] is row["reviewed_on"] is None
            continue
        first = reviews[0]
        agent = g.value(first, PROV.wasAttributedTo)
        assert row["reviewer"] == agent
        assert row["reviewer_name"] == g.value(agent, SKOS.prefLabel)
        assert row["reviewed_on"] == g.value(first, DCTERMS.created)
    assert seen[0] and seen[1] and seen[2]  # unreviewed paths, one review, two reviews
    names = {str(r["reviewer_name"]) for r in rows(answers[engine]) if r["reviewer_name"]}
    assert names == {"Reviewer A", "ผู้ตรวจ บี"}


def test_the_projects_own_curation_is_no_review():
    result = execute("rollup")
    assert result.rows and all(r["reviewed_links"] == Literal(0) and r["reviewer"] is None
                               for r in result.rows)
