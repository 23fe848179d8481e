"""Query worker for ``plangraph serve``: run as a script with two pipe descriptors.

It leaves the network (:func:`plangraph.runtime.sandbox.deny_network`), reads the dataset
as N-Quads bytes into an in-memory pyoxigraph Store and says ``ready``. Then, for each
request (a dict: ``query``, ``accept``, ``default_graphs``, ``named_graphs``), it does the
whole job under the server's time limit: checks the text (:func:`check_query`: updates 403,
network and bad text 400), negotiates the format, runs the *cleaned* text and streams the
serialized results. Replies: ``("fail", status, message)``, or ``("ok", media type)``
followed by ``("chunk", bytes)``... and ``("end",)`` (``("abort", message)`` if the engine
fails after the first chunk went out).
"""

from __future__ import annotations

import sys
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from plangraph.errors import PlangraphError
from plangraph.runtime.sandbox import deny_network
from plangraph.serve.negotiate import CANONICAL, GRAPH_TYPES, RESULT_TYPES, negotiate
from plangraph.sparql.safety import UpdateRefused, check_query

CHUNK = 64 * 1024


class _Stream:
    """A binary file for ``serialize``: sends ``("ok", media)`` then ``CHUNK``-sized pieces."""

    def __init__(self, outbox: Connection, media: str) -> None:
        self.outbox, self.media = outbox, media
        self.buffer = bytearray()
        self.started = False

    def write(self, data: bytes) -> int:
        self.buffer += data
        if len(self.buffer) >= CHUNK:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if not self.started:
            self.outbox.send(("ok", self.media))
            self.started = True
        if self.buffer:
            self.outbox.send(("chunk", bytes(self.buffer)))
            self.buffer.clear()


def answer(store: ox.Store, outbox: Connection, request: dict[str, Any]) -> None:
    """Check, negotiate, run and stream one request."""
    try:
        scan = check_query(request["query"], allow_network=False, source="query")
    except UpdateRefused as e:
        outbox.send(("fail", 403, e.message))
        return
    except PlangraphError as e:
        outbox.send(("fail", 400, e.message))
        return
    graph_result = scan.form in ("CONSTRUCT", "DESCRIBE")
    offered = GRAPH_TYPES if graph_result else RESULT_TYPES
    choice = negotiate(request.get("accept"), offered)
    if choice is None:
        types = ", ".join(dict.fromkeys(m for m, _ in offered))
        outbox.send(("fail", 406, f"cannot answer in {request.get('accept')}; offered: {types}"))
        return
    media, fmt = choice
    stream = _Stream(outbox, CANONICAL.get(media, media))
    try:
        res = store.query(scan.text, **_dataset(request))
        kind = ox.RdfFormat if isinstance(res, ox.QueryTriples) else ox.QueryResultsFormat
        if (kind is ox.RdfFormat) != graph_result:
            raise ValueError("the query form and its results disagree")
        res.serialize(stream, format=getattr(kind, fmt))
        stream.flush()
    except (SyntaxError, OSError, RuntimeError, ValueError) as e:
        message = " ".join(str(e).split()) or type(e).__name__
        if stream.started:
            outbox.send(("abort", message))
        else:
            prefix = "syntax error" if isinstance(e, SyntaxError) else "query failed"
            outbox.send(("fail", 400, f"{prefix}: {message}"))
        return
    outbox.send(("end",))


def _dataset(request: dict[str, Any]) -> dict[str, Any]:
    """``default-graph-uri``/``named-graph-uri`` as pyoxigraph's dataset (ValueError if bad)."""
    default, named = request.get("default_graphs") or [], request.get("named_graphs") or []
    if not default and not named:
        return {"use_default_graph_as_union": True}
    return {"default_graph": [ox.NamedNode(g) for g in default],
            "named_graphs": [ox.NamedNode(g) for g in named] or None}


def main(read_fd: int, write_fd: int) -> None:
    """Serve requests from ``read_fd``, replies to ``write_fd``."""
    deny_network()
    inbox = Connection(read_fd, writable=False)
    outbox = Connection(write_fd, readable=False)
    store = ox.Store()
    store.bulk_load(input=inbox.recv_bytes(), format=ox.RdfFormat.N_QUADS)
    outbox.send(("ready",))
    while True:
        try:
            request = inbox.recv()
        except EOFError:
            return
        if request is None:
            return
        answer(store, outbox, request)


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
