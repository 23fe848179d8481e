"""An endpoint's answer put right by what the query itself says it must be (Virtuoso).

Booleans: SPARQL gives comparisons, ``&&``, ``||``, ``!``, ``BOUND``, ``EXISTS``, ``CONTAINS`` and
the like the type ``xsd:boolean``; Virtuoso 7 returns them as ``"1"^^xsd:integer`` (and a
cast to ``xsd:boolean`` as ``"1"^^xsd:boolean``). The query's algebra says which projected
variables are such expressions; only their ``0``/``1`` values are put back as the
canonical ``false``/``true``, so the rows equal those of every other engine.

Duplicates: Virtuoso 7 does not always remove duplicate rows under ``SELECT DISTINCT`` (seen
with long Thai labels in ``search``); a DISTINCT answer has none by definition, so they are
dropped here, the first of each kept in place.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from rdflib import Literal, Variable
from rdflib.namespace import XSD
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Identifier

from plangraph.sparql.results import Result

_BOOLEAN_EXPRESSIONS = {
    "RelationalExpression", "ConditionalAndExpression", "ConditionalOrExpression", "UnaryNot",
    "Builtin_BOUND", "Builtin_EXISTS", "Builtin_NOTEXISTS", "Builtin_isIRI", "Builtin_isBLANK",
    "Builtin_isLITERAL", "Builtin_isNUMERIC", "Builtin_sameTerm", "Builtin_CONTAINS",
    "Builtin_STRSTARTS", "Builtin_STRENDS", "Builtin_REGEX", "Builtin_LANGMATCHES",
}
_BOOLEAN_TYPES = (XSD.integer, XSD.boolean, XSD.int)


def _walk(node: Any) -> Iterator[CompValue]:
    """Every CompValue in an algebra tree."""
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list | tuple):
        for item in node:
            yield from _walk(item)


def is_boolean(expr: Any) -> bool:
    """Is this algebra expression of type xsd:boolean by the SPARQL 1.1 rules?"""
    if isinstance(expr, Literal):
        return expr.datatype == XSD.boolean
    if not isinstance(expr, CompValue):
        return False
    if expr.name in _BOOLEAN_EXPRESSIONS:
        return True
    if expr.name == "Builtin_IF":
        return is_boolean(expr.get("arg2")) and is_boolean(expr.get("arg3"))
    if expr.name == "Builtin_COALESCE":
        return all(is_boolean(a) for a in expr.get("arg") or [])
    return expr.name == "Function" and expr.get("iri") == XSD.boolean


def boolean_columns(algebra: Any) -> set[str]:
    """Names of the variables bound (BIND or ``AS``) to boolean expressions."""
    return {
        str(node.var) for node in _walk(algebra)
        if node.name == "Extend" and isinstance(node.get("var"), Variable)
        and is_boolean(node.get("expr"))
    }


_TRUE, _FALSE = Literal(True), Literal(False)


def _canonical(value: Identifier | None) -> Identifier | None:
    """``1``/``0`` (integer or boolean lexical form) as ``true``/``false``; anything else,
    canonical booleans included, is the same object."""
    if isinstance(value, Literal) and value.datatype in _BOOLEAN_TYPES:
        text = str(value)
        if value.datatype == XSD.boolean and text in ("true", "false"):
            return value
        if text in ("1", "0", "true", "false"):
            return _TRUE if text in ("1", "true") else _FALSE
    return value


def restore_booleans(result: Result, columns: frozenset[str] | set[str]) -> Result:
    """``result`` with the values of its boolean ``columns`` in canonical xsd:boolean form
    (the same object when every value already was: most engines' answers)."""
    columns = columns & set(result.vars)
    if not columns:
        return result
    rows = result.rows
    fixed_rows: list[dict[str, Identifier | None]] | None = None
    for i, row in enumerate(rows):
        fixed = {k: c for k in columns if (c := _canonical(v := row.get(k))) is not v}
        if fixed:
            if fixed_rows is None:
                fixed_rows = list(rows)
            fixed_rows[i] = {**row, **fixed}
    return result if fixed_rows is None else Result(result.vars, fixed_rows, result.boolean)


def is_distinct(algebra: Any) -> bool:
    """Is this a ``SELECT DISTINCT`` (DISTINCT among the outermost solution modifiers)?"""
    node = algebra.get("p") if isinstance(algebra, CompValue) else None
    while isinstance(node, CompValue) and node.name in ("Slice", "Distinct", "Project",
                                                        "OrderBy", "ToMultiSet"):
        if node.name == "Distinct":
            return True
        node = node.get("p")
    return False


@functools.lru_cache(maxsize=64)
def answer_shape(query: Query) -> tuple[frozenset[str], bool]:
    """The query's boolean columns and whether it is DISTINCT, read from its algebra once per
    parsed query (the library's parses are themselves remembered per text)."""
    return frozenset(boolean_columns(query.algebra)), is_distinct(query.algebra)


def conform(result: Result, query: Query) -> Result:
    """``result`` with boolean columns restored and, under DISTINCT, no duplicate rows."""
    columns, distinct = answer_shape(query)
    result = restore_booleans(result, columns)
    if not distinct:
        return result
    seen: set[tuple[Any, ...]] = set()
    rows = []
    for row, key in zip(result.rows, result.as_tuples(), strict=True):
        if key not in seen:
            seen.add(key)
            rows.append(row)
    return Result(result.vars, rows, result.boolean) if len(rows) < len(result.rows) else result
