"""A local, read-only SPARQL 1.1 Protocol endpoint on 127.0.0.1 (pyoxigraph + http.server).

``GET /sparql?query=...`` and ``POST /sparql`` (form ``query=`` or
``application/sparql-query``) answer SELECT/ASK as SPARQL JSON, XML, CSV or TSV and
CONSTRUCT/DESCRIBE as Turtle or N-Triples, chosen by the ``Accept`` header (or
``format=``). Updates get 403; SERVICE and remote FROM are refused (400) by
:func:`plangraph.sparql.safety.check_network`. Queries run in worker processes, each with its
own in-memory pyoxigraph Store holding the same quads as the loader's Dataset (one named
graph per file, default graph = union), so a query over the time limit is stopped by
ending its worker. ``/`` lists the library queries with a form.
"""

from __future__ import annotations

import html
import sys
import threading
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from rdflib import Dataset, Graph

from plangraph.errors import PlangraphError
from plangraph.serve.negotiate import (
    CANONICAL,
    FORMAT_ALIASES,
    GRAPH_TYPES,
    RESULT_TYPES,
    negotiate,
)
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
SPARQL_PATH = "/sparql"


# --------------------------------------------------------------------------- HTTP


@dataclass
class ServerState:
    """What the handler needs: the worker pool and the HTML page."""

    pool: WorkerPool
    queries: list[Any]


