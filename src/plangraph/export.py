"""Export the whole graph (ontology, units, data; not the shapes) as linked-data files.

Formats: Turtle, N-Triples, TriG, JSON-LD (compacted with ``ontology/context.jsonld``,
embedded) and RDF/XML. TriG keeps one named graph per plan, named
``https://w3id.org/plangraph/data/<plan-slug>`` after the data file the triples came from
(``data/common.ttl`` -> ``.../data/common``), plus ``.../data/ontology`` (ontology and
units) and ``.../data/alignments``. ``base`` moves the instance IRIs
(``https://w3id.org/plangraph/id/...``) and the dataset names to another namespace; the
ontology namespace stays.
"""

from __future__ import annotations

import io
import json
import re
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import XSD, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import NamespaceManager
from rdflib.plugins.serializers.trig import TrigSerializer
from rdflib.plugins.serializers.turtle import TurtleSerializer
from rdflib.term import Node

from . import paths
from .atomic import atomic_dir, atomic_write
from .errors import PlangraphError
from .load import FILE_GRAPH_PREFIX
from .terms import to_nt

INSTANCE_BASE = paths.ID_BASE
DATA_BASE = "https://w3id.org/plangraph/data/"
CONTEXT_FILE_NAME = "context.jsonld"
CONTEXT_IRI = "https://w3id.org/plangraph/def/context.jsonld"
DATASET_SLUG = "plangraph"
ONTOLOGY_SLUG = "ontology"
ALIGNMENTS_SLUG = "alignments"
EXPORT_STEM = "plangraph"

_SLUG_SAFE = re.compile(r"^[A-Za-z0-9._~-]+$")
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")


@dataclass(frozen=True)
class ExportFormat:
    """One output format: CLI name, file suffix, media type, rdflib and pyoxigraph names."""

    name: str
    suffix: str
    media_type: str
    rdflib_format: str
    oxigraph_format: str
    label: str


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("turtle", ".ttl", "text/turtle", "turtle", "TURTLE", "Turtle"),
        ExportFormat("ntriples", ".nt", "application/n-triples", "nt", "N_TRIPLES", "N-Triples"),
        ExportFormat("trig", ".trig", "application/trig", "trig", "TRIG", "TriG"),
        ExportFormat("jsonld", ".jsonld", "application/ld+json", "json-ld", "JSON_LD", "JSON-LD"),
        ExportFormat("rdfxml", ".rdf", "application/rdf+xml", "xml", "RDF_XML", "RDF/XML"),
    )
}


@dataclass(frozen=True)
class Bases:
    """Where instance IRIs and dataset (graph) names live."""

    instance: str = INSTANCE_BASE
    data: str = DATA_BASE

    def dataset_iri(self, slug: str) -> URIRef:
        """``<data base><slug>``: a named graph / VoID subset / mapping set name."""
        return URIRef(self.data + slug)

    def rebase(self, term: Node) -> Node:
        """``term`` moved from the default instance base to this one (others unchanged)."""
        if (
            self.instance != INSTANCE_BASE
            and isinstance(term, URIRef)
            and str(term).startswith(INSTANCE_BASE)
        ):
            return URIRef(self.instance + str(term)[len(INSTANCE_BASE) :])
        return term


def bases_for(base: str | None) -> Bases:
    """:class:`Bases` for an instance base IRI (None: the w3id defaults).

    The dataset base is the sibling ``data/`` of a base ending in ``/id/`` (as in
    ``.../plangraph/id/`` -> ``.../plangraph/data/``), otherwise ``<base>data/``.
    Instance IRIs are slash IRIs, so the base must end in ``/``.
    """
    if base is None or base == INSTANCE_BASE:
        return Bases()
    if not _ABSOLUTE_IRI.match(base) or not base.endswith("/"):
        raise PlangraphError(
            f"--base {base!r}: need an absolute IRI ending in '/', "
            "e.g. https://example.org/plangraph/id/"
        )
    data = base[: -len("id/")] + "data/" if base.endswith("/id/") else base + "data/"
    return Bases(instance=base, data=data)


# --------------------------------------------------------------------------- context


def context_path() -> Path:
    """The shipped JSON-LD context (``ontology/context.jsonld``)."""
    return paths.ONTOLOGY_DIR / CONTEXT_FILE_NAME


