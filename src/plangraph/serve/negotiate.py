"""Content negotiation for the endpoint: which result format an ``Accept`` header (or
``format=``) asks for, among those offered."""

from __future__ import annotations

from collections.abc import Sequence

# (media type, pyoxigraph format name); the first is the default.
RESULT_TYPES: tuple[tuple[str, str], ...] = (
    ("application/sparql-results+json", "JSON"),
    ("application/sparql-results+xml", "XML"),
    ("text/csv", "CSV"),
    ("text/tab-separated-values", "TSV"),
    ("application/json", "JSON"),
)
GRAPH_TYPES: tuple[tuple[str, str], ...] = (
    ("text/turtle", "TURTLE"),
    ("application/n-triples", "N_TRIPLES"),
    ("text/plain", "N_TRIPLES"),
    ("application/ld+json", "JSON_LD"),
    ("application/rdf+xml", "RDF_XML"),
)
# ``format=`` shortcuts (for the HTML form and browsers).
FORMAT_ALIASES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "ntriples": "application/n-triples",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
# Served media type for each negotiated one (aliases answer with the canonical type).
CANONICAL = {
    "application/json": "application/sparql-results+json",
    "text/plain": "application/n-triples",
}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``Accept`` as (media range, q) pairs, best first (absent header: ``*/*``)."""
    if not header:
        return [("*/*", 1.0)]
    ranges = []
    for index, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for f in fields[1:]:
            key, _, value = f.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((fields[0].lower(), q, index))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(r[0], r[1]) for r in ranges]


def negotiate(accept: str | None, offered: Sequence[tuple[str, str]]) -> tuple[str, str] | None:
    """The offered (media type, format) the client prefers; None if none is acceptable."""
    best: tuple[float, int, tuple[str, str]] | None = None
    for media_range, q in parse_accept(accept):
        if q <= 0:
            continue
        for rank, (media, fmt) in enumerate(offered):
            if _matches(media_range, media):
                key = (q, -rank, (media, fmt))
                if best is None or key[:2] > best[:2]:
                    best = key
    return best[2] if best else None


def _matches(media_range: str, media: str) -> bool:
    if media_range in ("*/*", "*"):
        return True
    kind, _, sub = media_range.partition("/")
    return media_range == media or (sub == "*" and media.startswith(kind + "/"))

