"""A local, read-only SPARQL 1.1 Protocol endpoint on 127.0.0.1 (pyoxigraph + http.server).

``GET /sparql?query=...`` and ``POST /sparql`` (form ``query=`` or
``application/sparql-query``) answer SELECT/ASK as SPARQL JSON, XML, CSV or TSV and
CONSTRUCT/DESCRIBE as Turtle, N-Triples, JSON-LD or RDF/XML, chosen by the ``Accept``
header (or ``format=``), streamed. ``default-graph-uri``/``named-graph-uri`` are honoured
(graph names in the store; nothing is fetched). The server only reads requests: the worker
processes check each query (updates 403; SERVICE, FROM a remote or local IRI, deep nesting
400), run it and serialize the results, all under the time limit, and have no network.
Requests must name 127.0.0.1 or localhost as Host (DNS rebinding) and come from no other
web origin than ``--cors``. ``/`` lists the library queries with a form.
"""

from __future__ import annotations

import sys
import threading
import urllib.parse
from collections.abc import Generator
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from rdflib import Dataset, Graph

from plangraph.errors import PlangraphError
from plangraph.serve.negotiate import FORMAT_ALIASES
from plangraph.serve.page import SPARQL_PATH, render_page
from plangraph.serve.pool import (
    DEFAULT_TIMEOUT,
    DEFAULT_WORKERS,
    QueryFailed,
    QueryTimeout,
    WorkerPool,
)

HOST = "127.0.0.1"
DEFAULT_PORT = 7070
MAX_BODY = 1 << 20  # bytes of query text accepted in a POST
IDLE_TIMEOUT = 20.0  # seconds a connection may stay silent
#: Host names a request may address (anything else is DNS rebinding or a mistake).
LOCAL_NAMES = ("127.0.0.1", "localhost")


# --------------------------------------------------------------------------- HTTP


@dataclass
class ServerState:
    """What the handler needs: the worker pool, the HTML page and the allowed CORS origin."""

    pool: WorkerPool
    queries: list[Any]
    cors: str | None = None


