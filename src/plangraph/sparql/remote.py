"""Run a query against a remote SPARQL 1.1 endpoint (SPARQLWrapper), parameters in ``VALUES``."""


from __future__ import annotations

import io
import os
import time
import urllib.error
from collections.abc import Mapping
from typing import Any

from pyparsing import ParseBaseException
from rdflib import Literal, URIRef, Variable
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result as RdflibResult
from rdflib.term import Identifier

from plangraph.errors import PlangraphError
from plangraph.graph.terms import to_nt
from plangraph.sparql.library import VAR_NAME as _VAR_NAME
from plangraph.sparql.library import QueryInfo
from plangraph.sparql.results import Result
from plangraph.sparql.safety import _syntax_error, _walk, check_network


def values_block(params: Mapping[str, Identifier]) -> str:
    """``VALUES (?a ?b) { (<iri> "lit") }`` from RDF terms (N-Triples forms)."""
    if not params:
        return ""
    for name, term in params.items():
        if not _VAR_NAME.match(name):
            raise PlangraphError(f"parameter name {name!r} is not a SPARQL variable name")
        if not isinstance(term, URIRef | Literal):
            raise PlangraphError(f"parameter {name}: only IRIs and literals can be sent")
    names = " ".join(f"?{n}" for n in params)
    values = " ".join(to_nt(term) for term in params.values())
    return f"VALUES ({names}) {{ ({values}) }}"


def _where_locator() -> Any:
    """A pyparsing expression whose result is the offset of the outermost WHERE ``{``."""
    from pyparsing import CaselessKeyword as Keyword
    from pyparsing import Empty, Optional, ZeroOrMore
    from rdflib.plugins.sparql import parser as grammar

    marker = Empty().set_parse_action(lambda _s, loc, _t: [loc])
    head = grammar.SelectClause | Keyword("ASK")
    expr = (
        grammar.Prologue
        + head
        + ZeroOrMore(grammar.DatasetClause)
        + Optional(Keyword("WHERE"))
        + marker
    )
    # rdflib's own comment rule (already on its sub-grammars, so nothing is added twice).
    for ignored in grammar.QueryUnit.ignoreExprs:
        expr.ignore(ignored)
    return expr


_WHERE_LOCATOR: Any = None


def where_brace(text: str) -> int:
    """Offset of the ``{`` that opens the outermost WHERE group of a SELECT/ASK query."""
    global _WHERE_LOCATOR
    if _WHERE_LOCATOR is None:
        _WHERE_LOCATOR = _where_locator()
    loc = _WHERE_LOCATOR.parse_string(text)[-1]
    if not isinstance(loc, int) or text[loc : loc + 1] != "{":
        raise PlangraphError("cannot find the WHERE clause to bind parameters")
    return loc


def with_values(info: QueryInfo, params: Mapping[str, Identifier]) -> str:
    """The query text with ``VALUES (?a ?b) { (...) }`` opening its outermost WHERE group.

    For remote endpoints, which cannot pre-bind variables. Placed first in the WHERE
    group, the VALUES block is joined before the group's FILTERs, BINDs, OPTIONALs and
    before aggregation, so it acts like rdflib's ``initBindings`` and pyoxigraph's
    substitutions. (A *trailing* VALUES clause, which rdflib's SPARQLStore uses, is
    joined after all of that: a FILTER on the parameter then sees it unbound. See
    FIELD-NOTES.) Sub-SELECTs see the value only through the variables they project.
    TODO(queries): run each library query with parameters against a real server.

    The result is parsed again and its VALUES must equal ``params`` exactly, so a term
    that could break out of the block (quotes, braces) cannot pass unnoticed.
    """
    if not params:
        return info.text
    try:
        brace = where_brace(info.text)
    except ParseBaseException as e:
        raise _syntax_error(info.source, e) from None
    block = values_block(params)
    text = f"{info.text[: brace + 1]}\n  {block}\n{info.text[brace + 1 :]}"
    try:
        algebra = translateQuery(parseQuery(text), initNs={}).algebra
    except ParseBaseException:
        raise PlangraphError(
            f"{info.source}: cannot bind parameters for an endpoint here (is the WHERE clause "
            "a bare sub-SELECT? wrap it in another pair of braces)"
        ) from None
    expected = [{Variable(k): v for k, v in params.items()}]
    if not any(n.name == "values" and n.get("res") == expected for n in _walk(algebra)):
        raise PlangraphError(f"{info.source}: parameters did not survive serialization")
    return text


def env_number(name: str, default: float) -> float:
    """A number from the environment (endpoint timeout/retry knobs for tests and CI)."""
    value = os.environ.get(name)
    try:
        return float(value) if value else default
    except ValueError:
        raise PlangraphError(f"{name}={value!r} is not a number") from None


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

    Parameters go in a ``VALUES`` block opening the WHERE clause (:func:`with_values`).
    Credentials come from ``PLANGRAPH_ENDPOINT_USER``/``PLANGRAPH_ENDPOINT_PASSWORD``.
    Connection errors and HTTP 5xx are tried ``attempts`` times in all, waiting
    ``backoff * 2**n`` seconds between tries; defaults come from
    ``PLANGRAPH_ENDPOINT_TIMEOUT`` (30 s), ``..._ATTEMPTS`` (3) and ``..._BACKOFF`` (0.5 s).
    """
    from SPARQLWrapper import ASK, JSON, POST, SELECT, SPARQLWrapper

    if timeout is None:
        timeout = env_number("PLANGRAPH_ENDPOINT_TIMEOUT", 30)
    if attempts is None:
        attempts = int(env_number("PLANGRAPH_ENDPOINT_ATTEMPTS", 3))
    attempts = max(1, attempts)
    if backoff is None:
        backoff = env_number("PLANGRAPH_ENDPOINT_BACKOFF", 0.5)
    if prepared is None:
        prepared = check_network(info.text, source=info.source)
    wrapper = SPARQLWrapper(endpoint)
    wrapper.setQuery(with_values(info, params))
    # SPARQLWrapper guesses the type from the text, and a word in a comment can fool it
    # (progress.rq's "moved" read as MOVE, an update): say what the parser found
    wrapper.queryType = ASK if prepared.algebra.name == "AskQuery" else SELECT
    wrapper.setMethod(POST)
    wrapper.setReturnFormat(JSON)
    wrapper.setTimeout(max(1, round(timeout)))
    user = os.environ.get("PLANGRAPH_ENDPOINT_USER")
    if user:
        wrapper.setCredentials(user, os.environ.get("PLANGRAPH_ENDPOINT_PASSWORD", ""))
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
    try:
        res = RdflibResult.parse(io.BytesIO(body), format="json")
    except Exception as e:
        raise PlangraphError(f"endpoint {endpoint}: bad JSON results: {e}") from None
    return Result.from_rdflib(res)


def _fetch(wrapper: Any, endpoint: str) -> bytes:
    """One request; sorts failures into retryable and final (PlangraphError)."""
    from SPARQLWrapper.SPARQLExceptions import EndPointInternalError, SPARQLWrapperException

    try:
        response = wrapper.query().response
        return response.read()
    except EndPointInternalError:
        raise _Retryable("HTTP 500 internal server error") from None
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


def _reason(reason: Any) -> str:
    """``Connection refused`` rather than ``[Errno 111] Connection refused``."""
    return getattr(reason, "strerror", None) or str(reason)


def _short(e: Exception, limit: int = 200) -> str:
    """A SPARQLWrapper error as one short line (its text embeds the response body)."""
    text = " ".join(str(e).split())
    return text if len(text) <= limit else text[:limit] + "..."
