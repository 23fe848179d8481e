"""Query worker for ``plangraph serve``: run as a script with two pipe descriptors.

It reads the dataset as N-Quads bytes, loads it into an in-memory pyoxigraph Store,
says ``ready``, then answers ``(query, graph_result, format)`` requests with
``("ok", serialized results)`` or ``("error", message)`` until the pipe closes. It
imports nothing from plangraph, so it starts fast; the parent ends it to enforce the
query time limit.
"""

from __future__ import annotations

import sys
from multiprocessing.connection import Connection

import pyoxigraph as ox


def answer(store: ox.Store, text: str, graph_result: bool, fmt: str) -> bytes:
    """Evaluate ``text`` (default graph = union of all graphs) and serialize the results."""
    res = store.query(text, use_default_graph_as_union=True)
    if isinstance(res, ox.QueryTriples):
        if not graph_result:
            raise ValueError("expected a SELECT or ASK query")
        return res.serialize(format=getattr(ox.RdfFormat, fmt))
    if graph_result:
        raise ValueError("expected a CONSTRUCT or DESCRIBE query")
    return res.serialize(format=getattr(ox.QueryResultsFormat, fmt))


def main(read_fd: int, write_fd: int) -> None:
    """Serve requests from ``read_fd``, replies to ``write_fd``."""
    inbox = Connection(read_fd, writable=False)
    outbox = Connection(write_fd, readable=False)
    store = ox.Store()
    store.bulk_load(input=inbox.recv_bytes(), format=ox.RdfFormat.N_QUADS)
    outbox.send(("ready", None))
    while True:
        try:
            request = inbox.recv()
        except EOFError:
            return
        if request is None:
            return
        try:
            outbox.send(("ok", answer(store, *request)))
        except Exception as e:  # SyntaxError, OSError ...: reported to the client
            outbox.send(("error", " ".join(str(e).split()) or type(e).__name__))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
