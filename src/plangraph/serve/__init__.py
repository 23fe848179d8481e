"""Serving: the graph in, a local read-only SPARQL 1.1 Protocol endpoint on 127.0.0.1 out.

``http`` answers the protocol (content negotiation, limits, the query page); each query runs
in a worker process (``worker``) that the server kills at the time limit.
"""

from plangraph.serve.http import (
    DEFAULT_PORT,
    DEFAULT_TIMEOUT,
    DEFAULT_WORKERS,
    SparqlServer,
    make_server,
    serve,
    serve_in_thread,
)
from plangraph.serve.negotiate import negotiate

__all__ = ["DEFAULT_PORT", "DEFAULT_TIMEOUT", "DEFAULT_WORKERS", "SparqlServer", "make_server",
           "negotiate", "serve", "serve_in_thread"]
