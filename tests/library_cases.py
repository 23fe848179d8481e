"""Run every library query embedded (rdflib) and on an endpoint, and compare the rows.

Each query runs with its defaults; each parameter also runs once with a sample value
taken from the embedded results (the first value of the same-named column in any
library query), which exercises the parameters written in place for endpoints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from rdflib import Dataset, URIRef
from rdflib.term import Identifier

from plangraph.graph.load import load
from plangraph.graph.terms import to_nt
from plangraph.sparql.engines import run
from plangraph.sparql.library import Param, QueryInfo, list_queries
from plangraph.sparql.params import bind_params, known_prefixes
from plangraph.sparql.results import Result


@dataclass(frozen=True)
class Case:
    """One library query with raw parameter values."""

    info: QueryInfo
    raw: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.info.name + "".join(f"[{k}={v}]" for k, v in self.raw.items())


# Used when no library query returns a column named like a required parameter.
FALLBACK_SAMPLES = {"string": "ท่องเที่ยว", "integer": "1"}


def library_cases(ds: Dataset) -> list[Case]:
    """Defaults for every query, plus one sample per parameter where one can be found."""
    queries = list_queries()
    columns: dict[str, list[Identifier]] = {}
    for info in queries:
        if any(p.required and p.default is None for p in info.params):
            continue
        for row in embedded(ds, Case(info)).rows:
            for name, value in row.items():
                if value is not None:
                    columns.setdefault(name, []).append(value)
    cases = []
    for info in queries:
        samples = {p.name: _sample(p, columns) for p in info.params}
        missing = [p for p in info.params if p.required and p.default is None]
        required = {p.name: samples[p.name] for p in missing}
        if None in required.values():
            continue  # no way to run it
        if not missing:
            cases.append(Case(info))
        for p in info.params:
            if samples[p.name] is not None:
                cases.append(Case(info, {**required, p.name: samples[p.name]}))  # type: ignore[dict-item]
    return cases


def _sample(param: Param, columns: dict[str, list[Identifier]]) -> str | None:
    """The first value of the same-named column that fits the parameter's type."""
    for value in columns.get(param.name, []):
        if (param.type == "IRI") == isinstance(value, URIRef):
            if param.type in ("integer", "decimal") and not str(value).lstrip("-").isdigit():
                continue
            return str(value)
    return FALLBACK_SAMPLES.get(param.type) if param.required else None


def embedded(ds: Dataset, case: Case) -> Result:
    """The case run by rdflib on the loaded Dataset."""
    params = bind_params(case.info, case.raw, known_prefixes(ds, case.info.text))
    return run(case.info, params, graph=ds)


def remote(ds: Dataset, case: Case, endpoint: str) -> Result:
    """The case run on ``endpoint`` (SPARQLWrapper, parameters written in place)."""
    params = bind_params(case.info, case.raw, known_prefixes(ds, case.info.text))
    return run(case.info, params, endpoint=endpoint)


def rows(result: Result) -> list[tuple[str, ...]]:
    """Rows as N-Triples strings (exact terms), sorted: a multiset to compare."""
    return sorted(tuple(to_nt(t) for t in row) for row in result.as_tuples())


def assert_same(expected: Result, actual: Result) -> None:
    """Same variables, same boolean, same rows (as multisets of exact terms)."""
    assert actual.vars == expected.vars
    assert actual.boolean == expected.boolean
    assert rows(actual) == rows(expected)


@cache
def expectations() -> tuple[Dataset, list[tuple[Case, Result]]]:
    """The project's Dataset and every case's embedded result (computed once per run)."""
    ds = load()
    return ds, [(case, embedded(ds, case)) for case in library_cases(ds)]


def mismatches(endpoint: str) -> list[str]:
    """Cases whose rows on ``endpoint`` differ from the embedded run (empty: all match)."""
    ds, expected = expectations()
    problems = []
    for case, want in expected:
        try:
            assert_same(want, remote(ds, case, endpoint))
        except AssertionError as e:
            problems.append(f"{case.id}: {' '.join(str(e).split())[:300]}")
    return problems
