"""What a query may do: parse it, refuse updates, network access and unbindable parameters."""


from __future__ import annotations

import functools
import re
import urllib.parse
from collections.abc import Iterable, Iterator
from typing import Any

from pyparsing import ParseBaseException
from rdflib import Variable
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from plangraph.errors import PlangraphError
from plangraph.sparql.lexer import CACHED_TEXT, LexError, Scan, Token, declarations, scan
from plangraph.sparql.library import QueryInfo

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


UPDATE_KEYWORDS = frozenset(
    {"LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "INSERT", "DELETE", "WITH",
     "USING", "INTO"}
)
_REMOTE = ("http", "https", "ftp")
_OFFLINE = ("urn",)  # dataset names inside the store (urn:plangraph:file:...)


class UpdateRefused(PlangraphError):
    """The text is (or contains) a SPARQL Update: refused everywhere (HTTP 403)."""


def check_query(text: str, allow_network: bool = False, source: str = "<query>") -> Scan:
    """Tokenize ``text`` as the engines will and refuse what an offline reader must not run.

    Refused always: SPARQL Update keywords (``LOAD``, ``INSERT`` ...), ``FROM`` a local file
    or a relative IRI (local files reach a query only through ``--data``), nesting deeper
    than ``lexer.MAX_DEPTH``. Refused unless ``allow_network``: ``SERVICE`` (any case, any
    place, any IRI or variable) and ``FROM``/``FROM NAMED`` a remote IRI. Returns the scan
    whose cleaned ``text`` (escapes decoded, comments removed) is the text to execute.
    A text that passed is remembered (with ``allow_network``; texts up to
    :data:`CACHED_TEXT`, a bounded number, as :func:`translated` does): the same text passes
    again, unchanged; a refused one is checked and refused every time.
    """
    if len(text) <= CACHED_TEXT:
        return _check_cached(text, allow_network, source)
    return _check_query(text, allow_network, source)


@functools.lru_cache(maxsize=256)
def _check_cached(text: str, allow_network: bool, source: str) -> Scan:
    return _check_query(text, allow_network, source)


def _check_query(text: str, allow_network: bool, source: str) -> Scan:
    """:func:`check_query`, done."""
    try:
        checked = scan(text)
    except LexError as e:
        raise PlangraphError.at(source, str(e), e.line) from None
    tokens = checked.tokens
    for i, token in enumerate(tokens):
        word = token.keyword
        if word in UPDATE_KEYWORDS:
            raise UpdateRefused(
                f"{source}: SPARQL Update ({_operation(tokens, i)}) refused: plangraph only "
                "reads; queries must be SELECT or ASK"
            )
        # pyoxigraph matches keywords without a word boundary (SERVICEex:x, trueSERVICE<…>,
        # SERVICE:x all run SERVICE): no bare word or prefix name may hold it at all
        head = token.value.partition(":")[0].upper() if token.kind == "PNAME" else word
        if "SERVICE" in head and not allow_network:
            target = tokens[i + 1].value if i + 1 < len(tokens) else ""
            target = tokens[i + 2].value if target.upper() == "SILENT" and i + 2 < len(
                tokens) else target
            spelled = "SERVICE" if word == "SERVICE" else token.value
            raise PlangraphError(
                f"{source}:{token.line}: {spelled} {target} refused: SERVICE calls another "
                "server and queries run offline (use --allow-network to permit it)"
            )
        if word == "FROM":
            _check_from(tokens, i, _dataset_iri(tokens, i), allow_network, source)
    return checked


def _operation(tokens: tuple[Token, ...], i: int) -> str:
    """``INSERT DATA``, ``DELETE WHERE`` or the single keyword at ``tokens[i]``."""
    word = tokens[i].keyword
    following = tokens[i + 1].keyword if i + 1 < len(tokens) else ""
    return f"{word} {following}" if following in ("DATA", "WHERE") else word


