"""``plangraph serve`` under attack: network, limits, protocol and browser safety (issue 16,
findings 1 and 3-6)."""

from __future__ import annotations

import http.client
import json
import os
import socket
import threading
import urllib.parse
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from library_cases import expectations
from network_wall import listening, spellings
from test_serve import COUNT, SLOW, request

from conftest import run_cli
from plangraph.errors import PlangraphError
from plangraph.serve import SparqlServer, make_server, serve_in_thread
from plangraph.serve import http as serve_http
from plangraph.sparql.lexer import MAX_DEPTH


def start(**options: object) -> SparqlServer:
    ds, _ = expectations()
    srv = make_server(ds, port=0, **{"timeout": 20, "workers": 2, **options})  # type: ignore[arg-type]
    serve_in_thread(srv)
    return srv


def stop(srv: SparqlServer) -> None:
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def server() -> Iterator[SparqlServer]:
    """Workers started with the network namespace off: the checks must hold alone."""
    old = os.environ.get("PLANGRAPH_NETNS")
    os.environ["PLANGRAPH_NETNS"] = "0"
    try:
        srv = start(cors="https://app.example")
    finally:
        if old is None:
            del os.environ["PLANGRAPH_NETNS"]
        else:
            os.environ["PLANGRAPH_NETNS"] = old
    yield srv
    stop(srv)


def raw(srv: SparqlServer, head: str, body: bytes = b"") -> tuple[int, bytes]:
    """Send a hand-written request; (status, whole reply)."""
    with socket.create_connection(srv.server_address[:2], timeout=30) as sock:
        sock.sendall(head.replace("\n", "\r\n").encode() + b"\r\n" + body)
        chunks = []
        while data := sock.recv(65536):  # every case here ends with the server closing
            chunks.append(data)
    reply = b"".join(chunks)
    return int(reply.split(b" ", 2)[1]), reply


@pytest.mark.parametrize("name", list(spellings("http://127.0.0.1:1/sparql")))
def test_get_and_post_send_nothing(server, name):
    with listening() as listener:
        text = spellings(listener.url)[name]
        form = urllib.parse.urlencode({"query": text}).encode()
        for status, _, body in (
            request(server.url, text),
            request(server.url, method="POST", body=text.encode(),
                    ctype="application/sparql-query"),
            request(server.url, method="POST", body=form,
                    ctype="application/x-www-form-urlencoded"),
        ):
            assert status == (403 if name.startswith("load") else 400), body
            assert body.decode().count("\n") == 1 and b"refused" in body
        assert listener.hits == []


def test_server_process_never_parses(monkeypatch):
    """The check runs in the workers: break it here and queries still get their answers."""
    from plangraph.sparql import safety

    def boom(*_args: object, **_kw: object) -> None:
        raise AssertionError("parsed in the server process")

    monkeypatch.setattr(safety, "check_query", boom)
    monkeypatch.setattr(safety, "check_network", boom)
    srv = start(workers=1)
    try:
        status, _, body = request(srv.url, COUNT)
        assert status == 200 and json.loads(body)["results"]["bindings"]
        assert request(srv.url, "DROP ALL")[0] == 403
    finally:
        stop(srv)


@pytest.mark.parametrize("length", ["-1", "abc", "1e3", "+5", "99999999999999999999"])
def test_bad_content_length_is_400_or_413(server, length):
    host = f"127.0.0.1:{server.server_address[1]}"
    head = (f"POST /sparql HTTP/1.1\nHost: {host}\nContent-Type: application/sparql-query\n"
            f"Content-Length: {length}\n")
    status, reply = raw(server, head, COUNT.encode())
    assert status == (413 if length.isdigit() else 400)
    assert b"Traceback" not in reply


