"""A listener on 127.0.0.1 that records every connection, and the corpus of spellings that
would make an engine reach it (issue 16, finding 1)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

EMPTY_RESULTS = b'{"head":{"vars":["a"]},"results":{"bindings":[]}}'


class Listener:
    """Accepts connections on 127.0.0.1:port, answers an empty SPARQL JSON result."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits: list[bytes] = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    def _loop(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            with conn:
                conn.settimeout(2)
                try:
                    head = conn.recv(4096)
                except OSError:
                    head = b""
                self.hits.append(head)
                reply = (b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                         b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(EMPTY_RESULTS))
                with suppress(OSError):
                    conn.sendall(reply + EMPTY_RESULTS)

    def close(self) -> None:
        self.stopped.set()
        self.thread.join(5)
        self.sock.close()


@contextmanager
def listening() -> Iterator[Listener]:
    """A :class:`Listener` for the duration of a block."""
    listener = Listener()
    try:
        yield listener
    finally:
        listener.close()


def spellings(url: str) -> dict[str, str]:
    """Queries that ask an engine to contact ``url`` (a http://127.0.0.1:PORT/... IRI)."""
    base = url.rsplit("/", 1)[0] + "/"
    body = "{ ?a ?b ?c }"
    pattern = f"SERVICE <{url}> {body}"
    escaped_iri = url.replace(":", "\\u003A", 1)
    return {
        "plain": f"SELECT * WHERE {{ {pattern} }}",
        "lower case": f"select * where {{ service <{url}> {{ ?a ?b ?c }} }}",
        "mixed case": f"SELECT * WHERE {{ SeRvIcE <{url}> {{ ?a ?b ?c }} }}",
        "lone CR ends comment": f"SELECT * WHERE {{ ?s ?p ?o # c\r{pattern} }}",
        "CRLF": f"SELECT * WHERE {{ ?s ?p ?o # c\r\n{pattern} }}",
        "escaped CR in comment": f"SELECT * WHERE {{ ?s ?p ?o # c\\u000D{pattern} }}",
        "codepoint-escaped keyword": f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?a ?b ?c }} }}",
        "long escape": f"SELECT * WHERE {{ \\U00000053ERVICE <{url}> {{ ?a ?b ?c }} }}",
        "escaped IRI": f"SELECT * WHERE {{ SERVICE <{escaped_iri}> {{ ?a ?b ?c }} }}",
        "escaped quote ends string": f'SELECT * WHERE {{ ?s ?p "\\u0022 . {pattern} #" }}',
        "subquery": f"SELECT * WHERE {{ {{ SELECT * WHERE {{ {pattern} }} }} }}",
        "optional": f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ {pattern} }} }}",
        "union": f"SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ {pattern} }} }}",
        "minus": f"SELECT * WHERE {{ ?s ?p ?o MINUS {{ {pattern} }} }}",
        "silent": f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?a ?b ?c }} }}",
        "glued to the IRI": f"SELECT*WHERE{{SERVICE<{url}>{{?a ?b ?c}}}}",
        "glued SILENT": f"SELECT * WHERE {{ SERVICESILENT<{url}> {{ ?a ?b ?c }} }}",
        "as an empty-prefix name": f"PREFIX : <{base}> SELECT * WHERE {{ SERVICE:sparql {body} }}",
        "glued to a prefix": f"PREFIX ex: <{base}> SELECT * WHERE {{ SERVICEex:sparql {body} }}",
        "glued to a boolean": f"SELECT * WHERE {{ ?s ?p trueSERVICE<{url}> {body} }}",
        "glued to a keyword": f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL{{}}SERVICE<{url}> {body} }}",
        "variable IRI": f"SELECT * WHERE {{ VALUES ?u {{ <{url}> }} SERVICE ?u {{ ?a ?b ?c }} }}",
        "prefixed IRI": f"PREFIX r: <{base}> SELECT * WHERE {{ SERVICE r:sparql {{ ?a ?b ?c }} }}",
        "exists filter": f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ {pattern} }} }}",
        "ask": f"ASK {{ {pattern} }}",
        "load": f"LOAD <{url}>",
        "load after comment": f"# LOAD\rLOAD <{url}>",
        "from": f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
        "from named": f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "from prefixed": f"PREFIX r: <{base}> SELECT * FROM r:sparql WHERE {{ ?s ?p ?o }}",
        "from relative to base": f"BASE <{base}> SELECT * FROM <sparql> WHERE {{ ?s ?p ?o }}",
    }
