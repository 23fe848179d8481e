"""The query library: discovery, parameter binding, safety checks and execution.

Query text lives only in ``queries/*.rq``. Each file opens with a comment header::

    # title: Indicator register
    # question: (th) ...
    # question: (en) ...
    # param: indicator  IRI  (optional)  the indicator to trace; default: all
    # param: year  integer  (optional)  default=2566  plan year (BE)
    # param: keyword  string  (required)  text to look for
    # tags: register, indicators

A parameter is a variable of the query (``?indicator``) that gets pre-bound to a value;
values are never pasted into query text (except as a parse-checked ``VALUES`` block for
remote endpoints, see :func:`run_endpoint`). ``default=VALUE`` (or ``default="two words"``)
sets the value used when none is given; an optional parameter without a default stays
unbound. Any other text after the ``(required)``/``(optional)`` marker is the description.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import re
import shlex
import time
import unicodedata
import urllib.error
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from pyparsing import ParseBaseException
from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD, NamespaceManager
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result as RdflibResult
from rdflib.term import Identifier, Node

from . import paths
from .errors import PlangraphError
from .gcpause import paused_gc
from .terms import to_nt

PARAM_TYPES = ("IRI", "string", "integer", "decimal", "langstring")
ENGINES = ("rdflib", "oxigraph", "endpoint")
#: The embedded engine used unless one is named: pyoxigraph answers the library queries
#: 5–100× faster than rdflib's in-memory store at 10× data (docs/benchmarks.md), with the
#: same answers (tests). ``PLANGRAPH_ENGINE=rdflib`` (or ``--engine rdflib``) keeps the
#: plain rdflib store.
DEFAULT_ENGINE = os.environ.get("PLANGRAPH_ENGINE", "oxigraph")

_HEADER_LINE = re.compile(r"^#\s*([A-Za-z_-]+)\s*:\s*(.*?)\s*$")
_VAR_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_CURIE = re.compile(r"^([A-Za-z][A-Za-z0-9_.-]*)?:(.*)$", re.DOTALL)
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_LANGSTRING = re.compile(r'^(?:"(.*)"|(.*))@([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)$', re.DOTALL)
_ABSOLUTE_SCHEMES = ("urn:", "mailto:", "tag:", "file:", "did:")
_REMOTE_SCHEMES = ("http:", "https:", "ftp:")
# a path under the instance base, e.g. lampang/issue/2/indicator/3
_RELATIVE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*(/[A-Za-z0-9_-]+)*$")


# --------------------------------------------------------------------------- discovery


@dataclass(frozen=True)
class Param:
    """One declared parameter of a library query."""

    name: str
    type: str
    required: bool = False
    default: str | None = None
    description: str = ""


@dataclass(frozen=True)
class QueryInfo:
    """A library query: its header fields and its text."""

    name: str
    path: Path | None
    title: str
    questions: tuple[str, ...]
    params: tuple[Param, ...]
    text: str
    tags: tuple[str, ...] = ()

    @property
    def source(self) -> str:
        """How error messages name this query (``queries/x.rq``)."""
        return paths.display_path(self.path) if self.path else f"<{self.name}>"

    def param(self, name: str) -> Param | None:
        """The declared parameter ``name``, if any."""
        return next((p for p in self.params if p.name == name), None)


def parse_header(text: str, source: str = "<query>") -> dict[str, Any]:
    """Parse the leading ``# key: value`` comment block of a query file."""
    header: dict[str, Any] = {"title": "", "questions": [], "params": [], "tags": []}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        m = _HEADER_LINE.match(stripped)
        if not m:
            continue
        key, value = m.group(1).lower(), m.group(2)
        if key == "title":
            header["title"] = value
        elif key == "question":
            header["questions"].append(value)
        elif key == "param":
            header["params"].append(_parse_param(value, source, number))
        elif key == "tags":
            header["tags"].extend(t.strip() for t in value.split(",") if t.strip())
    return header


