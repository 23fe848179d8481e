"""Publish the graph to any SPARQL 1.1 server, replacing the previous version atomically.

1. PUT the whole graph (N-Triples) into a fresh temporary named graph with the Graph
   Store HTTP Protocol;
2. check with a ``COUNT`` query that the server holds every triple;
3. swap it in with one SPARQL Update, ``MOVE GRAPH <tmp> TO GRAPH <target>`` (the server
   drops the old target and renames the temporary graph in one transaction).

A failed or interrupted upload therefore never touches the target graph. Connection
failures, timeouts and HTTP 5xx are retried a bounded number of times (after a lost answer
the server is asked first whether the data arrived, so 30 MB are not sent again for
nothing); the temporary graph is dropped after a failure (retried too), and if even that
fails the error names the graph left on the server and the command that removes it. Every
failure ends as one :class:`PlangraphError` line. Credentials come from
``PLANGRAPH_ENDPOINT_USER`` and ``PLANGRAPH_ENDPOINT_PASSWORD`` (HTTP Basic, or Digest when
the server asks for it; set ``PLANGRAPH_ENDPOINT_AUTH=digest`` for SPARQL updates on
Digest-only servers) and are never printed.
"""

from __future__ import annotations

import http.client
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from rdflib import URIRef

from plangraph.errors import PlangraphError
from plangraph.publish import digest
from plangraph.publish.export import (
    DATASET_SLUG,
    PublicData,
    Source,
    bases_for,
    public_data,
    serialize,
)
from plangraph.sparql.engines import run
from plangraph.sparql.remote import credentials, digest_auth, env_number

T = TypeVar("T")

TMP_GRAPH_PREFIX = "urn:plangraph:publish:"
_HTTP_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$", re.IGNORECASE)
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")


@dataclass(frozen=True)
class Retry:
    """Per-request timeout (s), attempts in all, and the first backoff (s, doubling)."""

    timeout: float = 30.0
    attempts: int = 3
    backoff: float = 0.5

    @classmethod
    def from_env(cls) -> Retry:
        """The same knobs as ``plangraph query --endpoint`` (``PLANGRAPH_ENDPOINT_*``)."""
        return cls(
            timeout=env_number("PLANGRAPH_ENDPOINT_TIMEOUT", 30),
            attempts=max(1, int(env_number("PLANGRAPH_ENDPOINT_ATTEMPTS", 3))),
            backoff=env_number("PLANGRAPH_ENDPOINT_BACKOFF", 0.5),
        )


@dataclass(frozen=True)
class Target:
    """Where to publish: query, update and Graph Store URLs and the target graph."""

    endpoint: str
    update: str
    gsp: str
    graph: URIRef


@dataclass(frozen=True)
class Published:
    """What :func:`publish` did."""

    graph: URIRef
    triples: int


class _Retryable(Exception):
    """A failure worth another try (cannot connect, connection lost, timeout, HTTP 5xx);
    ``lost``: the request may have reached the server (its answer did not come back)."""

    def __init__(self, message: str, lost: bool = False) -> None:
        super().__init__(message)
        self.lost = lost