def _dataset_iri(tokens: tuple[Token, ...], at: int) -> str:
    """The absolute IRI after ``FROM [NAMED]`` at ``at`` (PREFIX and BASE applied)."""
    base, prefixes = declarations(tokens[:at])
    j = at + 1
    if j < len(tokens) and tokens[j].keyword == "NAMED":
        j += 1
    term = tokens[j] if j < len(tokens) else Token("PUNCT", "", tokens[at].line)
    if term.kind == "IRI":
        return urllib.parse.urljoin(base, term.value[1:-1])
    if term.kind == "PNAME":
        prefix, _, local = term.value.partition(":")
        return prefixes.get(prefix + ":", "") + re.sub(r"\\(.)", r"\1", local)
    return term.value


def _check_from(tokens: tuple[Token, ...], i: int, iri: str, allow_network: bool,
                source: str) -> None:
    """Remote FROM needs ``allow_network``; files, relative and other IRIs are refused."""
    named = i + 1 < len(tokens) and tokens[i + 1].keyword == "NAMED"
    kind = "FROM NAMED" if named else "FROM"
    scheme = urllib.parse.urlsplit(iri).scheme.lower() if ":" in iri else ""
    where = f"{source}:{tokens[i].line}"
    if scheme in _REMOTE:
        if not allow_network:
            raise PlangraphError(
                f"{where}: {kind} <{iri}> refused: it would fetch data from the network "
                "(use --allow-network to permit it)"
            )
    elif scheme not in _OFFLINE:
        raise PlangraphError(  # the IRI is not repeated: nothing about a local path
            f"{where}: {kind} a local file or relative IRI refused: local files reach a "
            "query only through --data"
        )


def check_network(text: str, allow_network: bool = False, source: str = "<query>") -> Query:
    """:func:`check_query`, then rdflib's parse of the cleaned text (the Query it runs).

    Undeclared prefixes and syntax errors are one-line errors with the line; SPARQL
    Update is refused as an update. Small texts are parsed once per process.
    """
    return prepare(check_query(text, allow_network, source).text, source)


def translated(text: str) -> Query:
    """rdflib's parse and translation of ``text``, rdflib's errors as they are; texts up to
    :data:`CACHED_TEXT` are made once per process (safety here, in-place proofs in inplace)."""
    if len(text) <= CACHED_TEXT:
        return _prepare_cached(text)
    return translateQuery(parseQuery(text), initNs={})


@functools.lru_cache(maxsize=128)
def _prepare_cached(text: str) -> Query:
    return translateQuery(parseQuery(text), initNs={})


def prepare(cleaned: str, source: str = "<query>") -> Query:
    """rdflib's translated query for already-checked text (rdflib evaluates it unchanged)."""
    try:
        return translated(cleaned)
    except ParseBaseException as e:
        raise _syntax_error(source, e) from None
    except RecursionError:
        raise PlangraphError(
            f"{source}: query nested too deeply for rdflib's parser (use --engine oxigraph)"
        ) from None
    except Exception as e:  # rdflib reports undefined prefixes and the like here
        raise PlangraphError(f"{source}: invalid query: {e}") from None


def _n3(term: Any) -> str:
    """``<iri>`` or ``?var`` for messages."""
    return term.n3() if isinstance(term, Node) else str(term)


def lint_query(info: QueryInfo) -> None:
    """Checks for a library query file: parses, is read-only and offline, params bindable."""
    query = check_network(info.text, allow_network=False, source=info.source)
    check_bindable(info, query, [p.name for p in info.params])


def check_bindable(info: QueryInfo, query: Query, names: Iterable[str]) -> None:
    """Parameters must be variables of the query and, in a SELECT, projected.

    A parameter written in place (pyoxigraph, endpoints) stays in the results through the
    BIND that opens the WHERE of each SELECT projecting it: requiring it in the SELECT
    clause everywhere keeps rdflib's pre-bound variables and the engines in agreement.
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

