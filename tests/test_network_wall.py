"""No request leaves the machine unless the user opted in (issue 16, finding 1).

A listener on 127.0.0.1 stands for any address; every spelling of ``network_wall.spellings``
goes through the CLI (file and inline text), the Python API on both engines, and (in
``test_serve_hardening``) the endpoint. The token checks are tested alone
(``PLANGRAPH_NETNS=0``), the network namespace alone, and both together as users run them.
"""

from __future__ import annotations

import contextlib

import pyoxigraph as ox
import pytest
from network_wall import listening, spellings

import plangraph
from conftest import INFRA_SOURCES, infra_data_args, run_cli
from plangraph.errors import PlangraphError
from plangraph.runtime import sandbox
from plangraph.runtime.deadline import run_with_deadline
from plangraph.sparql.engines import run

NAMES = list(spellings("http://127.0.0.1:1/sparql"))


@pytest.fixture
def checks_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Turn the second wall (network namespace) off: the checks must hold alone."""
    monkeypatch.setenv("PLANGRAPH_NETNS", "0")


@pytest.mark.parametrize("name", NAMES)
def test_cli_file_and_inline_send_nothing(name, checks_only, tmp_path):
    with listening() as listener:
        text = spellings(listener.url)[name]
        path = tmp_path / "q.rq"
        path.write_text(text, encoding="utf-8")
        for query in (path, text):
            res = run_cli("query", query, *infra_data_args())
            assert res.exit_code == 2, res.output
            assert res.stderr.startswith("plangraph: ") and res.stderr.count("\n") == 1
            assert "refused" in res.stderr
        assert listener.hits == []


@pytest.mark.parametrize("name", NAMES)
def test_python_api_sends_nothing_on_either_engine(name, checks_only, infra_ds):
    with listening() as listener:
        text = spellings(listener.url)[name]
        for engine in ("oxigraph", "rdflib"):
            with pytest.raises(PlangraphError, match="refused"):
                run(text, graph=infra_ds, engine=engine)
            with pytest.raises(PlangraphError, match="refused"):
                run(text, graph=infra_ds, engine=engine, allow_network=name.startswith("load"))
        with pytest.raises(PlangraphError, match="refused"):
            plangraph.query(text, graph=infra_ds)
        assert listener.hits == []


def test_both_walls_as_users_run_them(infra_ds):
    with listening() as listener:
        for text in spellings(listener.url).values():
            with pytest.raises(PlangraphError, match="refused"):
                run(text, graph=infra_ds)
        assert listener.hits == []


def test_opting_in_reaches_the_listener(infra_ds):
    """The control: the same listener does see a request when the user allows it."""
    with listening() as listener:
        text = spellings(listener.url)["lone CR ends comment"]
        run(text, graph=infra_ds, engine="oxigraph", allow_network=True)
        assert len(listener.hits) == 1 and listener.hits[0].startswith((b"POST", b"GET"))
        res = run_cli("query", text, *infra_data_args(), "--allow-network")
        assert res.exit_code == 0, res.stderr
        assert len(listener.hits) == 2


@pytest.mark.skipif(not sandbox.enabled(), reason="network namespaces need Linux")
def test_network_namespace_alone_stops_the_engine():
    """The second wall: an unchecked SERVICE in a child that left the network reaches nothing."""
    store = ox.Store()
    for path in INFRA_SOURCES:
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    with listening() as listener:
        text = spellings(listener.url)["plain"]

        def unchecked() -> int:
            try:
                return len(list(store.query(text)))
            except OSError:
                return -1

        assert run_with_deadline(unchecked, 30, "probe", offline=True) == -1
        if not listener.hits:  # the namespace was refused (no privileges): say so
            assert run_with_deadline(unchecked, 30, "probe", offline=False) == 0
            assert len(listener.hits) == 1
        assert len(listener.hits) <= 1


def test_spellings_are_legal_enough_to_run(infra_ds):
    """The corpus is not refused for being broken: unchecked, most of it reaches the listener."""
    store = ox.Store()
    for path in INFRA_SOURCES:
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    with listening() as listener:
        for text in spellings(listener.url).values():
            with contextlib.suppress(SyntaxError, OSError, RuntimeError):
                result = store.query(text)
                if not isinstance(result, ox.QueryBoolean):
                    list(result)
        assert len(listener.hits) >= 19