@cache
def _context_cached(path: Path, mtime: float) -> dict[str, Any]:
    """Parse the context file once per modification."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PlangraphError.at(paths.display_path(path), "no such file") from None
    except (OSError, ValueError) as e:
        raise PlangraphError.at(
            paths.display_path(path), f"cannot read JSON-LD context: {e}"
        ) from None
    ctx = doc.get("@context") if isinstance(doc, dict) else None
    if not isinstance(ctx, dict):
        raise PlangraphError.at(paths.display_path(path), "expected an object with '@context'")
    return ctx


def jsonld_context() -> dict[str, Any]:
    """The ``@context`` object of ``ontology/context.jsonld`` (a fresh copy)."""
    path = context_path()
    mtime = path.stat().st_mtime if path.exists() else 0.0
    return json.loads(json.dumps(_context_cached(path, mtime)))


def prefixes() -> dict[str, str]:
    """Prefix -> namespace from the shipped context: the one list of preferred prefixes."""
    return {
        k: v
        for k, v in jsonld_context().items()
        if isinstance(v, str) and not k.startswith("@") and v.endswith(("/", "#"))
    }


def _bind_prefixes(target: Graph) -> None:
    """Bind the context's prefixes (and nothing from rdflib's long default list)."""
    target.namespace_manager = NamespaceManager(target, bind_namespaces="core")
    for prefix, ns in prefixes().items():
        target.bind(prefix, ns, override=True, replace=True)


# --------------------------------------------------------------------------- partition


def graph_slug(graph_name: Node) -> str | None:
    """The public dataset slug for a loader file graph; None for the shapes file.

    ``urn:plangraph:file:data/lampang.ttl`` -> ``lampang``; any ``ontology/*.ttl`` ->
    ``ontology``; other names keep their last path segment.
    """
    name = str(graph_name)
    if name.startswith(FILE_GRAPH_PREFIX):
        rel = Path(name[len(FILE_GRAPH_PREFIX) :])
        if rel.name == paths.SHAPES_FILE_NAME:
            return None
        if rel.parent.as_posix() == paths.ONTOLOGY_DIR.name:
            return ONTOLOGY_SLUG
        stem = rel.name.split(".", 1)[0] or rel.name
        return stem if _SLUG_SAFE.match(stem) else urllib.parse.quote(stem, safe="")
    if name.startswith(DATA_BASE):
        return name[len(DATA_BASE) :]
    return None


def public_dataset(source: Graph | Dataset, bases: Bases | None = None) -> Dataset:
    """The export view: named graphs per plan (see module doc), instance IRIs rebased.

    ``source`` is what :func:`plangraph.load.load` returns; a plain Graph (no file
    provenance) becomes a single graph ``<data base>plangraph``. Graph names that are
    neither loader file graphs nor public names are kept (rebased).
    """
    bases = bases or Bases()
    out = Dataset(default_union=True)
    _bind_prefixes(out)
    for prefix, ns in source.namespaces():
        out.bind(prefix, ns, override=False)
    for name, triples in _source_graphs(source):
        slug = graph_slug(name) if name is not None else DATASET_SLUG
        if name is not None and slug is None and str(name).startswith(FILE_GRAPH_PREFIX):
            continue  # the shapes are not part of the published graph
        target_name = bases.dataset_iri(slug) if slug is not None else bases.rebase(name)
        target = out.graph(target_name)
        target.addN((bases.rebase(s), p, bases.rebase(o), target) for s, p, o in triples)
    return out


def _source_graphs(source: Graph | Dataset) -> Iterable[tuple[Node | None, Graph]]:
    """(graph name or None for 'no provenance', triples) pairs of ``source``."""
    if isinstance(source, Dataset):
        for g in source.graphs():
            if len(g) == 0:
                continue
            yield (None if g.identifier == DATASET_DEFAULT_GRAPH_ID else g.identifier), g
    else:
        yield None, source


def merged_graph(dataset: Dataset) -> Graph:
    """All triples of ``dataset`` in one Graph with the export prefixes bound."""
    g = Graph()
    _bind_prefixes(g)
    for prefix, ns in dataset.namespaces():
        g.bind(prefix, ns, override=False)
    g += ((s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None)))
    return g


# --------------------------------------------------------------------------- serialize


def serialize(dataset: Dataset, fmt: str, bases: Bases | None = None) -> bytes:
    """``dataset`` (from :func:`public_dataset`) as ``fmt`` (a :data:`FORMATS` key)."""
    bases = bases or Bases()
    spec = FORMATS.get(fmt)
    if spec is None:
        raise PlangraphError(f"unknown export format {fmt!r} (use {', '.join(FORMATS)})")
    if spec.name == "trig":
        return _write(_LosslessTrig(dataset))
    graph = merged_graph(dataset)
    if spec.name == "ntriples":
        lines = graph.serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
        return b"".join(sorted(line for line in lines if line.strip()))
    if spec.name == "turtle":
        return _write(_LosslessTurtle(graph), base=bases.instance)
    if spec.name == "jsonld":
        return _jsonld(graph)
    return graph.serialize(format=spec.rdflib_format, encoding="utf-8")


class _LosslessLiterals:
    """Turtle/TriG literals keep their exact lexical form.

    rdflib writes ``"10"^^xsd:decimal`` as ``10.0`` and reformats doubles, which is the
    same value but a different RDF term; such literals are written in full instead.
    """

    def label(self, node: Node, position: int) -> str:
        if isinstance(node, Literal) and node.datatype in _NUMERIC_SHORT and not _short_ok(node):
            return node._literal_n3(
                use_plain=False,
                qname_callback=lambda dt: self.get_pname(dt, False),  # type: ignore[attr-defined]
            )
        return super().label(node, position)  # type: ignore[misc]


_NUMERIC_SHORT = frozenset({XSD.integer, XSD.decimal, XSD.double, XSD.boolean})


def _short_ok(lit: Literal) -> bool:
    """Would rdflib's short form (``5``, ``2.5``, ``true``) read back as the same term?"""
    return lit.datatype != XSD.double and to_nt(lit, short=True) == str(lit)


class _LosslessTurtle(_LosslessLiterals, TurtleSerializer):
    """Turtle with exact literals."""


class _LosslessTrig(_LosslessLiterals, TrigSerializer):
    """TriG with exact literals."""


def _write(serializer: TurtleSerializer, base: str | None = None) -> bytes:
    buf = io.BytesIO()
    serializer.serialize(buf, base=base, encoding="utf-8")
    return buf.getvalue()


def _jsonld(graph: Graph) -> bytes:
    """Compacted JSON-LD with the shipped context embedded; nodes sorted by ``@id``."""
    context = jsonld_context()
    doc = json.loads(graph.serialize(format="json-ld", context=context))
    nodes = doc.get("@graph", [doc] if "@id" in doc else [])
    if isinstance(nodes, list):
        nodes = [{k: v for k, v in n.items() if k != "@context"} for n in nodes]
        nodes.sort(key=lambda n: str(n.get("@id", "")))
    return (
        json.dumps({"@context": context, "@graph": nodes}, ensure_ascii=False, indent=2) + "\n"
    ).encode("utf-8")


def export(
    source: Graph | Dataset, fmt: str, out: Path | None = None, *, base: str | None = None
) -> bytes:
    """Serialize the whole graph as ``fmt``; write it to ``out`` atomically if given."""
    bases = bases_for(base)
    data = serialize(public_dataset(source, bases), fmt, bases)
    if out is not None:
        atomic_write(out, data)
    return data


def export_file_name(fmt: str) -> str:
    """``plangraph.ttl`` and so on: the file name ``export_all`` uses for ``fmt``."""
    return EXPORT_STEM + FORMATS[fmt].suffix


def export_all(
    source: Graph | Dataset,
    outdir: Path | str | None = None,
    *,
    base: str | None = None,
    endpoint: str | None = None,
) -> Path:
    """Write every format, ``context.jsonld``, ``alignments.sssom.tsv`` and ``catalog.ttl``.

    The directory (default ``build/export``) is replaced as a whole, so readers see the
    old set or the new one, never a mix. ``endpoint`` is the public SPARQL endpoint to
    name in the catalog. Returns the directory.
    """
    from .describe import Distribution, check_endpoint_url, write_catalog
    from .sssom_export import SSSOM_FILE_NAME, SSSOM_MEDIA_TYPE, write_sssom

    if endpoint is not None:
        check_endpoint_url(endpoint)
    target = Path(outdir) if outdir is not None else paths.BUILD_DIR / "export"
    bases = bases_for(base)
    dataset = public_dataset(source, bases)
    with atomic_dir(target) as tmp:
        dists: list[Distribution] = []
        for spec in FORMATS.values():
            path = tmp / export_file_name(spec.name)
            path.write_bytes(serialize(dataset, spec.name, bases))
            conforms = CONTEXT_IRI if spec.name == "jsonld" else None
            dists.append(Distribution(path, spec.media_type, spec.label, conforms_to=conforms))
        (tmp / CONTEXT_FILE_NAME).write_bytes(context_path().read_bytes())
        sssom = write_sssom(dataset, tmp / SSSOM_FILE_NAME, bases)
        dists.append(Distribution(sssom, SSSOM_MEDIA_TYPE, "SSSOM/TSV", alignments=True))
        write_catalog(dataset, tmp / "catalog.ttl", dists, bases, endpoint=endpoint)
    return target
