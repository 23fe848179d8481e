"""Helpers for the tests that a library query shaped for speed gives the rows of its plain
form (tests/fixtures/queries/*-plain.rq) on rdflib and on pyoxigraph."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from plangraph.graph.load import load, merged
from plangraph.graph.terms import to_nt, to_oxigraph
from plangraph.sparql.engines import execute
from plangraph.sparql.library import QueryInfo, read_query, resolve
from plangraph.sparql.results import Result
from plangraph.synth import Spec, write
from plangraph.validate import validation_sources


def plain_and_shaped(name: str, form: str = "plain") -> tuple[QueryInfo, QueryInfo]:
    """An earlier form kept as a fixture (``{name}-{form}.rq``) and the library query ``name``."""
    return read_query(Path(__file__).parent / "fixtures" / "queries" / f"{name}-{form}.rq"), \
        resolve(name)


def rows(result: Result) -> list[tuple[str, ...]]:
    """Rows as sorted tuples of N-Triples forms."""
    return sorted(tuple(to_nt(t) for t in row) for row in result.as_tuples())


def same_rows(name: str, graph: Graph, form: str = "plain",
              across: bool = True) -> list[tuple[str, ...]]:
    """Both forms of ``name`` (the library's and ``form``) on both engines give the same rows
    (pyoxigraph's, returned); ``across=False``: on each engine, not between them (pyoxigraph
    writes numbers in canonical form, oxigraph#526)."""
    plain_q, shaped_q = plain_and_shaped(name, form)
    store = to_oxigraph(graph)
    found = []
    for engine in ("rdflib", "oxigraph"):
        plain = execute(plain_q, graph=graph, engine=engine, store=store)
        shaped = execute(shaped_q, graph=graph, engine=engine, store=store)
        assert shaped.vars == plain.vars
        assert rows(shaped) == rows(plain), engine
        found.append(rows(shaped))
    assert found[0] == found[1] or not across
    return found[1]


def same_rows_with(name: str, graph: Graph, raw: dict[str, str], order_by: str,
                   form: str = "previous") -> list[tuple[str, ...]]:
    """Both forms of ``name`` with parameters ``raw``, on each engine: the same rows, and the
    ``order_by`` column in the same order (pyoxigraph's rows returned, sorted)."""
    previous, shaped = plain_and_shaped(name, form)
    store = to_oxigraph(graph)
    found = []
    for engine in ("rdflib", "oxigraph"):
        before = execute(previous, raw, graph=graph, engine=engine, store=store)
        now = execute(shaped, raw, graph=graph, engine=engine, store=store)
        assert now.vars == before.vars
        assert rows(now) == rows(before), engine
        assert [r[order_by] for r in now.rows] == [r[order_by] for r in before.rows], engine
        found.append(rows(now))
    return found[1]


def synthetic_graph(folder: Path, provinces: int = 3, years: int = 0, seed: int = 11) -> Graph:
    """A small synthetic cascade, merged into one graph."""
    _, files = write(Spec(provinces=provinces, years=years, seed=seed), folder)
    return merged(load(validation_sources(files)))