class SparqlHandler(BaseHTTPRequestHandler):
    """SPARQL 1.1 Protocol (query operation only) plus the HTML page at ``/``."""

    server_version = "plangraph-sparql"
    protocol_version = "HTTP/1.1"

    @property
    def state(self) -> ServerState:
        return self.server.state  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib name)
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)

    # ---- methods

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if url.path in ("/", "/index.html"):
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", self._page(params).encode())
        elif url.path == SPARQL_PATH:
            self._operation(params)
        else:
            self._error(HTTPStatus.NOT_FOUND, f"no such resource: {url.path}")

    def do_POST(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        if url.path != SPARQL_PATH:
            self._error(HTTPStatus.NOT_FOUND, f"no such resource: {url.path}")
            return
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self.close_connection = True
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request over {MAX_BODY} bytes")
            return
        body = self.rfile.read(length) if length else b""
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/sparql-update":
            self._refuse_update()
        elif ctype == "application/sparql-query":
            self._query(body.decode("utf-8", "replace"), params)
        elif ctype == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            self._operation({**params, **form})
        else:
            self._error(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                "POST application/sparql-query or an application/x-www-form-urlencoded form",
            )

    def _read_only(self) -> None:
        self._error(HTTPStatus.METHOD_NOT_ALLOWED, "this endpoint is read-only", allow="GET, POST")

    do_PUT = do_DELETE = do_PATCH = _read_only  # noqa: N815

    # ---- query

    def _operation(self, params: dict[str, list[str]]) -> None:
        """``update=`` is refused, ``query=`` is run, anything else is a bad request."""
        if "update" in params:
            self._refuse_update()
        elif "query" not in params:
            self._error(HTTPStatus.BAD_REQUEST, "missing 'query' parameter")
        else:
            self._query(params["query"][0], params)

    def _query(self, text: str, params: dict[str, list[str]]) -> None:
        from plangraph.sparql.safety import check_network

        try:
            prepared = check_network(text, allow_network=False, source="query")
        except PlangraphError as e:
            if "SPARQL Update" in e.message:  # check_network's wording for updates
                self._refuse_update()
            else:
                self._error(HTTPStatus.BAD_REQUEST, e.message)
            return
        graph_result = prepared.algebra.name in ("ConstructQuery", "DescribeQuery")
        offered = GRAPH_TYPES if graph_result else RESULT_TYPES
        fmt_param = (params.get("format") or params.get("output") or [""])[0].strip().lower()
        accept = FORMAT_ALIASES.get(fmt_param, fmt_param) or self.headers.get("Accept")
        choice = negotiate(accept, offered)
        if choice is None:
            types = ", ".join(dict.fromkeys(m for m, _ in offered))
            self._error(HTTPStatus.NOT_ACCEPTABLE, f"cannot answer in {accept}; offered: {types}")
            return
        media, fmt = choice
        try:
            data = self.state.pool.execute(text, graph_result, fmt)
        except QueryTimeout as e:
            self._error(HTTPStatus.SERVICE_UNAVAILABLE, str(e))
            return
        except QueryFailed as e:
            self._error(HTTPStatus.BAD_REQUEST, f"query failed: {e}")
            return
        media = CANONICAL.get(media, media)
        self._send(HTTPStatus.OK, f"{media}; charset=utf-8", data)

    def _refuse_update(self, message: str | None = None) -> None:
        self._error(
            HTTPStatus.FORBIDDEN,
            message or "SPARQL Update refused: this endpoint is read-only",
        )

    # ---- responses

    def _send(self, status: HTTPStatus, ctype: str, body: bytes, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept")
        for key, value in headers.items():
            self.send_header(key.replace("_", "-").title(), value)
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: HTTPStatus, message: str, **headers: str) -> None:
        body = f"{status.value} {status.phrase}: {message}\n".encode()
        self._send(status, "text/plain; charset=utf-8", body, **headers)

    def _page(self, params: dict[str, list[str]]) -> str:
        return render_page(self.state.queries, (params.get("q") or [""])[0])


def render_page(queries: Sequence[Any], selected: str = "") -> str:
    """The HTML page: a query form (pre-filled with ``?q=NAME``) and the library list."""
    esc = html.escape
    chosen = next((q for q in queries if q.name == selected), None)
    text = chosen.text if chosen else "SELECT * WHERE { ?s ?p ?o } LIMIT 10\n"
    items = []
    for q in queries:
        params = "".join(
            f"<li><code>?{esc(p.name)}</code> {esc(p.type)}"
            f"{' (required)' if p.required else ''}"
            f"{' default ' + esc(p.default) if p.default else ''} {esc(p.description)}</li>"
            for p in q.params
        )
        questions = "".join(f"<li{_lang_attr(x)}>{esc(x)}</li>" for x in q.questions)
        link = "/?" + urllib.parse.urlencode({"q": q.name})
        items.append(
            f'<li><a href="{esc(link)}"><code>{esc(q.name)}</code></a> {esc(q.title)}'
            f"<ul>{questions}</ul>{'<p>parameters:</p><ul>' + params + '</ul>' if params else ''}"
            "</li>"
        )
    formats = '<option value="">auto (by query type)</option>' + "".join(
        f'<option value="{k}">{k}</option>' for k in ("json", "xml", "csv", "tsv", "turtle", "nt")
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>plangraph SPARQL endpoint</title>
<style>body{{font-family:"Noto Sans Thai","Noto Sans",sans-serif;max-width:60rem;margin:1rem auto;
padding:0 1rem}}textarea{{width:100%;font-family:monospace}}li{{margin:.3rem 0}}</style></head>
<body><h1>plangraph SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 endpoint at <code>{SPARQL_PATH}</code>
(GET <code>?query=</code>, POST form or <code>application/sparql-query</code>).</p>
<form method="get" action="{SPARQL_PATH}">
<label for="query">Query</label><br>
<textarea id="query" name="query" rows="18">{esc(text)}</textarea><br>
<label for="format">Results as</label> <select id="format" name="format">{formats}</select>
<button type="submit">Run</button></form>
<h2>Library queries</h2><p>Parameters stay unbound here: optional ones then mean "all".</p>
<ul>{"".join(items)}</ul></body></html>
"""


def _lang_attr(question: str) -> str:
    """`` lang="th"`` for a ``(th) ...`` question (fonts, line breaking, screen readers)."""
    return ' lang="th"' if question.startswith("(th)") else ""


class SparqlServer(ThreadingHTTPServer):
    """ThreadingHTTPServer bound to 127.0.0.1 that owns a :class:`WorkerPool`."""

    daemon_threads = True
    allow_reuse_address = True

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


def make_server(
    source: Graph | Dataset | None = None,
    port: int = DEFAULT_PORT,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    workers: int = DEFAULT_WORKERS,
    verbose: bool = False,
) -> SparqlServer:
    """A ready (not yet serving) endpoint over ``source`` (default: the project's files)."""
    from plangraph.graph.load import load
    from plangraph.sparql.library import list_queries

    if timeout <= 0:
        raise PlangraphError(f"--timeout must be positive, not {timeout:g}")
    ds = load() if source is None else source
    fmt = "nquads" if isinstance(ds, Dataset) else "nt"
    nquads = ds.serialize(format=fmt, encoding="utf-8")
    try:
        queries = list_queries()
    except PlangraphError:
        queries = []
    pool = WorkerPool(nquads, workers, timeout)
    try:
        return SparqlServer(port, ServerState(pool, queries), verbose)
    except OSError as e:
        pool.close()
        raise PlangraphError(f"serve: cannot listen on {HOST}:{port}: {e.strerror or e}") from None


def serve(
    source: Graph | Dataset | None = None,
    port: int = DEFAULT_PORT,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    workers: int = DEFAULT_WORKERS,
) -> None:
    """Serve until interrupted (Ctrl-C); the URL goes to stderr."""
    server = make_server(source, port, timeout=timeout, workers=workers, verbose=True)
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