@pytest.mark.parametrize("host", ["evil.example", "evil.example:7070", "127.0.0.1:1", ""])
def test_foreign_host_header_is_refused(server, host):
    port = server.server_address[1]
    head = f"GET /sparql?query=ASK%7B%7D HTTP/1.1\nHost: {host}\n" if host else \
        "GET /sparql?query=ASK%7B%7D HTTP/1.0\n"
    status, reply = raw(server, head)
    assert status == 403 and f"http://127.0.0.1:{port}".encode() in reply


def test_local_names_are_accepted(server):
    port = server.server_address[1]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
        status, _ = raw(server, f"GET /sparql?query=ASK%7B%7D HTTP/1.1\nHost: {host}\n"
                                "Connection: close\n")
        assert status == 200


def _get(srv: SparqlServer, path: str, method: str = "GET",
         headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection(*srv.server_address[:2], timeout=30)
    conn.request(method, path, headers=headers or {})
    return conn.getresponse()


def test_cross_origin_requests_are_refused_unless_allowed(server):
    ask = "/sparql?query=ASK%7B%7D"
    assert _get(server, ask, headers={"Origin": "https://evil.example"}).status == 403
    reply = _get(server, ask, headers={"Origin": "https://app.example"})
    assert reply.status == 200
    assert reply.getheader("Access-Control-Allow-Origin") == "https://app.example"
    own = f"http://127.0.0.1:{server.server_address[1]}"
    reply = _get(server, ask, headers={"Origin": own})
    assert reply.status == 200 and reply.getheader("Access-Control-Allow-Origin") is None
    post = urllib.parse.urlencode({"query": COUNT}).encode()
    conn = http.client.HTTPConnection(*server.server_address[:2], timeout=30)
    conn.request("POST", "/sparql", body=post, headers={
        "Origin": "https://evil.example", "Content-Type": "application/x-www-form-urlencoded"})
    assert conn.getresponse().status == 403


def test_cors_must_be_an_origin():
    with pytest.raises(PlangraphError, match="--cors wants an origin"):
        start(cors="https://app.example/path")


def test_head_and_options(server):
    reply = _get(server, "/sparql?query=ASK%7B%7D", method="HEAD")
    assert reply.status == 200 and reply.read() == b""
    reply = _get(server, "/", method="HEAD")
    assert reply.status == 200 and reply.read() == b""
    reply = _get(server, "/sparql", method="OPTIONS", headers={"Origin": "https://app.example"})
    assert reply.status == 204 and "POST" in reply.getheader("Allow")
    assert "POST" in reply.getheader("Access-Control-Allow-Methods")
    conn = http.client.HTTPConnection(*server.server_address[:2], timeout=30)
    conn.request("HEAD", "/")
    assert conn.getresponse().read() == b""
    conn.request("GET", "/")  # the same connection: a body again
    assert b"<html" in conn.getresponse().read()


def test_two_query_parameters_are_400(server):
    path = "/sparql?" + urllib.parse.urlencode([("query", "ASK {}"), ("query", COUNT)])
    assert _get(server, path).status == 400
    status, _, _ = request(server.url + "?query=ASK%7B%7D", method="POST", body=COUNT.encode(),
                           ctype="application/sparql-query")
    assert status == 400


def test_dataset_parameters_are_honoured(server):
    ds, _ = expectations()
    quads = ox.parse(ds.serialize(format="nquads").encode(), format=ox.RdfFormat.N_QUADS)
    graphs = sorted({q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)})
    one = graphs[0]

    def count(params: dict[str, str]) -> int:
        status, _, body = request(server.url, COUNT, params=params)
        assert status == 200, body
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])

    everything = count({})
    only = count({"default-graph-uri": one})
    assert 0 < only < everything
    assert count({"default-graph-uri": "urn:plangraph:none"}) == 0
    status, _, body = request(server.url, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                              params={"named-graph-uri": one})
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == str(only)
    status, _, body = request(server.url, COUNT, params={"default-graph-uri": "not an iri"})
    assert status == 400 and body.count(b"\n") == 1
    assert count({}) == everything  # the same worker still answers


