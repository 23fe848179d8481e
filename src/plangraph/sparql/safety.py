"""What a query may do: parse it, refuse updates, network access and unbindable parameters."""


from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterable, Iterator
from typing import Any

from pyparsing import ParseBaseException
from rdflib import Variable
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from plangraph.errors import PlangraphError
from plangraph.sparql.library import QueryInfo

_REMOTE_SCHEMES = ("http:", "https:", "ftp:")


# --------------------------------------------------------------------------- safety checks


def _walk(node: Any) -> Iterator[CompValue]:
    """Every CompValue in a parse tree (depth first)."""
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list | tuple) or type(node).__name__ == "ParseResults":
        for item in node:
            yield from _walk(item)


def _syntax_error(source: str, e: ParseBaseException) -> PlangraphError:
    """``source:line: syntax error at column C: ...`` from a pyparsing error."""
    msg = re.sub(r"\s*\(at char \d+\), \(line:\d+, col:\d+\)", "", str(e))
    line = getattr(e, "lineno", None)
    col = getattr(e, "col", None)
    where = f" at column {col}" if col else ""
    return PlangraphError.at(source, f"syntax error{where}: {msg}", line)


@functools.lru_cache(maxsize=256)
def check_network(text: str, allow_network: bool = False, source: str = "<query>") -> Query:
    """Parse a query and refuse what this read-only, offline tool must not run.

    Refused always: SPARQL Update (LOAD, INSERT, DELETE, DROP, CLEAR, CREATE, ...).
    Refused unless ``allow_network``: ``SERVICE`` anywhere, ``FROM``/``FROM NAMED`` with a
    remote (http, https, ftp) IRI. Uses rdflib's parser, so case and comments cannot hide
    anything. Returns the translated query (undeclared prefixes are errors here), cached
    per text: rdflib evaluates a prepared query again without changing it.
    """
    try:
        parsed = parseQuery(text)
    except ParseBaseException as query_error:
        operation = _update_operation(text, query_error)
        if operation:
            raise PlangraphError(
                f"{source}: SPARQL Update ({operation}) refused: plangraph only reads; "
                "queries must be SELECT or ASK"
            ) from None
        raise _syntax_error(source, query_error) from None
    for node in _walk(parsed):
        if node.name == "ServiceGraphPattern" and not allow_network:
            raise PlangraphError(
                f"{source}: SERVICE {_n3(node.get('term'))} refused: queries run offline "
                "(use --allow-network to permit it)"
            )
        if node.name == "DatasetClause" and not allow_network:
            kind = "FROM NAMED" if "named" in node else "FROM"
            iri = dict.get(node, "named") or dict.get(node, "default")
            if str(iri).lower().startswith(_REMOTE_SCHEMES):
                raise PlangraphError(
                    f"{source}: {kind} <{iri}> refused: it would fetch data from the network "
                    "(use --allow-network to permit it)"
                )
    try:
        return translateQuery(parsed, initNs={})
    except Exception as e:  # rdflib reports undefined prefixes and the like here
        raise PlangraphError(f"{source}: invalid query: {e}") from None


UPDATE_KEYWORDS = frozenset(
    {"LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "INSERT", "DELETE", "WITH"}
)


def _update_operation(text: str, query_error: ParseBaseException) -> str | None:
    """If ``text`` is a SPARQL Update, its first operation (``LOAD``, ``INSERT`` ...).

    Either it parses as an update, or the query parser stopped (after prologue and
    comments) right at an update keyword, as with a broken update.
    """
    with contextlib.suppress(ParseBaseException):
        update = parseUpdate(text)
        requests = [r for r in update.get("request", []) if isinstance(r, CompValue)]
        if requests:  # InsertData -> INSERT DATA
            return re.sub(r"(?<!^)(?=[A-Z])", " ", requests[0].name).upper()
    loc = getattr(query_error, "loc", None)
    if isinstance(loc, int):
        word = re.match(r"[A-Za-z]*", text[loc:])
        if word and word.group().upper() in UPDATE_KEYWORDS:
            return word.group().upper()
    return None


def _n3(term: Any) -> str:
    """``<iri>`` or ``?var`` for messages."""
    return term.n3() if isinstance(term, Node) else str(term)


def lint_query(info: QueryInfo) -> None:
    """Checks for a library query file: parses, is read-only and offline, params bindable."""
    query = check_network(info.text, allow_network=False, source=info.source)
    check_bindable(info, query, [p.name for p in info.params])


def check_bindable(info: QueryInfo, query: Query, names: Iterable[str]) -> None:
    """Parameters must be variables of the query and, in a SELECT, projected.

    pyoxigraph binds (SEP-0007 substitution) only variables of the SELECT clause, and a
    trailing VALUES block for endpoints can only join on them: requiring it everywhere
    keeps the three engines in agreement.
    """
    algebra = query.algebra
    if algebra.name == "SelectQuery":
        allowed = {str(v) for v in algebra.get("PV") or []}
        where = "in the SELECT clause"
    else:
        allowed = {str(v) for v in _iter_variables(algebra)}
        where = "a variable of the query"
    for name in names:
        if name not in allowed:
            raise PlangraphError(
                f"{info.source}: parameter {name} must be {where} (?{name}) so that every "
                "engine can bind it"
            )


def _iter_variables(node: Any) -> Iterator[Variable]:
    """Every Variable in an algebra tree."""
    if isinstance(node, Variable):
        yield node
    elif isinstance(node, dict):
        for v in node.values():
            yield from _iter_variables(v)
    elif isinstance(node, list | tuple | set):
        for v in node:
            yield from _iter_variables(v)


# --------------------------------------------------------------------------- results

