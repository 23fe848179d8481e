"""``plangraph site``: a static linked-data site, one HTML page per resource.

Every IRI under the instance base gets ``id/<path>/index.html`` beside its description as
``index.ttl`` and ``index.jsonld`` (compacted with the shipped context); the ontology is
documented at ``def/plangraph/index.html``, the units at ``def/unit/index.html``; the
root ``index.html`` lists the plans in cascade order. Pages use relative links only, an
inlined stylesheet and a Content-Security-Policy without scripts; every text from the data
goes through Jinja's autoescape. ``base`` moves the instance IRIs as
:func:`plangraph.export.export_all` does. The site is written atomically.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from plangraph import paths
from plangraph.graph.index import Index
from plangraph.graph.vocab import PG, QB, QUDT
from plangraph.maps import html
from plangraph.publish import jsonld
from plangraph.publish.export import Source, jsonld_context, prefixes
from plangraph.publish.public import PublicData, bases_for, public_data
from plangraph.publish.site import markup
from plangraph.publish.site.fold import fold
from plangraph.publish.site.layout import (
    ALL_PAGE,
    INDEX_PAGE,
    ONTOLOGY_PAGE,
    UNITS_PAGE,
    Layout,
    Linker,
)
from plangraph.publish.site.model import (
    LABELS,
    children,
    instance_subjects,
    kind,
    labels,
    plans,
    ref,
    refs,
    resource,
)
from plangraph.publish.site.ontology import ontology_page, units, units_page
from plangraph.publish.site.output import SUMS_FILE, Output, read_sums, sums_text
from plangraph.publish.site.redirects import rule_files, stub_page
from plangraph.runtime.atomic import atomic_dir
from plangraph.runtime.forkpool import map_ranges, processes_for
from plangraph.runtime.gcpause import paused_gc

TEMPLATES = "templates"
SITE_CSS = f"{TEMPLATES}/site.css"
TURTLE_FILE = "index.ttl"
JSONLD_FILE = "index.jsonld"
#: An indicator's observed values as a table, beside its page.
CSV_FILE = "observations.csv"
CSV_COLUMNS = ("observation", "indicator", "year", "value", "unit", "dataset")
#: Siblings of the site in ``build/`` that the front page links to when they exist.
NEIGHBOURS = {"maps": "maps/index.html", "export": "export/catalog.ttl"}


def default_out_dir() -> Path:
    """``build/site`` under the project."""
    return paths.BUILD_DIR / "site"


@cache
def environment() -> Environment:
    """Jinja2 with autoescape on for every template; the maps' templates (the page shell)
    are found after the site's own. Templates are loaded once (no file check per page)."""
    loader = ChoiceLoader([PackageLoader("plangraph.publish.site", TEMPLATES),
                           PackageLoader(html.PACKAGE, "templates")])
    env = Environment(loader=loader, autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, auto_reload=False)
    env.globals.update(markup.GLOBALS)
    return env


@cache
def _style() -> tuple[Markup, str]:
    """The inlined stylesheet (the maps' plus the site's) and the CSP that allows only it."""
    extra = files("plangraph.publish.site").joinpath(SITE_CSS).read_text(encoding="utf-8")
    css = html.style_body(html.resource(html.STYLESHEET) + extra)
    return css, html.content_security_policy([], [str(css)])


def render(template: str, linker: Linker, **context: Any) -> str:
    """A page: the maps' stylesheet plus the site's, inlined; a CSP that allows only that."""
    css, csp = _style()
    return environment().get_template(template).render(
        css=css, csp=csp,
        root=linker.root, nav={"home": linker.to(INDEX_PAGE), "all": linker.to(ALL_PAGE),
                               "ontology": linker.to(ONTOLOGY_PAGE),
                               "units": linker.to(UNITS_PAGE)},
        **context,
    )


# --------------------------------------------------------------------------- alternates


