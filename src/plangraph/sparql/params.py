"""Query parameters: raw strings from the user turned into checked RDF terms.

IRIs (absolute, CURIE or a plan path), strings, integers, decimals and language-tagged
strings, by the type a query declares; prefixes for CURIEs from the data and the query.
"""


from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD, NamespaceManager
from rdflib.term import Identifier

from plangraph import paths
from plangraph.errors import PlangraphError
from plangraph.sparql.lexer import declared_prefixes
from plangraph.sparql.library import QueryInfo

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
    """The query's PREFIX declarations, by the tokenizer (linear: no parse, no recursion);
    remembered per text (a library query's are read on every run)."""
    return tuple(declared_prefixes(text).items())


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


