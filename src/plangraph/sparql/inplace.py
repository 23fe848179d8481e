"""Parameters written in place: ``?element`` becomes ``<iri>`` in the text sent to an endpoint.

Remote engines cannot pre-bind variables, and a ``VALUES`` block defeats their planning
(Oxigraph evaluates a property path from every node before joining it; Virtuoso matches no
Thai literal given that way). So, as Jena's ``ParameterizedSparqlString`` does, the checked
term (its N-Triples form, made by the library) replaces each occurrence of the variable in
the query's WHERE patterns, and ``BIND(term AS ?v)`` opening the WHERE group keeps the
variable projected, grouped and ordered as before. A sub-SELECT that projects the variable
is treated the same way; one that does not has its own, unrelated variable and is left alone.

The text is split by the one SPARQL lexer (:mod:`plangraph.sparql.lexer`: strings, IRIs and
comments are never touched), and the result is proven by parsing it again: its algebra
must equal that of the same edit made with a placeholder variable, with the term put in the
placeholder's place. A term that broke out
of its slot (quotes, braces) would change that shape and is refused.

That full proof (rdflib parses the whole text: 40–400 ms for a library query) is made once
per query and kind of term (IRI, or literal of a datatype and language), and remembered for
later processes (:mod:`plangraph.sparql.proofs`). A later value of the same kind is proven in
parts: rdflib reads the term's own text, alone, as exactly the term; and the lexer reads the
new text as the proven template's tokens with only each placeholder replaced by the term's
tokens. The grammar then gives it the proven algebra with the new term.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pyparsing import ParseBaseException
from rdflib import Literal, URIRef, Variable
from rdflib.plugins.sparql.algebra import translatePName
from rdflib.plugins.sparql.parser import GraphTerm
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Prologue, Query
from rdflib.term import Identifier

from plangraph.errors import PlangraphError
from plangraph.graph.terms import to_nt
from plangraph.sparql import lexer, proofs
from plangraph.sparql.library import VAR_NAME, QueryInfo
from plangraph.sparql.safety import check_bindable, prepare, translated


@dataclass(frozen=True)
class Token:
    """One lexical token: its kind (a group name of the lexer) and text."""

    kind: str
    text: str


def tokenize(text: str) -> list[Token]:
    """The query split into tokens by the one SPARQL lexer (:func:`lexer.pieces`); joining
    their texts gives ``text`` back."""
    return [Token(kind.lower(), value) for kind, value in lexer.pieces(text)]


@dataclass
class _Scope:
    """A SELECT (or the whole query): head, WHERE body and tail as token index ranges."""

    start: int
    body_open: int
    body_close: int
    end: int
    parent: _Scope | None


def _scopes(tokens: list[Token]) -> list[_Scope]:
    """Every SELECT of the query, outermost first; the root covers the whole text."""
    match: dict[int, int] = {}
    stack: list[int] = []
    enclosing: dict[int, int] = {}  # token index -> index of the innermost open "{"
    for i, t in enumerate(tokens):
        if stack:
            enclosing[i] = stack[-1]
        if t.text == "{":
            stack.append(i)
        elif t.text == "}":
            if not stack:
                raise PlangraphError("unbalanced braces in the query")
            match[stack.pop()] = i
    if stack:
        raise PlangraphError("unbalanced braces in the query")
    scopes: list[_Scope] = []
    for s, t in enumerate(tokens):
        if t.kind != "word" or t.text.upper() != "SELECT":
            continue
        depth, body = 0, None
        for j in range(s + 1, len(tokens)):
            text = tokens[j].text
            depth += (text == "(") - (text == ")")
            if text == "{" and depth == 0:
                body = j
                break
        if body is None:
            raise PlangraphError("cannot find the WHERE group of a SELECT")
        outer = enclosing.get(s)
        end = match[outer] if outer is not None else len(tokens)
        parent = next((sc for sc in reversed(scopes) if sc.start < s < sc.end), None)
        scopes.append(_Scope(s, body, match[body], end, parent))
    if not scopes or scopes[0].start != _first_select(tokens):
        # ASK (or no SELECT at the top): the whole text is one body
        scopes.insert(0, _Scope(-1, -1, len(tokens), len(tokens), None))
        for sc in scopes[1:]:
            if sc.parent is None:
                sc.parent = scopes[0]
    return scopes


def _first_select(tokens: list[Token]) -> int:
    """Index of the first SELECT word if it comes before any ``{`` (a SELECT query)."""
    for i, t in enumerate(tokens):
        if t.text == "{":
            return -2
        if t.kind == "word" and t.text.upper() == "SELECT":
            return i
    return -2


def _projects(tokens: list[Token], scope: _Scope, name: str) -> bool:
    """Does this SELECT project ``?name`` (as itself, or with ``*``)?"""
    depth = 0
    for t in tokens[scope.start + 1 : scope.body_open]:
        depth += (t.text == "(") - (t.text == ")")
        if depth == 0 and (t.text == "*" or (t.kind == "var" and t.text[1:] == name)):
            return True
    return False


def _edits(tokens: list[Token], name: str) -> tuple[set[int], set[int]]:
    """Token indexes of ``?name`` to replace, and body-opening ``{`` indexes to BIND after."""
    scopes = _scopes(tokens)
    connected: set[int] = set()
    for sc in scopes:  # outermost first: a parent is decided before its children
        if sc.parent is None or (id(sc.parent) in connected and _projects(tokens, sc, name)):
            connected.add(id(sc))
    # a SELECT that projects the variable keeps it bound (for its head, tail and results)
    binds = {sc.body_open for sc in scopes
             if id(sc) in connected and sc.body_open >= 0 and _projects(tokens, sc, name)}
    replace: set[int] = set()
    for i, t in enumerate(tokens):
        if t.kind != "var" or t.text[1:] != name:
            continue
        sc = max((s for s in scopes if s.start < i < s.end), key=lambda s: s.start, default=None)
        if sc is None or id(sc) not in connected:
            continue
        if sc.body_open < i < sc.body_close:
            replace.add(i)
        elif sc.body_open >= 0:
            binds.add(sc.body_open)  # used in GROUP BY, ORDER BY, ...: keep it bound
    return replace, binds


def substitute(info: QueryInfo, params: Mapping[str, Identifier]) -> str:
    """The query text with each parameter written in place (see the module docstring)."""
    if not params:
        return info.text
    return _substitute(info, tuple(params.items()))


@functools.lru_cache(maxsize=256)
def _substitute(info: QueryInfo, params: tuple[tuple[str, Identifier], ...]) -> str:
    """:func:`substitute`, remembered (a value is often asked for again)."""
    terms = {name: _term_text(name, term) for name, term in params}
    names = tuple(name for name, _ in params)
    holders, template = _template(info, names)
    text = _render(tokenize(info.text), terms)
    kinds = tuple((name, _kind(term)) for name, term in params)
    key = proofs.proof_key(template, kinds)
    if (info, kinds) in _proven or proofs.known(key):
        _prove_in_parts(info, text, template, {holders[n]: (terms[n], t) for n, t in params})
    else:
        _prove(info, text, template, {Variable(holders[n]): t for n, t in params})
        _check_bindable(info, template, names)
        proofs.remember(key)
    if len(_proven) >= _PROVEN_KINDS:
        _proven.clear()
    _proven.add((info, kinds))
    return text


def _check_bindable(info: QueryInfo, template: str, names: tuple[str, ...]) -> None:
    """Each parameter is projected (:func:`safety.check_bindable`): a fact of the query and
    the names, checked with the full proof and remembered with it."""
    query = translated(template)  # parsed by the proof: its head is the query's
    if query.algebra.name != "SelectQuery":  # an ASK's variables are gone from its template
        query = prepare(info.text, info.source)
    check_bindable(info, query, names)


#: (query, kinds of its terms) proven in full, here or (:mod:`proofs`) by an earlier
#: process (bounded).
_proven: set[tuple[QueryInfo, tuple[tuple[str, tuple[str, ...]], ...]]] = set()
_PROVEN_KINDS = 512


def _term_text(name: str, term: Identifier) -> str:
    """The N-Triples text that replaces ``?name`` (checked: a variable name, an IRI or a
    literal, and no text the lexer would decode as a codepoint escape)."""
    if not VAR_NAME.match(name):
        raise PlangraphError(f"parameter name {name!r} is not a SPARQL variable name")
    if not isinstance(term, URIRef | Literal):
        raise PlangraphError(f"parameter {name}: only IRIs and literals can be sent")
    text = to_nt(term)
    if lexer.has_escape(text):  # every engine decodes \uXXXX before parsing, in strings too
        raise PlangraphError(f"parameter {name}: a value holding a codepoint escape such as "
                             "\\u0041 cannot be written into a query")
    return text


def _kind(term: Identifier) -> tuple[str, ...]:
    """What the grammar sees of a term: an IRI, or a literal with its datatype or language."""
    if isinstance(term, Literal):
        return ("literal", str(term.datatype or ""), term.language or "")
    return ("iri",)


@functools.lru_cache(maxsize=128)
def _template(info: QueryInfo, names: tuple[str, ...]) -> tuple[dict[str, str], str]:
    """The placeholder variable of each parameter, and the text edited with them."""
    tokens = tokenize(info.text)
    taken = {t.text[1:] for t in tokens if t.kind == "var"}
    holders = {name: _placeholder(name, taken) for name in names}
    return holders, _render(tokens, {n: "?" + h for n, h in holders.items()})


def template_query(info: QueryInfo, names: tuple[str, ...]) -> Query:
    """rdflib's parse of the query with placeholders for ``names`` (made and remembered by
    :func:`substitute`'s proof): its form and projection are the query's own."""
    return translated(_template(info, names)[1])


def template_variables(info: QueryInfo, names: tuple[str, ...]) -> dict[str, Variable]:
    """The placeholder variable that stands for each parameter in :func:`template_query`."""
    return {name: Variable(holder) for name, holder in _template(info, names)[0].items()}


def _placeholder(name: str, taken: set[str]) -> str:
    """A variable name not used in the query."""
    candidate, n = f"pg_param_{name}", 0
    while candidate in taken:
        n += 1
        candidate = f"pg_param_{name}_{n}"
    return candidate


def _render(tokens: list[Token], values: Mapping[str, str]) -> str:
    """The token texts with each parameter's edits applied (one parameter at a time)."""
    current = tokens
    for name, value in values.items():
        replace, binds = _edits(current, name)
        out: list[Token] = []
        for i, t in enumerate(current):
            if i in replace:
                out.append(Token("term", value))
            else:
                out.append(t)
            if i in binds:
                out.extend([Token("ws", " "), Token("term", f"BIND ({value} AS ?{name})")])
        current = tokenize("".join(t.text for t in out))
    return "".join(t.text for t in current)


def _prove(info: QueryInfo, text: str, template: str, slots: Mapping[Variable, Any]) -> None:
    """``text`` must parse to ``template``'s algebra with each slot variable set to its term."""
    try:
        actual = _algebra(text)
        expected = _algebra(template)
    except ParseBaseException:
        prepare(info.text, info.source)  # the query's own syntax error, if that is it
        raise PlangraphError(
            f"{info.source}: cannot write the parameters into this query "
            "(is a parameter assigned with BIND or VALUES, or is the WHERE clause a bare "
            "sub-SELECT? wrap it in another pair of braces)"
        ) from None
    if _strip(actual) != _strip(_replace(expected, slots)):
        raise PlangraphError(f"{info.source}: parameters did not survive serialization")


def _prove_in_parts(info: QueryInfo, text: str, template: str,
                    slots: Mapping[str, tuple[str, Identifier]]) -> None:
    """``text`` is ``template`` (whose kind of edit passed :func:`_prove`) with each slot's
    term text in the placeholder's place, and rdflib reads each term text as its term."""
    expected: list[tuple[str, str]] = []
    for t in lexer.scan(template).tokens:
        if t.kind == "VAR" and t.value[1:] in slots:
            expected.extend(_tokens(slots[t.value[1:]][0]))
        else:
            expected.append((t.kind, t.value))
    if _tokens(text) != tuple(expected) or any(
            _strip(_read_term(nt)) != _strip(term) for nt, term in slots.values()):
        raise PlangraphError(f"{info.source}: parameters did not survive serialization")


def _tokens(text: str) -> tuple[tuple[str, str], ...]:
    """The lexer's tokens of ``text`` as (kind, text)."""
    return tuple((t.kind, t.value) for t in lexer.scan(text).tokens)


@functools.lru_cache(maxsize=1024)
def _read_term(text: str) -> Any:
    """The term rdflib reads from a term's text alone, or None: its grammar's rule for a term
    (``GraphTerm``, the whole text) and the translation its algebra makes of it. (Not a whole
    query: the first parse of one in a process costs ~50 ms of preparing the grammar.)"""
    try:
        parsed = GraphTerm.parse_string(text, parse_all=True)
        if len(parsed) != 1:
            return None
        term = parsed[0] if isinstance(parsed[0], Literal) else translatePName(parsed[0],
                                                                                Prologue())
    except Exception:  # anything but a term: no term
        return None
    return term if isinstance(term, URIRef | Literal) else None


def _algebra(text: str) -> Any:
    """rdflib's algebra of ``text``; small texts remembered by :func:`safety.translated` (a
    template is the same for every value, and a value is often asked for again)."""
    return translated(text).algebra


def _replace(node: Any, slots: Mapping[Variable, Any]) -> Any:
    """The algebra tree with the slot variables replaced by their terms."""
    if isinstance(node, Variable):
        return slots.get(node, node)
    if isinstance(node, CompValue):
        copy = CompValue(node.name)
        for k, v in node.items():
            if k == "PV":  # projected variables of SELECT * and ASK: a slot is no variable
                v = [x for x in v if x not in slots]
            copy[k] = _replace(v, slots)
        return copy
    if isinstance(node, dict):
        return {_replace(k, slots): _replace(v, slots) for k, v in node.items()}
    if isinstance(node, list | tuple):
        return type(node)(_replace(v, slots) for v in node)
    if isinstance(node, set | frozenset):  # variable sets: a slot is no variable any more
        return {_replace(v, slots) for v in node if v not in slots}
    return node


def _strip(node: Any) -> Any:
    """A comparable form of an algebra tree (CompValues as name + sorted items)."""
    if isinstance(node, CompValue):
        # a SERVICE keeps its raw text beside its parsed pattern: the pattern is compared
        items = {k: _strip(v) for k, v in node.items() if k != "service_string"}
        if node.name == "BGP":  # rdflib orders a BGP's triples by how many variables they have
            items["triples"] = tuple(sorted(items.get("triples", ()), key=repr))
        if "PV" in items:  # for ASK and SELECT * rdflib lists them in a set's (hash) order
            items["PV"] = tuple(sorted(items["PV"] or (), key=repr))
        return (node.name, tuple(sorted(items.items(), key=lambda kv: kv[0])))
    if isinstance(node, dict):
        return tuple(sorted(((repr(k), _strip(v)) for k, v in node.items())))
    if isinstance(node, list | tuple):
        return tuple(_strip(v) for v in node)
    if isinstance(node, set | frozenset):
        return tuple(sorted(repr(_strip(v)) for v in node))
    if isinstance(node, Identifier):
        return (type(node).__name__, node.n3())
    return node

