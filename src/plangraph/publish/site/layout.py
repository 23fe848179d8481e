"""Where the linked-data site puts each resource's page, and how one page links to another.

Instance IRIs map to folders that mirror their path after the instance base
(``<base>lampang/issue/2`` -> ``id/lampang/issue/2/index.html``); the ontology namespace to
``def/plangraph/index.html#<name>``; units to ``def/unit/index.html#<prefix>-<name>``. Links
are relative to the page that holds them and name ``index.html`` explicitly, so the site
works from ``file://`` as well as from a static server.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePosixPath
from urllib.parse import quote

import pyoxigraph as ox

from plangraph import paths
from plangraph.errors import PlangraphError

ID_DIR = "id"
ONTOLOGY_IRI = paths.PG.rstrip("#")
ONTOLOGY_PAGE = "def/plangraph/index.html"
UNITS_PAGE = "def/unit/index.html"
INDEX_PAGE = "index.html"
ALL_PAGE = f"{ID_DIR}/{INDEX_PAGE}"

_SAFE_SEGMENT = re.compile(r"^[A-Za-z0-9._~-]+$")
#: A local name a compact name may end in (no further '/' or '#'; starts like an XML name).
_LOCAL_NAME = re.compile(r"^[A-Za-z_][^/#]*$")
#: Distinct path segments whose folder names are remembered.
SEGMENTS = 1 << 16

IRI = ox.NamedNode | str


def iri_text(iri: IRI) -> str:
    """The IRI of a NamedNode, or the string itself."""
    return iri if isinstance(iri, str) else iri.value


@lru_cache(maxsize=SEGMENTS)
def file_segment(segment: str) -> str:
    """A path segment as a folder name: kept when plain, else percent-encoded (remembered:
    the same few segments make every path, a million calls in a national build)."""
    if _SAFE_SEGMENT.match(segment) and segment not in (".", ".."):
        return segment
    return quote(segment, safe="").replace(".", "%2E") or "%20"


def anchor(qname: str) -> str:
    """An HTML id for a compact name (``unit:PERCENT`` -> ``unit-PERCENT``)."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", qname).strip("-")


@dataclass
class Layout:
    """The site's map from IRIs to files: ``prefixes`` make short names, ``units`` are the
    IRIs documented on the units page."""

    base: str
    prefixes: Mapping[str, str]
    units: frozenset[str] = field(default_factory=frozenset)
    #: instance IRIs shown on another resource's page: IRI -> (that resource, anchor)
    folded: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    # qname and term_target of each IRI, made once (every page names the same few terms)
    _names: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _targets: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)

    def rel(self, iri: IRI) -> str | None:
        """``lampang/issue/2`` for an instance IRI under the base, else None."""
        text = iri_text(iri)
        if not text.startswith(self.base) or len(text) == len(self.base):
            return None
        return text[len(self.base) :]

    def page_dir(self, iri: IRI) -> PurePosixPath:
        """The folder of an instance IRI's page, relative to the site root."""
        return PurePosixPath(*self.page_segments(iri))

    def page_segments(self, iri: IRI) -> tuple[str, ...]:
        """:meth:`page_dir` as its segments (``("id", "lampang", "issue", "2")``)."""
        rel = self.rel(iri)
        if rel is None:
            raise ValueError(f"{iri} is not under {self.base}")
        return (ID_DIR, *(file_segment(s) for s in rel.rstrip("/").split("/")))

    def qname(self, iri: IRI) -> str:
        """A short name: the path after the base for instances, ``pg:Plan`` for terms."""
        text = iri_text(iri)
        name = self._names.get(text)
        if name is None:
            name = self._names[text] = self._qname(text)
        return name

    def _qname(self, text: str) -> str:
        rel = self.rel(text)
        if rel is not None:
            return rel
        for prefix, ns in self.prefixes.items():
            if text.startswith(ns) and _LOCAL_NAME.match(text[len(ns) :]):
                return f"{prefix}:{text[len(ns) :]}"
        return text

    def term_target(self, iri: IRI) -> str | None:
        """``def/plangraph/index.html#Plan`` and the like, relative to the site root."""
        text = iri_text(iri)
        if text not in self._targets:
            self._targets[text] = self._term_target(text)
        return self._targets[text]

    def _term_target(self, text: str) -> str | None:
        if text in self.folded:
            host, fragment = self.folded[text]
            return f"{self._term_target(host)}#{fragment}"
        if self.rel(text) is not None:
            return "/".join(quote(p, safe="") for p in self.page_segments(text)) + "/index.html"
        if text == ONTOLOGY_IRI:
            return ONTOLOGY_PAGE
        if text.startswith(paths.PG):
            return f"{ONTOLOGY_PAGE}#{anchor(text[len(paths.PG):])}"
        if text in self.units:
            return f"{UNITS_PAGE}#{anchor(self.qname(text))}"
        return None

    def check_unique(self, iris: Iterable[IRI]) -> None:
        """Refuse two IRIs that would share one folder (e.g. ``a`` and ``a/``)."""
        seen: dict[str, str] = {}
        for iri in iris:
            text = iri_text(iri)
            # the segments hold no "/" and none is empty, "." or "..": joined, they name the
            # folder as page_dir does (strings hash far faster than paths)
            folder = "/".join(self.page_segments(text))
            if folder in seen and seen[folder] != text:
                raise PlangraphError(f"<{seen[folder]}> and <{text}> would share the page {folder}")
            seen[folder] = text


@dataclass(frozen=True)
class Linker:
    """Relative links from one page (``where``: its path from the site root)."""

    layout: Layout
    where: str

    @property
    def root(self) -> str:
        """``../../`` back to the site root ("" on the root's own pages)."""
        return "../" * self.where.count("/")

    def to(self, path: str) -> str:
        """A site path (``def/plangraph/index.html#Plan``) as seen from this page."""
        return self.root + path

    def href(self, iri: IRI) -> str | None:
        """The link to an IRI's documentation, or None when the site has none."""
        target = self.layout.term_target(iri)
        return None if target is None else self.to(target)