def test_construct_as_json_ld_and_rdf_xml(server):
    construct = "CONSTRUCT WHERE { ?s a ?c } LIMIT 5"
    status, ctype, body = request(server.url, construct, accept="application/ld+json")
    assert status == 200 and ctype.startswith("application/ld+json")
    assert len(list(ox.parse(body, format=ox.RdfFormat.JSON_LD))) == 5
    status, ctype, body = request(server.url, construct, accept="application/rdf+xml")
    assert status == 200 and ctype.startswith("application/rdf+xml")
    assert len(list(ox.parse(body, format=ox.RdfFormat.RDF_XML))) == 5


def test_large_results_are_streamed(server):
    big = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 200000"
    reply = _get(server, "/sparql?" + urllib.parse.urlencode({"query": big, "format": "csv"}))
    assert reply.status == 200
    assert reply.getheader("Transfer-Encoding") == "chunked"
    assert reply.getheader("Content-Length") is None
    assert len(reply.read().splitlines()) == 200001


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5000])
def test_deep_nesting_is_400(server, depth):
    text = "SELECT * WHERE { FILTER(" + "(" * depth + "1" + ")" * depth + ") }"
    status, _, body = request(server.url, method="POST", body=text.encode(),
                              ctype="application/sparql-query")
    assert status == 400 and b"nesting deeper" in body and body.count(b"\n") == 1


def test_slow_queries_leave_a_worker_for_others():
    srv = start(workers=3, timeout=8)
    finished: list[str] = []

    def slow() -> None:
        request(srv.url, SLOW)
        finished.append("slow")

    try:
        threads = [threading.Thread(target=slow) for _ in range(2)]
        for t in threads:
            t.start()
        status, _, _ = request(srv.url, COUNT)
        finished.append("quick")
        for t in threads:
            t.join()
        assert status == 200
        assert finished[0] == "quick"
    finally:
        stop(srv)


def test_idle_connections_are_closed(monkeypatch):
    monkeypatch.setattr(serve_http.SparqlHandler, "timeout", 0.5)
    srv = start(workers=1)
    try:
        with socket.create_connection(srv.server_address[:2], timeout=30) as sock:
            sock.sendall(b"POST /sparql HTTP/1.1\r\n")  # and then nothing
            assert sock.recv(100) == b""  # closed by the server, not by our 30 s
        assert srv.request_queue_size >= 128
    finally:
        stop(srv)


def test_cli_serve_refuses_a_bad_cors_before_starting():
    res = run_cli("serve", "--port", "0", "--cors", "not an origin")
    assert res.exit_code == 2 and res.stderr.startswith("plangraph: --cors wants an origin")


@pytest.mark.skipif(not os.path.exists("/proc/self/ns/net"), reason="needs Linux namespaces")
def test_workers_have_left_the_network():
    """The second wall: each worker lives in a network namespace of its own (when possible)."""
    from plangraph.runtime.deadline import run_with_deadline
    from plangraph.runtime.sandbox import deny_network

    if not run_with_deadline(deny_network, 30, "probe"):
        pytest.skip("this machine allows no network namespace")
    srv = start(workers=2)
    try:
        mine = os.readlink("/proc/self/ns/net")
        pids = [w.process.pid for w in list(srv.state.pool.idle.queue)]
        assert len(pids) == 2
        assert all(os.readlink(f"/proc/{pid}/ns/net") != mine for pid in pids)
    finally:
        stop(srv)


def test_an_engine_crash_costs_one_worker_not_the_server(server):
    """20,000 ``||`` overflow pyoxigraph's stack (a segfault): the worker dies, not the server."""
    chain = "SELECT * WHERE { ?s ?p ?o FILTER(" + " || ".join(
        f"?o = {i}" for i in range(20000)) + ") }"
    status, _, body = request(server.url, method="POST", body=chain.encode(),
                              ctype="application/sparql-query")
    assert status == 400 and b"stopped unexpectedly" in body
    assert request(server.url, COUNT)[0] == 200