def _parse_param(spec: str, source: str, line: int) -> Param:
    """``name TYPE (required|optional) [default=VALUE] description``."""
    parts = spec.split(None, 2)
    if len(parts) < 2:
        raise PlangraphError.at(source, f"param line needs 'name TYPE ...': {spec!r}", line)
    name, type_ = parts[0].lstrip("?$"), parts[1]
    rest = parts[2] if len(parts) > 2 else ""
    if not _VAR_NAME.match(name):
        raise PlangraphError.at(source, f"param name {name!r} is not a SPARQL variable name", line)
    canonical = {t.lower(): t for t in PARAM_TYPES}.get(type_.lower())
    if canonical is None:
        raise PlangraphError.at(
            source, f"param {name}: unknown type {type_!r} (use {', '.join(PARAM_TYPES)})", line
        )
    required = False
    m = re.match(r"^\((required|optional)\)\s*", rest, re.IGNORECASE)
    if m:
        required = m.group(1).lower() == "required"
        rest = rest[m.end() :]
    default = None
    m = re.search(r'(?:^|\s)default=("[^"]*"|\S+)', rest)
    if m:
        raw = m.group(1)
        default = shlex.split(raw)[0] if raw.startswith('"') else raw.rstrip(";,")
        rest = (rest[: m.start()] + rest[m.end() :]).strip()
    return Param(name, canonical, required, default, " ".join(rest.split()))


