"""Virtuoso (Debian's virtuoso-opensource) as a tested server: publish, then the same rows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from library_cases import assert_same, expectations, mismatches
from rdflib import Graph, Literal, URIRef
from servers import VirtuosoServer

from conftest import run_cli
from plangraph.publish.export import DATA_BASE
from plangraph.publish.upload import (
    TMP_GRAPH_PREFIX,
    Retry,
    count_triples,
    make_target,
    publish,
)
from plangraph.sparql.engines import run

GRAPH = URIRef(DATA_BASE + "plangraph")


def publish_args(server: VirtuosoServer, *extra: str) -> list[str]:
    return ["publish", "--endpoint", server.query_url, "--update", server.update_url,
            "--gsp", server.store_url, *extra]


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory) -> Iterator[VirtuosoServer]:
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso")).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def dba(monkeypatch, virtuoso):
    monkeypatch.setenv("PLANGRAPH_ENDPOINT_USER", virtuoso.user)
    monkeypatch.setenv("PLANGRAPH_ENDPOINT_PASSWORD", virtuoso.password)
    monkeypatch.setenv("PLANGRAPH_ENDPOINT_AUTH", "digest")
    monkeypatch.setenv("PLANGRAPH_ENDPOINT_BACKOFF", "0.05")


def graphs_on(server: VirtuosoServer) -> set[str]:
    res = run("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", endpoint=server.query_url)
    return {str(r["g"]) for r in res.rows}


def test_publish_without_credentials_is_refused(virtuoso, monkeypatch):
    monkeypatch.delenv("PLANGRAPH_ENDPOINT_USER", raising=False)
    monkeypatch.setenv("PLANGRAPH_ENDPOINT_ATTEMPTS", "1")
    res = run_cli(*publish_args(virtuoso))
    assert res.exit_code != 0
    assert "HTTP 401 Unauthorized (needs credentials" in res.stderr
    assert str(GRAPH) not in graphs_on(virtuoso)


def test_publish_then_every_library_query_matches(virtuoso, dba):
    ds, cases = expectations()
    res = run_cli(*publish_args(virtuoso))
    assert res.exit_code == 0, res.stderr
    triples = len(set(ds.triples((None, None, None))))
    assert f"published {triples} triples to <{GRAPH}>" in res.stderr
    assert count_triples(virtuoso.query_url, GRAPH) == triples
    assert not any(g.startswith(TMP_GRAPH_PREFIX) for g in graphs_on(virtuoso))
    # the cases include search with a Thai keyword and targets (booleans): both have rows
    names = {case.id: want for case, want in cases}
    assert names["search[keyword=ท่องเที่ยว]"].rows
    assert names["targets"].rows
    assert mismatches(virtuoso.query_url) == []


def test_republish_replaces_the_graph_atomically(virtuoso, dba):
    first = run_cli(*publish_args(virtuoso))
    assert first.exit_code == 0, first.stderr
    before = count_triples(virtuoso.query_url, GRAPH)
    again = run_cli(*publish_args(virtuoso))
    assert again.exit_code == 0, again.stderr
    assert count_triples(virtuoso.query_url, GRAPH) == before
    assert not any(g.startswith(TMP_GRAPH_PREFIX) for g in graphs_on(virtuoso))


def test_a_large_upload_answers_digest_before_sending(virtuoso, dba):
    # urllib alone sends the body unauthenticated first; Virtuoso then resets the connection
    g = Graph()
    for i in range(25_000):
        g.add((URIRef(f"urn:x:s{i}"), URIRef("urn:x:p"), Literal(f"ค่า {i} " + "x" * 60)))
    target = make_target(virtuoso.query_url, update=virtuoso.update_url,
                         gsp=virtuoso.store_url, graph="urn:x:large")
    done = publish(g, target, retry=Retry(timeout=300, attempts=1, backoff=0))
    assert done.triples == 25_000
    assert count_triples(virtuoso.query_url, URIRef("urn:x:large")) == 25_000


def test_rollup_with_reviews_matches_embedded(virtuoso, dba):
    """The reviewer columns (nested OPTIONALs, COALESCE in path order) on Virtuoso too."""
    from test_rollup_reviews import REVIEWED

    from plangraph import paths
    from plangraph.graph.load import load
    from plangraph.sparql.engines import execute

    ds = load([*paths.default_sources(), REVIEWED])
    res = run_cli(*publish_args(virtuoso, "--data", str(paths.DATA_DIR), "--data", str(REVIEWED)))
    assert res.exit_code == 0, res.stderr
    try:
        want = execute("rollup", graph=ds, engine="rdflib")
        assert any(r["reviewer_name"] is not None for r in want.rows)
        assert_same(want, execute("rollup", endpoint=virtuoso.query_url))
    finally:
        assert run_cli(*publish_args(virtuoso)).exit_code == 0  # the project's data again


def test_query_through_the_digest_endpoint(virtuoso, dba, monkeypatch):
    """``query --endpoint …/sparql-auth`` answers with Digest when PLANGRAPH_ENDPOINT_AUTH=digest,
    the same rows as the open endpoint; sent as Basic, Virtuoso refuses it in one line."""
    assert run_cli(*publish_args(virtuoso)).exit_code == 0
    open_answer = run_cli("query", "map-plans", "--endpoint", virtuoso.query_url, "-f", "csv")
    assert open_answer.exit_code == 0, open_answer.stderr
    assert len(open_answer.stdout.splitlines()) > 1  # the plans are there
    auth = run_cli("query", "map-plans", "--endpoint", virtuoso.update_url, "-f", "csv")
    assert auth.exit_code == 0, auth.stderr
    assert auth.stdout == open_answer.stdout
    monkeypatch.delenv("PLANGRAPH_ENDPOINT_AUTH")
    monkeypatch.setenv("PLANGRAPH_ENDPOINT_ATTEMPTS", "1")
    basic = run_cli("query", "map-plans", "--endpoint", virtuoso.update_url, "-f", "csv")
    assert basic.exit_code != 0
    assert "HTTP 401 Unauthorized" in basic.stderr
    assert "PLANGRAPH_ENDPOINT_AUTH=digest" in basic.stderr
    assert "Traceback" not in basic.stderr
    assert len(basic.stderr.strip().splitlines()) == 1
