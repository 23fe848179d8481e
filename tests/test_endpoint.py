"""Remote endpoints: bounded retries, one-line errors, results as rdflib terms."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from conftest import (
    EX,
    INFRA,
    INFRA_SOURCES,
    FakeHandler,
    StoreEndpoint,
    closed_port,
    fake_server,
    run_cli,
)
from plangraph.errors import PlangraphError
from plangraph.graph.load import load_store
from plangraph.sparql.engines import execute
from plangraph.sparql.library import resolve
from plangraph.validate import validation_sources


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


# --------------------------------------------------------------------------- named elements


class _Recording(StoreEndpoint):
    """Answers over the store and keeps each text asked (``server.asked``); ASKs refused with
    HTTP 400 when ``server.refuse_ask``."""

    def answer(self, text: str) -> tuple[int, bytes]:
        server: Any = self.server
        server.asked.append(text)
        if server.refuse_ask and _is_ask(text):
            return 400, b"no ASK here"
        return super().answer(text)


def _is_ask(text: str) -> bool:
    return text.lstrip().startswith("ASK")


@pytest.fixture(scope="module")
def project_store() -> ox.Store:
    return load_store(validation_sources())


@pytest.fixture
def recording(project_store) -> Iterator[Any]:
    with fake_server(_Recording, store=project_store, asked=[], refuse_ask=False) as server:
        server.url = f"http://127.0.0.1:{server.server_port}/sparql"
        yield server


def test_an_answer_with_rows_is_one_request(recording, project_store):
    """trace's rows show the element is there (its ``?element skos:inScheme ?scheme``): the
    endpoint is asked once, and answers as embedded."""
    element = {"element": "lampang/issue/2/indicator/3"}
    remote = execute("trace", element, endpoint=recording.url)
    assert len(recording.asked) == 1 and not _is_ask(recording.asked[0])
    local = execute("trace", element, store=project_store)
    assert remote.rows and remote.as_tuples() == local.as_tuples()


@pytest.mark.parametrize("query, raw, says", [
    ("trace", {"element": "lampang/issue/9"}, "no element lampang/issue/9"),
    ("trace", {"element": "https://example.org/x"}, "no element <https://example.org/x>"),
    ("indicators", {"plan": "lampan"}, "no plan 'lampan'"),
])
def test_a_name_the_endpoint_lacks_is_a_one_line_error(recording, query, raw, says):
    """No rows: the existence ASK then tells a wrong name from an empty answer."""
    with pytest.raises(PlangraphError) as err:
        execute(query, raw, endpoint=recording.url)
    assert says in str(err.value) and "in the data" in str(err.value)
    assert err.value.exit_code == 2 and "\n" not in str(err.value)
    assert [_is_ask(t) for t in recording.asked] == [False, True]


def test_the_existence_check_s_failure_is_the_error(recording):
    """No rows and the endpoint refuses the ASK: the user gets the refusal, not an empty table
    that was never told apart from a wrong name."""
    recording.refuse_ask = True
    with pytest.raises(PlangraphError, match="QueryBadFormed"):
        execute("trace", {"element": "lampang/issue/9"}, endpoint=recording.url)


def test_a_query_whose_rows_do_not_show_the_name_asks_first(recording, tmp_path):
    """The parameter only in an OPTIONAL: rows come whether or not it names anything, so the
    ASK goes first, as always, and a wrong name never reaches the query."""
    query = tmp_path / "labels.rq"
    query.write_text("# title: Labels\n# param: element  IRI  (required)  an element\n"
                     "SELECT ?element ?label WHERE { BIND (1 AS ?one)\n"
                     "  OPTIONAL { ?element <http://www.w3.org/2004/02/skos/core#prefLabel>\n"
                     "             ?label } }\n",
                     encoding="utf-8")
    with pytest.raises(PlangraphError, match="no element"):
        execute(query, {"element": "lampang/issue/9"}, endpoint=recording.url)
    assert [_is_ask(t) for t in recording.asked] == [True]
    recording.asked.clear()
    found = execute(query, {"element": "lampang/issue/2"}, endpoint=recording.url)
    assert found.rows and [_is_ask(t) for t in recording.asked] == [True, False]
