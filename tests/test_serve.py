"""``plangraph serve``: SPARQL 1.1 Protocol, content negotiation, refusals, time limit, page."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from library_cases import expectations, mismatches

from conftest import closed_port, run_cli
from plangraph.serve import SparqlServer, make_server, negotiate, serve_in_thread
from plangraph.sparql.library import list_queries

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def server() -> Iterator[SparqlServer]:
    ds, _ = expectations()
    srv = make_server(ds, port=0, timeout=20)
    serve_in_thread(srv)
    yield srv
    srv.shutdown()
    srv.server_close()


def request(
    url: str,
    query: str | None = None,
    *,
    accept: str | None = None,
    method: str = "GET",
    body: bytes | None = None,
    ctype: str | None = None,
    params: dict[str, str] | None = None,
) -> tuple[int, str, bytes]:
    """One HTTP exchange: (status, content type, body); errors are returned, not raised."""
    query_params = dict(params or {})
    if query is not None and method == "GET":
        query_params["query"] = query
    if query_params:
        url += "?" + urllib.parse.urlencode(query_params)
    req = urllib.request.Request(url, data=body, method=method)
    if accept:
        req.add_header("Accept", accept)
    if ctype:
        req.add_header("Content-Type", ctype)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


def test_binds_loopback_only(server):
    assert server.server_address[0] == "127.0.0.1"
    assert server.url.startswith("http://127.0.0.1:")


def test_every_library_query_matches_the_embedded_run(server):
    _, cases = expectations()
    assert cases, "no library queries found"
    assert mismatches(server.url) == []


@pytest.mark.parametrize(
    ("accept", "ctype"),
    [
        (None, "application/sparql-results+json"),
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.5, text/tab-separated-values;q=0.9", "text/tab-separated-values"),
        ("text/*", "text/csv"),
        ("application/json", "application/sparql-results+json"),
    ],
)
def test_select_content_negotiation(server, accept, ctype):
    status, got, body = request(server.url, COUNT, accept=accept)
    assert status == 200
    assert got.split(";")[0] == ctype
    n = len(expectations()[0])
    if ctype.endswith("json"):
        assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == str(n)
    elif ctype.endswith("xml"):
        assert f">{n}</literal>".encode() in body
    else:
        rows = list(
            csv.reader(io.StringIO(body.decode()), delimiter="," if "csv" in ctype else "\t")
        )
        assert rows[0][0] in ("n", "?n") and rows[1][0].split("^^")[0].strip('"') == str(n)


def test_ask_and_graph_results(server):
    status, ctype, body = request(server.url, "ASK { ?s ?p ?o }")
    assert status == 200 and json.loads(body)["boolean"] is True
    construct = (
        "PREFIX pg: <https://w3id.org/plangraph/def/plangraph#> "
        "CONSTRUCT { ?i a pg:Indicator } WHERE { ?i a pg:Indicator }"
    )
    for accept, fmt in (("text/turtle", ox.RdfFormat.TURTLE), (None, ox.RdfFormat.TURTLE)):
        status, ctype, body = request(server.url, construct, accept=accept)
        assert status == 200 and ctype.startswith("text/turtle")
        assert len(list(ox.parse(body, format=fmt))) > 20
    status, ctype, body = request(server.url, construct, accept="application/n-triples")
    assert ctype.startswith("application/n-triples")
    assert len(body.splitlines()) == len(list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES)))
    status, _, body = request(server.url, construct, accept="application/sparql-results+json")
    assert status == 406


def test_format_parameter_and_not_acceptable(server):
    status, ctype, _ = request(server.url, COUNT, params={"format": "tsv"})
    assert status == 200 and ctype.startswith("text/tab-separated-values")
    status, _, body = request(server.url, COUNT, accept="image/png")
    assert status == 406 and b"offered" in body


def test_post_form_and_direct(server):
    form = urllib.parse.urlencode({"query": COUNT}).encode()
    status, _, body = request(
        server.url, method="POST", body=form, ctype="application/x-www-form-urlencoded"
    )
    assert status == 200 and json.loads(body)["results"]["bindings"]
    status, _, body = request(
        server.url, method="POST", body=COUNT.encode(), ctype="application/sparql-query"
    )
    assert status == 200 and json.loads(body)["results"]["bindings"]
    status, _, _ = request(server.url, method="POST", body=b"x", ctype="text/plain")
    assert status == 415


@pytest.mark.parametrize(
    ("method", "query", "body", "ctype", "status"),
    [
        ("POST", None, b"DROP ALL", "application/sparql-update", 403),
        ("POST", None, b"update=CLEAR+ALL", "application/x-www-form-urlencoded", 403),
        ("GET", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", None, None, 403),
        ("GET", "LOAD <http://example.org/data.ttl>", None, None, 403),
        (
            "GET",
            "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
            None,
            None,
            400,
        ),
        ("GET", "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", None, None, 400),
        ("PUT", None, b"<urn:a> <urn:b> <urn:c> .", "application/n-triples", 405),
        ("DELETE", None, None, None, 405),
        ("GET", "SELECT WHERE {", None, None, 400),
    ],
)
def test_refusals_leave_the_data_alone(server, method, query, body, ctype, status):
    got, _, message = request(server.url, query, method=method, body=body, ctype=ctype)
    assert got == status
    assert message.decode().count("\n") == 1  # one-line reason
    _, _, after = request(server.url, COUNT)
    assert json.loads(after)["results"]["bindings"][0]["n"]["value"] == str(len(expectations()[0]))


def test_update_via_get_parameter_is_refused(server):
    status, _, body = request(server.url, params={"update": "DROP ALL"})
    assert status == 403 and b"read-only" in body


def test_time_limit_stops_a_runaway_query():
    ds, _ = expectations()
    srv = make_server(ds, port=0, timeout=1, workers=1)
    serve_in_thread(srv)
    try:
        status, _, body = request(srv.url, SLOW)
        assert status == 503 and b"time limit" in body
        status, _, body = request(srv.url, COUNT)  # the replacement worker answers
        assert status == 200
    finally:
        srv.shutdown()
        srv.server_close()


def test_html_page_lists_the_library(server):
    status, ctype, body = request(server.url.replace("/sparql", "/"))
    page = body.decode()
    assert status == 200 and ctype.startswith("text/html")
    for info in list_queries():
        assert f"<code>{info.name}</code>" in page
    assert 'action="/sparql"' in page and "<textarea" in page
    assert "src=" not in page and "<script" not in page  # no external resources
    name = list_queries()[0].name
    _, _, body = request(server.url.replace("/sparql", "/"), params={"q": name})
    assert "PREFIX" in body.decode()  # the query text pre-filled (escaped)
    assert request(server.url.replace("/sparql", "/nope"))[0] == 404


def test_negotiate_prefers_quality_then_server_order():
    offered = (("application/sparql-results+json", "JSON"), ("text/csv", "CSV"))
    assert negotiate("text/csv;q=0.9, */*;q=0.1", offered) == ("text/csv", "CSV")
    assert negotiate("*/*", offered) == ("application/sparql-results+json", "JSON")
    assert negotiate("text/html", offered) is None
    assert negotiate("text/csv;q=0", offered) is None


def test_cli_serve_answers_library_queries(tmp_path: Path):
    port = closed_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "plangraph.cli", "serve", "--port", str(port), "--timeout", "20"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    try:
        first = proc.stderr.readline() if proc.stderr else ""
        url = f"http://127.0.0.1:{port}/sparql"
        assert f"serving {url}" in first
        res = run_cli("query", "map-plans", "--endpoint", url, "--format", "json")
        assert res.exit_code == 0, res.stderr
        assert len(json.loads(res.stdout)["results"]["bindings"]) == 5
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(15)
    assert proc.returncode == 0


def test_cli_serve_port_in_use_is_one_line():
    ds, _ = expectations()
    srv = make_server(ds, port=0, timeout=5, workers=1)
    try:
        res = run_cli("serve", "--port", str(srv.server_address[1]))
        assert res.exit_code == 2
        assert res.stderr.startswith("plangraph: serve: cannot listen on 127.0.0.1:")
        assert res.stderr.count("\n") == 1
    finally:
        srv.server_close()


def test_browser_accept_gets_json_or_turtle(server):
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert request(server.url, COUNT, accept=browser)[1].startswith(
        "application/sparql-results+json"
    )
    construct = "CONSTRUCT WHERE { ?s a ?o } LIMIT 1"
    assert request(server.url, construct, accept=browser, params={"format": ""})[1].startswith(
        "text/turtle"
    )


def test_a_client_that_resets_its_connection_leaves_no_traceback(server, capfd):
    """A reset mid-request (RST, not a clean close) is the client's business: the endpoint
    prints nothing and keeps answering."""
    for _ in range(3):
        sock = socket.create_connection(server.server_address)
        sock.sendall(b"GET /sparql?query=ASK")  # no end of line: the handler is reading
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()  # linger 0: the peer sees ECONNRESET
    status, _ctype, _body = request(server.url, "ASK {}")
    assert status == 200
    err = capfd.readouterr().err
    assert "Traceback" not in err and "ConnectionResetError" not in err
