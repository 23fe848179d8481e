"""Export the whole graph (ontology, units, data; not the shapes) as linked-data files.

Formats: Turtle, N-Triples (sorted lines), TriG, JSON-LD (compacted with
``ontology/context.jsonld``, embedded) and RDF/XML, all written by pyoxigraph except the
JSON-LD compaction (:mod:`plangraph.publish.jsonld`). TriG keeps one named graph per plan (see
:mod:`plangraph.publish.public` for the names and ``base``). Prefixes are the context's; IRIs are
written in full (no ``@base``). Literals keep their lexical form as the source holds it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset

from plangraph import paths
from plangraph.errors import PlangraphError
from plangraph.publish import jsonld
from plangraph.publish.public import (
    ALIGNMENTS_SLUG,
    DATA_BASE,
    DATASET_SLUG,
    INSTANCE_BASE,
    ONTOLOGY_SLUG,
    Bases,
    PublicData,
    Source,
    bases_for,
    graph_slug,
    public_data,
)
from plangraph.runtime.atomic import atomic_dir, atomic_write
from plangraph.runtime.gcpause import paused_gc

__all__ = [
    "ALIGNMENTS_SLUG", "CONTEXT_IRI", "DATASET_SLUG", "DATA_BASE", "FORMATS", "INSTANCE_BASE",
    "ONTOLOGY_SLUG", "Bases", "ExportFormat", "PublicData", "Source", "bases_for", "export",
    "export_all", "export_file_name", "graph_slug", "jsonld_context", "prefixes",
    "public_data", "public_dataset", "serialize",
]

CONTEXT_FILE_NAME = "context.jsonld"
CONTEXT_IRI = "https://w3id.org/plangraph/def/context.jsonld"
EXPORT_STEM = "plangraph"


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


# --------------------------------------------------------------------------- serialize


def serialize(source: Source | PublicData, fmt: str, bases: Bases | None = None) -> bytes:
    """``source`` (best a :class:`PublicData`; anything else is made one) as ``fmt``."""
    spec = FORMATS.get(fmt)
    if spec is None:
        raise PlangraphError(f"unknown export format {fmt!r} (use {', '.join(FORMATS)})")
    data = public_data(source, bases)
    if spec.name == "ntriples":
        return data.ntriples
    if spec.name == "jsonld":
        return jsonld.document(jsonld_context(), data.triples)
    rdf_format = getattr(ox.RdfFormat, spec.oxigraph_format)
    items = data.quads() if spec.name == "trig" else data.triples
    return ox.serialize(items, format=rdf_format, prefixes=prefixes())


def public_dataset(source: Source | PublicData, bases: Bases | None = None) -> Dataset:
    """The published view as an rdflib Dataset (for notebooks and rdflib tools)."""
    data = public_data(source, bases)
    out = Dataset(default_union=True)
    for prefix, ns in prefixes().items():
        out.bind(prefix, ns, override=True, replace=True)
    out.parse(data=ox.serialize(data.quads(), format=ox.RdfFormat.N_QUADS), format="nquads")
    return out


def export(
    source: Source, fmt: str, out: Path | None = None, *, base: str | None = None
) -> bytes:
    """Serialize the whole graph as ``fmt``; write it to ``out`` atomically if given."""
    data = serialize(public_data(source, bases_for(base)), fmt)
    if out is not None:
        atomic_write(out, data)
    return data


def export_file_name(fmt: str) -> str:
    """``plangraph.ttl`` and so on: the file name ``export_all`` uses for ``fmt``."""
    return EXPORT_STEM + FORMATS[fmt].suffix


def export_all(
    source: Source | PublicData,
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
    from plangraph.publish.catalog import Distribution, check_endpoint_url, write_catalog
    from plangraph.publish.sssom import SSSOM_FILE_NAME, SSSOM_MEDIA_TYPE, write_sssom

    if endpoint is not None:
        check_endpoint_url(endpoint)
    target = Path(outdir) if outdir is not None else paths.BUILD_DIR / "export"
    bases = bases_for(base)
    with paused_gc(), atomic_dir(target) as tmp:  # no cycles to collect: a fifth faster
        data = public_data(source, bases)
        dists: list[Distribution] = []
        for spec in FORMATS.values():
            path = tmp / export_file_name(spec.name)
            path.write_bytes(serialize(data, spec.name))
            conforms = CONTEXT_IRI if spec.name == "jsonld" else None
            dists.append(Distribution(path, spec.media_type, spec.label, conforms_to=conforms))
        (tmp / CONTEXT_FILE_NAME).write_bytes(context_path().read_bytes())
        sssom = write_sssom(data, tmp / SSSOM_FILE_NAME, bases)
        dists.append(Distribution(sssom, SSSOM_MEDIA_TYPE, "SSSOM/TSV", alignments=True))
        write_catalog(data, tmp / "catalog.ttl", dists, bases, endpoint=endpoint)
    return target