def public_url(url: str) -> str:
    """``url`` without any ``user:password@`` part (for messages)."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def check_url(url: str, what: str) -> str:
    """An absolute http(s) URL, else a one-line error."""
    if not _HTTP_URL.match(url):
        raise PlangraphError(f"{what} {public_url(url)!r} is not an absolute http(s) URL")
    return url


def check_graph_iri(iri: str) -> URIRef:
    """An absolute IRI that is safe to write as ``<iri>`` in SPARQL."""
    if not _IRI.match(iri):
        raise PlangraphError(f"--graph {iri!r} is not an absolute IRI")
    return URIRef(iri)


def make_target(
    endpoint: str,
    *,
    update: str | None = None,
    gsp: str | None = None,
    graph: str | None = None,
    base: str | None = None,
) -> Target:
    """Validate the URLs; ``update`` and ``gsp`` default to ``endpoint`` (as on Fuseki's
    dataset URL), the graph to ``<data base>plangraph``."""
    check_url(endpoint, "endpoint")
    update = check_url(update or endpoint, "update endpoint")
    gsp_url = gsp or endpoint
    check_url(gsp_url.replace("{graph}", "g"), "graph store")
    name = check_graph_iri(graph) if graph else bases_for(base).dataset_iri(DATASET_SLUG)
    return Target(endpoint, update, gsp_url, name)


# --------------------------------------------------------------------------- publish


def publish(
    source: Source | PublicData,
    target: Target,
    *,
    base: str | None = None,
    retry: Retry | None = None,
    progress: Callable[[str], None] | None = None,
) -> Published:
    """Replace ``target.graph`` on the server with the whole graph of ``source``."""
    retry = retry or Retry.from_env()
    say = progress or (lambda _msg: None)
    bases = bases_for(base)
    data = serialize(public_data(source, bases), "ntriples")
    expected = sum(1 for line in data.splitlines() if line.strip())
    if expected == 0:
        raise PlangraphError("nothing to publish: the graph is empty")
    tmp = URIRef(f"{TMP_GRAPH_PREFIX}{uuid.uuid4()}")
    try:
        say(f"uploading {expected} triples to temporary graph {tmp}")
        gsp_put(target.gsp, tmp, data, retry, arrived=lambda: _holds(target, tmp, expected))
        held = count_triples(target.endpoint, tmp, retry)
        if held != expected:
            raise PlangraphError(
                f"upload check failed: the server holds {held} of {expected} triples in {tmp}; "
                f"{target.graph} is unchanged"
            )
        say(f"moving {tmp} to {target.graph}")
        try:
            sparql_update(
                target.update, f"MOVE GRAPH {tmp.n3()} TO GRAPH {target.graph.n3()}", retry
            )
        except PlangraphError:
            # A retried MOVE fails if the first one went through but its answer was lost.
            if not _moved(target, tmp, expected, retry):
                raise
    except BaseException as e:
        _clean_up(target, tmp, retry, e)
        raise
    now = count_triples(target.endpoint, target.graph, retry)
    if now != expected:
        raise PlangraphError(
            f"after the swap {target.graph} holds {now} triples, expected {expected}"
        )
    return Published(target.graph, expected)


def count_triples(endpoint: str, graph: URIRef, retry: Retry | None = None) -> int:
    """How many triples the server holds in named graph ``graph``."""
    retry = retry or Retry.from_env()
    text = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph.n3()} {{ ?s ?p ?o }} }}"
    result = run(
        text,
        endpoint=endpoint,
        timeout=retry.timeout,
        attempts=retry.attempts,
        backoff=retry.backoff,
    )
    value = result.rows[0].get("n") if result.rows else None
    try:
        return int(str(value))
    except ValueError:
        raise PlangraphError(
            f"endpoint {public_url(endpoint)}: bad COUNT result {value!r}"
        ) from None


def _moved(target: Target, tmp: URIRef, expected: int, retry: Retry) -> bool:
    """Did the swap happen after all (target full, temporary graph gone)?"""
    try:
        return (
            count_triples(target.endpoint, target.graph, retry) == expected
            and count_triples(target.endpoint, tmp, retry) == 0
        )
    except PlangraphError:
        return False


def _holds(target: Target, graph: URIRef, expected: int) -> bool:
    """Does the server already hold all ``expected`` triples in ``graph`` (asked once)?"""
    try:
        return count_triples(target.endpoint, graph, Retry(30, 1, 0)) == expected
    except PlangraphError:
        return False


def _clean_up(target: Target, tmp: URIRef, retry: Retry, error: BaseException) -> None:
    """Remove the temporary graph after a failure (retried like any request); when that
    fails, raise an error that names the leftover graph and the command that removes it."""
    drop = f"DROP SILENT GRAPH {tmp.n3()}"
    interrupted = not isinstance(error, Exception)
    try:
        sparql_update(target.update, drop, Retry(min(retry.timeout, 5), 1, 0)
                      if interrupted else retry)
    except Exception as e:
        first = error.message if isinstance(error, PlangraphError) else "interrupted"
        user = " -u \"$PLANGRAPH_ENDPOINT_USER\"" if credentials() else ""
        raise PlangraphError(
            f"{first}; the server still holds the temporary graph {tmp} "
            f"({' '.join(str(e).split())[:120]}); {target.graph} is unchanged; remove the "
            f"temporary graph with: curl{user} --data-urlencode 'update={drop}' "
            f"{public_url(target.update)}",
            exit_code=error.exit_code if isinstance(error, PlangraphError) else 130,
        ) from None


# --------------------------------------------------------------------------- transport


def gsp_url(gsp: str, graph: URIRef) -> str:
    """The Graph Store URL for ``graph``: ``{graph}`` in ``gsp`` is replaced by the
    percent-encoded IRI (e.g. Virtuoso's ``?graph-uri={graph}``), else ``?graph=`` is added."""
    encoded = urllib.parse.quote(str(graph), safe="")
    if "{graph}" in gsp:
        return gsp.replace("{graph}", encoded)
    return f"{gsp}{'&' if '?' in gsp else '?'}graph={encoded}"


def gsp_put(gsp: str, graph: URIRef, data: bytes, retry: Retry,
            arrived: Callable[[], bool] | None = None) -> None:
    """Replace ``graph`` with ``data`` (N-Triples) via Graph Store Protocol PUT.

    After a timeout or a lost connection the server may have stored the data all the same:
    ``arrived()`` is asked before the PUT is sent again.
    """
    url = gsp_url(gsp, graph)
    opener = _opener(url)
    _retrying(lambda: put(opener, url, data, retry.timeout), f"graph store {public_url(gsp)}",
              retry, arrived)


def put(opener: urllib.request.OpenerDirector, url: str, data: bytes, timeout: float) -> None:
    """One PUT of N-Triples ``data`` to ``url``."""
    headers = {"Content-Type": "application/n-triples"}
    creds = credentials()
    if creds and digest_auth():  # answer the challenge before sending the body
        answer = digest.authorization(url, "PUT", *creds, timeout=timeout)
        if answer:
            headers["Authorization"] = answer
    request = urllib.request.Request(url, data=data, method="PUT", headers=headers)
    with opener.open(request, timeout=timeout) as response:
        response.read()


def _opener(url: str) -> urllib.request.OpenerDirector:
    """An opener that sends Basic credentials up front and answers Digest challenges."""
    creds = credentials()
    if creds is None:
        return urllib.request.build_opener()
    if digest_auth():
        # no Basic header up front: urllib would put it back over the Digest answer
        realm = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        realm.add_password(None, url, creds[0], creds[1])
        return urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(realm))
    manager = urllib.request.HTTPPasswordMgrWithPriorAuth()
    manager.add_password(None, url, creds[0], creds[1], is_authenticated=True)
    return urllib.request.build_opener(
        urllib.request.HTTPBasicAuthHandler(manager),
        urllib.request.HTTPDigestAuthHandler(manager),
    )