def read_query(path: Path) -> QueryInfo:
    """Read one ``.rq`` file into a :class:`QueryInfo`."""
    source = paths.display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PlangraphError.at(source, "no such query file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise PlangraphError.at(source, f"cannot read query: {e}") from None
    return _info_from_text(text, name=path.stem, path=path, source=source)


def _info_from_text(text: str, name: str, path: Path | None, source: str) -> QueryInfo:
    """A QueryInfo from query text and its header."""
    h = parse_header(text, source)
    return QueryInfo(
        name=name,
        path=path,
        title=h["title"],
        questions=tuple(h["questions"]),
        params=tuple(h["params"]),
        text=text,
        tags=tuple(h["tags"]),
    )


def list_queries(directory: Path | None = None) -> list[QueryInfo]:
    """All library queries (``queries/*.rq``), sorted by name."""
    directory = paths.QUERIES_DIR if directory is None else directory
    return [read_query(p) for p in sorted(directory.glob("*.rq"))]


def resolve(name_or_path: str | Path, directory: Path | None = None) -> QueryInfo:
    """A library query by name (``indicator-register``) or a path to a ``.rq`` file."""
    directory = paths.QUERIES_DIR if directory is None else directory
    text = str(name_or_path)
    if text.endswith(".rq") or os.sep in text or "/" in text:
        return read_query(Path(text))
    path = directory / f"{text}.rq"
    if path.is_file():
        return read_query(path)
    names = sorted(p.stem for p in directory.glob("*.rq"))
    available = ", ".join(names) if names else "none"
    raise PlangraphError(f"unknown query {text!r}; available: {available}")


# --------------------------------------------------------------------------- parameters


def known_prefixes(graph: Graph | None = None, text: str | None = None,
                   declared: Mapping[str, str] | None = None) -> dict[str, str]:
    """Prefixes for CURIE parameters: rdflib's well-known ones, the graph's, those the data
    files ``declared`` (when they were read without rdflib), the query's."""
    prefixes = dict(_well_known_prefixes())
    if graph is not None:
        prefixes.update((p, str(ns)) for p, ns in graph.namespaces())
    prefixes.update(declared or {})
    if text:
        prefixes.update(_declared_prefixes(text))
    return prefixes


@functools.cache
def _well_known_prefixes() -> tuple[tuple[str, str], ...]:
    """rdflib's list of well-known prefixes (read once)."""
    return tuple((p, str(ns)) for p, ns in NamespaceManager(Graph(), "rdflib").namespaces())


@functools.lru_cache(maxsize=256)
def _declared_prefixes(text: str) -> tuple[tuple[str, str], ...]:
    """The query's PREFIX declarations (none when it does not parse); parsed once per text."""
    with contextlib.suppress(ParseBaseException):
        return tuple((decl.prefix or "", str(decl.iri)) for decl in parseQuery(text)[0]
                     if getattr(decl, "name", "") == "PrefixDecl")
    return ()


def bind_params(
    info: QueryInfo, raw: Mapping[str, str], namespaces: Mapping[str, str] | None = None
) -> dict[str, Identifier]:
    """Turn raw strings into RDF terms by the declared types; apply defaults.

    ``namespaces`` (prefix -> IRI) expands CURIEs such as ``pg:Plan``; defaults to
    :func:`known_prefixes` of the query text.
    """
    ns = dict(known_prefixes(text=info.text) if namespaces is None else namespaces)
    declared = {p.name for p in info.params}
    unknown = sorted(set(raw) - declared)
    if unknown:
        names = ", ".join(sorted(declared)) or "none"
        raise PlangraphError(
            f"{info.source}: unknown parameter {', '.join(unknown)} (declared: {names})"
        )
    bound: dict[str, Identifier] = {}
    for p in info.params:
        value = raw.get(p.name, p.default)
        if value is None:
            if p.required:
                raise PlangraphError(
                    f"{info.source}: missing required parameter {p.name} ({p.type})"
                )
            continue
        bound[p.name] = to_term(str(value), p.type, ns, f"{info.source}: parameter {p.name}")
    return bound


def to_term(value: str, type_: str, namespaces: Mapping[str, str], what: str) -> Identifier:
    """Convert one raw value to an RDF term of ``type_`` (see :data:`PARAM_TYPES`)."""
    if type_ == "IRI":
        return URIRef(_to_iri(value.strip(), namespaces, what))
    if type_ == "string":
        return Literal(unicodedata.normalize("NFC", value))
    if type_ == "integer":
        if not _INTEGER.match(value.strip()):
            raise PlangraphError(f"{what}: {value!r} is not an integer")
        return Literal(str(int(value)), datatype=XSD.integer)
    if type_ == "decimal":
        if not _DECIMAL.match(value.strip()):
            raise PlangraphError(f"{what}: {value!r} is not a decimal number (e.g. 12.5)")
        try:
            return Literal(str(Decimal(value.strip())), datatype=XSD.decimal)
        except InvalidOperation:
            raise PlangraphError(f"{what}: {value!r} is not a decimal number") from None
    if type_ == "langstring":
        m = _LANGSTRING.match(value.strip())
        if not m:
            raise PlangraphError(f"{what}: {value!r} needs a language tag, e.g. ข้อความ@th")
        text = m.group(1) if m.group(1) is not None else m.group(2)
        return Literal(unicodedata.normalize("NFC", text), lang=m.group(3))
    raise PlangraphError(f"{what}: unknown type {type_!r}")


def _to_iri(value: str, namespaces: Mapping[str, str], what: str) -> str:
    """An absolute IRI from ``<iri>``, ``http://...``, ``urn:...`` or a known CURIE."""
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    bad = _IRI_FORBIDDEN.search(value)
    if bad:
        raise PlangraphError(f"{what}: {value!r} is not a valid IRI (it contains {bad.group()!r})")
    lowered = value.lower()
    if "://" in value or lowered.startswith(_ABSOLUTE_SCHEMES):
        if not _SCHEME.match(value):
            raise PlangraphError(f"{what}: {value!r} is not an absolute IRI")
        return value
    m = _CURIE.match(value)
    if not m:
        if _RELATIVE_ID.match(value):
            return paths.ID_BASE + value
        raise PlangraphError(
            f"{what}: {value!r} is neither an absolute IRI, a CURIE nor a plan path "
            "such as lampang/issue/2/indicator/3"
        )
    prefix = m.group(1) or ""
    if prefix not in namespaces:
        known = ", ".join(sorted(p for p in namespaces if p)[:12])
        raise PlangraphError(f"{what}: unknown prefix {prefix + ':'!r} (known: {known}, ...)")
    return namespaces[prefix] + m.group(2)


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


# --------------------------------------------------------------------------- engines


def run(
    query: QueryInfo | str,
    params: Mapping[str, Identifier] | None = None,
    *,
    engine: str | None = None,
    graph: Graph | None = None,
    store: ox.Store | None = None,
    endpoint: str | None = None,
    allow_network: bool = False,
    **endpoint_options: Any,
) -> Result:
    """Run a query with pre-bound ``params`` (already RDF terms, see :func:`bind_params`).

    ``engine`` is ``rdflib`` (over ``graph``, default :func:`plangraph.load.load`),
    ``oxigraph`` (over ``store``, default built from ``graph``) or ``endpoint`` (implied by
    ``endpoint=URL``; ``endpoint_options`` go to :func:`run_endpoint`); by default
    :data:`DEFAULT_ENGINE`.
    """
    info = query if isinstance(query, QueryInfo) else _inline(query)
    params = dict(params or {})
    engine = engine or DEFAULT_ENGINE
    if endpoint is not None:
        engine = "endpoint"
    if engine not in ENGINES:
        raise PlangraphError(f"unknown engine {engine!r} (use {', '.join(ENGINES)})")
    prepared = check_network(info.text, allow_network=allow_network, source=info.source)
    if prepared.algebra.name not in ("SelectQuery", "AskQuery"):
        kind = prepared.algebra.name.removesuffix("Query").upper()
        raise PlangraphError(f"{info.source}: {kind} queries are not supported; use SELECT or ASK")
    check_bindable(info, prepared, params)
    if engine == "endpoint":
        if not endpoint:
            raise PlangraphError("engine 'endpoint' needs an endpoint URL")
        return run_endpoint(info, params, endpoint, prepared=prepared, **endpoint_options)
    if engine == "oxigraph":
        if store is None:
            store = to_oxigraph(graph if graph is not None else _default_graph())
        return run_oxigraph(info, params, store)
    if graph is None and store is not None:
        raise PlangraphError("engine 'rdflib' needs an rdflib graph; a pyoxigraph store runs "
                             "on engine 'oxigraph'")
    return run_rdflib(info, params, graph if graph is not None else _default_graph(), prepared)


def _inline(text: str) -> QueryInfo:
    """A QueryInfo for query text given directly."""
    return _info_from_text(text, name="query", path=None, source="<query>")


def _default_graph() -> Dataset:
    """The project's default sources (imported late: load pulls in the parsers)."""
    from .load import load

    return load()


def run_rdflib(
    info: QueryInfo, params: Mapping[str, Identifier], graph: Graph, prepared: Query | None = None
) -> Result:
    """Evaluate with rdflib; parameters become ``initBindings`` (pre-bound variables)."""
    query = prepared or check_network(info.text, source=info.source)
    try:
        res = graph.query(query, initBindings=dict(params))
        return Result.from_rdflib(res)
    except PlangraphError:
        raise
    except Exception as e:
        raise PlangraphError(f"{info.source}: query failed (rdflib): {e}") from None


# ---- oxigraph


def to_oxigraph(graph: Graph) -> ox.Store:
    """An in-memory pyoxigraph Store with the same quads (named graphs kept for a Dataset)."""
    store = ox.Store()
    if isinstance(graph, Dataset):
        data = graph.serialize(format="nquads", encoding="utf-8")
        store.bulk_load(input=data, format=ox.RdfFormat.N_QUADS)
    else:
        data = graph.serialize(format="nt", encoding="utf-8")
        store.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES)
    return store


