"""Run a query on an engine: rdflib, pyoxigraph (embedded) or a remote endpoint."""


from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
import rdflib.plugins.sparql
from rdflib import Dataset, Graph
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Identifier

from plangraph.errors import PlangraphError
from plangraph.graph.terms import to_oxigraph
from plangraph.runtime.deadline import run_with_deadline
from plangraph.sparql.exists import check_exists, rows_vouch
from plangraph.sparql.inplace import substitute
from plangraph.sparql.library import QueryInfo, _info_from_text, resolve
from plangraph.sparql.params import bind_params, known_prefixes
from plangraph.sparql.remote import run_endpoint
from plangraph.sparql.results import Result
from plangraph.sparql.safety import CACHED_TEXT, check_bindable, check_network, check_query
from plangraph.sparql.wire import ANSWER_FORMAT, read_oxigraph

if TYPE_CHECKING:
    from plangraph.sparql.session import QuerySession

ENGINES = ("rdflib", "oxigraph", "endpoint")
#: The embedded engine used unless one is named: pyoxigraph answers the library queries
#: 5–100× faster than rdflib's in-memory store at 10× data (docs/benchmarks.md), with the
#: same answers (tests). ``PLANGRAPH_ENGINE=rdflib`` (or ``--engine rdflib``) keeps the
#: plain rdflib store.
DEFAULT_ENGINE = os.environ.get("PLANGRAPH_ENGINE", "oxigraph")
# rdflib would read ``FROM <file:…>`` / ``FROM NAMED`` from disk or the web: local files reach
# a query only through --data, so FROM names a graph of the loaded data, never a file.
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False


# --------------------------------------------------------------------------- engines


#: Seconds a query may run unless told otherwise (``--timeout``, ``timeout=``).
DEFAULT_QUERY_TIMEOUT = 120.0


def run(
    query: QueryInfo | str,
    params: Mapping[str, Identifier] | None = None,
    *,
    engine: str | None = None,
    graph: Graph | None = None,
    store: ox.Store | None = None,
    endpoint: str | None = None,
    allow_network: bool = False,
    timeout: float | None = None,
    inline: bool = False,
    session: QuerySession | None = None,
    **endpoint_options: Any,
) -> Result:
    """Run a query with pre-bound ``params`` (already RDF terms, see :func:`bind_params`).

    ``engine`` is ``rdflib`` (over ``graph``, default :func:`plangraph.load.load`),
    ``oxigraph`` (over ``store``, default built from ``graph``) or ``endpoint`` (implied by
    ``endpoint=URL``; ``endpoint_options`` go to :func:`run_endpoint`); by default
    :data:`DEFAULT_ENGINE`. The check and the run happen in a forked child stopped after
    ``timeout`` seconds (default :data:`DEFAULT_QUERY_TIMEOUT`; 0 for no limit) or on
    Ctrl-C; an embedded engine's child has no network unless ``allow_network``. For an
    endpoint ``timeout`` is the limit of each HTTP request (:func:`run_endpoint`).
    ``inline`` runs here, with no child and no limit: only for lookups known to be quick
    (the existence ASK of a parameter), where a fork would cost more than the query.
    A ``session`` (:class:`~plangraph.sparql.session.QuerySession`) answers in its worker,
    kept from one query to the next, over its store (unless ``allow_network``).
    """
    info = query if isinstance(query, QueryInfo) else inline_query(query)
    params = dict(params or {})
    if session is not None:
        if engine not in (None, "oxigraph") or endpoint is not None:
            raise PlangraphError("a query session runs on engine 'oxigraph' only")
        if store is not None and store is not session.store:
            raise PlangraphError("a query session answers over its own store only")
        engine, store = "oxigraph", session.store
    engine = engine or DEFAULT_ENGINE
    if endpoint is not None:
        engine = "endpoint"
    if engine not in ENGINES:
        raise PlangraphError(f"unknown engine {engine!r} (use {', '.join(ENGINES)})")
    if engine == "endpoint" and not endpoint:
        raise PlangraphError("engine 'endpoint' needs an endpoint URL")
    if engine == "oxigraph" and store is None:
        store = to_oxigraph(graph if graph is not None else _default_graph())
    if engine == "rdflib" and graph is None:
        if store is not None:
            raise PlangraphError("engine 'rdflib' needs an rdflib graph; a pyoxigraph store "
                                 "runs on engine 'oxigraph'")
        graph = _default_graph()
    if timeout is not None and timeout < 0:
        raise PlangraphError(f"--timeout must be 0 (no limit) or positive, not {timeout:g}")

    if engine == "endpoint" and timeout is not None:  # each request has its own timeout
        endpoint_options["timeout"] = timeout
    if engine == "oxigraph" and params:  # here, where the proofs are remembered across calls
        info, params = in_place(info, params, allow_network), {}
    job = functools.partial(answer_checked, info, params, engine, allow_network, store=store,
                            graph=graph, endpoint=endpoint, **endpoint_options)
    limit = DEFAULT_QUERY_TIMEOUT if timeout is None else timeout
    if engine == "endpoint" or inline:  # here: an endpoint's attempts are bounded and a
        answer = job()  # Ctrl-C stops Python's HTTP client; no child, no rows sent back
    elif session is not None and not allow_network:  # the session's worker is offline
        answer = session.answer(info, params, limit)
    else:
        if engine == "rdflib":
            _parse_here(info, allow_network)
        answer = run_with_deadline(job, limit, info.source, offline=not allow_network)
    return answer if isinstance(answer, Result) else read_oxigraph(answer, info.source)


