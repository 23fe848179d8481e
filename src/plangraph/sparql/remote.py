"""Run a query against a remote SPARQL 1.1 endpoint (SPARQLWrapper), parameters written in place."""


from __future__ import annotations

import os
import time
import urllib.error
from collections.abc import Mapping
from typing import Any

from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Identifier

from plangraph.errors import PlangraphError
from plangraph.sparql.answers import conform
from plangraph.sparql.inplace import substitute, template_query
from plangraph.sparql.library import QueryInfo
from plangraph.sparql.results import Result
from plangraph.sparql.safety import check_network, check_query
from plangraph.sparql.wire import read_json


def env_number(name: str, default: float) -> float:
    """A number from the environment (endpoint timeout/retry knobs for tests and CI)."""
    value = os.environ.get(name)
    try:
        return float(value) if value else default
    except ValueError:
        raise PlangraphError(f"{name}={value!r} is not a number") from None


def credentials() -> tuple[str, str] | None:
    """``PLANGRAPH_ENDPOINT_USER`` and ``PLANGRAPH_ENDPOINT_PASSWORD``, when a user is set."""
    user = os.environ.get("PLANGRAPH_ENDPOINT_USER")
    return (user, os.environ.get("PLANGRAPH_ENDPOINT_PASSWORD", "")) if user else None


def digest_auth() -> bool:
    """``PLANGRAPH_ENDPOINT_AUTH=digest``: the server speaks Digest only (e.g. Virtuoso's
    ``/sparql-auth``); otherwise credentials go as HTTP Basic."""
    return os.environ.get("PLANGRAPH_ENDPOINT_AUTH", "").lower() == "digest"


class _Retryable(Exception):
    """A failure worth another try (connection refused/reset, HTTP 5xx)."""


def run_endpoint(
    info: QueryInfo,
    params: Mapping[str, Identifier],
    endpoint: str,
    *,
    prepared: Query | None = None,
    timeout: float | None = None,
    attempts: int | None = None,
    backoff: float | None = None,
) -> Result:
    """Run against a SPARQL endpoint with SPARQLWrapper (POST, JSON results).

    Parameters are written into the text as RDF terms (:func:`plangraph.sparql.inplace.substitute`);
    the text sent is the text checked for network access. Boolean columns answered as
    ``1``/``0`` and duplicates under DISTINCT (Virtuoso) are put right
    (:mod:`plangraph.sparql.answers`).
    Credentials come from ``PLANGRAPH_ENDPOINT_USER``/``PLANGRAPH_ENDPOINT_PASSWORD``, as
    HTTP Digest when ``PLANGRAPH_ENDPOINT_AUTH=digest`` (:func:`digest_auth`), else Basic.
    Connection errors and HTTP 5xx are tried ``attempts`` times in all, waiting
    ``backoff * 2**n`` seconds between tries; defaults come from
    ``PLANGRAPH_ENDPOINT_TIMEOUT`` (30 s), ``..._ATTEMPTS`` (3) and ``..._BACKOFF`` (0.5 s).
    """
    from SPARQLWrapper import ASK, DIGEST, JSON, POST, SELECT, SPARQLWrapper

    if timeout is None:
        timeout = env_number("PLANGRAPH_ENDPOINT_TIMEOUT", 30)
    if attempts is None:
        attempts = int(env_number("PLANGRAPH_ENDPOINT_ATTEMPTS", 3))
    attempts = max(1, attempts)
    if backoff is None:
        backoff = env_number("PLANGRAPH_ENDPOINT_BACKOFF", 0.5)
    text = substitute(info, params)
    if text != info.text:  # checked as sent; its form and columns are its proven template's
        check_query(text, source=info.source)  # (no parse of every new value's text)
        prepared = template_query(info, tuple(params))
    elif prepared is None:
        prepared = check_network(text, source=info.source)
    wrapper = SPARQLWrapper(endpoint)
    # its documented fields, not setQuery: that guesses the form from the text, where a word
    # in a comment can fool it (progress.rq's "moved" read as MOVE, an update) and its regex
    # over the comments costs a third of a millisecond; the form is the one the parser found
    wrapper.queryString = text
    wrapper.queryType = ASK if prepared.algebra.name == "AskQuery" else SELECT
    wrapper.setMethod(POST)
    wrapper.setReturnFormat(JSON)
    wrapper.setTimeout(max(1, round(timeout)))
    if login := credentials():
        wrapper.setCredentials(*login)
        if digest_auth():
            wrapper.setHTTPAuth(DIGEST)
    for attempt in range(attempts):
        try:
            body = _fetch(wrapper, endpoint)
            break
        except _Retryable as e:
            if attempt + 1 >= attempts:
                raise PlangraphError(
                    f"endpoint {endpoint}: {e} (gave up after {attempts} attempts)"
                ) from None
            time.sleep(backoff * 2**attempt)
    return conform(read_json(body, endpoint), prepared)


def _fetch(wrapper: Any, endpoint: str) -> bytes:
    """One request; sorts failures into retryable and final (PlangraphError)."""
    from SPARQLWrapper.SPARQLExceptions import (
        EndPointInternalError,
        SPARQLWrapperException,
        Unauthorized,
    )

    try:
        response = wrapper.query().response
        return response.read()
    except EndPointInternalError:
        raise _Retryable("HTTP 500 internal server error") from None
    except Unauthorized:
        raise PlangraphError(f"endpoint {endpoint}: HTTP 401 Unauthorized ({_login_hint()})"
                             ) from None
    except urllib.error.HTTPError as e:
        if e.code >= 500:
            raise _Retryable(f"HTTP {e.code} {e.reason}") from None
        raise PlangraphError(f"endpoint {endpoint}: HTTP {e.code} {e.reason}") from None
    except SPARQLWrapperException as e:
        raise PlangraphError(f"endpoint {endpoint}: {_short(e)}") from None
    except urllib.error.URLError as e:
        reason = e.reason
        if isinstance(reason, TimeoutError):
            raise PlangraphError(f"endpoint {endpoint}: timed out") from None
        raise _Retryable(f"cannot connect ({_reason(reason)})") from None
    except TimeoutError:
        raise PlangraphError(f"endpoint {endpoint}: timed out") from None
    except (ConnectionError, OSError) as e:
        raise _Retryable(f"connection failed ({_reason(e)})") from None


def _login_hint() -> str:
    """What to try after a 401, from what was sent."""
    if credentials() is None:
        return "set PLANGRAPH_ENDPOINT_USER and PLANGRAPH_ENDPOINT_PASSWORD"
    if digest_auth():
        return "the user or password was refused (sent as HTTP Digest)"
    return ("the user or password was refused (sent as HTTP Basic; "
            "PLANGRAPH_ENDPOINT_AUTH=digest sends Digest, e.g. for Virtuoso)")


def _reason(reason: Any) -> str:
    """``Connection refused`` rather than ``[Errno 111] Connection refused``."""
    return getattr(reason, "strerror", None) or str(reason)


def _short(e: Exception, limit: int = 200) -> str:
    """A SPARQLWrapper error as one short line (its text embeds the response body)."""
    text = " ".join(str(e).split())
    return text if len(text) <= limit else text[:limit] + "..."