def to_ox_term(term: Identifier) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """rdflib term -> pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise PlangraphError(f"cannot use {term!r} as a query parameter")


def from_ox_term(term: Any) -> Identifier | None:
    """pyoxigraph term -> rdflib term (xsd:string literals become plain literals)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise PlangraphError(f"unsupported term in results: {term!r}")


def run_oxigraph(info: QueryInfo, params: Mapping[str, Identifier], store: ox.Store) -> Result:
    """Evaluate with pyoxigraph; parameters are ``substitutions`` (SEP-0007)."""
    subs = {ox.Variable(k): to_ox_term(v) for k, v in params.items()}
    try:
        res = store.query(info.text, substitutions=subs, use_default_graph_as_union=True)
        if isinstance(res, ox.QueryBoolean):
            return Result.ask(bool(res))
        if not isinstance(res, ox.QuerySolutions):
            raise PlangraphError(f"{info.source}: only SELECT and ASK queries are supported")
        names = [v.value for v in res.variables]
        # solutions are computed lazily: evaluation errors surface while iterating;
        # each distinct term is converted once (labels, classes and plans repeat a lot)
        terms: dict[Any, Identifier | None] = {}

        def term(value: Any) -> Identifier | None:
            if value not in terms:
                terms[value] = from_ox_term(value)
            return terms[value]

        with paused_gc():  # many small objects, no cycles: don't rescan the heap meanwhile
            rows = [dict(zip(names, map(term, sol), strict=True)) for sol in res]
    except SyntaxError as e:
        raise PlangraphError(f"{info.source}: syntax error (oxigraph): {e}") from None
    except (OSError, RuntimeError, ValueError) as e:
        raise PlangraphError(f"{info.source}: query failed (oxigraph): {e}") from None
    return Result(names, rows)


# ---- remote endpoint


def values_block(params: Mapping[str, Identifier]) -> str:
    """``VALUES (?a ?b) { (<iri> "lit") }`` from RDF terms (N-Triples forms)."""
    if not params:
        return ""
    for name, term in params.items():
        if not _VAR_NAME.match(name):
            raise PlangraphError(f"parameter name {name!r} is not a SPARQL variable name")
        if not isinstance(term, URIRef | Literal):
            raise PlangraphError(f"parameter {name}: only IRIs and literals can be sent")
    names = " ".join(f"?{n}" for n in params)
    values = " ".join(to_nt(term) for term in params.values())
    return f"VALUES ({names}) {{ ({values}) }}"


def _where_locator() -> Any:
    """A pyparsing expression whose result is the offset of the outermost WHERE ``{``."""
    from pyparsing import CaselessKeyword as Keyword
    from pyparsing import Empty, Optional, ZeroOrMore
    from rdflib.plugins.sparql import parser as grammar

    marker = Empty().set_parse_action(lambda _s, loc, _t: [loc])
    head = grammar.SelectClause | Keyword("ASK")
    expr = (
        grammar.Prologue
        + head
        + ZeroOrMore(grammar.DatasetClause)
        + Optional(Keyword("WHERE"))
        + marker
    )
    # rdflib's own comment rule (already on its sub-grammars, so nothing is added twice).
    for ignored in grammar.QueryUnit.ignoreExprs:
        expr.ignore(ignored)
    return expr


_WHERE_LOCATOR: Any = None


def where_brace(text: str) -> int:
    """Offset of the ``{`` that opens the outermost WHERE group of a SELECT/ASK query."""
    global _WHERE_LOCATOR
    if _WHERE_LOCATOR is None:
        _WHERE_LOCATOR = _where_locator()
    loc = _WHERE_LOCATOR.parse_string(text)[-1]
    if not isinstance(loc, int) or text[loc : loc + 1] != "{":
        raise PlangraphError("cannot find the WHERE clause to bind parameters")
    return loc


def with_values(info: QueryInfo, params: Mapping[str, Identifier]) -> str:
    """The query text with ``VALUES (?a ?b) { (...) }`` opening its outermost WHERE group.

    For remote endpoints, which cannot pre-bind variables. Placed first in the WHERE
    group, the VALUES block is joined before the group's FILTERs, BINDs, OPTIONALs and
    before aggregation, so it acts like rdflib's ``initBindings`` and pyoxigraph's
    substitutions. (A *trailing* VALUES clause, which rdflib's SPARQLStore uses, is
    joined after all of that: a FILTER on the parameter then sees it unbound. See
    FIELD-NOTES.) Sub-SELECTs see the value only through the variables they project.
    TODO(queries): run each library query with parameters against a real server.

    The result is parsed again and its VALUES must equal ``params`` exactly, so a term
    that could break out of the block (quotes, braces) cannot pass unnoticed.
    """
    if not params:
        return info.text
    try:
        brace = where_brace(info.text)
    except ParseBaseException as e:
        raise _syntax_error(info.source, e) from None
    block = values_block(params)
    text = f"{info.text[: brace + 1]}\n  {block}\n{info.text[brace + 1 :]}"
    try:
        algebra = translateQuery(parseQuery(text), initNs={}).algebra
    except ParseBaseException:
        raise PlangraphError(
            f"{info.source}: cannot bind parameters for an endpoint here (is the WHERE clause "
            "a bare sub-SELECT? wrap it in another pair of braces)"
        ) from None
    expected = [{Variable(k): v for k, v in params.items()}]
    if not any(n.name == "values" and n.get("res") == expected for n in _walk(algebra)):
        raise PlangraphError(f"{info.source}: parameters did not survive serialization")
    return text


def env_number(name: str, default: float) -> float:
    """A number from the environment (endpoint timeout/retry knobs for tests and CI)."""
    value = os.environ.get(name)
    try:
        return float(value) if value else default
    except ValueError:
        raise PlangraphError(f"{name}={value!r} is not a number") from None


class _Retryable(Exception):
    """A failure worth another try (connection refused/reset, HTTP 5xx)."""


def run_endpoint(
    info: QueryInfo,
    params: Mapping[str, Identifier],
    endpoint: str,
    *,
    prepared: Query | None = None,
    timeout: float | None = None,
    attempts: int | None = None,
    backoff: float | None = None,
) -> Result:
    """Run against a SPARQL endpoint with SPARQLWrapper (POST, JSON results).

    Parameters go in a ``VALUES`` block opening the WHERE clause (:func:`with_values`).
    Credentials come from ``PLANGRAPH_ENDPOINT_USER``/``PLANGRAPH_ENDPOINT_PASSWORD``.
    Connection errors and HTTP 5xx are tried ``attempts`` times in all, waiting
    ``backoff * 2**n`` seconds between tries; defaults come from
    ``PLANGRAPH_ENDPOINT_TIMEOUT`` (30 s), ``..._ATTEMPTS`` (3) and ``..._BACKOFF`` (0.5 s).
    """
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    if timeout is None:
        timeout = env_number("PLANGRAPH_ENDPOINT_TIMEOUT", 30)
    if attempts is None:
        attempts = int(env_number("PLANGRAPH_ENDPOINT_ATTEMPTS", 3))
    attempts = max(1, attempts)
    if backoff is None:
        backoff = env_number("PLANGRAPH_ENDPOINT_BACKOFF", 0.5)
    if prepared is None:
        check_network(info.text, source=info.source)
    wrapper = SPARQLWrapper(endpoint)
    wrapper.setQuery(with_values(info, params))
    wrapper.setMethod(POST)
    wrapper.setReturnFormat(JSON)
    wrapper.setTimeout(max(1, round(timeout)))
    user = os.environ.get("PLANGRAPH_ENDPOINT_USER")
    if user:
        wrapper.setCredentials(user, os.environ.get("PLANGRAPH_ENDPOINT_PASSWORD", ""))
    for attempt in range(attempts):
        try:
            body = _fetch(wrapper, endpoint)
            break
        except _Retryable as e:
            if attempt + 1 >= attempts:
                raise PlangraphError(
                    f"endpoint {endpoint}: {e} (gave up after {attempts} attempts)"
                ) from None
            time.sleep(backoff * 2**attempt)
    try:
        res = RdflibResult.parse(io.BytesIO(body), format="json")
    except Exception as e:
        raise PlangraphError(f"endpoint {endpoint}: bad JSON results: {e}") from None
    return Result.from_rdflib(res)


def _fetch(wrapper: Any, endpoint: str) -> bytes:
    """One request; sorts failures into retryable and final (PlangraphError)."""
    from SPARQLWrapper.SPARQLExceptions import EndPointInternalError, SPARQLWrapperException

    try:
        response = wrapper.query().response
        return response.read()
    except EndPointInternalError:
        raise _Retryable("HTTP 500 internal server error") from None
    except urllib.error.HTTPError as e:
        if e.code >= 500:
            raise _Retryable(f"HTTP {e.code} {e.reason}") from None
        raise PlangraphError(f"endpoint {endpoint}: HTTP {e.code} {e.reason}") from None
    except SPARQLWrapperException as e:
        raise PlangraphError(f"endpoint {endpoint}: {_short(e)}") from None
    except urllib.error.URLError as e:
        reason = e.reason
        if isinstance(reason, TimeoutError):
            raise PlangraphError(f"endpoint {endpoint}: timed out") from None
        raise _Retryable(f"cannot connect ({_reason(reason)})") from None
    except TimeoutError:
        raise PlangraphError(f"endpoint {endpoint}: timed out") from None
    except (ConnectionError, OSError) as e:
        raise _Retryable(f"connection failed ({_reason(e)})") from None


def _reason(reason: Any) -> str:
    """``Connection refused`` rather than ``[Errno 111] Connection refused``."""
    return getattr(reason, "strerror", None) or str(reason)


def _short(e: Exception, limit: int = 200) -> str:
    """A SPARQLWrapper error as one short line (its text embeds the response body)."""
    text = " ".join(str(e).split())
    return text if len(text) <= limit else text[:limit] + "..."


def execute(
    query: str | Path | QueryInfo,
    raw_params: Mapping[str, str] | None = None,
    *,
    graph: Graph | None = None,
    sources: Iterable[Path] | None = None,
    namespaces: Mapping[str, str] | None = None,
    **run_options: Any,
) -> Result:
    """Resolve a library query (name, path or QueryInfo), bind raw parameters, run it.

    Without ``graph`` (and without an endpoint or a pyoxigraph ``store``) the ``sources``
    (default: the project's files) are loaded. ``namespaces`` are prefixes for CURIE
    parameters beyond the graph's (e.g. :attr:`plangraph.load.Quads.prefixes`).
    """
    info = query if isinstance(query, QueryInfo) else resolve(query)
    if graph is None and run_options.get("store") is None and run_options.get("endpoint") is None:
        from .load import load

        graph = load(sources)
    params = bind_params(info, raw_params or {}, known_prefixes(graph, info.text, namespaces))
    return run(info, params, graph=graph, **run_options)