def description(g: Index, node: ox.NamedNode) -> list[ox.Triple]:
    """``node``'s triples as subject, plus the labels of the resources it links to."""
    found = [ox.Triple(node, p, o) for p, o in g.predicate_objects(node)]
    labelled = g.memo(__name__ + ".labels")  # the same types, plans and units on every page
    for t in list(found):
        if isinstance(t.object, ox.NamedNode):
            more = labelled.get(t.object)
            if more is None:
                more = labelled[t.object] = [ox.Triple(t.object, prop, lit) for prop in LABELS
                                             for lit in g.objects(t.object, prop)]
            found += more  # type: ignore[arg-type]
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class Alternates:
    """Writes a resource's description as Turtle and as JSON-LD (compacted with the shipped
    context); made once per build."""

    prefixes: dict[str, str]
    compactor: jsonld.Compactor

    @classmethod
    def shipped(cls) -> Alternates:
        """With the prefixes and context of ``ontology/context.jsonld``."""
        return cls(prefixes(), jsonld.compactor(jsonld_context()))

    def write(self, triples: list[ox.Triple]) -> tuple[bytes, bytes]:
        """(Turtle, JSON-LD) of ``triples``."""
        turtle = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=self.prefixes)
        return turtle, self.compactor.document(triples)


# --------------------------------------------------------------------------- pages


def _resource_page(g: Index, layout: Layout, node: ox.NamedNode,
                   guests: Sequence[ox.NamedNode] = ()) -> tuple[str, str]:
    folder = "/".join(layout.page_segments(node))
    linker = Linker(layout, f"{folder}/{INDEX_PAGE}")
    page = resource(g, linker, node, guests)
    title = page["th"] or page["en"] or page["name"]
    alternates = [("text/turtle", TURTLE_FILE), ("application/ld+json", JSONLD_FILE)]
    if guests:
        alternates.append(("text/csv", CSV_FILE))
    return folder, render("resource.html", linker, title=title, r=page, alternates=alternates,
                          turtle=TURTLE_FILE, jsonld=JSONLD_FILE, csv=CSV_FILE)


def _front_page(g: Index, layout: Layout, out: Path) -> str:
    linker = Linker(layout, INDEX_PAGE)
    cascade = [{**ref(g, linker, p), "top": refs(g, linker, children(g, p))}
               for p in plans(g, layout)]
    neighbours = {k: "../" + v if (out.parent / v).is_file() else "" for k, v in NEIGHBOURS.items()}
    return render("index.html", linker, title="plangraph", plans=cascade, neighbours=neighbours,
                  count=len(instance_subjects(g, layout)))


def _all_page(g: Index, layout: Layout) -> str:
    linker = Linker(layout, ALL_PAGE)
    groups: dict[str, dict[str, Any]] = {}
    for node in instance_subjects(g, layout):
        if node.value in layout.folded:
            continue
        k = kind(g, node)
        key = layout.qname(k) if k is not None else ""
        if key not in groups:
            th, en = labels(g, k) if k is not None else ("", "")
            groups[key] = {"name": key, "th": th, "en": en, "href": linker.href(k) if k else None,
                           "items": []}
        groups[key]["items"].append(ref(g, linker, node))
    return render("all.html", linker, title="ทรัพยากรทั้งหมด · All resources",
                  groups=[groups[k] for k in sorted(groups)], folded=len(layout.folded))


def site_pages(g: Index, layout: Layout, out: Path) -> Iterator[tuple[str, str]]:
    """(path from the site root, HTML) of the front, all-resources, ontology and units pages."""
    yield INDEX_PAGE, _front_page(g, layout, out)
    yield ALL_PAGE, _all_page(g, layout)
    onto = Linker(layout, ONTOLOGY_PAGE)
    yield ONTOLOGY_PAGE, render("ontology.html", onto, title="plangraph ontology",
                                o=ontology_page(g, onto))
    unit_linker = Linker(layout, UNITS_PAGE)
    yield UNITS_PAGE, render("units.html", unit_linker, title="หน่วย · Units",
                             **units_page(g, unit_linker))


def observations_csv(g: Index, node: ox.NamedNode, guests: Sequence[ox.NamedNode]) -> bytes:
    """An indicator's observed values, a row each (IRIs and lexical forms as written)."""
    text = io.StringIO()
    rows = csv.writer(text, lineterminator="\n")
    rows.writerow(CSV_COLUMNS)
    for o in guests:
        rows.writerow([o.value, node.value] + [getattr(g.value(o, p), "value", "") for p in
                                               (PG.refYear, PG.observedValue, QUDT.unit,
                                                QB.dataSet)])
    return text.getvalue().encode("utf-8")


