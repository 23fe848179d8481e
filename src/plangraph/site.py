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

from collections.abc import Iterator
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from . import jsonld, paths
from .atomic import atomic_dir
from .export import Source, jsonld_context, prefixes
from .maps import html
from .public import PublicData, bases_for, public_data
from .rdfindex import Index
from .site_layout import ALL_PAGE, INDEX_PAGE, ONTOLOGY_PAGE, UNITS_PAGE, Layout, Linker
from .site_model import (
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
from .site_ontology import ontology_page, units, units_page

TEMPLATES = "site_templates"
SITE_CSS = f"{TEMPLATES}/site.css"
TURTLE_FILE = "index.ttl"
JSONLD_FILE = "index.jsonld"
#: Siblings of the site in ``build/`` that the front page links to when they exist.
NEIGHBOURS = {"maps": "maps/index.html", "export": "export/catalog.ttl"}


def default_out_dir() -> Path:
    """``build/site`` under the project."""
    return paths.BUILD_DIR / "site"


@cache
def environment() -> Environment:
    """Jinja2 with autoescape on for every template; the maps' templates (the page shell)
    are found after the site's own."""
    loader = ChoiceLoader([PackageLoader("plangraph", TEMPLATES),
                           PackageLoader(html.PACKAGE, "templates")])
    return Environment(loader=loader, autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


@cache
def _style() -> tuple[Markup, str]:
    """The inlined stylesheet (the maps' plus the site's) and the CSP that allows only it."""
    extra = files("plangraph").joinpath(SITE_CSS).read_text(encoding="utf-8")
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
    for t in list(found):
        if isinstance(t.object, ox.NamedNode):
            found += (ox.Triple(t.object, prop, lit) for prop in LABELS
                      for lit in g.objects(t.object, prop))
    return list(dict.fromkeys(found))


def alternates(triples: list[ox.Triple]) -> tuple[bytes, bytes]:
    """A resource's description as Turtle and as JSON-LD (compacted with the shipped context)."""
    turtle = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes())
    return turtle, jsonld.document(jsonld_context(), triples)


# --------------------------------------------------------------------------- pages


def _resource_page(g: Index, layout: Layout, node: ox.NamedNode) -> tuple[str, str]:
    folder = layout.page_dir(node).as_posix()
    linker = Linker(layout, f"{folder}/{INDEX_PAGE}")
    page = resource(g, linker, node)
    title = page["th"] or page["en"] or page["name"]
    alternates = [("text/turtle", TURTLE_FILE), ("application/ld+json", JSONLD_FILE)]
    return folder, render("resource.html", linker, title=title, r=page, alternates=alternates,
                          turtle=TURTLE_FILE, jsonld=JSONLD_FILE)


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
        k = kind(g, node)
        key = layout.qname(k) if k is not None else ""
        if key not in groups:
            th, en = labels(g, k) if k is not None else ("", "")
            groups[key] = {"name": key, "th": th, "en": en, "href": linker.href(k) if k else None,
                           "items": []}
        groups[key]["items"].append(ref(g, linker, node))
    return render("all.html", linker, title="ทรัพยากรทั้งหมด · All resources",
                  groups=[groups[k] for k in sorted(groups)])


def pages(g: Index, layout: Layout, out: Path) -> Iterator[tuple[str, str | bytes]]:
    """(path from the site root, content) of every file of the site."""
    nodes = instance_subjects(g, layout)
    layout.check_unique(nodes)
    yield INDEX_PAGE, _front_page(g, layout, out)
    yield ALL_PAGE, _all_page(g, layout)
    onto = Linker(layout, ONTOLOGY_PAGE)
    yield ONTOLOGY_PAGE, render("ontology.html", onto, title="plangraph ontology",
                                o=ontology_page(g, onto))
    unit_linker = Linker(layout, UNITS_PAGE)
    yield UNITS_PAGE, render("units.html", unit_linker, title="หน่วย · Units",
                             **units_page(g, unit_linker))
    for node in nodes:
        folder, text = _resource_page(g, layout, node)
        yield f"{folder}/{INDEX_PAGE}", text
        turtle, json_ld = alternates(description(g, node))
        yield f"{folder}/{TURTLE_FILE}", turtle
        yield f"{folder}/{JSONLD_FILE}", json_ld


def site_graph(source: Source | PublicData, base: str | None = None) -> tuple[Index, Layout]:
    """The published graph (instance IRIs moved to ``base``), indexed, and the site's layout."""
    bases = bases_for(base)
    g = public_data(source, bases).index
    return g, Layout(bases.instance, prefixes(), frozenset(u.value for u in units(g)))


def build_site(source: Source | PublicData, out_dir: Path | str | None = None, *,
               base: str | None = None) -> Path:
    """Write the whole site into ``out_dir`` (default ``build/site``), atomically."""
    out = Path(out_dir) if out_dir is not None else default_out_dir()
    g, layout = site_graph(source, base)
    with atomic_dir(out) as tmp:
        for rel, content in pages(g, layout, out):
            path = tmp / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
    return out
