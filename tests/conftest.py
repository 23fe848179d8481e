"""Shared test helpers. Infrastructure fixtures live in tests/fixtures/infra/.

The project's own data (``project_ds``, ``project_graph``) and the seed text it is
transcribed from (``seed_text``) are fixtures too.
"""

from __future__ import annotations

import http.server
import socket
import textwrap
import threading
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner, Result
from rdflib import Dataset, Graph, Namespace, URIRef

from plangraph import paths
from plangraph.cli import cli
from plangraph.graph.load import load, merged

INFRA = Path(__file__).parent / "fixtures" / "infra"
#: Literals and terms that exporters get wrong (non-canonical numbers, strings on typed terms…).
AWKWARD = Path(__file__).parent / "fixtures" / "export" / "awkward-literals.ttl"
INFRA_SOURCES = [INFRA / "plans.ttl", INFRA / "indicators.ttl"]
EX = "http://example.org/pgtest/"


@pytest.fixture(scope="session", autouse=True)
def _store_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterable[None]:
    """The on-disk store cache of the whole run in a temporary folder, not the user's."""
    mp = pytest.MonkeyPatch()
    mp.setenv("PLANGRAPH_CACHE", str(tmp_path_factory.mktemp("store-cache")))
    yield
    mp.undo()


@pytest.fixture
def infra_ds() -> Dataset:
    """The infrastructure fixture files, loaded."""
    return load(INFRA_SOURCES)


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write dedented text to ``tmp_path/name`` (UTF-8) and return the path."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


def run_cli(*args: str | Path) -> Result:
    """Invoke the ``plangraph`` CLI in-process; stdout and stderr kept apart."""
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def infra_data_args() -> list[str]:
    """``--data FILE`` options for the infrastructure fixtures."""
    return [arg for p in INFRA_SOURCES for arg in ("--data", str(p))]


def canonical(triples: Iterable[ox.Triple | ox.Quad]) -> set[ox.Quad]:
    """Triples (graph names dropped) with blank nodes relabelled canonically (RDFC-1.0), for
    comparing graphs that contain blank nodes."""
    ds = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
                    for t in triples)
    ds.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return set(ds)


def closed_port() -> int:
    """A loopback TCP port that nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FakeHandler(http.server.BaseHTTPRequestHandler):
    """A fake server's request handler: quiet, with one way to answer."""

    def reply(self, status: int, body: bytes = b"",
              content_type: str = "application/sparql-results+json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class StoreEndpoint(FakeHandler):
    """A SPARQL endpoint over ``server.store`` (a pyoxigraph store, union default graph):
    JSON results for a form-encoded POST; :meth:`answer` is what a subclass changes."""

    def do_POST(self) -> None:  # noqa: N802 (http.server naming)
        length = int(self.headers.get("Content-Length", 0))
        form = urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8"))
        self.reply(*self.answer(form["query"][0]))

    def answer(self, text: str) -> tuple[int, bytes]:
        """``(status, body)`` for one query text."""
        res = self.server.store.query(text, use_default_graph_as_union=True)  # type: ignore[attr-defined]
        return 200, res.serialize(format=ox.QueryResultsFormat.JSON)


@contextmanager
def fake_server(handler: type[FakeHandler], **attrs: Any) -> Iterator[Any]:
    """A threaded HTTP server on a free loopback port, ``attrs`` set on it (the handler reads
    them as ``self.server.NAME``), stopped after the ``with`` block."""
    server: Any = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    for name, value in attrs.items():
        setattr(server, name, value)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


# --------------------------------------------------------------------------- project data

SEED_NAME = "000_4e11dbb71cd61cfb.txt"
#: The seed text as a source document (dcterms:source of statements taken from it).
SEED_DOC = URIRef(paths.ID_BASE + "source/seed-4e11dbb71cd61cfb")
PG = Namespace(paths.PG)


def iri(slug: str) -> URIRef:
    """A plangraph instance IRI from its path, e.g. ``lampang/issue/2``."""
    return URIRef(paths.ID_BASE + slug)


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The seed document the data is transcribed from (``../shared/seeds/`` beside the repo)."""
    path = paths.PROJECT_ROOT.parent / "shared" / "seeds" / SEED_NAME
    if not path.is_file():
        pytest.fail(
            f"seed text {SEED_NAME} not found at {path}: the data tests compare the RDF with it "
            "(CI lays shared/ beside the repository)",
            pytrace=False,
        )
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def project_ds() -> Dataset:
    """The project's ontology and data, loaded once per module (do not modify it)."""
    return load()


@pytest.fixture(scope="module")
def project_graph(project_ds: Dataset) -> Graph:
    """:func:`project_ds` as one merged Graph (do not modify it)."""
    return merged(project_ds)
