"""Ill-typed literals: a lexical form that is not in its datatype's lexical space
(``"๒"^^xsd:decimal``, ``"abc"^^xsd:integer``).

Neither pySHACL (rdflib's ``int()``/``Decimal()`` accept Thai digits) nor a SHACL shape can
see them all, so both validators call :func:`problem` on every typed literal and report the
same finding; Apache Jena's RIOT flags the same literals. Only ASCII digits are numerals in
XSD: Thai digits belong in the wording kept beside the number.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

XSD = "http://www.w3.org/2001/XMLSchema#"
_INT = r"[+-]?[0-9]+"
_ZONE = r"(Z|[+-][0-9]{2}:[0-9]{2})?"
_PATTERNS: dict[str, str] = {
    "decimal": r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)",
    "integer": _INT, "int": _INT, "long": _INT, "short": _INT, "byte": _INT,
    "nonNegativeInteger": r"\+?[0-9]+|-0+", "positiveInteger": r"\+?0*[1-9][0-9]*",
    "double": r"[+-]?(([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|INF)|NaN",
    "float": r"[+-]?(([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|INF)|NaN",
    "boolean": r"true|false|0|1",
    "gYear": r"-?([1-9][0-9]{4,}|[0-9]{4})" + _ZONE,
    "date": r"-?([1-9][0-9]{4,}|[0-9]{4})-[0-9]{2}-[0-9]{2}" + _ZONE,
    "dateTime": r"-?([1-9][0-9]{4,}|[0-9]{4})-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
                r"(\.[0-9]+)?" + _ZONE,
}
#: datatype IRI -> compiled lexical space (ASCII only: ``re.ASCII`` plus explicit [0-9]).
LEXICAL: dict[str, re.Pattern[str]] = {
    XSD + name: re.compile(f"^(?:{pattern})$", re.ASCII) for name, pattern in _PATTERNS.items()
}


def _valid_date(text: str) -> bool:
    """A real calendar day (``2024-02-30`` is not), for 4-digit years."""
    try:
        datetime.date.fromisoformat(text[:10])
    except ValueError:
        return not re.match(r"^[0-9]{4}-", text)  # other years: the pattern is all we check
    return True


_EXTRA: dict[str, Callable[[str], bool]] = {XSD + "date": _valid_date,
                                           XSD + "dateTime": _valid_date}


def problem(lexical: str, datatype: str) -> str | None:
    """Why ``lexical`` is not a valid ``datatype`` value, or None (also for datatypes not
    checked here)."""
    pattern = LEXICAL.get(datatype)
    if pattern is None:
        return None
    extra = _EXTRA.get(datatype)
    if pattern.match(lexical) and (extra is None or extra(lexical)):
        return None
    return f"ill-typed literal {lexical[:40]!r} is not a valid xsd:{datatype[len(XSD):]}"


def message(lexical: str, datatype: str, predicate: str) -> str | None:
    """The finding's message for an ill-typed value of ``predicate`` (both validators)."""
    why = problem(lexical, datatype)
    return None if why is None else f"{why} (on <{predicate}>)"
