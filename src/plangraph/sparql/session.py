"""Many queries on one store, answered by one persistent worker process.

Every embedded query runs in a forked child (a time limit, Ctrl-C, no network). A fresh
child per query costs far more than the fork: its first allocations copy the memory pages it
shares with this process. A :class:`QuerySession` keeps one child (a
:class:`~plangraph.runtime.worker.Worker`, offline, Ctrl-C ignored) for every query on its
store, with the same checks, limits and one-line errors::

    with QuerySession(store) as session:
        rows = session.execute("indicators", {"plan": "lampang"}).rows

A query past its time limit, or Ctrl-C, kills the worker; the next query forks a fresh one.
The worker is a copy of the store as it was when forked: a write to the store must be
announced with :meth:`QuerySession.changed` (or :func:`plangraph.runtime.worker.changed`,
which plangraph's own writes call), and the next query forks a fresh worker that sees it.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

import pyoxigraph as ox
from rdflib.term import Identifier

from plangraph.runtime import worker
from plangraph.sparql.library import QueryInfo
from plangraph.sparql.results import Result


class QuerySession:
    """Queries on ``store`` answered by one worker process kept between them."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.worker = worker.Worker(store, functools.partial(_answer, store))

    def run(self, query: QueryInfo | str, params: Mapping[str, Identifier] | None = None,
            **options: Any) -> Result:
        """:func:`plangraph.sparql.engines.run` in this session."""
        from plangraph.sparql.engines import run

        return run(query, params, session=self, **options)

    def execute(self, query: str | Path | QueryInfo, raw_params: Mapping[str, str] | None = None,
                **options: Any) -> Result:
        """:func:`plangraph.sparql.engines.execute` in this session."""
        from plangraph.sparql.engines import execute

        return execute(query, raw_params, session=self, **options)

    def answer(self, info: QueryInfo, params: Mapping[str, Identifier],
               timeout: float | None) -> Result | bytes:
        """The checked query's answer from the worker (pyoxigraph's bytes, or an ASK's Result)."""
        return self.worker.call((info, dict(params)), timeout, info.source)

    def changed(self) -> None:
        """Say that the store was written: the next query forks a worker that sees it."""
        worker.changed(self.store)

    def close(self) -> None:
        """Stop the worker (a later query would fork a fresh one)."""
        self.worker.close()

    def __enter__(self) -> QuerySession:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def _answer(store: ox.Store, request: tuple[QueryInfo, dict[str, Identifier]]) -> Result | bytes:
    """In the worker: check and run one query."""
    from plangraph.sparql.engines import answer_checked

    info, params = request
    return answer_checked(info, params, "oxigraph", store=store)
