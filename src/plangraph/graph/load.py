"""Load the project's RDF files, one named graph per file: into an rdflib Dataset
(:func:`load`, the Python API), as pyoxigraph quads with every term as written
(:func:`read_quads`, what is published) or into a pyoxigraph Store (:func:`load_store`, what
the queries and the fast validator run on).

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
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import NamespaceManager
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.term import Node

from plangraph import paths
from plangraph.errors import PlangraphError
from plangraph.graph.terms import to_ox_term
from plangraph.runtime.gcpause import paused_gc

FILE_GRAPH_PREFIX = "urn:plangraph:file:"

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
    """``sources`` with each directory replaced by its RDF files (known suffixes, sorted)."""
    expanded: list[Path] = []
    for source in map(Path, sources):
        if source.is_dir():
            expanded += sorted(p for p in source.iterdir()
                               if p.suffix.lower() in FORMATS and p.is_file())
        else:
            expanded.append(source)
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
    """Parse one file into ``ds`` (its triples into the file's named graph)."""
    name, fmt, text = _checked_text(path)
    try:
        parsed = _core_namespaces(Dataset())
        parsed.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except BadSyntax as e:
        raise PlangraphError.at(name, _bad_syntax_problem(e, text), e.lines + 1) from None
    except Exception as e:  # rdflib raises many types; all are load errors here
        line = _find_bad_line(text, fmt) if fmt in ("nt", "nquads") else None
        raise PlangraphError.at(name, f"bad syntax: {e}", line) from None
    check_literals_nfc(parsed, name)
    _add_parsed(ds, parsed, file_graph_iri(path))


def _checked_text(path: Path) -> tuple[str, str, str]:
    """(display name, rdflib format, text) of ``path``, its type, encoding and NFC checked."""
    name = paths.display_path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise PlangraphError.at(name, f"unsupported file type (expected one of {known})")
    text = _read_text(path, name)
    check_nfc(text, name)
    return name, fmt, text


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
    name, fmt, text = _checked_text(path)
    graph = to_ox_term(file_graph_iri(path))
    try:
        parsed = ox.parse(input=text.encode("utf-8"), format=OX_FORMATS[fmt],
                          base_iri=path.resolve().as_uri())
        quads = Quads(_in_graph(item, graph) for item in parsed)
        quads.prefixes = parsed.prefixes  # known once the whole file is parsed
    except SyntaxError as e:
        load_file(new_dataset(), path)  # rdflib words the error as load() does
        raise PlangraphError.at(name, f"bad syntax: {e.msg}", e.lineno) from None
    # The text is NFC, so a literal can only be unnormalised through an escape sequence.
    if "\\u" in text or "\\U" in text:
        for quad in quads:
            lit = quad.object
            if isinstance(lit, ox.Literal) and not unicodedata.is_normalized("NFC", lit.value):
                raise PlangraphError.at(name, _not_nfc("literal", lit.value))
    return quads


def load_store(sources: Iterable[Path | str] | Sequence[ox.Quad] | None = None) -> ox.Store:
    """A pyoxigraph Store of ``sources`` (files, default the project's, or quads already
    read by :func:`read_quads`), for the SPARQL engine and the fast validator.

    A Store keeps values, not lexical forms (oxigraph issue #526): ``1000.0`` comes back as
    ``"1000"^^xsd:decimal``. Queries compare values, so they do not mind; what is published
    is written from :func:`read_quads` instead.
    """
    items = list(paths.default_sources() if sources is None else sources)
    quads = items if all(isinstance(q, ox.Quad) for q in items) else read_quads(items)
    store = ox.Store()
    store.extend(quads)
    return store


def _in_graph(item: ox.Triple | ox.Quad, graph: ox.NamedNode) -> ox.Quad:
    """A parsed triple, or a quad of the default graph, moved into the file graph."""
    if isinstance(item, ox.Quad) and not isinstance(item.graph_name, ox.DefaultGraph):
        return item
    return ox.Quad(item.subject, item.predicate, item.object, graph)


def _add_parsed(ds: Dataset, parsed: Dataset, graph_iri: URIRef) -> None:
    """Copy ``parsed`` into ``ds``: default-graph triples go to the file graph ``graph_iri``.

    Named graphs of quad formats (TriG, N-Quads) keep their own names.
    """
    for prefix, ns in parsed.namespaces():
        ds.bind(prefix, ns, override=False)
    for source in parsed.graphs():
        g_id = source.identifier
        target = ds.graph(graph_iri if g_id == DATASET_DEFAULT_GRAPH_ID else g_id)
        target.addN((s, p, o, target) for s, p, o in source)


def _read_text(path: Path, name: str) -> str:
    """The file's text, decoded as strict UTF-8."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PlangraphError.at(name, "no such file") from None
    except IsADirectoryError:
        raise PlangraphError.at(name, "is a directory, not an RDF file") from None
    except OSError as e:
        raise PlangraphError.at(name, f"cannot read: {e.strerror or e}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise PlangraphError.at(name, f"not valid UTF-8 ({e.reason})", line) from None


def _bad_syntax_problem(e: BadSyntax, text: str) -> str:
    """rdflib's reason plus the text where parsing stopped."""
    why = getattr(e, "_why", "") or "syntax error"
    pos = getattr(e, "_i", None)
    near = ""
    if isinstance(pos, int) and 0 <= pos < len(text):
        snippet = text[pos:].lstrip().split("\n", 1)[0][:30]
        near = f" near {snippet!r}" if snippet else ""
    return f"bad syntax: {why}{near}"


def _find_bad_line(text: str, fmt: str) -> int | None:
    """For line-based formats: the first line that does not parse on its own."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            Dataset().parse(data=line, format=fmt)
        except Exception:
            return number
    return None


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


def check_literals_nfc(ds: Dataset, name: str) -> None:
    """Refuse parsed literals that are not NFC (catches ``\\u`` escapes in the source)."""
    for _, _, lit, _ in ds.quads((None, None, None, None)):
        if isinstance(lit, Literal) and not unicodedata.is_normalized("NFC", str(lit)):
            raise PlangraphError.at(name, _not_nfc("literal", str(lit)))


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
