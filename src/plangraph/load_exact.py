"""Read the RDF files as pyoxigraph quads with every term exactly as written.

A pyoxigraph ``Store`` keeps values, not lexical forms (oxigraph issue #526): ``1000.0``
(``"1000.0"^^xsd:decimal``) comes back as ``"1000"``. What plangraph publishes must be the
data as written, so the publishing commands read the files with pyoxigraph's parser, which
keeps every term, into the same file graphs as :func:`plangraph.load.load_store`, after the
same checks (file type, UTF-8, Unicode NFC, syntax) with the same one-line errors: any file
that fails a check is handed to the loader, which words the error.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from . import paths
from .errors import PlangraphError
from .gcpause import paused_gc
from .load import OX_FORMATS, _checked_text, _in_graph, file_graph_iri, load_file_into_store


def read_quads(sources: Iterable[Path | str] | None = None) -> list[ox.Quad]:
    """Every quad of ``sources`` (default: :func:`paths.default_sources`), literals as written."""
    quads: list[ox.Quad] = []
    with paused_gc():
        for source in paths.default_sources() if sources is None else sources:
            quads.extend(read_file(Path(source)))
    return quads


def read_file(path: Path) -> list[ox.Quad]:
    """The quads of one file, its triples in the file's graph (``urn:plangraph:file:…``)."""
    name, fmt, text = _checked_text(path)  # type, UTF-8 and NFC, with the loader's errors
    graph = ox.NamedNode(str(file_graph_iri(path)))
    try:
        parsed = ox.parse(input=text.encode("utf-8"), format=OX_FORMATS[fmt],
                          base_iri=path.resolve().as_uri())
        quads = [_in_graph(item, graph) for item in parsed]
    except SyntaxError:
        quads = None
    # The text is NFC, so a literal can only be unnormalised through an escape sequence.
    if quads is None or (("\\u" in text or "\\U" in text) and not _literals_nfc(quads)):
        load_file_into_store(ox.Store(), path)  # raises the loader's one-line error
        raise PlangraphError.at(name, "cannot be read")  # the loader accepted it: not expected
    return quads


def _literals_nfc(quads: list[ox.Quad]) -> bool:
    return all(unicodedata.is_normalized("NFC", q.object.value)
               for q in quads if isinstance(q.object, ox.Literal))
