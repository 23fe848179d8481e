"""A query's rows (:class:`Result`) and how they are rendered: table, CSV, TSV or JSON.

CSV, TSV and JSON follow the W3C SPARQL 1.1 result formats; the table is for people
and measures Thai text by display width (above/below marks take no column).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result as RdflibResult
from rdflib.term import Identifier

from plangraph import paths
from plangraph.errors import PlangraphError
from plangraph.graph.terms import plain, to_nt
from plangraph.sparql.table import format_table

FORMATS = ("table", "csv", "tsv", "json")


@dataclass
class Result:
    """Rows of a SELECT (or ASK: ``boolean`` set, one empty row when true), rdflib terms."""

    vars: list[str]
    rows: list[dict[str, Identifier | None]] = field(default_factory=list)
    boolean: bool | None = None

    def as_tuples(self) -> list[tuple[Identifier | None, ...]]:
        """Rows as tuples in ``vars`` order (for comparing engines; terms as-is)."""
        return [tuple(row.get(v) for v in self.vars) for row in self.rows]

    @classmethod
    def from_rdflib(cls, res: RdflibResult) -> Result:
        """Convert an rdflib query result (SELECT or ASK)."""
        if res.type == "ASK":
            return cls.ask(bool(res.askAnswer))
        if res.type != "SELECT":
            raise PlangraphError(f"{res.type} queries are not supported; use SELECT or ASK")
        names = [str(v) for v in res.vars or []]
        rows = [{n: row[i] for i, n in enumerate(names)} for row in res]  # type: ignore[index]
        return cls(names, rows)

    @classmethod
    def ask(cls, answer: bool) -> Result:
        """An ASK result."""
        return cls([], [{}] if answer else [], boolean=answer)



def render(
    result: Result,
    fmt: str = "table",
    *,
    bom: bool = False,
    namespaces: Mapping[str, str] | None = None,
    width: int | None = None,
) -> str:
    """``result`` as text in ``fmt``; ``bom`` prefixes U+FEFF (Excel and Thai CSV); a table
    fits ``width`` terminal columns when given."""
    if fmt == "table":
        text = to_table(result, namespaces, width)
    elif fmt == "csv":
        text = to_csv(result)
    elif fmt == "tsv":
        text = to_tsv(result)
    elif fmt == "json":
        text = to_json(result)
    else:
        raise ValueError(f"unknown format {fmt!r} (use {', '.join(FORMATS)})")
    return "\ufeff" + text if bom else text


# --------------------------------------------------------------------------- table


def to_table(result: Result, namespaces: Mapping[str, str] | None = None,
             width: int | None = None) -> str:
    """A text table; IRIs shortened to CURIEs where ``namespaces`` allow; long cells cut to
    fit ``width`` columns (see :func:`plangraph.sparql.table.format_table`)."""
    if result.boolean is not None:
        return f"{str(result.boolean).lower()}\n"
    ns = sorted((namespaces or {}).items(), key=lambda kv: -len(kv[1]))
    rows = [[_short(row.get(v), ns) for v in result.vars] for row in result.rows]
    return format_table(result.vars, rows, width)


def _short(term: Identifier | None, ns: list[tuple[str, str]]) -> str:
    """``pg:Plan`` for an IRI in a known namespace, ``lampang/issue/2`` for a plan element
    (the same path ``--param`` accepts), else the plain value."""
    if isinstance(term, URIRef):
        for prefix, base in ns:
            local = str(term)[len(base) :]
            if term.startswith(base) and local and not any(c in local for c in "/#?"):
                return f"{prefix}:{local}"
        if term.startswith(paths.ID_BASE) and len(term) > len(paths.ID_BASE):
            return str(term)[len(paths.ID_BASE) :]
    return plain(term)


# --------------------------------------------------------------------------- CSV / TSV


def to_csv(result: Result) -> str:
    """W3C SPARQL 1.1 CSV: plain values (IRIs in full, literals' lexical forms), CRLF."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    if result.boolean is not None:
        writer.writerow([str(result.boolean).lower()])
        return buf.getvalue()
    writer.writerow(result.vars)
    for row in result.rows:
        writer.writerow([plain(row.get(v)) for v in result.vars])
    return buf.getvalue()


def to_tsv(result: Result) -> str:
    """W3C SPARQL 1.1 TSV: ``?var`` header, terms in N-Triples/Turtle short forms."""
    if result.boolean is not None:
        return f"{str(result.boolean).lower()}\n"
    lines = ["\t".join(f"?{v}" for v in result.vars)]
    for row in result.rows:
        lines.append("\t".join(to_nt(row.get(v), short=True) for v in result.vars))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- JSON


def json_term(term: Identifier) -> dict[str, str]:
    """One binding in the W3C SPARQL 1.1 Query Results JSON format."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None and term.datatype != XSD.string:
            out["datatype"] = str(term.datatype)
        return out
    raise TypeError(f"not an RDF term: {term!r}")


def to_json(result: Result) -> str:
    """W3C SPARQL 1.1 Query Results JSON (UTF-8, not ASCII-escaped)."""
    doc: dict[str, Any]
    if result.boolean is not None:
        doc = {"head": {}, "boolean": result.boolean}
    else:
        bindings = [
            {v: json_term(t) for v in result.vars if (t := row.get(v)) is not None}
            for row in result.rows
        ]
        doc = {"head": {"vars": result.vars}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