def resource_files(g: Index, layout: Layout, node: ox.NamedNode, alternates: Alternates,
                   guests: Sequence[ox.NamedNode] = ()) -> tuple[str, dict[str, bytes]]:
    """A resource's folder and its files: the page, the Turtle and the JSON-LD (describing
    the observations shown on the page too) and, with observations, their CSV."""
    folder, text = _resource_page(g, layout, node, guests)
    triples = description(g, node)
    for o in guests:
        triples += description(g, o)
    turtle, json_ld = alternates.write(list(dict.fromkeys(triples)))
    files = {INDEX_PAGE: text.encode("utf-8"), TURTLE_FILE: turtle, JSONLD_FILE: json_ld}
    if guests:
        files[CSV_FILE] = observations_csv(g, node, guests)
    return folder, files


@dataclass(frozen=True)
class _ResourceWriter:
    """Writes the folders of ``nodes[start:stop]`` through ``output`` (one range of the job);
    returns ``(path, digest, reused)`` of every file. With ``stubs``, a redirecting page for
    each observation shown on another page."""

    g: Index
    layout: Layout
    nodes: list[ox.NamedNode]
    output: Output
    alternates: Alternates
    guests: dict[str, list[ox.NamedNode]]
    stubs: bool = False

    def __call__(self, start: int, stop: int) -> list[tuple[str, str, bool]]:
        written = []
        for node in self.nodes[start:stop]:
            guests = self.guests.get(node.value, [])
            folder, files = resource_files(self.g, self.layout, node, self.alternates, guests)
            os.makedirs(f"{self.output.root}/{folder}", exist_ok=True)
            written += [self.output.put(f"{folder}/{name}", data) for name, data in files.items()]
            if self.stubs:
                for o in guests:
                    stub = "/".join((*self.layout.page_segments(o), INDEX_PAGE))
                    os.makedirs((self.output.root / stub).parent, exist_ok=True)
                    href = Linker(self.layout, stub).href(o) or ""
                    written.append(self.output.put(stub, stub_page(self.layout.qname(o), href)))
        return written


def site_graph(source: Source | PublicData, base: str | None = None) -> tuple[Index, Layout]:
    """The published graph (instance IRIs moved to ``base``), indexed, and the site's layout.

    A :class:`PublicData` is taken as it is: make it with the same ``base``.
    """
    bases = bases_for(base)
    g = public_data(source, bases).index
    return g, Layout(bases.instance, prefixes(), frozenset(u.value for u in units(g)))


def build_site(source: Source | PublicData, out_dir: Path | str | None = None, *,
               base: str | None = None, processes: int | None = None,
               previous: Path | None = None, redirect_pages: bool = False) -> Path:
    """Write the whole site into ``out_dir`` (default ``build/site``), atomically.

    Observations are rows of their indicator's page (:mod:`.fold`), resolved by the rule
    files the site ships and, with ``redirect_pages``, by a stub page each. Files identical
    to those of the ``previous`` site (default: the one at ``out_dir``) are linked from it,
    not written again (:mod:`.output`). The resource folders are written by ``processes``
    forked workers (default: :func:`plangraph.forkpool.processes_for` the number of pages);
    the files are the same however many write them.
    """
    out = Path(out_dir) if out_dir is not None else default_out_dir()
    g, layout = site_graph(source, base)
    with paused_gc():  # a few hundred thousand small objects, no cycles: 3x faster
        nodes = instance_subjects(g, layout)
        layout.check_unique(nodes)
        folding = fold(g, layout, nodes)
    layout.folded = folding.hosts
    pages = [n for n in nodes if n.value not in folding.hosts]
    if processes is None:
        processes = processes_for(len(pages))
    previous = out if previous is None else Path(previous)
    with atomic_dir(out) as tmp:
        output = Output(tmp, previous if previous.is_dir() else None, read_sums(previous))
        written = []
        with paused_gc():  # the collector would walk the whole index again and again
            top = [*site_pages(g, layout, out), *rule_files(folding.rules).items()]
            for rel, text in top:
                (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
                written.append(output.put(rel, text.encode("utf-8")))
        writer = _ResourceWriter(g, layout, pages, output, Alternates.shipped(), folding.guests,
                                 redirect_pages)
        for part in map_ranges(writer, len(pages), processes):
            written += part
        (tmp / SUMS_FILE).write_text(sums_text((rel, d) for rel, d, _ in written),
                                     encoding="utf-8")
    return out
