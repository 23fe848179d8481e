"""Parameters that name something must name something that is there.

A parameter naming an element that the data does not hold would otherwise give an empty
table, which reads as "no answer" rather than "wrong name". Before a library query runs,
each IRI parameter (and a ``plan`` identifier) is looked up with a small ASK on the same
engine, the value bound as a checked RDF term like any other parameter.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping

from rdflib import URIRef
from rdflib.term import Identifier

from plangraph import paths
from plangraph.errors import PlangraphError
from plangraph.sparql.library import QueryInfo, _info_from_text
from plangraph.sparql.results import Result

#: An IRI parameter must be the subject of some statement.
ELEMENT_ASK = "ASK { ?value ?property ?object }"
#: A ``plan`` string parameter must be some plan's dcterms:identifier.
PLAN_ASK = "ASK { ?plan <http://purl.org/dc/terms/identifier> ?value }"

Runner = Callable[[QueryInfo, Mapping[str, Identifier]], Result]


def named_terms(info: QueryInfo, params: Mapping[str, Identifier]) -> list[tuple[str, str]]:
    """``(parameter, ASK text)`` for each bound parameter that must name something."""
    checks = []
    for p in info.params:
        if p.name not in params:
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