def answer_checked(info: QueryInfo, params: Mapping[str, Identifier], engine: str,
                   allow_network: bool = False, *, store: ox.Store | None = None,
                   graph: Graph | None = None, endpoint: str | None = None,
                   **endpoint_options: Any) -> Result | bytes:
    """Check the text that is run, then run it (what the query's child or worker does).
    The embedded engine gets its parameters already written in place (:func:`run` calls
    :func:`in_place` in the parent); :func:`answer_oxigraph` refuses any left over."""
    scan = check_query(info.text, allow_network, info.source)
    checked = info if scan.text == info.text else replace(info, text=scan.text)
    if engine == "oxigraph":  # pyoxigraph parses (and nests) on its own
        if scan.form is not None:  # without one, pyoxigraph reports the syntax error
            _select_or_ask(scan.form, info.source)
        assert store is not None
        return answer_oxigraph(checked, params, store)
    prepared = _prepared(checked, params, allow_network)
    if engine == "endpoint":
        return run_endpoint(checked, params, endpoint or "", prepared=prepared,
                            **endpoint_options)
    assert graph is not None
    return run_rdflib(checked, params, graph, prepared)


def in_place(info: QueryInfo, params: Mapping[str, Identifier],
             allow_network: bool = False) -> QueryInfo:
    """The checked query with its parameters written in place (:func:`inplace.substitute`):
    the text the embedded engine runs, the very text an endpoint is sent. The engine's
    child checks it again (:func:`answer_checked`): what it runs is what was checked.
    Remembered for the same query, values and ``allow_network`` (bounded): the same
    checks pass again on the same text, and its ``source`` is made once."""
    exact = tuple((name, term, getattr(term, "language", None)) for name, term in params.items())
    return _in_place(info, exact, allow_network)  # rdflib's == ignores a language tag's case


@functools.lru_cache(maxsize=256)
def _in_place(info: QueryInfo, params: tuple[tuple[str, Identifier, str | None], ...],
              allow_network: bool) -> QueryInfo:
    """:func:`in_place`, done (an error is not remembered: it is raised again)."""
    done = _check_in_place(info, {name: term for name, term, _ in params}, allow_network)
    _ = done.source  # made here, once, while remembered
    return done


def _check_in_place(info: QueryInfo, params: Mapping[str, Identifier],
                    allow_network: bool) -> QueryInfo:
    checked = replace(info, text=check_query(info.text, allow_network, info.source).text)
    if not params:
        _prepared(checked, params, allow_network)
        return checked
    # proven (and each parameter found projected) by parsing the template and the text, or
    # in parts after a proof of the same kind of term, in this process or an earlier one
    return replace(info, text=substitute(checked, params))


def _prepared(checked: QueryInfo, params: Mapping[str, Identifier],
              allow_network: bool) -> Query:
    """rdflib's parse of cleaned text (remembered), a SELECT or ASK, ``params`` bindable."""
    prepared = check_network(checked.text, allow_network, checked.source)
    _select_or_ask(prepared.algebra.name.removesuffix("Query").upper(), checked.source)
    check_bindable(checked, prepared, params)
    return prepared


def _parse_here(info: QueryInfo, allow_network: bool) -> None:
    """rdflib's parse of a small query, made in this process (once: it is cached) so that
    the forked job finds it done rather than parsing again every time."""
    if len(info.text) <= CACHED_TEXT:
        check_network(info.text, allow_network, info.source)


def _select_or_ask(form: str, source: str) -> None:
    """Only SELECT and ASK results are rows."""
    if form not in ("SELECT", "ASK"):
        raise PlangraphError(f"{source}: {form} queries are not supported; use SELECT or ASK")


def resolve_text(query: str | Path) -> QueryInfo:
    """A library name, a ``.rq`` path, or else (with a space or a brace) the query text."""
    text = str(query)
    if not isinstance(query, str) or text.endswith(".rq"):
        return resolve(query)
    try:
        is_file = Path(text).is_file()
    except (OSError, ValueError):  # too long for a file name, or a NUL
        is_file = False
    if not is_file and (any(c.isspace() for c in text) or "{" in text):
        return inline_query(text)
    return resolve(query)


