"""``plangraph publish`` against a real Oxigraph server and against failing fakes."""

from __future__ import annotations

import base64
import http.server
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from library_cases import expectations, mismatches
from rdflib import Graph, Literal, URIRef
from servers import KillingProxy, OxigraphServer

from conftest import FakeHandler, closed_port, fake_server, run_cli
from plangraph.errors import PlangraphError
from plangraph.publish import upload as publish_module
from plangraph.publish.export import DATA_BASE
from plangraph.publish.upload import (
    TMP_GRAPH_PREFIX,
    Retry,
    Target,
    count_triples,
    gsp_url,
    make_target,
    public_url,
    publish,
)
from plangraph.sparql.engines import run

FAST = Retry(timeout=10, attempts=2, backoff=0.05)
DEFAULT_GRAPH = URIRef(DATA_BASE + "plangraph")


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch):
    monkeypatch.setenv("PLANGRAPH_ENDPOINT_BACKOFF", "0.05")
    monkeypatch.delenv("PLANGRAPH_ENDPOINT_USER", raising=False)
    monkeypatch.delenv("PLANGRAPH_ENDPOINT_PASSWORD", raising=False)


@pytest.fixture(scope="module", params=["disk", "memory"])
def oxigraph(tmp_path_factory, request) -> Iterator[OxigraphServer]:
    """Oxigraph's server on its RocksDB store, then on its in-memory store."""
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "db",
                            in_memory=request.param == "memory").start()
    yield server
    server.stop()


def target_of(server: OxigraphServer, graph: str | None = None) -> Target:
    return make_target(
        server.query_url, update=server.update_url, gsp=server.store_url, graph=graph
    )


def synthetic(n: int, tag: str = "s") -> Graph:
    g = Graph()
    for i in range(n):
        g.add((URIRef(f"urn:x:{tag}{i}"), URIRef("urn:x:p"), Literal(f"value {i} ค่า")))
    return g


def graphs_on(server: OxigraphServer) -> set[str]:
    res = run("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", endpoint=server.query_url)
    return {str(r["g"]) for r in res.rows}


def test_publish_then_every_library_query_matches(oxigraph):
    ds, cases = expectations()
    done = publish(ds, target_of(oxigraph), retry=FAST)
    assert done.graph == DEFAULT_GRAPH
    assert done.triples == len(set(ds.triples((None, None, None))))
    assert count_triples(oxigraph.query_url, DEFAULT_GRAPH) == done.triples
    assert not any(g.startswith(TMP_GRAPH_PREFIX) for g in graphs_on(oxigraph))
    assert cases
    assert mismatches(oxigraph.query_url) == []


def test_republish_replaces_only_the_target(oxigraph):
    other = "urn:test:other"
    publish(synthetic(10, "o"), target_of(oxigraph, other), retry=FAST)
    publish(synthetic(25), target_of(oxigraph, "urn:test:mine"), retry=FAST)
    publish(synthetic(7), target_of(oxigraph, "urn:test:mine"), retry=FAST)
    assert count_triples(oxigraph.query_url, URIRef("urn:test:mine")) == 7
    assert count_triples(oxigraph.query_url, URIRef(other)) == 10


def test_failed_upload_check_keeps_the_old_version(oxigraph, monkeypatch):
    graph = "urn:test:checked"
    publish(synthetic(5), target_of(oxigraph, graph), retry=FAST)
    real = publish_module.count_triples

    def short_count(endpoint: str, g: URIRef, retry: Retry | None = None) -> int:
        n = real(endpoint, g, retry)
        return n - 1 if str(g).startswith(TMP_GRAPH_PREFIX) else n

    monkeypatch.setattr(publish_module, "count_triples", short_count)
    with pytest.raises(PlangraphError, match="upload check failed") as err:
        publish(synthetic(50), target_of(oxigraph, graph), retry=FAST)
    assert "unchanged" in str(err.value)
    assert real(oxigraph.query_url, URIRef(graph)) == 5
    assert not any(g.startswith(TMP_GRAPH_PREFIX) for g in graphs_on(oxigraph))


def test_cli_publish_and_query(oxigraph):
    res = run_cli(
        "publish",
        "--endpoint",
        oxigraph.query_url,
        "--update",
        oxigraph.update_url,
        "--gsp",
        oxigraph.store_url,
    )
    assert res.exit_code == 0, res.stderr
    assert res.stderr.startswith("plangraph: published ") and str(DEFAULT_GRAPH) in res.stderr
    q = run_cli("query", "map-plans", "--endpoint", oxigraph.query_url, "-f", "csv")
    assert q.exit_code == 0, q.stderr
    assert len(q.stdout.splitlines()) == 6  # header and five plans


def test_server_killed_mid_upload_leaves_the_previous_version(tmp_path: Path):
    server = OxigraphServer(tmp_path / "db").start()
    try:
        ds, _ = expectations()
        before = publish(ds, target_of(server), retry=FAST).triples
        proxy = KillingProxy(server.port, threshold=256 * 1024, on_trigger=server.kill)
        try:
            through_proxy = make_target(
                proxy.url("/query"), update=proxy.url("/update"), gsp=proxy.url("/store")
            )
            big = synthetic(40_000)  # a few MB of N-Triples
            with pytest.raises(PlangraphError) as err:
                publish(big, through_proxy, retry=Retry(timeout=5, attempts=2, backoff=0.1))
            assert proxy.triggered.is_set()
            assert "\n" not in str(err.value) and "graph store" in str(err.value)
        finally:
            proxy.close()
        assert server.process is not None and server.process.poll() is not None  # it was killed
        server.start()  # same storage, same port
        assert count_triples(server.query_url, DEFAULT_GRAPH, FAST) == before
        assert mismatches(server.query_url) == []
    finally:
        server.stop()


