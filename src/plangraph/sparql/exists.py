"""Parameters that name something must name something that is there.

A parameter naming an element that the data does not hold would otherwise give an empty
table, which reads as "no answer" rather than "wrong name". Before a library query runs,
each IRI parameter (and a ``plan`` identifier) is looked up with a small ASK on the same
engine, the value bound as a checked RDF term like any other parameter.

Where the query's own rows already prove it (:func:`rows_vouch`), the lookup waits for the
answer and is made only when the answer is empty: a second query (an HTTP round trip on an
endpoint) saved on every answer that has rows.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from rdflib import URIRef, Variable
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Identifier

from plangraph import paths
from plangraph.errors import PlangraphError
from plangraph.sparql import proofs
from plangraph.sparql.inplace import template_query, template_variables
from plangraph.sparql.library import QueryInfo, _info_from_text
from plangraph.sparql.results import Result
from plangraph.sparql.safety import check_query, translated

#: An IRI parameter must be the subject of some statement.
ELEMENT_ASK = "ASK { ?value ?property ?object }"
#: A ``plan`` string parameter must be some plan's dcterms:identifier.
PLAN_ASK = "ASK { ?plan <http://purl.org/dc/terms/identifier> ?value }"

Runner = Callable[[QueryInfo, Mapping[str, Identifier]], Result]


def named_terms(info: QueryInfo, names: Iterable[str]) -> list[tuple[str, str]]:
    """``(parameter, ASK text)`` for each of the bound parameters ``names`` that must name
    something."""
    names = set(names)
    checks = []
    for p in info.params:
        if p.name not in names:
            continue
        if p.type == "IRI":
            checks.append((p.name, ELEMENT_ASK))
        elif p.name == "plan" and p.type == "string":
            checks.append((p.name, PLAN_ASK))
    return checks


def check_exists(info: QueryInfo, params: Mapping[str, Identifier], run: Runner) -> None:
    """Raise a one-line :class:`PlangraphError` (exit 2) for a parameter naming nothing."""
    for name, text in named_terms(info, params):
        ask = _ask(text, f"{info.name}-exists", info.source)
        value = params[name]
        if run(ask, {"value": value}).boolean:
            continue
        if isinstance(value, URIRef):
            short = str(value).removeprefix(paths.ID_BASE)
            shown = f"<{value}>" if short == str(value) else f"{short} (<{value}>)"
            raise PlangraphError(f"{info.source}: parameter {name}: no element {shown} in the data")
        raise PlangraphError(f"{info.source}: parameter {name}: no plan {str(value)!r} in the data")


@functools.lru_cache(maxsize=64)
def _ask(text: str, name: str, source: str) -> QueryInfo:
    """The existence ASK's QueryInfo (one object per query: the checks of its text that
    :func:`plangraph.sparql.engines.in_place` remembers are found again)."""
    return _info_from_text(text, name=name, path=None, source=source)


# --------------------------------------------------------------------------- rows that vouch

#: Algebra nodes whose every solution holds a solution of their part ``p`` (rows are kept,
#: cut, ordered, filtered or extended, never made up).
_KEEPS_ROWS = {"SelectQuery", "AskQuery", "Project", "Distinct", "Reduced", "OrderBy", "Slice",
               "ToMultiSet", "Filter", "Extend"}


def required_triples(node: Any) -> Iterator[tuple[Any, Any, Any]]:
    """Triple patterns that every solution of the algebra ``node`` matched: those of basic
    graph patterns reached through joins, the left of OPTIONAL and MINUS, and the row-keeping
    modifiers; not UNION, GRAPH, VALUES, SERVICE or aggregates (an empty group is a row)."""
    if not isinstance(node, CompValue):
        return
    if node.name == "BGP":
        yield from node.get("triples") or []
    elif node.name == "Join":
        yield from required_triples(node.get("p1"))
        yield from required_triples(node.get("p2"))
    elif node.name in ("LeftJoin", "Minus"):
        yield from required_triples(node.get("p1"))
    elif node.name in _KEEPS_ROWS:
        yield from required_triples(node.get("p"))


def vouches(triple: tuple[Any, Any, Any], ask: tuple[Any, Any, Any], holder: Variable) -> bool:
    """Does a data triple matching ``triple`` (the parameter as ``holder``) also match the
    existence ASK's pattern ``ask`` (the parameter as ``?value``)? Each place of the ASK is the
    parameter (the query has it there), a variable of its own (anything), or a term the query
    has there too. A property path is no single triple: it never vouches."""
    value = Variable("value")
    variables = [t for t in ask if isinstance(t, Variable)]
    if len(set(variables)) != len(variables):  # one used twice asks for more than one place
        return False
    for mine, theirs in zip(triple, ask, strict=True):
        if not isinstance(mine, Identifier):  # a path
            return False
        if theirs == value:
            if mine != holder:
                return False
        elif not isinstance(theirs, Variable) and mine != theirs:
            return False
    return True


def rows_vouch(info: QueryInfo, names: tuple[str, ...]) -> bool:
    """Do rows of the query, with the parameters ``names`` written in place, prove that each
    names something? True when, for each existence check, some triple pattern that every
    solution matched has the parameter where the check looks for it (e.g. ``trace``'s
    ``?element skos:inScheme ?scheme``). Decided once per query and names, and remembered for
    later processes with the in-place proofs (:mod:`plangraph.sparql.proofs`)."""
    return _rows_vouch(info, names)


@functools.lru_cache(maxsize=64)
def _rows_vouch(info: QueryInfo, names: tuple[str, ...]) -> bool:
    checks = tuple(named_terms(info, names))
    if not checks:
        return True
    yes, no = (proofs.proof_key(info.text, (verdict, names, checks)) for verdict in ("vouch", "no"))
    if proofs.known(yes):
        return True
    if proofs.known(no):
        return False
    try:  # refused (e.g. nested too deeply) or not a query rdflib reads: no verdict; the ASK
        check_query(info.text, source=info.source)  # goes first and the run says what is wrong
        query = template_query(info, names)
    except Exception:
        return False
    holders = template_variables(info, names)
    required = list(required_triples(query.algebra))
    verdict = all(
        any(vouches(t, ask, holders[name]) for ask in required_triples(translated(text).algebra)
            for t in required)
        for name, text in checks)
    proofs.remember(yes if verdict else no)
    return verdict