def sparql_update(endpoint: str, update: str, retry: Retry) -> None:
    """Send one SPARQL Update request with SPARQLWrapper."""
    from SPARQLWrapper import DIGEST, POST, SPARQLWrapper

    wrapper = SPARQLWrapper(endpoint, updateEndpoint=endpoint)
    wrapper.setMethod(POST)
    wrapper.setQuery(update)
    wrapper.setTimeout(max(1, round(retry.timeout)))
    creds = credentials()
    if creds is not None:
        wrapper.setCredentials(*creds)
        if digest_auth():
            wrapper.setHTTPAuth(DIGEST)

    def attempt() -> None:
        wrapper.query().response.read()

    _retrying(attempt, f"update endpoint {public_url(endpoint)}", retry)


def _retrying(action: Callable[[], T], what: str, retry: Retry,
              arrived: Callable[[], bool] | None = None) -> T | None:
    """Run ``action``; retry what :func:`_classify` calls transient, with backoff. After an
    answer that was lost (timeout, connection lost), ``arrived()`` tells whether the request
    took effect all the same: then it is not sent again."""
    for attempt in range(retry.attempts):
        try:
            try:
                return action()
            except Exception as e:
                raise _classify(e, what) from None
        except _Retryable as e:
            if attempt + 1 >= retry.attempts:
                raise PlangraphError(
                    f"{what}: {e} (gave up after {retry.attempts} attempts)"
                ) from None
            time.sleep(retry.backoff * 2**attempt)
            if e.lost and arrived is not None and arrived():
                return None
    raise AssertionError("unreachable")


def _classify(e: Exception, what: str) -> Exception:
    """A :class:`_Retryable` for transient failures, else a one-line PlangraphError."""
    from SPARQLWrapper.SPARQLExceptions import (
        EndPointInternalError,
        EndPointNotFound,
        QueryBadFormed,
        SPARQLWrapperException,
        Unauthorized,
    )

    if isinstance(e, PlangraphError):
        return e
    if isinstance(e, urllib.error.HTTPError):
        return _http_status(e.code, e.reason, what)
    if isinstance(e, EndPointInternalError):
        return _Retryable("HTTP 500 internal server error")
    if isinstance(e, Unauthorized):
        return _http_status(401, "Unauthorized", what)
    if isinstance(e, EndPointNotFound):
        return _http_status(404, "Not Found", what)
    if isinstance(e, QueryBadFormed):
        return PlangraphError(f"{what}: HTTP 400 bad request (does it support SPARQL 1.1 Update?)")
    if isinstance(e, SPARQLWrapperException):
        return PlangraphError(f"{what}: {' '.join(str(e).split())[:200]}")
    if isinstance(e, urllib.error.URLError):
        reason = e.reason
        if isinstance(reason, TimeoutError | socket.timeout):
            return _Retryable("timed out", lost=True)
        return _Retryable(f"cannot connect ({getattr(reason, 'strerror', None) or reason})")
    if isinstance(e, TimeoutError | socket.timeout):
        return _Retryable("timed out", lost=True)
    if isinstance(e, ConnectionRefusedError):
        return _Retryable(f"cannot connect ({e.strerror or e})")
    if isinstance(e, ConnectionError | http.client.HTTPException):
        return _Retryable(f"connection lost ({type(e).__name__})", lost=True)
    if isinstance(e, OSError):
        return _Retryable(f"connection failed ({e.strerror or e})")
    return PlangraphError(f"{what}: {type(e).__name__}: {' '.join(str(e).split())[:200]}")


def _http_status(code: int, reason: str, what: str) -> Exception:
    """HTTP errors: 5xx are retried, 401/403 point at the credentials, others are final."""
    if code >= 500:
        return _Retryable(f"HTTP {code} {reason}")
    if code == 401:
        hint = (
            "credentials refused"
            if credentials()
            else "needs credentials: set PLANGRAPH_ENDPOINT_USER and PLANGRAPH_ENDPOINT_PASSWORD"
        )
        return PlangraphError(f"{what}: HTTP 401 Unauthorized ({hint})")
    if code == 403:
        return PlangraphError(f"{what}: HTTP 403 Forbidden (is writing allowed for this user?)")
    return PlangraphError(f"{what}: HTTP {code} {reason}")
