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


def same_rows(name: str, graph: Graph, form: str = "plain", across: bool = True,
              raw: dict[str, str] | None = None,
              order_by: str | None = None) -> list[tuple[str, ...]]:
    """Both forms of ``name`` (the library's and ``form``), with parameters ``raw``, on both
    engines give the same rows (pyoxigraph's, returned, sorted) and, with ``order_by``, that
    column in the same order; ``across=False``: on each engine, not between them (pyoxigraph
    writes numbers in canonical form, oxigraph#526)."""
    plain_q, shaped_q = plain_and_shaped(name, form)
    store = to_oxigraph(graph)
    found = []
    for engine in ("rdflib", "oxigraph"):
        plain = execute(plain_q, raw, graph=graph, engine=engine, store=store)
        shaped = execute(shaped_q, raw, graph=graph, engine=engine, store=store)
        assert shaped.vars == plain.vars
        assert rows(shaped) == rows(plain), engine
        if order_by is not None:
            assert [r[order_by] for r in shaped.rows] == [r[order_by] for r in plain.rows], \
                engine
        found.append(rows(shaped))
    assert found[0] == found[1] or not across
    return found[1]


def synthetic_graph(folder: Path, provinces: int = 3, years: int = 0, seed: int = 11) -> Graph:
    """A small synthetic cascade, merged into one graph."""
    _, files = write(Spec(provinces=provinces, years=years, seed=seed), folder)
    return merged(load(validation_sources(files)))
