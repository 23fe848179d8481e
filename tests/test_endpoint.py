"""Remote endpoints: bounded retries, one-line errors, results as rdflib terms."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Literal, URIRef

from conftest import EX, INFRA, INFRA_SOURCES, FakeHandler, closed_port, fake_server, run_cli
from plangraph.errors import PlangraphError
from plangraph.sparql.engines import execute
from plangraph.sparql.library import resolve


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch):
    """Keep the retry backoff short so failing tests stay quick."""
    monkeypatch.setenv("PLANGRAPH_ENDPOINT_BACKOFF", "0.05")
    monkeypatch.setenv("PLANGRAPH_ENDPOINT_TIMEOUT", "5")


def test_unreachable_endpoint_fails_fast_with_one_line():
    url = f"http://127.0.0.1:{closed_port()}/sparql"
    with pytest.raises(PlangraphError) as err:
        execute(resolve("plans-by-level", INFRA), {}, endpoint=url)
    msg = str(err.value)
    assert msg.startswith(f"endpoint {url}: cannot connect")
    assert "gave up after 3 attempts" in msg and "\n" not in msg
    assert err.value.exit_code == 2


def test_unreachable_endpoint_via_cli():
    url = f"http://127.0.0.1:{closed_port()}/sparql"
    res = run_cli("query", INFRA / "plans-by-level.rq", "--endpoint", url)
    assert res.exit_code == 2
    assert res.stderr.startswith(f"plangraph: endpoint {url}: cannot connect")
    assert res.stderr.count("\n") == 1


class _Canned(FakeHandler):
    """Answers every POST with the status and body set on the server."""

    def do_POST(self) -> None:  # noqa: N802 (http.server naming)
        self.server.hits += 1  # type: ignore[attr-defined]
        self.reply(*self.server.reply)  # type: ignore[attr-defined]


@pytest.fixture
def canned() -> Iterator[Any]:
    with fake_server(_Canned, hits=0) as server:
        yield server


@pytest.mark.parametrize(
    ("status", "body", "hits", "problem"),
    [
        (500, b"oops", 3, "HTTP 500"),
        (503, b"busy", 3, "HTTP 503"),
        (400, b"bad query", 1, "QueryBadFormed"),
        (404, b"nothing", 1, "EndPointNotFound"),
        (200, b"{not json", 1, "bad JSON results"),
    ],
)
def test_http_errors(canned, status, body, hits, problem):
    canned.reply = (status, body)
    url = f"http://127.0.0.1:{canned.server_port}/sparql"
    with pytest.raises(PlangraphError, match=problem) as err:
        execute(resolve("plans-by-level", INFRA), {}, endpoint=url)
    assert canned.hits == hits
    assert str(err.value).startswith(f"endpoint {url}: ")


def test_json_results_become_rdflib_terms(canned):
    canned.reply = (
        200,
        (
            '{"head":{"vars":["plan","label","level","lang"]},"results":{"bindings":[{'
            f'"plan":{{"type":"uri","value":"{EX}lampang"}},'
            '"label":{"type":"literal","value":"ลำปาง","xml:lang":"th"},'
            '"level":{"type":"literal","value":"3",'
            '"datatype":"http://www.w3.org/2001/XMLSchema#integer"}}]}}'
        ).encode(),
    )
    url = f"http://127.0.0.1:{canned.server_port}/sparql"
    res = execute(resolve("plans-by-level", INFRA), {}, endpoint=url)
    assert res.vars == ["plan", "label", "level", "lang"]
    assert res.rows == [
        {
            "plan": URIRef(EX + "lampang"),
            "label": Literal("ลำปาง", lang="th"),
            "level": Literal(3),
            "lang": None,
        }
    ]


def _oxigraph_server_binary() -> str | None:
    local = Path(sys.executable).parent / "oxigraph"
    return str(local) if local.exists() else shutil.which("oxigraph")


@pytest.fixture
def oxigraph_server(tmp_path) -> Iterator[str]:
    """An Oxigraph SPARQL server on a loopback port, loaded with the infra fixtures."""
    binary = _oxigraph_server_binary()
    if binary is None:
        pytest.skip("oxigraph server (PyPI package 'oxigraph') not installed")
    db = tmp_path / "db"
    for source in INFRA_SOURCES:
        subprocess.run(
            [binary, "load", "--location", str(db), "--file", str(source)],
            check=True,
            capture_output=True,
            timeout=60,
        )
    port = closed_port()
    proc = subprocess.Popen(
        [binary, "serve-read-only", "--location", str(db), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        import socket

        for _ in range(100):  # up to ~10 s to start
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        else:
            pytest.fail("oxigraph server did not start")
        yield f"http://127.0.0.1:{port}/query"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_endpoint_agrees_with_local_engines(oxigraph_server, infra_ds):
    for query, raw in [
        ("plans-by-level", {"level": "2"}),
        ("indicators-of", {"plan": "ex:lampang"}),
        ("label-search", {"label": "พื้นที่ป่าไม้"}),
        ("label-search", {"label": 'x" } ; DROP ALL ; {'}),
    ]:
        info = resolve(query, INFRA)
        local = execute(info, raw, graph=infra_ds)
        remote = execute(info, raw, endpoint=oxigraph_server)
        assert remote.vars == local.vars
        assert remote.as_tuples() == local.as_tuples()
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    from plangraph.sparql.engines import run

    assert run(count, endpoint=oxigraph_server).rows[0]["n"].toPython() == len(infra_ds)