def test_closed_port_is_quick_one_line_no_traceback():
    url = f"http://127.0.0.1:{closed_port()}"
    res = run_cli("publish", "--endpoint", url + "/query", "--gsp", url + "/store")
    assert res.exit_code == 2
    assert res.stderr.startswith(f"plangraph: graph store {url}/store: cannot connect")
    assert "gave up after 3 attempts" in res.stderr
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["--endpoint", "localhost:7878/query"], "is not an absolute http(s) URL"),
        (["--endpoint", "http://127.0.0.1:1/q", "--graph", "no iri"], "is not an absolute IRI"),
        (["--endpoint", "http://127.0.0.1:1/q", "--graph", "urn:a>b"], "is not an absolute IRI"),
        (["--endpoint", "http://127.0.0.1:1/q", "--base", "nope"], "--base"),
    ],
)
def test_bad_arguments_fail_before_any_request(args, problem):
    res = run_cli("publish", *args)
    assert res.exit_code == 2 and problem in res.stderr and res.stderr.count("\n") == 1


def test_gsp_url_and_public_url():
    g = URIRef("urn:plangraph:publish:1")
    assert gsp_url("http://h/store", g) == "http://h/store?graph=urn%3Aplangraph%3Apublish%3A1"
    assert gsp_url("http://h/crud?x=1", g).endswith("?x=1&graph=urn%3Aplangraph%3Apublish%3A1")
    assert gsp_url("http://h/crud?graph-uri={graph}", g) == (
        "http://h/crud?graph-uri=urn%3Aplangraph%3Apublish%3A1"
    )
    assert public_url("http://me:secret@h:8890/sparql") == "http://h:8890/sparql"


# --------------------------------------------------------------------------- failing fakes


class _Fake(FakeHandler):
    """Answers with ``server.reply`` (status, delay) and records the requests."""

    def _answer(self) -> None:
        server = self.server
        server.seen.append((self.command, self.headers.get("Authorization")))  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        status, delay = server.reply  # type: ignore[attr-defined]
        time.sleep(delay)
        self.send_response(status)
        if status == 401:
            self.send_header("WWW-Authenticate", 'Basic realm="test"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PUT = do_POST = do_GET = _answer  # noqa: N815


@pytest.fixture
def fake() -> Iterator[Any]:
    with fake_server(_Fake, seen=[], reply=(201, 0)) as server:
        yield server


def _publish_to(fake: http.server.HTTPServer, retry: Retry = FAST) -> PlangraphError:
    url = f"http://127.0.0.1:{fake.server_address[1]}/ds"
    with pytest.raises(PlangraphError) as err:
        publish(synthetic(3), make_target(url), retry=retry)
    assert "\n" not in str(err.value)
    return err.value


def test_server_errors_are_retried_then_reported(fake):
    fake.reply = (503, 0)
    err = _publish_to(fake, Retry(timeout=5, attempts=3, backoff=0.01))
    assert "HTTP 503" in str(err) and "gave up after 3 attempts" in str(err)
    # an error answer means the data did not arrive: no state check, then the DROP, retried
    assert [m for m, _ in fake.seen] == ["PUT"] * 3 + ["POST"] * 3
    assert "still holds the temporary graph urn:plangraph:publish:" in str(err)


def test_slow_server_times_out_after_the_attempts_allowed(fake):
    fake.reply = (201, 3)
    err = _publish_to(fake, Retry(timeout=1, attempts=2, backoff=0.01))
    assert "timed out" in str(err) and "gave up after 2 attempts" in str(err)
    assert [m for m, _ in fake.seen].count("PUT") == 2


def test_credentials_needed(fake):
    fake.reply = (401, 0)
    err = _publish_to(fake)
    assert "needs credentials" in str(err) and "PLANGRAPH_ENDPOINT_USER" in str(err)
    assert [m for m, _ in fake.seen].count("PUT") == 1  # no pointless retries


def test_credentials_sent_and_never_printed(fake, monkeypatch):
    monkeypatch.setenv("PLANGRAPH_ENDPOINT_USER", "editor")
    monkeypatch.setenv("PLANGRAPH_ENDPOINT_PASSWORD", "s3cret-ค่า")
    fake.reply = (401, 0)
    err = _publish_to(fake)
    assert "credentials refused" in str(err) and "s3cret" not in str(err)
    expected = "Basic " + base64.b64encode("editor:s3cret-ค่า".encode()).decode()
    assert ("PUT", expected) in fake.seen
    res = run_cli(
        "publish", "--endpoint", f"http://127.0.0.1:{fake.server_address[1]}/ds", "--data",
        str(Path(__file__).parent / "fixtures" / "infra" / "plans.ttl"),
    )  # fmt: skip
    assert res.exit_code == 2 and "s3cret" not in res.stderr + res.stdout