class SparqlHandler(BaseHTTPRequestHandler):
    """SPARQL 1.1 Protocol (query operation only) plus the HTML page at ``/``."""

    server_version = "plangraph-sparql"
    protocol_version = "HTTP/1.1"
    timeout = IDLE_TIMEOUT  # an idle or half-sent request is dropped after this long

    @property
    def state(self) -> ServerState:
        return self.server.state  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib name)
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)

    # ---- methods

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        if not self._trusted():
            return
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if url.path in ("/", "/index.html"):
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", self._page(params).encode())
        elif url.path == SPARQL_PATH:
            self._operation(params)
        else:
            self._error(HTTPStatus.NOT_FOUND, f"no such resource: {url.path}")

    def do_HEAD(self) -> None:  # noqa: N802
        self.head_only = True  # this handler serves the next request of the connection too
        try:
            self.do_GET()
        finally:
            self.head_only = False

    def do_OPTIONS(self) -> None:  # noqa: N802
        """CORS preflight (with ``--cors``) and the methods allowed."""
        if not self._trusted():
            return
        headers = {"Allow": "GET, HEAD, POST, OPTIONS"}
        if self.state.cors:
            headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST, OPTIONS"
            headers["Access-Control-Allow-Headers"] = "Accept, Content-Type"
            headers["Access-Control-Max-Age"] = "600"
        self._send(HTTPStatus.NO_CONTENT, "text/plain; charset=utf-8", b"", **headers)

    def do_POST(self) -> None:  # noqa: N802
        if not self._trusted():
            return
        url = urllib.parse.urlsplit(self.path)
        if url.path != SPARQL_PATH:
            self._error(HTTPStatus.NOT_FOUND, f"no such resource: {url.path}")
            return
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        body = self._body()
        if body is None:
            return
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/sparql-update":
            self._refuse_update()
        elif ctype == "application/sparql-query":
            if "query" in params:
                self._error(HTTPStatus.BAD_REQUEST, "query both in the URL and in the body")
            else:
                self._operation({**params, "query": [body.decode("utf-8", "replace")]})
        elif ctype == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            merged = {k: params.get(k, []) + form.get(k, []) for k in {*params, *form}}
            self._operation(merged)
        else:
            self._error(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                "POST application/sparql-query or an application/x-www-form-urlencoded form",
            )

    def _body(self) -> bytes | None:
        """The request body within :data:`MAX_BODY`; None after answering a bad length."""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            self.close_connection = True
            self._error(HTTPStatus.LENGTH_REQUIRED, "send a Content-Length, not chunks")
            return None
        raw = (self.headers.get("Content-Length") or "0").strip()
        if not raw.isdigit() or len(self.headers.get_all("Content-Length") or []) > 1:
            self.close_connection = True
            self._error(HTTPStatus.BAD_REQUEST, f"bad Content-Length: {raw[:40]!r}")
            return None
        length = int(raw)
        if length > MAX_BODY:
            self.close_connection = True
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request over {MAX_BODY} bytes")
            return None
        body = self.rfile.read(length) if length else b""
        if len(body) < length:
            self.close_connection = True
            return None
        return body

    def _trusted(self) -> bool:
        """Host and Origin checks (DNS rebinding, cross-site requests); answers 403 if not."""
        port = self.server.server_address[1]
        host = (self.headers.get("Host") or "").strip().lower()
        if host not in {f"{name}:{port}" for name in LOCAL_NAMES} | set(LOCAL_NAMES):
            self.close_connection = True
            self._error(HTTPStatus.FORBIDDEN, f"Host {host[:80]!r} is not this endpoint "
                        f"(use http://127.0.0.1:{port})")
            return False
        origin = self.headers.get("Origin")
        same = {f"http://{name}:{port}" for name in LOCAL_NAMES}
        if origin is not None and origin not in same and origin != self.state.cors:
            self._error(HTTPStatus.FORBIDDEN, f"cross-origin request from {origin[:80]!r} "
                        "refused (serve --cors ORIGIN allows one origin)")
            return False
        return True

    def _read_only(self) -> None:
        self._error(HTTPStatus.METHOD_NOT_ALLOWED, "this endpoint is read-only",
                    allow="GET, HEAD, POST, OPTIONS")

    do_PUT = do_DELETE = do_PATCH = _read_only  # noqa: N815

    # ---- query

    def _operation(self, params: dict[str, list[str]]) -> None:
        """``update=`` is refused, one ``query=`` is run, anything else is a bad request."""
        if "update" in params:
            self._refuse_update()
        elif "query" not in params:
            self._error(HTTPStatus.BAD_REQUEST, "missing 'query' parameter")
        elif len(params["query"]) > 1:
            self._error(HTTPStatus.BAD_REQUEST, "more than one 'query' parameter")
        else:
            self._query(params["query"][0], params)

    def _query(self, text: str, params: dict[str, list[str]]) -> None:
        """Hand the whole request to a worker (check, run, serialize) and relay its reply."""
        fmt_param = (params.get("format") or params.get("output") or [""])[0].strip().lower()
        request = {
            "query": text,
            "accept": FORMAT_ALIASES.get(fmt_param, fmt_param) or self.headers.get("Accept"),
            "default_graphs": params.get("default-graph-uri", []),
            "named_graphs": params.get("named-graph-uri", []),
        }
        replies = self.state.pool.execute(request)
        try:
            first = next(replies)
            if first[0] == "fail":
                status = HTTPStatus(first[1])
                if status == HTTPStatus.FORBIDDEN:
                    self._refuse_update(first[2])
                else:
                    self._error(status, first[2])
                return
            self._stream(first[1], replies)
        except QueryTimeout as e:
            self._error(HTTPStatus.SERVICE_UNAVAILABLE, str(e))
        except QueryFailed as e:
            self._error(HTTPStatus.BAD_REQUEST, f"query failed: {e}")
        finally:
            replies.close()

    def _stream(self, media: str, replies: Generator[tuple[Any, ...], None, None]) -> None:
        """200 with the results as they come (chunked; HTTP/1.0: until the connection ends)."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", f"{media}; charset=utf-8")
        self._common_headers()
        chunked = self.request_version == "HTTP/1.1" and not self.head_only
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.close_connection = True
        self.end_headers()
        try:
            for reply in replies:
                if reply[0] != "chunk":
                    if reply[0] == "abort":  # the client sees a cut reply, not a wrong one
                        self.close_connection = True
                        return
                    break
                if not self.head_only:
                    data = reply[1]
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data) if chunked else data)
            if chunked:
                self.wfile.write(b"0\r\n\r\n")
        except (QueryTimeout, QueryFailed):
            self.close_connection = True

    def _refuse_update(self, message: str | None = None) -> None:
        self._error(
            HTTPStatus.FORBIDDEN,
            message or "SPARQL Update refused: this endpoint is read-only",
        )

    # ---- responses

    head_only = False

    def _common_headers(self) -> None:
        self.send_header("Vary", "Accept, Origin")
        self.send_header("X-Content-Type-Options", "nosniff")
        if self.state.cors and self.headers.get("Origin") == self.state.cors:
            self.send_header("Access-Control-Allow-Origin", self.state.cors)

    def _send(self, status: HTTPStatus, ctype: str, body: bytes, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self._common_headers()
        for key, value in headers.items():
            self.send_header(key if "-" in key else key.replace("_", "-").title(), value)
        self.end_headers()
        if not self.head_only:
            self.wfile.write(body)

    def _error(self, status: HTTPStatus, message: str, **headers: str) -> None:
        body = f"{status.value} {status.phrase}: {message}\n".encode()
        self._send(status, "text/plain; charset=utf-8", body, **headers)

    def _page(self, params: dict[str, list[str]]) -> str:
        return render_page(self.state.queries, (params.get("q") or [""])[0])


class SparqlServer(ThreadingHTTPServer):
    """ThreadingHTTPServer bound to 127.0.0.1 that owns a :class:`WorkerPool`."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # listen backlog (bursts of clients wait, not fail)

    def __init__(self, port: int, state: ServerState, verbose: bool = False) -> None:
        self.state = state
        self.verbose = verbose
        super().__init__((HOST, port), SparqlHandler)

    @property
    def url(self) -> str:
        """The endpoint URL (``http://127.0.0.1:PORT/sparql``)."""
        return f"http://{HOST}:{self.server_address[1]}{SPARQL_PATH}"

    def server_close(self) -> None:
        super().server_close()
        self.state.pool.close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up is not worth a word; anything else is one line, never the
        traceback socketserver prints by default."""
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError):
            return
        print(f"plangraph serve: {client_address[0]}: {type(error).__name__}: {error}",
              file=sys.stderr)


def make_server(
    source: Graph | Dataset | None = None,
    port: int = DEFAULT_PORT,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    workers: int = DEFAULT_WORKERS,
    verbose: bool = False,
    cors: str | None = None,
) -> SparqlServer:
    """A ready (not yet serving) endpoint over ``source`` (default: the project's files).

    ``cors`` is the one web origin (``https://app.example``) whose pages may query it.
    """
    from plangraph.graph.load import load
    from plangraph.sparql.library import list_queries

    if timeout <= 0:
        raise PlangraphError(f"--timeout must be positive, not {timeout:g}")
    origin = _origin(cors)  # before any worker starts
    ds = load() if source is None else source
    fmt = "nquads" if isinstance(ds, Dataset) else "nt"
    nquads = ds.serialize(format=fmt, encoding="utf-8")
    try:
        queries = list_queries()
    except PlangraphError:
        queries = []
    pool = WorkerPool(nquads, workers, timeout)
    try:
        return SparqlServer(port, ServerState(pool, queries, origin), verbose)
    except OSError as e:
        pool.close()
        raise PlangraphError(f"serve: cannot listen on {HOST}:{port}: {e.strerror or e}") from None


def _origin(cors: str | None) -> str | None:
    """``--cors`` checked: an origin is ``scheme://host[:port]`` and nothing more."""
    if cors is None:
        return None
    parts = urllib.parse.urlsplit(cors)
    if parts.scheme not in ("http", "https") or not parts.netloc or cors.rstrip("/") != (
            f"{parts.scheme}://{parts.netloc}"):
        raise PlangraphError(f"--cors wants an origin such as https://app.example, not {cors!r}")
    return cors.rstrip("/")


def serve(
    source: Graph | Dataset | None = None,
    port: int = DEFAULT_PORT,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    workers: int = DEFAULT_WORKERS,
    cors: str | None = None,
) -> None:
    """Serve until interrupted (Ctrl-C); the URL goes to stderr."""
    server = make_server(source, port, timeout=timeout, workers=workers, verbose=True,
                         cors=cors)
    print(f"plangraph: serving {server.url} (Ctrl-C to stop)", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def serve_in_thread(server: SparqlServer) -> threading.Thread:
    """Start ``server.serve_forever`` in a daemon thread (tests, notebooks)."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread
