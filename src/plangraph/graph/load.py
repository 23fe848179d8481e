"""Load the project's RDF files, one named graph per file: into an rdflib Dataset
(:func:`load`, the Python API), as pyoxigraph quads with every term as written
(:func:`read_quads`, what is published) or into a pyoxigraph Store (:func:`load_store`, what
the queries and the fast validator run on: pyoxigraph parses the text straight into the
store, no Python object per quad, since a store keeps values, not lexical forms, anyway).

Each file's triples go into the graph ``urn:plangraph:file:<path relative to the project>``
so that validation reports and queries can say which file a statement came from.
Both loaders make the same checks (UTF-8, Unicode NFC, syntax), and any problem while
reading becomes the same one-line :class:`PlangraphError` (``file:line: problem``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from plangraph import paths
from plangraph.errors import PlangraphError
from plangraph.graph.syntax import (
    TOKEN_LIMIT,
    declared_prefixes,
    long_line,
    quiet_rdflib,
    rdflib_problem,
)
from plangraph.graph.terms import from_ox_term, to_ox_term
from plangraph.runtime.gcpause import paused_gc

FILE_GRAPH_PREFIX = "urn:plangraph:file:"
#: Blank nodes nested deeper than this are refused (pySHACL recurses into them).
MAX_BLANK_DEPTH = 64
_REST = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#rest")

# Suffix -> rdflib parser name. Quad formats keep their own named graphs.
FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nt": "nt",
    ".nq": "nquads",
}
#: rdflib parser name -> pyoxigraph format.
OX_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
}


def file_graph_iri(path: Path | str) -> URIRef:
    """The named-graph IRI that holds the triples of ``path``."""
    return URIRef(FILE_GRAPH_PREFIX + paths.display_path(path))


def new_dataset() -> Dataset:
    """An empty Dataset whose default graph is the union of all graphs."""
    return _core_namespaces(Dataset(default_union=True))


def _core_namespaces(ds: Dataset) -> Dataset:
    """Bind only rdf, rdfs, owl, xsd, xml (rdflib binds ~30 prefixes by default)."""
    ds.namespace_manager = NamespaceManager(ds, bind_namespaces="core")
    return ds


def expand_sources(sources: Iterable[Path | str]) -> list[Path]:
    """``sources`` with each directory replaced by its RDF files (known suffixes, sorted;
    hidden files such as ``.draft.ttl`` skipped); a link loop is a one-line error."""
    expanded: list[Path] = []
    for source in map(Path, sources):
        paths.resolved(source)
        if not source.is_dir():
            expanded.append(source)
            continue
        for p in sorted(source.iterdir()):
            if p.name.startswith(".") or p.suffix.lower() not in FORMATS:
                continue
            paths.resolved(p)
            if p.is_symlink() and not p.exists():
                raise PlangraphError.at(paths.display_path(p), "broken symbolic link")
            if p.is_file():
                expanded.append(p)
    return expanded


def load(sources: Iterable[Path | str] | None = None) -> Dataset:
    """Parse ``sources`` (default: :func:`paths.default_sources`) into a Dataset.

    The Dataset's default graph is the union of the file graphs, so queries without
    ``GRAPH`` see everything and ``GRAPH ?g`` tells the source file.
    """
    ds = new_dataset()
    for source in paths.default_sources() if sources is None else sources:
        load_file(ds, Path(source))
    return ds


def load_file(ds: Dataset, path: Path) -> None:
    """Parse one file into ``ds`` (its triples into the file's named graph).

    pyoxigraph parses (as for :func:`read_file`), so both loaders accept and refuse the
    same files; the quads are then copied into rdflib terms.
    """
    quads = read_file(path)
    for prefix, ns in quads.prefixes.items():
        ds.bind(prefix, ns, override=False)
    graphs: dict[str, Graph] = {}
    with quiet_rdflib():
        for quad in quads:
            name = quad.graph_name.value
            target = graphs.get(name)
            if target is None:
                target = graphs[name] = ds.graph(URIRef(name))
            target.add((from_ox_term(quad.subject), from_ox_term(quad.predicate),
                        from_ox_term(quad.object, as_written=True)))



def _checked_text(path: Path) -> tuple[str, str, str, bytes]:
    """(display name, rdflib format, text, its UTF-8 bytes) of ``path``, its type, encoding
    and NFC checked."""
    name = paths.display_path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise PlangraphError.at(name, f"unsupported file type (expected one of {known})")
    data, text = _read_text(path, name)
    check_nfc(text, name)
    return name, fmt, text, data


class Quads(list[ox.Quad]):
    """Quads read from files, with the prefixes the files declare (``prefix -> IRI``)."""

    def __init__(self, quads: Iterable[ox.Quad] = (), prefixes: dict[str, str] | None = None):
        super().__init__(quads)
        self.prefixes: dict[str, str] = dict(prefixes or {})


def read_quads(sources: Iterable[Path | str] | None = None) -> Quads:
    """Every quad of ``sources`` (default: :func:`paths.default_sources`) as pyoxigraph
    parses them: the same named graphs as :func:`load` (quad formats keep their own graph
    names, their default graph goes to the file graph), the same checks and one-line
    errors, every term exactly as written, ~15x faster than rdflib's parser; the files'
    prefixes (the first declaration of a name wins, as in :func:`load`)."""
    quads = Quads()
    with paused_gc():
        for source in paths.default_sources() if sources is None else sources:
            part = read_file(Path(source))
            quads.extend(part)
            quads.prefixes = {**part.prefixes, **quads.prefixes}
    return quads


def read_file(path: Path) -> Quads:
    """The quads of one file, its triples in the file's graph (``urn:plangraph:file:…``)."""
    name, fmt, text, data = _checked_text(path)
    graph = to_ox_term(file_graph_iri(path))
    try:
        parsed = ox.parse(input=data, format=OX_FORMATS[fmt],
                          base_iri=path.resolve().as_uri())
        quads = Quads(_in_graph(item, graph) for item in parsed)
        quads.prefixes = parsed.prefixes  # known once the whole file is parsed
    except SyntaxError as e:
        problem, line = rdflib_problem(text, fmt) or (f"bad syntax: {e.msg}", e.lineno)
        raise PlangraphError.at(name, problem, line) from None
    except MemoryError:
        raise PlangraphError.at(name, f"a single term is longer than the parser's limit of "
                                f"{TOKEN_LIMIT // 2**20} MiB", long_line(text)) from None
    except ValueError as e:  # pyoxigraph refuses some terms after the lexer accepted them
        raise PlangraphError.at(name, f"bad syntax: {e}") from None
    # The text is NFC, so a literal can only be unnormalised through an escape sequence.
    if "\\u" in text or "\\U" in text:
        for quad in quads:
            lit = quad.object
            if isinstance(lit, ox.Literal) and not unicodedata.is_normalized("NFC", lit.value):
                raise PlangraphError.at(name, _not_nfc("literal", lit.value))
    check_nesting(quads, name)
    return quads


def check_nesting(quads: Sequence[ox.Quad], name: str, limit: int | None = None) -> None:
    """Refuse blank nodes nested deeper than ``limit`` (default :data:`MAX_BLANK_DEPTH`):
    recursive tools (pySHACL, rdflib's serializers) crash on them. RDF lists
    (``rdf:rest`` chains) do not count."""
    limit = MAX_BLANK_DEPTH if limit is None else limit
    parent: dict[str, str] = {}
    for q in quads:
        if isinstance(q.subject, ox.BlankNode) and isinstance(q.object, ox.BlankNode) \
                and q.predicate != _REST:
            parent[q.object.value] = q.subject.value
    depth: dict[str, int] = {}
    for start in parent:
        chain, node, seen = [], start, set()
        while node in parent and node not in depth and node not in seen:  # walk up to a root
            seen.add(node)
            chain.append(node)
            node = parent[node]
        base = depth.get(node, 0)
        for offset, item in enumerate(reversed(chain), start=1):
            depth[item] = base + offset
            if base + offset > limit:
                raise PlangraphError.at(name, f"blank nodes nested more than {limit} deep")




def load_store(sources: Iterable[Path | str] | Sequence[ox.Quad] | None = None) -> ox.Store:
    """A pyoxigraph Store of ``sources`` (files, default the project's, or quads already
    read by :func:`read_quads`), for the SPARQL engine and the fast validator.

    Files are parsed straight into the store (:func:`load_files`). A Store keeps values,
    not lexical forms (oxigraph issue #526): ``"01"^^xsd:integer`` comes back as ``"1"``,
    ``1000.0`` as ``"1000"^^xsd:decimal`` (ill-typed forms such as ``"๒"^^xsd:decimal`` are
    kept). Queries compare values, so they do not mind; what is published is written from
    :func:`read_quads` instead.
    """
    items = list(paths.default_sources() if sources is None else sources)
    store = ox.Store()
    if items and all(isinstance(q, ox.Quad) for q in items):
        store.extend(items)
    else:
        load_files(store, [Path(s) for s in items])
    return store


def load_files(store: ox.Store, files: Iterable[Path], *, bulk: bool = False,
               prefixes: bool = False) -> dict[str, str]:
    """Parse each file into ``store`` (its triples in the file graph) with the checks and
    one-line errors of :func:`read_file`, but without a Python object per quad: pyoxigraph
    reads the text into the store itself (``bulk``: the faster, non-transactional loader,
    for a store that is thrown away on error); files that need more go through
    :func:`read_file` (:func:`_needs_quads`). With ``prefixes``, the files' declared
    prefixes (the first declaration of a name wins, as in :func:`read_quads`); else {}."""
    found: dict[str, str] = {}
    for path in files:
        name, fmt, _, data = _checked_text(path)
        base = path.resolve().as_uri()
        if _needs_quads(data, fmt):
            quads = read_file(path)
            (store.bulk_extend if bulk else store.extend)(quads)
            found = {**quads.prefixes, **found} if prefixes else found
            continue
        graph = to_ox_term(file_graph_iri(path))
        try:
            (store.bulk_load if bulk else store.load)(
                input=data, format=OX_FORMATS[fmt], base_iri=base, to_graph=graph)
        except (SyntaxError, MemoryError, ValueError) as e:
            read_file(path)  # the same parser: raises the one-line error
            raise PlangraphError.at(name, f"cannot load: {e}") from None
        if data.count(b"[") + data.count(b"(") > MAX_BLANK_DEPTH:  # else nesting is impossible
            check_nesting(_blank_edges(store, graph), name)
        if prefixes:
            declared = declared_prefixes(data, fmt, base)
            found = {**(read_file(path).prefixes if declared is None else declared), **found}
    return found


def _needs_quads(data: bytes, fmt: str) -> bool:
    """Whether a file must go through :func:`read_file`: a quad format, labelled blank
    nodes, escapes (literals' NFC), or maybe a token over the parser's limit, which the
    store's loader would accept (a long literal, or a line longer than the limit).
    Searched in the bytes: several times faster than in Thai text."""
    if fmt in ("trig", "nquads") or b"_:" in data or b"\\u" in data or b"\\U" in data:
        return True
    if len(data) <= TOKEN_LIMIT:
        return False
    return (b'"""' in data or b"'''" in data
            or max(map(len, data.split(b"\n"))) > TOKEN_LIMIT)


def _blank_edges(store: ox.Store, graph: ox.NamedNode) -> list[ox.Quad]:
    """The statements of ``graph`` linking a blank node to a blank node."""
    rows = store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} "
                       "FILTER(isBlank(?s) && isBlank(?o)) }")
    return [ox.Quad(row["s"], row["p"], row["o"], graph) for row in rows]


def _in_graph(item: ox.Triple | ox.Quad, graph: ox.NamedNode) -> ox.Quad:
    """A parsed triple, or a quad of the default graph, moved into the file graph."""
    if isinstance(item, ox.Quad) and not isinstance(item.graph_name, ox.DefaultGraph):
        return item
    return ox.Quad(item.subject, item.predicate, item.object, graph)


def _read_text(path: Path, name: str) -> tuple[bytes, str]:
    """The file's bytes and text, decoded as strict UTF-8 (a byte-order mark dropped)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PlangraphError.at(name, "no such file") from None
    except IsADirectoryError:
        raise PlangraphError.at(name, "is a directory, not an RDF file") from None
    except OSError as e:
        raise PlangraphError.at(name, f"cannot read: {e.strerror or e}") from None
    try:
        data = data.removeprefix(b"\xef\xbb\xbf")  # a byte-order mark is allowed
        return data, data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise PlangraphError.at(name, f"not valid UTF-8 ({e.reason})", line) from None




def check_nfc(text: str, name: str) -> None:
    """Refuse text that is not Unicode NFC (e.g. a Thai tone mark before a lower vowel).

    Checks the raw text line by line, so literals, IRIs and comments alike are caught
    with their line number.
    """
    if unicodedata.is_normalized("NFC", text):
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not unicodedata.is_normalized("NFC", line):
            raise PlangraphError.at(name, _not_nfc("text", _first_unnormalized(line)), number)
    raise PlangraphError.at(name, _not_nfc("text", text[:20]))


def _not_nfc(what: str, text: str) -> str:
    """The problem with code points shown (non-NFC text looks the same as NFC text)."""

    def codepoints(t: str) -> str:
        return " ".join(f"U+{ord(c):04X}" for c in t)

    fixed = unicodedata.normalize("NFC", text)
    return f"{what} is not Unicode NFC: {text!r} ({codepoints(text)}) should be {codepoints(fixed)}"


def _first_unnormalized(line: str) -> str:
    """The first base character plus its combining marks that is not NFC (for the message)."""
    clusters: list[str] = []
    for ch in line:
        if clusters and unicodedata.category(ch).startswith("M"):
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return next((c for c in clusters if not unicodedata.is_normalized("NFC", c)), line)


def merged(ds: Dataset) -> Graph:
    """All triples of ``ds`` as one plain Graph, keeping namespace bindings."""
    g = Graph(bind_namespaces="core")
    for prefix, ns in ds.namespaces():
        g.bind(prefix, ns, override=True)
    g += ((s, p, o) for s, p, o, _ in ds.quads((None, None, None, None)))
    return g


def source_file_of(ds: Dataset, subject: Node) -> str | None:
    """The project-relative file that states something about ``subject`` (first, sorted)."""
    graphs = {str(g) for _, _, _, g in ds.quads((subject, None, None, None))}
    files = sorted(g[len(FILE_GRAPH_PREFIX) :] for g in graphs if g.startswith(FILE_GRAPH_PREFIX))
    return files[0] if files else None