def inline_query(text: str) -> QueryInfo:
    """A QueryInfo for query text given directly."""
    return _info_from_text(text, name="query", path=None, source="<query>")


def _default_graph() -> Dataset:
    """The project's default sources (imported late: load pulls in the parsers)."""
    from plangraph.graph.load import load

    return load()


def run_rdflib(
    info: QueryInfo, params: Mapping[str, Identifier], graph: Graph, prepared: Query | None = None
) -> Result:
    """Evaluate with rdflib; parameters become ``initBindings`` (pre-bound variables). Not
    written in place: rdflib has no planner that a constant would help, and a new text per
    value would cost rdflib's parse (35–700 ms for a library query) on every call."""
    query = prepared or check_network(info.text, source=info.source)  # never the raw text
    try:
        res = graph.query(query, initBindings=dict(params))
        return Result.from_rdflib(res)
    except PlangraphError:
        raise
    except Exception as e:
        raise PlangraphError(f"{info.source}: query failed (rdflib): {e}") from None


# ---- oxigraph


def answer_oxigraph(info: QueryInfo, params: Mapping[str, Identifier],
                    store: ox.Store) -> Result | bytes:
    """The answer as pyoxigraph writes it (SPARQL TSV results, made in Rust: what a forked
    child sends back, far cheaper than Python rows to pickle, and the quickest form to read
    back, :func:`read_oxigraph`), or an ASK's Result. ``info.text`` must be the cleaned
    text that :func:`check_query` returned, with any ``params`` written in place (no
    ``substitutions``: one mechanism with the endpoints, and Oxigraph plans a constant in
    the text better, docs/benchmarks.md); ``params`` are refused here."""
    if params:
        raise PlangraphError(f"{info.source}: parameters reach the embedded engine written in "
                             "place (engines.in_place), not as substitutions")
    try:
        res = store.query(info.text, use_default_graph_as_union=True)
        if isinstance(res, ox.QueryBoolean):
            return Result.ask(bool(res))
        if not isinstance(res, ox.QuerySolutions):
            raise PlangraphError(f"{info.source}: only SELECT and ASK queries are supported")
        # solutions are computed lazily: evaluation errors surface while writing them
        return res.serialize(format=ANSWER_FORMAT)
    except SyntaxError as e:
        raise PlangraphError(f"{info.source}: syntax error (oxigraph): {e}") from None
    except (OSError, RuntimeError, ValueError) as e:
        raise PlangraphError(f"{info.source}: query failed (oxigraph): {e}") from None


# ---- remote endpoint


def execute(
    query: str | Path | QueryInfo,
    raw_params: Mapping[str, str] | None = None,
    *,
    graph: Graph | None = None,
    sources: Iterable[Path] | None = None,
    namespaces: Mapping[str, str] | None = None,
    **run_options: Any,
) -> Result:
    """Resolve a library query (name, path, QueryInfo or query text), bind raw parameters,
    run it (``run_options`` go to :func:`run`, e.g. ``timeout``).

    Without ``graph`` (and without an endpoint or a pyoxigraph ``store``) the ``sources``
    (default: the project's files) are loaded. ``namespaces`` are prefixes for CURIE
    parameters beyond the graph's (e.g. :attr:`plangraph.load.Quads.prefixes`).
    """
    info = query if isinstance(query, QueryInfo) else resolve_text(query)
    if run_options.get("session") is not None and run_options.get("store") is None:
        run_options["store"] = run_options["session"].store
    if graph is None and run_options.get("store") is None and run_options.get("endpoint") is None:
        from plangraph.graph.load import load

        graph = load(sources)
    params = bind_params(info, raw_params or {}, known_prefixes(graph, info.text, namespaces))
    remote = run_options.get("endpoint") is not None
    embedded = not remote and (run_options.get("engine") or DEFAULT_ENGINE) == "oxigraph"
    if embedded and graph is not None and run_options.get("store") is None:
        run_options["store"] = to_oxigraph(graph)  # once, for the check and the query

    def ask(check: QueryInfo, bound: Mapping[str, Identifier]) -> Result:
        return run(check, bound, graph=graph, inline=True, **run_options)

    # rdflib binds parameters (initBindings); the others run them written in place, the form
    # whose rows rows_vouch reads
    written_in_place = remote or embedded
    if not (written_in_place and params and rows_vouch(info, tuple(params))):
        check_exists(info, params, ask)
        return run(info, params, graph=graph, **run_options)
    result = run(info, params, graph=graph, **run_options)  # its rows show the names are there
    if not (result.rows or result.boolean):  # none: is it because a name names nothing?
        check_exists(info, params, ask)
    return result
