"""``publish`` when answers are lost: a MOVE that went through but whose reply never came, a
PUT that arrived although the client timed out, and a cleanup that cannot reach the server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rdflib import Graph, Literal, URIRef
from servers import OxigraphServer

from plangraph.errors import PlangraphError
from plangraph.publish import upload
from plangraph.publish.export import DATA_BASE
from plangraph.publish.upload import Retry, count_triples, make_target, publish
from plangraph.sparql.engines import run

FAST = Retry(timeout=10, attempts=3, backoff=0.01)
TARGET = URIRef(DATA_BASE + "plangraph")


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[OxigraphServer]:
    srv = OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "db").start()
    yield srv
    srv.stop()


def graph(n: int, tag: str) -> Graph:
    g = Graph()
    for i in range(n):
        g.add((URIRef(f"urn:x:{tag}{i}"), URIRef("urn:x:p"), Literal(f"ค่า {i}")))
    return g


def target(srv: OxigraphServer):
    return make_target(srv.query_url, update=srv.update_url, gsp=srv.store_url)


def graphs_on(srv: OxigraphServer) -> set[str]:
    res = run("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", endpoint=srv.query_url)
    return {str(r["g"]) for r in res.rows}


def test_a_move_whose_reply_is_lost_still_publishes(server, monkeypatch):
    real = upload.sparql_update
    sent: list[str] = []

    def reply_lost(endpoint: str, update: str, retry: Retry) -> None:
        sent.append(update.split()[0])
        real(endpoint, update, retry)
        if update.startswith("MOVE"):  # done on the server, but the client never hears so
            raise PlangraphError("update endpoint: connection lost (gave up after 3 attempts)")

    monkeypatch.setattr(upload, "sparql_update", reply_lost)
    published = publish(graph(7, "move"), target(server), retry=FAST)
    assert published.triples == 7 and sent == ["MOVE"]
    assert count_triples(server.query_url, TARGET, FAST) == 7
    assert graphs_on(server) == {str(TARGET)}


def test_a_put_that_arrived_is_not_sent_again(server, monkeypatch):
    real = upload.put
    calls: list[str] = []

    def answer_lost(opener, url, data, timeout) -> None:
        calls.append(url)
        real(opener, url, data, timeout)
        raise TimeoutError("timed out")  # the server stored it; the answer came too late

    monkeypatch.setattr(upload, "put", answer_lost)
    assert publish(graph(5, "put"), target(server), retry=FAST).triples == 5
    assert len(calls) == 1
    assert graphs_on(server) == {str(TARGET)}


def test_a_put_lost_on_the_way_is_sent_again(server, monkeypatch):
    real = upload.put
    calls: list[str] = []

    def first_lost(opener, url, data, timeout) -> None:
        calls.append(url)
        if len(calls) == 1:
            raise ConnectionResetError("reset")
        real(opener, url, data, timeout)

    monkeypatch.setattr(upload, "put", first_lost)
    assert publish(graph(4, "again"), target(server), retry=FAST).triples == 4
    assert len(calls) == 2
    assert graphs_on(server) == {str(TARGET)}


def test_a_failed_publish_drops_its_temporary_graph(server, monkeypatch):
    before = count_triples(server.query_url, TARGET, FAST)

    def short(endpoint: str, g: URIRef, retry: Retry | None = None) -> int:
        return 0 if str(g).startswith(upload.TMP_GRAPH_PREFIX) else before

    monkeypatch.setattr(upload, "count_triples", short)
    with pytest.raises(PlangraphError, match="upload check failed"):
        publish(graph(6, "drop"), target(server), retry=FAST)
    assert graphs_on(server) == {str(TARGET)}


def test_a_leftover_it_cannot_remove_is_named_with_the_command(server, monkeypatch):
    real = upload.sparql_update
    drops: list[str] = []

    def unreachable_after_put(endpoint: str, update: str, retry: Retry) -> None:
        if update.startswith("DROP"):
            drops.append(update)
            raise PlangraphError("update endpoint: cannot connect (gave up after 3 attempts)")
        raise PlangraphError("update endpoint: HTTP 400 bad request")

    monkeypatch.setattr(upload, "sparql_update", unreachable_after_put)
    leftover = None
    try:
        with pytest.raises(PlangraphError) as err:
            publish(graph(3, "left"), target(server), retry=FAST)
        leftover = next(g for g in graphs_on(server) if g.startswith(upload.TMP_GRAPH_PREFIX))
        message = str(err.value)
        assert "\n" not in message and message.startswith("update endpoint: HTTP 400")
        assert f"still holds the temporary graph {leftover}" in message
        command = message.split("remove the temporary graph with: ", 1)[1]
        assert command == (f"curl --data-urlencode 'update={drops[0]}' {server.update_url}")
        assert len(drops) == 1
    finally:
        if leftover is not None:
            real(server.update_url, f"DROP SILENT GRAPH <{leftover}>", FAST)
    assert graphs_on(server) == {str(TARGET)}
